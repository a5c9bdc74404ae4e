/*
 * The LZMA decoder core shared by the .xz (LZMA2) and .lzma containers.
 *
 * The decoder writes into one flat output buffer that is also its
 * dictionary: a match copies from bytes already written since the last
 * dictionary reset, and every distance is checked against that.  The
 * probability model lives in caller-provided memory (struct lzma_probs);
 * the rest of the state is this small struct.
 *
 * A container drives it in pieces: set the properties, reset the state,
 * point the range decoder at some compressed bytes, and run it up to an
 * output limit.  LZMA2 does this once per chunk, keeping the state and the
 * dictionary across chunks when the chunk header says so; .lzma does it
 * once for the whole stream.
 */
#ifndef COMMON_LZMA_DEC_H
#define COMMON_LZMA_DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* LZMA2 requires lc + lp <= 4; we hold .lzma to the same limit, as xz does. */
#define LZMA_LCLP_MAX 4

#define LZMA_STATES     12
#define LZMA_POS_STATES 16 /* 1 << the largest pb (4) */

/* One length coder: lengths 2-9, 10-17 and 18-273 in three trees. */
struct lzma_len_probs {
    uint16_t choice;
    uint16_t choice2;
    uint16_t low[LZMA_POS_STATES][8];
    uint16_t mid[LZMA_POS_STATES][8];
    uint16_t high[256];
};

/* The adaptive bit probabilities: 11-bit, all uint16_t, no padding. */
struct lzma_probs {
    uint16_t is_match[LZMA_STATES][LZMA_POS_STATES];
    uint16_t is_rep[LZMA_STATES];
    uint16_t is_rep0[LZMA_STATES];
    uint16_t is_rep1[LZMA_STATES];
    uint16_t is_rep2[LZMA_STATES];
    uint16_t is_rep0_long[LZMA_STATES][LZMA_POS_STATES];
    uint16_t dist_slot[4][64];
    uint16_t dist_special[115]; /* reverse trees of slots 4-13; [0] unused */
    uint16_t dist_align[16];
    struct lzma_len_probs match_len;
    struct lzma_len_probs rep_len;
    uint16_t literal[0x300 << LZMA_LCLP_MAX];
};

struct lzma_dec {
    /* Output and dictionary: out[dict_start, pos) may be copied from. */
    uint8_t *out;
    size_t pos;
    size_t dict_start;

    /*
     * Range decoder over in[0, in_len).  Reads past the end feed zeros and
     * still advance in_pos, so in_pos > in_len means the input ran out.
     */
    const uint8_t *in;
    size_t in_pos;
    size_t in_len;
    uint32_t range;
    uint32_t code;

    /* Model: state 0-6 after a literal, 7-11 after a match. */
    uint32_t state;
    uint32_t rep[4]; /* the last four distances, minus one */
    unsigned lc, lp;
    unsigned lp_mask, pb_mask; /* (1 << lp) - 1, (1 << pb) - 1 */
    struct lzma_probs *probs;
};

/* How lzma_dec_run() stopped when it did not fail. */
enum lzma_dec_stop {
    LZMA_DEC_AT_LIMIT,   /* pos reached the limit */
    LZMA_DEC_END_MARKER, /* the stream's end-of-payload marker */
};

/* Start decoding into out[]; properties and state still need setting. */
void lzma_dec_init(struct lzma_dec *d, uint8_t *out, struct lzma_probs *probs);

/*
 * Take lc/lp/pb from a properties byte ((pb * 5 + lp) * 9 + lc).
 * -EINVAL if it is out of range, -EOPNOTSUPP if lc + lp > LZMA_LCLP_MAX.
 */
int lzma_dec_set_props(struct lzma_dec *d, uint8_t props);

/* Forget the model: fresh probabilities, state 0, distances 0. */
void lzma_dec_reset_state(struct lzma_dec *d);

/* Start a new dictionary at pos (nothing before it may be copied). */
void lzma_dec_reset_dict(struct lzma_dec *d);

/* Start the range decoder on in[0, len): -EINVAL if its 5-byte header is bad. */
int lzma_dec_rc_init(struct lzma_dec *d, const uint8_t *in, size_t len);

/*
 * Decode until pos == limit or an end marker.  Returns an lzma_dec_stop,
 * -EINVAL for corrupt or exhausted input, or -ENOSPC if a match would run
 * past limit (only the caller knows whether that means a short buffer).
 */
int lzma_dec_run(struct lzma_dec *d, size_t limit);

/* Decode one symbol that must be the end marker: 0 or -EINVAL. */
int lzma_dec_end_marker(struct lzma_dec *d);

/*
 * True if the range decoder ended cleanly: code 0 after the last
 * normalisation, and no read past the end (it may stop short of in_len).
 */
bool lzma_dec_rc_finished(struct lzma_dec *d);

/* Append n stored bytes (an LZMA2 uncompressed chunk); the caller checks room. */
void lzma_dec_append(struct lzma_dec *d, const uint8_t *src, size_t n);

#endif
