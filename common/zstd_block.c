/*
 * One zstd compressed block (RFC 8878 section 3.1.1.3): a literals section,
 * then a sequences section whose sequences copy literals and earlier output
 * into the frame being decoded.
 *
 * Invariants: literals are never read past the section's regenerated size,
 * a match never reaches before the start of the current frame, and nothing
 * is written past out->cap or past block_max bytes from the block's start.
 */
#include "common/errno.h"
#include "common/lz_copy.h"
#include "common/string.h"
#include "common/zstd_internal.h"

enum { LIT_RAW, LIT_RLE, LIT_COMPRESSED, LIT_TREELESS };
enum { MODE_PREDEFINED, MODE_RLE, MODE_FSE, MODE_REPEAT };

struct literals {
    const uint8_t *data; /* into the input (raw) or st->literals */
    size_t len;
};

/* A length code's base value and how many extra bits follow it. */
struct length_code {
    uint32_t base;
    uint8_t bits;
};

/* Literal length codes 16 and up; codes 0..15 stand for themselves. */
static const struct length_code ll_codes[ZSTD_LL_MAX_CODE + 1 - 16] = {
    { 16, 1 },    { 18, 1 },    { 20, 1 },     { 22, 1 },     { 24, 2 },
    { 28, 2 },    { 32, 3 },    { 40, 3 },     { 48, 4 },     { 64, 6 },
    { 128, 7 },   { 256, 8 },   { 512, 9 },    { 1024, 10 },  { 2048, 11 },
    { 4096, 12 }, { 8192, 13 }, { 16384, 14 }, { 32768, 15 }, { 65536, 16 },
};

/* Match length codes 32 and up; codes 0..31 stand for lengths 3..34. */
static const struct length_code ml_codes[ZSTD_ML_MAX_CODE + 1 - 32] = {
    { 35, 1 },     { 37, 1 },     { 39, 1 },     { 41, 1 },    { 43, 2 },    { 47, 2 },
    { 51, 3 },     { 59, 3 },     { 67, 4 },     { 83, 4 },    { 99, 5 },    { 131, 7 },
    { 259, 8 },    { 515, 9 },    { 1027, 10 },  { 2051, 11 }, { 4099, 12 }, { 8195, 13 },
    { 16387, 14 }, { 32771, 15 }, { 65539, 16 },
};

/* Huffman-coded literals: sizes in 10, 14 or 18 bits each, in a 3-, 4- or 5-byte header. */
static int read_huffman_literals(struct zstd_state *st, const uint8_t *src, size_t len,
                                 struct literals *lit, size_t *used)
{
    unsigned type = src[0] & 3, format = src[0] >> 2 & 3;
    unsigned header = format < 2 ? 3 : format + 2, bits = format < 2 ? 10 : 4 * format + 6;
    uint64_t fields = 0;
    size_t regenerated, compressed, tree = 0;

    if (len < header)
        return -EINVAL;
    for (unsigned i = 0; i < header; i++)
        fields |= (uint64_t)src[i] << (8 * i);
    regenerated = (size_t)(fields >> 4 & ((1u << bits) - 1));
    compressed = (size_t)(fields >> (4 + bits) & ((1u << bits) - 1));
    if (regenerated > ZSTD_BLOCK_MAX || compressed > len - header)
        return -EINVAL;
    src += header;
    if (type == LIT_COMPRESSED && zstd_huf_read_table(st, src, compressed, &tree))
        return -EINVAL;
    if (!st->have_huf || zstd_huf_decode(&st->huf, src + tree, compressed - tree, st->literals,
                                         regenerated, format != 0))
        return -EINVAL;
    lit->data = st->literals;
    lit->len = regenerated;
    *used = header + compressed;
    return 0;
}

/* The literals section: raw, one byte repeated, or Huffman coded. */
static int read_literals(struct zstd_state *st, const uint8_t *src, size_t len,
                         struct literals *lit, size_t *used)
{
    unsigned type, format, header;
    size_t size;

    if (len == 0)
        return -EINVAL;
    type = src[0] & 3;
    format = src[0] >> 2 & 3;
    if (type == LIT_COMPRESSED || type == LIT_TREELESS)
        return read_huffman_literals(st, src, len, lit, used);
    /* Raw and RLE: a 5-, 12- or 20-bit size in a 1-, 2- or 3-byte header. */
    header = format == 3 ? 3 : (format == 1 ? 2 : 1);
    if (len < header)
        return -EINVAL;
    size = header == 1 ? src[0] >> 3 : src[0] >> 4 | (size_t)src[1] << 4;
    if (header == 3)
        size |= (size_t)src[2] << 12;
    if (size > ZSTD_BLOCK_MAX || len - header < (type == LIT_RAW ? size : 1))
        return -EINVAL;
    if (type == LIT_RAW) {
        lit->data = src + header;
        *used = header + size;
    } else {
        memset(st->literals, src[header], size);
        lit->data = st->literals;
        *used = header + 1;
    }
    lit->len = size;
    return 0;
}

/* Set up one of the three sequence tables according to its compression mode. */
static int read_seq_table(struct zstd_state *st, enum zstd_seq_kind kind, unsigned mode,
                          const uint8_t *src, size_t len, size_t *used)
{
    static const uint8_t max_symbol[] = { ZSTD_LL_MAX_CODE, ZSTD_OF_MAX_CODE, ZSTD_ML_MAX_CODE };
    static const uint8_t max_log[] = { ZSTD_FSE_MAX_LOG, ZSTD_FSE_MAX_LOG - 1, ZSTD_FSE_MAX_LOG };
    struct zstd_fse_table *t = &st->seq[kind];

    *used = 0;
    switch (mode) {
    case MODE_PREDEFINED:
        zstd_fse_predefined(t, kind);
        break;
    case MODE_RLE:
        if (len < 1 || src[0] > max_symbol[kind])
            return -EINVAL;
        zstd_fse_rle_table(t, src[0]);
        *used = 1;
        break;
    case MODE_FSE:
        st->have_seq[kind] = false;
        if (zstd_fse_read_table(t, src, len, max_symbol[kind], max_log[kind], used))
            return -EINVAL;
        break;
    default:
        if (!st->have_seq[kind])
            return -EINVAL;
    }
    st->have_seq[kind] = true;
    return 0;
}

/* The modes byte, then the tables it asks for, in the order LL, OF, ML. */
static int read_seq_tables(struct zstd_state *st, const uint8_t *src, size_t len, size_t *used)
{
    static const uint8_t shift[] = { [ZSTD_LL] = 6, [ZSTD_OF] = 4, [ZSTD_ML] = 2 };
    size_t pos = 1, n;

    if (len < 1 || (src[0] & 3))
        return -EINVAL;
    for (enum zstd_seq_kind kind = ZSTD_LL; kind <= ZSTD_ML; kind++) {
        if (read_seq_table(st, kind, src[0] >> shift[kind] & 3, src + pos, len - pos, &n))
            return -EINVAL;
        pos += n;
    }
    *used = pos;
    return 0;
}

/* Number_of_Sequences: one, two or three bytes. */
static int read_seq_count(const uint8_t *src, size_t len, uint32_t *nseq, size_t *used)
{
    if (len >= 1 && src[0] < 128) {
        *nseq = src[0];
        *used = 1;
    } else if (len >= 2 && src[0] < 255) {
        *nseq = (uint32_t)(src[0] - 128) << 8 | src[1];
        *used = 2;
    } else if (len >= 3 && src[0] == 255) {
        *nseq = (uint32_t)(src[1] | src[2] << 8) + 0x7f00;
        *used = 3;
    } else {
        return -EINVAL;
    }
    return 0;
}

/* The offset a sequence's offset value names, keeping the three recent offsets in order. */
static uint32_t resolve_offset(uint32_t *rep, uint32_t value, uint32_t literal_len)
{
    unsigned index;
    uint32_t offset;

    if (value > 3) {
        offset = value - 3;
        index = 2;
    } else {
        /* With no literals before it, a repeat code names the next older offset. */
        index = value - 1 + (literal_len == 0);
        if (index == 0)
            return rep[0];
        offset = index == 3 ? rep[0] - 1 : rep[index];
    }
    if (index != 1)
        rep[2] = rep[1];
    rep[1] = rep[0];
    rep[0] = offset;
    return offset;
}

/* Whether len more bytes fit: a block past its maximum is corrupt, a full buffer is not. */
static int room_for(const struct zstd_out *out, size_t len)
{
    if (len > out->block_end - out->len)
        return -EINVAL;
    return len > out->cap - out->len ? -ENOSPC : 0;
}

static int copy_literals(struct zstd_out *out, struct literals *lit, size_t len)
{
    int ret;

    if (len > lit->len)
        return -EINVAL;
    if ((ret = room_for(out, len)))
        return ret;
    memcpy(out->buf + out->len, lit->data, len);
    out->len += len;
    lit->data += len;
    lit->len -= len;
    return 0;
}

/* Copy len bytes from offset back in this frame; overlapping copies repeat the pattern. */
static int copy_match(struct zstd_out *out, uint32_t offset, uint32_t len)
{
    int ret;

    if (offset == 0 || offset > out->len - out->frame_start)
        return -EINVAL;
    if ((ret = room_for(out, len)))
        return ret;
    lz_copy_match(out->buf + out->len, offset, len);
    out->len += len;
    return 0;
}

/* Read one sequence's extra bits (offset, match length, literal length) and execute it. */
static int execute_sequence(struct zstd_state *st, struct zstd_rbits *br, const uint8_t *codes,
                            struct literals *lit, struct zstd_out *out)
{
    unsigned of = codes[ZSTD_OF], ml = codes[ZSTD_ML], ll = codes[ZSTD_LL];
    uint32_t offset_value = (1u << of) + zstd_rbits_read(br, of);
    uint32_t match_len = ml < 32 ? ml + 3 : ml_codes[ml - 32].base;
    uint32_t literal_len = ll < 16 ? ll : ll_codes[ll - 16].base;
    int ret;

    if (ml >= 32)
        match_len += zstd_rbits_read(br, ml_codes[ml - 32].bits);
    if (ll >= 16)
        literal_len += zstd_rbits_read(br, ll_codes[ll - 16].bits);
    if (br->pos < 0)
        return -EINVAL;
    if ((ret = copy_literals(out, lit, literal_len)))
        return ret;
    return copy_match(out, resolve_offset(st->rep, offset_value, literal_len), match_len);
}

/* The backward stream of nseq sequences: initial states, then a sequence and a state update each.
 */
static int decode_sequences(struct zstd_state *st, const uint8_t *src, size_t len, uint32_t nseq,
                            struct literals *lit, struct zstd_out *out)
{
    static const enum zstd_seq_kind update_order[] = { ZSTD_LL, ZSTD_ML, ZSTD_OF };
    struct zstd_rbits br;
    uint32_t state[3];
    uint8_t codes[3];
    int ret;

    if (zstd_rbits_init(&br, src, len))
        return -EINVAL;
    for (enum zstd_seq_kind kind = ZSTD_LL; kind <= ZSTD_ML; kind++)
        state[kind] = zstd_rbits_read(&br, st->seq[kind].log);
    for (uint32_t i = 0; i < nseq; i++) {
        for (enum zstd_seq_kind kind = ZSTD_LL; kind <= ZSTD_ML; kind++)
            codes[kind] = st->seq[kind].cells[state[kind]].symbol;
        if ((ret = execute_sequence(st, &br, codes, lit, out)))
            return ret;
        if (i + 1 == nseq)
            break;
        for (unsigned j = 0; j < 3; j++) {
            const struct zstd_fse_cell *cell =
                &st->seq[update_order[j]].cells[state[update_order[j]]];

            state[update_order[j]] = cell->baseline + zstd_rbits_read(&br, cell->nbits);
        }
    }
    return br.pos == 0 ? 0 : -EINVAL;
}

int zstd_compressed_block(struct zstd_state *st, const uint8_t *src, size_t len,
                          struct zstd_out *out, size_t block_max)
{
    struct literals lit;
    size_t used;
    uint32_t nseq;
    int ret;

    out->block_end = out->len + block_max;
    if (read_literals(st, src, len, &lit, &used))
        return -EINVAL;
    src += used;
    len -= used;
    if (read_seq_count(src, len, &nseq, &used))
        return -EINVAL;
    src += used;
    len -= used;
    if (nseq > 0) {
        if (read_seq_tables(st, src, len, &used))
            return -EINVAL;
        if ((ret = decode_sequences(st, src + used, len - used, nseq, &lit, out)))
            return ret;
    } else if (len != 0) {
        /* With no sequences the section ends at once and the tables stay as they were. */
        return -EINVAL;
    }
    return copy_literals(out, &lit, lit.len);
}
