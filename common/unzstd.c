/*
 * unzstd: Zstandard frames (RFC 8878) in one call.  This file owns the
 * frame layer: magic numbers, frame headers, block headers, raw and RLE
 * blocks, the content size and the XXH64 content checksum; compressed
 * blocks go to zstd_block.c and its entropy decoders in zstd_entropy.c.
 *
 * Frames follow each other; skippable frames are skipped.  The output
 * buffer is the whole history window, so a match may reach back to the
 * start of its frame's output and no further.  After at least one frame,
 * bytes that do not begin with a frame magic are ignored, because the
 * Linux build appends the decompressed size to the payload.
 *
 * Invariants: the scratch area holds struct zstd_state, reset at each
 * frame (no table, no Huffman tree, repeat offsets 1, 4, 8), since frames
 * share nothing.
 *
 * Refused: frames that name a dictionary (-EOPNOTSUPP); a kernel image
 * never needs one.
 */
#include "common/bytes.h"
#include "common/decompress.h"
#include "common/errno.h"
#include "common/scratch.h"
#include "common/string.h"
#include "common/zstd_internal.h"

#define ZSTD_FRAME_MAGIC     0xfd2fb528u
#define ZSTD_SKIPPABLE_MAGIC 0x184d2a50u /* low four bits are free */

enum { BLOCK_RAW, BLOCK_RLE, BLOCK_COMPRESSED };

#define XXH_PRIME1 0x9e3779b185ebca87ull
#define XXH_PRIME2 0xc2b2ae3d27d4eb4full
#define XXH_PRIME3 0x165667b19e3779f9ull
#define XXH_PRIME4 0x85ebca77c2b2ae63ull
#define XXH_PRIME5 0x27d4eb2f165667c5ull

struct frame_header {
    uint64_t window_size;
    uint64_t content_size;
    bool has_content_size;
    bool has_checksum;
    size_t len; /* header bytes after the magic */
};

static uint64_t rotl64(uint64_t v, unsigned n)
{
    return v << n | v >> (64 - n);
}

static uint64_t xxh64_round(uint64_t acc, uint64_t lane)
{
    return rotl64(acc + lane * XXH_PRIME2, 31) * XXH_PRIME1;
}

/* XXH64 with seed 0: four lanes over 32-byte stripes, then the tail, then mixing. */
static uint64_t xxh64(const uint8_t *p, size_t len)
{
    const uint8_t *end = p + len;
    uint64_t h;

    if (len >= 32) {
        uint64_t lane[4] = { XXH_PRIME1 + XXH_PRIME2, XXH_PRIME2, 0, -XXH_PRIME1 };

        for (; end - p >= 32; p += 32)
            for (int i = 0; i < 4; i++)
                lane[i] = xxh64_round(lane[i], read_u64(p + 8 * i));
        h = rotl64(lane[0], 1) + rotl64(lane[1], 7) + rotl64(lane[2], 12) + rotl64(lane[3], 18);
        for (int i = 0; i < 4; i++)
            h = (h ^ xxh64_round(0, lane[i])) * XXH_PRIME1 + XXH_PRIME4;
    } else {
        h = XXH_PRIME5;
    }
    h += len;
    for (; end - p >= 8; p += 8)
        h = rotl64(h ^ xxh64_round(0, read_u64(p)), 27) * XXH_PRIME1 + XXH_PRIME4;
    if (end - p >= 4) {
        h = rotl64(h ^ read_u32(p) * XXH_PRIME1, 23) * XXH_PRIME2 + XXH_PRIME3;
        p += 4;
    }
    for (; p < end; p++)
        h = rotl64(h ^ *p * XXH_PRIME5, 11) * XXH_PRIME1;
    h ^= h >> 33;
    h *= XXH_PRIME2;
    h ^= h >> 29;
    h *= XXH_PRIME3;
    return h ^ h >> 32;
}

static uint64_t read_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* The frame header after the magic: descriptor, window, dictionary id, content size. */
static int read_frame_header(const uint8_t *in, size_t len, struct frame_header *fh)
{
    static const uint8_t dict_id_size[] = { 0, 1, 2, 4 };
    static const uint8_t content_size_size[] = { 0, 2, 4, 8 };
    unsigned desc, single_segment, dict_size, fcs_size;
    size_t pos = 1;

    if (len < 1 || (in[0] & 0x08))
        return -EINVAL;
    desc = in[0];
    single_segment = desc >> 5 & 1;
    dict_size = dict_id_size[desc & 3];
    fcs_size = desc >> 6 == 0 ? single_segment : content_size_size[desc >> 6];
    fh->has_checksum = desc >> 2 & 1;
    fh->has_content_size = fcs_size != 0;
    if (!single_segment) {
        unsigned exponent, mantissa;

        if (len < 2)
            return -EINVAL;
        exponent = in[1] >> 3;
        mantissa = in[1] & 7;
        fh->window_size = (1ull << (10 + exponent)) + ((1ull << (10 + exponent)) / 8) * mantissa;
        pos = 2;
    }
    if (len - pos < dict_size + fcs_size)
        return -EINVAL;
    if (read_le(in + pos, dict_size) != 0)
        return -EOPNOTSUPP;
    pos += dict_size;
    fh->content_size = read_le(in + pos, fcs_size) + (fcs_size == 2 ? 256 : 0);
    if (single_segment)
        fh->window_size = fh->content_size;
    fh->len = pos + fcs_size;
    return 0;
}

/* One block's content; *used is set to the input bytes it took. */
static int decode_block(struct zstd_state *st, unsigned type, uint32_t size, const uint8_t *in,
                        size_t len, struct zstd_out *out, size_t block_max, size_t *used)
{
    if (size > block_max)
        return -EINVAL;
    *used = type == BLOCK_RLE ? 1 : size;
    if (type > BLOCK_COMPRESSED || *used > len)
        return -EINVAL;
    if (type == BLOCK_COMPRESSED)
        return zstd_compressed_block(st, in, size, out, block_max);
    if (size > out->cap - out->len)
        return -ENOSPC;
    if (type == BLOCK_RAW)
        memcpy(out->buf + out->len, in, size);
    else
        memset(out->buf + out->len, in[0], size);
    out->len += size;
    return 0;
}

/* Blocks until the last one, then the checksum; *pos is the offset in in[] throughout. */
static int decode_blocks(struct zstd_state *st, const uint8_t *in, size_t len, size_t *pos,
                         struct zstd_out *out, size_t block_max)
{
    for (;;) {
        uint32_t header;
        size_t used;
        int ret;

        if (len - *pos < 3)
            return -EINVAL;
        header = (uint32_t)read_le(in + *pos, 3);
        *pos += 3;
        ret = decode_block(st, header >> 1 & 3, header >> 3, in + *pos, len - *pos, out, block_max,
                           &used);
        if (ret)
            return ret;
        *pos += used;
        if (header & 1)
            return 0;
    }
}

/* One frame from its header (after the magic) to its checksum; *used counts what it took. */
static int decode_frame(struct zstd_state *st, const uint8_t *in, size_t len, struct zstd_out *out,
                        size_t *used)
{
    struct frame_header fh = { 0 };
    size_t pos, frame_len;
    int ret;

    if ((ret = read_frame_header(in, len, &fh)))
        return ret;
    memset(st->have_seq, 0, sizeof(st->have_seq));
    st->have_huf = false;
    st->rep[0] = 1;
    st->rep[1] = 4;
    st->rep[2] = 8;
    out->frame_start = out->len;
    pos = fh.len;
    ret = decode_blocks(st, in, len, &pos, out,
                        fh.window_size < ZSTD_BLOCK_MAX ? fh.window_size : ZSTD_BLOCK_MAX);
    if (ret)
        return ret;
    frame_len = out->len - out->frame_start;
    if (fh.has_content_size && frame_len != fh.content_size)
        return -EINVAL;
    if (fh.has_checksum) {
        if (len - pos < 4 ||
            read_u32(in + pos) != (uint32_t)xxh64(out->buf + out->frame_start, frame_len))
            return -EINVAL;
        pos += 4;
    }
    *used = pos;
    return 0;
}

size_t unzstd_scratch_size(void)
{
    return SCRATCH_SIZE(struct zstd_state);
}

long unzstd(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
            size_t scratch_len)
{
    struct zstd_state *st = SCRATCH_PLACE(struct zstd_state, scratch, scratch_len);
    struct zstd_out sink = { .buf = out, .cap = out_cap };
    size_t offset = 0, frames = 0;

    if (!st)
        return -ENOMEM;
    for (; in_len - offset >= 4; frames++) {
        uint32_t magic = read_u32(in + offset);
        size_t used;
        int ret;

        if (magic == ZSTD_FRAME_MAGIC) {
            ret = decode_frame(st, in + offset + 4, in_len - offset - 4, &sink, &used);
            if (ret)
                return ret;
        } else if ((magic & ~0xfu) == ZSTD_SKIPPABLE_MAGIC) {
            if (in_len - offset < 8 || read_u32(in + offset + 4) > in_len - offset - 8)
                return -EINVAL;
            used = 4 + read_u32(in + offset + 4);
        } else {
            break;
        }
        offset += 4 + used;
    }
    return frames ? (long)sink.len : -EINVAL;
}
