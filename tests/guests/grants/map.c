/*
 * map_grant_ref on good arguments: host mappings at a virtual address
 * (an empty slot of our window's L1) or at a PTE's machine address,
 * read-only, device and application mappings, several mappings of one
 * grant, and what the entry's GTF_reading / GTF_writing say meanwhile.
 */
#include "grants.h"

/*
 * A kernel grant PTE carries the flags of our own kernel mappings (the
 * hypervisor adds its own bits to those, and the guest sees them), minus
 * RW for a read-only map, plus NX: a grant is never executable.
 */
static uint64_t kernel_pte_flags(bool writable)
{
    uint64_t own = l1_entry_of((uint64_t)start_info) & ~PTE_ADDR_MASK & ~PTE_NX;

    return (writable ? own : own & ~PTE_RW) | PTE_NX;
}

static bool pte_is(uint64_t va, uint64_t mfn, uint64_t flags)
{
    uint64_t pte = l1_entry_of(va);

    info("pte at %#lx: %#lx", va, pte);
    return pte_mfn(pte) == mfn && (pte & ~PTE_ADDR_MASK) == flags;
}

static void map_host_reads_and_writes(void)
{
    uint64_t mfn, bus = 0, va = window_page(), value;
    volatile uint64_t *page = tagged_frame(&mfn, 1);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle = 0x7777;
    volatile uint64_t *mapped = (volatile uint64_t *)va;

    if (!ref || !va)
        return;
    CHECK_EQ(gnt_map(va, GNTMAP_host_map, ref, SELF_ID, &handle, &bus), GNTST_okay);
    info("handle %#x; our own mapping's pte: %#lx", handle, l1_entry_of((uint64_t)start_info));
    CHECK_EQ(bus, mfn << 12);
    CHECK(pte_is(va, mfn, kernel_pte_flags(true)), "the PTE is not a writable grant map");
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_reading | GTF_writing);
    CHECK(page_has(mapped, 1), "the mapping does not show the frame");
    mapped[7] = 0xFEED;
    CHECK_EQ(page[7], 0xFEED);
    CHECK_EQ(gnt_unmap(va, 0, handle), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
    CHECK_EQ(l1_entry_of(va), 0);
    CHECK(!probe_read(mapped, &value), "the unmapped page is still readable");
    CHECK_EQ(trap_last.vector, TRAP_PF);
}

static void map_readonly_write_faults(void)
{
    uint64_t mfn, va = window_page(), value;
    volatile uint64_t *page = tagged_frame(&mfn, 2);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle;
    volatile uint64_t *mapped = (volatile uint64_t *)va;

    if (!ref || !va)
        return;
    CHECK_EQ(gnt_map(va, GNTMAP_host_map | GNTMAP_readonly, ref, SELF_ID, &handle, NULL),
             GNTST_okay);
    CHECK(pte_is(va, mfn, kernel_pte_flags(false)), "the PTE is not a read-only grant map");
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_reading);
    CHECK(probe_read(mapped, &value), "the read-only mapping does not read");
    CHECK_EQ(value, page[0]);
    CHECK(!probe_write(mapped, 5), "a write through the read-only mapping worked");
    CHECK_EQ(trap_last.vector, TRAP_PF);
    CHECK_EQ(trap_last.error & (PFEC_PRESENT | PFEC_WRITE), PFEC_PRESENT | PFEC_WRITE);
    CHECK_EQ(gnt_unmap(va, 0, handle), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

static void map_readonly_grant_readonly(void)
{
    uint64_t mfn, va = window_page();
    volatile uint64_t *page = tagged_frame(&mfn, 3);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access | GTF_readonly) : 0;
    grant_handle_t handle;

    if (!ref || !va)
        return;
    CHECK_EQ(gnt_map(va, GNTMAP_host_map | GNTMAP_readonly, ref, SELF_ID, &handle, NULL),
             GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_readonly | GTF_reading);
    CHECK(page_has((volatile uint64_t *)va, 3), "the mapping does not show the frame");
    CHECK_EQ(gnt_unmap(va, 0, handle), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_readonly);
}

/* Two writable mappings of one grant: writing stays set until the last goes. */
static void map_twice_two_handles(void)
{
    uint64_t mfn, va1 = window_page(), va2 = window_page();
    volatile uint64_t *page = tagged_frame(&mfn, 4);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t h1, h2;

    if (!ref || !va1 || !va2)
        return;
    CHECK_EQ(gnt_map(va1, GNTMAP_host_map, ref, SELF_ID, &h1, NULL), GNTST_okay);
    CHECK_EQ(gnt_map(va2, GNTMAP_host_map, ref, SELF_ID, &h2, NULL), GNTST_okay);
    info("handles %#x %#x", h1, h2);
    CHECK(h1 != h2, "both mappings have handle %#x", h1);
    *(volatile uint64_t *)va1 = 0xABC;
    CHECK_EQ(*(volatile uint64_t *)va2, 0xABC);
    CHECK_EQ(gnt_unmap(va1, 0, h1), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(gnt_unmap(va2, 0, h2), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

/* A read-only and a writable mapping: writing goes with the writable one. */
static void map_readonly_and_writable(void)
{
    uint64_t mfn, va1 = window_page(), va2 = window_page();
    volatile uint64_t *page = tagged_frame(&mfn, 5);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t ro, rw;

    if (!ref || !va1 || !va2)
        return;
    CHECK_EQ(gnt_map(va1, GNTMAP_host_map | GNTMAP_readonly, ref, SELF_ID, &ro, NULL), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_reading);
    CHECK_EQ(gnt_map(va2, GNTMAP_host_map, ref, SELF_ID, &rw, NULL), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(gnt_unmap(va2, 0, rw), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_reading);
    CHECK_EQ(gnt_unmap(va1, 0, ro), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

/* device_map alone: no PTE, the frame's machine address in dev_bus_addr. */
static void map_device_only(void)
{
    uint64_t mfn, bus = 0;
    volatile uint64_t *page = tagged_frame(&mfn, 6);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle;

    if (!ref)
        return;
    CHECK_EQ(gnt_map(0, GNTMAP_device_map, ref, SELF_ID, &handle, &bus), GNTST_okay);
    CHECK_EQ(bus, mfn << 12);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(gnt_unmap(0, bus, handle), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
    CHECK_EQ(gnt_map(0, GNTMAP_device_map | GNTMAP_readonly, ref, SELF_ID, &handle, &bus),
             GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_reading);
    CHECK_EQ(gnt_unmap(0, bus, handle), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

/* Both at once, undone by one unmap given both addresses. */
static void map_device_and_host(void)
{
    uint64_t mfn, bus = 0, va = window_page();
    volatile uint64_t *page = tagged_frame(&mfn, 7);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle;

    if (!ref || !va)
        return;
    CHECK_EQ(gnt_map(va, GNTMAP_device_map | GNTMAP_host_map, ref, SELF_ID, &handle, &bus),
             GNTST_okay);
    CHECK_EQ(bus, mfn << 12);
    CHECK(page_has((volatile uint64_t *)va, 7), "the mapping does not show the frame");
    CHECK_EQ(gnt_unmap(va, bus, handle), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
    CHECK_EQ(l1_entry_of(va), 0);
}

/* contains_pte: host_addr is the machine address of the L1 entry to write. */
static void map_contains_pte(void)
{
    uint64_t mfn, va = window_page();
    uint64_t slot = va ? window_slot(va) : 0;
    volatile uint64_t *page = tagged_frame(&mfn, 8);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle;

    if (!ref || !slot)
        return;
    CHECK_EQ(gnt_map(slot, GNTMAP_host_map | GNTMAP_contains_pte, ref, SELF_ID, &handle, NULL),
             GNTST_okay);
    CHECK(pte_is(va, mfn, kernel_pte_flags(true)), "the PTE is not a writable grant map");
    CHECK(page_has((volatile uint64_t *)va, 8), "the mapping does not show the frame");
    CHECK_EQ(gnt_unmap(slot, 0, handle), GNTST_okay);
    CHECK_EQ(l1_entry_of(va), 0);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

/* application_map: a mapping guest user mode may use. */
static void map_application_map(void)
{
    uint64_t mfn, va = window_page();
    volatile uint64_t *page = tagged_frame(&mfn, 9);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle;

    if (!ref || !va)
        return;
    CHECK_EQ(gnt_map(va, GNTMAP_host_map | GNTMAP_application_map, ref, SELF_ID, &handle, NULL),
             GNTST_okay);
    CHECK(pte_is(va, mfn, PTE_DATA_RW | PTE_USER | PTE_GLOBAL | PTE_NX),
          "the PTE is not a global user grant map");
    CHECK(page_has((volatile uint64_t *)va, 9), "the mapping does not show the frame");
    CHECK_EQ(gnt_unmap(va, 0, handle), GNTST_okay);
}

/* The slot need not be empty: the grant PTE replaces what was there. */
static void map_over_present_pte_replaces(void)
{
    uint64_t mfn, other;
    volatile uint64_t *page = tagged_frame(&mfn, 10);
    volatile uint64_t *over = tagged_frame(&other, 11);
    grant_ref_t ref = page && over ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle;

    if (!ref)
        return;
    CHECK_EQ(gnt_map((uint64_t)over, GNTMAP_host_map, ref, SELF_ID, &handle, NULL), GNTST_okay);
    CHECK_RC(pt_invlpg((uint64_t)over), 0);
    CHECK(page_has(over, 10), "the slot does not show the granted frame");
    CHECK_EQ(gnt_unmap((uint64_t)over, 0, handle), GNTST_okay);
    CHECK_EQ(l1_entry_of((uint64_t)over), 0);
}

/*
 * While a grant above the reserved ones is mapped, the version cannot
 * change; where version 2 is not offered (see table.c) the answer is
 * -ENOSYS before that.
 */
static void set_version_busy_while_mapped(void)
{
    uint64_t mfn, va = window_page();
    volatile uint64_t *page = tagged_frame(&mfn, 12);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle;
    struct gnttab_set_version op = { .version = 2 };
    long rc;

    if (!ref || !va)
        return;
    CHECK_EQ(gnt_map(va, GNTMAP_host_map, ref, SELF_ID, &handle, NULL), GNTST_okay);
    rc = hypercall_grant_table_op(GNTTABOP_set_version, &op, 1);
    /* Unmap before judging, so that a failure here leaves nothing mapped. */
    CHECK_EQ(gnt_unmap(va, 0, handle), GNTST_okay);
    if (rc == -XEN_ENOSYS)
        info("set_version(2): -ENOSYS, version 2 not offered");
    else
        CHECK_RC(rc, -XEN_EBUSY);
    CHECK_EQ(op.version, 1);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

const struct test_case map_cases[] = {
    { "map_host_reads_and_writes", map_host_reads_and_writes },
    { "map_readonly_write_faults", map_readonly_write_faults },
    { "map_readonly_grant_readonly", map_readonly_grant_readonly },
    { "map_twice_two_handles", map_twice_two_handles },
    { "map_readonly_and_writable", map_readonly_and_writable },
    { "map_device_only", map_device_only },
    { "map_device_and_host", map_device_and_host },
    { "map_contains_pte", map_contains_pte },
    { "map_application_map", map_application_map },
    { "map_over_present_pte_replaces", map_over_present_pte_replaces },
    { "set_version_busy_while_mapped", set_version_busy_while_mapped },
};
const unsigned map_count = ARRAY_SIZE(map_cases);
