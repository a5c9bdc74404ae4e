/*
 * unlzo: lzop's file format around LZO1X blocks, in one call.
 *
 * A file is a 9-byte magic, then a header: version, library version,
 * version needed to extract, method, level, flags, an optional filter,
 * mode, modification time, a name, and a checksum (Adler-32, or CRC-32 if
 * F_H_CRC32) of the header from the version on.  Then blocks: the decoded
 * length (0 ends the file), the stored length, the checksums the flags ask
 * for (of the decoded data; also of the stored data if it is compressed),
 * and the data.  A block whose stored length equals its decoded length is
 * kept uncompressed.  Header and block numbers are big-endian.  Bytes
 * after the end of the file are ignored (the Linux build appends the
 * decompressed size).
 *
 * Refused (-EOPNOTSUPP): filters (lzop's undocumented --filter), the extra
 * header field and multi-part files (which lzop 1.04 never writes), and
 * methods other than LZO1X.
 *
 * Invariants: every read is checked against the end of its block or of
 * the input; every block is checked to fit out_cap before it is decoded,
 * and decodes to exactly its decoded length; lzop compresses each block on
 * its own, so no match reaches before the start of its block.  The scratch
 * area holds the CRC-32 tables.
 */
#include <stdbool.h>
#include <stdint.h>

#include "common/crc32.h"
#include "common/decompress.h"
#include "common/errno.h"
#include "common/lz_copy.h"
#include "common/scratch.h"
#include "common/string.h"

#define LZOP_MAGIC_LEN        9
#define LZOP_VERSION_FIELDS   0x0940 /* files from this version on carry three more fields */
#define LZOP_OLDEST_VERSION   0x0900
#define LZOP_NEWEST_NEEDED    0x1040 /* lzop 1.04: the newest format we know */
#define LZOP_MAX_BLOCK        (64u << 20)
#define LZOP_METHOD_LZO1X_1   1
#define LZOP_METHOD_LZO1X_999 3 /* methods 1..3 are all LZO1X */

#define F_ADLER32_D     0x00000001u
#define F_ADLER32_C     0x00000002u
#define F_H_EXTRA_FIELD 0x00000040u
#define F_CRC32_D       0x00000100u
#define F_CRC32_C       0x00000200u
#define F_MULTIPART     0x00000400u
#define F_H_FILTER      0x00000800u
#define F_H_CRC32       0x00001000u
#define F_KNOWN         0xfff03fffu /* the flags above, the rest of F_MASK, the OS and charset */

#define ADLER_MOD   65521
#define ADLER_BLOCK 5552 /* the most bytes before the sums could overflow 32 bits */

/* LZO1X instructions, by their first byte. */
#define LZO_M2_MIN         64    /* 3..8 bytes within 2 KiB */
#define LZO_M3_MIN         32    /* any length within 16 KiB */
#define LZO_M4_MIN         16    /* any length from 16 KiB to 48 KiB; also the end mark */
#define LZO_M4_BASE        16384 /* an M4 whose distance would be exactly this ends the block */
#define LZO_M1_FAR_BASE    2049  /* a short match right after a literal run of 4 or more */
#define LZO_FIRST_LITERALS 17    /* a first byte above this is a literal count plus 17 */

/* The checksums a block header may carry, in the order it carries them. */
#define LZOP_SUMS_DECODED 0
#define LZOP_SUMS_STORED  2
static const uint32_t lzop_sum_flags[4] = { F_ADLER32_D, F_CRC32_D, F_ADLER32_C, F_CRC32_C };

static const uint8_t lzop_magic[LZOP_MAGIC_LEN] = {
    0x89, 'L', 'Z', 'O', 0, '\r', '\n', 0x1a, '\n'
};

struct lzo_in {
    const uint8_t *p;
    const uint8_t *end;
};

/* One block's output: buf is its start, as far back as its matches reach; end is its length. */
struct lzo_out {
    uint8_t *buf;
    size_t pos;
    size_t end;
};

/* A match: copy length bytes from distance back, then literals (0..3) bytes from the input. */
struct lzo_match {
    size_t length;
    size_t distance;
    unsigned literals;
};

static uint32_t adler32(const uint8_t *p, size_t n)
{
    uint32_t a = 1, b = 0;

    while (n) {
        size_t chunk = n < ADLER_BLOCK ? n : ADLER_BLOCK;

        n -= chunk;
        while (chunk--) {
            a += *p++;
            b += a;
        }
        a %= ADLER_MOD;
        b %= ADLER_MOD;
    }
    return b << 16 | a;
}

static int lzo_byte(struct lzo_in *in, unsigned *byte)
{
    if (in->p == in->end)
        return -EINVAL;
    *byte = *in->p++;
    return 0;
}

/* A length field of zero goes on in bytes: each zero adds 255, the first other byte adds itself. */
static int lzo_long_length(struct lzo_in *in, size_t base, size_t *length)
{
    size_t n = base;
    unsigned byte;

    for (;;) {
        if (lzo_byte(in, &byte))
            return -EINVAL;
        if (byte)
            break;
        n += 255;
        if (n > LZOP_MAX_BLOCK)
            return -EINVAL;
    }
    *length = n + byte;
    return 0;
}

static int lzo_literals(struct lzo_in *in, struct lzo_out *out, size_t n)
{
    if (n > (size_t)(in->end - in->p) || n > out->end - out->pos)
        return -EINVAL;
    memcpy(out->buf + out->pos, in->p, n);
    in->p += n;
    out->pos += n;
    return 0;
}

/* The two little-endian bytes after an M3 or M4: 14 bits of distance, 2 of literal count. */
static int lzo_distance_word(struct lzo_in *in, struct lzo_match *m, size_t *distance)
{
    if (in->end - in->p < 2)
        return -EINVAL;
    *distance = (size_t)(in->p[0] >> 2) + ((size_t)in->p[1] << 6);
    m->literals = in->p[0] & 3;
    in->p += 2;
    return 0;
}

/* M2 (64..255), M3 (32..63) and M4 (16..31); distance 0 is the end mark. */
static int lzo_long_match(struct lzo_in *in, unsigned t, struct lzo_match *m)
{
    unsigned byte;
    int ret;

    if (t >= LZO_M2_MIN) {
        if (lzo_byte(in, &byte))
            return -EINVAL;
        m->length = (t >> 5) + 1;
        m->distance = ((size_t)byte << 3) + (t >> 2 & 7) + 1;
        m->literals = t & 3;
        return 0;
    }
    if (t >= LZO_M3_MIN) {
        m->length = (t & 31) + 2;
        ret = (t & 31) ? 0 : lzo_long_length(in, 31 + 2, &m->length);
        if (!ret)
            ret = lzo_distance_word(in, m, &m->distance);
        m->distance += 1;
        return ret;
    }
    m->length = (t & 7) + 2;
    ret = (t & 7) ? 0 : lzo_long_length(in, 7 + 2, &m->length);
    if (!ret)
        ret = lzo_distance_word(in, m, &m->distance);
    m->distance += (size_t)(t & 8) << 11;
    if (m->distance)
        m->distance += LZO_M4_BASE;
    return ret;
}

/*
 * The match instruction t.  Below 16 its meaning hangs on what came
 * before: after 1..3 trailing literals a 2-byte match within 1 KiB, after a
 * literal run a 3-byte match 2..3 KiB back.
 */
static int lzo_match(struct lzo_in *in, unsigned t, unsigned state, struct lzo_match *m)
{
    unsigned byte;

    if (t >= LZO_M4_MIN)
        return lzo_long_match(in, t, m);
    if (lzo_byte(in, &byte))
        return -EINVAL;
    m->length = state == 4 ? 3 : 2;
    m->distance = ((size_t)byte << 2) + (t >> 2) + (state == 4 ? LZO_M1_FAR_BASE : 1);
    m->literals = t & 3;
    return 0;
}

/* A literal run after a match with no trailing literals: 0 means a long count follows. */
static int lzo_literal_run(struct lzo_in *in, struct lzo_out *out, unsigned t)
{
    size_t n = t + 3;

    if (t == 0 && lzo_long_length(in, 15 + 3, &n))
        return -EINVAL;
    return lzo_literals(in, out, n);
}

/*
 * One LZO1X block.  state is what the previous instruction left: 0 after
 * a match with no trailing literals, 1..3 after that many, 4 after a
 * literal run.
 */
static int lzo1x_decode(struct lzo_in *in, struct lzo_out *out)
{
    unsigned state = 0, t;

    if (in->p < in->end && (*in->p > LZO_FIRST_LITERALS)) {
        size_t n = *in->p++ - LZO_FIRST_LITERALS;

        if (lzo_literals(in, out, n))
            return -EINVAL;
        state = n < 4 ? (unsigned)n : 4;
    }
    for (;;) {
        struct lzo_match m;

        if (lzo_byte(in, &t))
            return -EINVAL;
        if (t < LZO_M4_MIN && state == 0) {
            if (lzo_literal_run(in, out, t))
                return -EINVAL;
            state = 4;
            continue;
        }
        if (lzo_match(in, t, state, &m))
            return -EINVAL;
        if (m.distance == 0)
            return in->p == in->end && out->pos == out->end ? 0 : -EINVAL;
        if (m.distance > out->pos || m.length > out->end - out->pos)
            return -EINVAL;
        lz_copy_match(out->buf + out->pos, m.distance, m.length);
        out->pos += m.length;
        if (lzo_literals(in, out, m.literals))
            return -EINVAL;
        state = m.literals;
    }
}

/* What the header says about the blocks. */
struct lzop_header {
    uint32_t flags;
    const struct crc32_table *crc;
};

/* A block's lengths and the checksums its header carries. */
struct lzop_block {
    uint32_t dst_len; /* decoded */
    uint32_t src_len; /* stored: equal to dst_len if uncompressed */
    uint32_t sums[4]; /* in lzop_sum_flags' order */
};

/* The input as big-endian fields read in order; reading past its end sets short_input. */
struct lzop_cursor {
    const uint8_t *in;
    size_t len;
    size_t pos;
    bool short_input;
};

/* The next n (<= 4) bytes as a number, or 0 if the input ends first. */
static uint32_t lzop_field(struct lzop_cursor *c, unsigned n)
{
    uint32_t value = 0;

    if (c->short_input || c->len - c->pos < n) {
        c->short_input = true;
        return 0;
    }
    for (unsigned i = 0; i < n; i++)
        value = value << 8 | c->in[c->pos++];
    return value;
}

static void lzop_skip(struct lzop_cursor *c, size_t n)
{
    if (c->short_input || c->len - c->pos < n)
        c->short_input = true;
    else
        c->pos += n;
}

/* The header after the magic, up to and including its checksum. */
static int lzop_header(struct lzop_cursor *c, struct lzop_header *h)
{
    size_t start = c->pos;
    uint32_t version = lzop_field(c, 2), needed = LZOP_OLDEST_VERSION, method, checksum;
    bool newer = version >= LZOP_VERSION_FIELDS;

    lzop_skip(c, 2); /* library version */
    if (newer)
        needed = lzop_field(c, 2);
    method = lzop_field(c, 1);
    lzop_skip(c, newer ? 1 : 0); /* level */
    h->flags = lzop_field(c, 4);
    lzop_skip(c, h->flags & F_H_FILTER ? 4 : 0);
    lzop_skip(c, newer ? 12 : 8);   /* mode, mtime (and its high half) */
    lzop_skip(c, lzop_field(c, 1)); /* name */
    checksum = lzop_field(c, 4);
    if (c->short_input || version < LZOP_OLDEST_VERSION || needed < LZOP_OLDEST_VERSION ||
        (h->flags & ~F_KNOWN))
        return -EINVAL;
    if (checksum != ((h->flags & F_H_CRC32) ? crc32(h->crc, c->in + start, c->pos - 4 - start)
                                            : adler32(c->in + start, c->pos - 4 - start)))
        return -EINVAL;
    if (needed > LZOP_NEWEST_NEEDED || method < LZOP_METHOD_LZO1X_1 ||
        method > LZOP_METHOD_LZO1X_999 || (h->flags & (F_H_FILTER | F_H_EXTRA_FIELD | F_MULTIPART)))
        return -EOPNOTSUPP;
    return 0;
}

/* A block header up to its data, which it checks is all there; dst_len 0 ends the file. */
static int lzop_block_header(struct lzop_cursor *c, uint32_t flags, struct lzop_block *b)
{
    b->dst_len = lzop_field(c, 4);
    if (c->short_input || b->dst_len == 0)
        return c->short_input ? -EINVAL : 0;
    b->src_len = lzop_field(c, 4);
    for (unsigned i = 0; i < 4; i++) {
        if (i == LZOP_SUMS_STORED && b->src_len == b->dst_len)
            break; /* an uncompressed block has one copy to check */
        if (flags & lzop_sum_flags[i])
            b->sums[i] = lzop_field(c, 4);
    }
    if (c->short_input || b->dst_len > LZOP_MAX_BLOCK || b->src_len == 0 ||
        b->src_len > b->dst_len || b->src_len > c->len - c->pos)
        return -EINVAL;
    return 0;
}

/* Whether data[0..n) has the checksums the flags ask for: first is LZOP_SUMS_DECODED or _STORED. */
static bool lzop_sums_match(const struct lzop_header *h, const struct lzop_block *b, unsigned first,
                            const uint8_t *data, size_t n)
{
    if ((h->flags & lzop_sum_flags[first]) && b->sums[first] != adler32(data, n))
        return false;
    return !(h->flags & lzop_sum_flags[first + 1]) || b->sums[first + 1] == crc32(h->crc, data, n);
}

/* A block's data into out[0..dst_len), which the caller made sure fits. */
static int lzop_block_data(const uint8_t *data, const struct lzop_block *b,
                           const struct lzop_header *h, uint8_t *out)
{
    struct lzo_in in = { .p = data, .end = data + b->src_len };
    struct lzo_out o = { .buf = out, .end = b->dst_len };

    if (b->src_len == b->dst_len) {
        memcpy(out, data, b->src_len);
    } else if (!lzop_sums_match(h, b, LZOP_SUMS_STORED, data, b->src_len) ||
               lzo1x_decode(&in, &o)) {
        return -EINVAL;
    }
    return lzop_sums_match(h, b, LZOP_SUMS_DECODED, out, b->dst_len) ? 0 : -EINVAL;
}

size_t unlzo_scratch_size(void)
{
    return SCRATCH_SIZE(struct crc32_table);
}

long unlzo(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
           size_t scratch_len)
{
    struct crc32_table *crc = SCRATCH_PLACE(struct crc32_table, scratch, scratch_len);
    struct lzop_header h = { .crc = crc };
    struct lzop_cursor c = { .in = in, .len = in_len, .pos = LZOP_MAGIC_LEN };
    size_t out_pos = 0;
    int ret;

    if (!crc)
        return -ENOMEM;
    if (in_len < LZOP_MAGIC_LEN || memcmp(in, lzop_magic, LZOP_MAGIC_LEN) != 0)
        return -EINVAL;
    crc32_table_init(crc);
    ret = lzop_header(&c, &h);
    while (!ret) {
        struct lzop_block b;

        ret = lzop_block_header(&c, h.flags, &b);
        if (ret || b.dst_len == 0)
            break;
        if (b.dst_len > out_cap - out_pos)
            return -ENOSPC;
        ret = lzop_block_data(in + c.pos, &b, &h, out + out_pos);
        c.pos += b.src_len;
        out_pos += b.dst_len;
    }
    return ret ? ret : (long)out_pos;
}
