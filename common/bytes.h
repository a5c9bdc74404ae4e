/* Little-endian fields at any alignment, in parsed images and boot data. */
#ifndef COMMON_BYTES_H
#define COMMON_BYTES_H

#include <stdint.h>

#include "common/string.h"

static inline uint32_t read_u32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

static inline uint64_t read_u64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

#endif
