/*
 * unlz4: byte-exact round trips of data compressed at run time by the real
 * lz4 (nothing compressed is committed), in the legacy frame Linux uses
 * and in the current frame with each of its options, frames built by hand
 * for what lz4 never writes, and hostile streams: every truncation, every
 * flipped bit, a short output buffer, offsets before the start of a block.
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

#define LEGACY_MAGIC "\x02\x21\x4c\x18"
#define FRAME_MAGIC  "\x04\x22\x4d\x18"
#define QUIET        " 2>/dev/null" /* lz4 talks on stderr */

/* Every way we expect lz4 to be used: Linux's legacy frame and the current frame's options. */
static const char *const all_modes[] = {
    "lz4 -l -9 -c %s" QUIET,
    "lz4 -l -1 -c %s" QUIET,
    "lz4 -9 -c %s" QUIET,
    "lz4 -9 --content-size -BD -c %s" QUIET,
    "lz4 -1 --no-frame-crc -c %s" QUIET,
    "lz4 -B4 -BD -BX --content-size -c %s" QUIET,
    "lz4 -B5 -BX --no-frame-crc -c %s" QUIET,
    "lz4 -B6 -BD -c %s" QUIET,
    NULL,
};

/* xxHash32 with seed 0, written plainly, to seal the frames the tests build. */
static uint32_t xxh32_of(const uint8_t *p, size_t len)
{
    static const uint32_t p1 = 0x9e3779b1u, p2 = 0x85ebca77u, p3 = 0xc2b2ae3du;
    static const uint32_t p4 = 0x27d4eb2fu, p5 = 0x165667b1u;
    uint32_t v[4] = { p1 + p2, p2, 0, -p1 }, h;
    size_t i = 0;

#define ROTL(x, r) ((x) << (r) | (x) >> (32 - (r)))
    for (; len >= 16 && i + 16 <= len; i += 16)
        for (int k = 0; k < 4; k++) {
            uint32_t lane;

            memcpy(&lane, p + i + 4 * k, 4);
            v[k] = ROTL(v[k] + lane * p2, 13) * p1;
        }
    h = len >= 16 ? ROTL(v[0], 1) + ROTL(v[1], 7) + ROTL(v[2], 12) + ROTL(v[3], 18) : p5;
    h += (uint32_t)len;
    for (; i + 4 <= len; i += 4) {
        uint32_t word;

        memcpy(&word, p + i, 4);
        h = ROTL(h + word * p3, 17) * p4;
    }
    for (; i < len; i++)
        h = ROTL(h + p[i] * p5, 11) * p1;
#undef ROTL
    h ^= h >> 15;
    h *= p2;
    h ^= h >> 13;
    h *= p3;
    return h ^ h >> 16;
}

static void add_le32(struct builder *b, uint32_t v)
{
    uint8_t le[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

    builder_add(b, le, 4);
}

/* A current frame's magic and descriptor (FLG, BD, optional fields, HC). */
static void add_frame_header(struct builder *b, uint8_t flg, uint8_t bd, const void *optional,
                             size_t optional_len)
{
    uint8_t desc[16] = { flg, bd };

    if (optional_len)
        memcpy(desc + 2, optional, optional_len);
    builder_add(b, FRAME_MAGIC, 4);
    builder_add(b, desc, 2 + optional_len);
    desc[2 + optional_len] = (uint8_t)(xxh32_of(desc, 2 + optional_len) >> 8);
    builder_add(b, desc + 2 + optional_len, 1);
}

/* Compressed block "abcd" then a match of 4 from offset 4: "abcdabcd". */
static const uint8_t abcd_twice[] = { 0x40, 'a', 'b', 'c', 'd', 4, 0, 0x00 };

START_TEST(xxhash_helper_matches_lz4s_header_checksum)
{
    static const uint8_t desc[] = { 0x64, 0x40 };

    ck_assert_uint_eq(xxh32_of(desc, 2) >> 8 & 0xff, 0xa7); /* lz4 -9 of an empty file */
}
END_TEST

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
    struct buf data = random_bytes(300000, 2), lz = run_tool("lz4 -B4 -c %s" QUIET, data);

    ck_assert_uint_eq(lz.data[10] & 0x80, 0x80); /* the first block is stored */
    free(lz.data);
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
    expect_round_trips(all_modes, mixed_bytes(3 << 20, 3));
}
END_TEST

START_TEST(legacy_frame_over_8_mib_spans_blocks)
{
    struct buf data = mixed_bytes(17 << 20, 4);

    expect_round_trip("lz4 -l -9 -c %s" QUIET, data);
    expect_round_trip("lz4 -l -1 -c %s" QUIET, data);
    free(data.data);
}
END_TEST

START_TEST(frames_of_every_kind_decode_back_to_back)
{
    struct buf a = text_bytes(100000, 5), b = random_bytes(20000, 6), c = text_bytes(5000, 7);
    struct buf la = run_tool("lz4 -l -9 -c %s" QUIET, a), lb = run_tool("lz4 -BX -c %s" QUIET, b);
    struct buf lc = run_tool("lz4 -l -c %s" QUIET, c);
    struct buf skip = buf_copy("\x5a\x2a\x4d\x18\x03\0\0\0xyz", 11);
    struct buf s1 = buf_concat(la, lb), s2 = buf_concat(s1, skip), all = buf_concat(s2, lc);
    struct buf w1 = buf_concat(a, b), want = buf_concat(w1, c);

    expect_decodes_to(all, want);
    free(a.data), free(b.data), free(c.data), free(la.data), free(lb.data), free(lc.data);
    free(skip.data), free(s1.data), free(s2.data), free(all.data), free(w1.data), free(want.data);
}
END_TEST

/* Linux appends the decompressed size; a small kernel's size looks like a block size. */
START_TEST(size_appended_to_a_legacy_frame_is_ignored)
{
    struct buf data = text_bytes(70000, 8), lz = run_tool("lz4 -l -9 -c %s" QUIET, data);
    struct buf size = buf_copy("\x70\x11\x01\x00", 4), both = buf_concat(lz, size);
    struct buf big = buf_copy("\x00\x00\x00\x02", 4), both_big = buf_concat(lz, big);

    expect_decodes_to(both, data);
    expect_decodes_to(both_big, data);
    free(lz.data), free(size.data), free(both.data), free(big.data), free(both_big.data);
    free(data.data);
}
END_TEST

START_TEST(bytes_after_a_frame_that_start_no_frame_are_ignored)
{
    struct buf data = text_bytes(70000, 9), lz = run_tool("lz4 -9 -c %s" QUIET, data);
    struct buf tail = buf_copy("garbage", 7), both = buf_concat(lz, tail);

    expect_decodes_to(both, data);
    free(lz.data), free(tail.data), free(both.data), free(data.data);
}
END_TEST

START_TEST(only_a_magic_is_the_empty_legacy_frame)
{
    struct buf in = buf_copy(LEGACY_MAGIC, 4);

    ck_assert_int_eq(decode(in, 0, NULL), 0);
    free(in.data);
}
END_TEST

START_TEST(every_truncation_of_a_frame_is_einval)
{
    static const char *const modes[] = { "lz4 -9 -c %s" QUIET, "lz4 -9 --no-frame-crc -c %s" QUIET,
                                         "lz4 -B4 -BX --content-size -c %s" QUIET };
    struct buf data = text_bytes(3000, 10);

    for (int m = 0; m < 3; m++) {
        struct buf lz = run_tool(modes[m], data);

        expect_every_truncation_einval(lz, data.len);
        free(lz.data);
    }
    free(data.data);
}
END_TEST

/* A legacy frame has no end mark: cut after its magic or a block's size field, it is just shorter. */
START_TEST(every_truncation_inside_a_legacy_block_is_einval)
{
    struct buf data = text_bytes(3000, 11), lz = run_tool("lz4 -l -9 -c %s" QUIET, data);

    for (size_t len = 0; len < lz.len; len++) {
        struct buf cut = buf_copy(lz.data, len);

        ck_assert_int_eq(decode(cut, data.len, NULL), len == 4 || len == 8 ? 0 : -EINVAL);
        free(cut.data);
    }
    free(lz.data);
    free(data.data);
}
END_TEST

/* With both checksums every flipped bit is caught: never wrong data. */
START_TEST(every_flipped_bit_in_a_checksummed_frame_is_detected)
{
    struct buf data = text_bytes(2000, 12), lz = run_tool("lz4 -9 -BX -c %s" QUIET, data);

    expect_every_flip_caught(lz, data.len + (1 << 20), NULL, 0);
    free(lz.data);
    free(data.data);
}
END_TEST

/* The legacy frame carries no checksum: a flipped bit may go unseen, but must not crash. */
START_TEST(flipped_bits_in_a_legacy_frame_never_crash)
{
    struct buf data = text_bytes(2000, 13), lz = run_tool("lz4 -l -9 -c %s" QUIET, data);

    for (size_t bit = 0; bit < lz.len * 8; bit++) {
        struct buf bad = buf_copy(lz.data, lz.len);
        long ret;

        bad.data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        ret = decode(bad, data.len + 100, NULL);
        ck_assert(ret == -EINVAL || ret == -ENOSPC || (ret >= 0 && ret <= (long)data.len + 100));
        free(bad.data);
    }
    free(lz.data);
    free(data.data);
}
END_TEST

START_TEST(output_one_byte_short_is_enospc)
{
    static const char *const modes[] = { "lz4 -l -9 -c %s" QUIET, "lz4 -9 -c %s" QUIET,
                                         "lz4 -B4 -c %s" QUIET };
    struct buf data = mixed_bytes(1 << 20, 14);

    for (int m = 0; m < 3; m++) {
        struct buf lz = run_tool(modes[m], data);

        ck_assert_int_eq(decode(lz, data.len - 1, NULL), -ENOSPC);
        free(lz.data);
    }
    free(data.data);
}
END_TEST

START_TEST(no_scratch_is_needed)
{
    struct buf data = text_bytes(1000, 15), lz = run_tool("lz4 -9 -c %s" QUIET, data);

    ck_assert_uint_eq(unlz4_scratch_size(), 0);
    expect_decodes_to(lz, data);
    free(lz.data);
    free(data.data);
}
END_TEST

START_TEST(offset_before_the_start_of_the_output_is_einval)
{
    static const uint8_t too_far[] = { 0x10, 'a', 2, 0, 0x00 };
    static const uint8_t zero_offset[] = { 0x10, 'a', 0, 0, 0x00 };
    struct builder b1 = { .len = 0 }, b2 = { .len = 0 };

    builder_add(&b1, LEGACY_MAGIC, 4);
    add_le32(&b1, sizeof(too_far));
    builder_add(&b1, too_far, sizeof(too_far));
    ck_assert_int_eq(decode_built(&b1, 100), -EINVAL);
    builder_add(&b2, LEGACY_MAGIC, 4);
    add_le32(&b2, sizeof(zero_offset));
    builder_add(&b2, zero_offset, sizeof(zero_offset));
    ck_assert_int_eq(decode_built(&b2, 100), -EINVAL);
}
END_TEST

START_TEST(legacy_blocks_cannot_reach_into_the_previous_block)
{
    static const uint8_t back_one[] = { 0x00, 4, 0, 0x00 }; /* no literals, offset 4 */
    struct builder b = { .len = 0 };

    builder_add(&b, LEGACY_MAGIC, 4);
    add_le32(&b, sizeof(abcd_twice));
    builder_add(&b, abcd_twice, sizeof(abcd_twice));
    ck_assert_int_eq(decode_built(&b, 100), 8);
    add_le32(&b, sizeof(back_one));
    builder_add(&b, back_one, sizeof(back_one));
    ck_assert_int_eq(decode_built(&b, 100), -EINVAL);
}
END_TEST

/* Two blocks, the second matching into the first: fine when linked, not when independent. */
static long decode_two_block_frame(uint8_t flg)
{
    static const uint8_t back_into_first[] = { 0x00, 8, 0, 0x10, 'z' };
    struct builder b = { .len = 0 };

    add_frame_header(&b, flg, 0x40, NULL, 0);
    add_le32(&b, sizeof(abcd_twice));
    builder_add(&b, abcd_twice, sizeof(abcd_twice));
    add_le32(&b, sizeof(back_into_first));
    builder_add(&b, back_into_first, sizeof(back_into_first));
    add_le32(&b, 0);
    return decode_built(&b, 100);
}

START_TEST(linked_blocks_reach_into_earlier_blocks_independent_ones_do_not)
{
    ck_assert_int_eq(decode_two_block_frame(0x40), 8 + 4 + 1);
    ck_assert_int_eq(decode_two_block_frame(0x60), -EINVAL);
}
END_TEST

START_TEST(bad_descriptors_are_einval_and_a_dictionary_is_eopnotsupp)
{
    static const uint8_t dict_id[4] = { 1, 2, 3, 4 };
    static const uint8_t bad[][2] = {
        { 0x80, 0x40 }, /* version 2 */
        { 0x62, 0x40 }, /* reserved FLG bit */
        { 0x60, 0xc0 }, /* reserved BD bit 7 */
        { 0x60, 0x41 }, /* reserved BD low bits */
        { 0x60, 0x30 }, /* block size code 3 */
    };
    struct builder dict = { .len = 0 }, hc = { .len = 0 };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct builder b = { .len = 0 };

        add_frame_header(&b, bad[i][0], bad[i][1], NULL, 0);
        add_le32(&b, 0);
        ck_assert_int_eq(decode_built(&b, 100), -EINVAL);
    }
    add_frame_header(&dict, 0x61, 0x40, dict_id, 4);
    add_le32(&dict, 0);
    ck_assert_int_eq(decode_built(&dict, 100), -EOPNOTSUPP);
    add_frame_header(&hc, 0x60, 0x40, NULL, 0);
    add_le32(&hc, 0);
    hc.data[6] ^= 1;
    ck_assert_int_eq(decode_built(&hc, 100), -EINVAL);
}
END_TEST

START_TEST(content_size_mismatch_is_einval)
{
    uint8_t size[8] = { 9 };
    struct builder b = { .len = 0 };

    add_frame_header(&b, 0x68, 0x40, size, 8);
    add_le32(&b, sizeof(abcd_twice));
    builder_add(&b, abcd_twice, sizeof(abcd_twice));
    add_le32(&b, 0);
    ck_assert_int_eq(decode_built(&b, 100), -EINVAL);
    b.data[6] = 8;
    b.data[14] = (uint8_t)(xxh32_of(b.data + 4, 10) >> 8);
    ck_assert_int_eq(decode_built(&b, 100), 8);
}
END_TEST

START_TEST(block_larger_than_the_frames_maximum_is_einval)
{
    struct builder b = { .len = 0 };

    add_frame_header(&b, 0x60, 0x40, NULL, 0); /* 64 KiB blocks */
    add_le32(&b, 0x80000000u | 65537);         /* stored, one byte more */
    ck_assert_int_eq(decode_built(&b, 1 << 20), -EINVAL);
}
END_TEST

START_TEST(legacy_block_decoding_past_8_mib_is_einval)
{
    struct builder *b = malloc(sizeof(*b));
    size_t run = (8u << 20) + 1 - 1 - 4 - 15; /* one literal, then a match of 8 MiB */

    b->len = 0;
    builder_add(b, LEGACY_MAGIC, 4);
    add_le32(b, 0); /* patched below */
    builder_add(b,
                "\x1f"
                "a\x01\x00",
                4);
    for (; run >= 255; run -= 255)
        builder_add(b, "\xff", 1);
    builder_add(b, &(uint8_t){ (uint8_t)run }, 1);
    builder_add(b, "\x00", 1); /* a last sequence of no literals */
    b->data[4] = (uint8_t)(b->len - 8);
    b->data[5] = (uint8_t)((b->len - 8) >> 8);
    ck_assert_int_eq(decode_built(b, 9 << 20), -EINVAL);
    free(b);
}
END_TEST

START_TEST(block_and_content_checksum_mismatches_are_einval)
{
    struct buf data = text_bytes(5000, 16), lz = run_tool("lz4 -9 -BX -c %s" QUIET, data);
    /* NOLINTNEXTLINE: a path the test never takes (data made non-empty above) */
    size_t block_len = lz.data[7] | lz.data[8] << 8 | (size_t)lz.data[9] << 16;
    struct buf bad_block = buf_copy(lz.data, lz.len), bad_content = buf_copy(lz.data, lz.len);

    bad_block.data[11 + block_len] ^= 1; /* the block's checksum */
    /* NOLINTNEXTLINE: a path the test never takes (data made non-empty above) */
    bad_content.data[lz.len - 1] ^= 1; /* the content checksum */
    ck_assert_int_eq(decode(bad_block, data.len, NULL), -EINVAL);
    ck_assert_int_eq(decode(bad_content, data.len, NULL), -EINVAL);
    free(bad_block.data), free(bad_content.data), free(lz.data), free(data.data);
}
END_TEST

START_TEST(skippable_frames_alone_decode_to_nothing)
{
    struct buf ok = buf_copy("\x50\x2a\x4d\x18\x02\0\0\0hi\x5f\x2a\x4d\x18\0\0\0\0", 18);
    struct buf short_len = buf_copy("\x50\x2a\x4d\x18\x03\0\0\0hi", 10);

    ck_assert_int_eq(decode(ok, 0, NULL), 0);
    ck_assert_int_eq(decode(short_len, 0, NULL), -EINVAL);
    free(ok.data);
    free(short_len.data);
}
END_TEST

START_TEST(random_garbage_after_a_magic_never_crashes)
{
    for (uint64_t seed = 1; seed <= 400; seed++) {
        struct buf junk = random_bytes(300, seed);
        long ret;

        memcpy(junk.data, seed & 1 ? LEGACY_MAGIC "\x80\0\0\0" : LEGACY_MAGIC, seed & 1 ? 8 : 4);
        ret = decode(junk, 4096, NULL);
        ck_assert(ret == -EINVAL || ret == -ENOSPC || (ret >= 0 && ret <= 4096));
        free(junk.data);
    }
}
END_TEST

START_TEST(unknown_magic_is_einval)
{
    struct buf in = buf_copy("\x03\x21\x4c\x18\0\0\0\0", 8), tiny = buf_copy(LEGACY_MAGIC, 3);

    ck_assert_int_eq(decode(in, 100, NULL), -EINVAL);
    ck_assert_int_eq(decode(tiny, 100, NULL), -EINVAL);
    free(in.data);
    free(tiny.data);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("unlz4");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    use_decoder(unlz4, unlz4_scratch_size);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, xxhash_helper_matches_lz4s_header_checksum);
    tcase_add_test(tc, empty_input_round_trips);
    tcase_add_test(tc, one_byte_round_trips);
    tcase_add_test(tc, text_round_trips);
    tcase_add_test(tc, random_data_round_trips_through_stored_blocks);
    tcase_add_test(tc, long_runs_of_one_byte_round_trip);
    tcase_add_test(tc, data_over_one_mib_round_trips);
    tcase_add_test(tc, legacy_frame_over_8_mib_spans_blocks);
    tcase_add_test(tc, frames_of_every_kind_decode_back_to_back);
    tcase_add_test(tc, size_appended_to_a_legacy_frame_is_ignored);
    tcase_add_test(tc, bytes_after_a_frame_that_start_no_frame_are_ignored);
    tcase_add_test(tc, only_a_magic_is_the_empty_legacy_frame);
    tcase_add_test(tc, every_truncation_of_a_frame_is_einval);
    tcase_add_test(tc, every_truncation_inside_a_legacy_block_is_einval);
    tcase_add_test(tc, every_flipped_bit_in_a_checksummed_frame_is_detected);
    tcase_add_test(tc, flipped_bits_in_a_legacy_frame_never_crash);
    tcase_add_test(tc, output_one_byte_short_is_enospc);
    tcase_add_test(tc, no_scratch_is_needed);
    tcase_add_test(tc, offset_before_the_start_of_the_output_is_einval);
    tcase_add_test(tc, legacy_blocks_cannot_reach_into_the_previous_block);
    tcase_add_test(tc, linked_blocks_reach_into_earlier_blocks_independent_ones_do_not);
    tcase_add_test(tc, bad_descriptors_are_einval_and_a_dictionary_is_eopnotsupp);
    tcase_add_test(tc, content_size_mismatch_is_einval);
    tcase_add_test(tc, block_larger_than_the_frames_maximum_is_einval);
    tcase_add_test(tc, legacy_block_decoding_past_8_mib_is_einval);
    tcase_add_test(tc, block_and_content_checksum_mismatches_are_einval);
    tcase_add_test(tc, skippable_frames_alone_decode_to_nothing);
    tcase_add_test(tc, random_garbage_after_a_magic_never_crashes);
    tcase_add_test(tc, unknown_magic_is_einval);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
