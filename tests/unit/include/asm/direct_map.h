/* The fake arch's direct map is its fake RAM, bounds-checked (tests/unit/fake_arch.c). */
#ifndef ASM_DIRECT_MAP_H
#define ASM_DIRECT_MAP_H

#include "xen/lib.h"

void *arch_mfn_to_virt(mfn_t mfn);

#endif
