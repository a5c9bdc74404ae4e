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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/decompress.h"
#include "tests/unit/compress_fixture.h"

static const char *const both_levels[] = { "bzip2 -9 -c < %s", "bzip2 -1 -c < %s", NULL };

/* A small stream to attack: text, so it has several Huffman tables and runs. */
static struct buf small_stream(struct buf *plain)
{
    *plain = text_bytes(3000, 7);
    return run_tool("bzip2 -9 -c < %s", *plain);
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
    expect_round_trips(both_levels, buf_alloc(0));
}
END_TEST

START_TEST(one_byte_round_trips)
{
    expect_round_trips(both_levels, buf_copy("x", 1));
}
END_TEST

START_TEST(text_round_trips)
{
    expect_round_trips(both_levels, text_bytes(100000, 1));
}
END_TEST

START_TEST(random_data_round_trips)
{
    expect_round_trips(both_levels, random_bytes(200000, 2));
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
        expect_round_trips(both_levels, alone);
        total += runs[i] + 1;
    }
    all = buf_alloc(total);
    total = 0;
    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
        memset(all.data + total, 'z', runs[i]);
        all.data[total + runs[i]] = (uint8_t)i;
        total += runs[i] + 1;
    }
    expect_round_trips(both_levels, all);
}
END_TEST

START_TEST(long_runs_of_one_byte_round_trip)
{
    struct buf zeros = buf_alloc(3 << 20);

    memset(zeros.data, 0, zeros.len);
    expect_round_trips(both_levels, zeros);
}
END_TEST

START_TEST(data_over_one_mib_round_trips)
{
    struct buf data = text_bytes(1536 * 1024, 3);

    struct buf noise = random_bytes(300000, 4);

    memcpy(data.data + 700000, noise.data, noise.len);
    free(noise.data);
    expect_round_trips(both_levels, data);
}
END_TEST

START_TEST(several_blocks_round_trip)
{
    expect_round_trips(both_levels, random_bytes(2600000, 5));
}
END_TEST

START_TEST(concatenated_streams_decode_back_to_back)
{
    struct buf a = text_bytes(50000, 8), b = random_bytes(1000, 9);
    struct buf packed_a = run_tool("bzip2 -1 -c < %s", a),
               packed_b = run_tool("bzip2 -9 -c < %s", b);
    struct buf packed = buf_concat(packed_a, packed_b);
    struct buf out = buf_alloc(a.len + b.len);

    ck_assert_int_eq(decode_into(packed, out.data, out.len), (long)(a.len + b.len));
    ck_assert(memcmp(out.data, a.data, a.len) == 0);
    ck_assert(memcmp(out.data + a.len, b.data, b.len) == 0);
    buf_free_all(6, a, b, packed_a, packed_b, packed, out);
}
END_TEST

/* The Linux build appends the decompressed size as four bytes after the stream. */
START_TEST(trailing_size_after_stream_is_ignored)
{
    struct buf plain, stream = small_stream(&plain);
    uint32_t size = (uint32_t)plain.len;
    struct buf trailer = buf_copy(&size, sizeof(size));
    struct buf packed = buf_concat(stream, trailer);
    struct buf out = buf_alloc(plain.len);

    ck_assert_int_eq(decode_into(packed, out.data, out.len), (long)plain.len);
    ck_assert(memcmp(out.data, plain.data, plain.len) == 0);
    buf_free_all(5, plain, stream, trailer, packed, out);
}
END_TEST

START_TEST(a_corrupt_second_stream_is_einval)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf packed = buf_concat(stream, stream);
    struct buf out = buf_alloc(2 * plain.len);

    packed.data[stream.len + 20] ^= 0x10;
    ck_assert_int_eq(decode_into(packed, out.data, out.len), -EINVAL);
    buf_free_all(4, plain, stream, packed, out);
}
END_TEST

START_TEST(every_truncation_is_einval)
{
    struct buf plain, stream = small_stream(&plain);

    expect_every_truncation_einval(stream, plain.len);
    buf_free_all(2, plain, stream);
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

    expect_every_flip_caught(stream, 64 << 20, &plain, -EOPNOTSUPP);
    buf_free_all(2, plain, stream);
}
END_TEST

START_TEST(output_one_byte_short_is_enospc)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len - 1);

    ck_assert_int_eq(decode_into(stream, out.data, out.len), -ENOSPC);
    buf_free_all(3, plain, stream, out);
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
    buf_free_all(3, plain, stream, out);
}
END_TEST

START_TEST(misaligned_scratch_still_works)
{
    struct buf plain, stream = small_stream(&plain);

    expect_decodes_with_misaligned_scratch(stream, plain);
    buf_free_all(2, plain, stream);
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

        ck_assert_msg(decode_into(in, out, sizeof(out)) == -EINVAL, "header %zu", i);
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
    ck_assert_int_eq(decode_into(stream, out.data, out.len), -EINVAL);
    buf_free_all(3, plain, stream, out);
}
END_TEST

/* The stream CRC ends in the last byte, whose top bit is never padding. */
START_TEST(stream_crc_mismatch_is_einval)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);

    stream.data[stream.len - 1] ^= 0x80;
    ck_assert_int_eq(decode_into(stream, out.data, out.len), -EINVAL);
    buf_free_all(3, plain, stream, out);
}
END_TEST

START_TEST(randomised_block_is_eopnotsupp)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);

    put_bits(stream.data, 112, 1, 1);
    ck_assert_int_eq(decode_into(stream, out.data, out.len), -EOPNOTSUPP);
    buf_free_all(3, plain, stream, out);
}
END_TEST

START_TEST(origin_pointer_past_block_is_einval)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);

    put_bits(stream.data, 113, 24, 0xffffff);
    ck_assert_int_eq(decode_into(stream, out.data, out.len), -EINVAL);
    put_bits(stream.data, 113, 24, (uint32_t)plain.len);
    ck_assert_int_eq(decode_into(stream, out.data, out.len), -EINVAL);
    buf_free_all(3, plain, stream, out);
}
END_TEST

/* A block may not hold more than the header's level allows: relabel a -2 stream as -1. */
START_TEST(block_larger_than_its_level_is_einval)
{
    struct buf plain = random_bytes(150000, 11);
    struct buf stream = run_tool("bzip2 -2 -c < %s", plain);
    struct buf out = buf_alloc(plain.len);

    ck_assert_int_eq(decode_into(stream, out.data, out.len), (long)plain.len);
    stream.data[3] = '1';
    ck_assert_int_eq(decode_into(stream, out.data, out.len), -EINVAL);
    buf_free_all(3, plain, stream, out);
}
END_TEST

START_TEST(random_garbage_after_block_magic_is_einval)
{
    static const uint8_t header[] = { 'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59 };
    uint8_t out[4096];
    void *s = scratch_alloc();

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

    use_decoder(bunzip2, bunzip2_scratch_size);
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
