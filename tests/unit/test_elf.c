/*
 * The ELF reader and the Xen notes parser.  Images are assembled in memory
 * by build_image(); each test breaks one thing.  Every call on an image
 * goes through a heap copy of exactly the image's size, so ASan reports
 * any read past its end.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/elf.h"
#include "common/errno.h"

#define IMAGE_MAX   0x3000
#define PHDR_OFF    64
#define NOTES_OFF   0x200  /* note area (segment or section) */
#define LOAD_OFF    0x1000 /* file bytes of the PT_LOAD segment */
#define LOAD_FILESZ 0x800
#define LOAD_MEMSZ  0x2000
#define LOAD_PADDR  0x200000
#define LOAD_VADDR  0xffffffff80200000ull

struct image {
    _Alignas(8) uint8_t buf[IMAGE_MAX];
    size_t size;
    uint8_t notes[0x400]; /* the note area being assembled */
    size_t notes_len;
};

static struct image im;

static struct elf64_ehdr *ehdr(void)
{
    return (struct elf64_ehdr *)im.buf;
}

static struct elf64_phdr *phdr(unsigned i)
{
    return (struct elf64_phdr *)(im.buf + ehdr()->e_phoff) + i;
}

/* Appends a note: header, name padded to 4, desc padded to 4. */
static void add_note_raw(const char *name, uint32_t namesz, uint32_t type, const void *desc,
                         uint32_t descsz)
{
    struct elf64_nhdr nh = { namesz, descsz, type };
    uint8_t *p = im.notes + im.notes_len;

    memcpy(p, &nh, sizeof(nh));
    p += sizeof(nh);
    memcpy(p, name, namesz);
    p += (namesz + 3) & ~3u;
    memcpy(p, desc, descsz);
    p += (descsz + 3) & ~3u;
    im.notes_len = (size_t)(p - im.notes);
    ck_assert_uint_le(im.notes_len, sizeof(im.notes));
}

static void add_xen_u64(uint32_t type, uint64_t v)
{
    add_note_raw("Xen", 4, type, &v, 8);
}

static void add_xen_u32(uint32_t type, uint32_t v)
{
    add_note_raw("Xen", 4, type, &v, 4);
}

static void add_xen_str(uint32_t type, const char *s)
{
    add_note_raw("Xen", 4, type, s, (uint32_t)strlen(s) + 1);
}

/* The notes a Linux kernel carries (public/elfnote.h), plus a foreign one. */
static void add_linux_notes(void)
{
    static const uint8_t gnu_desc[16] = { 1, 2, 3 };

    add_note_raw("GNU", 4, 3, gnu_desc, sizeof(gnu_desc));
    add_xen_str(ELF_XEN_NOTE_GUEST_OS, "linux");
    add_xen_str(ELF_XEN_NOTE_GUEST_VERSION, "2.6");
    add_xen_str(ELF_XEN_NOTE_XEN_VERSION, "xen-3.0");
    add_xen_u64(ELF_XEN_NOTE_VIRT_BASE, 0xffffffff80000000ull);
    add_xen_u64(ELF_XEN_NOTE_INIT_P2M, 0x8000000000ull);
    add_xen_u64(ELF_XEN_NOTE_ENTRY, 0xffffffff80201000ull);
    add_xen_str(ELF_XEN_NOTE_FEATURES, "!writable_page_tables|pae_pgdir_above_4gb");
    add_xen_str(ELF_XEN_NOTE_PAE_MODE, "yes");
    add_xen_str(ELF_XEN_NOTE_LOADER, "generic");
    add_xen_u32(ELF_XEN_NOTE_SUSPEND_CANCEL, 1);
    add_xen_u32(ELF_XEN_NOTE_MOD_START_PFN, 1);
    add_xen_u64(ELF_XEN_NOTE_HV_START_LOW, 0xffff800000000000ull);
    add_xen_u64(ELF_XEN_NOTE_PADDR_OFFSET, 0);
    add_xen_u32(ELF_XEN_NOTE_SUPPORTED_FEATURES, 0x8801);
}

enum notes_where { NOTES_IN_SEGMENT, NOTES_IN_SECTION, NOTES_IN_BOTH };

/*
 * Lays out: ELF header, two program headers (PT_LOAD, then PT_NOTE unless
 * the notes live only in a section), the note area, the PT_LOAD bytes, and
 * three section headers (null, .note as SHT_NOTE, .text) at the end.
 * Call after adding notes.
 */
static void build_image(enum notes_where where)
{
    struct elf64_ehdr *eh = ehdr();
    struct elf64_shdr *sh;
    size_t shoff = LOAD_OFF + LOAD_FILESZ;

    memset(im.buf, 0, sizeof(im.buf));
    memcpy(eh->e_ident, "\177ELF", 4);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = LOAD_VADDR + 0x1000;
    eh->e_phoff = PHDR_OFF;
    eh->e_ehsize = sizeof(*eh);
    eh->e_phentsize = sizeof(struct elf64_phdr);
    eh->e_phnum = where == NOTES_IN_SECTION ? 1 : 2;
    eh->e_shoff = shoff;
    eh->e_shentsize = sizeof(struct elf64_shdr);
    eh->e_shnum = 3;

    *phdr(0) = (struct elf64_phdr){
        .p_type = PT_LOAD,
        .p_flags = PF_R | PF_X,
        .p_offset = LOAD_OFF,
        .p_vaddr = LOAD_VADDR,
        .p_paddr = LOAD_PADDR,
        .p_filesz = LOAD_FILESZ,
        .p_memsz = LOAD_MEMSZ,
        .p_align = 0x1000,
    };
    if (where != NOTES_IN_SECTION)
        *phdr(1) = (struct elf64_phdr){
            .p_type = PT_NOTE,
            .p_flags = PF_R,
            .p_offset = NOTES_OFF,
            .p_filesz = im.notes_len,
            .p_memsz = im.notes_len,
            .p_align = 4,
        };
    memcpy(im.buf + NOTES_OFF, im.notes, im.notes_len);
    memset(im.buf + LOAD_OFF, 0x90, LOAD_FILESZ);

    sh = (struct elf64_shdr *)(im.buf + shoff);
    sh[1] = (struct elf64_shdr){
        .sh_type = where == NOTES_IN_SEGMENT ? SHT_PROGBITS : SHT_NOTE,
        .sh_offset = NOTES_OFF,
        .sh_size = im.notes_len,
        .sh_addralign = 4,
    };
    sh[2] = (struct elf64_shdr){
        .sh_type = SHT_PROGBITS,
        .sh_offset = LOAD_OFF,
        .sh_size = LOAD_FILESZ,
        .sh_addralign = 16,
    };
    im.size = shoff + 3 * sizeof(*sh);
}

static void start(void)
{
    memset(&im, 0, sizeof(im));
}

/* Runs every reader entry point on a heap copy of buf[size]. */
struct results {
    int open, range, notes;
    uint64_t lo, hi;
    struct elf_xen_notes xen;
};

static struct results run(const uint8_t *buf, size_t size)
{
    struct results r = { .range = 1, .notes = 1 };
    uint8_t *copy = malloc(size ? size : 1);
    struct elf_image img;

    memcpy(copy, buf, size);
    r.open = elf_open(&img, copy, size);
    if (r.open == 0) {
        for (unsigned i = 0; i < elf_phdr_count(&img); i++) {
            const struct elf64_phdr *ph = elf_phdr(&img, i);
            const uint8_t *data = elf_segment_data(&img, ph);

            /* Touch the first and last byte the reader vouches for. */
            if (data && ph->p_filesz)
                r.lo += data[0] + data[ph->p_filesz - 1];
        }
        for (unsigned i = 0; i < elf_shdr_count(&img); i++)
            r.lo += elf_shdr(&img, i)->sh_type;
        ck_assert_ptr_null(elf_phdr(&img, elf_phdr_count(&img)));
        ck_assert_ptr_null(elf_shdr(&img, elf_shdr_count(&img)));
        r.lo = r.hi = 0;
        r.range = elf_load_range(&img, &r.lo, &r.hi);
        r.notes = elf_xen_notes(&img, &r.xen);
    }
    free(copy);
    return r;
}

static struct results run_image(void)
{
    return run(im.buf, im.size);
}

START_TEST(valid_image_opens)
{
    struct results r;

    start();
    add_linux_notes();
    build_image(NOTES_IN_SEGMENT);
    r = run_image();
    ck_assert_int_eq(r.open, 0);
    ck_assert_int_eq(r.range, 0);
    ck_assert_uint_eq(r.lo, LOAD_PADDR);
    ck_assert_uint_eq(r.hi, LOAD_PADDR + LOAD_MEMSZ);
    ck_assert_int_eq(r.notes, 0);
}
END_TEST

START_TEST(header_tables_are_exposed)
{
    struct elf_image img;
    const struct elf64_phdr *ph;

    start();
    build_image(NOTES_IN_SEGMENT);
    ck_assert_int_eq(elf_open(&img, im.buf, im.size), 0);
    ck_assert_uint_eq(elf_phdr_count(&img), 2);
    ck_assert_uint_eq(elf_shdr_count(&img), 3);
    ph = elf_phdr(&img, 0);
    ck_assert_uint_eq(ph->p_type, PT_LOAD);
    ck_assert_ptr_eq(elf_segment_data(&img, ph), im.buf + LOAD_OFF);
    ck_assert_uint_eq(elf_phdr(&img, 1)->p_type, PT_NOTE);
    ck_assert_ptr_null(elf_phdr(&img, 2));
    ck_assert_uint_eq(elf_shdr(&img, 1)->sh_type, SHT_PROGBITS);
    ck_assert_ptr_null(elf_shdr(&img, 3));
    ck_assert_ptr_eq(img.ehdr, (const void *)im.buf);
}
END_TEST

START_TEST(xen_notes_are_collected)
{
    struct results r;

    start();
    add_linux_notes();
    build_image(NOTES_IN_SEGMENT);
    r = run_image();
    ck_assert_int_eq(r.notes, 0);
    ck_assert(r.xen.any);
    ck_assert_str_eq(r.xen.guest_os, "linux");
    ck_assert_str_eq(r.xen.guest_version, "2.6");
    ck_assert_str_eq(r.xen.xen_version, "xen-3.0");
    ck_assert_str_eq(r.xen.loader, "generic");
    ck_assert_str_eq(r.xen.pae_mode, "yes");
    ck_assert_str_eq(r.xen.features, "!writable_page_tables|pae_pgdir_above_4gb");
    ck_assert_str_eq(r.xen.bsd_symtab, "");
    ck_assert(r.xen.virt_base.present);
    ck_assert_uint_eq(r.xen.virt_base.value, 0xffffffff80000000ull);
    ck_assert(r.xen.init_p2m.present);
    ck_assert_uint_eq(r.xen.init_p2m.value, 0x8000000000ull);
    ck_assert(r.xen.entry.present);
    ck_assert_uint_eq(r.xen.entry.value, 0xffffffff80201000ull);
    ck_assert(r.xen.suspend_cancel.present);
    ck_assert_uint_eq(r.xen.suspend_cancel.value, 1);
    ck_assert(r.xen.mod_start_pfn.present);
    ck_assert_uint_eq(r.xen.mod_start_pfn.value, 1);
    ck_assert(r.xen.hv_start_low.present);
    ck_assert_uint_eq(r.xen.hv_start_low.value, 0xffff800000000000ull);
    ck_assert(r.xen.paddr_offset.present);
    ck_assert_uint_eq(r.xen.paddr_offset.value, 0);
    ck_assert(r.xen.supported_features.present);
    ck_assert_uint_eq(r.xen.supported_features.value, 0x8801);
    ck_assert(!r.xen.hypercall_page.present);
}
END_TEST

START_TEST(odd_notes_are_handled)
{
    static const uint8_t three[3] = { 1, 2, 3 };
    char long_str[300];
    struct results r;

    start();
    /* Numeric notes of a size libelf does not read are 0 (but present). */
    add_note_raw("Xen", 4, ELF_XEN_NOTE_ENTRY, three, sizeof(three));
    /* Not Xen: right letters, wrong length. */
    add_note_raw("Xen!", 5, ELF_XEN_NOTE_VIRT_BASE, "\1\0\0\0", 4);
    /* Strings without a NUL stop at the descriptor's end. */
    add_note_raw("Xen", 4, ELF_XEN_NOTE_GUEST_OS, "linuxXX", 5);
    /* Over-long strings are truncated. */
    memset(long_str, 'f', sizeof(long_str) - 1);
    long_str[sizeof(long_str) - 1] = '\0';
    add_xen_str(ELF_XEN_NOTE_FEATURES, long_str);
    add_xen_str(ELF_XEN_NOTE_GUEST_VERSION, long_str);
    /* The last of two wins; unknown types are skipped. */
    add_xen_u64(ELF_XEN_NOTE_HYPERCALL_PAGE, 1);
    add_xen_u64(ELF_XEN_NOTE_HYPERCALL_PAGE, 2);
    add_xen_u64(99, 3);
    add_xen_u64(ELF_XEN_NOTE_L1_MFN_VALID, 1);
    build_image(NOTES_IN_SEGMENT);
    r = run_image();
    ck_assert_int_eq(r.notes, 0);
    ck_assert(r.xen.any);
    ck_assert(r.xen.entry.present);
    ck_assert_uint_eq(r.xen.entry.value, 0);
    ck_assert(!r.xen.virt_base.present);
    ck_assert_str_eq(r.xen.guest_os, "linux");
    ck_assert_uint_eq(strlen(r.xen.features), ELF_XEN_FEATURES_MAX - 1);
    ck_assert_uint_eq(strlen(r.xen.guest_version), ELF_XEN_STR_MAX - 1);
    ck_assert_uint_eq(r.xen.hypercall_page.value, 2);
}
END_TEST

START_TEST(image_without_xen_notes)
{
    struct results r;

    start();
    add_note_raw("GNU", 4, 1, "\0\0\0\0", 4);
    build_image(NOTES_IN_BOTH);
    r = run_image();
    ck_assert_int_eq(r.notes, 0);
    ck_assert(!r.xen.any);
    ck_assert(!r.xen.entry.present);
}
END_TEST

START_TEST(notes_only_in_sections)
{
    struct results r;

    start();
    add_linux_notes();
    build_image(NOTES_IN_SECTION);
    r = run_image();
    ck_assert_int_eq(r.open, 0);
    ck_assert_int_eq(r.notes, 0);
    ck_assert(r.xen.any);
    ck_assert_str_eq(r.xen.guest_os, "linux");
    ck_assert_uint_eq(r.xen.virt_base.value, 0xffffffff80000000ull);
}
END_TEST

START_TEST(segment_notes_take_precedence_over_sections)
{
    struct elf64_shdr *sh;
    struct results r;

    start();
    add_xen_str(ELF_XEN_NOTE_GUEST_OS, "segment");
    build_image(NOTES_IN_BOTH);
    /* Point the section at different notes, further on in the file. */
    im.notes_len = 0;
    add_xen_str(ELF_XEN_NOTE_GUEST_OS, "section");
    add_xen_str(ELF_XEN_NOTE_LOADER, "generic");
    memcpy(im.buf + 0x600, im.notes, im.notes_len);
    sh = (struct elf64_shdr *)(im.buf + ehdr()->e_shoff);
    sh[1].sh_offset = 0x600;
    sh[1].sh_size = im.notes_len;

    r = run_image();
    ck_assert_int_eq(r.notes, 0);
    ck_assert_str_eq(r.xen.guest_os, "segment");
    ck_assert_str_eq(r.xen.loader, "");

    /* Without a Xen note in the segment, the section is read. */
    phdr(1)->p_filesz = 0;
    r = run_image();
    ck_assert_int_eq(r.notes, 0);
    ck_assert_str_eq(r.xen.guest_os, "section");
    ck_assert_str_eq(r.xen.loader, "generic");
}
END_TEST

START_TEST(misaligned_buffer_is_refused)
{
    struct elf_image img;
    uint8_t *copy;

    start();
    build_image(NOTES_IN_SEGMENT);
    copy = malloc(im.size + 1);
    memcpy(copy + 1, im.buf, im.size);
    ck_assert_int_eq(elf_open(&img, copy + 1, im.size), -EINVAL);
    free(copy);
}
END_TEST

/* Breaks the image with a setter, then expects elf_open to refuse it. */
#define EXPECT_OPEN_FAILS(stmt)                       \
    do {                                              \
        start();                                      \
        build_image(NOTES_IN_SEGMENT);                \
        stmt;                                         \
        ck_assert_int_eq(run_image().open, -ENOEXEC); \
    } while (0)

START_TEST(bad_headers_are_refused)
{
    EXPECT_OPEN_FAILS(im.size = 0);
    EXPECT_OPEN_FAILS(im.size = sizeof(struct elf64_ehdr) - 1);
    EXPECT_OPEN_FAILS(im.buf[0] = 0x7e);
    EXPECT_OPEN_FAILS(im.buf[EI_MAG3] = 'G');
    EXPECT_OPEN_FAILS(im.buf[EI_CLASS] = ELFCLASS32);
    EXPECT_OPEN_FAILS(im.buf[EI_DATA] = ELFDATA2MSB);
    EXPECT_OPEN_FAILS(im.buf[EI_VERSION] = 0);
    EXPECT_OPEN_FAILS(ehdr()->e_machine = EM_386);
    EXPECT_OPEN_FAILS(ehdr()->e_type = ET_DYN);
    EXPECT_OPEN_FAILS(ehdr()->e_type = ET_REL);
    EXPECT_OPEN_FAILS(ehdr()->e_version = 2);
    EXPECT_OPEN_FAILS(ehdr()->e_phentsize = 32);
    EXPECT_OPEN_FAILS(ehdr()->e_phentsize = 64);
    EXPECT_OPEN_FAILS(ehdr()->e_shentsize = 40);
}
END_TEST

START_TEST(header_tables_outside_the_buffer_are_refused)
{
    /* Program headers starting past the end, or running over it. */
    EXPECT_OPEN_FAILS(ehdr()->e_phoff = im.size);
    EXPECT_OPEN_FAILS(ehdr()->e_phoff = im.size - 8);
    EXPECT_OPEN_FAILS(ehdr()->e_phoff = UINT64_MAX - 7);
    /* phnum * phentsize reaching past the end; off + len wrapping. */
    EXPECT_OPEN_FAILS(ehdr()->e_phnum = 0xffff);
    EXPECT_OPEN_FAILS((ehdr()->e_phnum = 0xffff, ehdr()->e_phoff = UINT64_MAX - 0x1000 + 1));
    EXPECT_OPEN_FAILS(ehdr()->e_phoff = 60); /* misaligned */
    EXPECT_OPEN_FAILS(ehdr()->e_shoff = im.size);
    EXPECT_OPEN_FAILS(ehdr()->e_shnum = 4);
    EXPECT_OPEN_FAILS(ehdr()->e_shoff = UINT64_MAX - 63);
    EXPECT_OPEN_FAILS(im.size -= 1); /* last section header cut */
}
END_TEST

START_TEST(empty_tables_need_no_valid_offsets)
{
    struct results r;

    start();
    build_image(NOTES_IN_SEGMENT);
    ehdr()->e_shnum = 0;
    ehdr()->e_shoff = UINT64_MAX;
    ehdr()->e_shentsize = 0;
    r = run_image();
    ck_assert_int_eq(r.open, 0);
    ck_assert_int_eq(r.range, 0);

    ehdr()->e_phnum = 0;
    ehdr()->e_phoff = UINT64_MAX;
    r = run_image();
    ck_assert_int_eq(r.open, 0);
    ck_assert_int_eq(r.range, -ENOEXEC); /* no PT_LOAD at all */
    ck_assert_int_eq(r.notes, 0);
    ck_assert(!r.xen.any);
}
END_TEST

/* Breaks the image after it opens; expects elf_load_range to refuse it. */
#define EXPECT_RANGE_FAILS(stmt)              \
    do {                                      \
        struct results r_;                    \
        start();                              \
        build_image(NOTES_IN_SEGMENT);        \
        stmt;                                 \
        r_ = run_image();                     \
        ck_assert_int_eq(r_.open, 0);         \
        ck_assert_int_eq(r_.range, -ENOEXEC); \
    } while (0)

START_TEST(bad_load_segments_are_refused)
{
    EXPECT_RANGE_FAILS(phdr(0)->p_filesz = LOAD_MEMSZ + 1);
    EXPECT_RANGE_FAILS(phdr(0)->p_offset = im.size);
    EXPECT_RANGE_FAILS(phdr(0)->p_offset = im.size - LOAD_FILESZ + 1);
    /* offset + filesz wraps around 2^64 to a small number. */
    EXPECT_RANGE_FAILS((phdr(0)->p_offset = UINT64_MAX - 0xff, phdr(0)->p_filesz = 0x200));
    EXPECT_RANGE_FAILS(phdr(0)->p_filesz = UINT64_MAX);
    EXPECT_RANGE_FAILS(phdr(0)->p_paddr = UINT64_MAX - 0x1000);
    EXPECT_RANGE_FAILS(phdr(0)->p_vaddr = UINT64_MAX - 0x1000);
    EXPECT_RANGE_FAILS(phdr(0)->p_type = PT_NULL); /* no PT_LOAD */
    EXPECT_RANGE_FAILS(phdr(0)->p_memsz = 0);      /* only an empty one */
}
END_TEST

START_TEST(load_range_spans_all_load_segments)
{
    struct elf64_phdr load2;
    struct results r;

    start();
    build_image(NOTES_IN_SECTION);
    load2 = *phdr(0);
    load2.p_paddr = 0x100000;
    load2.p_memsz = 0x10;
    load2.p_filesz = 0;
    /* Replace nothing: add as a second header. */
    *phdr(1) = load2;
    ehdr()->e_phnum = 2;
    r = run_image();
    ck_assert_int_eq(r.range, 0);
    ck_assert_uint_eq(r.lo, 0x100000);
    ck_assert_uint_eq(r.hi, LOAD_PADDR + LOAD_MEMSZ);

    /* A zero-size PT_LOAD is ignored, even at a silly address. */
    phdr(1)->p_memsz = 0;
    phdr(1)->p_paddr = 0;
    phdr(1)->p_offset = UINT64_MAX;
    r = run_image();
    ck_assert_int_eq(r.range, 0);
    ck_assert_uint_eq(r.lo, LOAD_PADDR);

    /*
	 * The exclusive end must be representable: a segment may end at
	 * 2^64 - 1 but not at 2^64.
	 */
    phdr(0)->p_paddr = UINT64_MAX - LOAD_MEMSZ;
    r = run_image();
    ck_assert_int_eq(r.range, 0);
    ck_assert_uint_eq(r.hi, UINT64_MAX);
    phdr(0)->p_paddr = 0 - (uint64_t)LOAD_MEMSZ;
    r = run_image();
    ck_assert_int_eq(r.range, -ENOEXEC);
}
END_TEST

/* Puts a hand-made note area in the PT_NOTE segment. */
static struct results notes_result(const void *area, size_t len, uint64_t filesz)
{
    start();
    build_image(NOTES_IN_SEGMENT);
    memcpy(im.buf + NOTES_OFF, area, len);
    phdr(1)->p_filesz = filesz;
    return run_image();
}

START_TEST(malformed_notes_are_refused)
{
    uint32_t area[16] = { 0 };
    struct results r;

    /* namesz huge. */
    area[0] = 0xfffffff0;
    area[1] = 4;
    area[2] = 1;
    r = notes_result(area, sizeof(area), sizeof(area));
    ck_assert_int_eq(r.open, 0);
    ck_assert_int_eq(r.notes, -ENOEXEC);

    /* namesz that would wrap a 32-bit round-up. */
    area[0] = 0xffffffff;
    r = notes_result(area, sizeof(area), sizeof(area));
    ck_assert_int_eq(r.notes, -ENOEXEC);

    /* descsz past the end of the segment (but inside the file). */
    area[0] = 4;
    memcpy(&area[3], "Xen", 4);
    area[1] = 8 * 4 + 1;
    r = notes_result(area, sizeof(area), 12 + 4 + 8 * 4);
    ck_assert_int_eq(r.notes, -ENOEXEC);
    area[1] = 8 * 4;
    r = notes_result(area, sizeof(area), 12 + 4 + 8 * 4);
    ck_assert_int_eq(r.notes, 0);
    ck_assert(r.xen.any);

    /* descsz huge. */
    area[1] = 0xffffffff;
    r = notes_result(area, sizeof(area), sizeof(area));
    ck_assert_int_eq(r.notes, -ENOEXEC);
}
END_TEST

START_TEST(note_areas_outside_the_file_are_refused)
{
    struct results r;

    start();
    add_linux_notes();
    build_image(NOTES_IN_SEGMENT);
    phdr(1)->p_offset = im.size - 4;
    r = run_image();
    ck_assert_int_eq(r.notes, -ENOEXEC);

    phdr(1)->p_offset = UINT64_MAX - 3;
    phdr(1)->p_filesz = 16; /* wraps to 12 */
    r = run_image();
    ck_assert_int_eq(r.notes, -ENOEXEC);

    start();
    add_linux_notes();
    build_image(NOTES_IN_SECTION);
    ((struct elf64_shdr *)(im.buf + ehdr()->e_shoff))[1].sh_size = UINT64_MAX;
    r = run_image();
    ck_assert_int_eq(r.notes, -ENOEXEC);
}
END_TEST

START_TEST(tolerated_note_tails)
{
    struct results r;

    /* Bytes too few for another header are ignored. */
    start();
    add_xen_u32(ELF_XEN_NOTE_ENTRY, 5);
    build_image(NOTES_IN_SEGMENT);
    phdr(1)->p_filesz += 11;
    r = run_image();
    ck_assert_int_eq(r.notes, 0);
    ck_assert_uint_eq(r.xen.entry.value, 5);

    /* The last descriptor's padding may be missing. */
    start();
    add_xen_str(ELF_XEN_NOTE_LOADER, "generic!"); /* 9 bytes, pad 3 */
    build_image(NOTES_IN_SEGMENT);
    phdr(1)->p_filesz -= 3;
    r = run_image();
    ck_assert_int_eq(r.notes, 0);
    ck_assert_str_eq(r.xen.loader, "generic!");
}
END_TEST

START_TEST(features_strings)
{
    uint32_t sup = 0xdead, req = 0xbeef;

    ck_assert_int_eq(elf_xen_features("!writable_page_tables|pae_pgdir_above_4gb", &sup, &req), 0);
    ck_assert_uint_eq(sup, (1u << 0) | (1u << 4));
    ck_assert_uint_eq(req, 1u << 0);

    ck_assert_int_eq(elf_xen_features("writable_page_tables|writable_descriptor_tables|"
                                      "auto_translated_physmap|supervisor_mode_kernel|"
                                      "pae_pgdir_above_4gb|hvm_callback_vector|dom0",
                                      &sup, &req),
                     0);
    ck_assert_uint_eq(sup, 0x91f);
    ck_assert_uint_eq(req, 0);

    ck_assert_int_eq(elf_xen_features("", &sup, &req), 0);
    ck_assert_uint_eq(sup, 0);
    ck_assert_int_eq(elf_xen_features(NULL, &sup, &req), 0);
    ck_assert_uint_eq(req, 0);

    /* Unknown names are ignored; empty items skipped. */
    ck_assert_int_eq(elf_xen_features("|dom0||frobnicate|", &sup, &req), 0);
    ck_assert_uint_eq(sup, 1u << 11);
    /* Prefixes and extensions of a name are not the name. */
    ck_assert_int_eq(elf_xen_features("dom|dom00", &sup, &req), 0);
    ck_assert_uint_eq(sup, 0);

    /* Unknown required names fail, and leave the outputs alone. */
    sup = req = 7;
    ck_assert_int_eq(elf_xen_features("dom0|!frobnicate", &sup, &req), -EINVAL);
    ck_assert_int_eq(elf_xen_features("!", &sup, &req), -EINVAL);
    ck_assert_int_eq(elf_xen_features("!dom", &sup, &req), -EINVAL);
    ck_assert_uint_eq(sup, 7);
    ck_assert_uint_eq(req, 7);

    ck_assert_int_eq(elf_xen_features("!dom0|!supervisor_mode_kernel", &sup, &req), 0);
    ck_assert_uint_eq(req, (1u << 11) | (1u << 3));
    ck_assert_uint_eq(sup, req);
}
END_TEST

/* Every prefix of a valid image: never a crash, and never accepted whole. */
START_TEST(truncated_images)
{
    for (int where = NOTES_IN_SEGMENT; where <= NOTES_IN_SECTION; where++) {
        start();
        add_linux_notes();
        build_image(where);
        for (size_t len = 0; len < im.size; len++) {
            struct results r = run(im.buf, len);

            ck_assert(r.open != 0 || r.range != 0 || r.notes != 0 || len >= LOAD_OFF + LOAD_FILESZ);
        }
    }
}
END_TEST

/*
 * Each byte of the headers, program headers, notes and section headers,
 * set to several values in turn.  The assertions are ASan's and UBSan's.
 */
START_TEST(single_byte_corruption_never_crashes)
{
    static const uint8_t values[] = { 0x00, 0x01, 0x03, 0x7f, 0x80, 0xfe, 0xff };
    unsigned accepted = 0, runs = 0;

    for (int where = NOTES_IN_SEGMENT; where <= NOTES_IN_SECTION; where++) {
        struct image pristine;
        size_t shoff;

        start();
        add_linux_notes();
        build_image(where);
        pristine = im;
        shoff = ehdr()->e_shoff;

        for (size_t off = 0; off < im.size; off++) {
            if (off == LOAD_OFF) /* skip the segment's payload */
                off = shoff;
            for (size_t v = 0; v <= sizeof(values); v++) {
                struct results r;

                memcpy(im.buf, pristine.buf, im.size);
                im.buf[off] = v < sizeof(values) ? values[v] : (uint8_t)(im.buf[off] ^ 0x40);
                r = run_image();
                accepted += r.open == 0 && r.notes == 0;
                runs++;
            }
        }
    }
    ck_assert_uint_gt(runs, 10000);
    ck_assert_uint_gt(accepted, 0);
}
END_TEST

/* Random multi-byte damage to the note area and the headers. */
START_TEST(random_corruption_never_crashes)
{
    struct image pristine;

    start();
    add_linux_notes();
    build_image(NOTES_IN_BOTH);
    pristine = im;
    srand(12345);
    for (int i = 0; i < 20000; i++) {
        memcpy(im.buf, pristine.buf, im.size);
        for (int k = 0; k < 4; k++) {
            size_t off = (size_t)rand() % (NOTES_OFF + pristine.notes_len);

            im.buf[off] = (uint8_t)rand();
        }
        run_image();
    }
}
END_TEST

/* An image whose only Xen information is a __xen_guest section holding text. */
static void build_legacy_image(const char *text)
{
    static const char names[] = "\0__xen_guest\0.shstrtab";
    struct elf64_shdr *sh;
    size_t shoff = LOAD_OFF + LOAD_FILESZ, strtab = shoff + 4 * sizeof(*sh);

    start();
    add_note_raw("GNU", 4, 1, "\0\0\0\0", 4);
    build_image(NOTES_IN_SEGMENT);
    ehdr()->e_phnum = 1; /* no note segment */
    ehdr()->e_shnum = 4;
    ehdr()->e_shstrndx = 3;
    memcpy(im.buf + NOTES_OFF, text, strlen(text)); /* no NUL: the section's end stops it */
    sh = (struct elf64_shdr *)(im.buf + shoff);
    sh[1] = (struct elf64_shdr){
        .sh_name = 1, .sh_type = SHT_PROGBITS, .sh_offset = NOTES_OFF, .sh_size = strlen(text)
    };
    sh[3] = (struct elf64_shdr){
        .sh_name = 13, .sh_type = SHT_STRTAB, .sh_offset = strtab, .sh_size = sizeof(names)
    };
    memcpy(im.buf + strtab, names, sizeof(names));
    im.size = strtab + sizeof(names);
}

START_TEST(legacy_xen_guest_section)
{
    struct results r;

    build_legacy_image("GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xffffffff80000000,"
                       "ELF_PADDR_OFFSET=0,VIRT_ENTRY=0xffffffff80201000,HYPERCALL_PAGE=0x2,"
                       "LOADER=generic,PAE=yes[extended-cr3],FEATURES=writable_page_tables");
    r = run_image();
    ck_assert_int_eq(r.notes, 0);
    ck_assert(r.xen.any && r.xen.legacy);
    ck_assert_str_eq(r.xen.guest_os, "linux");
    ck_assert_str_eq(r.xen.xen_version, "xen-3.0");
    ck_assert_str_eq(r.xen.loader, "generic");
    ck_assert_uint_eq(r.xen.virt_base.value, 0xffffffff80000000ull);
    ck_assert(r.xen.paddr_offset.present);
    ck_assert_uint_eq(r.xen.paddr_offset.value, 0);
    ck_assert_uint_eq(r.xen.entry.value, 0xffffffff80201000ull);
    /* A page number relative to VIRT_BASE. */
    ck_assert_uint_eq(r.xen.hypercall_page.value, 0xffffffff80002000ull);
    ck_assert_int_eq(r.xen.pae, ELF_XEN_PAE_EXTCR3);
    ck_assert_str_eq(r.xen.features, "writable_page_tables");
}
END_TEST

START_TEST(legacy_items_are_cut_like_libelf)
{
    char text[400];
    struct results r;

    /* Octal and decimal numbers; PAE=yes alone is YES, not EXTCR3. */
    build_legacy_image("VIRT_BASE=010,VIRT_ENTRY=17,PAE=yes");
    r = run_image();
    ck_assert_uint_eq(r.xen.virt_base.value, 8);
    ck_assert_uint_eq(r.xen.entry.value, 17);
    ck_assert_int_eq(r.xen.pae, ELF_XEN_PAE_YES);
    /* A value longer than 127 bytes: the rest starts a new (unknown) item. */
    memset(text, 0, sizeof(text));
    strcpy(text, "GUEST_OS=");
    memset(text + 9, 'l', 200);
    strcat(text, ",XEN_VER=xen-3.0");
    build_legacy_image(text);
    r = run_image();
    ck_assert_uint_eq(strlen(r.xen.guest_os), ELF_XEN_STR_MAX - 1);
    ck_assert_str_eq(r.xen.xen_version, "xen-3.0");
}
END_TEST

START_TEST(notes_win_over_legacy_section)
{
    struct results r;

    start();
    add_xen_str(ELF_XEN_NOTE_GUEST_OS, "linux");
    build_image(NOTES_IN_SEGMENT);
    r = run_image();
    ck_assert(!r.xen.legacy);
    ck_assert_str_eq(r.xen.guest_os, "linux");
}
END_TEST

START_TEST(small_numeric_notes_and_pae_modes)
{
    static const uint8_t one = 7;
    static const uint16_t two = 0x1234;
    struct results r;

    start();
    add_note_raw("Xen", 4, ELF_XEN_NOTE_MOD_START_PFN, &one, 1);
    add_note_raw("Xen", 4, ELF_XEN_NOTE_SUSPEND_CANCEL, &two, 2);
    add_xen_str(ELF_XEN_NOTE_PAE_MODE, "bimodal");
    build_image(NOTES_IN_SEGMENT);
    r = run_image();
    ck_assert_uint_eq(r.xen.mod_start_pfn.value, 7);
    ck_assert_uint_eq(r.xen.suspend_cancel.value, 0x1234);
    ck_assert_int_eq(r.xen.pae, ELF_XEN_PAE_BIMODAL);
    start();
    add_xen_str(ELF_XEN_NOTE_PAE_MODE, "no");
    build_image(NOTES_IN_SEGMENT);
    ck_assert_int_eq(run_image().xen.pae, ELF_XEN_PAE_NONE);
}
END_TEST

START_TEST(note_segment_at_offset_zero_is_skipped)
{
    struct results r;

    start();
    add_xen_str(ELF_XEN_NOTE_GUEST_OS, "linux");
    build_image(NOTES_IN_BOTH);
    phdr(1)->p_offset = 0; /* what some linkers leave: libelf skips it */
    r = run_image();
    ck_assert_int_eq(r.notes, 0);
    ck_assert_str_eq(r.xen.guest_os, "linux"); /* found in the SHT_NOTE section instead */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("elf");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, valid_image_opens);
    tcase_add_test(tc, header_tables_are_exposed);
    tcase_add_test(tc, xen_notes_are_collected);
    tcase_add_test(tc, odd_notes_are_handled);
    tcase_add_test(tc, legacy_xen_guest_section);
    tcase_add_test(tc, legacy_items_are_cut_like_libelf);
    tcase_add_test(tc, notes_win_over_legacy_section);
    tcase_add_test(tc, small_numeric_notes_and_pae_modes);
    tcase_add_test(tc, note_segment_at_offset_zero_is_skipped);
    tcase_add_test(tc, image_without_xen_notes);
    tcase_add_test(tc, notes_only_in_sections);
    tcase_add_test(tc, segment_notes_take_precedence_over_sections);
    tcase_add_test(tc, misaligned_buffer_is_refused);
    tcase_add_test(tc, bad_headers_are_refused);
    tcase_add_test(tc, header_tables_outside_the_buffer_are_refused);
    tcase_add_test(tc, empty_tables_need_no_valid_offsets);
    tcase_add_test(tc, bad_load_segments_are_refused);
    tcase_add_test(tc, load_range_spans_all_load_segments);
    tcase_add_test(tc, malformed_notes_are_refused);
    tcase_add_test(tc, note_areas_outside_the_file_are_refused);
    tcase_add_test(tc, tolerated_note_tails);
    tcase_add_test(tc, features_strings);
    tcase_add_test(tc, truncated_images);
    tcase_add_test(tc, single_byte_corruption_never_crashes);
    tcase_add_test(tc, random_corruption_never_crashes);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
