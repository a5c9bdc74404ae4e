/*
 * The match copy of the LZ77 decoders that write whole bytes (inflate,
 * unlz4, unlzo, zstd): length bytes from distance back in the output.
 * Where source and destination overlap, the formats define the copy as
 * going byte by byte, which repeats the last distance bytes.
 *
 * Eight bytes move at a time when distance >= 8, since each chunk then
 * reads only bytes written before it; shorter distances go byte by byte.
 * Inline, not memcpy: most matches are short, and the bare-metal memcpy
 * (common/string.c) moves bytes one at a time unless both pointers are
 * 8-byte aligned.  lzma_dec.c has its own copy, which may write past the
 * match where the output has room: faster for LZMA's short matches.
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

    if (distance >= 8)
        for (; length >= 8; length -= 8, dst += 8, src += 8)
            memcpy(dst, src, 8);
    while (length--)
        *dst++ = *src++;
}

#endif
