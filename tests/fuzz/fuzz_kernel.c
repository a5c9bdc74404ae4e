/*
 * libFuzzer target: what the domain builders do with a kernel image
 * before they build anything (xen/builder/domain_build.c, tools/builder.c):
 * kernel_image_open() of common/kernel_image.c (a plain ELF, a bzImage or
 * a gzip'd ELF, decompressed), elf_load_range(),
 * elf_xen_notes(), then dom0_layout_compute() for a few memory sizes, and
 * every PT_LOAD segment's bytes read through elf_segment_data().  A crash,
 * a sanitizer report or a hang is a bug; any refusal is fine.
 *
 * The module ends at the end of the fake RAM, and the rest of the module
 * area (before it, and the few bytes padding it to 8) is poisoned, so
 * reading outside it is an error ASan reports.  A decompressed ELF may sit in
 * a larger allocation, so it is parsed once more from an exact-size copy.
 * Seeds are built test guests, bare and compressed (tests/fuzz/build.mk).
 */
#include <sanitizer/asan_interface.h>
#include <stdlib.h>
#include <string.h>

#include "common/kernel_image.h"
#include "tests/unit/fake_arch.h"
#include "xen/builder/layout.h"
#include "xen/page_alloc.h"

#define FUZZ_RAM_FRAMES    16384u     /* 64 MiB of fake RAM */
#define FUZZ_MODULE_FRAMES 1024u      /* its last 4 MiB hold the module */
#define FUZZ_MODULE_MAX    (4u << 20) /* longer inputs are ignored */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct page_info fuzz_frames[FUZZ_RAM_FRAMES];

static void setup_once(void)
{
    static bool ready;

    if (ready)
        return;
    fake_ram_init(FUZZ_RAM_FRAMES);
    page_alloc_init(fuzz_frames, FUZZ_RAM_FRAMES);
    page_alloc_add_range(0, FUZZ_RAM_FRAMES - FUZZ_MODULE_FRAMES);
    ready = true;
}

/* Reads every byte the loader would copy, so ASan sees any that lie outside. */
static void read_segments(const struct elf_image *elf)
{
    volatile uint8_t sink = 0;

    for (unsigned i = 0; i < elf_phdr_count(elf); i++) {
        const struct elf64_phdr *ph = elf_phdr(elf, i);
        const uint8_t *bytes = elf_segment_data(elf, ph);

        if (!bytes)
            continue;
        if (bytes < elf->data || ph->p_filesz > elf->size ||
            bytes - elf->data > (ptrdiff_t)(elf->size - ph->p_filesz))
            abort(); /* elf_segment_data promised bytes inside the image */
        for (uint64_t off = 0; off < ph->p_filesz; off += 64)
            sink ^= bytes[off];
        if (ph->p_filesz)
            sink ^= bytes[ph->p_filesz - 1];
    }
    (void)sink;
}

/* The builder's checks after opening: segments, notes, then the layout. */
static void parse_elf(const struct elf_image *elf)
{
    static const uint64_t nr_pages[] = { 1, 8192, 65536, 1UL << 20, 1UL << 28 };
    struct kernel_extent extent;
    struct elf_xen_notes notes;
    struct dom0_layout layout;
    const char *problem;

    read_segments(elf);
    if (elf_load_range(elf, &extent.paddr_start, &extent.paddr_end) || elf_xen_notes(elf, &notes))
        return;
    extent.elf_entry = elf->ehdr->e_entry;
    for (size_t i = 0; i < sizeof(nr_pages) / sizeof(nr_pages[0]); i++)
        for (uint64_t initrd_len = 0; initrd_len <= (1UL << 20); initrd_len += 1UL << 20)
            dom0_layout_compute(&notes, &extent, initrd_len, nr_pages[i], &layout, &problem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* elf_open wants 8-byte alignment; modules start on a page boundary. */
    size_t padded = (size + 7) & ~(size_t)7;
    uint64_t ram_end = (uint64_t)FUZZ_RAM_FRAMES * PAGE_SIZE;
    uint64_t area = ram_end - (uint64_t)FUZZ_MODULE_FRAMES * PAGE_SIZE;
    static const struct kernel_alloc heap = { malloc, free };
    uint64_t start = ram_end - padded;
    struct kernel_image image;
    const char *problem;

    if (size > FUZZ_MODULE_MAX)
        return 0;
    setup_once();
    fake_console_reset();
    ASAN_UNPOISON_MEMORY_REGION(fake_ram + area, ram_end - area);
    memset(fake_ram + start, 0, padded);
    memcpy(fake_ram + start, data, size);
    ASAN_POISON_MEMORY_REGION(fake_ram + area, start - area);
    ASAN_POISON_MEMORY_REGION(fake_ram + start + size, padded - size);
    if (kernel_image_open(fake_ram + start, size, &heap, &image, &problem))
        return 0;
    parse_elf(&image.elf);
    if (image.copy) {
        void *exact = malloc(image.elf.size);
        struct elf_image copy;

        if (!exact)
            abort();
        memcpy(exact, image.elf.data, image.elf.size);
        if (elf_open(&copy, exact, image.elf.size))
            abort(); /* the same bytes opened a moment ago */
        parse_elf(&copy);
        free(exact);
    }
    kernel_image_close(&image);
    return 0;
}
