/* The range encoder of lzma_enc_fixture.h: the LZMA range coder run forwards. */
#include <string.h>

#include "tests/unit/lzma_enc_fixture.h"

void rc_enc_init(struct rc_enc *e)
{
    memset(e, 0, sizeof(*e));
    e->range = 0xFFFFFFFFu;
    e->pending = 1;
}

static void enc_shift(struct rc_enc *e)
{
    if ((uint32_t)e->low < 0xFF000000u || (e->low >> 32) != 0) {
        uint8_t carry = (uint8_t)(e->low >> 32);
        uint8_t b = e->cache;

        for (; e->pending; e->pending--) {
            e->out[e->len++] = (uint8_t)(b + carry);
            b = 0xFF;
        }
        e->cache = (uint8_t)(e->low >> 24);
    }
    e->pending++;
    e->low = (e->low & 0x00FFFFFFu) << 8;
}

/* Bits of probability exactly one half, as the decoder's direct bits. */
static void enc_direct(struct rc_enc *e, uint32_t value, unsigned nbits)
{
    while (nbits--) {
        e->range >>= 1;
        if ((value >> nbits) & 1)
            e->low += e->range;
        while (e->range < (1u << 24)) {
            e->range <<= 8;
            enc_shift(e);
        }
    }
}

static void enc_bits(struct rc_enc *e, uint32_t value, unsigned nbits)
{
    while (nbits--) {
        uint32_t bound = (e->range >> 11) * 1024;

        if ((value >> nbits) & 1) {
            e->low += bound;
            e->range -= bound;
        } else {
            e->range = bound;
        }
        while (e->range < (1u << 24)) {
            e->range <<= 8;
            enc_shift(e);
        }
    }
}

struct rc_enc rc_enc_literal_then_match(int literal, unsigned slot)
{
    struct rc_enc e;

    rc_enc_init(&e);
    if (literal >= 0) {
        enc_bits(&e, 0, 1); /* is_match 0 */
        enc_bits(&e, (uint32_t)literal, 8);
    }
    enc_bits(&e, 2, 2); /* is_match 1, is_rep 0 */
    enc_bits(&e, 0, 4); /* length choice 0, low tree 0: length 2 */
    enc_bits(&e, slot, 6);
    if (slot == 63) {
        enc_direct(&e, (1u << 26) - 1, 26);
        enc_bits(&e, 0xf, 4); /* the align bits: distance 0xFFFFFFFF, the end marker */
    }
    for (int i = 0; i < 5; i++)
        enc_shift(&e);
    return e;
}
