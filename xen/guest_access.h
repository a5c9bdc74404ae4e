/*
 * The only way the hypervisor touches guest memory: through the current
 * vCPU's page tables, with every fault caught.  Addresses in the
 * hypervisor's range or not canonical are refused before any access.
 */
#ifndef XEN_GUEST_ACCESS_H
#define XEN_GUEST_ACCESS_H

#include "xen/arch/mm.h"
#include "xen/lib.h"

/* 0, or -EFAULT if any byte of the guest range is not accessible. */
int copy_from_guest(void *dst, uint64_t guest_va, size_t len);
int copy_to_guest(uint64_t guest_va, const void *src, size_t len);

/* Does va lie in the guest's part of the address space (Xen's __addr_ok)? */
static inline bool guest_addr_ok(uint64_t va)
{
    return va < GUEST_VA_LOW_END || va >= GUEST_VA_HIGH_START;
}

/* Is [va, va + len) wholly in the guest's part of the address space? */
static inline bool guest_range_ok(uint64_t va, size_t len)
{
    uint64_t end = va + len;

    if (end < va)
        return false;
    return end <= GUEST_VA_LOW_END || va >= GUEST_VA_HIGH_START;
}

/*
 * Xen's array_access_ok, as hypercalls taking guest arrays check them up
 * front: count * size does not overflow and the array starts in guest space.
 */
static inline bool guest_array_ok(uint64_t va, uint64_t count, size_t size)
{
    return count < ~0UL / size && guest_addr_ok(va);
}

#endif
