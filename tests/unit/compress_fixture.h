/*
 * What the decompressor tests share: heap buffers of exactly their size
 * (so ASan sees any read past the end of an input), seeded data patterns,
 * the real compressors run over a buffer (nothing compressed is committed),
 * and the checks every format goes through: round trips, every truncation,
 * every flipped bit, a misaligned scratch area.
 *
 * A test program names the decompressor it checks once, in main(), with
 * use_decoder(); decode() and the expect_*() helpers call that one, each
 * time with a scratch area of exactly the size it asks for.
 */
#ifndef TESTS_UNIT_COMPRESS_FIXTURE_H
#define TESTS_UNIT_COMPRESS_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

struct buf {
    uint8_t *data;
    size_t len;
};

/* xorshift64: the patterns below seed it, and a test may go on drawing from it. */
extern uint64_t rng_state;
uint32_t rng_next(void);

/* A heap block of exactly len bytes (at least 1 so malloc never returns NULL). */
struct buf buf_alloc(size_t len);
struct buf buf_copy(const void *data, size_t len);
struct buf buf_concat(struct buf a, struct buf b);
struct buf buf_join(struct buf a, struct buf b); /* buf_concat(), freeing both parts */
void buf_free_all(int n, ...);                   /* n struct bufs */

/* Data patterns: the same bytes for the same seed. */
struct buf random_bytes(size_t len, uint64_t seed);
/* Words drawn from these 16, so the text compresses as a kernel's strings would. */
struct buf words_bytes(const char *const words[16], size_t len, uint64_t seed);
/* words_bytes() of words about the hypervisor. */
struct buf text_bytes(size_t len, uint64_t seed);
/* Text, random stretches and long runs of one byte, as in a kernel image. */
struct buf mixed_bytes(size_t len, uint64_t seed);
/* Runs of one byte, 1 to 5000 long. */
struct buf run_bytes(size_t len, uint64_t seed);
/* 3 MiB of zero bytes, 700000 of them from offset 1000000 set to 0xFF. */
struct buf long_runs_bytes(void);
/* The test program itself: real x86-64 code, from a real compiler. */
struct buf this_binary(void);

/* Run a shell command ("%s" is a file holding in) and return what it wrote. */
struct buf run_tool(const char *cmd, struct buf in);

/* CRC-32 (gzip's and xz's) computed bit by bit, apart from common/crc32.c. */
uint32_t crc32_of(const uint8_t *p, size_t n);
void put_le32(uint8_t *p, uint32_t v);

/* A byte builder for hand-made streams. */
struct builder {
    uint8_t data[1 << 16];
    size_t len;
};

void builder_add(struct builder *b, const void *p, size_t n);

/* Every decompressor's signature (common/decompress.h). */
typedef long decoder_fn(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                        void *scratch, size_t scratch_len);

void use_decoder(decoder_fn *decoder, size_t (*decoder_scratch_size)(void));

/* A heap block of the size the decoder asks for as scratch. */
void *scratch_alloc(void);

/* Decode in into out[0, out_cap). */
long decode_into(struct buf in, uint8_t *out, size_t out_cap);
/* Decode in into a fresh buffer of out_cap bytes; the buffer goes to *out (if given). */
long decode(struct buf in, size_t out_cap, struct buf *out);
/* decode() of the bytes built so far. */
long decode_built(const struct builder *b, size_t out_cap);

/* in decodes to exactly want, into a buffer of exactly want's size. */
void expect_decodes_to(struct buf in, struct buf want);
/* expect_decodes_to() with the scratch area one byte past where malloc put it. */
void expect_decodes_with_misaligned_scratch(struct buf in, struct buf want);
/* What cmd makes of data decodes to data. */
void expect_round_trip(const char *cmd, struct buf data);
/* expect_round_trip() for each of cmds, up to a NULL; data is freed. */
void expect_round_trips(const char *const *cmds, struct buf data);

/* Every proper prefix of in, with room for out_cap bytes, is -EINVAL. */
void expect_every_truncation_einval(struct buf in, size_t out_cap);
/*
 * Every single flipped bit of in, with room for out_cap bytes, gives
 * -EINVAL or also_allowed (an error, or 0 for none); or, if want is
 * given, exactly want's bytes (a flip in a field nothing checks).
 */
void expect_every_flip_caught(struct buf in, size_t out_cap, const struct buf *want,
                              int also_allowed);

#endif
