/*
 * unlzma: byte-exact round trips of data compressed at run time by the real
 * lzma / xz --format=lzma (unknown size and an end marker, as Linux's
 * "lzma -9" writes), other lc/lp/pb choices, headers with a known size,
 * and hostile input: every truncation, flipped bits, properties we refuse,
 * short output and scratch, and streams built by hand (a tiny range
 * encoder) whose match reaches before the output.  Every input is a heap
 * copy of exactly its size, so ASan sees over-reads.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/decompress.h"
#include "tests/unit/compress_fixture.h"
#include "tests/unit/lzma_enc_fixture.h"

#define LINUX_LZMA "lzma -9 -c < %s"
#define HEADER     13

/* Words about a packed kernel, so the text compresses as a kernel's strings would. */
static struct buf lzma_text_bytes(size_t len, uint64_t seed)
{
    static const char *const words[16] = {
        "the ",    "kernel ", "image ", "is ",   "packed ", "with ", "lzma ", "and\n",
        "loaded ", "by ",     "the ",   "boot ", "loader ", "into ", "ram ",  "0x100000 ",
    };

    return words_bytes(words, len, seed);
}

static void set_size(struct buf lz, uint64_t size)
{
    memcpy(lz.data + 5, &size, 8);
}

START_TEST(empty_input_round_trips)
{
    struct buf empty = buf_alloc(0);

    expect_round_trip(LINUX_LZMA, empty);
    free(empty.data);
}
END_TEST

START_TEST(one_byte_round_trips)
{
    struct buf one = buf_copy("x", 1);

    expect_round_trip(LINUX_LZMA, one);
    free(one.data);
}
END_TEST

START_TEST(text_round_trips_at_presets_0_and_9)
{
    struct buf text = lzma_text_bytes(300000, 1);

    expect_round_trip(LINUX_LZMA, text);
    expect_round_trip("xz --format=lzma -0 -c < %s", text);
    free(text.data);
}
END_TEST

START_TEST(random_data_round_trips)
{
    struct buf junk = random_bytes(500000, 2);

    expect_round_trip(LINUX_LZMA, junk);
    free(junk.data);
}
END_TEST

START_TEST(long_runs_round_trip)
{
    struct buf runs = run_bytes(1 << 20, 3);

    expect_round_trip(LINUX_LZMA, runs);
    free(runs.data);
}
END_TEST

START_TEST(data_over_one_mib_round_trips)
{
    struct buf data = buf_join(buf_join(lzma_text_bytes(2 << 20, 4), random_bytes(300000, 5)),
                               run_bytes(900000, 6));

    expect_round_trip(LINUX_LZMA, data);
    expect_round_trip("xz --format=lzma -0 -c < %s", data);
    free(data.data);
}
END_TEST

/* The test binary itself: real x86-64 code. */
START_TEST(this_test_binary_round_trips)
{
    struct buf self = this_binary();

    expect_round_trip(LINUX_LZMA, self);
    free(self.data);
}
END_TEST

START_TEST(every_lc_lp_pb_within_the_limit_round_trips)
{
    static const char *const opts[] = { "lc=0,lp=0,pb=0", "lc=4,lp=0,pb=4", "lc=1,lp=3,pb=1",
                                        "lc=0,lp=4,pb=2", "lc=2,lp=2,pb=3" };
    struct buf data = buf_join(lzma_text_bytes(100000, 7), random_bytes(20000, 8));
    char cmd[128];

    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        snprintf(cmd, sizeof(cmd), "xz --format=lzma --lzma1=preset=6,%s -c < %%s", opts[i]);
        expect_round_trip(cmd, data);
    }
    free(data.data);
}
END_TEST

START_TEST(lc_plus_lp_over_4_is_eopnotsupp)
{
    struct buf text = lzma_text_bytes(1000, 9);
    struct buf lz = run_tool(LINUX_LZMA, text);

    lz.data[0] = (2 * 5 + 1) * 9 + 4; /* lc=4 lp=1 pb=2 */
    ck_assert_int_eq(decode(lz, text.len, NULL), -EOPNOTSUPP);
    lz.data[0] = (0 * 5 + 0) * 9 + 8; /* lc=8 */
    ck_assert_int_eq(decode(lz, text.len, NULL), -EOPNOTSUPP);
    free(text.data);
    free(lz.data);
}
END_TEST

START_TEST(properties_byte_over_224_is_einval)
{
    struct buf text = lzma_text_bytes(1000, 10);
    struct buf lz = run_tool(LINUX_LZMA, text);

    for (int props = 225; props < 256; props++) {
        lz.data[0] = (uint8_t)props;
        ck_assert_int_eq(decode(lz, text.len, NULL), -EINVAL);
    }
    free(text.data);
    free(lz.data);
}
END_TEST

/* A header with the size filled in, the end marker still there: it is optional. */
START_TEST(known_size_with_an_end_marker_decodes)
{
    struct buf text = lzma_text_bytes(50000, 11);
    struct buf lz = run_tool(LINUX_LZMA, text);

    set_size(lz, text.len);
    expect_decodes_to(lz, text);
    free(text.data);
    free(lz.data);
}
END_TEST

START_TEST(known_size_that_disagrees_with_the_data_is_einval)
{
    struct buf text = lzma_text_bytes(50000, 12);
    struct buf lz = run_tool(LINUX_LZMA, text);

    set_size(lz, text.len - 1);
    ck_assert_int_eq(decode(lz, text.len, NULL), -EINVAL);
    set_size(lz, text.len + 1);
    ck_assert_int_eq(decode(lz, text.len + 1, NULL), -EINVAL);
    set_size(lz, text.len + 1);
    ck_assert_int_eq(decode(lz, text.len, NULL), -ENOSPC);
    free(text.data);
    free(lz.data);
}
END_TEST

START_TEST(trailing_bytes_after_the_end_marker_are_ignored)
{
    struct buf text = lzma_text_bytes(3000, 13);
    struct buf lz = buf_join(run_tool(LINUX_LZMA, text), buf_copy("\xb8\x0b\x00\x00", 4));

    expect_decodes_to(lz, text);
    free(text.data);
    free(lz.data);
}
END_TEST

START_TEST(every_truncation_is_einval)
{
    struct buf text = lzma_text_bytes(600, 14);
    struct buf lz = run_tool(LINUX_LZMA, text);

    expect_every_truncation_einval(lz, text.len);
    /* With the size known the end marker is optional, so cut into it instead. */
    set_size(lz, text.len);
    expect_every_truncation_einval(lz, text.len);
    free(text.data);
    free(lz.data);
}
END_TEST

/*
 * .lzma carries no checksum, so a flip in the data may decode to other
 * bytes without complaint.  Every flip must still end in -EINVAL or in
 * output that differs; and few may slip through undetected.
 */
START_TEST(flipped_bits_are_einval_or_change_the_output)
{
    struct buf text = lzma_text_bytes(600, 15);
    struct buf lz = run_tool(LINUX_LZMA, text);
    size_t undetected = 0, flips = 0;

    for (size_t bit = HEADER * 8; bit < lz.len * 8; bit++, flips++) {
        struct buf bad = buf_copy(lz.data, lz.len), out;
        long ret;

        bad.data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        ret = decode(bad, text.len + (1 << 20), &out);
        if (ret != -EINVAL) {
            ck_assert_msg(ret >= 0, "bit %zu: %ld", bit, ret);
            ck_assert(ret != (long)text.len || memcmp(out.data, text.data, text.len) != 0);
            undetected++;
        }
        free(bad.data);
        free(out.data);
    }
    ck_assert_uint_lt(undetected * 50, flips);
    free(text.data);
    free(lz.data);
}
END_TEST

START_TEST(output_one_byte_short_is_enospc)
{
    struct buf text = lzma_text_bytes(100000, 16), junk = random_bytes(100000, 17);
    struct buf lz = run_tool(LINUX_LZMA, text), lz_junk = run_tool(LINUX_LZMA, junk);

    ck_assert_int_eq(decode(lz, text.len - 1, NULL), -ENOSPC);
    ck_assert_int_eq(decode(lz_junk, junk.len - 1, NULL), -ENOSPC);
    ck_assert_int_eq(decode(lz, 0, NULL), -ENOSPC);
    free(text.data);
    free(junk.data);
    free(lz.data);
    free(lz_junk.data);
}
END_TEST

START_TEST(short_scratch_is_enomem)
{
    struct buf text = lzma_text_bytes(1000, 18);
    struct buf lz = run_tool(LINUX_LZMA, text), out = buf_alloc(text.len);
    size_t need = unlzma_scratch_size();
    uint8_t *scratch = malloc(need + 1);

    ck_assert_uint_lt(need, 32 << 10);
    ck_assert_int_eq(unlzma(lz.data, lz.len, out.data, out.len, scratch, need - 1), -ENOMEM);
    ck_assert_int_eq(unlzma(lz.data, lz.len, out.data, out.len, NULL, need), -ENOMEM);
    ck_assert_int_eq(unlzma(lz.data, lz.len, out.data, out.len, scratch + 1, need), (long)text.len);
    ck_assert(memcmp(out.data, text.data, text.len) == 0);
    free(scratch);
    free(text.data);
    free(lz.data);
    free(out.data);
}
END_TEST

/*
 * A .lzma file (lc=3 lp=0 pb=2, the given size) coding: the literal
 * `literal` unless it is < 0, then a match of length 2 whose distance is
 * slot + 1 (slot 0-3), or the end marker (slot 63).
 */
static struct buf literal_then_match(int literal, unsigned slot, uint64_t size)
{
    struct rc_enc e = rc_enc_literal_then_match(literal, slot);
    uint8_t file[HEADER + sizeof(e.out)] = { 0x5d, 0x00, 0x00, 0x01, 0x00 };

    memcpy(file + 5, &size, 8);
    memcpy(file + HEADER, e.out, e.len);
    return buf_copy(file, HEADER + e.len);
}

START_TEST(known_size_without_an_end_marker_decodes)
{
    struct buf lz = literal_then_match('A', 0, 3);

    expect_decodes_to(lz, (struct buf){ (uint8_t *)"AAA", 3 });
    free(lz.data);
}
END_TEST

START_TEST(hand_made_end_marker_ends_the_stream)
{
    struct buf lz = literal_then_match('A', 63, UINT64_MAX);
    struct buf empty = literal_then_match(-1, 63, UINT64_MAX);

    expect_decodes_to(lz, (struct buf){ (uint8_t *)"A", 1 });
    expect_decodes_to(empty, (struct buf){ (uint8_t *)"", 0 });
    free(lz.data);
    free(empty.data);
}
END_TEST

START_TEST(match_before_the_start_of_the_output_is_einval)
{
    struct buf lz = literal_then_match(-1, 0, 2);

    ck_assert_int_eq(decode(lz, 16, NULL), -EINVAL);
    free(lz.data);
}
END_TEST

START_TEST(match_one_byte_further_back_than_the_output_is_einval)
{
    struct buf lz = literal_then_match('A', 1, 3);

    ck_assert_int_eq(decode(lz, 16, NULL), -EINVAL);
    free(lz.data);
}
END_TEST

START_TEST(random_garbage_after_a_header_is_einval_or_enospc)
{
    for (uint64_t seed = 1; seed <= 2000; seed++) {
        struct buf junk = random_bytes(200, seed);
        long ret;

        memcpy(junk.data, "\x5d\x00\x00\x80\x00\xff\xff\xff\xff\xff\xff\xff\xff\x00", 14);
        ret = decode(junk, 4096, NULL);
        ck_assert_msg(ret == -EINVAL || ret == -ENOSPC, "seed %llu: %ld", (unsigned long long)seed,
                      ret);
        free(junk.data);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("unlzma");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    use_decoder(unlzma, unlzma_scratch_size);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, empty_input_round_trips);
    tcase_add_test(tc, one_byte_round_trips);
    tcase_add_test(tc, text_round_trips_at_presets_0_and_9);
    tcase_add_test(tc, random_data_round_trips);
    tcase_add_test(tc, long_runs_round_trip);
    tcase_add_test(tc, data_over_one_mib_round_trips);
    tcase_add_test(tc, this_test_binary_round_trips);
    tcase_add_test(tc, every_lc_lp_pb_within_the_limit_round_trips);
    tcase_add_test(tc, lc_plus_lp_over_4_is_eopnotsupp);
    tcase_add_test(tc, properties_byte_over_224_is_einval);
    tcase_add_test(tc, known_size_with_an_end_marker_decodes);
    tcase_add_test(tc, known_size_that_disagrees_with_the_data_is_einval);
    tcase_add_test(tc, trailing_bytes_after_the_end_marker_are_ignored);
    tcase_add_test(tc, every_truncation_is_einval);
    tcase_add_test(tc, flipped_bits_are_einval_or_change_the_output);
    tcase_add_test(tc, output_one_byte_short_is_enospc);
    tcase_add_test(tc, short_scratch_is_enomem);
    tcase_add_test(tc, known_size_without_an_end_marker_decodes);
    tcase_add_test(tc, hand_made_end_marker_ends_the_stream);
    tcase_add_test(tc, match_before_the_start_of_the_output_is_einval);
    tcase_add_test(tc, match_one_byte_further_back_than_the_output_is_einval);
    tcase_add_test(tc, random_garbage_after_a_header_is_einval_or_enospc);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
