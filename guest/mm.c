/*
 * Start-of-day memory helpers.
 */
#include "guest/mm.h"
#include "guest/traps.h"

uint64_t mapped_end(uint64_t va, uint64_t limit)
{
    uint64_t start = va & ~(PAGE_SIZE - 1), value;

    for (uint64_t p = start; p < start + limit; p += PAGE_SIZE)
        if (!probe_read((const void *)p, &value))
            return p;
    return start + limit;
}
