/*
 * init-p2m: a dom0 kernel with an INIT_P2M note (notes.asm) gets its P2M
 * list mapped at the address it asked for, outside the initial mapping,
 * as Xen 4.17 builds it: the list's frames and the page tables mapping it
 * are extra frames, numbered from first_p2m_pfn (the first PFN after the
 * initial allocation, a power-of-two number of pages) for nr_p2m_frames.
 * Expected values assume a list smaller than 2 MiB (no superpages).
 */
#include "guest/mm.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "guest/traps.h"
#include "guest/window.h"

#define P2M_VA       0x0000008000000000UL
#define MAX_P2M_PFNS 1024 /* enough for a 2 MiB list and its tables */

static const struct start_info *si;

static uint64_t list_pages(void)
{
    return (si->nr_pages * 8 + PAGE_SIZE - 1) / PAGE_SIZE;
}

static uint64_t initial_mapping_end(void)
{
    return mapped_end(GUEST_VIRT_BASE, 1UL << 30);
}

/* Number of 2^shift-byte blocks the list touches. */
static uint64_t blocks(unsigned shift)
{
    return ((P2M_VA + list_pages() * PAGE_SIZE - 1) >> shift) - (P2M_VA >> shift) + 1;
}

static void mfn_list_is_init_p2m(void)
{
    info("mfn_list %#lx first_p2m_pfn %#lx nr_p2m_frames %#lx nr_pages %#lx", si->mfn_list,
         si->first_p2m_pfn, si->nr_p2m_frames, si->nr_pages);
    CHECK_EQ(si->mfn_list, P2M_VA);
}

/* The initial mapping holds no list: start_info follows the kernel. */
static void start_info_follows_the_kernel(void)
{
    CHECK_EQ((uint64_t)si, (uint64_t)_end);
    CHECK_EQ(si->pt_base, (uint64_t)si + PAGE_SIZE);
    CHECK(initial_mapping_end() < P2M_VA || GUEST_VIRT_BASE > P2M_VA + list_pages() * PAGE_SIZE,
          "the list lies in the initial mapping");
}

/* Xen allocates the initial mapping as one power-of-two block; the list comes after it. */
static void first_p2m_pfn_follows_the_initial_block(void)
{
    uint64_t pages = (initial_mapping_end() - GUEST_VIRT_BASE) / PAGE_SIZE, block = 1;

    while (block < pages)
        block <<= 1;
    CHECK_EQ(si->first_p2m_pfn, block);
}

/* The list's pages, and one L3, L2 and L1 per 512 GiB, 1 GiB and 2 MiB it touches. */
static void nr_p2m_frames_is_list_and_tables(void)
{
    CHECK(list_pages() * PAGE_SIZE < (2UL << 20), "a list of %lu pages: run with less memory",
          list_pages());
    CHECK_EQ(si->nr_p2m_frames, list_pages() + blocks(39) + blocks(30) + blocks(21));
}

static bool seen[MAX_P2M_PFNS];

/* One of the P2M frames: its PFN is in range, not seen before, and the P2M maps it back. */
static bool p2m_frame(uint64_t mfn, const char *what)
{
    uint64_t pfn = M2P[mfn];

    if (pfn < si->first_p2m_pfn || pfn - si->first_p2m_pfn >= si->nr_p2m_frames) {
        test_fail("%s (mfn %#lx) has pfn %#lx, outside the P2M frames", what, mfn, pfn);
        return false;
    }
    if (seen[pfn - si->first_p2m_pfn] || pt_pfn_to_mfn(pfn) != mfn) {
        test_fail("%s (mfn %#lx, pfn %#lx) is used twice or not in the list", what, mfn, pfn);
        return false;
    }
    seen[pfn - si->first_p2m_pfn] = true;
    return true;
}

/* The next table down from entry e of a table, mapped read-only at va; 0 if e is absent. */
static const volatile uint64_t *map_table(uint64_t va, uint64_t e, const char *what)
{
    long rc;

    if (!(e & PTE_PRESENT) || (e & PTE_PSE)) {
        test_fail("the %s entry for the list is %#lx", what, e);
        return NULL;
    }
    if (!p2m_frame(pte_mfn(e), what))
        return NULL;
    rc = pt_map(va, pte_mfn(e), PTE_PRESENT | PTE_ACCESSED);
    if (rc) {
        test_fail("mapping the %s table returned %ld (%s)", what, rc, errno_name(rc));
        return NULL;
    }
    return (const volatile uint64_t *)va;
}

/*
 * Walks the tables mapping the list: every table below the L4 and every
 * list page is one of the P2M frames, each once, and they are all of them.
 */
static void list_and_tables_are_the_p2m_frames(void)
{
    const uint64_t *l4 = (const uint64_t *)si->pt_base;
    uint64_t l3_va = window_page(), l2_va = window_page(), l1_va = window_page();
    const volatile uint64_t *l3, *l2 = NULL, *l1 = NULL;

    CHECK(si->nr_p2m_frames <= MAX_P2M_PFNS, "nr_p2m_frames %#lx", si->nr_p2m_frames);
    CHECK(l3_va && l2_va && l1_va, "no window pages");
    CHECK(blocks(39) == 1, "the list crosses an L4 slot");
    l3 = map_table(l3_va, l4[pt_index(P2M_VA, 4)], "L4");
    CHECK(l3, "no L3");
    for (uint64_t i = 0; i < list_pages(); i++) {
        uint64_t va = P2M_VA + i * PAGE_SIZE, pte;

        if (i == 0 || pt_index(va, 3) != pt_index(va - PAGE_SIZE, 3))
            CHECK((l2 = map_table(l2_va, l3[pt_index(va, 3)], "L3")), "no L2");
        if (i == 0 || pt_index(va, 2) != pt_index(va - PAGE_SIZE, 2))
            CHECK((l1 = map_table(l1_va, l2[pt_index(va, 2)], "L2")), "no L1");
        pte = l1[pt_index(va, 1)];
        CHECK((pte & (PTE_PRESENT | PTE_RW)) == (PTE_PRESENT | PTE_RW),
              "list page %lu: L1 entry %#lx is not present and writable", i, pte);
        if (!p2m_frame(pte_mfn(pte), "a list page"))
            return;
        if (i == 0)
            info("list page 0 at pfn %#lx", M2P[pte_mfn(pte)]);
    }
    for (uint64_t n = 0; n < si->nr_p2m_frames; n++)
        CHECK(seen[n], "pfn %#lx is counted as a P2M frame but holds none", si->first_p2m_pfn + n);
}

static void p2m_and_m2p_agree(void)
{
    const volatile uint64_t *p2m = (const volatile uint64_t *)si->mfn_list;

    for (uint64_t pfn = 0; pfn < si->nr_pages; pfn++)
        CHECK(M2P[p2m[pfn]] == pfn, "m2p[p2m[%#lx] = %#lx] is %#lx", pfn, p2m[pfn], M2P[p2m[pfn]]);
}

static const struct test_case cases[] = {
    { "mfn_list_is_init_p2m", mfn_list_is_init_p2m },
    { "start_info_follows_the_kernel", start_info_follows_the_kernel },
    { "first_p2m_pfn_follows_the_initial_block", first_p2m_pfn_follows_the_initial_block },
    { "nr_p2m_frames_is_list_and_tables", nr_p2m_frames_is_list_and_tables },
    { "list_and_tables_are_the_p2m_frames", list_and_tables_are_the_p2m_frames },
    { "p2m_and_m2p_agree", p2m_and_m2p_agree },
};

int guest_main(const struct start_info *start)
{
    si = start;
    test_main("init-p2m", cases, ARRAY_SIZE(cases));
}
