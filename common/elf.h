/*
 * ELF64 images: the on-disk structures (from the System V gABI and its
 * x86-64 supplement), a bounds-checked reader, and the Xen ELF notes that
 * tell a PV domain builder how to load a kernel (public/elfnote.h).
 *
 * The reader trusts nothing in the image.  elf_open() checks the header
 * and that both header tables lie inside the buffer; every later offset
 * and size is checked again, with overflow-safe arithmetic, before use.
 */
#ifndef COMMON_ELF_H
#define COMMON_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* e_ident[] */
#define EI_MAG0     0
#define EI_MAG1     1
#define EI_MAG2     2
#define EI_MAG3     3
#define EI_CLASS    4
#define EI_DATA     5
#define EI_VERSION  6
#define EI_OSABI    7
#define EI_NIDENT   16
#define ELFMAG0     0x7f
#define ELFMAG1     'E'
#define ELFMAG2     'L'
#define ELFMAG3     'F'
#define ELFCLASS32  1
#define ELFCLASS64  2
#define ELFDATA2LSB 1 /* little-endian */
#define ELFDATA2MSB 2
#define EV_CURRENT  1

/* e_type */
#define ET_NONE 0
#define ET_REL  1
#define ET_EXEC 2
#define ET_DYN  3
#define ET_CORE 4

/* e_machine */
#define EM_386    3
#define EM_X86_64 62

/* p_type */
#define PT_NULL      0
#define PT_LOAD      1
#define PT_DYNAMIC   2
#define PT_INTERP    3
#define PT_NOTE      4
#define PT_SHLIB     5
#define PT_PHDR      6
#define PT_TLS       7
#define PT_GNU_STACK 0x6474e551

/* p_flags */
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

/* sh_type */
#define SHT_NULL     0
#define SHT_PROGBITS 1
#define SHT_SYMTAB   2
#define SHT_STRTAB   3
#define SHT_RELA     4
#define SHT_HASH     5
#define SHT_DYNAMIC  6
#define SHT_NOTE     7
#define SHT_NOBITS   8

struct elf64_ehdr {
    uint8_t e_ident[EI_NIDENT]; /* magic, class, data, version, ABI */
    uint16_t e_type;            /* ET_* */
    uint16_t e_machine;         /* EM_* */
    uint32_t e_version;         /* EV_CURRENT */
    uint64_t e_entry;           /* entry point (virtual) */
    uint64_t e_phoff;           /* file offset of the program headers */
    uint64_t e_shoff;           /* file offset of the section headers */
    uint32_t e_flags;           /* machine flags (none on x86-64) */
    uint16_t e_ehsize;          /* size of this header */
    uint16_t e_phentsize;       /* size of one program header */
    uint16_t e_phnum;           /* number of program headers */
    uint16_t e_shentsize;       /* size of one section header */
    uint16_t e_shnum;           /* number of section headers */
    uint16_t e_shstrndx;        /* index of the section-name table */
};

struct elf64_phdr {
    uint32_t p_type;   /* PT_* */
    uint32_t p_flags;  /* PF_* */
    uint64_t p_offset; /* file offset of the segment's bytes */
    uint64_t p_vaddr;  /* virtual address */
    uint64_t p_paddr;  /* physical (load) address */
    uint64_t p_filesz; /* bytes present in the file */
    uint64_t p_memsz;  /* bytes in memory; the rest are zero */
    uint64_t p_align;  /* alignment */
};

struct elf64_shdr {
    uint32_t sh_name;      /* offset of the name in shstrtab */
    uint32_t sh_type;      /* SHT_* */
    uint64_t sh_flags;     /* SHF_* */
    uint64_t sh_addr;      /* address when loaded */
    uint64_t sh_offset;    /* file offset of the contents */
    uint64_t sh_size;      /* size of the contents */
    uint32_t sh_link;      /* type-specific link to a section */
    uint32_t sh_info;      /* type-specific information */
    uint64_t sh_addralign; /* alignment */
    uint64_t sh_entsize;   /* entry size, for tables */
};

/* A note: this header, then the name and the descriptor, each padded to 4. */
struct elf64_nhdr {
    uint32_t n_namesz; /* name length including its NUL */
    uint32_t n_descsz; /* descriptor length */
    uint32_t n_type;   /* meaning depends on the name */
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "program header is 56 bytes");
_Static_assert(sizeof(struct elf64_shdr) == 64, "section header is 64 bytes");
_Static_assert(sizeof(struct elf64_nhdr) == 12, "note header is 12 bytes");

/* An image checked by elf_open(); data must stay valid while in use. */
struct elf_image {
    const uint8_t *data;
    size_t size;
    const struct elf64_ehdr *ehdr;
};

/*
 * Accepts only what a 64-bit PV kernel can be: ELF64, little-endian,
 * version 1, ET_EXEC, EM_X86_64, with 56-byte program headers and 64-byte
 * section headers (when there are any), both tables 8-byte aligned and
 * inside the buffer.  Returns 0 or -ENOEXEC; -EINVAL if data itself is
 * not 8-byte aligned (the tables are handed out as pointers into it).
 */
int elf_open(struct elf_image *img, const void *data, size_t size);

unsigned elf_phdr_count(const struct elf_image *img);
/* The i-th program header, or NULL if i is out of range. */
const struct elf64_phdr *elf_phdr(const struct elf_image *img, unsigned i);
unsigned elf_shdr_count(const struct elf_image *img);
/* The i-th section header, or NULL if i is out of range. */
const struct elf64_shdr *elf_shdr(const struct elf_image *img, unsigned i);

/*
 * The p_filesz bytes of a segment inside the image, or NULL if they do not
 * lie wholly inside it.
 */
const void *elf_segment_data(const struct elf_image *img, const struct elf64_phdr *ph);

/*
 * The physical range the PT_LOAD segments occupy: the lowest p_paddr and
 * the highest p_paddr + p_memsz (exclusive) over those with p_memsz > 0.
 * Also checks, for each of them, p_filesz <= p_memsz, that the file bytes
 * are inside the image, and that neither p_paddr + p_memsz nor
 * p_vaddr + p_memsz wraps.  Returns 0, or -ENOEXEC if a check fails or
 * there is no such segment.
 */
int elf_load_range(const struct elf_image *img, uint64_t *paddr_start, uint64_t *paddr_end);

/* Xen note types (name "Xen"). */
enum elf_xen_note_type {
    ELF_XEN_NOTE_INFO = 0,
    ELF_XEN_NOTE_ENTRY = 1,
    ELF_XEN_NOTE_HYPERCALL_PAGE = 2,
    ELF_XEN_NOTE_VIRT_BASE = 3,
    ELF_XEN_NOTE_PADDR_OFFSET = 4,
    ELF_XEN_NOTE_XEN_VERSION = 5,
    ELF_XEN_NOTE_GUEST_OS = 6,
    ELF_XEN_NOTE_GUEST_VERSION = 7,
    ELF_XEN_NOTE_LOADER = 8,
    ELF_XEN_NOTE_PAE_MODE = 9,
    ELF_XEN_NOTE_FEATURES = 10,
    ELF_XEN_NOTE_BSD_SYMTAB = 11,
    ELF_XEN_NOTE_HV_START_LOW = 12,
    ELF_XEN_NOTE_L1_MFN_VALID = 13,
    ELF_XEN_NOTE_SUSPEND_CANCEL = 14,
    ELF_XEN_NOTE_INIT_P2M = 15,
    ELF_XEN_NOTE_MOD_START_PFN = 16,
    ELF_XEN_NOTE_SUPPORTED_FEATURES = 17,
    ELF_XEN_NOTE_PHYS32_ENTRY = 18,
};

/* XENFEAT_* bit numbers that may be named in the FEATURES note. */
#define ELF_XENFEAT_WRITABLE_PAGE_TABLES       0
#define ELF_XENFEAT_WRITABLE_DESCRIPTOR_TABLES 1
#define ELF_XENFEAT_AUTO_TRANSLATED_PHYSMAP    2
#define ELF_XENFEAT_SUPERVISOR_MODE_KERNEL     3
#define ELF_XENFEAT_PAE_PGDIR_ABOVE_4GB        4
#define ELF_XENFEAT_HVM_CALLBACK_VECTOR        8
#define ELF_XENFEAT_DOM0                       11

#define ELF_XEN_STR_MAX      64  /* buffer for each string note */
#define ELF_XEN_FEATURES_MAX 256 /* buffer for the FEATURES note */

/* What PAE_MODE (or the legacy PAE item) says; anything but NONE adds the "p" to start_info's magic. */
enum elf_xen_pae {
    ELF_XEN_PAE_NONE,
    ELF_XEN_PAE_YES,     /* legacy "yes..." */
    ELF_XEN_PAE_EXTCR3,  /* "yes" (note) or "yes[extended-cr3]" (legacy) */
    ELF_XEN_PAE_BIMODAL, /* a PAE_MODE note containing "bimodal" */
};

/* A numeric note: value is meaningful only when present is set. */
struct elf_xen_num {
    uint64_t value;
    bool present;
};

/*
 * The Xen notes of an image.  Strings are NUL-terminated, truncated to
 * their buffer, and empty when the note is absent.  When a note appears
 * more than once, the last one wins.
 */
struct elf_xen_notes {
    struct elf_xen_num entry;              /* ENTRY: virtual entry point */
    struct elf_xen_num hypercall_page;     /* HYPERCALL_PAGE: its vaddr */
    struct elf_xen_num virt_base;          /* VIRT_BASE */
    struct elf_xen_num paddr_offset;       /* PADDR_OFFSET */
    struct elf_xen_num init_p2m;           /* INIT_P2M: vaddr of the p2m */
    struct elf_xen_num mod_start_pfn;      /* MOD_START_PFN */
    struct elf_xen_num supported_features; /* SUPPORTED_FEATURES bitmap */
    struct elf_xen_num suspend_cancel;     /* SUSPEND_CANCEL */
    struct elf_xen_num hv_start_low;       /* HV_START_LOW */
    char xen_version[ELF_XEN_STR_MAX];     /* XEN_VERSION, "xen-3.0" */
    char guest_os[ELF_XEN_STR_MAX];        /* GUEST_OS, e.g. "linux" */
    char guest_version[ELF_XEN_STR_MAX];   /* GUEST_VERSION */
    char loader[ELF_XEN_STR_MAX];          /* LOADER, "generic" */
    char pae_mode[ELF_XEN_STR_MAX];        /* PAE_MODE, e.g. "yes" */
    enum elf_xen_pae pae;                  /* from PAE_MODE or the legacy PAE item */
    char features[ELF_XEN_FEATURES_MAX];   /* FEATURES, '|'-separated */
    char bsd_symtab[ELF_XEN_STR_MAX];      /* BSD_SYMTAB, "yes" */
    bool any;                              /* at least one Xen note seen */
    bool legacy;                           /* read from the __xen_guest section */
};

/*
 * Collects the Xen notes as Xen's libelf does: from the PT_NOTE segments
 * (skipping any with p_offset 0, which some linkers leave behind), or, only
 * if those hold no Xen note, from the SHT_NOTE sections, or, only if those
 * hold none either, from the legacy "__xen_guest" section (a string of
 * comma-separated NAME=VALUE items; out->legacy is then set).  Names and
 * descriptors are padded to 4 bytes whatever the segment's alignment,
 * again as Xen reads them.  A numeric note reads a 1, 2, 4 or 8-byte
 * descriptor; any other size gives the value 0.  INFO, L1_MFN_VALID,
 * PHYS32_ENTRY and unknown types are ignored.  Returns 0 (out->any tells
 * whether anything was found) or -ENOEXEC if a note area lies outside the
 * image or a note runs past the end of its area.
 */
int elf_xen_notes(const struct elf_image *img, struct elf_xen_notes *out);

/*
 * Parses a FEATURES string ("name|!name|...") into XENFEAT bitmaps: every
 * known name sets its bit in *supported, and a '!'-prefixed one also in
 * *required.  Unknown names are ignored unless '!'-prefixed, which makes
 * the whole string invalid.  Empty items are skipped; NULL is the empty
 * string.  Returns 0, or -EINVAL (outputs untouched).
 */
int elf_xen_features(const char *features, uint32_t *supported, uint32_t *required);

#endif /* COMMON_ELF_H */
