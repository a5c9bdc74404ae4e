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
#include <unistd.h>

#include "common/decompress.h"

#define LINUX_LZMA "lzma -9 -c < %s"
#define HEADER     13

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

static struct buf buf_copy(const void *data, size_t len)
{
    struct buf b = buf_alloc(len);

    memcpy(b.data, data, len);
    return b;
}

/* a then b, freeing both. */
static struct buf join(struct buf a, struct buf b)
{
    struct buf c = buf_alloc(a.len + b.len);

    memcpy(c.data, a.data, a.len);
    memcpy(c.data + a.len, b.data, b.len);
    free(a.data);
    free(b.data);
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

static struct buf text_bytes(size_t len, uint64_t seed)
{
    static const char *const words[] = {
        "the ",    "kernel ", "image ", "is ",   "packed ", "with ", "lzma ", "and\n",
        "loaded ", "by ",     "the ",   "boot ", "loader ", "into ", "ram ",  "0x100000 ",
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

/* Runs of one byte, 1 to 5000 long. */
static struct buf run_bytes(size_t len, uint64_t seed)
{
    struct buf b = buf_alloc(len);

    rng_state = seed;
    for (size_t pos = 0; pos < len;) {
        size_t n = 1 + rng_next() % 5000;
        uint8_t v = (uint8_t)rng_next();

        for (; n && pos < len; n--)
            b.data[pos++] = v;
    }
    return b;
}

/* Run a shell command ("%s" is a file holding in) and return what it wrote. */
static struct buf run_tool(const char *cmd, struct buf in)
{
    char path[] = "/tmp/test_unlzma_XXXXXX";
    char line[512];
    int fd = mkstemp(path);
    size_t cap = 1 << 16, len = 0, n;
    uint8_t *acc = malloc(cap);
    FILE *pipe;
    struct buf out;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, in.data, in.len), (ssize_t)in.len);
    close(fd);
    snprintf(line, sizeof(line), cmd, path);
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

/* unlzma in into a fresh buffer of out_cap bytes; the buffer goes to *out (if given). */
static long decode(struct buf in, size_t out_cap, struct buf *out)
{
    struct buf o = buf_alloc(out_cap);
    void *scratch = malloc(unlzma_scratch_size());
    long ret;

    ck_assert_ptr_nonnull(scratch);
    ret = unlzma(in.data, in.len, o.data, o.len, scratch, unlzma_scratch_size());
    free(scratch);
    if (out)
        *out = o;
    else
        free(o.data);
    return ret;
}

static void expect_decodes_to(struct buf in, struct buf want)
{
    struct buf got;
    long ret = decode(in, want.len, &got);

    ck_assert_int_eq(ret, (long)want.len);
    ck_assert(memcmp(got.data, want.data, want.len) == 0);
    free(got.data);
}

static void expect_round_trip(const char *cmd, struct buf data)
{
    struct buf lz = run_tool(cmd, data);

    expect_decodes_to(lz, data);
    free(lz.data);
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
    struct buf text = text_bytes(300000, 1);

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
    struct buf data =
        join(join(text_bytes(2 << 20, 4), random_bytes(300000, 5)), run_bytes(900000, 6));

    expect_round_trip(LINUX_LZMA, data);
    expect_round_trip("xz --format=lzma -0 -c < %s", data);
    free(data.data);
}
END_TEST

/* The test binary itself: real x86-64 code. */
START_TEST(this_test_binary_round_trips)
{
    FILE *f = fopen("/proc/self/exe", "rb");
    struct buf self = buf_alloc(64 << 20);

    ck_assert_ptr_nonnull(f);
    self.len = fread(self.data, 1, self.len, f);
    fclose(f);
    ck_assert_uint_gt(self.len, 10000);
    expect_round_trip(LINUX_LZMA, self);
    free(self.data);
}
END_TEST

START_TEST(every_lc_lp_pb_within_the_limit_round_trips)
{
    static const char *const opts[] = { "lc=0,lp=0,pb=0", "lc=4,lp=0,pb=4", "lc=1,lp=3,pb=1",
                                        "lc=0,lp=4,pb=2", "lc=2,lp=2,pb=3" };
    struct buf data = join(text_bytes(100000, 7), random_bytes(20000, 8));
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
    struct buf text = text_bytes(1000, 9);
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
    struct buf text = text_bytes(1000, 10);
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
    struct buf text = text_bytes(50000, 11);
    struct buf lz = run_tool(LINUX_LZMA, text);

    set_size(lz, text.len);
    expect_decodes_to(lz, text);
    free(text.data);
    free(lz.data);
}
END_TEST

START_TEST(known_size_that_disagrees_with_the_data_is_einval)
{
    struct buf text = text_bytes(50000, 12);
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
    struct buf text = text_bytes(3000, 13);
    struct buf lz = join(run_tool(LINUX_LZMA, text), buf_copy("\xb8\x0b\x00\x00", 4));

    expect_decodes_to(lz, text);
    free(text.data);
    free(lz.data);
}
END_TEST

START_TEST(every_truncation_is_einval)
{
    struct buf text = text_bytes(600, 14);
    struct buf lz = run_tool(LINUX_LZMA, text);

    for (size_t n = 0; n < lz.len; n++) {
        struct buf cut = buf_copy(lz.data, n);

        ck_assert_msg(decode(cut, text.len, NULL) == -EINVAL, "cut at %zu", n);
        free(cut.data);
    }
    /* With the size known the end marker is optional, so cut into it instead. */
    set_size(lz, text.len);
    for (size_t n = 0; n < lz.len; n++) {
        struct buf cut = buf_copy(lz.data, n);

        ck_assert_msg(decode(cut, text.len, NULL) == -EINVAL, "cut at %zu", n);
        free(cut.data);
    }
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
    struct buf text = text_bytes(600, 15);
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
    struct buf text = text_bytes(100000, 16), junk = random_bytes(100000, 17);
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
    struct buf text = text_bytes(1000, 18);
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
 * A range encoder for hand-made LZMA data.  Every bit it codes uses a
 * probability the decoder has not touched yet (one half): true for the
 * bits of a stream's first literal and first match, which is all it makes.
 */
struct rc_enc {
    uint8_t out[64];
    size_t len;
    uint64_t low;
    uint32_t range;
    uint8_t cache;
    size_t pending; /* bytes held back for a carry: cache, then 0xFFs */
};

static void enc_shift(struct rc_enc *e)
{
    if ((uint32_t)e->low < 0xFF000000u || (e->low >> 32) != 0) {
        uint8_t carry = (uint8_t)(e->low >> 32);
        uint8_t b = e->cache;

        for (; e->pending; e->pending--) {
            e->out[e->len++] = (uint8_t)(b + carry);
            b = 0xFF;
        }
        e->cache = (uint8_t)(e->low >> 24);
    }
    e->pending++;
    e->low = (e->low & 0x00FFFFFFu) << 8;
}

/* Bits of probability exactly one half, as the decoder's direct bits. */
static void enc_direct(struct rc_enc *e, uint32_t value, unsigned nbits)
{
    while (nbits--) {
        e->range >>= 1;
        if ((value >> nbits) & 1)
            e->low += e->range;
        while (e->range < (1u << 24)) {
            e->range <<= 8;
            enc_shift(e);
        }
    }
}

static void enc_bits(struct rc_enc *e, uint32_t value, unsigned nbits)
{
    while (nbits--) {
        uint32_t bound = (e->range >> 11) * 1024;

        if ((value >> nbits) & 1) {
            e->low += bound;
            e->range -= bound;
        } else {
            e->range = bound;
        }
        while (e->range < (1u << 24)) {
            e->range <<= 8;
            enc_shift(e);
        }
    }
}

/*
 * A .lzma file (lc=3 lp=0 pb=2, the given size) coding: the literal
 * `literal` unless it is < 0, then a match of length 2 whose distance is
 * slot + 1 (slot 0-3), or the end marker (slot 63).
 */
static struct buf literal_then_match(int literal, unsigned slot, uint64_t size)
{
    struct rc_enc e = { .range = 0xFFFFFFFFu, .pending = 1 };
    uint8_t file[HEADER + sizeof(e.out)] = { 0x5d, 0x00, 0x00, 0x01, 0x00 };

    if (literal >= 0) {
        enc_bits(&e, 0, 1); /* is_match 0 */
        enc_bits(&e, (uint32_t)literal, 8);
    }
    enc_bits(&e, 2, 2); /* is_match 1, is_rep 0 */
    enc_bits(&e, 0, 4); /* length choice 0, low tree 0: length 2 */
    enc_bits(&e, slot, 6);
    if (slot == 63) {
        enc_direct(&e, (1u << 26) - 1, 26);
        enc_bits(&e, 0xf, 4); /* the align bits: distance 0xFFFFFFFF, the end marker */
    }
    for (int i = 0; i < 5; i++)
        enc_shift(&e);
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
