/*
 * memory_op (hypercall 12): the reservation ops and their "count of
 * extents done, never an errno" answer, exchange, and the read-only
 * queries a PV dom0 makes.
 */
#include "mmu.h"

static uint64_t *p2m_of(void)
{
    return (uint64_t *)start_info->mfn_list;
}

static long reservation(unsigned op, uint64_t *extents, uint64_t nr, unsigned order, domid_t domid)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)extents,
        .nr_extents = nr,
        .extent_order = order,
        .domid = domid,
    };

    return hypercall_memory_op(op, &r);
}

static long current_reservation(void)
{
    domid_t self = DOMID_SELF;

    return hypercall_memory_op(XENMEM_current_reservation, &self);
}

static long max_page(void)
{
    return hypercall_memory_op(XENMEM_maximum_ram_page, NULL);
}

/* Gives back a free frame; its pfn (now a hole in our P2M) or 0. */
static uint64_t give_back_one(void)
{
    uint64_t pfn = pt_free_pfn(), mfn;
    long rc;

    if (!pfn) {
        test_fail("no free frame left");
        return 0;
    }
    mfn = pt_pfn_to_mfn(pfn);
    rc = reservation(XENMEM_decrease_reservation, &mfn, 1, 0, DOMID_SELF);
    if (rc != 1) {
        test_fail("decrease_reservation of one frame gave %ld", rc);
        return 0;
    }
    p2m_of()[pfn] = ~0UL;
    return pfn;
}

static void current_reservation_is_nr_pages(void)
{
    CHECK_RC(current_reservation(), start_info->nr_pages);
}

static void maximum_reservation_at_least_current(void)
{
    domid_t self = DOMID_SELF;
    long max = hypercall_memory_op(XENMEM_maximum_reservation, &self);

    info("maximum_reservation %ld pages, current %ld", max, current_reservation());
    CHECK(max >= current_reservation(), "maximum_reservation %ld is below current %ld", max,
          current_reservation());
}

static void maximum_ram_page_above_our_frames(void)
{
    long top = max_page();

    info("maximum_ram_page %#lx", top);
    CHECK(top > 0, "maximum_ram_page gave %ld", top);
    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
        CHECK(p2m_of()[pfn] < (uint64_t)top, "pfn %#lx has mfn %#lx", pfn, p2m_of()[pfn]);
}

static long maximum_gpfn(void)
{
    domid_t self = DOMID_SELF;

    return hypercall_memory_op(XENMEM_maximum_gpfn, &self);
}

/*
 * For a PV guest the answer is shared_info.arch.max_pfn - 1, a field the
 * guest itself writes for the toolstack; nothing has written it yet, and
 * 0 counts as 1.
 */
static void maximum_gpfn_0_before_max_pfn_set(void)
{
    CHECK_RC(maximum_gpfn(), 0);
}

static void maximum_gpfn_follows_shared_info_max_pfn(void)
{
    uint64_t va = window_page();
    volatile struct shared_info *shared = (volatile struct shared_info *)va;

    if (!va)
        return;
    CHECK_RC(pt_map(va, start_info->shared_info >> 12, PTE_DATA_RW), 0);
    shared->arch.max_pfn = start_info->nr_pages;
    CHECK_RC(maximum_gpfn(), start_info->nr_pages - 1);
    shared->arch.max_pfn = 0x1000;
    CHECK_RC(maximum_gpfn(), 0xfff);
    shared->arch.max_pfn = start_info->nr_pages;
}

/* public/arch-x86_64.h: the M2P range; dom0 without memory hotplug: max_mfn = max_page - 1. */
static void machphys_mapping_values(void)
{
    struct xen_machphys_mapping m = { 0 };

    CHECK_RC(hypercall_memory_op(XENMEM_machphys_mapping, &m), 0);
    info("machphys_mapping max_mfn %#lx", m.max_mfn);
    CHECK_EQ(m.v_start, MACH2PHYS_VIRT_START);
    CHECK_EQ(m.v_end, MACH2PHYS_VIRT_END);
    CHECK_EQ(m.max_mfn, max_page() - 1);
}

static void machine_memory_map_lists_our_ram(void)
{
    static struct xen_e820_entry map[128];
    struct xen_memory_map arg = { .nr_entries = ARRAY_SIZE(map), .buffer = (uint64_t)map };
    uint64_t mfn = pt_pfn_to_mfn(0);
    bool ours = false;

    CHECK_RC(hypercall_memory_op(XENMEM_machine_memory_map, &arg), 0);
    CHECK(arg.nr_entries > 0 && arg.nr_entries <= ARRAY_SIZE(map), "%u entries", arg.nr_entries);
    for (unsigned i = 0; i < arg.nr_entries; i++) {
        info("e820 %#lx-%#lx type %u", map[i].addr, map[i].addr + map[i].size, map[i].type);
        if (i)
            CHECK(map[i].addr >= map[i - 1].addr + map[i - 1].size, "entry %u overlaps", i);
        if (map[i].type == XEN_E820_RAM && map[i].addr <= mfn << 12 &&
            mfn << 12 < map[i].addr + map[i].size)
            ours = true;
    }
    CHECK(ours, "no RAM entry holds our first frame");
}

/* A PV dom0 has no pseudo-physical map of its own: nobody set one. */
static void memory_map_of_pv_dom0_enosys(void)
{
    static struct xen_e820_entry map[16];
    struct xen_memory_map arg = { .nr_entries = ARRAY_SIZE(map), .buffer = (uint64_t)map };

    CHECK_RC(hypercall_memory_op(XENMEM_memory_map, &arg), -XEN_ENOSYS);
}

static void machphys_mfn_list_first_chunk(void)
{
    static uint64_t mfns[4];
    struct xen_machphys_mfn_list arg = { .max_extents = ARRAY_SIZE(mfns),
                                         .extent_start = (uint64_t)mfns };

    CHECK_RC(hypercall_memory_op(XENMEM_machphys_mfn_list, &arg), 0);
    info("machphys_mfn_list: %u extents, first %#lx", arg.nr_extents, mfns[0]);
    CHECK(arg.nr_extents >= 1, "no extents");
}

static void decrease_reservation_returns_count(void)
{
    long before = current_reservation();
    uint64_t pfn[2] = { pt_free_pfn(), pt_free_pfn() };
    uint64_t mfn[2];

    CHECK(pfn[0] && pfn[1], "no free frame left");
    mfn[0] = pt_pfn_to_mfn(pfn[0]);
    mfn[1] = pt_pfn_to_mfn(pfn[1]);
    CHECK_RC(reservation(XENMEM_decrease_reservation, mfn, 2, 0, DOMID_SELF), 2);
    p2m_of()[pfn[0]] = p2m_of()[pfn[1]] = ~0UL;
    CHECK_RC(current_reservation(), before - 2);
}

/* PV: the new MFNs are returned; the guest sets their M2P entries itself. */
static void increase_reservation_returns_mfns(void)
{
    long before = current_reservation();
    uint64_t mfn[2] = { 0, 0 };

    CHECK_RC(reservation(XENMEM_increase_reservation, mfn, 2, 0, DOMID_SELF), 2);
    CHECK_RC(current_reservation(), before + 2);
    info("increase_reservation gave mfns %#lx %#lx", mfn[0], mfn[1]);
    CHECK(mfn[0] != mfn[1], "the same frame twice");
    for (int i = 0; i < 2; i++) {
        CHECK(mfn[i] < (uint64_t)max_page(), "mfn %#lx is beyond RAM", mfn[i]);
        CHECK_RC(pt_mmu_update(mfn[i] << 12 | MMU_MACHPHYS_UPDATE, 0x7000 + i), 0);
        CHECK_EQ(M2P[mfn[i]], 0x7000 + i);
    }
}

static void populate_physmap_sets_m2p(void)
{
    uint64_t pfn = give_back_one(), slot = 0;
    uint64_t va = window_page();

    if (!pfn || !va)
        return;
    slot = pfn;
    CHECK_RC(reservation(XENMEM_populate_physmap, &slot, 1, 0, DOMID_SELF), 1);
    info("populate_physmap: pfn %#lx now mfn %#lx", pfn, slot);
    CHECK_EQ(M2P[slot], pfn);
    p2m_of()[pfn] = slot;
    CHECK_RC(pt_map(va, slot, PTE_DATA_RW), 0);
    fill_page((volatile uint64_t *)va, 40);
    CHECK(page_has((volatile uint64_t *)va, 40), "the new frame does not read back");
}

/* A frame that is not ours in the middle: the count stops there. */
static void decrease_stops_at_foreign_extent(void)
{
    uint64_t pfn[2] = { pt_free_pfn(), pt_free_pfn() };
    uint64_t mfn[3];

    CHECK(pfn[0] && pfn[1], "no free frame left");
    mfn[0] = pt_pfn_to_mfn(pfn[0]);
    mfn[1] = pt_foreign_frame(max_page());
    mfn[2] = pt_pfn_to_mfn(pfn[1]);
    CHECK(mfn[1], "no frame that is not ours");
    CHECK_RC(reservation(XENMEM_decrease_reservation, mfn, 3, 0, DOMID_SELF), 1);
    p2m_of()[pfn[0]] = ~0UL;
    CHECK_EQ(M2P[mfn[2]], pfn[1]); /* the third is still ours */
}

static void reservation_order_too_big_gives_0(void)
{
    uint64_t mfn[1] = { 0 };

    CHECK_RC(reservation(XENMEM_increase_reservation, mfn, 1, 31, DOMID_SELF), 0);
    CHECK_RC(reservation(XENMEM_populate_physmap, mfn, 1, 31, DOMID_SELF), 0);
    CHECK_RC(reservation(XENMEM_decrease_reservation, mfn, 1, 31, DOMID_SELF), 0);
}

static void reservation_unknown_domain_gives_0(void)
{
    uint64_t mfn[1] = { 0 };

    CHECK_RC(reservation(XENMEM_increase_reservation, mfn, 1, 0, DOMID_INVALID), 0);
    CHECK_RC(reservation(XENMEM_increase_reservation, mfn, 1, 0, 77), 0);
}

static void reservation_zero_extents_gives_0(void)
{
    CHECK_RC(reservation(XENMEM_increase_reservation, NULL, 0, 0, DOMID_SELF), 0);
    CHECK_RC(reservation(XENMEM_decrease_reservation, NULL, 0, 0, DOMID_SELF), 0);
    CHECK_RC(reservation(XENMEM_populate_physmap, NULL, 0, 0, DOMID_SELF), 0);
}

static void exchange_one_frame(void)
{
    uint64_t in_pfn = pt_free_pfn(), out_pfn = pt_free_pfn(), in_mfn, out = 0;
    struct xen_memory_exchange x;

    CHECK(in_pfn && out_pfn, "no free frame left");
    in_mfn = pt_pfn_to_mfn(in_pfn);
    out = out_pfn;
    x = (struct xen_memory_exchange){
        .in = { .extent_start = (uint64_t)&in_mfn, .nr_extents = 1, .domid = DOMID_SELF },
        .out = { .extent_start = (uint64_t)&out, .nr_extents = 1, .domid = DOMID_SELF },
    };
    CHECK_RC(hypercall_memory_op(XENMEM_exchange, &x), 0);
    CHECK_EQ(x.nr_exchanged, 1);
    info("exchange: mfn %#lx for mfn %#lx", in_mfn, out);
    CHECK(out != in_mfn && out != out_pfn, "out extent not rewritten (%#lx)", out);
    CHECK_EQ(M2P[out], out_pfn);
    p2m_of()[in_pfn] = ~0UL;
    p2m_of()[out_pfn] = out;
}

const struct test_case memory_cases[] = {
    { "current_reservation_is_nr_pages", current_reservation_is_nr_pages },
    { "maximum_reservation_at_least_current", maximum_reservation_at_least_current },
    { "maximum_ram_page_above_our_frames", maximum_ram_page_above_our_frames },
    { "maximum_gpfn_0_before_max_pfn_set", maximum_gpfn_0_before_max_pfn_set },
    { "maximum_gpfn_follows_shared_info_max_pfn", maximum_gpfn_follows_shared_info_max_pfn },
    { "machphys_mapping_values", machphys_mapping_values },
    { "machine_memory_map_lists_our_ram", machine_memory_map_lists_our_ram },
    { "memory_map_of_pv_dom0_enosys", memory_map_of_pv_dom0_enosys },
    { "machphys_mfn_list_first_chunk", machphys_mfn_list_first_chunk },
    { "decrease_reservation_returns_count", decrease_reservation_returns_count },
    { "increase_reservation_returns_mfns", increase_reservation_returns_mfns },
    { "populate_physmap_sets_m2p", populate_physmap_sets_m2p },
    { "decrease_stops_at_foreign_extent", decrease_stops_at_foreign_extent },
    { "reservation_order_too_big_gives_0", reservation_order_too_big_gives_0 },
    { "reservation_unknown_domain_gives_0", reservation_unknown_domain_gives_0 },
    { "reservation_zero_extents_gives_0", reservation_zero_extents_gives_0 },
    { "exchange_one_frame", exchange_one_frame },
};
const unsigned memory_count = ARRAY_SIZE(memory_cases);
