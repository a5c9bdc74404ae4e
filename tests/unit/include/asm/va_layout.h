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

/* Host tests never dereference it. */
#define ARCH_NEVER_MAPPED_VA 0xFFFF8F0000000000UL

static inline bool arch_va_canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

#endif
