/*
 * The direct map's forward direction, inline: every RAM frame at
 * DIRECTMAP_VIRT_START + its physical address (xen/arch/mm.h).
 */
#ifndef ASM_DIRECT_MAP_H
#define ASM_DIRECT_MAP_H

#include "arch/x86/include/layout.h"
#include "xen/lib.h"

static inline void *arch_mfn_to_virt(mfn_t mfn)
{
    return (void *)(DIRECTMAP_VIRT_START + (mfn << PAGE_SHIFT));
}

#endif
