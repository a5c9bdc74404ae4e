/*
 * Private to the zstd decoder (unzstd.c, zstd_block.c, zstd_entropy.c):
 * the state kept in the caller's scratch area, the backward bit reader
 * that FSE and Huffman streams share, and the entry points between files.
 *
 * Invariants: every table in struct zstd_state is either marked absent or
 * complete, so a symbol looked up from one is always below its alphabet's
 * size; a state value is always below 1 << accuracy_log of its table.
 */
#ifndef COMMON_ZSTD_INTERNAL_H
#define COMMON_ZSTD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"

#define ZSTD_BLOCK_MAX       (128 * 1024) /* largest block, compressed or not */
#define ZSTD_FSE_MAX_LOG     9            /* largest sequence table: 512 states */
#define ZSTD_HUF_MAX_BITS    11           /* longest literal code */
#define ZSTD_HUF_MAX_SYMBOLS 256
#define ZSTD_LL_MAX_CODE     35
#define ZSTD_ML_MAX_CODE     52
#define ZSTD_OF_MAX_CODE     31
#define ZSTD_MAX_FSE_SYMBOLS (ZSTD_ML_MAX_CODE + 1)

/* The three kinds of sequence code, in the order their tables are described. */
enum zstd_seq_kind { ZSTD_LL, ZSTD_OF, ZSTD_ML };

struct zstd_fse_cell {
    uint16_t baseline; /* next state = baseline + the next nbits bits */
    uint8_t symbol;
    uint8_t nbits;
};

struct zstd_fse_table {
    unsigned log; /* accuracy log: the table has 1 << log cells */
    struct zstd_fse_cell cells[1 << ZSTD_FSE_MAX_LOG];
};

struct zstd_huf_cell {
    uint8_t symbol;
    uint8_t nbits;
};

/* Indexed by the next max_bits bits of a stream. */
struct zstd_huf_table {
    unsigned max_bits;
    struct zstd_huf_cell cells[1 << ZSTD_HUF_MAX_BITS];
};

/* Everything that lives from one block to the next within a frame. */
struct zstd_state {
    struct zstd_fse_table seq[3];  /* by enum zstd_seq_kind */
    struct zstd_fse_table weights; /* for the Huffman weights; rebuilt each time */
    struct zstd_huf_table huf;
    bool have_seq[3], have_huf; /* may a later block repeat the table? */
    uint32_t rep[3];            /* repeat offsets, most recent first */
    uint8_t huf_weights[ZSTD_HUF_MAX_SYMBOLS];
    uint8_t literals[ZSTD_BLOCK_MAX];
};

/* Where decoded bytes go: buf[frame_start..len) is the current frame. */
struct zstd_out {
    uint8_t *buf;
    size_t cap;
    size_t len;
    size_t frame_start;
    size_t block_end; /* a compressed block may not write past here */
};

/*
 * A stream read from its end towards its start.  Its last byte holds a
 * marker bit above the final data bits.  pos counts the bits not yet read;
 * it may go negative, the missing bits reading as zeros, so a caller that
 * overruns finds out by pos < 0 and a stream read exactly ends at pos == 0.
 */
struct zstd_rbits {
    const uint8_t *data;
    size_t len;
    int64_t pos;
};

/* Start at the marker bit; -EINVAL when there is no marker. */
int zstd_rbits_init(struct zstd_rbits *br, const uint8_t *data, size_t len);

/* The n (0..32) bits at [pos, pos + n), bits below 0 reading as zeros. */
static inline uint32_t zstd_rbits_at(const struct zstd_rbits *br, int64_t pos, unsigned n)
{
    uint64_t window = 0;
    size_t byte;

    if (n == 0 || pos + n <= 0)
        return 0;
    if (pos < 0)
        return zstd_rbits_at(br, 0, (unsigned)(pos + n)) << -pos;
    byte = (size_t)pos / 8;
    if (byte + 8 <= br->len) {
        window = read_u64(br->data + byte);
    } else {
        for (size_t i = 0; byte + i < br->len; i++)
            window |= (uint64_t)br->data[byte + i] << (8 * i);
    }
    return (uint32_t)((window >> (pos % 8)) & ((1ull << n) - 1));
}

static inline uint32_t zstd_rbits_read(struct zstd_rbits *br, unsigned n)
{
    br->pos -= n;
    return zstd_rbits_at(br, br->pos, n);
}

/* FSE tables (zstd_entropy.c). */
int zstd_fse_read_table(struct zstd_fse_table *t, const uint8_t *src, size_t len,
                        unsigned max_symbol, unsigned max_log, size_t *used);
void zstd_fse_rle_table(struct zstd_fse_table *t, uint8_t symbol);
void zstd_fse_predefined(struct zstd_fse_table *t, enum zstd_seq_kind kind);

/* Huffman literals (zstd_entropy.c). */
int zstd_huf_read_table(struct zstd_state *st, const uint8_t *src, size_t len, size_t *used);
int zstd_huf_decode(const struct zstd_huf_table *t, const uint8_t *src, size_t len, uint8_t *dst,
                    size_t count, bool four_streams);

/* One compressed block of block_max output bytes at most (zstd_block.c). */
int zstd_compressed_block(struct zstd_state *st, const uint8_t *src, size_t len,
                          struct zstd_out *out, size_t block_max);

#endif
