/*
 * The guest's part of the x86-64 virtual address space: the lower
 * canonical half, and the upper half above the hypervisor's L4 slots
 * 256-271 (HYPERVISOR_VIRT_START..HYPERVISOR_VIRT_END in public/arch-x86_64.h).
 */
#ifndef ASM_VA_LAYOUT_H
#define ASM_VA_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "public/arch-x86_64.h"

#define GUEST_VA_LOW_END    0x0000800000000000UL /* end of the lower canonical half */
#define GUEST_VA_HIGH_START 0xFFFF880000000000UL /* HYPERVISOR_VIRT_END */

/* Where the hypervisor's range starts, as XENVER_platform_parameters reports it. */
#define GUEST_HYPERVISOR_START HYPERVISOR_VIRT_START

/* The read-only M2P every guest sees (XENMEM_machphys_mapping). */
#define GUEST_M2P_VIRT_START MACH2PHYS_VIRT_START
#define GUEST_M2P_VIRT_END   MACH2PHYS_VIRT_END
#define GUEST_M2P_ENTRIES    MACH2PHYS_NR_ENTRIES

/* The guest ABI's name: start_info.magic and XENVER_capabilities. */
#define ARCH_GUEST_ABI "xen-3.0-x86_64"

/* An address no page table ever maps (the self-test's deliberate fault). */
#define ARCH_NEVER_MAPPED_VA 0xFFFF87F000000000UL

/* Is va canonical (bits 63-47 all equal)? */
static inline bool arch_va_canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

#endif
