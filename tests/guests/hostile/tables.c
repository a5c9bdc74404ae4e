/*
 * Attacks on page tables: writable mappings of a table, the hypervisor's
 * L4 slots, reserved bits and superpages at each level, loops, and
 * pin/unpin misuse.
 */
#include "hostile.h"

/* Unused slots of the tables that map our image, for entries of our own. */
#define SPARE_L2_VA   (GUEST_VIRT_BASE + 0x8000000UL) /* L2 slot 64 */
#define SPARE_L3_SLOT 100
#define SPARE_L4_SLOT 300

/*
 * ---- writable mappings of a page table -------------------------------
 * A frame in use as a table cannot also take the writable type: -EBUSY.
 */

/* Maps the bootstrap table of `level` writable (refused), then read-only (fine). */
static void map_table_writable_mmu_update(int level)
{
    uint64_t va = window_page(), table = boot_table_mfn(level);

    if (!va)
        return;
    CHECK_RC(pt_mmu_update(window_slot(va), table << 12 | PTE_DATA_RW), -XEN_EBUSY);
    CHECK_EQ(pt_entry(va, 1), 0);
    CHECK_RC(pt_mmu_update(window_slot(va), table << 12 | PTE_PRESENT | PTE_ACCESSED), 0);
    CHECK_EQ(*(volatile uint64_t *)va, *(const uint64_t *)mfn_to_virt(table));
    CHECK_RC(pt_unmap(va), 0);
}

static void writable_l1_via_mmu_update(void)
{
    map_table_writable_mmu_update(1);
}
static void writable_l2_via_mmu_update(void)
{
    map_table_writable_mmu_update(2);
}
static void writable_l3_via_mmu_update(void)
{
    map_table_writable_mmu_update(3);
}
static void writable_l4_via_mmu_update(void)
{
    map_table_writable_mmu_update(4);
}

static void map_table_writable_va_mapping(int level)
{
    uint64_t va = window_page(), table = boot_table_mfn(level);

    if (!va)
        return;
    CHECK_RC(hypercall_update_va_mapping(va, table << 12 | PTE_DATA_RW, UVMF_INVLPG), -XEN_EBUSY);
    CHECK_EQ(pt_entry(va, 1), 0);
}

static void writable_l1_via_va_mapping(void)
{
    map_table_writable_va_mapping(1);
}
static void writable_l2_via_va_mapping(void)
{
    map_table_writable_va_mapping(2);
}
static void writable_l3_via_va_mapping(void)
{
    map_table_writable_va_mapping(3);
}
static void writable_l4_via_va_mapping(void)
{
    map_table_writable_va_mapping(4);
}

/* The bootstrap mapping of our own L4 page, made writable in place. */
static void l4_own_mapping_made_writable(void)
{
    const void *l4 = (const void *)start_info->pt_base;
    uint64_t before = pt_entry((uint64_t)l4, 1);

    CHECK_RC(pt_set_writable(l4), -XEN_EBUSY);
    CHECK_EQ(pt_entry((uint64_t)l4, 1), before);
}

/* A pinned L1 of ours, not used anywhere else, stays unwritable. */
static void pinned_l1_made_writable(void)
{
    uint64_t *l1, mfn = read_only_spare(&l1);

    if (!mfn)
        return;
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), 0);
    CHECK_RC(pt_set_writable(l1), -XEN_EBUSY);
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
}

/* An L1 whose entry maps a page table writable cannot be pinned. */
static void pin_l1_mapping_a_table_writable(void)
{
    uint64_t *l1 = pt_spare_page(), mfn;

    CHECK(l1, "no spare page left");
    l1[0] = boot_table_mfn(2) << 12 | PTE_DATA_RW;
    CHECK_RC(pt_set_readonly(l1), 0);
    mfn = virt_to_mfn(l1);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), -XEN_EBUSY);
}

/* ---- the hypervisor's L4 slots --------------------------------------- */

static void write_hypervisor_l4_slot(unsigned slot)
{
    uint64_t l4 = pt_read_cr3() & PTE_ADDR_MASK;
    uint64_t before = pt_entry_at(l4 + slot * 8);
    uint64_t ours = pt_entry_at(l4 + 511 * 8);

    CHECK_RC(pt_mmu_update(l4 + slot * 8, 0), -XEN_EINVAL);
    CHECK_RC(pt_mmu_update(l4 + slot * 8, ours), -XEN_EINVAL);
    CHECK_EQ(pt_entry_at(l4 + slot * 8), before);
}

static void l4_slot_256_m2p(void)
{
    write_hypervisor_l4_slot(256);
}
static void l4_slot_261_hypervisor_text(void)
{
    write_hypervisor_l4_slot(261);
}
static void l4_slot_262_direct_map(void)
{
    write_hypervisor_l4_slot(262);
}
static void l4_slot_271_last_reserved(void)
{
    write_hypervisor_l4_slot(271);
}

/* ---- reserved bits and superpages ------------------------------------ */

/* The entry at maddr refuses good | bad, then takes good and clears again. */
static void refuses_bits(uint64_t maddr, uint64_t good, uint64_t bad, long expected)
{
    CHECK_RC(pt_mmu_update(maddr, good | bad), expected);
    CHECK_EQ(pt_entry_at(maddr), 0);
    CHECK_RC(pt_mmu_update(maddr, good), 0);
    CHECK_RC(pt_mmu_update(maddr, 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
}

static uint64_t l2_slot(void)
{
    return pt_entry_maddr(SPARE_L2_VA, 2);
}
static uint64_t l3_slot(void)
{
    return (boot_table_mfn(3) << 12) + SPARE_L3_SLOT * 8;
}
static uint64_t l4_slot(void)
{
    return (boot_table_mfn(4) << 12) + SPARE_L4_SLOT * 8;
}

/*
 * An address bit above any machine's physical address width: not RAM, so
 * I/O memory, which even dom0 may not map there.
 */
static void l1_address_above_physical_limit(void)
{
    uint64_t va = window_page(), mfn = new_frame();

    if (!va || !mfn)
        return;
    refuses_bits(window_slot(va), mfn << 12 | PTE_DATA_RW, 1UL << 51, -XEN_EPERM);
}

static void l2_pse_superpage(void)
{
    uint64_t l1 = read_only_spare(NULL);

    if (l1)
        refuses_bits(l2_slot(), l1 << 12 | PTE_TABLE, PTE_PSE, -XEN_EINVAL);
}

static void l2_cache_disable_bit(void)
{
    uint64_t l1 = read_only_spare(NULL);

    if (l1)
        refuses_bits(l2_slot(), l1 << 12 | PTE_TABLE, 1UL << 4, -XEN_EINVAL);
}

static void l3_pse_superpage(void)
{
    uint64_t l2 = read_only_spare(NULL);

    if (l2)
        refuses_bits(l3_slot(), l2 << 12 | PTE_TABLE, PTE_PSE, -XEN_EINVAL);
}

static void l3_global_bit(void)
{
    uint64_t l2 = read_only_spare(NULL);

    if (l2)
        refuses_bits(l3_slot(), l2 << 12 | PTE_TABLE, PTE_GLOBAL, -XEN_EINVAL);
}

static void l4_write_through_bit(void)
{
    uint64_t l3 = read_only_spare(NULL);

    if (l3)
        refuses_bits(l4_slot(), l3 << 12 | PTE_TABLE, 1UL << 3, -XEN_EINVAL);
}

static void l4_pse_bit(void)
{
    uint64_t l3 = read_only_spare(NULL);

    if (l3)
        refuses_bits(l4_slot(), l3 << 12 | PTE_TABLE, PTE_PSE, -XEN_EINVAL);
}

/* An L2 entry pointing at a data frame, which cannot validate as an L1. */
static void l2_entry_to_writable_data_frame(void)
{
    uint64_t mfn;

    if (!new_mapped_frame(&mfn))
        return;
    CHECK_RC(pt_mmu_update(l2_slot(), mfn << 12 | PTE_TABLE), -XEN_EINVAL);
    CHECK_EQ(pt_entry_at(l2_slot()), 0);
}

/* An L3 entry pointing at an L1 (the wrong level). */
static void l3_entry_to_an_l1(void)
{
    CHECK_RC(pt_mmu_update(l3_slot(), boot_table_mfn(1) << 12 | PTE_TABLE), -XEN_EINVAL);
    CHECK_EQ(pt_entry_at(l3_slot()), 0);
}

/* ---- loops ----------------------------------------------------------- */

/* An L2 whose entry 0 is itself, read-write: that would make it writable. */
static void l2_maps_itself_writable(void)
{
    uint64_t *l2 = pt_spare_page(), mfn;

    CHECK(l2, "no spare page left");
    mfn = virt_to_mfn(l2);
    l2[0] = mfn << 12 | PTE_TABLE;
    CHECK_RC(pt_set_readonly(l2), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L2_TABLE, mfn, 0), -XEN_EINVAL);
}

/* Read-only, the same self-reference is a linear page table: allowed. */
static void l2_maps_itself_read_only_allowed(void)
{
    uint64_t *l2 = pt_spare_page(), mfn;

    CHECK(l2, "no spare page left");
    mfn = virt_to_mfn(l2);
    l2[0] = mfn << 12 | PTE_PRESENT | PTE_USER | PTE_ACCESSED;
    CHECK_RC(pt_set_readonly(l2), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L2_TABLE, mfn, 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
}

/* L3 -> L2 -> the same L3: the L3 cannot also be an L1. */
static void l3_l2_cycle(void)
{
    uint64_t *l3 = pt_spare_page(), *l2 = pt_spare_page(), m3, m2;

    CHECK(l3 && l2, "no spare page left");
    m3 = virt_to_mfn(l3);
    m2 = virt_to_mfn(l2);
    l3[0] = m2 << 12 | PTE_TABLE;
    l2[0] = m3 << 12 | PTE_PRESENT | PTE_USER | PTE_ACCESSED;
    CHECK_RC(pt_set_readonly(l3), 0);
    CHECK_RC(pt_set_readonly(l2), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L3_TABLE, m3, 0), -XEN_EINVAL);
}

/* The live L2 gets an entry pointing at itself, read-write. */
static void live_l2_linear_entry_writable(void)
{
    uint64_t l2 = boot_table_mfn(2);

    CHECK_RC(pt_mmu_update(l2_slot(), l2 << 12 | PTE_TABLE), -XEN_EINVAL);
    CHECK_EQ(pt_entry_at(l2_slot()), 0);
}

static void l4_maps_itself_writable(void)
{
    uint64_t *l4 = pt_spare_page(), mfn;

    CHECK(l4, "no spare page left");
    mfn = virt_to_mfn(l4);
    l4[0] = mfn << 12 | PTE_TABLE;
    CHECK_RC(pt_set_readonly(l4), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L4_TABLE, mfn, 0), -XEN_EINVAL);
}

/* ---- pin and unpin misuse -------------------------------------------- */

static void pin_twice(void)
{
    uint64_t mfn = read_only_spare(NULL);

    if (!mfn)
        return;
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), -XEN_EINVAL);
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
}

static void pin_pinned_l1_as_l2(void)
{
    uint64_t mfn = read_only_spare(NULL);

    if (!mfn)
        return;
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L2_TABLE, mfn, 0), -XEN_EINVAL);
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
}

static void unpin_never_pinned(void)
{
    uint64_t mfn = read_only_spare(NULL);

    if (mfn)
        CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), -XEN_EINVAL);
}

static void unpin_data_frame(void)
{
    uint64_t mfn;

    if (new_mapped_frame(&mfn))
        CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), -XEN_EINVAL);
}

static void pin_page_mapped_writable(void)
{
    uint64_t mfn;

    if (new_mapped_frame(&mfn))
        CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), -XEN_EINVAL);
}

static void pin_foreign_frame(void)
{
    uint64_t mfn = foreign_frame();

    if (mfn)
        CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), -XEN_EINVAL);
}

/*
 * The builder pinned our L4; unpinning it while it is CR3 leaves the
 * reference CR3 holds, so we keep running; pinning it again works.
 */
static void unpin_current_l4(void)
{
    uint64_t l4 = pt_read_cr3() >> 12;

    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, l4, 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L4_TABLE, l4, 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L4_TABLE, l4, 0), -XEN_EINVAL);
}

const struct test_case table_cases[] = {
    { "writable_l1_via_mmu_update", writable_l1_via_mmu_update },
    { "writable_l2_via_mmu_update", writable_l2_via_mmu_update },
    { "writable_l3_via_mmu_update", writable_l3_via_mmu_update },
    { "writable_l4_via_mmu_update", writable_l4_via_mmu_update },
    { "writable_l1_via_va_mapping", writable_l1_via_va_mapping },
    { "writable_l2_via_va_mapping", writable_l2_via_va_mapping },
    { "writable_l3_via_va_mapping", writable_l3_via_va_mapping },
    { "writable_l4_via_va_mapping", writable_l4_via_va_mapping },
    { "l4_own_mapping_made_writable", l4_own_mapping_made_writable },
    { "pinned_l1_made_writable", pinned_l1_made_writable },
    { "pin_l1_mapping_a_table_writable", pin_l1_mapping_a_table_writable },
    { "l4_slot_256_m2p", l4_slot_256_m2p },
    { "l4_slot_261_hypervisor_text", l4_slot_261_hypervisor_text },
    { "l4_slot_262_direct_map", l4_slot_262_direct_map },
    { "l4_slot_271_last_reserved", l4_slot_271_last_reserved },
    { "l1_address_above_physical_limit", l1_address_above_physical_limit },
    { "l2_pse_superpage", l2_pse_superpage },
    { "l2_cache_disable_bit", l2_cache_disable_bit },
    { "l3_pse_superpage", l3_pse_superpage },
    { "l3_global_bit", l3_global_bit },
    { "l4_write_through_bit", l4_write_through_bit },
    { "l4_pse_bit", l4_pse_bit },
    { "l2_entry_to_writable_data_frame", l2_entry_to_writable_data_frame },
    { "l3_entry_to_an_l1", l3_entry_to_an_l1 },
    { "l2_maps_itself_writable", l2_maps_itself_writable },
    { "l2_maps_itself_read_only_allowed", l2_maps_itself_read_only_allowed },
    { "l3_l2_cycle", l3_l2_cycle },
    { "live_l2_linear_entry_writable", live_l2_linear_entry_writable },
    { "l4_maps_itself_writable", l4_maps_itself_writable },
    { "pin_twice", pin_twice },
    { "pin_pinned_l1_as_l2", pin_pinned_l1_as_l2 },
    { "unpin_never_pinned", unpin_never_pinned },
    { "unpin_data_frame", unpin_data_frame },
    { "pin_page_mapped_writable", pin_page_mapped_writable },
    { "pin_foreign_frame", pin_foreign_frame },
    { "unpin_current_l4", unpin_current_l4 },
};
const unsigned table_count = ARRAY_SIZE(table_cases);
