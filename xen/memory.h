/* memory_op (xen/memory.c): what the rest of the hypervisor calls. */
#ifndef XEN_MEMORY_H
#define XEN_MEMORY_H

#include "xen/domain.h"

/* Free what memory_op kept for d (its pseudo-physical memory map). */
void memory_domain_destroy(struct domain *d);

#endif
