/*
 * bunzip2: byte-exact round trips of data compressed at run time by the real
 * bzip2 tool (nothing compressed is committed), and hostile streams: every
 * truncation, every flipped bit, a short output buffer, short scratch, bad
 * headers and fields, and random garbage, none of which may crash or hang.
 * Every compressed input is copied to a heap block of exactly its size, so
 * ASan catches any read past its end.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/decompress.h"

struct buf {
    uint8_t *data;
    size_t len;
};

static uint64_t rng_state;

static uint32_t rng_next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}

/* A heap block of exactly len bytes (at least 1 so malloc never returns NULL). */
static struct buf buf_alloc(size_t len)
{
    struct buf b = { malloc(len ? len : 1), len };

    ck_assert_ptr_nonnull(b.data);
    return b;
}

static void free_all(int n, ...)
{
    va_list ap;

    va_start(ap, n);
    for (int i = 0; i < n; i++)
        free(va_arg(ap, struct buf).data);
    va_end(ap);
}

static struct buf buf_copy(const void *data, size_t len)
{
    struct buf b = buf_alloc(len);

    memcpy(b.data, data, len);
    return b;
}

static struct buf concat(struct buf a, struct buf b)
{
    struct buf c = buf_alloc(a.len + b.len);

    memcpy(c.data, a.data, a.len);
    memcpy(c.data + a.len, b.data, b.len);
    return c;
}

static struct buf random_bytes(size_t len, uint64_t seed)
{
    struct buf b = buf_alloc(len);

    rng_state = seed;
    for (size_t i = 0; i < len; i++)
        b.data[i] = (uint8_t)rng_next();
    return b;
}

/* English-like words, so the text compresses as a kernel's strings would. */
static struct buf text_bytes(size_t len, uint64_t seed)
{
    static const char *const words[] = {
        "the ",   "hypervisor ", "maps ",  "a ",      "page ", "for ",    "guest ", "kernel ",
        "event ", "channel ",    "grant ", "table\n", "of ",   "domain ", "vcpu ",  "0x1f ",
    };
    struct buf b = buf_alloc(len);
    size_t pos = 0;

    rng_state = seed;
    while (pos < len) {
        const char *w = words[rng_next() % 16];

        for (size_t i = 0; w[i] && pos < len; i++)
            b.data[pos++] = (uint8_t)w[i];
    }
    return b;
}

/* Pipe data through a shell command (the real compressor) and return what it wrote. */
static struct buf run_tool(const char *cmd, struct buf in)
{
    char path[] = "/tmp/test_bunzip2_XXXXXX";
    char line[256];
    int fd = mkstemp(path);
    size_t cap = 1 << 16, len = 0, n;
    uint8_t *acc = malloc(cap);
    FILE *pipe;
    struct buf out;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, in.data, in.len), (ssize_t)in.len);
    close(fd);
    snprintf(line, sizeof(line), "%s < %s", cmd, path);
    pipe = popen(line, "r");
    ck_assert_ptr_nonnull(pipe);
    while ((n = fread(acc + len, 1, cap - len, pipe)) > 0) {
        len += n;
        if (len == cap)
            acc = realloc(acc, cap *= 2);
    }
    ck_assert_int_eq(pclose(pipe), 0);
    unlink(path);
    out = buf_copy(acc, len);
    free(acc);
    return out;
}

static void *scratch(void)
{
    void *s = malloc(bunzip2_scratch_size());

    ck_assert_ptr_nonnull(s);
    return s;
}

static long decode(struct buf in, uint8_t *out, size_t out_cap)
{
    void *s = scratch();
    long ret = bunzip2(in.data, in.len, out, out_cap, s, bunzip2_scratch_size());

    free(s);
    return ret;
}

/* Compress with cmd, decompress into a buffer of exactly the original size, compare. */
static void check_round_trip(const char *cmd, struct buf data)
{
    struct buf packed = run_tool(cmd, data);
    struct buf out = buf_alloc(data.len);

    ck_assert_int_eq(decode(packed, out.data, out.len), (long)data.len);
    ck_assert(memcmp(out.data, data.data, data.len) == 0);
    free(packed.data);
    free(out.data);
}

static void check_round_trip_both_levels(struct buf data)
{
    check_round_trip("bzip2 -9 -c", data);
    check_round_trip("bzip2 -1 -c", data);
    free(data.data);
}

/* A small stream to attack: text, so it has several Huffman tables and runs. */
static struct buf small_stream(struct buf *plain)
{
    *plain = text_bytes(3000, 7);
    return run_tool("bzip2 -9 -c", *plain);
}

/* Overwrite n bits at bit offset pos (most significant first, as bzip2 reads them). */
static void put_bits(uint8_t *p, size_t pos, unsigned n, uint32_t value)
{
    for (unsigned i = 0; i < n; i++, pos++) {
        uint8_t mask = (uint8_t)(0x80u >> (pos % 8));

        if (value >> (n - 1 - i) & 1)
            p[pos / 8] |= mask;
        else
            p[pos / 8] &= (uint8_t)~mask;
    }
}

START_TEST(empty_input_round_trips)
{
    check_round_trip_both_levels(buf_alloc(0));
}
END_TEST

START_TEST(one_byte_round_trips)
{
    check_round_trip_both_levels(buf_copy("x", 1));
}
END_TEST

START_TEST(text_round_trips)
{
    check_round_trip_both_levels(text_bytes(100000, 1));
}
END_TEST

START_TEST(random_data_round_trips)
{
    check_round_trip_both_levels(random_bytes(200000, 2));
}
END_TEST

/* RLE1 writes four bytes then a count: runs of exactly 4, 5, 255, 256, 260 sit on its edges. */
START_TEST(rle1_run_edges_round_trip)
{
    static const size_t runs[] = { 1, 2, 3, 4, 5, 8, 9, 255, 256, 258, 259, 260, 1000 };
    size_t total = 0;
    struct buf all;

    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
        struct buf alone = buf_alloc(runs[i]);

        memset(alone.data, 'a' + (int)i, runs[i]);
        check_round_trip_both_levels(alone);
        total += runs[i] + 1;
    }
    all = buf_alloc(total);
    total = 0;
    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
        memset(all.data + total, 'z', runs[i]);
        all.data[total + runs[i]] = (uint8_t)i;
        total += runs[i] + 1;
    }
    check_round_trip_both_levels(all);
}
END_TEST

START_TEST(long_runs_of_one_byte_round_trip)
{
    struct buf zeros = buf_alloc(3 << 20);

    memset(zeros.data, 0, zeros.len);
    check_round_trip_both_levels(zeros);
}
END_TEST

START_TEST(data_over_one_mib_round_trips)
{
    struct buf data = text_bytes(1536 * 1024, 3);

    struct buf noise = random_bytes(300000, 4);

    memcpy(data.data + 700000, noise.data, noise.len);
    free(noise.data);
    check_round_trip_both_levels(data);
}
END_TEST

START_TEST(several_blocks_round_trip)
{
    check_round_trip_both_levels(random_bytes(2600000, 5));
}
END_TEST

START_TEST(concatenated_streams_decode_back_to_back)
{
    struct buf a = text_bytes(50000, 8), b = random_bytes(1000, 9);
    struct buf packed_a = run_tool("bzip2 -1 -c", a), packed_b = run_tool("bzip2 -9 -c", b);
    struct buf packed = concat(packed_a, packed_b);
    struct buf out = buf_alloc(a.len + b.len);

    ck_assert_int_eq(decode(packed, out.data, out.len), (long)(a.len + b.len));
    ck_assert(memcmp(out.data, a.data, a.len) == 0);
    ck_assert(memcmp(out.data + a.len, b.data, b.len) == 0);
    free_all(6, a, b, packed_a, packed_b, packed, out);
}
END_TEST

/* The Linux build appends the decompressed size as four bytes after the stream. */
START_TEST(trailing_size_after_stream_is_ignored)
{
    struct buf plain, stream = small_stream(&plain);
    uint32_t size = (uint32_t)plain.len;
    struct buf trailer = buf_copy(&size, sizeof(size));
    struct buf packed = concat(stream, trailer);
    struct buf out = buf_alloc(plain.len);

    ck_assert_int_eq(decode(packed, out.data, out.len), (long)plain.len);
    ck_assert(memcmp(out.data, plain.data, plain.len) == 0);
    free_all(5, plain, stream, trailer, packed, out);
}
END_TEST

START_TEST(a_corrupt_second_stream_is_einval)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf packed = concat(stream, stream);
    struct buf out = buf_alloc(2 * plain.len);

    packed.data[stream.len + 20] ^= 0x10;
    ck_assert_int_eq(decode(packed, out.data, out.len), -EINVAL);
    free_all(4, plain, stream, packed, out);
}
END_TEST

START_TEST(every_truncation_is_einval)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);

    for (size_t len = 0; len < stream.len; len++) {
        struct buf cut = buf_copy(stream.data, len);

        ck_assert_msg(decode(cut, out.data, out.len) == -EINVAL, "cut at %zu", len);
        free(cut.data);
    }
    free_all(3, plain, stream, out);
}
END_TEST

/*
 * A flip is caught, or lands where it changes nothing (the level digit, the
 * padding).  The output has room for the largest block a stream can hold, so a
 * corrupt block is caught by its CRC rather than by running out of space.
 */
START_TEST(every_flipped_bit_is_detected)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(64 << 20);
    void *s = scratch();

    for (size_t bit = 0; bit < 8 * stream.len; bit++) {
        long ret;

        stream.data[bit / 8] ^= (uint8_t)(0x80 >> bit % 8);
        ret = bunzip2(stream.data, stream.len, out.data, out.len, s, bunzip2_scratch_size());
        stream.data[bit / 8] ^= (uint8_t)(0x80 >> bit % 8);
        if (ret == (long)plain.len && memcmp(out.data, plain.data, plain.len) == 0)
            continue;
        ck_assert_msg(ret == -EINVAL || ret == -EOPNOTSUPP, "bit %zu gave %ld", bit, ret);
    }
    free(s);
    free_all(3, plain, stream, out);
}
END_TEST

START_TEST(output_one_byte_short_is_enospc)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len - 1);

    ck_assert_int_eq(decode(stream, out.data, out.len), -ENOSPC);
    free_all(3, plain, stream, out);
}
END_TEST

START_TEST(short_scratch_is_enomem)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);
    size_t len = bunzip2_scratch_size() - 1;
    void *s = malloc(len);

    ck_assert_int_eq(bunzip2(stream.data, stream.len, out.data, out.len, s, len), -ENOMEM);
    free(s);
    free_all(3, plain, stream, out);
}
END_TEST

START_TEST(misaligned_scratch_still_works)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);
    size_t len = bunzip2_scratch_size();
    uint8_t *s = malloc(len + 1);

    ck_assert_int_eq(bunzip2(stream.data, stream.len, out.data, out.len, s + 1, len),
                     (long)plain.len);
    ck_assert(memcmp(out.data, plain.data, plain.len) == 0);
    free(s);
    free_all(3, plain, stream, out);
}
END_TEST

START_TEST(bad_stream_headers_are_einval)
{
    static const char *const headers[] = { "",     "B",          "BZ",          "BZh",
                                           "BZh0", "BZh:",       "BZx9",        "bZh9",
                                           "BZh9", "BZh91AY&SY", "\x1f\x8b\x08" };
    uint8_t out[16];

    for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
        struct buf in = buf_copy(headers[i], strlen(headers[i]));

        ck_assert_msg(decode(in, out, sizeof(out)) == -EINVAL, "header %zu", i);
        free(in.data);
    }
}
END_TEST

/* Block header fields sit at fixed bits: magic at 32, CRC at 80, flag at 112, origin at 113. */
START_TEST(block_crc_mismatch_is_einval)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);

    stream.data[12] ^= 1;
    ck_assert_int_eq(decode(stream, out.data, out.len), -EINVAL);
    free_all(3, plain, stream, out);
}
END_TEST

/* The stream CRC ends in the last byte, whose top bit is never padding. */
START_TEST(stream_crc_mismatch_is_einval)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);

    stream.data[stream.len - 1] ^= 0x80;
    ck_assert_int_eq(decode(stream, out.data, out.len), -EINVAL);
    free_all(3, plain, stream, out);
}
END_TEST

START_TEST(randomised_block_is_eopnotsupp)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);

    put_bits(stream.data, 112, 1, 1);
    ck_assert_int_eq(decode(stream, out.data, out.len), -EOPNOTSUPP);
    free_all(3, plain, stream, out);
}
END_TEST

START_TEST(origin_pointer_past_block_is_einval)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);

    put_bits(stream.data, 113, 24, 0xffffff);
    ck_assert_int_eq(decode(stream, out.data, out.len), -EINVAL);
    put_bits(stream.data, 113, 24, (uint32_t)plain.len);
    ck_assert_int_eq(decode(stream, out.data, out.len), -EINVAL);
    free_all(3, plain, stream, out);
}
END_TEST

/* A block may not hold more than the header's level allows: relabel a -2 stream as -1. */
START_TEST(block_larger_than_its_level_is_einval)
{
    struct buf plain = random_bytes(150000, 11);
    struct buf stream = run_tool("bzip2 -2 -c", plain);
    struct buf out = buf_alloc(plain.len);

    ck_assert_int_eq(decode(stream, out.data, out.len), (long)plain.len);
    stream.data[3] = '1';
    ck_assert_int_eq(decode(stream, out.data, out.len), -EINVAL);
    free_all(3, plain, stream, out);
}
END_TEST

START_TEST(random_garbage_after_block_magic_is_einval)
{
    static const uint8_t header[] = { 'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59 };
    uint8_t out[4096];
    void *s = scratch();

    for (uint64_t seed = 1; seed <= 3000; seed++) {
        struct buf junk = random_bytes(16 + seed % 600, seed);
        long ret;

        memcpy(junk.data, header, sizeof(header));
        junk.data[14] &= 0x7f; /* not randomised, so the rest of the block is read */
        ret = bunzip2(junk.data, junk.len, out, sizeof(out), s, bunzip2_scratch_size());
        ck_assert_msg(ret == -EINVAL || ret == -ENOSPC, "seed %llu gave %ld",
                      (unsigned long long)seed, ret);
        free(junk.data);
    }
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bunzip2");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, empty_input_round_trips);
    tcase_add_test(tc, one_byte_round_trips);
    tcase_add_test(tc, text_round_trips);
    tcase_add_test(tc, random_data_round_trips);
    tcase_add_test(tc, rle1_run_edges_round_trip);
    tcase_add_test(tc, long_runs_of_one_byte_round_trip);
    tcase_add_test(tc, data_over_one_mib_round_trips);
    tcase_add_test(tc, several_blocks_round_trip);
    tcase_add_test(tc, concatenated_streams_decode_back_to_back);
    tcase_add_test(tc, trailing_size_after_stream_is_ignored);
    tcase_add_test(tc, a_corrupt_second_stream_is_einval);
    tcase_add_test(tc, every_truncation_is_einval);
    tcase_add_test(tc, every_flipped_bit_is_detected);
    tcase_add_test(tc, output_one_byte_short_is_enospc);
    tcase_add_test(tc, short_scratch_is_enomem);
    tcase_add_test(tc, misaligned_scratch_still_works);
    tcase_add_test(tc, bad_stream_headers_are_einval);
    tcase_add_test(tc, block_crc_mismatch_is_einval);
    tcase_add_test(tc, stream_crc_mismatch_is_einval);
    tcase_add_test(tc, randomised_block_is_eopnotsupp);
    tcase_add_test(tc, origin_pointer_past_block_is_einval);
    tcase_add_test(tc, block_larger_than_its_level_is_einval);
    tcase_add_test(tc, random_garbage_after_block_magic_is_einval);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
