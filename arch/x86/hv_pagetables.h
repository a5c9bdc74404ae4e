/* The hypervisor's own page tables (arch/x86/hv_pagetables.c). */
#ifndef ARCH_X86_HV_PAGETABLES_H
#define ARCH_X86_HV_PAGETABLES_H

#include "xen/arch/mm.h"

void mm_drop_identity_map(void);

/* The hypervisor's own L4 (no guest in it), for an idle CPU's CR3. */
paddr_t mm_idle_l4_paddr(void);

#endif
