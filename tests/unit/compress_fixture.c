/*
 * The decompressor tests' shared helpers (compress_fixture.h).  Every
 * buffer handed to a decoder is a heap block of exactly its size; a helper
 * that runs a decoder gives it a scratch area of exactly the size it asks
 * for, so ASan catches any access past the end of either.
 */
#define _GNU_SOURCE /* program_invocation_short_name */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/compress_fixture.h"

uint64_t rng_state;

static decoder_fn *decoder;
static size_t (*decoder_scratch)(void);

uint32_t rng_next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}

struct buf buf_alloc(size_t len)
{
    struct buf b = { malloc(len ? len : 1), len };

    ck_assert_ptr_nonnull(b.data);
    return b;
}

struct buf buf_copy(const void *data, size_t len)
{
    struct buf b = buf_alloc(len);

    memcpy(b.data, data, len);
    return b;
}

struct buf buf_concat(struct buf a, struct buf b)
{
    struct buf c = buf_alloc(a.len + b.len);

    memcpy(c.data, a.data, a.len);
    memcpy(c.data + a.len, b.data, b.len);
    return c;
}

struct buf buf_join(struct buf a, struct buf b)
{
    struct buf c = buf_concat(a, b);

    free(a.data);
    free(b.data);
    return c;
}

void buf_free_all(int n, ...)
{
    va_list ap;

    va_start(ap, n);
    for (int i = 0; i < n; i++)
        free(va_arg(ap, struct buf).data);
    va_end(ap);
}

struct buf random_bytes(size_t len, uint64_t seed)
{
    struct buf b = buf_alloc(len);

    rng_state = seed;
    for (size_t i = 0; i < len; i++)
        b.data[i] = (uint8_t)rng_next();
    return b;
}

struct buf words_bytes(const char *const words[16], size_t len, uint64_t seed)
{
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

struct buf text_bytes(size_t len, uint64_t seed)
{
    static const char *const words[16] = {
        "the ",   "hypervisor ", "maps ",  "a ",      "page ", "for ",    "guest ", "kernel ",
        "event ", "channel ",    "grant ", "table\n", "of ",   "domain ", "vcpu ",  "0x1f ",
    };

    return words_bytes(words, len, seed);
}

struct buf mixed_bytes(size_t len, uint64_t seed)
{
    struct buf b = text_bytes(len, seed);

    for (size_t pos = 0; pos < len; pos += 200000) {
        size_t n = len - pos < 150000 ? len - pos : 150000;

        if ((pos / 200000) % 3 == 1)
            memset(b.data + pos, 0, n);
        else if ((pos / 200000) % 3 == 2)
            for (size_t i = 0; i < n; i++)
                b.data[pos + i] = (uint8_t)rng_next();
    }
    return b;
}

struct buf run_bytes(size_t len, uint64_t seed)
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

struct buf long_runs_bytes(void)
{
    struct buf b = buf_alloc(3 << 20);

    memset(b.data, 0, b.len);
    memset(b.data + 1000000, 0xff, 700000);
    return b;
}

struct buf this_binary(void)
{
    FILE *f = fopen("/proc/self/exe", "rb");
    struct buf self = buf_alloc(64 << 20);

    ck_assert_ptr_nonnull(f);
    self.len = fread(self.data, 1, self.len, f);
    fclose(f);
    ck_assert_uint_gt(self.len, 10000);
    return self;
}

struct buf run_tool(const char *cmd, struct buf in)
{
    char path[64];
    char line[512];
    int fd;
    size_t cap = 1 << 16, len = 0, n;
    uint8_t *acc = malloc(cap);
    FILE *pipe;
    struct buf out;

    snprintf(path, sizeof(path), "/tmp/%s_XXXXXX", program_invocation_short_name);
    fd = mkstemp(path);
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

uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;

    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
}

void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void builder_add(struct builder *b, const void *p, size_t n)
{
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void use_decoder(decoder_fn *decoder_under_test, size_t (*decoder_scratch_size)(void))
{
    decoder = decoder_under_test;
    decoder_scratch = decoder_scratch_size;
}

static size_t scratch_len(void)
{
    ck_assert_msg(decoder != NULL, "main() named no decoder (use_decoder())");
    return decoder_scratch();
}

void *scratch_alloc(void)
{
    void *s = malloc(scratch_len());

    ck_assert_ptr_nonnull(s);
    return s;
}

/* A decoder that asks for no scratch gets none. */
static void *scratch_if_needed(void)
{
    return scratch_len() ? scratch_alloc() : NULL;
}

long decode_into(struct buf in, uint8_t *out, size_t out_cap)
{
    void *scratch = scratch_if_needed();
    long ret = decoder(in.data, in.len, out, out_cap, scratch, scratch_len());

    free(scratch);
    return ret;
}

long decode(struct buf in, size_t out_cap, struct buf *out)
{
    struct buf o = buf_alloc(out_cap);
    long ret = decode_into(in, o.data, o.len);

    if (out)
        *out = o;
    else
        free(o.data);
    return ret;
}

long decode_built(const struct builder *b, size_t out_cap)
{
    struct buf in = buf_copy(b->data, b->len);
    long ret = decode(in, out_cap, NULL);

    free(in.data);
    return ret;
}

void expect_decodes_to(struct buf in, struct buf want)
{
    struct buf got;
    long ret = decode(in, want.len, &got);

    ck_assert_int_eq(ret, (long)want.len);
    ck_assert(memcmp(got.data, want.data, want.len) == 0);
    free(got.data);
}

void expect_decodes_with_misaligned_scratch(struct buf in, struct buf want)
{
    size_t len = scratch_len();
    uint8_t *scratch = malloc(len + 1);
    struct buf out = buf_alloc(want.len);

    ck_assert_int_eq(decoder(in.data, in.len, out.data, out.len, scratch + 1, len), (long)want.len);
    ck_assert(memcmp(out.data, want.data, want.len) == 0);
    free(out.data);
    free(scratch);
}

void expect_round_trip(const char *cmd, struct buf data)
{
    struct buf packed = run_tool(cmd, data);

    expect_decodes_to(packed, data);
    free(packed.data);
}

void expect_round_trips(const char *const *cmds, struct buf data)
{
    for (; *cmds; cmds++)
        expect_round_trip(*cmds, data);
    free(data.data);
}

void expect_every_truncation_einval(struct buf in, size_t out_cap)
{
    for (size_t len = 0; len < in.len; len++) {
        struct buf cut = buf_copy(in.data, len);
        long ret = decode(cut, out_cap, NULL);

        ck_assert_msg(ret == -EINVAL, "cut at %zu gave %ld", len, ret);
        free(cut.data);
    }
}

/* One output buffer and scratch area for all the flips: out_cap may be tens of MiB. */
void expect_every_flip_caught(struct buf in, size_t out_cap, const struct buf *want,
                              int also_allowed)
{
    struct buf out = buf_alloc(out_cap);
    void *scratch = scratch_if_needed();

    ck_assert(!want || want->len <= out_cap);
    for (size_t bit = 0; bit < in.len * 8; bit++) {
        struct buf bad = buf_copy(in.data, in.len);
        long ret;

        bad.data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        /* Unlike want in every byte, so that the last decode's output cannot pass for this one's. */
        for (size_t i = 0; want && i < want->len; i++)
            out.data[i] = (uint8_t)~want->data[i];
        ret = decoder(bad.data, bad.len, out.data, out.len, scratch, scratch_len());
        free(bad.data);
        if (want && ret == (long)want->len && memcmp(out.data, want->data, want->len) == 0)
            continue;
        ck_assert_msg(ret == -EINVAL || (also_allowed && ret == also_allowed), "bit %zu gave %ld",
                      bit, ret);
    }
    free(scratch);
    free(out.data);
}
