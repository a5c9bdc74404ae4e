/*
 * unxz: the .xz container (the .xz file format, version 1.x).
 *
 * A file is one or more streams, each followed by optional stream padding
 * (zero bytes in groups of four):
 *     stream header (12) | blocks | index | stream footer (12)
 * A block is a header naming its filter chain, the compressed data, zero
 * padding to a multiple of four bytes, and the check of its output.
 *
 * Decoded: LZMA2 (filter 0x21), alone or after the x86 BCJ filter (0x04,
 * with or without a start offset).  Any other filter or chain is
 * -EOPNOTSUPP.  Checks: none, CRC32 and CRC64 are verified; SHA-256 is
 * accepted but NOT verified (its 32 bytes are skipped); the check IDs the
 * format reserves are -EOPNOTSUPP.
 *
 * Once a stream is complete, bytes that are neither stream padding nor the
 * start of another stream are ignored: Linux appends the kernel's 4-byte
 * uncompressed size to the payload of a bzImage.  Padding before another
 * stream must be a multiple of four bytes.
 *
 * Invariants: in_pos <= in_len at all times.  A block's output is
 * out[its start, lzma.pos); LZMA2 writes it, then the BCJ filter is undone
 * in place, then the check is computed over it.  The index must describe
 * exactly the blocks decoded: the blocks and the index records are both
 * folded into a count, two sums and a CRC32 of the records, and those must
 * agree, so no list of blocks is kept.
 */
#include "common/bytes.h"
#include "common/crc32.h"
#include "common/decompress.h"
#include "common/errno.h"
#include "common/lzma_dec.h"
#include "common/scratch.h"
#include "common/string.h"

#define XZ_HEADER_SIZE  12
#define XZ_FOOTER_SIZE  12
#define XZ_SIZE_UNKNOWN UINT64_MAX /* above any VLI, which stops at 2^63 - 1 */
#define VLI_BYTES_MAX   9

#define CHECK_NONE   0x0
#define CHECK_CRC32  0x1
#define CHECK_CRC64  0x4
#define CHECK_SHA256 0xA

#define FILTER_X86   0x04
#define FILTER_LZMA2 0x21

#define LZMA2_DICT_PROP_MAX 40 /* 4 GiB - 1 */

static const uint8_t xz_magic[6] = { 0xFD, '7', 'z', 'X', 'Z', 0x00 };

struct unxz_scratch {
    struct lzma_probs probs;
    struct crc32_table crc32;
    uint64_t crc64_table[256];
};

/* A list of index records, or of the blocks they should describe, folded up. */
struct xz_index_sum {
    uint64_t count;
    uint64_t unpadded;
    uint64_t uncompressed;
    uint32_t crc; /* CRC32 of the records as pairs of little-endian u64s */
};

/* One block header, parsed. */
struct xz_block {
    size_t header_size;
    uint64_t compressed;   /* or XZ_SIZE_UNKNOWN */
    uint64_t uncompressed; /* or XZ_SIZE_UNKNOWN */
    bool bcj;
    uint32_t bcj_start;
};

struct xz_ctx {
    const uint8_t *in;
    size_t in_len;
    size_t in_pos;
    size_t out_cap;
    struct lzma_dec lzma; /* owns the output position, lzma.pos */
    const struct unxz_scratch *tables;
    uint8_t flags[2]; /* the current stream's flags, repeated in its footer */
    unsigned check;
    size_t check_size;
    struct xz_index_sum blocks; /* the current stream's blocks so far */
};

static void crc64_table_init(uint64_t *table)
{
    for (unsigned i = 0; i < 256; i++) {
        uint64_t c = i;

        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xC96C5795D7870F42ull & (0ull - (c & 1)));
        table[i] = c;
    }
}

/* CRC64 (ECMA-182, reflected) of p[0, n). */
static uint64_t crc64(const struct xz_ctx *x, const uint8_t *p, size_t n)
{
    const uint64_t *table = x->tables->crc64_table;
    uint64_t crc = ~0ull;

    while (n--)
        crc = table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static uint16_t read_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* A variable-length integer at buf[*pos], which must end before len. */
static int read_vli(const uint8_t *buf, size_t len, size_t *pos, uint64_t *value)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < VLI_BYTES_MAX && *pos < len; i++) {
        uint8_t b = buf[(*pos)++];

        v |= (uint64_t)(b & 0x7F) << (7 * i);
        if (!(b & 0x80)) {
            /* A zero last byte would be a longer spelling of a shorter number. */
            if (b == 0 && i > 0)
                return -EINVAL;
            *value = v;
            return 0;
        }
    }
    return -EINVAL;
}

static void index_sum_add(const struct xz_ctx *x, struct xz_index_sum *s, uint64_t unpadded,
                          uint64_t uncompressed)
{
    uint8_t record[16];

    memcpy(record, &unpadded, 8);
    memcpy(record + 8, &uncompressed, 8);
    s->count++;
    s->unpadded += unpadded;
    s->uncompressed += uncompressed;
    s->crc = crc32_update(&x->tables->crc32, s->crc, record, sizeof(record));
}

/* True if one of the eight bytes at p is E8 or E9 (no false answers either way). */
static bool has_e8_or_e9(const uint8_t *p)
{
    uint64_t v = (read_u64(p) ^ 0xE8E8E8E8E8E8E8E8ull) & 0xFEFEFEFEFEFEFEFEull;

    return ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull) != 0;
}

static bool is_00_or_ff(uint8_t b)
{
    return b == 0x00 || b == 0xFF;
}

/*
 * Turn the absolute target the encoder stored in a CALL/JMP operand back
 * into a rel32.  `left` has bit k set when the E8/E9 k bytes back was left
 * alone; its operand overlaps this one, and the encoder then converted
 * once more with the overlapping bits flipped.  A third round is never
 * needed: the caller only converts when that E8/E9's last operand byte
 * was not 00/FF, and that byte, inverted, is what a third round would test.
 */
static void bcj_x86_convert(uint8_t *op, uint32_t next_ip, unsigned left)
{
    uint32_t v = read_u32(op) - next_ip;

    if (left) {
        unsigned bits = 32 - 8 * (unsigned)__builtin_ctz(left); /* 24, 16 or 8 */

        if (is_00_or_ff((uint8_t)(v >> (bits - 8))))
            v = (v ^ ((1u << bits) - 1)) - next_ip;
    }
    op[0] = (uint8_t)v;
    op[1] = (uint8_t)(v >> 8);
    op[2] = (uint8_t)(v >> 16);
    op[3] = (v >> 24) & 1 ? 0xFF : 0x00;
}

/*
 * Undo the x86 BCJ filter over one block's output, in place.  The encoder
 * rewrote the rel32 after an E8 (CALL) or E9 (JMP) as an absolute address
 * when its top byte was 00 or FF, unless a nearby E8/E9 it had left alone
 * made that ambiguous.  start is the filter's start offset: the position
 * buf[0] had for the encoder.
 */
static void bcj_x86_decode(uint8_t *buf, size_t len, uint32_t start)
{
    unsigned left = 0;    /* bit k: E8/E9 k (1-3) bytes back, left alone */
    unsigned left_ms = 0; /* bit k: ... and its last operand byte was 00/FF */
    size_t last = 0;      /* the last E8/E9 looked at */

    for (size_t i = 0; i + 5 <= len; i++) {
        uint8_t *op = buf + i + 1;
        size_t gap;

        if (i + 8 <= len && !has_e8_or_e9(buf + i)) {
            i += 7;
            continue;
        }
        if ((buf[i] & 0xFE) != 0xE8)
            continue;
        gap = i - last;
        last = i;
        left = gap > 3 ? 0 : (left << gap) & 0xE;
        left_ms = gap > 3 ? 0 : (left_ms << gap) & 0xE;
        if (is_00_or_ff(op[3]) && left_ms == 0 && (left & (left - 1)) == 0) {
            bcj_x86_convert(op, start + (uint32_t)i + 5, left);
            i += 4; /* the next E8/E9 is a gap > 3 away, which clears both masks */
        } else {
            left |= 1;
            left_ms |= is_00_or_ff(op[3]);
        }
    }
}

/* An LZMA2 chunk of stored bytes (after its control byte). */
static int lzma2_stored_chunk(struct xz_ctx *x)
{
    size_t n;

    if (x->in_len - x->in_pos < 2)
        return -EINVAL;
    n = (size_t)read_be16(x->in + x->in_pos) + 1;
    x->in_pos += 2;
    if (n > x->in_len - x->in_pos)
        return -EINVAL;
    if (n > x->out_cap - x->lzma.pos)
        return -ENOSPC;
    lzma_dec_append(&x->lzma, x->in + x->in_pos, n);
    x->in_pos += n;
    return 0;
}

/* An LZMA2 chunk of LZMA data (after its control byte), with its own range coder. */
static int lzma2_lzma_chunk(struct xz_ctx *x, uint8_t control, bool *need_props)
{
    const uint8_t *h = x->in + x->in_pos;
    size_t header = control >= 0xC0 ? 5 : 4;
    size_t unpacked, packed;
    int ret;

    if (x->in_len - x->in_pos < header)
        return -EINVAL;
    unpacked = ((size_t)(control & 0x1F) << 16) + read_be16(h) + 1;
    packed = (size_t)read_be16(h + 2) + 1;
    x->in_pos += header;
    if (control >= 0xC0) {
        /* LZMA2 requires lc + lp <= 4, so a bigger pair is corrupt, not unsupported. */
        if (lzma_dec_set_props(&x->lzma, h[4]))
            return -EINVAL;
        *need_props = false;
    } else if (*need_props) {
        return -EINVAL;
    }
    if (control >= 0xA0)
        lzma_dec_reset_state(&x->lzma);
    if (packed > x->in_len - x->in_pos)
        return -EINVAL;
    if (unpacked > x->out_cap - x->lzma.pos)
        return -ENOSPC;
    ret = lzma_dec_rc_init(&x->lzma, x->in + x->in_pos, packed);
    /* A match running past the chunk, or an end marker, is corrupt in LZMA2. */
    if (ret == 0 && lzma_dec_run(&x->lzma, x->lzma.pos + unpacked) != LZMA_DEC_AT_LIMIT)
        ret = -EINVAL;
    if (ret == 0 && (!lzma_dec_rc_finished(&x->lzma) || x->lzma.in_pos != packed))
        ret = -EINVAL;
    x->in_pos += packed;
    return ret;
}

/* A block's LZMA2 data, up to and including its end byte. */
static int lzma2_decode(struct xz_ctx *x)
{
    bool need_dict_reset = true;
    bool need_props = true;
    int ret;

    for (;;) {
        uint8_t control;

        if (x->in_pos >= x->in_len)
            return -EINVAL;
        control = x->in[x->in_pos++];
        if (control == 0x00)
            return 0;
        if (control >= 0xE0 || control == 0x01) {
            lzma_dec_reset_dict(&x->lzma);
            need_dict_reset = false;
            need_props = true;
        } else if (need_dict_reset) {
            return -EINVAL;
        }
        if (control >= 0x80)
            ret = lzma2_lzma_chunk(x, control, &need_props);
        else if (control <= 0x02)
            ret = lzma2_stored_chunk(x);
        else
            ret = -EINVAL;
        if (ret)
            return ret;
    }
}

/* One filter flags record of a block header h[0, end), at *p. */
static int block_filter(const uint8_t *h, size_t end, size_t *p, bool last, struct xz_block *b)
{
    uint64_t id, props_size;
    const uint8_t *props;

    if (read_vli(h, end, p, &id) || read_vli(h, end, p, &props_size) || props_size > end - *p)
        return -EINVAL;
    props = h + *p;
    *p += props_size;
    switch (id) {
    case FILTER_LZMA2:
        if (!last || props_size != 1 || props[0] > LZMA2_DICT_PROP_MAX)
            return -EINVAL;
        return 0;
    case FILTER_X86:
        if (last || (props_size != 0 && props_size != 4))
            return -EINVAL;
        /* Valid, but nothing makes it: xz takes one BCJ filter per chain. */
        if (b->bcj)
            return -EOPNOTSUPP;
        b->bcj = true;
        b->bcj_start = props_size ? read_u32(props) : 0;
        return 0;
    default:
        return -EOPNOTSUPP;
    }
}

/* The block header at in_pos, whose first byte is known to be non-zero. */
static int block_header(struct xz_ctx *x, struct xz_block *b)
{
    const uint8_t *h = x->in + x->in_pos;
    size_t p = 2;
    size_t end;
    unsigned filters;
    int ret;

    b->header_size = ((size_t)h[0] + 1) * 4;
    b->compressed = XZ_SIZE_UNKNOWN;
    b->uncompressed = XZ_SIZE_UNKNOWN;
    b->bcj = false;
    if (b->header_size > x->in_len - x->in_pos)
        return -EINVAL;
    end = b->header_size - 4;
    if (crc32(&x->tables->crc32, h, end) != read_u32(h + end) || (h[1] & 0x3C))
        return -EINVAL;
    if ((h[1] & 0x40) && (read_vli(h, end, &p, &b->compressed) || b->compressed == 0))
        return -EINVAL;
    if ((h[1] & 0x80) && read_vli(h, end, &p, &b->uncompressed))
        return -EINVAL;
    filters = (h[1] & 0x03) + 1;
    for (unsigned i = 0; i < filters; i++) {
        ret = block_filter(h, end, &p, i + 1 == filters, b);
        if (ret)
            return ret;
    }
    for (; p < end; p++) {
        if (h[p] != 0)
            return -EINVAL;
    }
    x->in_pos += b->header_size;
    return 0;
}

/* Block padding from block_start, then the check of data[0, n). */
static int block_check(struct xz_ctx *x, size_t block_start, const uint8_t *data, size_t n)
{
    const uint8_t *field;

    for (; (x->in_pos - block_start) & 3; x->in_pos++) {
        if (x->in_pos >= x->in_len || x->in[x->in_pos] != 0)
            return -EINVAL;
    }
    if (x->in_len - x->in_pos < x->check_size)
        return -EINVAL;
    field = x->in + x->in_pos;
    x->in_pos += x->check_size;
    if (x->check == CHECK_CRC32)
        return crc32(&x->tables->crc32, data, n) == read_u32(field) ? 0 : -EINVAL;
    if (x->check == CHECK_CRC64)
        return crc64(x, data, n) == read_u64(field) ? 0 : -EINVAL;
    return 0;
}

static int xz_block(struct xz_ctx *x)
{
    size_t block_start = x->in_pos;
    size_t out_start = x->lzma.pos;
    uint8_t *data = x->lzma.out + out_start;
    size_t data_start, compressed, produced;
    struct xz_block b;
    int ret;

    ret = block_header(x, &b);
    if (ret)
        return ret;
    data_start = x->in_pos;
    ret = lzma2_decode(x);
    if (ret)
        return ret;
    compressed = x->in_pos - data_start;
    produced = x->lzma.pos - out_start;
    if ((b.compressed != XZ_SIZE_UNKNOWN && b.compressed != compressed) ||
        (b.uncompressed != XZ_SIZE_UNKNOWN && b.uncompressed != produced))
        return -EINVAL;
    if (b.bcj)
        bcj_x86_decode(data, produced, b.bcj_start);
    ret = block_check(x, block_start, data, produced);
    if (ret)
        return ret;
    index_sum_add(x, &x->blocks, b.header_size + compressed + x->check_size, produced);
    return 0;
}

/* The index at in_pos: it must list exactly the blocks decoded. */
static int xz_index(struct xz_ctx *x, size_t *index_size)
{
    const uint8_t *in = x->in;
    size_t start = x->in_pos;
    size_t p = start + 1; /* past the index indicator */
    struct xz_index_sum records = { 0 };
    uint64_t count, unpadded, uncompressed;

    if (read_vli(in, x->in_len, &p, &count) || count != x->blocks.count)
        return -EINVAL;
    while (records.count < count) {
        if (read_vli(in, x->in_len, &p, &unpadded) || read_vli(in, x->in_len, &p, &uncompressed))
            return -EINVAL;
        index_sum_add(x, &records, unpadded, uncompressed);
    }
    for (; (p - start) & 3; p++) {
        if (p >= x->in_len || in[p] != 0)
            return -EINVAL;
    }
    if (x->in_len - p < 4 || crc32(&x->tables->crc32, in + start, p - start) != read_u32(in + p))
        return -EINVAL;
    if (records.unpadded != x->blocks.unpadded || records.uncompressed != x->blocks.uncompressed ||
        records.crc != x->blocks.crc)
        return -EINVAL;
    x->in_pos = p + 4;
    *index_size = x->in_pos - start;
    return 0;
}

static int stream_header(struct xz_ctx *x)
{
    const uint8_t *h = x->in + x->in_pos;

    if (x->in_len - x->in_pos < XZ_HEADER_SIZE || memcmp(h, xz_magic, sizeof(xz_magic)) != 0)
        return -EINVAL;
    if (crc32(&x->tables->crc32, h + 6, 2) != read_u32(h + 8) || h[6] != 0 || (h[7] & 0xF0))
        return -EINVAL;
    x->check = h[7];
    if (x->check == CHECK_NONE)
        x->check_size = 0;
    else if (x->check == CHECK_CRC32)
        x->check_size = 4;
    else if (x->check == CHECK_CRC64)
        x->check_size = 8;
    else if (x->check == CHECK_SHA256)
        x->check_size = 32;
    else
        return -EOPNOTSUPP;
    memcpy(x->flags, h + 6, 2);
    memset(&x->blocks, 0, sizeof(x->blocks));
    x->in_pos += XZ_HEADER_SIZE;
    return 0;
}

static int stream_footer(struct xz_ctx *x, size_t index_size)
{
    const uint8_t *f = x->in + x->in_pos;

    if (x->in_len - x->in_pos < XZ_FOOTER_SIZE)
        return -EINVAL;
    if (crc32(&x->tables->crc32, f + 4, 6) != read_u32(f) ||
        ((uint64_t)read_u32(f + 4) + 1) * 4 != index_size || memcmp(f + 8, x->flags, 2) != 0 ||
        f[10] != 'Y' || f[11] != 'Z')
        return -EINVAL;
    x->in_pos += XZ_FOOTER_SIZE;
    return 0;
}

static int xz_stream(struct xz_ctx *x)
{
    size_t index_size;
    int ret = stream_header(x);

    while (ret == 0) {
        if (x->in_pos >= x->in_len)
            return -EINVAL;
        if (x->in[x->in_pos] == 0x00) /* the index indicator */
            break;
        ret = xz_block(x);
    }
    if (ret == 0)
        ret = xz_index(x, &index_size);
    if (ret == 0)
        ret = stream_footer(x, index_size);
    return ret;
}

/*
 * Skip stream padding: 1 if another stream follows, 0 at the end (perhaps
 * before trailing bytes), -EINVAL for padding that is not whole words.
 */
static int xz_next_stream(struct xz_ctx *x)
{
    size_t p = x->in_pos;

    while (p < x->in_len && x->in[p] == 0)
        p++;
    if (x->in_len - p < sizeof(xz_magic) || memcmp(x->in + p, xz_magic, sizeof(xz_magic)) != 0)
        return 0;
    if ((p - x->in_pos) & 3)
        return -EINVAL;
    x->in_pos = p;
    return 1;
}

size_t unxz_scratch_size(void)
{
    return SCRATCH_SIZE(struct unxz_scratch);
}

long unxz(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
          size_t scratch_len)
{
    struct unxz_scratch *s = SCRATCH_PLACE(struct unxz_scratch, scratch, scratch_len);
    struct xz_ctx x = { .in = in, .in_len = in_len, .out_cap = out_cap, .tables = s };
    int ret;

    if (!s)
        return -ENOMEM;
    crc32_table_init(&s->crc32);
    crc64_table_init(s->crc64_table);
    lzma_dec_init(&x.lzma, out, &s->probs);
    do {
        ret = xz_stream(&x);
        if (ret == 0)
            ret = xz_next_stream(&x);
    } while (ret > 0);
    return ret < 0 ? ret : (long)x.lzma.pos;
}
