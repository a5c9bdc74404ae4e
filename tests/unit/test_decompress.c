/*
 * decompress_detect, decompress_name, decompress_scratch_size and
 * decompress: every format's magic (in the output of its real tool, and
 * made by hand at its edges), legacy lzma's conservative detection, and
 * dispatch to gunzip, unlz4 and unlzo with byte-exact round trips.  The
 * other formats' decompressors have tests of their own.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/decompress.h"
#include "tests/unit/compress_fixture.h"

static enum decompress_format detect_bytes(const void *bytes, size_t len)
{
    struct buf b = buf_copy(bytes, len);
    enum decompress_format format = decompress_detect(b.data, b.len);

    free(b.data);
    return format;
}

static enum decompress_format detect_tool_output(const char *cmd)
{
    struct buf text = text_bytes(5000, 1), packed = run_tool(cmd, text);
    enum decompress_format format = decompress_detect(packed.data, packed.len);

    free(packed.data);
    free(text.data);
    return format;
}

START_TEST(each_tools_output_is_detected_as_its_format)
{
    static const struct {
        const char *cmd;
        enum decompress_format format;
    } cases[] = {
        { "gzip -9 < %s", DECOMPRESS_GZIP },       { "xz -9 < %s", DECOMPRESS_XZ },
        { "xz --check=none < %s", DECOMPRESS_XZ }, { "lzma -9 < %s", DECOMPRESS_LZMA },
        { "lzma -1 -c %s", DECOMPRESS_LZMA },      { "bzip2 -9 < %s", DECOMPRESS_BZIP2 },
        { "bzip2 -1 < %s", DECOMPRESS_BZIP2 },     { "lzop -9 < %s", DECOMPRESS_LZO },
        { "lz4 -l -9 -c %s", DECOMPRESS_LZ4 },     { "lz4 -9 -c %s", DECOMPRESS_LZ4 },
        { "zstd -19 -c %s", DECOMPRESS_ZSTD },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(detect_tool_output(cases[i].cmd) == cases[i].format, "%s", cases[i].cmd);
}
END_TEST

START_TEST(a_magic_cut_short_is_unknown)
{
    static const char *const magics[] = {
        "\x1f\x8b",
        /* NOLINTNEXTLINE: split only so that \xfd does not swallow the 7 */
        "\xfd"
        "7zXZ\0",
        "BZh9",
        "\x89LZO\0\r\n\x1a\n",
        "\x02\x21\x4c\x18",
        "\x04\x22\x4d\x18",
        "\x28\xb5\x2f\xfd",
    };
    static const size_t lens[] = { 2, 6, 4, 9, 4, 4, 4 };

    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        ck_assert_int_ne(detect_bytes(magics[i], lens[i]), DECOMPRESS_UNKNOWN);
        ck_assert_int_eq(detect_bytes(magics[i], lens[i] - 1), DECOMPRESS_UNKNOWN);
    }
    ck_assert_int_eq(decompress_detect(NULL, 0), DECOMPRESS_UNKNOWN);
}
END_TEST

START_TEST(bzip2_needs_a_level_digit)
{
    ck_assert_int_eq(detect_bytes("BZh1", 4), DECOMPRESS_BZIP2);
    ck_assert_int_eq(detect_bytes("BZh9", 4), DECOMPRESS_BZIP2);
    ck_assert_int_eq(detect_bytes("BZh0", 4), DECOMPRESS_UNKNOWN);
    ck_assert_int_eq(detect_bytes("BZh:", 4), DECOMPRESS_UNKNOWN);
    ck_assert_int_eq(detect_bytes("BZx9", 4), DECOMPRESS_UNKNOWN);
}
END_TEST

START_TEST(skippable_frames_and_near_misses_are_unknown)
{
    ck_assert_int_eq(detect_bytes("\x50\x2a\x4d\x18\0\0\0\0", 8), DECOMPRESS_UNKNOWN);
    ck_assert_int_eq(detect_bytes("\x03\x21\x4c\x18\0\0\0\0", 8), DECOMPRESS_UNKNOWN);
    ck_assert_int_eq(detect_bytes("\x1f\x8c\x08\0", 4), DECOMPRESS_UNKNOWN);
    ck_assert_int_eq(detect_bytes("\x89LZO\0\r\n\x1a\r", 9), DECOMPRESS_UNKNOWN);
}
END_TEST

/* 13 bytes: properties, dictionary size, uncompressed size (little-endian). */
static enum decompress_format detect_lzma(uint8_t props, uint32_t dict, uint64_t size)
{
    uint8_t h[13] = { props };

    for (int i = 0; i < 4; i++)
        h[1 + i] = (uint8_t)(dict >> (8 * i));
    for (int i = 0; i < 8; i++)
        h[5 + i] = (uint8_t)(size >> (8 * i));
    return detect_bytes(h, sizeof(h));
}

START_TEST(legacy_lzma_is_detected_only_in_the_shapes_its_tools_write)
{
    ck_assert_int_eq(detect_lzma(0x5d, 1u << 26, UINT64_MAX), DECOMPRESS_LZMA);
    ck_assert_int_eq(detect_lzma(0x5d, 3u << 20, 12345), DECOMPRESS_LZMA);
    ck_assert_int_eq(detect_lzma(224, 1u << 16, 0), DECOMPRESS_LZMA);
    ck_assert_int_eq(detect_lzma(225, 1u << 26, UINT64_MAX), DECOMPRESS_UNKNOWN);
    ck_assert_int_eq(detect_lzma(0x5d, 0, UINT64_MAX), DECOMPRESS_UNKNOWN);
    ck_assert_int_eq(detect_lzma(0x5d, 0x12345, UINT64_MAX), DECOMPRESS_UNKNOWN);
    ck_assert_int_eq(detect_lzma(0x5d, 5u << 20, UINT64_MAX), DECOMPRESS_UNKNOWN);
    ck_assert_int_eq(detect_lzma(0x5d, 1u << 26, 1ull << 38), DECOMPRESS_UNKNOWN);
    ck_assert_int_eq(detect_bytes("\x5d\0\0\0\x04\xff\xff\xff\xff\xff\xff\xff", 12),
                     DECOMPRESS_UNKNOWN);
}
END_TEST

START_TEST(random_data_is_almost_never_detected)
{
    int detected = 0;

    for (uint64_t seed = 1; seed <= 10000; seed++) {
        struct buf junk = random_bytes(16, seed);

        detected += decompress_detect(junk.data, junk.len) != DECOMPRESS_UNKNOWN;
        free(junk.data);
    }
    ck_assert_int_le(detected, 5);
}
END_TEST

START_TEST(every_format_has_a_name)
{
    ck_assert_str_eq(decompress_name(DECOMPRESS_GZIP), "gzip");
    ck_assert_str_eq(decompress_name(DECOMPRESS_XZ), "xz");
    ck_assert_str_eq(decompress_name(DECOMPRESS_LZMA), "lzma");
    ck_assert_str_eq(decompress_name(DECOMPRESS_BZIP2), "bzip2");
    ck_assert_str_eq(decompress_name(DECOMPRESS_LZO), "lzo");
    ck_assert_str_eq(decompress_name(DECOMPRESS_LZ4), "lz4");
    ck_assert_str_eq(decompress_name(DECOMPRESS_ZSTD), "zstd");
    ck_assert_str_eq(decompress_name(DECOMPRESS_UNKNOWN), "unknown");
    ck_assert_str_eq(decompress_name((enum decompress_format)99), "unknown");
}
END_TEST

START_TEST(scratch_size_is_the_formats_own)
{
    ck_assert_uint_eq(decompress_scratch_size(DECOMPRESS_GZIP), gunzip_scratch_size());
    ck_assert_uint_eq(decompress_scratch_size(DECOMPRESS_LZO), unlzo_scratch_size());
    ck_assert_uint_eq(decompress_scratch_size(DECOMPRESS_LZ4), unlz4_scratch_size());
    ck_assert_uint_eq(decompress_scratch_size(DECOMPRESS_UNKNOWN), 0);
    ck_assert_uint_gt(gunzip_scratch_size(), 0);
}
END_TEST

/* decompress() on the tool's output of data, with exactly the scratch the format asks for. */
static void expect_dispatch_round_trip(const char *cmd, enum decompress_format format,
                                       struct buf data)
{
    struct buf packed = run_tool(cmd, data), out = buf_alloc(data.len);
    size_t scratch_len = decompress_scratch_size(format);
    void *scratch = scratch_len ? malloc(scratch_len) : NULL;

    ck_assert_int_eq(decompress_detect(packed.data, packed.len), format);
    ck_assert_int_eq(decompress(packed.data, packed.len, out.data, out.len, scratch, scratch_len),
                     (long)data.len);
    ck_assert(memcmp(out.data, data.data, data.len) == 0);
    free(scratch);
    free(out.data);
    free(packed.data);
}

START_TEST(gzip_lz4_and_lzo_dispatch_and_round_trip)
{
    struct buf data = text_bytes(200000, 2);

    expect_dispatch_round_trip("gzip -9 < %s", DECOMPRESS_GZIP, data);
    expect_dispatch_round_trip("lz4 -l -9 -c %s 2>/dev/null", DECOMPRESS_LZ4, data);
    expect_dispatch_round_trip("lz4 -9 -c %s 2>/dev/null", DECOMPRESS_LZ4, data);
    expect_dispatch_round_trip("lzop -9 < %s", DECOMPRESS_LZO, data);
    free(data.data);
}
END_TEST

START_TEST(unknown_or_empty_input_is_einval)
{
    struct buf junk = buf_copy("not compressed at all", 21);
    uint8_t out[64];

    ck_assert_int_eq(decompress(junk.data, junk.len, out, sizeof(out), NULL, 0), -EINVAL);
    ck_assert_int_eq(decompress(NULL, 0, out, sizeof(out), NULL, 0), -EINVAL);
    free(junk.data);
}
END_TEST

START_TEST(dispatched_errors_come_back_unchanged)
{
    struct buf data = text_bytes(10000, 3), gz = run_tool("gzip -9 < %s", data);
    struct buf out = buf_alloc(data.len);
    void *scratch = malloc(gunzip_scratch_size());

    ck_assert_int_eq(
        decompress(gz.data, gz.len, out.data, out.len - 1, scratch, gunzip_scratch_size()),
        -ENOSPC);
    ck_assert_int_eq(
        decompress(gz.data, gz.len, out.data, out.len, scratch, gunzip_scratch_size() - 1),
        -ENOMEM);
    ck_assert_int_eq(
        decompress(gz.data, gz.len - 1, out.data, out.len, scratch, gunzip_scratch_size()),
        -EINVAL);
    free(scratch), free(out.data), free(gz.data), free(data.data);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decompress");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, each_tools_output_is_detected_as_its_format);
    tcase_add_test(tc, a_magic_cut_short_is_unknown);
    tcase_add_test(tc, bzip2_needs_a_level_digit);
    tcase_add_test(tc, skippable_frames_and_near_misses_are_unknown);
    tcase_add_test(tc, legacy_lzma_is_detected_only_in_the_shapes_its_tools_write);
    tcase_add_test(tc, random_data_is_almost_never_detected);
    tcase_add_test(tc, every_format_has_a_name);
    tcase_add_test(tc, scratch_size_is_the_formats_own);
    tcase_add_test(tc, gzip_lz4_and_lzo_dispatch_and_round_trip);
    tcase_add_test(tc, unknown_or_empty_input_is_einval);
    tcase_add_test(tc, dispatched_errors_come_back_unchanged);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
