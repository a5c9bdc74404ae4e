/*
 * unlzo: byte-exact round trips of data compressed at run time by the real
 * lzop (nothing compressed is committed) with each of its checksum
 * choices, files and LZO1X blocks built by hand for what lzop never
 * writes, and hostile streams: every truncation, every flipped bit, a
 * short output buffer, short scratch, matches before the start of a block.
 * Every compressed input is copied to a heap block of exactly its size, so
 * ASan catches any read past its end.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/decompress.h"
#include "tests/unit/compress_fixture.h"

#define F_ADLER32_D 0x1u
#define F_ADLER32_C 0x2u

/* LZO1X-999 and -1, with a file name or from stdin, Adler-32 or CRC-32, with and without checksums of the compressed data. */
static const char *const all_modes[] = {
    "lzop -9 -c %s",        "lzop -1 < %s",
    "lzop -9 -CC < %s",     "lzop -3 -CC -c %s",
    "lzop -9 --crc32 < %s", "lzop -1 --crc32 -CC < %s",
    "lzop -7 < %s",         NULL,
};

static uint32_t adler32_of(const uint8_t *p, size_t n)
{
    uint32_t a = 1, b = 0;

    while (n--) {
        a = (a + *p++) % 65521;
        b = (b + a) % 65521;
    }
    return b << 16 | a;
}

static void add_be(struct builder *b, uint32_t v, unsigned n)
{
    while (n--)
        b->data[b->len++] = (uint8_t)(v >> (8 * n));
}

/* Magic and a version 0x1040 header for method 1 with these flags and field values. */
static void add_header(struct builder *b, uint32_t needed, uint32_t method, uint32_t flags)
{
    size_t start;

    builder_add(b, "\x89LZO\0\r\n\x1a\n", 9);
    start = b->len;
    add_be(b, 0x1040, 2);
    add_be(b, 0x20a0, 2);
    add_be(b, needed, 2);
    add_be(b, method, 1);
    add_be(b, 5, 1);
    add_be(b, flags, 4);
    if (flags & 0x800)
        add_be(b, 1, 4); /* filter */
    add_be(b, 0, 4);     /* mode */
    add_be(b, 0, 4);     /* mtime */
    add_be(b, 0, 4);
    add_be(b, 0, 1); /* no name */
    add_be(b, adler32_of(b->data + start, b->len - start), 4);
}

/* A block of LZO1X data (or stored data if src_len == dst_len) with its Adler-32 of want. */
static void add_block(struct builder *b, const void *data, size_t src_len, const void *want,
                      size_t dst_len)
{
    add_be(b, (uint32_t)dst_len, 4);
    add_be(b, (uint32_t)src_len, 4);
    add_be(b, adler32_of((const uint8_t *)want, dst_len), 4);
    builder_add(b, data, src_len);
}

/* One hand-made LZO1X block, alone in a file, said to decode to want[0..want_len). */
static long decode_block(const void *lzo, size_t len, const void *want, size_t want_len)
{
    struct builder b = { .len = 0 };

    add_header(&b, 0x0940, 1, F_ADLER32_D);
    add_block(&b, lzo, len, want, want_len);
    add_be(&b, 0, 4);
    return decode_built(&b, want_len);
}

/* A block starting with a literal run of n (>= 19) bytes of lit: 0, 255 per zero, the rest. */
static size_t put_literal_run(uint8_t *p, const uint8_t *lit, size_t n)
{
    size_t len = 0, left = n - 18;

    p[len++] = 0;
    for (; left > 255; left -= 255)
        p[len++] = 0;
    p[len++] = (uint8_t)left;
    memcpy(p + len, lit, n);
    return len + n;
}

/* 36 'z': one literal, then an M3 of 31 + 2 + 2 bytes from distance 1, then the end mark. */
static const uint8_t z36[] = { 17 + 1, 'z', 0x20, 2, 0, 0, 0x11, 0, 0 };

START_TEST(empty_input_round_trips)
{
    expect_round_trips(all_modes, buf_alloc(0));
}
END_TEST

START_TEST(one_byte_round_trips)
{
    expect_round_trips(all_modes, buf_copy("x", 1));
}
END_TEST

START_TEST(text_round_trips)
{
    expect_round_trips(all_modes, text_bytes(300000, 1));
}
END_TEST

START_TEST(random_data_round_trips_through_stored_blocks)
{
    struct buf data = random_bytes(300000, 2), lzo = run_tool("lzop -9 < %s", data);
    const uint8_t *block = lzo.data + 9 + 25 + 4; /* magic, header without a name, checksum */

    ck_assert(memcmp(block, block + 4, 4) == 0); /* dst_len == src_len: stored */
    free(lzo.data);
    expect_round_trips(all_modes, data);
}
END_TEST

START_TEST(long_runs_of_one_byte_round_trip)
{
    expect_round_trips(all_modes, long_runs_bytes());
}
END_TEST

START_TEST(data_over_one_mib_round_trips)
{
    expect_round_trips(all_modes, mixed_bytes(2 << 20, 3));
}
END_TEST

/*
 * Appended to a hand-made block: an M3 whose length runs on over two zero
 * bytes (31 + 255 + 255 + 1 + 2 = 544 copies of the last byte), then the
 * end mark, so that even a short block is worth compressing.
 */
static const uint8_t tail_pad[] = { 0x20, 0, 0, 1, 0, 0, 0x11, 0, 0 };
#define TAIL_PAD_LEN 544

/* Decode prefix + tail_pad, said to decode to want + the padding; its decoded length or error. */
static long decode_padded(const uint8_t *prefix, size_t len, const void *want, size_t want_len)
{
    uint8_t *lzo = malloc(len + sizeof(tail_pad)), *full = malloc(want_len + TAIL_PAD_LEN);
    long ret;

    memcpy(lzo, prefix, len);
    memcpy(lzo + len, tail_pad, sizeof(tail_pad));
    memcpy(full, want, want_len);
    memset(full + want_len, full[want_len - 1], TAIL_PAD_LEN);
    ret = decode_block(lzo, len + sizeof(tail_pad), full, want_len + TAIL_PAD_LEN);
    free(lzo);
    free(full);
    return ret;
}

START_TEST(short_instructions_decode)
{
    /* 2 literals; after literals, M1: 2 bytes from distance 2; 1 literal. */
    static const uint8_t m1[] = { 17 + 2, 'a', 'b', 0x05, 0, 'c' };
    /* 4 literals; M2 0x6d: 4 bytes from distance 4, then 1 literal; M1: 2 from distance 2. */
    static const uint8_t m2[] = { 17 + 4, 'a', 'b', 'c', 'd', 0x6d, 0, 'e', 0x04, 0 };
    /* A first byte of 2 is a literal run of 5. */
    static const uint8_t run[] = { 2, 'a', 'b', 'c', 'd', 'e' };
    char zs[36];

    memset(zs, 'z', sizeof(zs));
    ck_assert_int_eq(decode_block(z36, sizeof(z36), zs, sizeof(zs)), 36);
    ck_assert_int_eq(decode_padded(m1, sizeof(m1), "ababc", 5), 5 + TAIL_PAD_LEN);
    ck_assert_int_eq(decode_padded(m2, sizeof(m2), "abcdabcdede", 11), 11 + TAIL_PAD_LEN);
    ck_assert_int_eq(decode_padded(run, sizeof(run), "abcde", 5), 5 + TAIL_PAD_LEN);
}
END_TEST

/* A literal run of n bytes of lit, then a 3-byte match from distance back; want gets both. */
static size_t build_far_match(uint8_t *lzo, const uint8_t *lit, size_t n, const uint8_t *match,
                              size_t match_len, size_t distance, uint8_t *want)
{
    size_t len = put_literal_run(lzo, lit, n);

    memcpy(lzo + len, match, match_len);
    memcpy(want, lit, n);
    memcpy(want + n, lit + n - distance, 3);
    return len + match_len;
}

START_TEST(long_runs_and_far_matches_decode)
{
    static const uint8_t m1_far[] = { 0x04, 1 };      /* after a run: 2049 + 1 + (1 << 2) */
    static const uint8_t m4[] = { 0x11, 0x04, 0x00 }; /* 16384 + 1 */
    struct buf lit = text_bytes(17000, 20);
    uint8_t *lzo = malloc(18000), *want = malloc(18000);
    size_t len;

    len = put_literal_run(lzo, lit.data, 300); /* 0, a zero for 255, then 27 */
    ck_assert_int_eq(decode_padded(lzo, len, lit.data, 300), 300 + TAIL_PAD_LEN);
    len = build_far_match(lzo, lit.data, 3000, m1_far, sizeof(m1_far), 2054, want);
    ck_assert_int_eq(decode_padded(lzo, len, want, 3003), 3003 + TAIL_PAD_LEN);
    len = build_far_match(lzo, lit.data, 17000, m4, sizeof(m4), 16385, want);
    ck_assert_int_eq(decode_padded(lzo, len, want, 17003), 17003 + TAIL_PAD_LEN);
    free(lzo), free(want), free(lit.data);
}
END_TEST

START_TEST(concatenated_blocks_decode_back_to_back)
{
    struct builder b = { .len = 0 };
    char want[6 + 36];

    memcpy(want, "stored", 6);
    memset(want + 6, 'z', 36);
    add_header(&b, 0x0940, 1, F_ADLER32_D);
    add_block(&b, "stored", 6, "stored", 6);
    add_block(&b, z36, sizeof(z36), want + 6, 36);
    add_be(&b, 0, 4);
    ck_assert_int_eq(decode_built(&b, 42), 42);
    ck_assert_int_eq(decode_built(&b, 41), -ENOSPC);
}
END_TEST

START_TEST(size_appended_after_the_end_is_ignored)
{
    struct buf data = text_bytes(70000, 4), lzo = run_tool("lzop -9 < %s", data);
    struct buf size = buf_copy("\x70\x11\x01\x00", 4), both = buf_concat(lzo, size);

    expect_decodes_to(both, data);
    free(lzo.data), free(size.data), free(both.data), free(data.data);
}
END_TEST

START_TEST(every_truncation_is_einval)
{
    static const char *const modes[] = { "lzop -9 -c %s", "lzop -1 --crc32 -CC < %s" };
    struct buf data = text_bytes(3000, 5);

    for (int m = 0; m < 2; m++) {
        struct buf lzo = run_tool(modes[m], data);

        expect_every_truncation_einval(lzo, data.len);
        free(lzo.data);
    }
    free(data.data);
}
END_TEST

/*
 * A flipped bit is caught by a checksum or a check, or changes nothing that
 * matters (a match to an equal string elsewhere, the end mark's unused
 * bits): never wrong data.
 */
START_TEST(every_flipped_bit_is_detected)
{
    static const char *const modes[] = { "lzop -9 -c %s", "lzop -1 --crc32 -CC < %s" };
    struct buf data = text_bytes(2000, 6);

    for (int m = 0; m < 2; m++) {
        struct buf lzo = run_tool(modes[m], data);

        /* Room for any decoded length lzop allows. */
        expect_every_flip_caught(lzo, 65 << 20, &data, 0);
        free(lzo.data);
    }
    free(data.data);
}
END_TEST

START_TEST(output_one_byte_short_is_enospc)
{
    struct buf data = mixed_bytes(1 << 20, 7), lzo = run_tool("lzop -9 < %s", data);
    struct buf one = buf_copy("x", 1), lzo_one = run_tool("lzop -9 < %s", one);

    ck_assert_int_eq(decode(lzo, data.len - 1, NULL), -ENOSPC);
    ck_assert_int_eq(decode(lzo_one, 0, NULL), -ENOSPC);
    free(lzo.data), free(data.data), free(one.data), free(lzo_one.data);
}
END_TEST

START_TEST(short_scratch_is_enomem)
{
    struct buf data = text_bytes(1000, 8), lzo = run_tool("lzop -9 < %s", data);
    void *scratch = scratch_alloc();
    uint8_t out[1000];

    ck_assert_int_eq(unlzo(lzo.data, lzo.len, out, sizeof(out), scratch, unlzo_scratch_size() - 1),
                     -ENOMEM);
    ck_assert_int_eq(unlzo(lzo.data, lzo.len, out, sizeof(out), NULL, 0), -ENOMEM);
    free(scratch);
    free(lzo.data);
    free(data.data);
}
END_TEST

START_TEST(misaligned_scratch_still_works)
{
    struct buf data = text_bytes(50000, 9), lzo = run_tool("lzop -9 --crc32 < %s", data);

    expect_decodes_with_misaligned_scratch(lzo, data);
    free(lzo.data), free(data.data);
}
END_TEST

START_TEST(match_before_the_start_of_the_output_is_einval)
{
    static const uint8_t m1_too_far[] = { 17 + 1, 'a', 0x00, 1, 0x11, 0, 0 }; /* distance 5 */
    static const uint8_t m4_at_start[] = { 0x11, 0x04, 0x00, 0x11, 0, 0 };    /* 16385 */
    static const char want[64] = "";

    ck_assert_int_eq(decode_block(m1_too_far, sizeof(m1_too_far), want, sizeof(want)), -EINVAL);
    ck_assert_int_eq(decode_block(m4_at_start, sizeof(m4_at_start), want, sizeof(want)), -EINVAL);
}
END_TEST

START_TEST(a_block_cannot_reach_into_the_previous_block)
{
    /* One literal, then 2 bytes from distance 2: fine if the previous block's "x" counted. */
    static const uint8_t reach_back[] = { 17 + 1, 'y', 0x04, 0, 0x11, 0, 0 };
    static const char want[64] = "";
    struct builder b = { .len = 0 };

    add_header(&b, 0x0940, 1, F_ADLER32_D);
    add_block(&b, "x", 1, "x", 1);
    add_block(&b, reach_back, sizeof(reach_back), want, sizeof(want));
    add_be(&b, 0, 4);
    ck_assert_int_eq(decode_built(&b, 65), -EINVAL);
}
END_TEST

START_TEST(block_decoding_to_another_length_is_einval)
{
    static const uint8_t data_after_end[] = { 17 + 1, 'z', 0x20, 2, 0, 0, 0x11, 0, 0, 0 };
    char zs[37];

    memset(zs, 'z', sizeof(zs));
    ck_assert_int_eq(decode_block(z36, sizeof(z36), zs, 37), -EINVAL);
    ck_assert_int_eq(decode_block(z36, sizeof(z36), zs, 35), -EINVAL);
    ck_assert_int_eq(decode_block(data_after_end, sizeof(data_after_end), zs, 36), -EINVAL);
}
END_TEST

START_TEST(bad_block_lengths_are_einval)
{
    struct builder big = { .len = 0 }, longer = { .len = 0 }, empty = { .len = 0 };

    add_header(&big, 0x0940, 1, F_ADLER32_D);
    add_be(&big, (64u << 20) + 1, 4);
    add_be(&big, 1, 4);
    add_be(&big, 0, 4);
    builder_add(&big, "x\0\0\0\0", 5);
    ck_assert_int_eq(decode_built(&big, 1 << 20), -EINVAL);
    add_header(&longer, 0x0940, 1, F_ADLER32_D);
    add_block(&longer, "abcd", 4, "abc", 3);
    add_be(&longer, 0, 4);
    ck_assert_int_eq(decode_built(&longer, 64), -EINVAL);
    add_header(&empty, 0x0940, 1, F_ADLER32_D);
    add_block(&empty, "", 0, "abc", 3);
    add_be(&empty, 0, 4);
    ck_assert_int_eq(decode_built(&empty, 64), -EINVAL);
}
END_TEST

START_TEST(bad_headers_are_einval)
{
    struct builder old = { .len = 0 }, reserved = { .len = 0 }, sum = { .len = 0 };

    add_header(&old, 0x0800, 1, F_ADLER32_D); /* needed 0x0800: older than any lzop */
    add_be(&old, 0, 4);
    ck_assert_int_eq(decode_built(&old, 64), -EINVAL);
    add_header(&reserved, 0x0940, 1, F_ADLER32_D | 0x4000);
    add_be(&reserved, 0, 4);
    ck_assert_int_eq(decode_built(&reserved, 64), -EINVAL);
    add_header(&sum, 0x0940, 1, F_ADLER32_D);
    add_be(&sum, 0, 4);
    sum.data[30] ^= 1; /* mtime, under the header checksum */
    ck_assert_int_eq(decode_built(&sum, 64), -EINVAL);
}
END_TEST

START_TEST(unknown_methods_filters_and_newer_formats_are_eopnotsupp)
{
    struct builder method = { .len = 0 }, newer = { .len = 0 }, extra = { .len = 0 };
    struct buf data = text_bytes(1000, 10), filtered = run_tool("lzop -9 --filter=1 < %s", data);

    add_header(&method, 0x0940, 4, F_ADLER32_D);
    add_be(&method, 0, 4);
    ck_assert_int_eq(decode_built(&method, 64), -EOPNOTSUPP);
    add_header(&newer, 0x2000, 1, F_ADLER32_D);
    add_be(&newer, 0, 4);
    ck_assert_int_eq(decode_built(&newer, 64), -EOPNOTSUPP);
    add_header(&extra, 0x0940, 1, F_ADLER32_D | 0x40);
    add_be(&extra, 0, 4);
    ck_assert_int_eq(decode_built(&extra, 64), -EOPNOTSUPP);
    ck_assert_int_eq(decode(filtered, data.len, NULL), -EOPNOTSUPP);
    free(filtered.data), free(data.data);
}
END_TEST

START_TEST(compressed_data_checksum_mismatch_is_einval)
{
    struct builder b = { .len = 0 };
    char zs[36];

    memset(zs, 'z', sizeof(zs));
    add_header(&b, 0x0940, 1, F_ADLER32_D | F_ADLER32_C);
    add_be(&b, sizeof(zs), 4);
    add_be(&b, sizeof(z36), 4);
    add_be(&b, adler32_of((const uint8_t *)zs, sizeof(zs)), 4);
    add_be(&b, adler32_of(z36, sizeof(z36)), 4);
    builder_add(&b, z36, sizeof(z36));
    add_be(&b, 0, 4);
    ck_assert_int_eq(decode_built(&b, 64), 36);
    b.data[b.len - 4 - sizeof(z36) - 1] ^= 1;
    ck_assert_int_eq(decode_built(&b, 64), -EINVAL);
}
END_TEST

START_TEST(random_garbage_in_a_block_is_einval)
{
    for (uint64_t seed = 1; seed <= 400; seed++) {
        struct buf junk = random_bytes(300, seed);
        struct builder b = { .len = 0 };

        add_header(&b, 0x0940, 1, F_ADLER32_D);
        add_be(&b, 2000, 4);
        add_be(&b, (uint32_t)junk.len, 4);
        add_be(&b, 0, 4);
        builder_add(&b, junk.data, junk.len);
        add_be(&b, 0, 4);
        ck_assert_int_eq(decode_built(&b, 4096), -EINVAL);
        free(junk.data);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("unlzo");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    use_decoder(unlzo, unlzo_scratch_size);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, empty_input_round_trips);
    tcase_add_test(tc, one_byte_round_trips);
    tcase_add_test(tc, text_round_trips);
    tcase_add_test(tc, random_data_round_trips_through_stored_blocks);
    tcase_add_test(tc, long_runs_of_one_byte_round_trip);
    tcase_add_test(tc, data_over_one_mib_round_trips);
    tcase_add_test(tc, short_instructions_decode);
    tcase_add_test(tc, long_runs_and_far_matches_decode);
    tcase_add_test(tc, concatenated_blocks_decode_back_to_back);
    tcase_add_test(tc, size_appended_after_the_end_is_ignored);
    tcase_add_test(tc, every_truncation_is_einval);
    tcase_add_test(tc, every_flipped_bit_is_detected);
    tcase_add_test(tc, output_one_byte_short_is_enospc);
    tcase_add_test(tc, short_scratch_is_enomem);
    tcase_add_test(tc, misaligned_scratch_still_works);
    tcase_add_test(tc, match_before_the_start_of_the_output_is_einval);
    tcase_add_test(tc, a_block_cannot_reach_into_the_previous_block);
    tcase_add_test(tc, block_decoding_to_another_length_is_einval);
    tcase_add_test(tc, bad_block_lengths_are_einval);
    tcase_add_test(tc, bad_headers_are_einval);
    tcase_add_test(tc, unknown_methods_filters_and_newer_formats_are_eopnotsupp);
    tcase_add_test(tc, compressed_data_checksum_mismatch_is_einval);
    tcase_add_test(tc, random_garbage_in_a_block_is_einval);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
