/*
 * The multiboot2 boot information a boot loader (GRUB2) hands the
 * hypervisor: command line, boot loader name, modules and the memory map,
 * read into a struct boot_info that the rest of the boot uses.
 *
 * Layout (Multiboot2 specification, §3.6): u32 total_size, u32 reserved,
 * then tags {u32 type, u32 size, payload}, each starting 8-byte aligned,
 * ended by a tag of type 0 and size 8.
 */
#ifndef COMMON_MULTIBOOT2_H
#define COMMON_MULTIBOOT2_H

#include <stddef.h>
#include <stdint.h>

#define MB2_TAG_END         0
#define MB2_TAG_CMDLINE     1 /* NUL-terminated string */
#define MB2_TAG_LOADER_NAME 2 /* NUL-terminated string */
#define MB2_TAG_MODULE      3 /* u32 mod_start, u32 mod_end, string */
#define MB2_TAG_MMAP        6 /* u32 entry_size, u32 entry_version, entries */

#define MB2_MMAP_ENTRY_MIN 24 /* u64 base, u64 length, u32 type, u32 rsvd */

#define BOOT_MAX_MODULES   16
#define BOOT_MAX_MEMRANGES 128

/* boot_memrange.type, as the firmware (E820) reports it. */
#define BOOT_MEM_RAM      1 /* usable RAM */
#define BOOT_MEM_RESERVED 2 /* reserved */
#define BOOT_MEM_ACPI     3 /* ACPI tables, reclaimable */
#define BOOT_MEM_NVS      4 /* ACPI non-volatile storage */
#define BOOT_MEM_BAD      5 /* defective RAM */

struct boot_memrange {
    uint64_t base; /* physical start */
    uint64_t size; /* bytes */
    uint32_t type; /* BOOT_MEM_*, or another firmware type */
};

struct boot_module {
    uint64_t start;      /* physical start */
    uint64_t end;        /* physical end, exclusive */
    const char *cmdline; /* points into the boot information */
};

struct boot_info {
    const char *cmdline;                          /* into the boot information; NULL if none */
    const char *loader;                           /* boot loader name; NULL if none */
    struct boot_memrange mem[BOOT_MAX_MEMRANGES]; /* in the loader's order */
    unsigned nr_mem;
    struct boot_module mod[BOOT_MAX_MODULES]; /* in the loader's order */
    unsigned nr_mod;
};

/*
 * Reads the boot information at info, reading nothing at or beyond
 * info + available (total_size may not exceed it).  info need not be
 * aligned.  Tags other than 1, 2, 3 and 6 are skipped.  Returns 0, or
 * -EINVAL with *problem (if problem is not NULL) set to a static sentence
 * saying what is wrong: a tag running past the end or shorter than its
 * header, a string without its NUL, a module ending before it starts,
 * a bad memory map entry size, too many modules or memory ranges, a
 * repeated command line, loader name or memory map tag, no memory map,
 * or no end tag.  On success *problem is set to NULL.
 */
int mb2_parse(const void *info, size_t available, struct boot_info *out, const char **problem);

/*
 * Puts bi->mem in order: sorted by base, ranges of the same type that
 * overlap or touch merged into one.  Refuses (-EINVAL, *problem set) a
 * range of size 0, one whose end would pass 2^64 - 1, ranges of different
 * types that overlap, and a map without RAM.  On failure the entries may
 * have been sorted but are otherwise unchanged.
 */
int mb2_memmap_sanitize(struct boot_info *bi, const char **problem);

#endif /* COMMON_MULTIBOOT2_H */
