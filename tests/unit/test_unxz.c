/*
 * unxz: byte-exact round trips of data compressed at run time by the real
 * xz (nothing compressed is committed) with the options a kernel build or a
 * distribution uses: the x86 BCJ filter, presets, every check, several
 * blocks, concatenated streams.  Then hostile input: every truncation,
 * every flipped bit, an index that disagrees with the blocks, short output
 * and scratch, and LZMA2 streams built by hand (a tiny range encoder) for
 * what xz never writes, such as a match reaching before the output.
 * Every input is a heap copy of exactly its size, so ASan sees over-reads.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/decompress.h"
#include "tests/unit/compress_fixture.h"
#include "tests/unit/lzma_enc_fixture.h"

#define KERNEL_XZ "xz --check=crc32 --x86 --lzma2=dict=32MiB -c < %s"

/* Words about LZMA, so the text compresses as a kernel's strings would. */
static struct buf xz_text_bytes(size_t len, uint64_t seed)
{
    static const char *const words[16] = {
        "the ",   "decoder ", "reads ", "a ",     "chunk ", "of ",  "lzma ",  "data\n",
        "range ", "coder ",   "with ",  "match ", "and ",   "rep ", "0x2a, ", "state ",
    };

    return words_bytes(words, len, seed);
}

/*
 * Machine code as a compiler lays it out: functions of prologues, moves,
 * calls and jumps to other functions (E8/E9 with rel32s to a few hundred
 * targets, which BCJ turns into repeating absolute addresses), returns.
 */
static struct buf x86_bytes(size_t len, uint64_t seed)
{
    static const uint8_t filler[][4] = {
        { 0x48, 0x89, 0xe5, 0x90 }, { 0x48, 0x8b, 0x45, 0xf8 }, { 0x89, 0xc7, 0x31, 0xc0 },
        { 0x0f, 0x1f, 0x40, 0x00 }, { 0x41, 0x54, 0x53, 0x55 }, { 0x5d, 0xc3, 0xcc, 0xcc },
    };
    struct buf b = buf_alloc(len);
    size_t pos = 0;

    rng_state = seed;
    while (pos + 5 <= len) {
        uint32_t r = rng_next();

        if (r % 3 == 0) {
            uint32_t target = (rng_next() % 300) * 4096 % (uint32_t)len;
            int32_t rel = (int32_t)(target - (uint32_t)(pos + 5));

            b.data[pos] = r & 8 ? 0xe9 : 0xe8;
            memcpy(b.data + pos + 1, &rel, 4);
            pos += 5;
        } else {
            memcpy(b.data + pos, filler[r % 6], 4);
            pos += 4;
        }
    }
    memset(b.data + pos, 0xc3, len - pos);
    return b;
}

/*
 * Bytes from a small alphabet of E8, E9, 00, FF and a few others: calls
 * packed one to four bytes apart, so BCJ meets every overlap case.
 */
static struct buf dense_call_bytes(size_t len, uint64_t seed)
{
    static const uint8_t alphabet[] = { 0xe8, 0xe9, 0x00, 0xff, 0x00, 0xff, 0x01, 0xfe, 0x42 };
    struct buf b = buf_alloc(len);

    rng_state = seed;
    for (size_t i = 0; i < len; i++)
        b.data[i] = alphabet[rng_next() % sizeof(alphabet)];
    return b;
}

/* Where the index of the last stream in xz starts, from its footer. */
static size_t index_offset(struct buf xz)
{
    uint32_t backward;

    memcpy(&backward, xz.data + xz.len - 8, 4);
    return xz.len - 12 - ((size_t)backward + 1) * 4;
}

START_TEST(empty_input_round_trips)
{
    struct buf empty = buf_alloc(0);

    expect_round_trip("xz -c < %s", empty);
    expect_round_trip(KERNEL_XZ, empty);
    free(empty.data);
}
END_TEST

START_TEST(one_byte_round_trips)
{
    struct buf one = buf_copy("x", 1);

    expect_round_trip("xz -c < %s", one);
    expect_round_trip(KERNEL_XZ, one);
    free(one.data);
}
END_TEST

START_TEST(text_round_trips_at_presets_0_and_9)
{
    struct buf text = xz_text_bytes(200000, 1);

    expect_round_trip("xz -0 -c < %s", text);
    expect_round_trip("xz -9 -c < %s", text);
    expect_round_trip("xz --check=crc32 --x86 --lzma2=preset=9 -c < %s", text);
    free(text.data);
}
END_TEST

START_TEST(random_data_round_trips_as_stored_chunks)
{
    struct buf junk = random_bytes(3 << 20, 2);

    expect_round_trip("xz -0 -c < %s", junk);
    expect_round_trip(KERNEL_XZ, junk);
    free(junk.data);
}
END_TEST

START_TEST(long_runs_round_trip)
{
    struct buf runs = run_bytes(1 << 20, 3);

    expect_round_trip("xz -c < %s", runs);
    expect_round_trip("xz -e -9 -c < %s", runs);
    free(runs.data);
}
END_TEST

START_TEST(data_over_one_mib_round_trips_in_many_chunks)
{
    struct buf data = buf_join(buf_join(xz_text_bytes(2 << 20, 4), random_bytes(300000, 5)),
                               run_bytes(900000, 6));

    expect_round_trip("xz -0 -c < %s", data);
    expect_round_trip(KERNEL_XZ, data);
    free(data.data);
}
END_TEST

START_TEST(x86_code_round_trips_through_bcj)
{
    struct buf code = x86_bytes(1 << 20, 7);
    size_t calls = 0;

    for (size_t i = 0; i < code.len; i++)
        calls += (code.data[i] & 0xfe) == 0xe8;
    ck_assert_uint_gt(calls, 50000);
    expect_round_trip(KERNEL_XZ, code);
    expect_round_trip("xz --check=crc32 --x86 --lzma2=preset=9 -c < %s", code);
    expect_round_trip("xz --x86 --lzma2=preset=0 -c < %s", code);
    free(code.data);
}
END_TEST

/* The test binary itself is real x86-64 code, from a real compiler. */
START_TEST(this_test_binary_round_trips_through_bcj)
{
    struct buf self = this_binary();

    expect_round_trip(KERNEL_XZ, self);
    free(self.data);
}
END_TEST

START_TEST(calls_packed_closer_than_their_operands_round_trip_through_bcj)
{
    for (uint64_t seed = 1; seed <= 4; seed++) {
        struct buf dense = dense_call_bytes(100000, seed);

        expect_round_trip("xz --x86 --lzma2=preset=0 -c < %s", dense);
        expect_round_trip("xz --x86=start=4294967290 --lzma2=preset=0 -c < %s", dense);
        free(dense.data);
    }
}
END_TEST

START_TEST(bcj_start_offset_round_trips)
{
    struct buf code = x86_bytes(300000, 8);

    expect_round_trip("xz --x86=start=4096 --lzma2 -c < %s", code);
    expect_round_trip("xz --x86=start=2309737967 --lzma2 -c < %s", code);
    free(code.data);
}
END_TEST

START_TEST(crc32_crc64_and_no_check_round_trip)
{
    struct buf text = xz_text_bytes(100000, 9);

    expect_round_trip("xz --check=crc32 -c < %s", text);
    expect_round_trip("xz --check=crc64 -c < %s", text);
    expect_round_trip("xz --check=none -c < %s", text);
    free(text.data);
}
END_TEST

/* Flip a bit of the last block's check field, which ends where the index starts. */
static long decode_with_check_flipped(const char *cmd, size_t check_size, struct buf data)
{
    struct buf xz = run_tool(cmd, data);
    long ret;

    xz.data[index_offset(xz) - check_size] ^= 0x10;
    ret = decode(xz, data.len, NULL);
    free(xz.data);
    return ret;
}

START_TEST(crc32_and_crc64_mismatches_are_einval)
{
    struct buf text = xz_text_bytes(5000, 10);

    ck_assert_int_eq(decode_with_check_flipped("xz --check=crc32 -c < %s", 4, text), -EINVAL);
    ck_assert_int_eq(decode_with_check_flipped("xz --check=crc64 -c < %s", 8, text), -EINVAL);
    free(text.data);
}
END_TEST

START_TEST(sha256_check_is_skipped_not_verified)
{
    struct buf text = xz_text_bytes(5000, 11);

    expect_round_trip("xz --check=sha256 -c < %s", text);
    ck_assert_int_eq(decode_with_check_flipped("xz --check=sha256 -c < %s", 32, text),
                     (long)text.len);
    free(text.data);
}
END_TEST

START_TEST(several_blocks_round_trip)
{
    struct buf data = buf_join(xz_text_bytes(600000, 12), x86_bytes(400000, 13));

    expect_round_trip("xz --block-size=65536 -c < %s", data);
    expect_round_trip("xz --check=crc32 --x86 --lzma2=preset=6 --block-size=100000 -c < %s", data);
    /* Threaded xz writes both sizes into every block header. */
    expect_round_trip("xz -T2 --block-size=200000 -c < %s", data);
    free(data.data);
}
END_TEST

START_TEST(concatenated_streams_and_padding_decode_back_to_back)
{
    struct buf a = xz_text_bytes(70000, 14), b = x86_bytes(50000, 15);
    struct buf xa = run_tool("xz --check=crc64 -c < %s", a), xb = run_tool(KERNEL_XZ, b);
    struct buf pad = buf_alloc(8), want = buf_concat(a, b), two, padded;

    memset(pad.data, 0, pad.len);
    two = buf_concat(xa, xb);
    expect_decodes_to(two, want);
    free(two.data);
    two = buf_join(buf_concat(xa, pad), buf_concat(xb, pad));
    expect_decodes_to(two, want);
    padded = buf_concat(two, pad);
    expect_decodes_to(padded, want);
    free(two.data);
    free(a.data);
    free(b.data);
    free(xa.data);
    free(xb.data);
    free(pad.data);
    free(want.data);
    free(padded.data);
}
END_TEST

START_TEST(padding_that_is_not_whole_words_before_a_stream_is_einval)
{
    struct buf text = xz_text_bytes(3000, 29);
    struct buf xz = run_tool(KERNEL_XZ, text);
    struct buf pad = buf_copy("\0\0", 2);
    struct buf two = buf_join(buf_concat(xz, pad), buf_copy(xz.data, xz.len));

    ck_assert_int_eq(decode(two, 2 * text.len, NULL), -EINVAL);
    free(pad.data);
    free(text.data);
    free(xz.data);
    free(two.data);
}
END_TEST

START_TEST(trailing_bytes_after_the_last_stream_are_ignored)
{
    struct buf text = xz_text_bytes(3000, 16);
    struct buf xz = run_tool(KERNEL_XZ, text);
    uint8_t size_le[4] = { 0xb8, 0x0b, 0, 0 }; /* Linux appends the size like this */
    struct buf with_size = buf_concat(xz, (struct buf){ size_le, 4 });

    expect_decodes_to(with_size, text);
    free(text.data);
    free(xz.data);
    free(with_size.data);
}
END_TEST

START_TEST(a_truncated_second_stream_is_einval)
{
    struct buf text = xz_text_bytes(3000, 17);
    struct buf xz = run_tool(KERNEL_XZ, text);
    struct buf two = buf_concat(xz, (struct buf){ xz.data, xz.len - 1 });

    ck_assert_int_eq(decode(two, 2 * text.len, NULL), -EINVAL);
    free(text.data);
    free(xz.data);
    free(two.data);
}
END_TEST

START_TEST(other_filters_are_eopnotsupp)
{
    struct buf text = xz_text_bytes(3000, 18);
    struct buf xz;

    xz = run_tool("xz --delta=dist=4 --lzma2 -c < %s", text);
    ck_assert_int_eq(decode(xz, text.len, NULL), -EOPNOTSUPP);
    free(xz.data);
    xz = run_tool("xz --sparc --lzma2 -c < %s", text);
    ck_assert_int_eq(decode(xz, text.len, NULL), -EOPNOTSUPP);
    free(xz.data);
    xz = run_tool("xz --x86 --delta --lzma2 -c < %s", text);
    ck_assert_int_eq(decode(xz, text.len, NULL), -EOPNOTSUPP);
    free(xz.data);
    free(text.data);
}
END_TEST

START_TEST(every_truncation_is_einval)
{
    struct buf text = buf_join(xz_text_bytes(400, 19), x86_bytes(200, 20));
    struct buf xz = run_tool(KERNEL_XZ, text);

    expect_every_truncation_einval(xz, text.len);
    free(text.data);
    free(xz.data);
    text = random_bytes(300, 28); /* stored chunks */
    xz = run_tool("xz -c < %s", text);
    expect_every_truncation_einval(xz, text.len);
    free(text.data);
    free(xz.data);
}
END_TEST

/* Output room to spare, so a corrupt chunk size cannot pass for -ENOSPC. */
static void expect_every_flip_einval(const char *cmd, struct buf data)
{
    struct buf xz = run_tool(cmd, data);

    expect_every_flip_caught(xz, data.len + (4 << 20), NULL, 0);
    free(xz.data);
}

START_TEST(every_flipped_bit_is_einval)
{
    struct buf text = buf_join(xz_text_bytes(300, 21), x86_bytes(100, 22));

    expect_every_flip_einval(KERNEL_XZ, text);
    expect_every_flip_einval("xz --check=crc64 --block-size=150 -c < %s", text);
    free(text.data);
}
END_TEST

/* Change one index record (still a valid record, with a valid CRC), not the blocks. */
START_TEST(an_index_that_disagrees_with_the_blocks_is_einval)
{
    struct buf text = xz_text_bytes(1000, 23);
    struct buf xz = run_tool(KERNEL_XZ, text);
    size_t idx = index_offset(xz), crc_at = xz.len - 12 - 4, p = idx + 2;

    ck_assert_uint_eq(xz.data[idx + 1], 1); /* one record */
    while (xz.data[p] & 0x80)               /* skip its unpadded size */
        p++;
    ck_assert_uint_eq(xz.data[p + 1], 0xe8); /* uncompressed size 1000: e8 07 */
    xz.data[p + 1] ^= 2;
    put_le32(xz.data + crc_at, crc32_of(xz.data + idx, crc_at - idx));
    ck_assert_int_eq(decode(xz, 2 * text.len, NULL), -EINVAL);
    free(text.data);
    free(xz.data);
}
END_TEST

START_TEST(output_one_byte_short_is_enospc)
{
    struct buf text = xz_text_bytes(100000, 24), junk = random_bytes(100000, 25);
    struct buf xz = run_tool(KERNEL_XZ, text), stored = run_tool("xz -c < %s", junk);

    ck_assert_int_eq(decode(xz, text.len - 1, NULL), -ENOSPC);
    ck_assert_int_eq(decode(stored, junk.len - 1, NULL), -ENOSPC);
    ck_assert_int_eq(decode(xz, 0, NULL), -ENOSPC);
    free(text.data);
    free(junk.data);
    free(xz.data);
    free(stored.data);
}
END_TEST

START_TEST(short_scratch_is_enomem)
{
    struct buf text = xz_text_bytes(1000, 26);
    struct buf xz = run_tool(KERNEL_XZ, text), out = buf_alloc(text.len);
    size_t need = unxz_scratch_size();
    void *scratch = malloc(need);

    ck_assert_int_eq(unxz(xz.data, xz.len, out.data, out.len, scratch, need - 1), -ENOMEM);
    ck_assert_int_eq(unxz(xz.data, xz.len, out.data, out.len, NULL, need), -ENOMEM);
    ck_assert_int_eq(unxz(xz.data, xz.len, out.data, out.len, scratch, need), (long)text.len);
    free(scratch);
    free(text.data);
    free(xz.data);
    free(out.data);
}
END_TEST

START_TEST(misaligned_scratch_still_works)
{
    struct buf text = xz_text_bytes(20000, 27);
    struct buf xz = run_tool(KERNEL_XZ, text);

    expect_decodes_with_misaligned_scratch(xz, text);
    free(text.data);
    free(xz.data);
}
END_TEST

/* One LZMA2 chunk of LZMA data at p: control, sizes, properties 0x5D, data. */
static size_t lzma2_chunk(uint8_t *p, uint8_t control, const struct rc_enc *e, size_t unpacked)
{
    p[0] = (uint8_t)(control | (unpacked - 1) >> 16);
    p[1] = (uint8_t)((unpacked - 1) >> 8);
    p[2] = (uint8_t)(unpacked - 1);
    p[3] = (uint8_t)((e->len - 1) >> 8);
    p[4] = (uint8_t)(e->len - 1);
    p[5] = 0x5d;
    memcpy(p + 6, e->out, e->len);
    return 6 + e->len;
}

/* One filter, LZMA2 with a 4 KiB dictionary: the block header fields xz writes. */
static const uint8_t lzma2_only[] = { 0x00, 0x21, 0x01, 0x00 };

/*
 * A whole .xz file (check none, one block) around lzma2[0, len): the block
 * header holds fields[0, flen) (from its flags byte on), then zero padding.
 */
static struct buf xz_around(const uint8_t *fields, size_t flen, const uint8_t *lzma2, size_t len,
                            size_t unpacked)
{
    static const uint8_t stream_header[8] = { 0xfd, '7', 'z', 'X', 'Z', 0, 0, 0 };
    uint8_t f[512];
    size_t n = 12, block = 12, header = (1 + flen + 4 + 3) & ~(size_t)3, unpadded, idx;

    ck_assert_uint_lt(header + len + 3 + 12 + 12 + 12, sizeof(f));
    memcpy(f, stream_header, 8);
    put_le32(f + 8, crc32_of(f + 6, 2));
    memset(f + n, 0, header);
    f[n] = (uint8_t)(header / 4 - 1);
    memcpy(f + n + 1, fields, flen);
    put_le32(f + n + header - 4, crc32_of(f + n, header - 4));
    n += header;
    memcpy(f + n, lzma2, len);
    n += len;
    unpadded = n - block;
    while ((n - block) & 3)
        f[n++] = 0;
    idx = n;
    f[n++] = 0;
    f[n++] = 1;
    f[n++] = (uint8_t)unpadded; /* both below 128: one-byte VLIs */
    f[n++] = (uint8_t)unpacked;
    put_le32(f + n, crc32_of(f + idx, n - idx));
    n += 4;
    put_le32(f + n + 4, (uint32_t)((n - idx) / 4 - 1));
    memcpy(f + n + 8, "\0\0YZ", 4);
    put_le32(f + n, crc32_of(f + n + 4, 6));
    return buf_copy(f, n + 12);
}

/* The xz file for one LZMA chunk with this control byte, then the end of LZMA2. */
static struct buf xz_one_chunk(uint8_t control, const struct rc_enc *e, size_t unpacked)
{
    uint8_t lzma2[80];
    size_t n = lzma2_chunk(lzma2, control, e, unpacked);

    lzma2[n++] = 0x00;
    return xz_around(lzma2_only, sizeof(lzma2_only), lzma2, n, unpacked);
}

START_TEST(hand_made_literal_and_match_decode)
{
    struct rc_enc e = rc_enc_literal_then_match('A', 0);
    struct buf xz = xz_one_chunk(0xe0, &e, 3);

    expect_decodes_to(xz, (struct buf){ (uint8_t *)"AAA", 3 });
    free(xz.data);
}
END_TEST

START_TEST(match_before_the_start_of_the_output_is_einval)
{
    struct rc_enc e = rc_enc_literal_then_match(-1, 0);
    struct buf xz = xz_one_chunk(0xe0, &e, 2);

    ck_assert_int_eq(decode(xz, 16, NULL), -EINVAL);
    free(xz.data);
}
END_TEST

START_TEST(match_one_byte_further_back_than_the_output_is_einval)
{
    struct rc_enc e = rc_enc_literal_then_match('A', 1);
    struct buf xz = xz_one_chunk(0xe0, &e, 3);

    ck_assert_int_eq(decode(xz, 16, NULL), -EINVAL);
    free(xz.data);
}
END_TEST

/* Two chunks; the second starts a new dictionary, so its match has nothing behind it. */
START_TEST(match_across_a_dictionary_reset_is_einval)
{
    struct rc_enc a = rc_enc_literal_then_match('A', 0), b = rc_enc_literal_then_match(-1, 0);
    uint8_t lzma2[160];
    size_t n = lzma2_chunk(lzma2, 0xe0, &a, 3);
    struct buf xz;

    n += lzma2_chunk(lzma2 + n, 0xe0, &b, 2);
    lzma2[n++] = 0x00;
    xz = xz_around(lzma2_only, sizeof(lzma2_only), lzma2, n, 5);
    ck_assert_int_eq(decode(xz, 16, NULL), -EINVAL);
    free(xz.data);
    /* The same second chunk without the dictionary reset (0xc0) is a valid match. */
    n = lzma2_chunk(lzma2, 0xe0, &a, 3);
    n += lzma2_chunk(lzma2 + n, 0xc0, &b, 2);
    lzma2[n++] = 0x00;
    xz = xz_around(lzma2_only, sizeof(lzma2_only), lzma2, n, 5);
    expect_decodes_to(xz, (struct buf){ (uint8_t *)"AAAAA", 5 });
    free(xz.data);
}
END_TEST

START_TEST(first_chunk_without_a_dictionary_reset_is_einval)
{
    struct rc_enc e = rc_enc_literal_then_match('A', 0);
    struct buf xz = xz_one_chunk(0xc0, &e, 3);

    ck_assert_int_eq(decode(xz, 16, NULL), -EINVAL);
    free(xz.data);
}
END_TEST

/* A stored chunk resets the dictionary; the LZMA chunk after it must set properties. */
START_TEST(lzma_chunk_without_properties_after_a_reset_is_einval)
{
    struct rc_enc e = rc_enc_literal_then_match('A', 0);
    uint8_t lzma2[80] = { 0x01, 0x00, 0x01, 'x', 'y' };
    size_t n = 5 + lzma2_chunk(lzma2 + 5, 0xa0, &e, 3) - 1;
    struct buf xz;

    /* 0xa0 chunks have no properties byte: drop it from what lzma2_chunk wrote */
    memmove(lzma2 + 10, lzma2 + 11, e.len);
    lzma2[n++] = 0x00;
    xz = xz_around(lzma2_only, sizeof(lzma2_only), lzma2, n, 5);
    ck_assert_int_eq(decode(xz, 16, NULL), -EINVAL);
    free(xz.data);
}
END_TEST

START_TEST(chunk_sizes_that_disagree_with_the_data_are_einval)
{
    struct rc_enc e = rc_enc_literal_then_match('A', 0);
    struct buf xz;

    xz = xz_one_chunk(0xe0, &e, 4); /* one byte more than coded */
    ck_assert_int_eq(decode(xz, 16, NULL), -EINVAL);
    free(xz.data);
    xz = xz_one_chunk(0xe0, &e, 2); /* the match runs past the chunk */
    ck_assert_int_eq(decode(xz, 16, NULL), -EINVAL);
    free(xz.data);
    e.out[e.len++] = 0; /* a byte the range decoder never reads */
    xz = xz_one_chunk(0xe0, &e, 3);
    ck_assert_int_eq(decode(xz, 16, NULL), -EINVAL);
    free(xz.data);
}
END_TEST

START_TEST(random_garbage_in_a_chunk_is_einval)
{
    for (uint64_t seed = 1; seed <= 2000; seed++) {
        struct buf junk = random_bytes(40, seed);
        struct rc_enc e;
        struct buf xz;
        long ret;

        rc_enc_init(&e);
        memcpy(e.out, junk.data, junk.len);
        e.out[0] = 0;
        e.len = junk.len;
        xz = xz_one_chunk(0xe0, &e, 1 + seed % 100);
        ret = decode(xz, 128, NULL);
        ck_assert_msg(ret == -EINVAL, "seed %llu: %ld", (unsigned long long)seed, ret);
        free(junk.data);
        free(xz.data);
    }
}
END_TEST

/* LZMA2 data for "AAA" at p; returns its length. */
static size_t aaa_lzma2(uint8_t *p)
{
    struct rc_enc e = rc_enc_literal_then_match('A', 0);
    size_t n = lzma2_chunk(p, 0xe0, &e, 3);

    p[n++] = 0x00;
    return n;
}

/* unxz on "AAA" in a block whose header holds fields[0, flen). */
static long decode_aaa_with_header(const char *fields, size_t flen)
{
    uint8_t lzma2[80];
    size_t n = aaa_lzma2(lzma2);
    struct buf xz = xz_around((const uint8_t *)fields, flen, lzma2, n, 3), out;
    long ret = decode(xz, 16, &out);

    if (ret == 3)
        ck_assert(memcmp(out.data, "AAA", 3) == 0);
    free(xz.data);
    free(out.data);
    return ret;
}

START_TEST(block_header_sizes_are_checked_against_the_data)
{
    uint8_t lzma2[80];
    char fields[6] = { (char)0xc0, (char)aaa_lzma2(lzma2), 3, 0x21, 1, 0 };

    ck_assert_int_eq(decode_aaa_with_header(fields, 6), 3);
    fields[1]++;
    ck_assert_int_eq(decode_aaa_with_header(fields, 6), -EINVAL);
    fields[1]--;
    fields[2]++;
    ck_assert_int_eq(decode_aaa_with_header(fields, 6), -EINVAL);
    ck_assert_int_eq(decode_aaa_with_header("\x40\x00\x00\x21\x01\x00", 6), -EINVAL);
}
END_TEST

START_TEST(malformed_block_headers_are_einval)
{
    ck_assert_int_eq(decode_aaa_with_header("\x00\x21\x01\x00", 4), 3);
    ck_assert_int_eq(decode_aaa_with_header("\x01\x21\x01\x00\x04\x00", 6), -EINVAL);
    ck_assert_int_eq(decode_aaa_with_header("\x00\x21\x02\x00\x00", 5), -EINVAL);
    ck_assert_int_eq(decode_aaa_with_header("\x00\x21\x01\x29", 4), -EINVAL);
    ck_assert_int_eq(decode_aaa_with_header("\x00\x04\x00", 3), -EINVAL);
    ck_assert_int_eq(decode_aaa_with_header("\x01\x04\x02\x00\x00\x21\x01\x00", 8), -EINVAL);
    ck_assert_int_eq(decode_aaa_with_header("\x04\x21\x01\x00", 4), -EINVAL);
    ck_assert_int_eq(decode_aaa_with_header("\x00\x21\x01\x00\x01", 5), -EINVAL);
    ck_assert_int_eq(decode_aaa_with_header("\x00\x21\x7f", 3), -EINVAL);
    ck_assert_int_eq(decode_aaa_with_header("\x00\xa1\x00\x01\x00", 5), -EINVAL);
    ck_assert_int_eq(decode_aaa_with_header("\x80\x83\x00\x00\x21\x01\x00", 7), -EINVAL);
}
END_TEST

START_TEST(x86_filter_in_a_hand_made_header_decodes)
{
    ck_assert_int_eq(decode_aaa_with_header("\x01\x04\x00\x21\x01\x00", 6), 3);
    ck_assert_int_eq(decode_aaa_with_header("\x01\x04\x04\x00\x10\x00\x00\x21\x01\x00", 10), 3);
}
END_TEST

START_TEST(chains_and_checks_we_do_not_decode_are_eopnotsupp)
{
    uint8_t lzma2[80];
    size_t n = aaa_lzma2(lzma2);
    struct buf xz = xz_around(lzma2_only, sizeof(lzma2_only), lzma2, n, 3);

    ck_assert_int_eq(decode_aaa_with_header("\x02\x04\x00\x04\x00\x21\x01\x00", 8), -EOPNOTSUPP);
    ck_assert_int_eq(decode_aaa_with_header("\x01\x05\x00\x21\x01\x00", 6), -EOPNOTSUPP);
    xz.data[7] = 0x02; /* a check ID the format reserves */
    put_le32(xz.data + 8, crc32_of(xz.data + 6, 2));
    ck_assert_int_eq(decode(xz, 16, NULL), -EOPNOTSUPP);
    free(xz.data);
}
END_TEST

START_TEST(an_end_marker_inside_lzma2_is_einval)
{
    struct rc_enc e = rc_enc_literal_then_match('A', 63);
    struct buf xz = xz_one_chunk(0xe0, &e, 2);

    ck_assert_int_eq(decode(xz, 16, NULL), -EINVAL);
    free(xz.data);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("unxz");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    use_decoder(unxz, unxz_scratch_size);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, empty_input_round_trips);
    tcase_add_test(tc, one_byte_round_trips);
    tcase_add_test(tc, text_round_trips_at_presets_0_and_9);
    tcase_add_test(tc, random_data_round_trips_as_stored_chunks);
    tcase_add_test(tc, long_runs_round_trip);
    tcase_add_test(tc, data_over_one_mib_round_trips_in_many_chunks);
    tcase_add_test(tc, x86_code_round_trips_through_bcj);
    tcase_add_test(tc, this_test_binary_round_trips_through_bcj);
    tcase_add_test(tc, calls_packed_closer_than_their_operands_round_trip_through_bcj);
    tcase_add_test(tc, bcj_start_offset_round_trips);
    tcase_add_test(tc, crc32_crc64_and_no_check_round_trip);
    tcase_add_test(tc, crc32_and_crc64_mismatches_are_einval);
    tcase_add_test(tc, sha256_check_is_skipped_not_verified);
    tcase_add_test(tc, several_blocks_round_trip);
    tcase_add_test(tc, concatenated_streams_and_padding_decode_back_to_back);
    tcase_add_test(tc, padding_that_is_not_whole_words_before_a_stream_is_einval);
    tcase_add_test(tc, trailing_bytes_after_the_last_stream_are_ignored);
    tcase_add_test(tc, a_truncated_second_stream_is_einval);
    tcase_add_test(tc, other_filters_are_eopnotsupp);
    tcase_add_test(tc, every_truncation_is_einval);
    tcase_add_test(tc, every_flipped_bit_is_einval);
    tcase_add_test(tc, an_index_that_disagrees_with_the_blocks_is_einval);
    tcase_add_test(tc, output_one_byte_short_is_enospc);
    tcase_add_test(tc, short_scratch_is_enomem);
    tcase_add_test(tc, misaligned_scratch_still_works);
    tcase_add_test(tc, hand_made_literal_and_match_decode);
    tcase_add_test(tc, match_before_the_start_of_the_output_is_einval);
    tcase_add_test(tc, match_one_byte_further_back_than_the_output_is_einval);
    tcase_add_test(tc, match_across_a_dictionary_reset_is_einval);
    tcase_add_test(tc, first_chunk_without_a_dictionary_reset_is_einval);
    tcase_add_test(tc, lzma_chunk_without_properties_after_a_reset_is_einval);
    tcase_add_test(tc, chunk_sizes_that_disagree_with_the_data_are_einval);
    tcase_add_test(tc, random_garbage_in_a_chunk_is_einval);
    tcase_add_test(tc, block_header_sizes_are_checked_against_the_data);
    tcase_add_test(tc, malformed_block_headers_are_einval);
    tcase_add_test(tc, x86_filter_in_a_hand_made_header_decodes);
    tcase_add_test(tc, chains_and_checks_we_do_not_decode_are_eopnotsupp);
    tcase_add_test(tc, an_end_marker_inside_lzma2_is_einval);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
