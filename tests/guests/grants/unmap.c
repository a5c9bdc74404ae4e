/*
 * unmap_grant_ref and unmap_and_replace: by handle and address, with the
 * wrong address, handle or bus address, twice, and replacing the grant
 * PTE with another of our mappings.
 */
#include "grants.h"

/* A grant of a fresh tagged frame mapped writable at a fresh window page. */
struct mapped_grant {
    uint64_t mfn, va;
    grant_ref_t ref;
    grant_handle_t handle;
};

static bool map_fresh(struct mapped_grant *g, uint64_t tag, uint32_t flags)
{
    volatile uint64_t *page = tagged_frame(&g->mfn, tag);
    int16_t status;

    g->va = window_page();
    g->ref = page && g->va ? gnt_grant_new(g->mfn, GTF_permit_access) : 0;
    if (!g->ref)
        return false;
    status = gnt_map(flags & GNTMAP_contains_pte ? window_slot(g->va) : g->va,
                     GNTMAP_host_map | flags, g->ref, SELF_ID, &g->handle, NULL);
    if (status != GNTST_okay) {
        test_fail("mapping a fresh grant gave status %d", status);
        return false;
    }
    return true;
}

static void unmap_wrong_address_general_error(void)
{
    struct mapped_grant g;
    uint64_t elsewhere = window_page();

    if (!elsewhere || !map_fresh(&g, 20, 0))
        return;
    CHECK_EQ((uint16_t)gnt_unmap(elsewhere, 0, g.handle), (uint16_t)GNTST_general_error);
    CHECK_EQ((uint16_t)gnt_unmap(g.va + PAGE_SIZE * 600, 0, g.handle),
             (uint16_t)GNTST_general_error);
    CHECK_EQ((uint16_t)gnt_unmap(NONCANONICAL, 0, g.handle), (uint16_t)GNTST_general_error);
    CHECK(page_has((volatile uint64_t *)g.va, 20), "the mapping went away");
    CHECK_EQ(gnt_flags(g.ref), GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(gnt_unmap(g.va, 0, g.handle), GNTST_okay);
}

static void unmap_bad_handle(void)
{
    CHECK_EQ((uint16_t)gnt_unmap(window_page(), 0, 0xFFFFFFFF), (uint16_t)GNTST_bad_handle);
    CHECK_EQ((uint16_t)gnt_unmap(window_page(), 0, 0x10000), (uint16_t)GNTST_bad_handle);
}

/* A handle in range but not in use. */
static void unmap_unused_handle(void)
{
    struct mapped_grant g;

    if (!map_fresh(&g, 21, 0))
        return;
    CHECK_EQ((uint16_t)gnt_unmap(g.va, 0, g.handle + 100), (uint16_t)GNTST_bad_handle);
    CHECK_EQ(gnt_unmap(g.va, 0, g.handle), GNTST_okay);
}

static void unmap_twice_bad_handle(void)
{
    struct mapped_grant g;

    if (!map_fresh(&g, 22, 0))
        return;
    CHECK_EQ(gnt_unmap(g.va, 0, g.handle), GNTST_okay);
    CHECK_EQ((uint16_t)gnt_unmap(g.va, 0, g.handle), (uint16_t)GNTST_bad_handle);
    CHECK_EQ(gnt_flags(g.ref), GTF_permit_access);
}

/* host_addr 0 unmaps nothing, and says okay: the mapping and handle stay. */
static void unmap_host_addr_0_keeps_mapping(void)
{
    struct mapped_grant g;

    if (!map_fresh(&g, 23, 0))
        return;
    CHECK_EQ(gnt_unmap(0, 0, g.handle), GNTST_okay);
    CHECK(page_has((volatile uint64_t *)g.va, 23), "the mapping went away");
    CHECK_EQ(gnt_flags(g.ref), GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(gnt_unmap(g.va, 0, g.handle), GNTST_okay);
    CHECK_EQ(gnt_flags(g.ref), GTF_permit_access);
}

static void unmap_wrong_dev_bus_addr_bad_dev_addr(void)
{
    uint64_t mfn, bus;
    volatile uint64_t *page = tagged_frame(&mfn, 24);
    grant_ref_t ref = page ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle;
    int16_t wrong, right;
    uint16_t flags_between;

    if (!ref)
        return;
    CHECK_EQ(gnt_map(0, GNTMAP_device_map, ref, SELF_ID, &handle, &bus), GNTST_okay);
    wrong = gnt_unmap(0, bus + PAGE_SIZE, handle);
    flags_between = gnt_flags(ref);
    /* Undo the mapping before judging, so that a failure leaves nothing mapped. */
    right = gnt_unmap(0, bus, handle);
    CHECK_EQ((uint16_t)wrong, (uint16_t)GNTST_bad_dev_addr);
    CHECK_EQ(flags_between, GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(right, GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

/* A contains_pte mapping is unmapped by the PTE's address, not the page's. */
static void unmap_contains_pte_by_va_general_error(void)
{
    struct mapped_grant g;

    if (!map_fresh(&g, 25, GNTMAP_contains_pte))
        return;
    CHECK_EQ((uint16_t)gnt_unmap(g.va, 0, g.handle), (uint16_t)GNTST_general_error);
    CHECK_EQ(gnt_unmap(window_slot(g.va), 0, g.handle), GNTST_okay);
    CHECK_EQ(l1_entry_of(g.va), 0);
}

/* A plain mapping unmapped by its PTE's address: that address is not mapped. */
static void unmap_va_mapping_by_pte_address_general_error(void)
{
    struct mapped_grant g;

    if (!map_fresh(&g, 26, 0))
        return;
    CHECK_EQ((uint16_t)gnt_unmap(window_slot(g.va), 0, g.handle), (uint16_t)GNTST_general_error);
    CHECK_EQ(gnt_unmap(g.va, 0, g.handle), GNTST_okay);
}

static int16_t unmap_and_replace(uint64_t host_addr, uint64_t new_addr, grant_handle_t handle)
{
    struct gnttab_unmap_and_replace op = {
        .host_addr = host_addr, .new_addr = new_addr, .handle = handle, .status = 0x7777
    };
    long rc = hypercall_grant_table_op(GNTTABOP_unmap_and_replace, &op, 1);

    if (rc) {
        test_fail("unmap_and_replace returned %ld (%s)", rc, errno_name(rc));
        return GNT_CALL_FAILED;
    }
    return op.status;
}

/* The PTE at new_addr moves into the grant's slot; new_addr is left empty. */
static void unmap_and_replace_moves_pte(void)
{
    struct mapped_grant g;
    uint64_t other;
    volatile uint64_t *page = tagged_frame(&other, 27);

    if (!page || !map_fresh(&g, 28, 0))
        return;
    CHECK_EQ(unmap_and_replace(g.va, (uint64_t)page, g.handle), GNTST_okay);
    CHECK_EQ(gnt_flags(g.ref), GTF_permit_access);
    CHECK_EQ(l1_entry_of((uint64_t)page), 0);
    CHECK_EQ(pte_mfn(l1_entry_of(g.va)), other);
    CHECK(page_has((volatile uint64_t *)g.va, 27), "the slot does not show the moved frame");
    CHECK_RC(pt_unmap(g.va), 0);
}

static void unmap_and_replace_new_addr_0(void)
{
    struct mapped_grant g;

    if (!map_fresh(&g, 29, 0))
        return;
    CHECK_EQ(unmap_and_replace(g.va, 0, g.handle), GNTST_okay);
    CHECK_EQ(l1_entry_of(g.va), 0);
    CHECK_EQ(gnt_flags(g.ref), GTF_permit_access);
}

static void unmap_and_replace_contains_pte_general_error(void)
{
    struct mapped_grant g;
    uint64_t other;
    volatile uint64_t *page = tagged_frame(&other, 30);

    if (!page || !map_fresh(&g, 31, GNTMAP_contains_pte))
        return;
    CHECK_EQ((uint16_t)unmap_and_replace(window_slot(g.va), (uint64_t)page, g.handle),
             (uint16_t)GNTST_general_error);
    CHECK(page_has(page, 30), "new_addr lost its mapping");
    CHECK_EQ(unmap_and_replace(window_slot(g.va), 0, g.handle), GNTST_okay);
    CHECK_EQ(l1_entry_of(g.va), 0);
}

/*
 * With the wrong host_addr the grant stays mapped, but new_addr's PTE has
 * already been taken and is dropped: new_addr ends up empty.
 */
static void unmap_and_replace_wrong_addr_zaps_new_addr(void)
{
    struct mapped_grant g;
    uint64_t other, elsewhere = window_page();
    volatile uint64_t *page = tagged_frame(&other, 32);

    if (!page || !elsewhere || !map_fresh(&g, 33, 0))
        return;
    CHECK_EQ((uint16_t)unmap_and_replace(elsewhere, (uint64_t)page, g.handle),
             (uint16_t)GNTST_general_error);
    info("new_addr's PTE afterwards: %#lx", l1_entry_of((uint64_t)page));
    CHECK_EQ(l1_entry_of((uint64_t)page), 0);
    CHECK(page_has((volatile uint64_t *)g.va, 33), "the grant mapping went away");
    CHECK_EQ(gnt_unmap(g.va, 0, g.handle), GNTST_okay);
}

const struct test_case unmap_cases[] = {
    { "unmap_wrong_address_general_error", unmap_wrong_address_general_error },
    { "unmap_bad_handle", unmap_bad_handle },
    { "unmap_unused_handle", unmap_unused_handle },
    { "unmap_twice_bad_handle", unmap_twice_bad_handle },
    { "unmap_host_addr_0_keeps_mapping", unmap_host_addr_0_keeps_mapping },
    { "unmap_wrong_dev_bus_addr_bad_dev_addr", unmap_wrong_dev_bus_addr_bad_dev_addr },
    { "unmap_contains_pte_by_va_general_error", unmap_contains_pte_by_va_general_error },
    { "unmap_va_mapping_by_pte_address_general_error",
      unmap_va_mapping_by_pte_address_general_error },
    { "unmap_and_replace_moves_pte", unmap_and_replace_moves_pte },
    { "unmap_and_replace_new_addr_0", unmap_and_replace_new_addr_0 },
    { "unmap_and_replace_contains_pte_general_error",
      unmap_and_replace_contains_pte_general_error },
    { "unmap_and_replace_wrong_addr_zaps_new_addr", unmap_and_replace_wrong_addr_zaps_new_addr },
};
const unsigned unmap_count = ARRAY_SIZE(unmap_cases);
