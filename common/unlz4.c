/*
 * unlz4: lz4's legacy frame and its current frame format, in one call.
 *
 * Legacy frame (magic 0x184C2102, what Linux's "lz4 -l" writes): blocks of
 * a 32-bit compressed size and that many bytes, each decoding on its own to
 * at most 8 MiB.  It has no end mark: it ends with the input, where a size
 * field holds the magic of another frame, or where a size field is the last
 * four bytes of the input (the Linux build appends the decompressed size;
 * Linux's own boot code drops those four bytes before decoding).
 *
 * Current frame (magic 0x184D2204): a descriptor (flags, maximum block
 * size, optional content size and dictionary id, one byte of its own
 * xxHash32), then blocks (a 32-bit size whose top bit marks a stored block,
 * the data, an optional xxHash32 of the data), a zero size as end mark, and
 * an optional xxHash32 of all the frame's output.  Skippable frames (magic
 * 0x184D2A50..5F, then a 32-bit length) are skipped.
 *
 * Frames follow each other; bytes after a complete frame that do not start
 * another one are ignored.  Refused: frames that need a dictionary
 * (-EOPNOTSUPP).
 *
 * Invariants: every read is checked against the end of its block or of the
 * input; every write against out_cap and against the block's maximum size;
 * a match reaches back no further than the start of its block (legacy and
 * independent blocks) or of its frame (linked blocks).
 */
#include <stdbool.h>
#include <stdint.h>

#include "common/bytes.h"
#include "common/decompress.h"
#include "common/errno.h"
#include "common/lz_copy.h"
#include "common/string.h"

#define LZ4_LEGACY_MAGIC     0x184c2102u
#define LZ4_FRAME_MAGIC      0x184d2204u
#define LZ4_SKIPPABLE_MAGIC  0x184d2a50u /* the low four bits are free */
#define LZ4_LEGACY_BLOCK_MAX (8u << 20)
#define LZ4_MIN_MATCH        4
#define LZ4_STORED_BLOCK     0x80000000u

/* The frame descriptor's FLG byte. */
#define LZ4_FLG_VERSION_MASK   0xc0
#define LZ4_FLG_VERSION_1      0x40
#define LZ4_FLG_INDEPENDENT    0x20
#define LZ4_FLG_BLOCK_CHECKSUM 0x10
#define LZ4_FLG_CONTENT_SIZE   0x08
#define LZ4_FLG_CONTENT_CHKSUM 0x04
#define LZ4_FLG_RESERVED       0x02
#define LZ4_FLG_DICT_ID        0x01
/* ... and its BD byte: bits 6..4 give the maximum block size, the rest is reserved. */
#define LZ4_BD_RESERVED 0x8f

#define XXH_PRIME1 0x9e3779b1u
#define XXH_PRIME2 0x85ebca77u
#define XXH_PRIME3 0xc2b2ae3du
#define XXH_PRIME4 0x27d4eb2fu
#define XXH_PRIME5 0x165667b1u

struct lz4_out {
    uint8_t *buf;
    size_t cap;
    size_t pos;
    size_t window;    /* matches reach back no further than this */
    size_t block_end; /* the current block may not write past this; <= cap */
};

static uint32_t rotl32(uint32_t v, unsigned r)
{
    return v << r | v >> (32 - r);
}

static uint32_t xxh32_round(uint32_t acc, uint32_t lane)
{
    return rotl32(acc + lane * XXH_PRIME2, 13) * XXH_PRIME1;
}

/* xxHash32 with seed 0: four lanes over 16-byte stripes, then the tail, then a final mix. */
static uint32_t xxh32(const uint8_t *p, size_t len)
{
    const uint8_t *end = p + len;
    uint32_t h;

    if (len >= 16) {
        uint32_t v1 = XXH_PRIME1 + XXH_PRIME2, v2 = XXH_PRIME2, v3 = 0, v4 = -XXH_PRIME1;

        for (; end - p >= 16; p += 16) {
            v1 = xxh32_round(v1, read_u32(p));
            v2 = xxh32_round(v2, read_u32(p + 4));
            v3 = xxh32_round(v3, read_u32(p + 8));
            v4 = xxh32_round(v4, read_u32(p + 12));
        }
        h = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18);
    } else {
        h = XXH_PRIME5;
    }
    h += (uint32_t)len;
    for (; end - p >= 4; p += 4)
        h = rotl32(h + read_u32(p) * XXH_PRIME3, 17) * XXH_PRIME4;
    for (; p < end; p++)
        h = rotl32(h + *p * XXH_PRIME5, 11) * XXH_PRIME1;
    h ^= h >> 15;
    h *= XXH_PRIME2;
    h ^= h >> 13;
    h *= XXH_PRIME3;
    return h ^ h >> 16;
}

static bool lz4_is_magic(uint32_t word)
{
    return word == LZ4_LEGACY_MAGIC || word == LZ4_FRAME_MAGIC ||
           (word & ~0xfu) == LZ4_SKIPPABLE_MAGIC;
}

/* 0 if n more bytes fit in the block, else why not. */
static int lz4_room(const struct lz4_out *o, size_t n)
{
    if (n <= o->block_end - o->pos)
        return 0;
    return o->block_end == o->cap ? -ENOSPC : -EINVAL;
}

/* Start a block at o->pos that may produce max bytes and refer back to window. */
static void lz4_block_begin(struct lz4_out *o, size_t window, size_t max)
{
    o->window = window;
    o->block_end = o->cap - o->pos < max ? o->cap : o->pos + max;
}

/* A 4-bit length of 15 goes on in bytes, each added, up to one that is not 255. */
static int lz4_length(const uint8_t **p, const uint8_t *end, size_t *length)
{
    uint8_t byte;

    if (*length != 15)
        return 0;
    do {
        if (*p == end)
            return -EINVAL;
        byte = *(*p)++;
        *length += byte;
    } while (byte == 255);
    return 0;
}

/* The match after a sequence's literals: an offset, then the rest of its length. */
static int lz4_match(const uint8_t **p, const uint8_t *end, unsigned token, struct lz4_out *o)
{
    size_t offset, length = token & 15;
    int ret;

    if (end - *p < 2)
        return -EINVAL;
    offset = (size_t)(*p)[0] | (size_t)(*p)[1] << 8;
    *p += 2;
    if (offset == 0 || offset > o->pos - o->window)
        return -EINVAL;
    ret = lz4_length(p, end, &length);
    if (ret)
        return ret;
    length += LZ4_MIN_MATCH;
    ret = lz4_room(o, length);
    if (ret)
        return ret;
    lz_copy_match(o->buf + o->pos, offset, length);
    o->pos += length;
    return 0;
}

/* One compressed block: sequences of literals and a match; the last one has literals only. */
static int lz4_block(const uint8_t *src, size_t len, struct lz4_out *o)
{
    const uint8_t *p = src, *end = src + len;

    for (;;) {
        unsigned token;
        size_t literals;
        int ret;

        if (p == end)
            return -EINVAL;
        token = *p++;
        literals = token >> 4;
        ret = lz4_length(&p, end, &literals);
        if (ret)
            return ret;
        if (literals > (size_t)(end - p))
            return -EINVAL;
        ret = lz4_room(o, literals);
        if (ret)
            return ret;
        memcpy(o->buf + o->pos, p, literals);
        o->pos += literals;
        p += literals;
        if (p == end)
            return 0;
        ret = lz4_match(&p, end, token, o);
        if (ret)
            return ret;
    }
}

/* A legacy frame at in[*pos]; on success *pos is where it ended. */
static int lz4_legacy_frame(const uint8_t *in, size_t in_len, size_t *pos, struct lz4_out *o)
{
    size_t p = *pos + 4;

    while (p < in_len) {
        uint32_t size;
        int ret;

        if (in_len - p < 4)
            return -EINVAL;
        size = read_u32(in + p);
        if (lz4_is_magic(size) || in_len - p == 4)
            break;
        p += 4;
        if (size > in_len - p)
            return -EINVAL;
        lz4_block_begin(o, o->pos, LZ4_LEGACY_BLOCK_MAX);
        ret = lz4_block(in + p, size, o);
        if (ret)
            return ret;
        p += size;
    }
    *pos = p;
    return 0;
}

/* The descriptor after a frame's magic: the frame's flags and its maximum block size. */
static int lz4_frame_header(const uint8_t *in, size_t in_len, size_t *pos, uint8_t *flags,
                            size_t *block_max, uint64_t *content_size)
{
    size_t start = *pos, len = 2;
    unsigned size_code;

    if (in_len - start < 3)
        return -EINVAL;
    *flags = in[start];
    size_code = in[start + 1] >> 4 & 7;
    if ((*flags & LZ4_FLG_VERSION_MASK) != LZ4_FLG_VERSION_1 || (*flags & LZ4_FLG_RESERVED) ||
        (in[start + 1] & LZ4_BD_RESERVED) || size_code < 4)
        return -EINVAL;
    *block_max = (size_t)1 << (8 + 2 * size_code); /* 64 KiB, 256 KiB, 1 MiB, 4 MiB */
    if (*flags & LZ4_FLG_CONTENT_SIZE)
        len += 8;
    if (*flags & LZ4_FLG_DICT_ID)
        len += 4;
    if (in_len - start < len + 1)
        return -EINVAL;
    if (in[start + len] != (xxh32(in + start, len) >> 8 & 0xff))
        return -EINVAL;
    if (*flags & LZ4_FLG_DICT_ID)
        return -EOPNOTSUPP;
    if (*flags & LZ4_FLG_CONTENT_SIZE)
        *content_size = read_u64(in + start + 2);
    *pos = start + len + 1;
    return 0;
}

/* One block of a current frame at in[*pos], after its size field (size, stored). */
static int lz4_frame_block(const uint8_t *in, size_t in_len, size_t *pos, uint32_t size_field,
                           uint8_t flags, struct lz4_out *o)
{
    size_t size = size_field & ~LZ4_STORED_BLOCK, p = *pos;
    int ret;

    if (size > in_len - p)
        return -EINVAL;
    if (flags & LZ4_FLG_BLOCK_CHECKSUM) {
        if (in_len - p - size < 4 || read_u32(in + p + size) != xxh32(in + p, size))
            return -EINVAL;
    }
    if (size_field & LZ4_STORED_BLOCK) {
        ret = lz4_room(o, size);
        if (!ret) {
            memcpy(o->buf + o->pos, in + p, size);
            o->pos += size;
        }
    } else {
        ret = lz4_block(in + p, size, o);
    }
    *pos = p + size + (flags & LZ4_FLG_BLOCK_CHECKSUM ? 4 : 0);
    return ret;
}

/* A current frame at in[*pos]; on success *pos is just past it. */
static int lz4_frame(const uint8_t *in, size_t in_len, size_t *pos, struct lz4_out *o)
{
    size_t p = *pos + 4, block_max, frame_start = o->pos;
    uint64_t content_size = 0;
    uint8_t flags;
    int ret = lz4_frame_header(in, in_len, &p, &flags, &block_max, &content_size);

    while (!ret) {
        uint32_t size_field;

        if (in_len - p < 4)
            return -EINVAL;
        size_field = read_u32(in + p);
        p += 4;
        if (size_field == 0)
            break;
        if ((size_field & ~LZ4_STORED_BLOCK) > block_max)
            return -EINVAL;
        lz4_block_begin(o, flags & LZ4_FLG_INDEPENDENT ? o->pos : frame_start, block_max);
        ret = lz4_frame_block(in, in_len, &p, size_field, flags, o);
    }
    if (ret)
        return ret;
    if (flags & LZ4_FLG_CONTENT_CHKSUM) {
        if (in_len - p < 4 || read_u32(in + p) != xxh32(o->buf + frame_start, o->pos - frame_start))
            return -EINVAL;
        p += 4;
    }
    if ((flags & LZ4_FLG_CONTENT_SIZE) && content_size != o->pos - frame_start)
        return -EINVAL;
    *pos = p;
    return 0;
}

static int lz4_skippable_frame(const uint8_t *in, size_t in_len, size_t *pos)
{
    size_t p = *pos + 4;
    uint32_t len;

    if (in_len - p < 4)
        return -EINVAL;
    len = read_u32(in + p);
    p += 4;
    if (len > in_len - p)
        return -EINVAL;
    *pos = p + len;
    return 0;
}

size_t unlz4_scratch_size(void)
{
    return 0;
}

long unlz4(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
           size_t scratch_len)
{
    struct lz4_out o = { .buf = out, .cap = out_cap };
    size_t pos = 0;

    if (in_len < 4 || !lz4_is_magic(read_u32(in)))
        return -EINVAL;
    while (in_len - pos >= 4 && lz4_is_magic(read_u32(in + pos))) {
        uint32_t magic = read_u32(in + pos);
        int ret;

        if (magic == LZ4_LEGACY_MAGIC)
            ret = lz4_legacy_frame(in, in_len, &pos, &o);
        else if (magic == LZ4_FRAME_MAGIC)
            ret = lz4_frame(in, in_len, &pos, &o);
        else
            ret = lz4_skippable_frame(in, in_len, &pos);
        if (ret)
            return ret;
    }
    return (long)o.pos;
}
