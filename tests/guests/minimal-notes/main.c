/*
 * minimal-notes: a dom0 kernel with only the LOADER and XEN_VERSION notes,
 * linked at 1 MiB (notes.asm, guest.lds).  Without VIRT_BASE the builder
 * maps PFN 0 at virtual 0, so every address here is its own PFN * 4096;
 * without ENTRY it starts at the ELF entry (entry.asm); without
 * HYPERCALL_PAGE it writes no hypercall page.  guest/mm.h's helpers assume
 * guest.lds's VIRT_BASE and are not used.
 */
#include "common/string.h"
#include "guest/mm.h"
#include "guest/test.h"
#include "guest/traps.h"

#define LOAD_BASE 0x100000UL

extern const uint8_t minimal_notes_entered, minimal_notes_page_was_blank;

static const struct start_info *si;

static uint64_t p2m(uint64_t pfn)
{
    return ((const uint64_t *)si->mfn_list)[pfn];
}

/* The bootstrap tables' L1 entry for va, 0 if a level above is absent. */
static uint64_t l1_entry(uint64_t va)
{
    const uint64_t *table = (const uint64_t *)si->pt_base;

    for (int level = 4; level > 1; level--) {
        uint64_t e = table[pt_index(va, level)];
        if (!(e & PTE_PRESENT))
            return 0;
        table = (const uint64_t *)(M2P[pte_mfn(e)] << 12); /* virtual = PFN * 4096 */
    }
    return table[pt_index(va, 1)];
}

static void entered_at_elf_entry(void)
{
    CHECK(minimal_notes_entered, "the image was not entered at its ELF entry point");
}

static void hypercall_page_left_unwritten(void)
{
    CHECK(minimal_notes_page_was_blank, "the builder wrote a hypercall page no note asked for");
}

static void magic_is_plain_x86_64(void)
{
    CHECK(strncmp(si->magic, "xen-3.0-x86_64", sizeof(si->magic)) == 0, "magic is \"%.32s\"",
          si->magic);
}

static void image_at_pfn_of_its_address(void)
{
    uint64_t pfn = LOAD_BASE >> 12, pte = l1_entry(LOAD_BASE);

    CHECK_EQ((uint64_t)_image_start, LOAD_BASE);
    CHECK(pte & PTE_PRESENT, "no L1 entry for %#lx", LOAD_BASE);
    CHECK_EQ(pte_mfn(pte), p2m(pfn));
    CHECK_EQ(M2P[pte_mfn(pte)], pfn);
}

/* Virtual 0 is PFN 0: the initial mapping starts at VIRT_BASE, which defaults to 0. */
static void initial_mapping_starts_at_zero(void)
{
    uint64_t value, pte = l1_entry(0);

    CHECK(probe_read((const void *)0, &value), "virtual address 0 is not mapped");
    CHECK(pte & PTE_PRESENT, "no L1 entry for address 0");
    CHECK_EQ(pte_mfn(pte), p2m(0));
}

/* Kernel, P2M, start_info, tables, stack: packed from the image's end as usual. */
static void layout_follows_the_image(void)
{
    uint64_t p2m_end = (si->mfn_list + si->nr_pages * 8 + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

    info("start_info %#lx mfn_list %#lx pt_base %#lx nr_pages %#lx", (uint64_t)si, si->mfn_list,
         si->pt_base, si->nr_pages);
    CHECK_EQ(si->mfn_list, (uint64_t)_end);
    CHECK_EQ((uint64_t)si, p2m_end);
    CHECK_EQ(si->pt_base, (uint64_t)si + PAGE_SIZE);
    CHECK_EQ(entry_regs.rsp, si->pt_base + (si->nr_pt_frames + 1) * PAGE_SIZE);
}

static void p2m_and_m2p_agree(void)
{
    for (uint64_t pfn = 0; pfn < si->nr_pages; pfn++)
        CHECK(M2P[p2m(pfn)] == pfn, "m2p[p2m[%#lx] = %#lx] is %#lx", pfn, p2m(pfn), M2P[p2m(pfn)]);
}

static const struct test_case cases[] = {
    { "entered_at_elf_entry", entered_at_elf_entry },
    { "hypercall_page_left_unwritten", hypercall_page_left_unwritten },
    { "magic_is_plain_x86_64", magic_is_plain_x86_64 },
    { "image_at_pfn_of_its_address", image_at_pfn_of_its_address },
    { "initial_mapping_starts_at_zero", initial_mapping_starts_at_zero },
    { "layout_follows_the_image", layout_follows_the_image },
    { "p2m_and_m2p_agree", p2m_and_m2p_agree },
};

int guest_main(const struct start_info *start)
{
    si = start;
    test_main("minimal-notes", cases, ARRAY_SIZE(cases));
}
