/*
 * unzstd: byte-exact round trips of data compressed at run time by the real
 * zstd tool at several levels (nothing compressed is committed), frames put
 * together by hand for the corners the tool never writes (dictionaries,
 * skippable frames, bad offsets, missing tables), and hostile input: every
 * truncation, every flipped bit, random corruption, a short output buffer
 * and short scratch, none of which may crash or hang.  Every input is copied
 * to a heap block of exactly its size, so ASan catches any read past its end.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/decompress.h"
#include "tests/unit/compress_fixture.h"

/*
 * Every tool setting below must round-trip data.  "zstd -c %s" lets zstd
 * record the content size, "cat %s | zstd" does not, as in the Linux build.
 */
static const char *const tools[] = {
    "zstd -q -19 -c %s",
    "zstd -q -1 -c %s",
    "cat %s | zstd -q --ultra -22 -c",
    "zstd -q --no-check -3 -c %s",
    "cat %s | zstd -q -3 --long=27 -c",
    NULL,
};

/* A small stream to attack: text, so it has Huffman literals and FSE sequences. */
static struct buf small_stream(struct buf *plain)
{
    *plain = text_bytes(3000, 7);
    return run_tool("zstd -q -19 -c %s", *plain);
}

static const uint8_t frame_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };

/* A frame by hand: magic, descriptor (and window byte unless single segment), one last block. */
static struct buf make_frame(const uint8_t *header, size_t header_len, unsigned block_type,
                             const uint8_t *content, size_t content_len, uint32_t block_size)
{
    uint32_t block_header = block_size << 3 | block_type << 1 | 1;
    struct buf f = buf_alloc(4 + header_len + 3 + content_len);

    memcpy(f.data, frame_magic, 4);
    memcpy(f.data + 4, header, header_len);
    for (int i = 0; i < 3; i++)
        f.data[4 + header_len + i] = (uint8_t)(block_header >> (8 * i));
    memcpy(f.data + 4 + header_len + 3, content, content_len);
    return f;
}

static const uint8_t plain_header[] = { 0x00, 0x00 }; /* no checksum, 1 KiB window */

static struct buf raw_frame(const char *text)
{
    return make_frame(plain_header, sizeof(plain_header), 0, (const uint8_t *)text, strlen(text),
                      (uint32_t)strlen(text));
}

/*
 * A compressed block with one raw literal 'a' and one sequence, all three
 * codes given in RLE mode: literal length code ll, offset code of whose
 * of extra bits are extra, match length code 0 (3 bytes).
 */
static struct buf one_sequence_frame(uint8_t ll, uint8_t of, uint8_t extra)
{
    const uint8_t block[] = { 0x08, 'a', 0x01, 0x54, ll, of, 0x00, (uint8_t)(1u << of | extra) };

    return make_frame(plain_header, sizeof(plain_header), 2, block, sizeof(block), sizeof(block));
}

static struct buf skippable_frame(uint8_t nibble, size_t len)
{
    struct buf f = buf_alloc(8 + len);
    uint32_t magic = 0x184d2a50u | nibble, size = (uint32_t)len;

    memcpy(f.data, &magic, 4);
    memcpy(f.data + 4, &size, 4);
    memset(f.data + 8, 0xa5, len);
    return f;
}

static void check_result(struct buf in, long expected)
{
    uint8_t out[256];

    ck_assert_int_eq(decode_into(in, out, sizeof(out)), expected);
    free(in.data);
}

START_TEST(empty_input_round_trips)
{
    expect_round_trips(tools, buf_alloc(0));
}
END_TEST

START_TEST(one_byte_round_trips)
{
    expect_round_trips(tools, buf_copy("x", 1));
}
END_TEST

START_TEST(text_round_trips)
{
    expect_round_trips(tools, text_bytes(100000, 1));
}
END_TEST

/* Sizes whose checksum tails take every path: 8-byte lanes, a 4-byte word, single bytes. */
START_TEST(odd_sizes_round_trip)
{
    static const size_t sizes[] = { 2, 4, 5, 7, 12, 31, 32, 33, 45, 63, 1005, 4099 };

    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        struct buf plain = text_bytes(sizes[i], i);
        struct buf packed = run_tool("zstd -q -19 -c %s", plain);

        expect_decodes_to(packed, plain);
        buf_free_all(2, plain, packed);
    }
}
END_TEST

START_TEST(random_data_round_trips)
{
    expect_round_trips(tools, random_bytes(300000, 2));
}
END_TEST

START_TEST(runs_of_one_byte_round_trip)
{
    static const size_t runs[] = { 1, 3, 4, 5, 255, 256, 260, 70000, 140000 };
    struct buf all = buf_alloc(2 << 20);
    size_t pos = 0;

    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
        memset(all.data + pos, 'a' + (int)i, runs[i]);
        pos += runs[i];
        all.data[pos++] = (uint8_t)i;
    }
    memset(all.data + pos, 0, all.len - pos);
    expect_round_trips(tools, all);
}
END_TEST

START_TEST(mixed_data_over_one_mib_round_trips)
{
    struct buf data = text_bytes(1536 * 1024, 3);
    struct buf noise = random_bytes(300000, 4);

    memcpy(data.data + 700000, noise.data, noise.len);
    memcpy(data.data + 1200000, data.data + 100, 200000); /* a long-distance repeat */
    free(noise.data);
    expect_round_trips(tools, data);
}
END_TEST

START_TEST(concatenated_frames_decode_back_to_back)
{
    struct buf a = text_bytes(50000, 8), b = random_bytes(1000, 9);
    struct buf packed_a = run_tool("zstd -q -1 -c %s", a);
    struct buf packed_b = run_tool("cat %s | zstd -q -19 -c", b);
    struct buf packed = buf_concat(packed_a, packed_b), plain = buf_concat(a, b);

    expect_decodes_to(packed, plain);
    buf_free_all(6, a, b, packed_a, packed_b, packed, plain);
}
END_TEST

START_TEST(skippable_frames_are_skipped)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf skip0 = skippable_frame(0, 0), skip5 = skippable_frame(5, 17);
    struct buf skipf = skippable_frame(15, 300);
    struct buf t1 = buf_concat(skip5, stream), t2 = buf_concat(t1, skip0),
               t3 = buf_concat(t2, stream);
    struct buf all = buf_concat(t3, skipf), twice = buf_concat(plain, plain);

    expect_decodes_to(all, twice);
    buf_free_all(10, plain, stream, skip0, skip5, skipf, t1, t2, t3, all, twice);
}
END_TEST

START_TEST(a_lone_skippable_frame_gives_no_output)
{
    check_result(skippable_frame(3, 10), 0);
}
END_TEST

START_TEST(a_skippable_frame_past_the_input_is_einval)
{
    struct buf skip = skippable_frame(3, 10);

    skip.len--;
    check_result(skip, -EINVAL);
}
END_TEST

/* The Linux build appends the decompressed size as four bytes after the frame. */
START_TEST(trailing_size_after_frame_is_ignored)
{
    struct buf plain, stream = small_stream(&plain);
    uint32_t size = (uint32_t)plain.len;
    struct buf trailer = buf_copy(&size, sizeof(size));
    struct buf packed = buf_concat(stream, trailer);

    expect_decodes_to(packed, plain);
    buf_free_all(4, plain, stream, trailer, packed);
}
END_TEST

START_TEST(a_corrupt_second_frame_is_einval)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf packed = buf_concat(stream, stream);
    struct buf out = buf_alloc(2 * plain.len);

    packed.data[packed.len - 1] ^= 0x10; /* the second frame's checksum */
    ck_assert_int_eq(decode_into(packed, out.data, out.len), -EINVAL);
    buf_free_all(4, plain, stream, packed, out);
}
END_TEST

static void check_every_truncation(struct buf plain, struct buf stream)
{
    expect_every_truncation_einval(stream, plain.len);
    buf_free_all(2, plain, stream);
}

/* Both header layouts: content size and no window (tool given a file), window and no size (pipe). */
START_TEST(every_truncation_is_einval)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf piped_plain = text_bytes(3000, 8);

    check_every_truncation(plain, stream);
    check_every_truncation(piped_plain, run_tool("cat %s | zstd -q -19 -c", piped_plain));
}
END_TEST

/*
 * A flip is caught, or lands where it changes nothing (the window size, the
 * unused bit, the checksum flag, whose checksum then reads as trailing
 * bytes), or makes the frame name a dictionary.  The output has room for far
 * more than the frame, so corruption is caught by the decoder's checks and
 * the checksum rather than by running out of space.
 */
START_TEST(every_flipped_bit_is_detected)
{
    struct buf plain, stream = small_stream(&plain);

    expect_every_flip_caught(stream, 16 << 20, &plain, -EOPNOTSUPP);
    buf_free_all(2, plain, stream);
}
END_TEST

/* Several bytes at once, anywhere: the same outcomes as a single flip. */
START_TEST(random_corruption_is_detected)
{
    struct buf plain = text_bytes(200000, 12);
    struct buf stream = run_tool("zstd -q -19 -c %s", plain);
    struct buf out = buf_alloc(16 << 20);
    void *s = scratch_alloc();

    rng_state = 99;
    for (int round = 0; round < 2000; round++) {
        struct buf bad = buf_copy(stream.data, stream.len);
        long ret;

        /* Half the rounds aim at the first block's headers and tables. */
        for (int i = 0; i < 1 + round % 4; i++)
            /* NOLINTNEXTLINE: a path the test never takes (data made non-empty above) */
            bad.data[rng_next() % (round % 2 ? bad.len : 64)] = (uint8_t)rng_next();
        ret = unzstd(bad.data, bad.len, out.data, out.len, s, unzstd_scratch_size());
        if (ret != (long)plain.len || memcmp(out.data, plain.data, plain.len) != 0)
            ck_assert_msg(ret == -EINVAL || ret == -EOPNOTSUPP, "round %d gave %ld", round, ret);
        free(bad.data);
    }
    free(s);
    buf_free_all(3, plain, stream, out);
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

/* Whether the output runs out in a literal copy, a match, a raw or an RLE block. */
START_TEST(every_short_output_is_enospc)
{
    struct buf plain, stream = small_stream(&plain);
    const uint8_t rle_byte = 'z';
    struct buf raw = raw_frame("hello"), rle = make_frame(plain_header, 2, 1, &rle_byte, 1, 7);
    void *s = scratch_alloc();

    for (size_t cap = 0; cap < plain.len; cap++) {
        struct buf out = buf_alloc(cap);

        ck_assert_msg(unzstd(stream.data, stream.len, out.data, cap, s, unzstd_scratch_size()) ==
                          -ENOSPC,
                      "room for %zu", cap);
        free(out.data);
    }
    ck_assert_int_eq(decode_into(raw, plain.data, 4), -ENOSPC);
    ck_assert_int_eq(decode_into(rle, plain.data, 6), -ENOSPC);
    free(s);
    buf_free_all(4, plain, stream, raw, rle);
}
END_TEST

START_TEST(short_scratch_is_enomem)
{
    struct buf plain, stream = small_stream(&plain);
    struct buf out = buf_alloc(plain.len);
    size_t len = unzstd_scratch_size() - 1;
    void *s = malloc(len);

    ck_assert_int_eq(unzstd(stream.data, stream.len, out.data, out.len, s, len), -ENOMEM);
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

START_TEST(checksum_mismatch_is_einval)
{
    struct buf plain, stream = small_stream(&plain);

    struct buf out = buf_alloc(plain.len);

    /* NOLINTNEXTLINE: a path the test never takes (data made non-empty above) */
    stream.data[stream.len - 4] ^= 1;
    ck_assert_int_eq(decode_into(stream, out.data, out.len), -EINVAL);
    buf_free_all(3, plain, stream, out);
}
END_TEST

START_TEST(bad_magic_is_einval)
{
    static const char *const inputs[] = {
        "", "\x28", "\x28\xb5\x2f", "\x28\xb5\x2f\xfe", "BZh9", "\x28\xb5\x2f\xfd"
    };

    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
        check_result(buf_copy(inputs[i], strlen(inputs[i])), -EINVAL);
}
END_TEST

START_TEST(hand_made_raw_and_rle_blocks_decode)
{
    const uint8_t rle_byte = 'z';
    struct buf raw = raw_frame("hello"), rle = make_frame(plain_header, 2, 1, &rle_byte, 1, 7);
    struct buf both = buf_concat(raw, rle);
    uint8_t out[16];

    ck_assert_int_eq(decode_into(both, out, sizeof(out)), 12);
    ck_assert(memcmp(out, "hellozzzzzzz", 12) == 0);
    buf_free_all(3, raw, rle, both);
}
END_TEST

START_TEST(hand_made_literal_headers_decode)
{
    /* Raw literals behind 1-, 2- and 3-byte headers, RLE literals; no sequences. */
    static const uint8_t raw1[] = { 0x28, 'h', 'e', 'l', 'l', 'o', 0x00 };
    static const uint8_t raw2[] = { 0x54, 0x00, 'h', 'e', 'l', 'l', 'o', 0x00 };
    static const uint8_t raw3[] = { 0x5c, 0x00, 0x00, 'h', 'e', 'l', 'l', 'o', 0x00 };
    static const uint8_t rle[] = { 0x29, 'r', 0x00 };
    static const struct {
        const uint8_t *block;
        size_t len;
        const char *text;
    } cases[] = {
        { raw1, sizeof(raw1), "hello" },
        { raw2, sizeof(raw2), "hello" },
        { raw3, sizeof(raw3), "hello" },
        { rle, sizeof(rle), "rrrrr" },
    };
    uint8_t out[8];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct buf f =
            make_frame(plain_header, 2, 2, cases[i].block, cases[i].len, (uint32_t)cases[i].len);

        ck_assert_int_eq(decode_into(f, out, sizeof(out)), 5);
        ck_assert(memcmp(out, cases[i].text, 5) == 0);
        free(f.data);
    }
}
END_TEST

/* A compressed block must hold a literals section and a sequences section, and no more. */
START_TEST(compressed_blocks_missing_or_adding_sections_are_einval)
{
    static const uint8_t no_sequences[] = { 0x08, 'a' };
    static const uint8_t extra_byte[] = { 0x08, 'a', 0x00, 0x00 };

    check_result(make_frame(plain_header, 2, 2, (const uint8_t *)"", 0, 0), -EINVAL);
    check_result(make_frame(plain_header, 2, 2, no_sequences, 2, 2), -EINVAL);
    check_result(make_frame(plain_header, 2, 2, extra_byte, 4, 4), -EINVAL);
}
END_TEST

START_TEST(an_rle_code_past_its_alphabet_is_einval)
{
    check_result(one_sequence_frame(36, 2, 0), -EINVAL);
}
END_TEST

/*
 * 32517 sequences (the three-byte count), every code in RLE mode: no
 * literals, offset value 1 (with no literals: the second recent offset, so
 * 4, 1, 4, ... as the two swap), match length 3, after a raw block "abcd".
 */
START_TEST(three_byte_sequence_count_decodes)
{
    static const uint8_t header[] = { 0x00, 0x50 }; /* 1 MiB window */
    static const uint8_t block[] = { 0x00, 0xff, 0x05, 0x00, 0x54, 0x00, 0x00, 0x00, 0x01 };
    uint32_t raw_header = 4 << 3; /* raw, not last */
    size_t nseq = 0x7f00 + 5, len = 4 + 3 * nseq;
    struct buf compressed = make_frame(header, 2, 2, block, sizeof(block), sizeof(block));
    struct buf f = buf_alloc(compressed.len + 7);
    struct buf out = buf_alloc(len);

    memcpy(f.data, compressed.data, 6);
    memcpy(f.data + 6, &raw_header, 3);
    memcpy(f.data + 9, "abcd", 4);
    memcpy(f.data + 13, compressed.data + 6, compressed.len - 6);
    ck_assert_int_eq(decode_into(f, out.data, out.len), (long)len);
    ck_assert(memcmp(out.data, "abcdabcccc", 10) == 0);
    buf_free_all(3, compressed, f, out);
}
END_TEST

START_TEST(reserved_bits_and_block_type_are_einval)
{
    static const uint8_t reserved_bit[] = { 0x08, 0x00 };

    check_result(make_frame(reserved_bit, 2, 0, (const uint8_t *)"ab", 2, 2), -EINVAL);
    check_result(make_frame(plain_header, 2, 3, (const uint8_t *)"ab", 2, 2), -EINVAL);
}
END_TEST

START_TEST(a_block_over_128_kib_is_einval)
{
    static const uint8_t big_window[] = { 0x00, 0x50 }; /* 1 MiB window */
    const uint8_t byte = 0;

    check_result(make_frame(big_window, 2, 1, &byte, 1, 128 * 1024 + 1), -EINVAL);
    check_result(make_frame(plain_header, 2, 1, &byte, 1, 1025), -EINVAL); /* over the window */
}
END_TEST

START_TEST(a_dictionary_id_is_eopnotsupp)
{
    static const uint8_t with_dict[] = { 0x01, 0x00, 0x07 };
    static const uint8_t zero_dict[] = { 0x01, 0x00, 0x00 };

    check_result(make_frame(with_dict, 3, 0, (const uint8_t *)"ab", 2, 2), -EOPNOTSUPP);
    check_result(make_frame(zero_dict, 3, 0, (const uint8_t *)"ab", 2, 2), 2);
}
END_TEST

START_TEST(content_size_mismatch_is_einval)
{
    static const uint8_t size_4[] = { 0x20, 4 }, size_5[] = { 0x20, 5 };
    static const uint8_t size_260[] = { 0x60, 4, 0 }; /* two-byte sizes count from 256 */
    struct buf rle = make_frame(size_260, 3, 1, (const uint8_t *)"q", 1, 260);
    struct buf out = buf_alloc(260);

    check_result(make_frame(size_4, 2, 0, (const uint8_t *)"abcd", 4, 4), 4);
    check_result(make_frame(size_5, 2, 0, (const uint8_t *)"abcd", 4, 4), -EINVAL);
    ck_assert_int_eq(decode_into(rle, out.data, out.len), 260);
    buf_free_all(2, rle, out);
}
END_TEST

START_TEST(hand_made_sequence_copies_a_match)
{
    struct buf f = one_sequence_frame(1, 2, 0); /* offset value 4: offset 1 */
    uint8_t out[8];

    ck_assert_int_eq(decode_into(f, out, sizeof(out)), 4);
    ck_assert(memcmp(out, "aaaa", 4) == 0);
    free(f.data);
    check_result(one_sequence_frame(1, 0, 0), 4); /* repeat offset 1, initially 1 */
}
END_TEST

START_TEST(an_offset_before_the_output_is_einval)
{
    check_result(one_sequence_frame(1, 5, 0), -EINVAL); /* offset 29 after one byte */
    check_result(one_sequence_frame(1, 2, 1), -EINVAL); /* offset 2 after one byte */
}
END_TEST

START_TEST(an_offset_into_the_previous_frame_is_einval)
{
    struct buf first = raw_frame("0123456789012345678901234567890123456789");
    struct buf second = one_sequence_frame(1, 5, 0);

    check_result(buf_concat(first, second), -EINVAL);
    buf_free_all(2, first, second);
}
END_TEST

/* With no literals first, offset value 3 means the latest offset minus one: 1 - 1 is 0. */
START_TEST(a_repeat_offset_of_zero_is_einval)
{
    check_result(one_sequence_frame(0, 1, 1), -EINVAL);
}
END_TEST

START_TEST(treeless_literals_without_a_tree_are_einval)
{
    /* Treeless, one stream, 1 literal in 1 byte; then no sequences. */
    const uint8_t block[] = { 0x13, 0x40, 0x00, 0x01, 0x00 };

    check_result(make_frame(plain_header, 2, 2, block, sizeof(block), sizeof(block)), -EINVAL);
}
END_TEST

START_TEST(repeated_tables_without_tables_are_einval)
{
    const uint8_t block[] = { 0x08, 'a', 0x01, 0xfc, 0x01 };

    check_result(make_frame(plain_header, 2, 2, block, sizeof(block), sizeof(block)), -EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("unzstd");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    use_decoder(unzstd, unzstd_scratch_size);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, empty_input_round_trips);
    tcase_add_test(tc, one_byte_round_trips);
    tcase_add_test(tc, text_round_trips);
    tcase_add_test(tc, odd_sizes_round_trip);
    tcase_add_test(tc, random_data_round_trips);
    tcase_add_test(tc, runs_of_one_byte_round_trip);
    tcase_add_test(tc, mixed_data_over_one_mib_round_trips);
    tcase_add_test(tc, concatenated_frames_decode_back_to_back);
    tcase_add_test(tc, skippable_frames_are_skipped);
    tcase_add_test(tc, a_lone_skippable_frame_gives_no_output);
    tcase_add_test(tc, a_skippable_frame_past_the_input_is_einval);
    tcase_add_test(tc, trailing_size_after_frame_is_ignored);
    tcase_add_test(tc, a_corrupt_second_frame_is_einval);
    tcase_add_test(tc, every_truncation_is_einval);
    tcase_add_test(tc, every_flipped_bit_is_detected);
    tcase_add_test(tc, random_corruption_is_detected);
    tcase_add_test(tc, output_one_byte_short_is_enospc);
    tcase_add_test(tc, every_short_output_is_enospc);
    tcase_add_test(tc, short_scratch_is_enomem);
    tcase_add_test(tc, misaligned_scratch_still_works);
    tcase_add_test(tc, checksum_mismatch_is_einval);
    tcase_add_test(tc, bad_magic_is_einval);
    tcase_add_test(tc, hand_made_raw_and_rle_blocks_decode);
    tcase_add_test(tc, hand_made_literal_headers_decode);
    tcase_add_test(tc, compressed_blocks_missing_or_adding_sections_are_einval);
    tcase_add_test(tc, an_rle_code_past_its_alphabet_is_einval);
    tcase_add_test(tc, three_byte_sequence_count_decodes);
    tcase_add_test(tc, reserved_bits_and_block_type_are_einval);
    tcase_add_test(tc, a_block_over_128_kib_is_einval);
    tcase_add_test(tc, a_dictionary_id_is_eopnotsupp);
    tcase_add_test(tc, content_size_mismatch_is_einval);
    tcase_add_test(tc, hand_made_sequence_copies_a_match);
    tcase_add_test(tc, an_offset_before_the_output_is_einval);
    tcase_add_test(tc, an_offset_into_the_previous_frame_is_einval);
    tcase_add_test(tc, a_repeat_offset_of_zero_is_einval);
    tcase_add_test(tc, treeless_literals_without_a_tree_are_einval);
    tcase_add_test(tc, repeated_tables_without_tables_are_einval);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
