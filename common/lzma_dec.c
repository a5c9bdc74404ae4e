/*
 * LZMA decoding: the range decoder, the probability model and the
 * literal / match / rep symbols, writing into a flat output buffer.
 *
 * Invariants:
 *  - out[dict_start, pos) is the dictionary; every match distance is
 *    checked against pos - dict_start before a byte is copied.
 *  - state >= LIT_STATES (the last symbol was a match) implies
 *    rep[0] < pos - dict_start, so the matched-literal byte is in range:
 *    a match only completes after its distance passed that check, and a
 *    dictionary reset sets state and distances back to 0.
 *  - The range decoder never reads in[in_len] or beyond: it feeds zeros
 *    and lets in_pos run past in_len, which lzma_dec_run() checks once per
 *    symbol, so a truncated stream costs at most one symbol of garbage.
 *  - pos only grows; lzma_dec_run() writes nothing at or past its limit
 *    (a match copied eight bytes at a time may overshoot pos, not limit).
 *
 * lzma_dec_run() works on a local copy of the decoder so gcc can keep the
 * range coder and positions in registers; the helpers it calls are forced
 * inline for the same reason.
 */
#include "common/errno.h"
#include "common/lzma_dec.h"
#include "common/string.h"

#define PROB_BITS  11 /* probabilities are P(bit == 0) in 1/2048ths */
#define PROB_INIT  (1u << (PROB_BITS - 1))
#define PROB_SHIFT 5 /* adaptation speed */
#define RC_TOP     (1u << 24)

#define MATCH_LEN_MIN   2
#define END_MARKER_DIST 0xFFFFFFFFu
#define LIT_STATES      7 /* states 0-6 follow a literal */
#define SHORT_REP_LEN   1 /* what decode_match() returns for a one-byte rep0 */

#define ALWAYS_INLINE static inline __attribute__((always_inline))

ALWAYS_INLINE void rc_normalize(struct lzma_dec *d)
{
    if (d->range < RC_TOP) {
        uint32_t next = d->in_pos < d->in_len ? d->in[d->in_pos] : 0;

        d->in_pos++;
        d->range <<= 8;
        d->code = (d->code << 8) | next;
    }
}

/* One bit coded with an adaptive probability. */
ALWAYS_INLINE unsigned rc_bit(struct lzma_dec *d, uint16_t *prob)
{
    uint32_t bound;

    rc_normalize(d);
    bound = (d->range >> PROB_BITS) * *prob;
    if (d->code < bound) {
        d->range = bound;
        *prob += ((1u << PROB_BITS) - *prob) >> PROB_SHIFT;
        return 0;
    }
    d->range -= bound;
    d->code -= bound;
    *prob -= *prob >> PROB_SHIFT;
    return 1;
}

/* nbits bits, most significant first, through a tree of probs[1 .. 2^nbits). */
ALWAYS_INLINE unsigned rc_tree(struct lzma_dec *d, uint16_t *probs, unsigned nbits)
{
    unsigned sym = 1;

    while (sym < (1u << nbits))
        sym = (sym << 1) | rc_bit(d, &probs[sym]);
    return sym - (1u << nbits);
}

/* The same tree walked least significant bit first. */
ALWAYS_INLINE unsigned rc_reverse_tree(struct lzma_dec *d, uint16_t *probs, unsigned nbits)
{
    unsigned node = 1;
    unsigned sym = 0;

    for (unsigned i = 0; i < nbits; i++) {
        unsigned bit = rc_bit(d, &probs[node]);

        node = (node << 1) | bit;
        sym |= bit << i;
    }
    return sym;
}

/* nbits (1-26) bits of probability one half, most significant first. */
ALWAYS_INLINE uint32_t rc_direct(struct lzma_dec *d, unsigned nbits)
{
    uint32_t v = 0;

    do {
        uint32_t bit;

        rc_normalize(d);
        d->range >>= 1;
        bit = d->code >= d->range;
        d->code -= d->range & (0u - bit);
        v = (v << 1) | bit;
    } while (--nbits);
    return v;
}

ALWAYS_INLINE void decode_literal(struct lzma_dec *d)
{
    size_t rel = d->pos - d->dict_start;
    unsigned prev = rel ? d->out[d->pos - 1] : 0;
    unsigned ctx = ((rel & d->lp_mask) << d->lc) + (prev >> (8 - d->lc));
    uint16_t *probs = &d->probs->literal[0x300 * ctx];
    unsigned sym = 1;

    /* After a match, the byte at rep0 steers the probabilities until the first mismatch. */
    if (d->state >= LIT_STATES) {
        unsigned match = d->out[d->pos - d->rep[0] - 1];

        do {
            unsigned match_bit = (match >> 7) & 1;
            unsigned bit;

            match <<= 1;
            bit = rc_bit(d, &probs[0x100 + (match_bit << 8) + sym]);
            sym = (sym << 1) | bit;
            if (bit != match_bit)
                break;
        } while (sym < 0x100);
    }
    while (sym < 0x100)
        sym = (sym << 1) | rc_bit(d, &probs[sym]);

    d->out[d->pos++] = (uint8_t)sym;
    d->state = d->state < 4 ? 0 : d->state < 10 ? d->state - 3 : d->state - 6;
}

ALWAYS_INLINE unsigned decode_len(struct lzma_dec *d, struct lzma_len_probs *p, unsigned pos_state)
{
    if (!rc_bit(d, &p->choice))
        return MATCH_LEN_MIN + rc_tree(d, p->low[pos_state], 3);
    if (!rc_bit(d, &p->choice2))
        return MATCH_LEN_MIN + 8 + rc_tree(d, p->mid[pos_state], 3);
    return MATCH_LEN_MIN + 16 + rc_tree(d, p->high, 8);
}

/* A new distance (minus one): a 6-bit slot, then its low bits. */
ALWAYS_INLINE uint32_t decode_distance(struct lzma_dec *d, unsigned len)
{
    unsigned len_state = len - MATCH_LEN_MIN < 3 ? len - MATCH_LEN_MIN : 3;
    unsigned slot = rc_tree(d, d->probs->dist_slot[len_state], 6);
    unsigned nbits;
    uint32_t dist;

    if (slot < 4)
        return slot;
    nbits = (slot >> 1) - 1;
    dist = (2u | (slot & 1)) << nbits;
    if (slot < 14)
        return dist + rc_reverse_tree(d, &d->probs->dist_special[dist - slot], nbits);
    dist += rc_direct(d, nbits - 4) << 4;
    return dist + rc_reverse_tree(d, d->probs->dist_align, 4);
}

/*
 * After an is_match 1 bit: decode a match or rep, leaving its distance in
 * rep[0].  Returns its length, SHORT_REP_LEN for a one-byte rep0, or 0 for
 * the end marker.
 */
ALWAYS_INLINE unsigned decode_match(struct lzma_dec *d, unsigned pos_state)
{
    struct lzma_probs *p = d->probs;
    unsigned st = d->state;
    uint32_t dist;

    if (!rc_bit(d, &p->is_rep[st])) {
        unsigned len = decode_len(d, &p->match_len, pos_state);

        d->rep[3] = d->rep[2];
        d->rep[2] = d->rep[1];
        d->rep[1] = d->rep[0];
        d->rep[0] = decode_distance(d, len);
        d->state = st < LIT_STATES ? 7 : 10;
        return d->rep[0] == END_MARKER_DIST ? 0 : len;
    }
    if (!rc_bit(d, &p->is_rep0[st])) {
        if (!rc_bit(d, &p->is_rep0_long[st][pos_state])) {
            d->state = st < LIT_STATES ? 9 : 11;
            return SHORT_REP_LEN;
        }
    } else {
        if (!rc_bit(d, &p->is_rep1[st])) {
            dist = d->rep[1];
        } else {
            if (!rc_bit(d, &p->is_rep2[st])) {
                dist = d->rep[2];
            } else {
                dist = d->rep[3];
                d->rep[3] = d->rep[2];
            }
            d->rep[2] = d->rep[1];
        }
        d->rep[1] = d->rep[0];
        d->rep[0] = dist;
    }
    d->state = st < LIT_STATES ? 8 : 11;
    return decode_len(d, &p->rep_len, pos_state);
}

ALWAYS_INLINE int copy_match(struct lzma_dec *d, unsigned len, size_t limit)
{
    uint32_t dist = d->rep[0];
    uint8_t *dst = d->out + d->pos;
    const uint8_t *src;

    if (dist >= d->pos - d->dict_start)
        return -EINVAL;
    if (len > limit - d->pos)
        return -ENOSPC;
    src = dst - dist - 1;
    d->pos += len;
    /* Eight bytes at a time when they never overlap and the overshoot stays below limit. */
    if (dist >= 7 && limit - d->pos >= 8) {
        for (size_t n = 0; n < len; n += 8)
            memcpy(dst + n, src + n, 8);
        return 0;
    }
    do {
        *dst++ = *src++;
    } while (--len);
    return 0;
}

int lzma_dec_run(struct lzma_dec *dec, size_t limit)
{
    struct lzma_dec d = *dec;
    int ret = LZMA_DEC_AT_LIMIT;

    while (d.pos < limit) {
        unsigned pos_state = (d.pos - d.dict_start) & d.pb_mask;
        unsigned len;

        if (d.in_pos > d.in_len) {
            ret = -EINVAL;
            break;
        }
        if (!rc_bit(&d, &d.probs->is_match[d.state][pos_state])) {
            decode_literal(&d);
            continue;
        }
        len = decode_match(&d, pos_state);
        if (len == 0) {
            ret = LZMA_DEC_END_MARKER;
            break;
        }
        ret = copy_match(&d, len, limit);
        if (ret < 0)
            break;
    }
    if (ret >= 0 && d.in_pos > d.in_len)
        ret = -EINVAL;
    *dec = d;
    return ret;
}

int lzma_dec_end_marker(struct lzma_dec *d)
{
    unsigned pos_state = (d->pos - d->dict_start) & d->pb_mask;

    if (!rc_bit(d, &d->probs->is_match[d->state][pos_state]))
        return -EINVAL;
    if (decode_match(d, pos_state) != 0 || d->in_pos > d->in_len)
        return -EINVAL;
    return 0;
}

void lzma_dec_init(struct lzma_dec *d, uint8_t *out, struct lzma_probs *probs)
{
    memset(d, 0, sizeof(*d));
    d->out = out;
    d->probs = probs;
}

int lzma_dec_set_props(struct lzma_dec *d, uint8_t props)
{
    unsigned lc, lp, pb;

    if (props >= 9 * 5 * 5)
        return -EINVAL;
    lc = props % 9;
    lp = (props / 9) % 5;
    pb = props / 45;
    if (lc + lp > LZMA_LCLP_MAX)
        return -EOPNOTSUPP;
    d->lc = lc;
    d->lp = lp;
    d->lp_mask = (1u << lp) - 1;
    d->pb_mask = (1u << pb) - 1;
    return 0;
}

void lzma_dec_reset_state(struct lzma_dec *d)
{
    size_t n = offsetof(struct lzma_probs, literal) / sizeof(uint16_t) +
               ((size_t)0x300 << (d->lc + d->lp));
    uint16_t *p = (uint16_t *)d->probs;

    for (size_t i = 0; i < n; i++)
        p[i] = PROB_INIT;
    d->state = 0;
    memset(d->rep, 0, sizeof(d->rep));
}

void lzma_dec_reset_dict(struct lzma_dec *d)
{
    d->dict_start = d->pos;
    d->state = 0;
    memset(d->rep, 0, sizeof(d->rep));
}

int lzma_dec_rc_init(struct lzma_dec *d, const uint8_t *in, size_t len)
{
    if (len < 5 || in[0] != 0)
        return -EINVAL;
    d->in = in;
    d->in_len = len;
    d->in_pos = 5;
    d->range = 0xFFFFFFFFu;
    d->code = (uint32_t)in[1] << 24 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 8 | in[4];
    return 0;
}

bool lzma_dec_rc_finished(struct lzma_dec *d)
{
    rc_normalize(d);
    return d->code == 0 && d->in_pos <= d->in_len;
}

void lzma_dec_append(struct lzma_dec *d, const uint8_t *src, size_t n)
{
    memcpy(d->out + d->pos, src, n);
    d->pos += n;
}
