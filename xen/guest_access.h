/*
 * The only way the hypervisor touches guest memory: through the current
 * vCPU's page tables, with every fault caught.  Addresses in the
 * hypervisor's range or not canonical are refused before any access.
 */
#ifndef XEN_GUEST_ACCESS_H
#define XEN_GUEST_ACCESS_H

#include "xen/lib.h"

/* 0, or -EFAULT if any byte of the guest range is not accessible. */
int copy_from_guest(void *dst, uint64_t guest_va, size_t len);
int copy_to_guest(uint64_t guest_va, const void *src, size_t len);

/* Is [va, va + len) a guest range (canonical, outside the hypervisor's)? */
static inline bool guest_range_ok(uint64_t va, size_t len)
{
    uint64_t end = va + len;

    if (end < va)
        return false;
    /* Lower canonical half, or the upper half above the hypervisor slots. */
    if (end <= 0x0000800000000000UL)
        return true;
    return va >= 0xFFFF880000000000UL;
}

#endif
