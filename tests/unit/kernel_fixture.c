/* The test kernel (see kernel_fixture.h). */
#include <check.h>
#include <string.h>

#include "common/elf.h"
#include "public/elfnote.h"
#include "tests/unit/kernel_fixture.h"

#define NOTES_OFF 0x200

uint8_t kfix_segment[KFIX_SEG_FILESZ];

/* Appends a Xen note at *at (name and descriptor padded to 4 bytes). */
static void note(uint8_t **at, uint32_t type, const void *desc, uint32_t descsz)
{
    struct elf64_nhdr nh = { 4, descsz, type };

    memcpy(*at, &nh, sizeof(nh));
    memcpy(*at + sizeof(nh), "Xen", 4);
    memcpy(*at + sizeof(nh) + 4, desc, descsz);
    *at += sizeof(nh) + 4 + ((descsz + 3) & ~3u);
}

static void note_str(uint8_t **at, uint32_t type, const char *s)
{
    note(at, type, s, strlen(s) + 1);
}

static void note_u64(uint8_t **at, uint32_t type, uint64_t v)
{
    note(at, type, &v, sizeof(v));
}

static void write_notes(uint8_t *image, const struct kfix_opts *o, struct elf64_phdr *ph)
{
    uint8_t *notes = image + NOTES_OFF;

    note_str(&notes, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(&notes, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_str(&notes, XEN_ELFNOTE_LOADER, "generic");
    note_u64(&notes, XEN_ELFNOTE_VIRT_BASE, KFIX_VIRT_BASE);
    note_u64(&notes, XEN_ELFNOTE_ENTRY, KFIX_ENTRY);
    note_u64(&notes, XEN_ELFNOTE_HYPERCALL_PAGE, KFIX_HCALL_PAGE);
    if (o->pae)
        note_str(&notes, XEN_ELFNOTE_PAE_MODE, o->pae);
    if (o->mod_start_pfn)
        note_u64(&notes, XEN_ELFNOTE_MOD_START_PFN, 1);
    if (o->init_p2m)
        note_u64(&notes, XEN_ELFNOTE_INIT_P2M, o->init_p2m);
    ck_assert_uint_le(notes - image, KFIX_SEG_OFFSET);
    *ph = (struct elf64_phdr){
        .p_type = PT_NOTE,
        .p_flags = PF_R,
        .p_offset = NOTES_OFF,
        .p_filesz = notes - (image + NOTES_OFF),
        .p_align = 4,
    };
}

void kfix_make(void *at, const struct kfix_opts *o)
{
    uint8_t *image = at;
    struct elf64_ehdr *eh = at;
    struct elf64_phdr *ph = (void *)(image + sizeof(*eh));

    memset(image, 0, KFIX_IMAGE_BYTES);
    memcpy(eh->e_ident, "\177ELF", 4);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = KFIX_ENTRY;
    eh->e_phoff = sizeof(*eh);
    eh->e_ehsize = sizeof(*eh);
    eh->e_phentsize = sizeof(*ph);
    eh->e_phnum = o->no_notes ? 1 : 2;

    for (size_t i = 0; i < KFIX_SEG_FILESZ; i++)
        kfix_segment[i] = (uint8_t)(i * 7 + 3);
    memcpy(image + KFIX_SEG_OFFSET, kfix_segment, KFIX_SEG_FILESZ);
    ph[0] = (struct elf64_phdr){
        .p_type = PT_LOAD,
        .p_flags = PF_R | PF_W | PF_X,
        .p_offset = KFIX_SEG_OFFSET,
        .p_vaddr = KFIX_VIRT_BASE + KFIX_SEG_PADDR,
        .p_paddr = KFIX_SEG_PADDR,
        .p_filesz = KFIX_SEG_FILESZ,
        .p_memsz = KFIX_SEG_MEMSZ,
        .p_align = 4096,
    };
    if (!o->no_notes)
        write_notes(image, o, &ph[1]);
}
