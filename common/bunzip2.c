/*
 * bunzip2: the .bz2 format, one or more concatenated streams in one call.
 *
 * A stream is "BZh" and a level digit '1'..'9', then blocks, then an
 * end-of-stream record.  A block is a 48-bit magic, the CRC of its output,
 * a randomised flag, the origin pointer of its Burrows-Wheeler transform,
 * and the transformed bytes coded as move-to-front indices with zero runs
 * (RLE2) under up to six Huffman tables chosen every 50 symbols.  Undoing
 * the BWT gives bytes in which four equal bytes are followed by a count of
 * further repeats (RLE1).  The end record is a 48-bit magic and the CRC
 * combining all block CRCs.  Bits are read most significant first.
 *
 * Invariants: the scratch area holds struct bz_state.  Its tt[] array is the
 * block being decoded: the low byte of tt[i] is the i-th BWT byte and, once
 * the links are built, the upper 24 bits are an index < nblock, so the
 * inverse walk never leaves the block.  nblock never exceeds the stream's
 * level * 100 000.
 *
 * Refused: randomised blocks (-EOPNOTSUPP); only bzip2 before 0.9.5 wrote
 * them.  After a complete stream, bytes that do not begin with "BZh" are
 * ignored, because the Linux build appends the decompressed size.
 */
#include <stdbool.h>
#include <stdint.h>

#include "common/decompress.h"
#include "common/errno.h"
#include "common/scratch.h"
#include "common/string.h"

#define BZ_MAX_BLOCK     900000
#define BZ_MAX_GROUPS    6
#define BZ_MIN_GROUPS    2
#define BZ_GROUP_SIZE    50 /* symbols coded with one table before the next selector */
#define BZ_MAX_SELECTORS (2 + BZ_MAX_BLOCK / BZ_GROUP_SIZE)
#define BZ_MAX_ALPHA     258 /* RUNA, RUNB, 255 MTF indices, end of block */
#define BZ_MAX_CODE_LEN  20
#define BZ_RUNA          0
#define BZ_RUNB          1
#define BZ_BLOCK_MAGIC   0x314159265359ull /* pi */
#define BZ_END_MAGIC     0x177245385090ull /* sqrt(pi) */
#define BZ_CRC_POLY      0x04c11db7u

/* A canonical Huffman code: the codes of length L are first[L]..limit[L]-1. */
struct bz_huffman {
    uint32_t first[BZ_MAX_CODE_LEN + 1];
    uint32_t limit[BZ_MAX_CODE_LEN + 1];
    uint16_t offset[BZ_MAX_CODE_LEN + 1]; /* index in symbols[] of first[L] */
    uint16_t symbols[BZ_MAX_ALPHA];       /* sorted by code length, then value */
};

struct bz_state {
    uint32_t crc_table[256];
    struct bz_huffman tables[BZ_MAX_GROUPS];
    uint8_t code_len[BZ_MAX_ALPHA];
    uint8_t selectors[BZ_MAX_SELECTORS];
    uint8_t used_bytes[256]; /* the block's byte values in increasing order */
    uint32_t counts[256];    /* occurrences of each byte value in the block */
    uint32_t tt[BZ_MAX_BLOCK];
};

struct bz_bits {
    const uint8_t *in;
    size_t len;
    size_t pos;      /* next byte to load into window */
    uint64_t window; /* unread bits from bit 63 down; bits past count are 0 */
    unsigned count;
    bool truncated; /* a read went past the end of input */
};

struct bz_out {
    uint8_t *buf;
    size_t cap;
    size_t len;
};

/* What bz_decode_symbols() needs to know about the block being decoded. */
struct bz_block {
    uint32_t max_len; /* level * 100 000 */
    uint32_t nblock;  /* bytes in tt[] */
    uint32_t nselectors;
    unsigned nused; /* entries in used_bytes[] */
    unsigned ngroups;
};

static void bits_refill(struct bz_bits *br)
{
    while (br->count <= 56 && br->pos < br->len) {
        br->window |= (uint64_t)br->in[br->pos++] << (56 - br->count);
        br->count += 8;
    }
}

/* The next n (1..32) bits; past the end of input reads zeros and marks the reader. */
static uint32_t bits_get(struct bz_bits *br, unsigned n)
{
    uint32_t value;

    if (br->count < n) {
        bits_refill(br);
        if (br->count < n) {
            br->truncated = true;
            br->count = n;
        }
    }
    value = (uint32_t)(br->window >> (64 - n));
    br->window <<= n;
    br->count -= n;
    return value;
}

static uint64_t bits_get48(struct bz_bits *br)
{
    uint64_t high = bits_get(br, 24);

    return high << 24 | bits_get(br, 24);
}

/* Offset of the first whole byte not yet read, after dropping padding bits. */
static size_t bits_byte_offset(const struct bz_bits *br)
{
    return br->pos - br->count / 8;
}

static void crc_init(uint32_t *table)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i << 24;

        for (int bit = 0; bit < 8; bit++)
            c = (c & 0x80000000u) ? (c << 1) ^ BZ_CRC_POLY : c << 1;
        table[i] = c;
    }
}

/* Fill a table from code_len[0..alpha); -EINVAL if the lengths over-subscribe the code space. */
static int huffman_build(struct bz_huffman *h, const uint8_t *code_len, unsigned alpha)
{
    unsigned count[BZ_MAX_CODE_LEN + 1] = { 0 };
    uint16_t next[BZ_MAX_CODE_LEN + 1];
    uint32_t code = 0;
    unsigned index = 0;

    for (unsigned s = 0; s < alpha; s++)
        count[code_len[s]]++;
    for (unsigned len = 1; len <= BZ_MAX_CODE_LEN; len++) {
        h->first[len] = code;
        h->offset[len] = (uint16_t)index;
        next[len] = (uint16_t)index;
        code += count[len];
        index += count[len];
        h->limit[len] = code;
        if (code > (1u << len))
            return -EINVAL;
        code <<= 1;
    }
    for (unsigned s = 0; s < alpha; s++)
        h->symbols[next[code_len[s]]++] = (uint16_t)s;
    return 0;
}

/* The next symbol under h, or -1 for a code the table does not hold or truncated input. */
static int huffman_decode(const struct bz_huffman *h, struct bz_bits *br)
{
    uint32_t peek;

    bits_refill(br);
    peek = (uint32_t)(br->window >> (64 - BZ_MAX_CODE_LEN));
    for (unsigned len = 1; len <= BZ_MAX_CODE_LEN; len++) {
        uint32_t code = peek >> (BZ_MAX_CODE_LEN - len);

        if (code < h->limit[len]) {
            if (len > br->count)
                return -1;
            br->window <<= len;
            br->count -= len;
            return h->symbols[h->offset[len] + code - h->first[len]];
        }
    }
    return -1;
}

/* Which byte values occur in the block: 16 bits of ranges, then 16 bits per used range. */
static int bz_read_used_bytes(struct bz_state *st, struct bz_bits *br, struct bz_block *blk)
{
    uint32_t ranges = bits_get(br, 16);

    blk->nused = 0;
    for (unsigned r = 0; r < 16; r++) {
        uint32_t bytes;

        if (!(ranges & (0x8000u >> r)))
            continue;
        bytes = bits_get(br, 16);
        for (unsigned b = 0; b < 16; b++)
            if (bytes & (0x8000u >> b))
                st->used_bytes[blk->nused++] = (uint8_t)(r * 16 + b);
    }
    return blk->nused == 0 || br->truncated ? -EINVAL : 0;
}

/* Table numbers for each group of 50 symbols, move-to-front coded in unary. */
static int bz_read_selectors(struct bz_state *st, struct bz_bits *br, struct bz_block *blk)
{
    uint8_t mtf[BZ_MAX_GROUPS] = { 0, 1, 2, 3, 4, 5 };
    uint32_t n = bits_get(br, 15);

    if (n == 0)
        return -EINVAL;
    for (uint32_t i = 0; i < n; i++) {
        unsigned j = 0;
        uint8_t group;

        while (bits_get(br, 1)) {
            if (++j >= blk->ngroups)
                return -EINVAL;
        }
        if (br->truncated)
            return -EINVAL;
        group = mtf[j];
        memmove(&mtf[1], &mtf[0], j);
        mtf[0] = group;
        /* Encoders may write more than a full block can use; those are never read. */
        if (i < BZ_MAX_SELECTORS)
            st->selectors[i] = group;
    }
    blk->nselectors = n < BZ_MAX_SELECTORS ? n : BZ_MAX_SELECTORS;
    return 0;
}

/* Each table's code lengths: a 5-bit start, then per symbol a delta of +1/-1 steps. */
static int bz_read_tables(struct bz_state *st, struct bz_bits *br, const struct bz_block *blk)
{
    unsigned alpha = blk->nused + 2;

    for (unsigned g = 0; g < blk->ngroups; g++) {
        unsigned len = bits_get(br, 5);

        for (unsigned s = 0; s < alpha; s++) {
            for (;;) {
                if (len < 1 || len > BZ_MAX_CODE_LEN)
                    return -EINVAL;
                if (!bits_get(br, 1))
                    break;
                len = bits_get(br, 1) ? len - 1 : len + 1;
            }
            st->code_len[s] = (uint8_t)len;
        }
        if (br->truncated || huffman_build(&st->tables[g], st->code_len, alpha))
            return -EINVAL;
    }
    return 0;
}

/* Append run copies of byte to the block. */
static int bz_put_run(struct bz_state *st, struct bz_block *blk, uint8_t byte, uint32_t run)
{
    if (run > blk->max_len - blk->nblock)
        return -EINVAL;
    st->counts[byte] += run;
    for (uint32_t i = 0; i < run; i++)
        st->tt[blk->nblock++] = byte;
    return 0;
}

/* Decode the block's symbols into tt[]: MTF indices, with RUNA/RUNB runs of the front byte. */
static int bz_decode_symbols(struct bz_state *st, struct bz_bits *br, struct bz_block *blk)
{
    uint8_t mtf[256];
    unsigned end_of_block = blk->nused + 1;
    uint32_t run = 0, weight = 1, selector = 0, left = BZ_GROUP_SIZE;
    const struct bz_huffman *table = &st->tables[st->selectors[0]];

    for (unsigned i = 0; i < blk->nused; i++)
        mtf[i] = (uint8_t)i;
    memset(st->counts, 0, sizeof(st->counts));
    blk->nblock = 0;
    for (;;) {
        uint8_t index;
        int sym;

        if (left-- == 0) {
            if (++selector >= blk->nselectors)
                return -EINVAL;
            table = &st->tables[st->selectors[selector]];
            left = BZ_GROUP_SIZE - 1;
        }
        sym = huffman_decode(table, br);
        if (sym < 0)
            return -EINVAL;
        if (sym == BZ_RUNA || sym == BZ_RUNB) {
            /* Runs are bijective base 2: RUNA adds weight, RUNB twice the weight. */
            run += weight << sym;
            weight <<= 1;
            if (run > blk->max_len)
                return -EINVAL;
            continue;
        }
        if (run && bz_put_run(st, blk, st->used_bytes[mtf[0]], run))
            return -EINVAL;
        run = 0;
        weight = 1;
        if ((unsigned)sym == end_of_block)
            return 0;
        index = mtf[sym - 1];
        memmove(&mtf[1], &mtf[0], (size_t)sym - 1);
        mtf[0] = index;
        if (bz_put_run(st, blk, st->used_bytes[index], 1))
            return -EINVAL;
    }
}

/* Link every tt[] entry to the one after it in the original order; counts[] becomes scratch. */
static void bz_link_block(struct bz_state *st, uint32_t nblock)
{
    uint32_t *next_slot = st->counts;
    uint32_t sum = 0;

    for (unsigned b = 0; b < 256; b++) {
        uint32_t count = st->counts[b];

        next_slot[b] = sum;
        sum += count;
    }
    for (uint32_t i = 0; i < nblock; i++)
        st->tt[next_slot[st->tt[i] & 0xff]++] |= i << 8;
}

/* Walk the BWT links from orig_ptr, undo RLE1 into out; the block's CRC goes to *crc_out. */
static int bz_write_block(struct bz_state *st, uint32_t nblock, uint32_t orig_ptr,
                          struct bz_out *out, uint32_t *crc_out)
{
    uint32_t pos = st->tt[orig_ptr] >> 8;
    uint32_t crc = 0xffffffffu;
    unsigned same = 0;
    uint8_t last = 0;

    for (uint32_t i = 0; i < nblock; i++) {
        uint32_t entry = st->tt[pos];
        uint8_t byte = (uint8_t)entry;
        unsigned copies = 1;

        pos = entry >> 8;
        if (same == 4) {
            /* After four equal bytes, a byte is the count of further repeats. */
            copies = byte;
            byte = last;
            same = 0;
        } else if (same > 0 && byte == last) {
            same++;
        } else {
            same = 1;
        }
        last = byte;
        if (copies > out->cap - out->len)
            return -ENOSPC;
        for (unsigned c = 0; c < copies; c++) {
            out->buf[out->len++] = byte;
            crc = (crc << 8) ^ st->crc_table[(crc >> 24) ^ byte];
        }
    }
    *crc_out = ~crc;
    return 0;
}

/* One block, from after its magic; its CRC is checked and folded into *stream_crc. */
static int bz_block(struct bz_state *st, struct bz_bits *br, uint32_t max_len, struct bz_out *out,
                    uint32_t *stream_crc)
{
    struct bz_block blk = { .max_len = max_len };
    uint32_t stored_crc = bits_get(br, 32), crc, orig_ptr;
    int ret;

    if (bits_get(br, 1))
        return br->truncated ? -EINVAL : -EOPNOTSUPP;
    orig_ptr = bits_get(br, 24);
    if ((ret = bz_read_used_bytes(st, br, &blk)))
        return ret;
    blk.ngroups = bits_get(br, 3);
    if (blk.ngroups < BZ_MIN_GROUPS || blk.ngroups > BZ_MAX_GROUPS)
        return -EINVAL;
    if ((ret = bz_read_selectors(st, br, &blk)) || (ret = bz_read_tables(st, br, &blk)) ||
        (ret = bz_decode_symbols(st, br, &blk)))
        return ret;
    if (orig_ptr >= blk.nblock)
        return -EINVAL;
    bz_link_block(st, blk.nblock);
    if ((ret = bz_write_block(st, blk.nblock, orig_ptr, out, &crc)))
        return ret;
    if (crc != stored_crc)
        return -EINVAL;
    *stream_crc = (*stream_crc << 1 | *stream_crc >> 31) ^ crc;
    return 0;
}

/* One stream at in[0..len); *used is set to the bytes it took, padding included. */
static int bz_stream(struct bz_state *st, const uint8_t *in, size_t len, struct bz_out *out,
                     size_t *used)
{
    struct bz_bits br = { .in = in, .len = len };
    uint32_t stream_crc = 0, max_len;

    if (len < 4 || in[0] != 'B' || in[1] != 'Z' || in[2] != 'h' || in[3] < '1' || in[3] > '9')
        return -EINVAL;
    max_len = (uint32_t)(in[3] - '0') * 100000;
    br.pos = 4;
    for (;;) {
        uint64_t magic = bits_get48(&br);
        int ret;

        if (br.truncated)
            return -EINVAL;
        if (magic == BZ_END_MAGIC)
            break;
        if (magic != BZ_BLOCK_MAGIC)
            return -EINVAL;
        if ((ret = bz_block(st, &br, max_len, out, &stream_crc)))
            return ret;
    }
    if (bits_get(&br, 32) != stream_crc || br.truncated)
        return -EINVAL;
    *used = bits_byte_offset(&br);
    return 0;
}

size_t bunzip2_scratch_size(void)
{
    return SCRATCH_SIZE(struct bz_state);
}

long bunzip2(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
             size_t scratch_len)
{
    struct bz_state *st = SCRATCH_PLACE(struct bz_state, scratch, scratch_len);
    struct bz_out sink = { .buf = out, .cap = out_cap };
    size_t offset = 0;

    if (!st)
        return -ENOMEM;
    crc_init(st->crc_table);
    do {
        size_t used;
        int ret = bz_stream(st, in + offset, in_len - offset, &sink, &used);

        if (ret)
            return ret;
        offset += used;
    } while (in_len - offset >= 3 && !memcmp(in + offset, "BZh", 3));
    return (long)sink.len;
}
