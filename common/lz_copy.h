/*
 * The match copy of the LZ77 decoders that write whole bytes (inflate,
 * unlz4, unlzo, zstd): length bytes from distance back in the output.
 * Where source and destination overlap, the formats define the copy as
 * going byte by byte, which repeats the last distance bytes; each memcpy
 * here copies only bytes already written, so the repeated pattern doubles
 * with each pass.  lzma_dec.c has its own copy, tuned for LZMA's short
 * matches.
 *
 * The caller has checked that 1 <= distance <= the bytes written before
 * dst, and that length bytes fit after it.
 */
#ifndef COMMON_LZ_COPY_H
#define COMMON_LZ_COPY_H

#include <stddef.h>
#include <stdint.h>

#include "common/string.h"

static inline void lz_copy_match(uint8_t *dst, size_t distance, size_t length)
{
    const uint8_t *src = dst - distance;

    while (length) {
        size_t chunk = (size_t)(dst - src) < length ? (size_t)(dst - src) : length;

        memcpy(dst, src, chunk);
        dst += chunk;
        length -= chunk;
    }
}

#endif
