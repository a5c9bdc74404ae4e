/*
 * The fake arch's address space: host pointers are guest addresses, and
 * the hypervisor's hole is placed elsewhere than on x86, so a core file
 * that hard-codes x86's limits fails a host test.
 */
#ifndef ASM_VA_LAYOUT_H
#define ASM_VA_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#define GUEST_VA_LOW_END    0x0000800000000000UL
#define GUEST_VA_HIGH_START 0xFFFF900000000000UL

#define GUEST_HYPERVISOR_START 0xFFFF800000000000UL

/* The fake's read-only M2P: elsewhere than x86's, and smaller. */
#define GUEST_M2P_VIRT_START 0xFFFF8A0000000000UL
#define GUEST_M2P_VIRT_END   0xFFFF8A0040000000UL
#define GUEST_M2P_ENTRIES    ((GUEST_M2P_VIRT_END - GUEST_M2P_VIRT_START) >> 3)

/* The fake's guest ABI name, so that x86's cannot be assumed. */
#define ARCH_GUEST_ABI "xen-3.0-fake"

/* Host tests never dereference it. */
#define ARCH_NEVER_MAPPED_VA 0xFFFF8F0000000000UL

static inline bool arch_va_canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

#endif
