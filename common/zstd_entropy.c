/*
 * zstd's two entropy coders, as RFC 8878 section 4 defines them.
 *
 * FSE: a table description (normalised counts, read forwards) becomes a
 * decoding table of 1 << log cells, each giving a symbol and how to reach
 * the next state.  The three predefined distributions of section 3.1.1.3.2.2
 * are written out below.
 *
 * Huffman: a tree description (weights, raw or FSE coded) becomes a table
 * indexed by the next max_bits bits of a stream; 1 or 4 streams are decoded
 * backwards and each must be used up exactly.
 *
 * Invariants: a table is only built from a description whose counts add up
 * exactly to its size (FSE) or to a power of two (Huffman), so every cell is
 * filled and every state and symbol it yields is in range.
 */
#include "common/errno.h"
#include "common/string.h"
#include "common/zstd_internal.h"

#define WEIGHTS_MAX_LOG    6  /* accuracy log limit for the weights' FSE table */
#define WEIGHTS_MAX_SYMBOL 15 /* weights are 4-bit values */
#define WEIGHTS_MAX_COUNT  255

/* Normalised counts; -1 stands for "less than 1", a single cell. */
static const int16_t predefined_ll[ZSTD_LL_MAX_CODE + 1] = {
    4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1,  1,  2,  2,
    2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1,
};
static const int16_t predefined_ml[ZSTD_ML_MAX_CODE + 1] = {
    1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  1,  1,  1,  1,  1,  1,  1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1,
};
static const int16_t predefined_of[29] = {
    1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
};

static unsigned highest_bit(uint32_t v)
{
    return 31 - (unsigned)__builtin_clz(v);
}

int zstd_rbits_init(struct zstd_rbits *br, const uint8_t *data, size_t len)
{
    if (len == 0 || data[len - 1] == 0)
        return -EINVAL;
    br->data = data;
    br->len = len;
    br->pos = (int64_t)(len - 1) * 8 + highest_bit(data[len - 1]);
    return 0;
}

/* The n bits at bit offset pos of src[0..len), read forwards; bits past the end read as 0. */
static uint32_t forward_bits(const uint8_t *src, size_t len, size_t pos, unsigned n)
{
    uint32_t value = 0;

    for (unsigned i = 0; i < n; i++, pos++)
        if (pos / 8 < len && (src[pos / 8] >> (pos % 8) & 1))
            value |= 1u << i;
    return value;
}

/* Counts for the symbols after a zero count: 2-bit repeat fields, 3 meaning "and more". */
static int read_zero_run(const uint8_t *src, size_t len, size_t *pos, int16_t *counts,
                         unsigned *symbol, unsigned max_symbol)
{
    unsigned repeat;

    do {
        repeat = forward_bits(src, len, *pos, 2);
        *pos += 2;
        if (*pos > 8 * len || *symbol + repeat > max_symbol + 1)
            return -EINVAL;
        for (unsigned i = 0; i < repeat; i++)
            counts[(*symbol)++] = 0;
    } while (repeat == 3);
    return 0;
}

/*
 * Read normalised counts.  Each count is coded in just enough bits for what
 * is left to share out, small values in one bit fewer; the counts must use
 * up exactly 1 << log.
 */
static int read_counts(const uint8_t *src, size_t len, int16_t *counts, unsigned max_symbol,
                       unsigned max_log, unsigned *log_out, unsigned *nsymbols, size_t *used)
{
    unsigned log, symbol = 0, nbits;
    int32_t remaining, threshold;
    size_t pos = 4;

    if (len == 0 || (log = (src[0] & 15u) + 5) > max_log)
        return -EINVAL;
    remaining = (1 << log) + 1;
    threshold = 1 << log;
    nbits = log + 1;
    while (remaining > 1) {
        int32_t small_limit = 2 * threshold - 1 - remaining;
        int32_t value = (int32_t)forward_bits(src, len, pos, nbits);

        if (symbol > max_symbol)
            return -EINVAL;
        if ((value & (threshold - 1)) < small_limit) {
            value &= threshold - 1;
            pos += nbits - 1;
        } else {
            if (value >= threshold)
                value -= small_limit;
            pos += nbits;
        }
        counts[symbol++] = (int16_t)(value - 1);
        remaining -= value == 0 ? 1 : value - 1;
        if (value == 1 && read_zero_run(src, len, &pos, counts, &symbol, max_symbol))
            return -EINVAL;
        while (remaining < threshold) {
            nbits--;
            threshold >>= 1;
        }
    }
    if (pos > 8 * len)
        return -EINVAL;
    *log_out = log;
    *nsymbols = symbol;
    *used = (pos + 7) / 8;
    return 0;
}

/* Spread the symbols over the cells and give each cell its next-state rule. */
static void build_table(struct zstd_fse_table *t, const int16_t *counts, unsigned nsymbols,
                        unsigned log)
{
    uint16_t next[ZSTD_MAX_FSE_SYMBOLS];
    uint32_t size = 1u << log, mask = size - 1, pos = 0;
    uint32_t step = (size >> 1) + (size >> 3) + 3;
    int32_t high = (int32_t)size - 1;

    t->log = log;
    for (unsigned s = 0; s < nsymbols; s++) {
        if (counts[s] == -1) {
            t->cells[high--].symbol = (uint8_t)s;
            next[s] = 1;
        } else {
            next[s] = (uint16_t)counts[s];
        }
    }
    for (unsigned s = 0; s < nsymbols; s++) {
        for (int i = 0; i < counts[s]; i++) {
            t->cells[pos].symbol = (uint8_t)s;
            do
                pos = (pos + step) & mask;
            while ((int32_t)pos > high);
        }
    }
    for (uint32_t i = 0; i < size; i++) {
        uint32_t state = next[t->cells[i].symbol]++;
        unsigned nbits = log - highest_bit(state);

        t->cells[i].nbits = (uint8_t)nbits;
        t->cells[i].baseline = (uint16_t)((state << nbits) - size);
    }
}

int zstd_fse_read_table(struct zstd_fse_table *t, const uint8_t *src, size_t len,
                        unsigned max_symbol, unsigned max_log, size_t *used)
{
    int16_t counts[ZSTD_MAX_FSE_SYMBOLS];
    unsigned log, nsymbols;

    if (read_counts(src, len, counts, max_symbol, max_log, &log, &nsymbols, used))
        return -EINVAL;
    build_table(t, counts, nsymbols, log);
    return 0;
}

void zstd_fse_rle_table(struct zstd_fse_table *t, uint8_t symbol)
{
    t->log = 0;
    t->cells[0] = (struct zstd_fse_cell){ .baseline = 0, .symbol = symbol, .nbits = 0 };
}

void zstd_fse_predefined(struct zstd_fse_table *t, enum zstd_seq_kind kind)
{
    if (kind == ZSTD_LL)
        build_table(t, predefined_ll, ZSTD_LL_MAX_CODE + 1, 6);
    else if (kind == ZSTD_ML)
        build_table(t, predefined_ml, ZSTD_ML_MAX_CODE + 1, 6);
    else
        build_table(t, predefined_of, sizeof(predefined_of) / sizeof(predefined_of[0]), 5);
}

/* Weights coded with FSE: two states over one backward stream take turns. */
static int read_fse_weights(struct zstd_state *st, const uint8_t *src, size_t len, unsigned *count)
{
    struct zstd_fse_table *t = &st->weights;
    struct zstd_rbits br;
    uint32_t state[2];
    size_t used;
    unsigned n = 0;

    if (zstd_fse_read_table(t, src, len, WEIGHTS_MAX_SYMBOL, WEIGHTS_MAX_LOG, &used) ||
        zstd_rbits_init(&br, src + used, len - used))
        return -EINVAL;
    state[0] = zstd_rbits_read(&br, t->log);
    state[1] = zstd_rbits_read(&br, t->log);
    /* When an update runs out of bits, the other state gives the last weight. */
    for (unsigned turn = 0;; turn ^= 1) {
        const struct zstd_fse_cell *cell = &t->cells[state[turn]];

        if (n >= WEIGHTS_MAX_COUNT)
            return -EINVAL;
        st->huf_weights[n++] = cell->symbol;
        state[turn] = cell->baseline + zstd_rbits_read(&br, cell->nbits);
        if (br.pos < 0) {
            if (n >= WEIGHTS_MAX_COUNT)
                return -EINVAL;
            st->huf_weights[n++] = t->cells[state[turn ^ 1]].symbol;
            break;
        }
    }
    *count = n;
    return 0;
}

/* Weights stored as 4-bit fields, two to a byte, high nibble first. */
static int read_raw_weights(struct zstd_state *st, const uint8_t *src, size_t len, unsigned count)
{
    if ((count + 1) / 2 > len)
        return -EINVAL;
    for (unsigned i = 0; i < count; i++)
        st->huf_weights[i] = (uint8_t)(i % 2 ? src[i / 2] & 15 : src[i / 2] >> 4);
    return 0;
}

/* Complete the weights with the implied last one; fill the table, lightest weight first. */
static int build_huf_table(struct zstd_state *st, unsigned count)
{
    uint32_t total = 0, next[ZSTD_HUF_MAX_BITS + 2] = { 0 }, left;
    unsigned max_bits;

    for (unsigned i = 0; i < count; i++) {
        if (st->huf_weights[i] > ZSTD_HUF_MAX_BITS)
            return -EINVAL;
        total += st->huf_weights[i] ? 1u << (st->huf_weights[i] - 1) : 0;
    }
    if (total == 0 || (max_bits = highest_bit(total) + 1) > ZSTD_HUF_MAX_BITS)
        return -EINVAL;
    left = (1u << max_bits) - total;
    if (left & (left - 1))
        return -EINVAL;
    st->huf_weights[count++] = (uint8_t)(highest_bit(left) + 1);
    for (unsigned i = 0; i < count; i++)
        if (st->huf_weights[i])
            next[st->huf_weights[i] + 1] += 1u << (st->huf_weights[i] - 1);
    for (unsigned w = 2; w <= max_bits + 1; w++)
        next[w] += next[w - 1];
    for (unsigned s = 0; s < count; s++) {
        unsigned w = st->huf_weights[s];
        struct zstd_huf_cell cell = { (uint8_t)s, (uint8_t)(max_bits + 1 - w) };

        for (uint32_t i = 0; w && i < 1u << (w - 1); i++)
            st->huf.cells[next[w]++] = cell;
    }
    st->huf.max_bits = max_bits;
    return 0;
}

int zstd_huf_read_table(struct zstd_state *st, const uint8_t *src, size_t len, size_t *used)
{
    unsigned header, count;
    int ret;

    if (len == 0)
        return -EINVAL;
    header = src[0];
    if (header >= 128) {
        count = header - 127;
        ret = read_raw_weights(st, src + 1, len - 1, count);
        *used = 1 + (count + 1) / 2;
    } else {
        ret = header == 0 || header > len - 1 ? -EINVAL
                                              : read_fse_weights(st, src + 1, header, &count);
        *used = 1 + header;
    }
    st->have_huf = false;
    if (ret || (ret = build_huf_table(st, count)))
        return ret;
    st->have_huf = true;
    return 0;
}

/* Decode exactly count literals from one stream, which must be used up exactly. */
static int huf_decode_stream(const struct zstd_huf_table *t, const uint8_t *src, size_t len,
                             uint8_t *dst, size_t count)
{
    struct zstd_rbits br;

    if (zstd_rbits_init(&br, src, len))
        return -EINVAL;
    for (size_t i = 0; i < count; i++) {
        const struct zstd_huf_cell *cell =
            &t->cells[zstd_rbits_at(&br, br.pos - t->max_bits, t->max_bits)];

        dst[i] = cell->symbol;
        br.pos -= cell->nbits;
    }
    return br.pos == 0 ? 0 : -EINVAL;
}

/* One stream, or four behind a jump table of three 16-bit sizes (the fourth takes the rest). */
int zstd_huf_decode(const struct zstd_huf_table *t, const uint8_t *src, size_t len, uint8_t *dst,
                    size_t count, bool four_streams)
{
    size_t quarter = (count + 3) / 4, pos = 6;

    if (!four_streams)
        return huf_decode_stream(t, src, len, dst, count);
    if (len < 6 || 3 * quarter > count)
        return -EINVAL;
    for (unsigned i = 0; i < 4; i++) {
        size_t size = i < 3 ? (size_t)(src[2 * i] | src[2 * i + 1] << 8) : len - pos;
        size_t n = i < 3 ? quarter : count - 3 * quarter;

        if (size > len - pos || huf_decode_stream(t, src + pos, size, dst + i * quarter, n))
            return -EINVAL;
        pos += size;
    }
    return 0;
}
