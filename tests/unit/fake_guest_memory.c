/*
 * Guest memory on the host: a test registers host buffers as "guest
 * memory"; copy_from_guest/copy_to_guest work on those and fail with
 * -EFAULT for anything else, as the real ones do for unmapped addresses.
 */
#include <stdint.h>

#include "tests/unit/fake_guest_memory.h"
#include "xen/guest_access.h"

#define MAX_REGIONS 16

static struct {
    uintptr_t start, end;
} regions[MAX_REGIONS];
static unsigned nr_regions;

void fake_guest_memory_add(void *start, size_t len)
{
    regions[nr_regions++] = (typeof(regions[0])){ (uintptr_t)start, (uintptr_t)start + len };
}

void fake_guest_memory_reset(void)
{
    nr_regions = 0;
}

static bool accessible(uint64_t va, size_t len)
{
    for (unsigned i = 0; i < nr_regions; i++)
        if (va >= regions[i].start && va + len <= regions[i].end && va + len >= va)
            return true;
    return false;
}

int copy_from_guest(void *dst, uint64_t guest_va, size_t len)
{
    if (!accessible(guest_va, len))
        return -EFAULT;
    memcpy(dst, (const void *)guest_va, len);
    return 0;
}

int copy_to_guest(uint64_t guest_va, const void *src, size_t len)
{
    if (!accessible(guest_va, len))
        return -EFAULT;
    memcpy((void *)guest_va, src, len);
    return 0;
}
