#ifndef ARCH_X86_MM_H
#define ARCH_X86_MM_H

#include "xen/arch.h"

void mm_drop_identity_map(void);
paddr_t idle_l4_paddr(void);

#endif
