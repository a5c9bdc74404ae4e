#ifndef ARCH_X86_MM_H
#define ARCH_X86_MM_H

#include "xen/arch.h"

void mm_drop_identity_map(void);

/* The hypervisor's own L4 (no guest in it), for an idle CPU's CR3. */
paddr_t mm_idle_l4_paddr(void);

#endif
