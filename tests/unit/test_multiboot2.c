/*
 * mb2_parse and mb2_memmap_sanitize.  Boot information is assembled in
 * the test tag by tag; the parser always reads a heap copy of exactly the
 * bytes it may read, so ASan reports any read beyond them.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "common/multiboot2.h"

/* The boot information being assembled. */
static struct {
    _Alignas(8) uint8_t buf[8192];
    size_t len;
} mb;

static struct boot_info bi;
static const char *problem;
static uint8_t *copy; /* what the parser last read */

static void put32(size_t off, uint32_t v)
{
    memcpy(mb.buf + off, &v, 4);
}

static void begin(void)
{
    memset(&mb, 0, sizeof(mb));
    mb.len = 8;
}

/* Appends a tag whose size field says `size`, then pads to 8. */
static size_t tag_sized(uint32_t type, uint32_t size, const void *payload, size_t payload_len)
{
    size_t at = mb.len;

    put32(at, type);
    put32(at + 4, size);
    if (payload_len)
        memcpy(mb.buf + at + 8, payload, payload_len);
    mb.len = (at + 8 + payload_len + 7) & ~(size_t)7;
    ck_assert_uint_lt(mb.len, sizeof(mb.buf));
    return at;
}

static size_t tag(uint32_t type, const void *payload, size_t payload_len)
{
    return tag_sized(type, (uint32_t)(8 + payload_len), payload, payload_len);
}

static void string_tag(uint32_t type, const char *s)
{
    tag(type, s, strlen(s) + 1);
}

static void module(uint32_t start, uint32_t end, const char *cmdline)
{
    uint8_t payload[256];
    size_t n = strlen(cmdline) + 1;

    memcpy(payload, &start, 4);
    memcpy(payload + 4, &end, 4);
    memcpy(payload + 8, cmdline, n);
    tag(MB2_TAG_MODULE, payload, 8 + n);
}

struct entry {
    uint64_t base, len;
    uint32_t type;
};

/* A memory map tag with entries of entry_size bytes (>= 24). */
static size_t mmap_sized(uint32_t entry_size, const struct entry *e, unsigned n)
{
    static uint8_t payload[8 + 256 * 40];
    uint32_t version = 0;

    memset(payload, 0xee, sizeof(payload)); /* junk in spare bytes */
    memcpy(payload, &entry_size, 4);
    memcpy(payload + 4, &version, 4);
    for (unsigned i = 0; i < n; i++) {
        uint8_t *p = payload + 8 + (size_t)i * entry_size;

        memcpy(p, &e[i].base, 8);
        memcpy(p + 8, &e[i].len, 8);
        memcpy(p + 16, &e[i].type, 4);
        memset(p + 20, 0, 4);
    }
    return tag(MB2_TAG_MMAP, payload, 8 + (size_t)n * entry_size);
}

static const struct entry qemu_map[] = {
    { 0x0, 0x9fc00, BOOT_MEM_RAM },
    { 0x9fc00, 0x400, BOOT_MEM_RESERVED },
    { 0xf0000, 0x10000, BOOT_MEM_RESERVED },
    { 0x100000, 0x7ee0000, BOOT_MEM_RAM },
    { 0x7fe0000, 0x20000, BOOT_MEM_RESERVED },
    { 0xfffc0000, 0x40000, BOOT_MEM_RESERVED },
};
#define QEMU_MAP_LEN (sizeof(qemu_map) / sizeof(qemu_map[0]))

static void default_mmap(void)
{
    mmap_sized(24, qemu_map, QEMU_MAP_LEN);
}

/* Ends the information: end tag, then total_size. */
static void finish(void)
{
    tag(MB2_TAG_END, NULL, 0);
    put32(0, (uint32_t)mb.len);
}

/* Parses a heap copy of the first `available` bytes. */
static int parse_available(size_t available)
{
    free(copy);
    copy = malloc(available ? available : 1);
    memcpy(copy, mb.buf, available);
    problem = "not set";
    return mb2_parse(copy, available, &bi, &problem);
}

static int parse(void)
{
    return parse_available(mb.len);
}

static void expect_problem(const char *expected)
{
    ck_assert_int_eq(parse(), -EINVAL);
    ck_assert_str_eq(problem, expected);
}

static void teardown(void)
{
    free(copy);
    copy = NULL;
}

START_TEST(full_boot_information)
{
    static const uint8_t vbe[12] = { 1, 2, 3 };

    begin();
    string_tag(MB2_TAG_CMDLINE, "console=com1 dom0_mem=512M");
    string_tag(MB2_TAG_LOADER_NAME, "GRUB 2.06");
    tag(21, vbe, sizeof(vbe)); /* skipped */
    module(0x200000, 0x3f0123, "vmlinuz root=/dev/xvda");
    default_mmap();
    module(0x400000, 0x400000, ""); /* empty module */
    finish();

    ck_assert_int_eq(parse(), 0);
    ck_assert_ptr_null(problem);
    ck_assert_str_eq(bi.cmdline, "console=com1 dom0_mem=512M");
    ck_assert_str_eq(bi.loader, "GRUB 2.06");
    /* Strings are not copied: they point into the information. */
    ck_assert((const uint8_t *)bi.cmdline > copy && (const uint8_t *)bi.cmdline < copy + mb.len);

    ck_assert_uint_eq(bi.nr_mod, 2);
    ck_assert_uint_eq(bi.mod[0].start, 0x200000);
    ck_assert_uint_eq(bi.mod[0].end, 0x3f0123);
    ck_assert_str_eq(bi.mod[0].cmdline, "vmlinuz root=/dev/xvda");
    ck_assert_uint_eq(bi.mod[1].start, 0x400000);
    ck_assert_uint_eq(bi.mod[1].end, 0x400000);
    ck_assert_str_eq(bi.mod[1].cmdline, "");

    ck_assert_uint_eq(bi.nr_mem, QEMU_MAP_LEN);
    for (unsigned i = 0; i < QEMU_MAP_LEN; i++) {
        ck_assert_uint_eq(bi.mem[i].base, qemu_map[i].base);
        ck_assert_uint_eq(bi.mem[i].size, qemu_map[i].len);
        ck_assert_uint_eq(bi.mem[i].type, qemu_map[i].type);
    }
}
END_TEST

START_TEST(minimal_boot_information)
{
    begin();
    default_mmap();
    finish();
    ck_assert_int_eq(parse(), 0);
    ck_assert_ptr_null(bi.cmdline);
    ck_assert_ptr_null(bi.loader);
    ck_assert_uint_eq(bi.nr_mod, 0);
    ck_assert_uint_eq(bi.nr_mem, QEMU_MAP_LEN);
    /* problem may be NULL. */
    ck_assert_int_eq(mb2_parse(copy, mb.len, &bi, NULL), 0);
}
END_TEST

START_TEST(larger_memory_map_entries)
{
    begin();
    mmap_sized(40, qemu_map, QEMU_MAP_LEN);
    finish();
    ck_assert_int_eq(parse(), 0);
    ck_assert_uint_eq(bi.nr_mem, QEMU_MAP_LEN);
    ck_assert_uint_eq(bi.mem[3].base, 0x100000);
    ck_assert_uint_eq(bi.mem[5].type, BOOT_MEM_RESERVED);
}
END_TEST

START_TEST(unaligned_information)
{
    uint8_t *shifted;

    begin();
    string_tag(MB2_TAG_CMDLINE, "x");
    default_mmap();
    finish();
    shifted = malloc(mb.len + 3);
    memcpy(shifted + 3, mb.buf, mb.len);
    ck_assert_int_eq(mb2_parse(shifted + 3, mb.len, &bi, &problem), 0);
    ck_assert_str_eq(bi.cmdline, "x");
    ck_assert_uint_eq(bi.mem[3].size, 0x7ee0000);
    free(shifted);
}
END_TEST

START_TEST(information_smaller_than_its_header)
{
    begin();
    ck_assert_int_eq(parse_available(0), -EINVAL);
    ck_assert_str_eq(problem, "boot information is shorter than its 8-byte header");
    ck_assert_int_eq(parse_available(7), -EINVAL);

    put32(0, 4);
    ck_assert_int_eq(parse_available(8), -EINVAL);
    ck_assert_str_eq(problem, "boot information total_size is smaller than its 8-byte header");
}
END_TEST

START_TEST(total_size_beyond_available)
{
    begin();
    default_mmap();
    finish();
    ck_assert_int_eq(parse_available(mb.len - 1), -EINVAL);
    ck_assert_str_eq(problem,
                     "boot information total_size is larger than the memory mapped for it");
    /* More available than total_size is fine. */
    ck_assert_int_eq(parse_available(mb.len + 64), 0);
}
END_TEST

START_TEST(tag_running_past_the_end)
{
    size_t at;

    begin();
    default_mmap();
    at = mb.len;
    module(0x1000, 0x2000, "m");
    finish();
    put32(at + 4, (uint32_t)(mb.len - at + 1));
    expect_problem("module tag (type 3) runs past the end of the boot information");
    put32(at + 4, UINT32_MAX);
    expect_problem("module tag (type 3) runs past the end of the boot information");

    put32(at, 77);
    expect_problem("a tag (of a type we skip) runs past the end of the boot information");

    begin();
    at = mb.len;
    default_mmap();
    finish();
    put32(at + 4, (uint32_t)(mb.len - at + 8));
    expect_problem("memory map tag (type 6) runs past the end of the boot information");
}
END_TEST

START_TEST(tag_smaller_than_its_header)
{
    size_t at;

    begin();
    at = mb.len;
    string_tag(MB2_TAG_CMDLINE, "abc");
    default_mmap();
    finish();
    put32(at + 4, 7);
    expect_problem("command line tag (type 1) is smaller than its 8-byte header");
    put32(at + 4, 0); /* would loop forever if accepted */
    expect_problem("command line tag (type 1) is smaller than its 8-byte header");
}
END_TEST

START_TEST(strings_must_be_terminated_inside_their_tag)
{
    begin();
    /* "abc" without its NUL; the padding after the tag is zero. */
    tag(MB2_TAG_CMDLINE, "abc", 3);
    default_mmap();
    finish();
    expect_problem("command line is not NUL-terminated");

    begin();
    tag(MB2_TAG_LOADER_NAME, "GRUB", 4);
    default_mmap();
    finish();
    expect_problem("boot loader name is not NUL-terminated");

    begin();
    tag(MB2_TAG_CMDLINE, NULL, 0);
    default_mmap();
    finish();
    expect_problem("command line is not NUL-terminated");

    begin();
    {
        uint32_t addrs[3] = { 0x1000, 0x2000, 0x41414141 };

        tag(MB2_TAG_MODULE, addrs, sizeof(addrs));
    }
    default_mmap();
    finish();
    expect_problem("module command line is not NUL-terminated");
}
END_TEST

START_TEST(module_problems)
{
    uint32_t addrs[2] = { 0x1000, 0x2000 };

    begin();
    default_mmap();
    module(0x2000, 0x1fff, "backwards");
    finish();
    expect_problem("a module ends before it starts");

    begin();
    tag(MB2_TAG_MODULE, addrs, 4);
    default_mmap();
    finish();
    expect_problem("module tag (type 3) is too short to hold mod_start and mod_end");

    begin();
    default_mmap();
    for (int i = 0; i < BOOT_MAX_MODULES; i++)
        module(0x100000 * i, 0x100000 * i + 0x1000, "m");
    finish();
    ck_assert_int_eq(parse(), 0);
    ck_assert_uint_eq(bi.nr_mod, BOOT_MAX_MODULES);

    begin();
    default_mmap();
    for (int i = 0; i <= BOOT_MAX_MODULES; i++)
        module(0x100000 * i, 0x100000 * i + 0x1000, "m");
    finish();
    expect_problem("too many modules (the limit is 16)");
}
END_TEST

START_TEST(memory_map_problems)
{
    struct entry many[BOOT_MAX_MEMRANGES + 1];
    size_t at;

    begin();
    mmap_sized(16, qemu_map, QEMU_MAP_LEN);
    finish();
    expect_problem("memory map entry size is smaller than 24");

    begin();
    mmap_sized(0, qemu_map, 0);
    finish();
    expect_problem("memory map entry size is smaller than 24");

    begin();
    mmap_sized(28, qemu_map, QEMU_MAP_LEN);
    finish();
    expect_problem("memory map entry size is not a multiple of 8");

    begin();
    at = mmap_sized(24, qemu_map, QEMU_MAP_LEN);
    finish();
    put32(at + 4, 16 + 24 * QEMU_MAP_LEN - 8);
    expect_problem("memory map tag size is not a whole number of entries");

    begin();
    tag(MB2_TAG_MMAP, "\x18\0\0\0", 4);
    finish();
    expect_problem("memory map tag (type 6) is too short to hold entry_size and entry_version");

    for (unsigned i = 0; i < BOOT_MAX_MEMRANGES + 1; i++)
        many[i] = (struct entry){ 0x1000ull * i, 0x1000, BOOT_MEM_RAM };
    begin();
    mmap_sized(24, many, BOOT_MAX_MEMRANGES);
    finish();
    ck_assert_int_eq(parse(), 0);
    ck_assert_uint_eq(bi.nr_mem, BOOT_MAX_MEMRANGES);
    begin();
    mmap_sized(24, many, BOOT_MAX_MEMRANGES + 1);
    finish();
    expect_problem("too many memory map entries (the limit is 128)");

    /* An empty map parses; sanitize refuses it later. */
    begin();
    mmap_sized(24, qemu_map, 0);
    finish();
    ck_assert_int_eq(parse(), 0);
    ck_assert_uint_eq(bi.nr_mem, 0);
}
END_TEST

START_TEST(missing_tags)
{
    begin();
    string_tag(MB2_TAG_CMDLINE, "x");
    finish();
    expect_problem("no memory map tag");

    /* total_size ends before any end tag. */
    begin();
    default_mmap();
    put32(0, (uint32_t)mb.len);
    expect_problem("no end tag");

    /* ... or in the middle of its header. */
    begin();
    default_mmap();
    put32(0, (uint32_t)mb.len + 4);
    mb.len += 4;
    expect_problem("no end tag");

    /* The end tag stops parsing: what follows is never read. */
    begin();
    default_mmap();
    tag(MB2_TAG_END, NULL, 0);
    tag_sized(MB2_TAG_MODULE, 0xffff, NULL, 0);
    put32(0, (uint32_t)mb.len);
    ck_assert_int_eq(parse(), 0);
    ck_assert_uint_eq(bi.nr_mod, 0);
}
END_TEST

START_TEST(repeated_tags)
{
    begin();
    string_tag(MB2_TAG_CMDLINE, "a");
    string_tag(MB2_TAG_CMDLINE, "b");
    default_mmap();
    finish();
    expect_problem("more than one command line tag");

    begin();
    string_tag(MB2_TAG_LOADER_NAME, "a");
    string_tag(MB2_TAG_LOADER_NAME, "b");
    default_mmap();
    finish();
    expect_problem("more than one boot loader name tag");

    begin();
    default_mmap();
    default_mmap();
    finish();
    expect_problem("more than one memory map tag");
}
END_TEST

/* Each byte of a valid information block set to several values. */
START_TEST(single_byte_corruption_never_crashes)
{
    static const uint8_t values[] = { 0x00, 0x01, 0x07, 0x08, 0x7f, 0x80, 0xff };
    uint8_t pristine[sizeof(mb.buf)];
    size_t len;
    unsigned ok = 0;

    begin();
    string_tag(MB2_TAG_CMDLINE, "console=com1");
    string_tag(MB2_TAG_LOADER_NAME, "GRUB");
    module(0x200000, 0x300000, "kernel");
    default_mmap();
    module(0x300000, 0x380000, "initrd");
    finish();
    len = mb.len;
    memcpy(pristine, mb.buf, len);

    for (size_t off = 0; off < len; off++) {
        for (size_t v = 0; v < sizeof(values); v++) {
            memcpy(mb.buf, pristine, len);
            mb.buf[off] = values[v];
            if (parse() == 0) {
                ok++;
                ck_assert_ptr_null(problem);
                mb2_memmap_sanitize(&bi, &problem);
            } else {
                ck_assert_ptr_nonnull(problem);
            }
        }
    }
    ck_assert_uint_gt(ok, 0);

    /* And every truncation, with total_size following it. */
    for (size_t cut = 0; cut < len; cut++) {
        memcpy(mb.buf, pristine, len);
        put32(0, (uint32_t)cut);
        ck_assert_int_eq(parse_available(cut), -EINVAL);
    }
}
END_TEST

/* Sanitize: builds bi.mem from a list. */
static void set_map(const struct entry *e, unsigned n)
{
    memset(&bi, 0, sizeof(bi));
    for (unsigned i = 0; i < n; i++)
        bi.mem[i] = (struct boot_memrange){ e[i].base, e[i].len, e[i].type };
    bi.nr_mem = n;
}

static void expect_map(const struct entry *e, unsigned n)
{
    ck_assert_uint_eq(bi.nr_mem, n);
    for (unsigned i = 0; i < n; i++) {
        ck_assert_uint_eq(bi.mem[i].base, e[i].base);
        ck_assert_uint_eq(bi.mem[i].size, e[i].len);
        ck_assert_uint_eq(bi.mem[i].type, e[i].type);
    }
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void expect_sanitize_fails(const struct entry *e, unsigned n, const char *expected)
{
    set_map(e, n);
    problem = NULL;
    ck_assert_int_eq(mb2_memmap_sanitize(&bi, &problem), -EINVAL);
    ck_assert_str_eq(problem, expected);
    ck_assert_uint_eq(bi.nr_mem, n);
}

START_TEST(sanitize_keeps_a_clean_map)
{
    set_map(qemu_map, QEMU_MAP_LEN);
    ck_assert_int_eq(mb2_memmap_sanitize(&bi, &problem), 0);
    ck_assert_ptr_null(problem);
    expect_map(qemu_map, QEMU_MAP_LEN);
}
END_TEST

START_TEST(sanitize_sorts)
{
    static const struct entry in[] = {
        { 0x100000, 0x1000, BOOT_MEM_RAM },
        { 0xf0000, 0x10000, BOOT_MEM_RESERVED },
        { 0x200000, 0x1000, BOOT_MEM_ACPI },
        { 0x0, 0x1000, BOOT_MEM_RAM },
    };
    static const struct entry out[] = {
        { 0x0, 0x1000, BOOT_MEM_RAM },
        { 0xf0000, 0x10000, BOOT_MEM_RESERVED },
        { 0x100000, 0x1000, BOOT_MEM_RAM },
        { 0x200000, 0x1000, BOOT_MEM_ACPI },
    };

    set_map(in, N(in));
    ck_assert_int_eq(mb2_memmap_sanitize(&bi, NULL), 0);
    expect_map(out, N(out));
}
END_TEST

START_TEST(sanitize_merges_same_type)
{
    static const struct entry in[] = {
        { 0x3000, 0x2000, BOOT_MEM_RAM }, /* overlaps the next */
        { 0x1000, 0x3000, BOOT_MEM_RAM },
        { 0x5000, 0x1000, BOOT_MEM_RAM },      /* touches */
        { 0x1800, 0x100, BOOT_MEM_RAM },       /* contained */
        { 0x6000, 0x1000, BOOT_MEM_RESERVED }, /* touches, other type */
        { 0x7000, 0x1000, BOOT_MEM_RESERVED },
        { 0x10000, 0x1000, BOOT_MEM_RAM }, /* a gap before it */
        { 0x10000, 0x1000, BOOT_MEM_RAM }, /* duplicate */
    };
    static const struct entry out[] = {
        { 0x1000, 0x5000, BOOT_MEM_RAM },
        { 0x6000, 0x2000, BOOT_MEM_RESERVED },
        { 0x10000, 0x1000, BOOT_MEM_RAM },
    };

    set_map(in, N(in));
    ck_assert_int_eq(mb2_memmap_sanitize(&bi, &problem), 0);
    expect_map(out, N(out));
}
END_TEST

START_TEST(sanitize_refuses_overlapping_types)
{
    static const struct entry partial[] = {
        { 0x0, 0x2000, BOOT_MEM_RAM },
        { 0x1fff, 0x10, BOOT_MEM_RESERVED },
    };
    static const struct entry inside_merged[] = {
        { 0x0, 0x10000, BOOT_MEM_RAM },
        { 0x1000, 0x1000, BOOT_MEM_RAM },
        { 0x8000, 0x1000, BOOT_MEM_NVS }, /* inside the first */
    };
    static const struct entry same_base[] = {
        { 0x1000, 0x1000, BOOT_MEM_ACPI },
        { 0x1000, 0x1000, BOOT_MEM_RAM },
    };
    const char *msg =
        "memory map entries overlap: two ranges of different types cover the same addresses";

    expect_sanitize_fails(partial, N(partial), msg);
    expect_sanitize_fails(inside_merged, N(inside_merged), msg);
    expect_sanitize_fails(same_base, N(same_base), msg);
    /* On failure nothing was merged. */
    ck_assert_uint_eq(bi.mem[0].size, 0x1000);
}
END_TEST

START_TEST(sanitize_refuses_empty_and_wrapping_ranges)
{
    static const struct entry zero[] = {
        { 0x0, 0x1000, BOOT_MEM_RAM },
        { 0x5000, 0, BOOT_MEM_RESERVED },
    };
    static const struct entry wrap[] = {
        { 0x0, 0x1000, BOOT_MEM_RAM },
        { 0xfffffffffffff000ull, 0x2000, BOOT_MEM_RESERVED },
    };
    static const struct entry huge[] = {
        { 0x1000, UINT64_MAX, BOOT_MEM_RAM },
    };
    static const struct entry top[] = {
        { 0x0, 0x1000, BOOT_MEM_RAM },
        { 0xfffffffffffff000ull, 0xfff, BOOT_MEM_RESERVED },
    };

    expect_sanitize_fails(zero, N(zero), "memory map entry has size 0");
    expect_sanitize_fails(wrap, N(wrap),
                          "memory map entry wraps past the top of the address space");
    expect_sanitize_fails(huge, N(huge),
                          "memory map entry wraps past the top of the address space");
    /* Ending at 2^64 - 1 is the highest end that can be expressed. */
    set_map(top, N(top));
    ck_assert_int_eq(mb2_memmap_sanitize(&bi, &problem), 0);
    expect_map(top, N(top));
}
END_TEST

START_TEST(sanitize_refuses_a_map_without_ram)
{
    static const struct entry no_ram[] = {
        { 0x0, 0x1000, BOOT_MEM_RESERVED },
        { 0x1000, 0x1000, BOOT_MEM_ACPI },
        { 0x2000, 0x1000, BOOT_MEM_BAD },
    };

    expect_sanitize_fails(no_ram, N(no_ram), "memory map has no RAM");
    expect_sanitize_fails(no_ram, 0, "memory map has no RAM");
}
END_TEST

START_TEST(parse_then_sanitize)
{
    static const struct entry grub_map[] = {
        { 0x100000, 0x3ff00000, BOOT_MEM_RAM },
        { 0x0, 0x9f000, BOOT_MEM_RAM },
        { 0x9f000, 0x1000, BOOT_MEM_RESERVED },
        { 0x40000000, 0x40000000, BOOT_MEM_RAM }, /* touches */
    };
    static const struct entry clean[] = {
        { 0x0, 0x9f000, BOOT_MEM_RAM },
        { 0x9f000, 0x1000, BOOT_MEM_RESERVED },
        { 0x100000, 0x7ff00000, BOOT_MEM_RAM },
    };

    begin();
    mmap_sized(24, grub_map, N(grub_map));
    finish();
    ck_assert_int_eq(parse(), 0);
    ck_assert_int_eq(mb2_memmap_sanitize(&bi, &problem), 0);
    expect_map(clean, N(clean));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("multiboot2");
    TCase *parse_tc = tcase_create("parse");
    TCase *sanitize_tc = tcase_create("sanitize");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(parse_tc, NULL, teardown);
    tcase_add_test(parse_tc, full_boot_information);
    tcase_add_test(parse_tc, minimal_boot_information);
    tcase_add_test(parse_tc, larger_memory_map_entries);
    tcase_add_test(parse_tc, unaligned_information);
    tcase_add_test(parse_tc, information_smaller_than_its_header);
    tcase_add_test(parse_tc, total_size_beyond_available);
    tcase_add_test(parse_tc, tag_running_past_the_end);
    tcase_add_test(parse_tc, tag_smaller_than_its_header);
    tcase_add_test(parse_tc, strings_must_be_terminated_inside_their_tag);
    tcase_add_test(parse_tc, module_problems);
    tcase_add_test(parse_tc, memory_map_problems);
    tcase_add_test(parse_tc, missing_tags);
    tcase_add_test(parse_tc, repeated_tags);
    tcase_add_test(parse_tc, single_byte_corruption_never_crashes);
    suite_add_tcase(s, parse_tc);

    tcase_add_checked_fixture(sanitize_tc, NULL, teardown);
    tcase_add_test(sanitize_tc, sanitize_keeps_a_clean_map);
    tcase_add_test(sanitize_tc, sanitize_sorts);
    tcase_add_test(sanitize_tc, sanitize_merges_same_type);
    tcase_add_test(sanitize_tc, sanitize_refuses_overlapping_types);
    tcase_add_test(sanitize_tc, sanitize_refuses_empty_and_wrapping_ranges);
    tcase_add_test(sanitize_tc, sanitize_refuses_a_map_without_ram);
    tcase_add_test(sanitize_tc, parse_then_sanitize);
    suite_add_tcase(s, sanitize_tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
