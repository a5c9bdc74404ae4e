/*
 * Multiboot2 boot information: parsing and memory map clean-up.
 *
 * The parser reads only inside [info, info + total_size), and total_size
 * only up to `available`; every field is read with memcpy, so neither the
 * buffer nor a tag needs any alignment.  Strings handed out point into the
 * buffer and are known to be NUL-terminated inside their tag.
 */
#include <stdbool.h>

#include "common/bytes.h"
#include "common/errno.h"
#include "common/multiboot2.h"
#include "common/string.h"

#define MB2_HEADER_SIZE     8  /* total_size, reserved */
#define MB2_TAG_HEADER_SIZE 8  /* type, size */
#define MB2_MODULE_FIXED    16 /* tag header, mod_start, mod_end */
#define MB2_MMAP_FIXED      16 /* tag header, entry_size, version */

/* The problems a tag's framing can have, named per tag we read. */
struct tag_problems {
    const char *past_end;
    const char *too_small;
};

static struct tag_problems tag_problems(uint32_t type)
{
    switch (type) {
    case MB2_TAG_END:
        return (struct tag_problems){ "end tag runs past the end of the boot information",
                                      "end tag is smaller than its 8-byte header" };
    case MB2_TAG_CMDLINE:
        return (struct tag_problems){
            "command line tag (type 1) runs past the end of the boot information",
            "command line tag (type 1) is smaller than its 8-byte header"
        };
    case MB2_TAG_LOADER_NAME:
        return (struct tag_problems){
            "boot loader name tag (type 2) runs past the end of the boot information",
            "boot loader name tag (type 2) is smaller than its 8-byte header"
        };
    case MB2_TAG_MODULE:
        return (
            struct tag_problems){ "module tag (type 3) runs past the end of the boot information",
                                  "module tag (type 3) is smaller than its 8-byte header" };
    case MB2_TAG_MMAP:
        return (struct tag_problems){
            "memory map tag (type 6) runs past the end of the boot information",
            "memory map tag (type 6) is smaller than its 8-byte header"
        };
    default:
        return (struct tag_problems){
            "a tag (of a type we skip) runs past the end of the boot information",
            "a tag (of a type we skip) is smaller than its 8-byte header"
        };
    }
}

/* The string at p, if it has its NUL within len bytes; else NULL. */
static const char *tag_string(const uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (p[i] == '\0')
            return (const char *)p;
    }
    return NULL;
}

static const char *parse_module(const uint8_t *tag, uint32_t size, struct boot_info *out)
{
    struct boot_module *m;

    if (size < MB2_MODULE_FIXED)
        return "module tag (type 3) is too short to hold mod_start and mod_end";
    if (out->nr_mod == BOOT_MAX_MODULES)
        return "too many modules (the limit is 16)";
    m = &out->mod[out->nr_mod];
    m->start = read_u32(tag + 8);
    m->end = read_u32(tag + 12);
    m->cmdline = tag_string(tag + MB2_MODULE_FIXED, size - MB2_MODULE_FIXED);
    if (!m->cmdline)
        return "module command line is not NUL-terminated";
    if (m->end < m->start)
        return "a module ends before it starts";
    out->nr_mod++;
    return NULL;
}

static const char *parse_mmap(const uint8_t *tag, uint32_t size, struct boot_info *out)
{
    uint32_t entry_size, count, i;

    if (size < MB2_MMAP_FIXED)
        return "memory map tag (type 6) is too short to hold entry_size and entry_version";
    entry_size = read_u32(tag + 8);
    if (entry_size < MB2_MMAP_ENTRY_MIN)
        return "memory map entry size is smaller than 24";
    if (entry_size % 8 != 0)
        return "memory map entry size is not a multiple of 8";
    if ((size - MB2_MMAP_FIXED) % entry_size != 0)
        return "memory map tag size is not a whole number of entries";
    count = (size - MB2_MMAP_FIXED) / entry_size;
    if (count > BOOT_MAX_MEMRANGES)
        return "too many memory map entries (the limit is 128)";

    for (i = 0; i < count; i++) {
        const uint8_t *e = tag + MB2_MMAP_FIXED + (size_t)i * entry_size;

        out->mem[i].base = read_u64(e);
        out->mem[i].size = read_u64(e + 8);
        out->mem[i].type = read_u32(e + 16);
    }
    out->nr_mem = count;
    return NULL;
}

/* Reads one tag of known-good framing; returns a problem or NULL. */
static const char *parse_tag(const uint8_t *tag, uint32_t type, uint32_t size,
                             struct boot_info *out, bool *have_mmap)
{
    switch (type) {
    case MB2_TAG_CMDLINE:
        if (out->cmdline)
            return "more than one command line tag";
        out->cmdline = tag_string(tag + 8, size - 8);
        return out->cmdline ? NULL : "command line is not NUL-terminated";
    case MB2_TAG_LOADER_NAME:
        if (out->loader)
            return "more than one boot loader name tag";
        out->loader = tag_string(tag + 8, size - 8);
        return out->loader ? NULL : "boot loader name is not NUL-terminated";
    case MB2_TAG_MODULE:
        return parse_module(tag, size, out);
    case MB2_TAG_MMAP:
        if (*have_mmap)
            return "more than one memory map tag";
        *have_mmap = true;
        return parse_mmap(tag, size, out);
    default:
        return NULL;
    }
}

static const char *parse_info(const uint8_t *info, size_t available, struct boot_info *out)
{
    size_t total, pos = MB2_HEADER_SIZE;
    bool have_mmap = false;

    if (available < MB2_HEADER_SIZE)
        return "boot information is shorter than its 8-byte header";
    total = read_u32(info);
    if (total < MB2_HEADER_SIZE)
        return "boot information total_size is smaller than its 8-byte header";
    if (total > available)
        return "boot information total_size is larger than the memory mapped for it";

    for (;;) {
        const uint8_t *tag = info + pos;
        uint32_t type, size;
        size_t step;
        const char *problem;

        if (total - pos < MB2_TAG_HEADER_SIZE)
            return "no end tag";
        type = read_u32(tag);
        size = read_u32(tag + 4);
        if (size < MB2_TAG_HEADER_SIZE)
            return tag_problems(type).too_small;
        if (size > total - pos)
            return tag_problems(type).past_end;
        if (type == MB2_TAG_END)
            break;
        problem = parse_tag(tag, type, size, out, &have_mmap);
        if (problem)
            return problem;

        /* Tags start 8-byte aligned; the padding may be cut off. */
        step = ((size_t)size + 7) & ~(size_t)7;
        pos = step > total - pos ? total : pos + step;
    }
    if (!have_mmap)
        return "no memory map tag";
    return NULL;
}

int mb2_parse(const void *info, size_t available, struct boot_info *out, const char **problem)
{
    const char *why;

    memset(out, 0, sizeof(*out));
    why = parse_info(info, available, out);
    if (problem)
        *problem = why;
    return why ? -EINVAL : 0;
}

static bool range_before(const struct boot_memrange *a, const struct boot_memrange *b)
{
    return a->base < b->base || (a->base == b->base && a->type < b->type);
}

/* Insertion sort: at most 128 entries, usually already nearly sorted. */
static void sort_ranges(struct boot_memrange *mem, unsigned n)
{
    unsigned i, j;

    for (i = 1; i < n; i++) {
        struct boot_memrange r = mem[i];

        for (j = i; j > 0 && range_before(&r, &mem[j - 1]); j--)
            mem[j] = mem[j - 1];
        mem[j] = r;
    }
}

/*
 * Walks the sorted ranges, folding each into the previous one when they
 * have the same type and overlap or touch.  Because everything kept so far
 * is disjoint and sorted, a range can only overlap the last one kept.
 * With apply false this only checks; with it true it rewrites bi->mem.
 */
static const char *merge_ranges(struct boot_info *bi, bool apply)
{
    uint64_t end = 0;  /* end of the last range kept */
    uint32_t type = 0; /* its type */
    unsigned i, kept = 0;

    for (i = 0; i < bi->nr_mem; i++) {
        struct boot_memrange r = bi->mem[i];
        uint64_t r_end = r.base + r.size;

        if (kept > 0 && r.base < end && r.type != type)
            return "memory map entries overlap: two ranges of different types cover the same "
                   "addresses";
        if (kept > 0 && r.base <= end && r.type == type) {
            if (r_end > end)
                end = r_end;
            if (apply)
                bi->mem[kept - 1].size = end - bi->mem[kept - 1].base;
            continue;
        }
        if (apply)
            bi->mem[kept] = r;
        kept++;
        end = r_end;
        type = r.type;
    }
    if (apply)
        bi->nr_mem = kept;
    return NULL;
}

static const char *sanitize(struct boot_info *bi)
{
    const char *problem;
    bool have_ram = false;
    unsigned i;

    if (bi->nr_mem > BOOT_MAX_MEMRANGES)
        return "too many memory map entries (the limit is 128)";
    for (i = 0; i < bi->nr_mem; i++) {
        const struct boot_memrange *r = &bi->mem[i];

        if (r->size == 0)
            return "memory map entry has size 0";
        if (r->size > UINT64_MAX - r->base)
            return "memory map entry wraps past the top of the address space";
        if (r->type == BOOT_MEM_RAM)
            have_ram = true;
    }
    if (!have_ram)
        return "memory map has no RAM";

    sort_ranges(bi->mem, bi->nr_mem);
    problem = merge_ranges(bi, false);
    if (problem)
        return problem;
    merge_ranges(bi, true);
    return NULL;
}

int mb2_memmap_sanitize(struct boot_info *bi, const char **problem)
{
    const char *why = sanitize(bi);

    if (problem)
        *problem = why;
    return why ? -EINVAL : 0;
}
