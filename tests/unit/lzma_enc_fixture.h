/*
 * A range encoder for hand-made LZMA data, for the tests of unxz (inside
 * LZMA2 chunks) and unlzma (after a .lzma header).  Every bit it codes
 * uses a probability the decoder has not touched yet (one half): true for
 * the bits of a stream's first literal and first match, which is all it
 * makes.
 */
#ifndef TESTS_UNIT_LZMA_ENC_FIXTURE_H
#define TESTS_UNIT_LZMA_ENC_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

struct rc_enc {
    uint8_t out[64];
    size_t len;
    uint64_t low;
    uint32_t range;
    uint8_t cache;
    size_t pending; /* bytes held back for a carry: cache, then 0xFFs */
};

/* An encoder with nothing coded yet. */
void rc_enc_init(struct rc_enc *e);

/*
 * LZMA data (lc=3 lp=0 pb=2) for: the literal `literal` unless it is < 0,
 * then a match of length 2 whose distance is slot + 1 (slot 0-3), or the
 * end marker (slot 63); flushed, so e.out[0, e.len) is the whole stream.
 */
struct rc_enc rc_enc_literal_then_match(int literal, unsigned slot);

#endif
