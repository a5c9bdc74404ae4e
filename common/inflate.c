/*
 * gunzip: RFC 1952 gzip members around RFC 1951 deflate, in one call.
 *
 * A member is a header (magic, method 8, flags, then the optional extra
 * field, file name, comment and header CRC16), deflate blocks, and a
 * trailer holding the CRC32 and the length mod 2^32 of what the member
 * produced.  Members follow each other; bytes after a complete member that
 * do not start another are ignored, as gzip itself does.
 *
 * Deflate's Huffman codes are decoded through a table indexed by the next
 * ROOT_BITS input bits; the rare longer codes are found by walking the
 * canonical code one length at a time.
 *
 * Invariants: the bit reader never reads past in_len and reports a request
 * for bits the input no longer has; every write is checked against
 * out_cap; a match reaches back no further than the start of its member's
 * output (the output buffer is the history window); the tables live in
 * the caller's scratch (struct inflate_state), never on the stack.
 */
#include <stdint.h>

#include "common/bytes.h"
#include "common/crc32.h"
#include "common/decompress.h"
#include "common/errno.h"
#include "common/lz_copy.h"
#include "common/scratch.h"
#include "common/string.h"

#define MAX_CODE_BITS    15
#define LITLEN_ROOT_BITS 10
#define DIST_ROOT_BITS   8
#define LITLEN_SYMBOLS   288 /* 286 and 287 take part in the fixed code but never occur */
#define DIST_SYMBOLS     32  /* likewise 30 and 31 */
#define CODE_LEN_SYMBOLS 19
#define END_OF_BLOCK     256
#define MAX_LITLEN_CODES 286
#define MAX_DIST_CODES   30
#define LENGTH_CODES     29

#define GZIP_FHCRC          0x02
#define GZIP_FEXTRA         0x04
#define GZIP_FNAME          0x08
#define GZIP_FCOMMENT       0x10
#define GZIP_FLAGS_UNUSED   0xe0
#define GZIP_METHOD_DEFLATE 8

/* A canonical Huffman code, ready to decode. */
struct huffman {
    /* 1 << root_bits entries, indexed by the next input bits: symbol << 4 | code length,
     * or 0 where the code is longer than root_bits (or unused). */
    uint16_t *table;
    unsigned root_bits;
    uint16_t count[MAX_CODE_BITS + 1];       /* codes of each length */
    uint16_t first_code[MAX_CODE_BITS + 1];  /* the first code of each length */
    uint16_t first_index[MAX_CODE_BITS + 1]; /* where its symbol is in symbols[] */
    uint16_t symbols[LITLEN_SYMBOLS];        /* ordered by code length, then value */
};

struct inflate_state {
    struct huffman litlen; /* also holds the code-length code while a header is read */
    struct huffman dist;
    uint16_t litlen_table[1 << LITLEN_ROOT_BITS];
    uint16_t dist_table[1 << DIST_ROOT_BITS];
    uint8_t lengths[LITLEN_SYMBOLS + DIST_SYMBOLS];
    struct crc32_table crc;
};

/* Deflate reads bits from the least significant end of each byte. */
struct bit_reader {
    const uint8_t *in;
    size_t len;
    size_t pos;   /* the next byte not yet in buf */
    uint64_t buf; /* count unread bits, the next one lowest; zeros above them */
    unsigned count;
};

struct inflate_out {
    uint8_t *buf;
    size_t cap;
    size_t pos;
    size_t member_start; /* matches reach back no further than this */
};

/* RFC 1951, 3.2.5: what length codes 257..285 and distance codes 0..29 stand for. */
static const uint16_t length_base[LENGTH_CODES] = {
    3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23,  27,
    31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t length_extra[LENGTH_CODES] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const uint16_t dist_base[MAX_DIST_CODES] = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const uint8_t dist_extra[MAX_DIST_CODES] = {
    0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
    6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};
/* RFC 1951, 3.2.7: the order in which a dynamic header lists the code-length code's lengths. */
static const uint8_t code_len_order[CODE_LEN_SYMBOLS] = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
};

static void bits_refill(struct bit_reader *br)
{
    while (br->count <= 56 && br->pos < br->len) {
        br->buf |= (uint64_t)br->in[br->pos++] << br->count;
        br->count += 8;
    }
}

/* The next n (<= 16) bits as a number, or -EINVAL if the input ends first. */
static int bits_get(struct bit_reader *br, unsigned n)
{
    int value;

    if (br->count < n)
        bits_refill(br);
    if (br->count < n)
        return -EINVAL;
    value = (int)(br->buf & ((1u << n) - 1));
    br->buf >>= n;
    br->count -= n;
    return value;
}

/* Skip to the next byte boundary and give the whole bytes still buffered back to the input. */
static void bits_align(struct bit_reader *br)
{
    br->pos -= br->count / 8;
    br->buf = 0;
    br->count = 0;
}

static unsigned bits_reverse(unsigned code, unsigned len)
{
    unsigned reversed = 0;

    while (len--) {
        reversed = reversed << 1 | (code & 1);
        code >>= 1;
    }
    return reversed;
}

/* Count the codes of each length and where each length's codes and symbols begin. */
static int huffman_count(struct huffman *h, const uint8_t *lengths, unsigned n)
{
    unsigned code = 0, index = 0;
    int left = 1;

    memset(h->count, 0, sizeof(h->count));
    for (unsigned s = 0; s < n; s++)
        h->count[lengths[s]]++;
    for (unsigned len = 1; len <= MAX_CODE_BITS; len++) {
        left = 2 * left - h->count[len];
        if (left < 0)
            return -EINVAL; /* more codes than the lengths allow */
        h->first_code[len] = (uint16_t)code;
        h->first_index[len] = (uint16_t)index;
        code = (code + h->count[len]) << 1;
        index += h->count[len];
    }
    return 0;
}

/*
 * Build h from the code lengths of symbols 0..n-1 (0: unused).  An
 * incomplete code is allowed; its unused bit patterns fail to decode.
 */
static int huffman_build(struct huffman *h, const uint8_t *lengths, unsigned n)
{
    uint16_t next_code[MAX_CODE_BITS + 1], next_index[MAX_CODE_BITS + 1];
    unsigned table_size = 1u << h->root_bits;
    int ret = huffman_count(h, lengths, n);

    if (ret)
        return ret;
    memcpy(next_code, h->first_code, sizeof(next_code));
    memcpy(next_index, h->first_index, sizeof(next_index));
    memset(h->table, 0, table_size * sizeof(h->table[0]));
    for (unsigned s = 0; s < n; s++) {
        unsigned len = lengths[s], code;

        if (len == 0)
            continue;
        h->symbols[next_index[len]++] = (uint16_t)s;
        code = next_code[len]++;
        if (len > h->root_bits)
            continue;
        /* Every table index whose low len bits are this code, whatever the bits above. */
        for (unsigned i = bits_reverse(code, len); i < table_size; i += 1u << len)
            h->table[i] = (uint16_t)(s << 4 | len);
    }
    return 0;
}

/* Walk the canonical code one bit at a time: for codes longer than the table reaches. */
static int huffman_decode_long(const struct huffman *h, uint64_t bits, unsigned *len_out)
{
    unsigned code = 0;

    for (unsigned len = 1; len <= MAX_CODE_BITS; len++) {
        unsigned offset;

        code = code << 1 | (unsigned)(bits & 1);
        bits >>= 1;
        offset = code - h->first_code[len];
        if (code >= h->first_code[len] && offset < h->count[len]) {
            *len_out = len;
            return h->symbols[h->first_index[len] + offset];
        }
    }
    return -EINVAL;
}

/* The next symbol, or -EINVAL for an unused code or the end of the input. */
static int huffman_decode(struct bit_reader *br, const struct huffman *h)
{
    unsigned entry, len;
    int symbol;

    if (br->count < MAX_CODE_BITS)
        bits_refill(br);
    entry = h->table[br->buf & ((1u << h->root_bits) - 1)];
    if (entry) {
        symbol = (int)(entry >> 4);
        len = entry & 15;
    } else {
        symbol = huffman_decode_long(h, br->buf, &len);
        if (symbol < 0)
            return symbol;
    }
    if (len > br->count)
        return -EINVAL;
    br->buf >>= len;
    br->count -= len;
    return symbol;
}

/* A <length, distance> pair after length code length_code (symbol - 257). */
static int inflate_match(struct bit_reader *br, const struct inflate_state *st,
                         struct inflate_out *out, unsigned length_code)
{
    int extra, dist_code;
    size_t length, distance;

    if (length_code >= LENGTH_CODES)
        return -EINVAL;
    extra = bits_get(br, length_extra[length_code]);
    if (extra < 0)
        return extra;
    length = length_base[length_code] + (size_t)extra;
    dist_code = huffman_decode(br, &st->dist);
    if (dist_code < 0)
        return dist_code;
    if (dist_code >= MAX_DIST_CODES)
        return -EINVAL;
    extra = bits_get(br, dist_extra[dist_code]);
    if (extra < 0)
        return extra;
    distance = dist_base[dist_code] + (size_t)extra;
    if (distance > out->pos - out->member_start)
        return -EINVAL;
    if (length > out->cap - out->pos)
        return -ENOSPC;
    lz_copy_match(out->buf + out->pos, distance, length);
    out->pos += length;
    return 0;
}

/* The literals and matches of a Huffman-coded block, up to its end-of-block code. */
static int inflate_codes(struct bit_reader *br, const struct inflate_state *st,
                         struct inflate_out *out)
{
    for (;;) {
        int symbol = huffman_decode(br, &st->litlen), ret;

        if (symbol < 0)
            return symbol;
        if (symbol < 256) {
            if (out->pos == out->cap)
                return -ENOSPC;
            out->buf[out->pos++] = (uint8_t)symbol;
            continue;
        }
        if (symbol == END_OF_BLOCK)
            return 0;
        ret = inflate_match(br, st, out, (unsigned)symbol - 257);
        if (ret)
            return ret;
    }
}

static int inflate_stored(struct bit_reader *br, struct inflate_out *out)
{
    const uint8_t *p;
    size_t len;

    bits_align(br);
    if (br->len - br->pos < 4)
        return -EINVAL;
    p = br->in + br->pos;
    len = (size_t)p[0] | (size_t)p[1] << 8;
    if ((size_t)(p[2] | p[3] << 8) != (~len & 0xffff))
        return -EINVAL;
    br->pos += 4;
    if (len > br->len - br->pos)
        return -EINVAL;
    if (len > out->cap - out->pos)
        return -ENOSPC;
    memcpy(out->buf + out->pos, br->in + br->pos, len);
    out->pos += len;
    br->pos += len;
    return 0;
}

/* RFC 1951, 3.2.6: the code lengths of the fixed Huffman codes. */
static int inflate_fixed_tables(struct inflate_state *st)
{
    uint8_t *len = st->lengths;
    int ret;

    memset(len, 8, 144);
    memset(len + 144, 9, 256 - 144);
    memset(len + 256, 7, 280 - 256);
    memset(len + 280, 8, LITLEN_SYMBOLS - 280);
    memset(len + LITLEN_SYMBOLS, 5, DIST_SYMBOLS);
    ret = huffman_build(&st->litlen, len, LITLEN_SYMBOLS);
    if (ret)
        return ret;
    return huffman_build(&st->dist, len + LITLEN_SYMBOLS, DIST_SYMBOLS);
}

/* Decode total code lengths with the code-length code (built in st->litlen) into st->lengths. */
static int inflate_code_lengths(struct bit_reader *br, struct inflate_state *st, unsigned total)
{
    /* Symbols 16, 17, 18: repeat the previous length, or zero, this many times plus extra bits. */
    static const uint8_t repeat_bits[3] = { 2, 3, 7 };
    static const uint8_t repeat_base[3] = { 3, 3, 11 };
    unsigned i = 0;

    while (i < total) {
        int symbol = huffman_decode(br, &st->litlen), extra;
        uint8_t value = 0;
        unsigned repeat;

        if (symbol < 0)
            return symbol;
        if (symbol < 16) {
            st->lengths[i++] = (uint8_t)symbol;
            continue;
        }
        if (symbol == 16) {
            if (i == 0)
                return -EINVAL;
            value = st->lengths[i - 1];
        }
        extra = bits_get(br, repeat_bits[symbol - 16]);
        if (extra < 0)
            return extra;
        repeat = repeat_base[symbol - 16] + (unsigned)extra;
        if (repeat > total - i)
            return -EINVAL;
        memset(st->lengths + i, value, repeat);
        i += repeat;
    }
    return 0;
}

/* RFC 1951, 3.2.7: a dynamic block's header, which carries its two codes. */
static int inflate_dynamic_tables(struct bit_reader *br, struct inflate_state *st)
{
    int hlit = bits_get(br, 5), hdist = bits_get(br, 5), hclen = bits_get(br, 4), ret;
    unsigned nlit, ndist;

    if ((hlit | hdist | hclen) < 0)
        return -EINVAL;
    nlit = (unsigned)hlit + 257;
    ndist = (unsigned)hdist + 1;
    if (nlit > MAX_LITLEN_CODES || ndist > MAX_DIST_CODES)
        return -EINVAL;
    memset(st->lengths, 0, CODE_LEN_SYMBOLS);
    for (int i = 0; i < hclen + 4; i++) {
        int len = bits_get(br, 3);

        if (len < 0)
            return len;
        st->lengths[code_len_order[i]] = (uint8_t)len;
    }
    ret = huffman_build(&st->litlen, st->lengths, CODE_LEN_SYMBOLS);
    if (!ret)
        ret = inflate_code_lengths(br, st, nlit + ndist);
    if (ret)
        return ret;
    if (st->lengths[END_OF_BLOCK] == 0)
        return -EINVAL; /* the block could never end */
    ret = huffman_build(&st->litlen, st->lengths, nlit);
    if (ret)
        return ret;
    return huffman_build(&st->dist, st->lengths + nlit, ndist);
}

/* Deflate blocks up to and including the one marked final. */
static int inflate_blocks(struct bit_reader *br, struct inflate_state *st, struct inflate_out *out)
{
    int final, ret;

    do {
        int type;

        final = bits_get(br, 1);
        type = bits_get(br, 2);
        if ((final | type) < 0)
            return -EINVAL;
        if (type == 0) {
            ret = inflate_stored(br, out);
        } else if (type == 1 || type == 2) {
            ret = type == 1 ? inflate_fixed_tables(st) : inflate_dynamic_tables(br, st);
            if (!ret)
                ret = inflate_codes(br, st, out);
        } else {
            ret = -EINVAL;
        }
        if (ret)
            return ret;
    } while (!final);
    return 0;
}

/* Step *pos past a NUL-terminated string. */
static int skip_string(const uint8_t *in, size_t in_len, size_t *pos)
{
    size_t p = *pos;

    while (p < in_len && in[p])
        p++;
    if (p == in_len)
        return -EINVAL;
    *pos = p + 1;
    return 0;
}

/* RFC 1952, 2.3: a member header at in[*pos]; on success *pos is its first deflate byte. */
static int gzip_header(const uint8_t *in, size_t in_len, size_t *pos, const struct crc32_table *crc)
{
    size_t start = *pos, p = start + 10;
    uint8_t flags;

    if (in_len - start < 10 || in[start] != 0x1f || in[start + 1] != 0x8b ||
        in[start + 2] != GZIP_METHOD_DEFLATE)
        return -EINVAL;
    flags = in[start + 3];
    if (flags & GZIP_FLAGS_UNUSED)
        return -EINVAL;
    if (flags & GZIP_FEXTRA) {
        size_t xlen;

        if (in_len - p < 2)
            return -EINVAL;
        xlen = (size_t)in[p] | (size_t)in[p + 1] << 8;
        p += 2;
        if (xlen > in_len - p)
            return -EINVAL;
        p += xlen;
    }
    if ((flags & GZIP_FNAME) && skip_string(in, in_len, &p))
        return -EINVAL;
    if ((flags & GZIP_FCOMMENT) && skip_string(in, in_len, &p))
        return -EINVAL;
    if (flags & GZIP_FHCRC) {
        if (in_len - p < 2)
            return -EINVAL;
        if ((uint32_t)(in[p] | in[p + 1] << 8) != (crc32(crc, in + start, p - start) & 0xffff))
            return -EINVAL;
        p += 2;
    }
    *pos = p;
    return 0;
}

/* One member at in[*pos]; on success *pos is just past its trailer. */
static int gunzip_member(const uint8_t *in, size_t in_len, size_t *pos, struct inflate_state *st,
                         struct inflate_out *out)
{
    struct bit_reader br = { .in = in, .len = in_len };
    size_t produced;
    int ret = gzip_header(in, in_len, pos, &st->crc);

    if (ret)
        return ret;
    br.pos = *pos;
    out->member_start = out->pos;
    ret = inflate_blocks(&br, st, out);
    if (ret)
        return ret;
    bits_align(&br);
    if (in_len - br.pos < 8)
        return -EINVAL;
    produced = out->pos - out->member_start;
    if (read_u32(in + br.pos) != crc32(&st->crc, out->buf + out->member_start, produced) ||
        read_u32(in + br.pos + 4) != (uint32_t)produced)
        return -EINVAL;
    *pos = br.pos + 8;
    return 0;
}

size_t gunzip_scratch_size(void)
{
    return SCRATCH_SIZE(struct inflate_state);
}

/* The state inside scratch, aligned; NULL if scratch is too small. */
static struct inflate_state *inflate_state_in(void *scratch, size_t scratch_len)
{
    struct inflate_state *st = SCRATCH_PLACE(struct inflate_state, scratch, scratch_len);

    if (!st)
        return NULL;
    st->litlen.table = st->litlen_table;
    st->litlen.root_bits = LITLEN_ROOT_BITS;
    st->dist.table = st->dist_table;
    st->dist.root_bits = DIST_ROOT_BITS;
    crc32_table_init(&st->crc);
    return st;
}

long gunzip(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
            size_t scratch_len)
{
    struct inflate_state *st = inflate_state_in(scratch, scratch_len);
    struct inflate_out o = { .buf = out, .cap = out_cap };
    size_t pos = 0;

    if (!st)
        return -ENOMEM;
    do {
        int ret = gunzip_member(in, in_len, &pos, st, &o);

        if (ret)
            return ret;
    } while (in_len - pos >= 2 && in[pos] == 0x1f && in[pos + 1] == 0x8b);
    return (long)o.pos;
}
