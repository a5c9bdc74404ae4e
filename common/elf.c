/*
 * ELF64 reading, safe against any input.
 *
 * Invariant: after elf_open() succeeds, the ELF header and both header
 * tables lie wholly inside [data, data + size) and are 8-byte aligned, so
 * elf_phdr()/elf_shdr() can hand out pointers into the buffer.  Nothing
 * else in the image is trusted: each segment, section or note is checked
 * with in_bounds() before a byte of it is read, and note contents (which
 * need only be 4-byte aligned, or not at all in a hostile image) are read
 * with memcpy.
 */
#include "common/bytes.h"
#include "common/elf.h"
#include "common/errno.h"
#include "common/string.h"

/* Is [off, off + len) inside a buffer of size bytes?  Cannot overflow. */
static bool in_bounds(size_t size, uint64_t off, uint64_t len)
{
    return off <= size && len <= size - off;
}

static bool ident_ok(const struct elf64_ehdr *eh)
{
    const uint8_t *id = eh->e_ident;

    return id[EI_MAG0] == ELFMAG0 && id[EI_MAG1] == ELFMAG1 && id[EI_MAG2] == ELFMAG2 &&
           id[EI_MAG3] == ELFMAG3 && id[EI_CLASS] == ELFCLASS64 && id[EI_DATA] == ELFDATA2LSB &&
           id[EI_VERSION] == EV_CURRENT;
}

/* Is a table of num entries of entsize bytes at off usable? */
static bool table_ok(size_t size, uint64_t off, unsigned num, unsigned entsize, size_t want_entsize)
{
    if (num == 0)
        return true;
    return entsize == want_entsize && off % 8 == 0 && in_bounds(size, off, (uint64_t)num * entsize);
}

int elf_open(struct elf_image *img, const void *data, size_t size)
{
    const struct elf64_ehdr *eh = data;

    if ((uintptr_t)data % 8 != 0)
        return -EINVAL;
    if (size < sizeof(*eh) || !ident_ok(eh))
        return -ENOEXEC;
    if (eh->e_type != ET_EXEC || eh->e_machine != EM_X86_64 || eh->e_version != EV_CURRENT)
        return -ENOEXEC;
    if (!table_ok(size, eh->e_phoff, eh->e_phnum, eh->e_phentsize, sizeof(struct elf64_phdr)) ||
        !table_ok(size, eh->e_shoff, eh->e_shnum, eh->e_shentsize, sizeof(struct elf64_shdr)))
        return -ENOEXEC;

    img->data = data;
    img->size = size;
    img->ehdr = eh;
    return 0;
}

unsigned elf_phdr_count(const struct elf_image *img)
{
    return img->ehdr->e_phnum;
}

const struct elf64_phdr *elf_phdr(const struct elf_image *img, unsigned i)
{
    if (i >= img->ehdr->e_phnum)
        return NULL;
    return (const struct elf64_phdr *)(img->data + img->ehdr->e_phoff) + i;
}

unsigned elf_shdr_count(const struct elf_image *img)
{
    return img->ehdr->e_shnum;
}

const struct elf64_shdr *elf_shdr(const struct elf_image *img, unsigned i)
{
    if (i >= img->ehdr->e_shnum)
        return NULL;
    return (const struct elf64_shdr *)(img->data + img->ehdr->e_shoff) + i;
}

const void *elf_segment_data(const struct elf_image *img, const struct elf64_phdr *ph)
{
    if (!in_bounds(img->size, ph->p_offset, ph->p_filesz))
        return NULL;
    return img->data + ph->p_offset;
}

int elf_load_range(const struct elf_image *img, uint64_t *paddr_start, uint64_t *paddr_end)
{
    uint64_t lo = UINT64_MAX, hi = 0;
    bool found = false;
    unsigned i;

    for (i = 0; i < elf_phdr_count(img); i++) {
        const struct elf64_phdr *ph = elf_phdr(img, i);

        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        if (ph->p_filesz > ph->p_memsz || !in_bounds(img->size, ph->p_offset, ph->p_filesz) ||
            ph->p_memsz > UINT64_MAX - ph->p_paddr || ph->p_memsz > UINT64_MAX - ph->p_vaddr)
            return -ENOEXEC;
        if (ph->p_paddr < lo)
            lo = ph->p_paddr;
        if (ph->p_paddr + ph->p_memsz > hi)
            hi = ph->p_paddr + ph->p_memsz;
        found = true;
    }
    if (!found)
        return -ENOEXEC;
    *paddr_start = lo;
    *paddr_end = hi;
    return 0;
}

/* Copies a string descriptor, which need not be NUL-terminated. */
static void copy_note_string(char *dst, size_t dst_size, const uint8_t *desc, uint32_t descsz)
{
    size_t n = 0;

    while (n < descsz && n < dst_size - 1 && desc[n] != '\0') {
        dst[n] = (char)desc[n];
        n++;
    }
    dst[n] = '\0';
}

static struct elf_xen_num *numeric_note(struct elf_xen_notes *out, uint32_t type)
{
    switch (type) {
    case ELF_XEN_NOTE_ENTRY:
        return &out->entry;
    case ELF_XEN_NOTE_HYPERCALL_PAGE:
        return &out->hypercall_page;
    case ELF_XEN_NOTE_VIRT_BASE:
        return &out->virt_base;
    case ELF_XEN_NOTE_PADDR_OFFSET:
        return &out->paddr_offset;
    case ELF_XEN_NOTE_HV_START_LOW:
        return &out->hv_start_low;
    case ELF_XEN_NOTE_SUSPEND_CANCEL:
        return &out->suspend_cancel;
    case ELF_XEN_NOTE_INIT_P2M:
        return &out->init_p2m;
    case ELF_XEN_NOTE_MOD_START_PFN:
        return &out->mod_start_pfn;
    case ELF_XEN_NOTE_SUPPORTED_FEATURES:
        return &out->supported_features;
    default:
        return NULL;
    }
}

static char *string_note(struct elf_xen_notes *out, uint32_t type, size_t *size)
{
    *size = ELF_XEN_STR_MAX;
    switch (type) {
    case ELF_XEN_NOTE_XEN_VERSION:
        return out->xen_version;
    case ELF_XEN_NOTE_GUEST_OS:
        return out->guest_os;
    case ELF_XEN_NOTE_GUEST_VERSION:
        return out->guest_version;
    case ELF_XEN_NOTE_LOADER:
        return out->loader;
    case ELF_XEN_NOTE_PAE_MODE:
        return out->pae_mode;
    case ELF_XEN_NOTE_BSD_SYMTAB:
        return out->bsd_symtab;
    case ELF_XEN_NOTE_FEATURES:
        *size = sizeof(out->features);
        return out->features;
    default:
        return NULL;
    }
}

/* A numeric descriptor as libelf reads it: 1, 2, 4 or 8 bytes, else 0. */
static uint64_t note_number(const uint8_t *desc, uint32_t descsz)
{
    uint64_t v = 0;

    if (descsz == 1 || descsz == 2 || descsz == 4 || descsz == 8)
        memcpy(&v, desc, descsz); /* little-endian host and image */
    return v;
}

static enum elf_xen_pae pae_from_note(const char *mode)
{
    if (strstr(mode, "bimodal"))
        return ELF_XEN_PAE_BIMODAL;
    return strcmp(mode, "yes") == 0 ? ELF_XEN_PAE_EXTCR3 : ELF_XEN_PAE_NONE;
}

/* Records one Xen note; desc[descsz] is known to be inside the image. */
static void record_xen_note(struct elf_xen_notes *out, uint32_t type, const uint8_t *desc,
                            uint32_t descsz)
{
    struct elf_xen_num *num = numeric_note(out, type);
    size_t size;
    char *str;

    out->any = true;
    if (num) {
        num->value = note_number(desc, descsz);
        num->present = true;
        return;
    }
    str = string_note(out, type, &size);
    if (str)
        copy_note_string(str, size, desc, descsz);
    if (type == ELF_XEN_NOTE_PAE_MODE)
        out->pae = pae_from_note(out->pae_mode);
}

static uint64_t round_up4(uint64_t v)
{
    return (v + 3) & ~(uint64_t)3;
}

/*
 * Walks the notes in [off, off + len) of the image.  Trailing bytes too
 * short for a note header, and a missing pad after the last descriptor,
 * are tolerated; anything else that leaves the area is -ENOEXEC.
 */
static int scan_note_area(const struct elf_image *img, uint64_t off, uint64_t len,
                          struct elf_xen_notes *out)
{
    uint64_t pos = 0;

    if (!in_bounds(img->size, off, len))
        return -ENOEXEC;

    while (len - pos >= sizeof(struct elf64_nhdr)) {
        const uint8_t *note = img->data + off + pos;
        uint32_t namesz = read_u32(note);
        uint32_t descsz = read_u32(note + 4);
        uint32_t type = read_u32(note + 8);
        uint64_t left = len - pos - sizeof(struct elf64_nhdr);
        uint64_t name_span = round_up4(namesz);
        const uint8_t *name = note + sizeof(struct elf64_nhdr);

        if (name_span > left || descsz > left - name_span)
            return -ENOEXEC;
        if (namesz == 4 && memcmp(name, "Xen", 4) == 0)
            record_xen_note(out, type, name + name_span, descsz);

        /* pos stays <= len: at worst it lands just past the desc. */
        pos += sizeof(struct elf64_nhdr) + name_span;
        pos += round_up4(descsz) <= len - pos ? round_up4(descsz) : descsz;
    }
    return 0;
}

/*
 * The legacy "__xen_guest" section: "NAME=VALUE,NAME=VALUE,...", read up to
 * a NUL or the section's end.  As libelf does, a name is cut at 31 bytes
 * and a value at 127 (the rest of an overlong item starts the next one),
 * numbers are C literals (0x.., 0.., decimal), and HYPERCALL_PAGE is a page
 * number relative to the VIRT_BASE given before it.
 */
#define LEGACY_NAME_MAX  31
#define LEGACY_VALUE_MAX 127

/* The section named name, or NULL. */
static const struct elf64_shdr *section_by_name(const struct elf_image *img, const char *name)
{
    const struct elf64_shdr *strtab = elf_shdr(img, img->ehdr->e_shstrndx);
    size_t len = strlen(name) + 1;

    if (!strtab || !in_bounds(img->size, strtab->sh_offset, strtab->sh_size))
        return NULL;
    for (unsigned i = 0; i < elf_shdr_count(img); i++) {
        const struct elf64_shdr *sh = elf_shdr(img, i);

        if (in_bounds(strtab->sh_size, sh->sh_name, len) &&
            memcmp(img->data + strtab->sh_offset + sh->sh_name, name, len) == 0)
            return sh;
    }
    return NULL;
}

/* A C integer literal, as strtoull(s, NULL, 0) reads it (stops at the first bad digit). */
static uint64_t legacy_number(const char *s)
{
    unsigned base = 10;
    uint64_t v = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (s[0] == '0') {
        base = 8;
    }
    for (;; s++) {
        unsigned d = *s >= '0' && *s <= '9'   ? (unsigned)(*s - '0')
                     : *s >= 'a' && *s <= 'f' ? (unsigned)(*s - 'a' + 10)
                     : *s >= 'A' && *s <= 'F' ? (unsigned)(*s - 'A' + 10)
                                              : 16;
        if (d >= base)
            return v;
        v = v * base + d;
    }
}

static void legacy_set_num(struct elf_xen_num *num, uint64_t value)
{
    num->value = value;
    num->present = true;
}

static void legacy_item(struct elf_xen_notes *out, const char *name, const char *value)
{
    static const struct {
        const char *name;
        size_t offset;
    } strings[] = {
        { "LOADER", offsetof(struct elf_xen_notes, loader) },
        { "GUEST_OS", offsetof(struct elf_xen_notes, guest_os) },
        { "GUEST_VER", offsetof(struct elf_xen_notes, guest_version) },
        { "XEN_VER", offsetof(struct elf_xen_notes, xen_version) },
    };
    uint64_t base = out->virt_base.present ? out->virt_base.value : UINT64_MAX;

    for (unsigned i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
        if (strcmp(name, strings[i].name) == 0)
            str_copy((char *)out + strings[i].offset, value, ELF_XEN_STR_MAX);
    if (strcmp(name, "PAE") == 0 && strncmp(value, "yes", 3) == 0)
        out->pae = strcmp(value, "yes[extended-cr3]") ? ELF_XEN_PAE_YES : ELF_XEN_PAE_EXTCR3;
    if (strcmp(name, "BSD_SYMTAB") == 0)
        str_copy(out->bsd_symtab, "yes", sizeof(out->bsd_symtab));
    if (strcmp(name, "FEATURES") == 0)
        str_copy(out->features, value, sizeof(out->features));
    if (strcmp(name, "VIRT_BASE") == 0)
        legacy_set_num(&out->virt_base, legacy_number(value));
    if (strcmp(name, "VIRT_ENTRY") == 0)
        legacy_set_num(&out->entry, legacy_number(value));
    if (strcmp(name, "ELF_PADDR_OFFSET") == 0)
        legacy_set_num(&out->paddr_offset, legacy_number(value));
    if (strcmp(name, "HYPERCALL_PAGE") == 0)
        legacy_set_num(&out->hypercall_page, (legacy_number(value) << 12) + base);
}

/* Copies one field of s[0..end) up to a stop byte or max bytes; returns where it stopped. */
static size_t legacy_field(const char *s, size_t at, size_t end, char *dst, size_t max,
                           const char *stops)
{
    size_t len = 0;

    while (at < end && s[at] && len < max && !strchr(stops, s[at]))
        dst[len++] = s[at++];
    dst[len] = '\0';
    return at;
}

static void legacy_guest_info(const struct elf_image *img, struct elf_xen_notes *out)
{
    const struct elf64_shdr *sh = section_by_name(img, "__xen_guest");
    char name[LEGACY_NAME_MAX + 1], value[LEGACY_VALUE_MAX + 1];
    const char *s;
    size_t at = 0, end;

    if (!sh || !in_bounds(img->size, sh->sh_offset, sh->sh_size))
        return;
    s = (const char *)img->data + sh->sh_offset;
    end = sh->sh_size;
    out->any = out->legacy = true;
    while (at < end && s[at]) {
        at = legacy_field(s, at, end, name, LEGACY_NAME_MAX, ",=");
        value[0] = '\0';
        if (at < end && s[at] == '=')
            at = legacy_field(s, at + 1, end, value, LEGACY_VALUE_MAX, ",");
        if (at < end && s[at] == ',')
            at++;
        legacy_item(out, name, value);
    }
}

int elf_xen_notes(const struct elf_image *img, struct elf_xen_notes *out)
{
    unsigned i;
    int rc;

    memset(out, 0, sizeof(*out));

    for (i = 0; i < elf_phdr_count(img); i++) {
        const struct elf64_phdr *ph = elf_phdr(img, i);

        if (ph->p_type != PT_NOTE || ph->p_offset == 0)
            continue;
        rc = scan_note_area(img, ph->p_offset, ph->p_filesz, out);
        if (rc < 0)
            return rc;
    }
    if (out->any)
        return 0;

    for (i = 0; i < elf_shdr_count(img); i++) {
        const struct elf64_shdr *sh = elf_shdr(img, i);

        if (sh->sh_type != SHT_NOTE)
            continue;
        rc = scan_note_area(img, sh->sh_offset, sh->sh_size, out);
        if (rc < 0)
            return rc;
    }
    if (!out->any)
        legacy_guest_info(img, out);
    return 0;
}

static const struct {
    const char *name;
    unsigned bit;
} xen_feature_names[] = {
    { "writable_page_tables", ELF_XENFEAT_WRITABLE_PAGE_TABLES },
    { "writable_descriptor_tables", ELF_XENFEAT_WRITABLE_DESCRIPTOR_TABLES },
    { "auto_translated_physmap", ELF_XENFEAT_AUTO_TRANSLATED_PHYSMAP },
    { "supervisor_mode_kernel", ELF_XENFEAT_SUPERVISOR_MODE_KERNEL },
    { "pae_pgdir_above_4gb", ELF_XENFEAT_PAE_PGDIR_ABOVE_4GB },
    { "hvm_callback_vector", ELF_XENFEAT_HVM_CALLBACK_VECTOR },
    { "dom0", ELF_XENFEAT_DOM0 },
};

/* The bit of the feature named s[len], or -1 if there is none. */
static int xen_feature_bit(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < sizeof(xen_feature_names) / sizeof(xen_feature_names[0]); i++) {
        const char *name = xen_feature_names[i].name;

        if (strncmp(name, s, len) == 0 && name[len] == '\0')
            return (int)xen_feature_names[i].bit;
    }
    return -1;
}

int elf_xen_features(const char *features, uint32_t *supported, uint32_t *required)
{
    uint32_t sup = 0, req = 0;
    const char *p = features ? features : "";

    while (*p) {
        bool must = *p == '!';
        const char *name = must ? p + 1 : p;
        size_t len = 0;
        int bit;

        while (name[len] && name[len] != '|')
            len++;
        p = name[len] ? name + len + 1 : name + len;
        if (len == 0 && !must)
            continue;

        bit = xen_feature_bit(name, len);
        if (bit < 0) {
            if (must)
                return -EINVAL;
            continue;
        }
        sup |= 1u << bit;
        if (must)
            req |= 1u << bit;
    }
    *supported = sup;
    *required = req;
    return 0;
}
