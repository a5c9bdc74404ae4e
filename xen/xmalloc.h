/* The hypervisor heap: small objects for the hypervisor's own structures. */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include "xen/lib.h"

void *xmalloc(size_t size); /* zeroed, 16-byte aligned; NULL if out of memory */
void xfree(void *ptr);      /* NULL is fine */

#define xmalloc_obj(type) ((type *)xmalloc(sizeof(type)))

#endif
