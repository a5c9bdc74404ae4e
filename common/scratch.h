/*
 * The scratch area a caller lends a decompressor (common/decompress.h):
 * scratch_len bytes at any alignment.  Each decompressor keeps one struct
 * there, at the first address aligned for it, so it asks for the struct's
 * size plus the most padding that alignment can take.
 */
#ifndef COMMON_SCRATCH_H
#define COMMON_SCRATCH_H

#include <stddef.h>
#include <stdint.h>

#define SCRATCH_SIZE(type) (sizeof(type) + _Alignof(type) - 1)

/* Where a type goes in scratch; NULL if scratch is NULL or shorter than SCRATCH_SIZE(type). */
#define SCRATCH_PLACE(type, scratch, scratch_len) \
    ((type *)scratch_place(scratch, scratch_len, sizeof(type), _Alignof(type)))

static inline void *scratch_place(void *scratch, size_t scratch_len, size_t size, size_t align)
{
    if (!scratch || scratch_len < size + align - 1)
        return NULL;
    return (void *)(((uintptr_t)scratch + align - 1) & ~(uintptr_t)(align - 1));
}

#endif
