/* copy_from_guest / copy_to_guest (xen/guest_access.h) on x86. */
#include "arch/x86/asm_linkage.h"
#include "xen/guest_access.h"

int copy_from_guest(void *dst, uint64_t guest_va, size_t len)
{
    if (!guest_range_ok(guest_va, len))
        return -EFAULT;
    return raw_copy(dst, (const void *)guest_va, len);
}

int copy_to_guest(uint64_t guest_va, const void *src, size_t len)
{
    if (!guest_range_ok(guest_va, len))
        return -EFAULT;
    return raw_copy((void *)guest_va, src, len);
}
