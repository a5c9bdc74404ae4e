/*
 * Attacks with frames: mapping frames we do not own (the hypervisor's,
 * free memory, frames beyond RAM), M2P updates and page operations on
 * them, and giving back frames that are still in use.
 */
#include "hostile.h"

static long current_reservation(void)
{
    domid_t self = DOMID_SELF;

    return hypercall_memory_op(XENMEM_current_reservation, &self);
}

static long give_back(uint64_t mfn)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)&mfn,
        .nr_extents = 1,
        .domid = DOMID_SELF,
    };

    return hypercall_memory_op(XENMEM_decrease_reservation, &r);
}

/* The first 2 MiB chunk of the M2P: the hypervisor's memory. */
static uint64_t m2p_frame(void)
{
    static uint64_t mfns[1];
    struct xen_machphys_mfn_list arg = { .max_extents = 1, .extent_start = (uint64_t)mfns };

    if (hypercall_memory_op(XENMEM_machphys_mfn_list, &arg) != 0 || arg.nr_extents < 1) {
        test_fail("XENMEM_machphys_mfn_list failed");
        return 0;
    }
    return mfns[0];
}

/* Maps mfn at a fresh window page with flags; expects `expected` and no change. */
static void map_refused(uint64_t mfn, uint64_t flags, unsigned foreigndom, long expected)
{
    uint64_t va = window_page();

    if (!va)
        return;
    CHECK_RC(mmu_update_fd(window_slot(va), mfn << 12 | flags, foreigndom), expected);
    CHECK_EQ(pt_entry(va, 1), 0);
}

/* A RAM frame owned by nobody (free memory): no reference can be taken. */
static void map_free_ram_frame_read_only(void)
{
    uint64_t mfn = foreign_frame();

    if (mfn)
        map_refused(mfn, PTE_PRESENT, DOMID_SELF, -XEN_EBUSY);
}

static void map_free_ram_frame_writable(void)
{
    uint64_t mfn = foreign_frame();

    if (mfn)
        map_refused(mfn, PTE_DATA_RW, DOMID_SELF, -XEN_EBUSY);
}

/* The hypervisor's own frames (the M2P): owned by DOMID_XEN, not by us. */
static void map_m2p_frame_writable(void)
{
    uint64_t mfn = m2p_frame();

    if (mfn)
        map_refused(mfn, PTE_DATA_RW, DOMID_SELF, -XEN_EBUSY);
}

static void map_m2p_frame_read_only(void)
{
    uint64_t mfn = m2p_frame();

    if (mfn)
        map_refused(mfn, PTE_PRESENT, DOMID_SELF, -XEN_EBUSY);
}

/* Maps mfn read-only, then read-write, at a fresh window page; both must give expected. */
static void map_both_ways(uint64_t mfn, long expected)
{
    uint64_t va = window_page();

    if (!va)
        return;
    CHECK_RC(pt_mmu_update(window_slot(va), mfn << 12 | PTE_PRESENT | PTE_ACCESSED), expected);
    CHECK_RC(pt_unmap(va), 0);
    CHECK_RC(pt_mmu_update(window_slot(va), mfn << 12 | PTE_DATA_RW), expected);
    CHECK_RC(pt_unmap(va), 0);
}

/* The local APIC belongs to the hypervisor, even for dom0. */
static void map_local_apic(void)
{
    map_both_ways(0xfee00, -XEN_EPERM);
}

/*
 * Not attacks for dom0, which has the I/O rights Linux relies on: the
 * first MiB (I/O memory to Xen, RAM or not) and the hole above RAM map.
 */
static void map_mfn_0_allowed_for_dom0(void)
{
    map_both_ways(0, 0);
}

static void map_hole_above_ram_allowed_for_dom0(void)
{
    map_both_ways((uint64_t)max_ram_page() + 0x100, 0);
}

/* The last frame below 2^48: not RAM, and outside any I/O range dom0 may map. */
static void map_frame_beyond_physical_limit(void)
{
    map_refused(0xFFFFFFFFFUL, PTE_PRESENT, DOMID_SELF, -XEN_EPERM);
}

/*
 * shared_info is the hypervisor's page, lent to us.  Giving it back
 * "works" (one extent done): we lose our claim on it, the hypervisor keeps
 * using it, and we can no longer map it.
 */
static void give_back_shared_info(void)
{
    uint64_t mfn = start_info->shared_info >> 12, va = window_page();
    long before = current_reservation();

    if (!va)
        return;
    CHECK_RC(give_back(mfn), 1);
    CHECK_RC(current_reservation(), before);
    CHECK_RC(pt_mmu_update(window_slot(va), mfn << 12 | PTE_DATA_RW), -XEN_EBUSY);
}

static void machphys_update_of_foreign_frame(void)
{
    uint64_t mfn = foreign_frame();

    if (mfn)
        CHECK_RC(pt_mmu_update(mfn << 12 | MMU_MACHPHYS_UPDATE, 1), -XEN_EINVAL);
}

static void machphys_update_of_m2p_frame(void)
{
    uint64_t mfn = m2p_frame();

    if (mfn)
        CHECK_RC(pt_mmu_update(mfn << 12 | MMU_MACHPHYS_UPDATE, 1), -XEN_EINVAL);
}

/* A "page-table write" into a frame that is not ours. */
static void pt_update_into_foreign_frame(void)
{
    uint64_t mfn = foreign_frame();

    if (mfn)
        CHECK_RC(pt_mmu_update(mfn << 12, 0), -XEN_EINVAL);
}

static void pt_update_into_m2p_frame(void)
{
    uint64_t mfn = m2p_frame();

    if (mfn)
        CHECK_RC(pt_mmu_update(mfn << 12, 0), -XEN_EINVAL);
}

static void clear_page_of_foreign_frame(void)
{
    uint64_t mfn = foreign_frame();

    if (mfn)
        CHECK_RC(pt_mmuext(MMUEXT_CLEAR_PAGE, mfn, 0), -XEN_EINVAL);
}

static void clear_page_of_page_table(void)
{
    uint64_t l1 = boot_table_mfn(1), first = *(const uint64_t *)mfn_to_virt(l1);

    CHECK_RC(pt_mmuext(MMUEXT_CLEAR_PAGE, l1, 0), -XEN_EINVAL);
    CHECK_EQ(*(const uint64_t *)mfn_to_virt(l1), first);
}

static void copy_page_from_m2p_frame(void)
{
    uint64_t src = m2p_frame(), dst;

    if (src && new_mapped_frame(&dst))
        CHECK_RC(pt_mmuext(MMUEXT_COPY_PAGE, dst, src), -XEN_EINVAL);
}

static void copy_page_onto_page_table(void)
{
    uint64_t src, l1 = boot_table_mfn(1);

    if (new_mapped_frame(&src))
        CHECK_RC(pt_mmuext(MMUEXT_COPY_PAGE, l1, src), -XEN_EINVAL);
}

/*
 * Giving back a pinned L1 that nothing else uses: one extent done, but
 * the frame stays (pinned, and mapped by our read-only view of the spare
 * page) until both are dropped; then it is gone.
 */
static void give_back_pinned_l1(void)
{
    uint64_t *l1, mfn = read_only_spare(&l1);
    long before = current_reservation();

    if (!mfn)
        return;
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), 0);
    CHECK_RC(give_back(mfn), 1);
    CHECK_RC(current_reservation(), before);
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
    CHECK_RC(current_reservation(), before);
    CHECK_RC(hypercall_update_va_mapping((uint64_t)l1, 0, UVMF_INVLPG), 0);
    CHECK_RC(current_reservation(), before - 1);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), -XEN_EINVAL);
}

/*
 * Giving back an L1 that is in use (installed in an L2): it keeps mapping
 * until the last reference (the L2 entry, our read-only view) goes, and
 * is then gone for good.
 */
static void give_back_l1_in_use(void)
{
    const uint64_t va = GUEST_VIRT_BASE + 0xA000000UL; /* L2 slot 80 */
    uint64_t data, l1, l2_slot = pt_entry_maddr(va, 2);
    long before = current_reservation();
    void *l1_va;

    CHECK(l2_slot, "no L2 above %#lx", va);
    CHECK_RC(pt_new_l1(va), 0);
    l1 = pte_mfn(pt_entry(va, 2));
    l1_va = mfn_to_virt(l1);
    data = new_frame();
    CHECK(data, "no free frame left");
    CHECK_RC(pt_map(va, data, PTE_DATA_RW), 0);
    CHECK_RC(give_back(l1), 1);
    *(volatile uint64_t *)va = 5; /* still mapped through it */
    CHECK_EQ(*(volatile uint64_t *)va, 5);
    CHECK_RC(pt_mmu_update(l2_slot, 0), 0);
    CHECK_RC(hypercall_update_va_mapping((uint64_t)l1_va, 0, UVMF_TLB_FLUSH), 0);
    CHECK_RC(current_reservation(), before - 1);
    CHECK_RC(pt_mmu_update(l2_slot, l1 << 12 | PTE_TABLE), -XEN_EINVAL);
    CHECK_EQ(pt_entry_at(l2_slot), 0);
}

/* A data frame given back while mapped: usable until unmapped, then gone. */
static void give_back_mapped_frame(void)
{
    uint64_t mfn, va;
    volatile uint64_t *page = new_mapped_frame(&mfn);
    long before = current_reservation();

    if (!page)
        return;
    va = (uint64_t)page;
    CHECK_RC(give_back(mfn), 1);
    page[0] = 9;
    CHECK_EQ(page[0], 9);
    CHECK_RC(current_reservation(), before);
    CHECK_RC(pt_unmap(va), 0);
    CHECK_RC(current_reservation(), before - 1);
    CHECK_RC(pt_mmu_update(window_slot(va), mfn << 12 | PTE_DATA_RW), -XEN_EBUSY);
}

/* A frame given back is no longer ours: the second time counts nothing. */
static void give_back_frame_twice(void)
{
    uint64_t mfn = new_frame();

    if (!mfn)
        return;
    CHECK_RC(give_back(mfn), 1);
    CHECK_RC(give_back(mfn), 0);
}

/*
 * Giving back the L4 in CR3 (a copy of ours): done, but the frame lives
 * on as our L4 until CR3 moves away (and its read-only view goes).
 */
static void give_back_current_l4(void)
{
    uint64_t old = pt_read_cr3() >> 12;
    uint64_t *copy = pt_spare_page(), mfn;
    long before = current_reservation();

    CHECK(copy, "no spare page left");
    memcpy(copy, mfn_to_virt(old), PAGE_SIZE);
    CHECK_RC(pt_set_readonly(copy), 0);
    mfn = virt_to_mfn(copy);
    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, mfn, 0), 0);
    CHECK_RC(give_back(mfn), 1);
    CHECK_EQ(pt_read_cr3() >> 12, mfn);
    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, old, 0), 0);
    CHECK_EQ(pt_read_cr3() >> 12, old);
    CHECK_RC(current_reservation(), before);
    CHECK_RC(hypercall_update_va_mapping((uint64_t)copy, 0, UVMF_INVLPG), 0);
    CHECK_RC(current_reservation(), before - 1);
    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, mfn, 0), -XEN_EINVAL);
    CHECK_EQ(pt_read_cr3() >> 12, old);
}

const struct test_case frame_cases[] = {
    { "map_free_ram_frame_read_only", map_free_ram_frame_read_only },
    { "map_free_ram_frame_writable", map_free_ram_frame_writable },
    { "map_m2p_frame_writable", map_m2p_frame_writable },
    { "map_m2p_frame_read_only", map_m2p_frame_read_only },
    { "map_frame_beyond_physical_limit", map_frame_beyond_physical_limit },
    { "map_local_apic", map_local_apic },
    { "map_mfn_0_allowed_for_dom0", map_mfn_0_allowed_for_dom0 },
    { "map_hole_above_ram_allowed_for_dom0", map_hole_above_ram_allowed_for_dom0 },
    { "give_back_shared_info", give_back_shared_info },
    { "machphys_update_of_foreign_frame", machphys_update_of_foreign_frame },
    { "machphys_update_of_m2p_frame", machphys_update_of_m2p_frame },
    { "pt_update_into_foreign_frame", pt_update_into_foreign_frame },
    { "pt_update_into_m2p_frame", pt_update_into_m2p_frame },
    { "clear_page_of_foreign_frame", clear_page_of_foreign_frame },
    { "clear_page_of_page_table", clear_page_of_page_table },
    { "copy_page_from_m2p_frame", copy_page_from_m2p_frame },
    { "copy_page_onto_page_table", copy_page_onto_page_table },
    { "give_back_pinned_l1", give_back_pinned_l1 },
    { "give_back_l1_in_use", give_back_l1_in_use },
    { "give_back_mapped_frame", give_back_mapped_frame },
    { "give_back_frame_twice", give_back_frame_twice },
    { "give_back_current_l4", give_back_current_l4 },
};
const unsigned frame_count = ARRAY_SIZE(frame_cases);
