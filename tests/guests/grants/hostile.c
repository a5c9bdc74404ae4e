/*
 * map_grant_ref on hostile arguments: refs past the table, entries that
 * grant nothing or grant someone else, bad domains and flags, addresses
 * we cannot map at, bad pointers and counts, page-table frames, frames
 * we do not own; and what a grant mapping does to giving the frame back
 * or pinning it as a page table.  Every refused map leaves the entry's
 * flags as they were.
 */
#include "grants.h"

/* A fresh tagged frame granted with flags; 0 if the case failed. */
static grant_ref_t fresh_grant(uint64_t *mfn, uint64_t tag, uint16_t flags)
{
    volatile uint64_t *page = tagged_frame(mfn, tag);

    return page ? gnt_grant_new(*mfn, flags) : 0;
}

static void map_bad_ref_bad_gntref(void)
{
    uint64_t va = window_page();

    if (!va || !gnt_new_ref())
        return;
    CHECK_EQ((uint16_t)gnt_map(va, GNTMAP_host_map, GNT_ENTRIES, SELF_ID, NULL, NULL),
             (uint16_t)GNTST_bad_gntref);
    CHECK_EQ((uint16_t)gnt_map(va, GNTMAP_host_map, 0xFFFFFFFF, SELF_ID, NULL, NULL),
             (uint16_t)GNTST_bad_gntref);
    CHECK_EQ(l1_entry_of(va), 0);
}

/* Refusals of the entry itself; Xen 4.17 reports them all as the same status. */
static void map_entry_refused(uint16_t entry_flags, domid_t entry_domid, uint32_t map_flags)
{
    uint64_t mfn, va = window_page();
    volatile uint64_t *page = tagged_frame(&mfn, 40);
    grant_ref_t ref = page ? gnt_new_ref() : 0;
    int16_t status;

    if (!ref || !va)
        return;
    gnt_grant(ref, mfn, entry_domid, entry_flags);
    status = gnt_map(va, map_flags, ref, SELF_ID, NULL, NULL);
    info("entry flags %#x domid %u, map flags %#x: status %d", entry_flags, entry_domid, map_flags,
         status);
    CHECK_EQ((uint16_t)status, (uint16_t)GNTST_general_error);
    CHECK_EQ(gnt_flags(ref), entry_flags);
    CHECK_EQ(l1_entry_of(va), 0);
}

static void map_invalid_entry_refused(void)
{
    map_entry_refused(GTF_invalid, SELF_ID, GNTMAP_host_map);
}

static void map_entry_for_other_domain_refused(void)
{
    map_entry_refused(GTF_permit_access, 5, GNTMAP_host_map);
}

static void map_readonly_grant_writable_refused(void)
{
    map_entry_refused(GTF_permit_access | GTF_readonly, SELF_ID, GNTMAP_host_map);
}

static void map_accept_transfer_entry_refused(void)
{
    map_entry_refused(GTF_accept_transfer, SELF_ID, GNTMAP_host_map);
}

static void map_bad_domain(void)
{
    uint64_t mfn, va = window_page();
    grant_ref_t ref = fresh_grant(&mfn, 41, GTF_permit_access);

    if (!ref || !va)
        return;
    CHECK_EQ((uint16_t)gnt_map(va, GNTMAP_host_map, ref, 1, NULL, NULL),
             (uint16_t)GNTST_bad_domain);
    CHECK_EQ((uint16_t)gnt_map(va, GNTMAP_host_map, ref, DOMID_SELF, NULL, NULL),
             (uint16_t)GNTST_bad_domain);
    CHECK_EQ((uint16_t)gnt_map(va, GNTMAP_host_map, ref, DOMID_IO, NULL, NULL),
             (uint16_t)GNTST_bad_domain);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

/* Neither host_map nor device_map: reported as a bad ref. */
static void map_without_host_or_device_flag(void)
{
    uint64_t mfn, va = window_page();
    grant_ref_t ref = fresh_grant(&mfn, 42, GTF_permit_access);

    if (!ref || !va)
        return;
    CHECK_EQ((uint16_t)gnt_map(va, 0, ref, SELF_ID, NULL, NULL), (uint16_t)GNTST_bad_gntref);
    CHECK_EQ(
        (uint16_t)gnt_map(va, GNTMAP_readonly | GNTMAP_application_map, ref, SELF_ID, NULL, NULL),
        (uint16_t)GNTST_bad_gntref);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

static void map_bad_host_addr_general_error(void)
{
    static const uint64_t addrs[] = { 0, UNMAPPED, NONCANONICAL, HYPERVISOR_DIRECT_MAP,
                                      0xFFFF800000000000UL };
    uint64_t mfn;
    grant_ref_t ref = fresh_grant(&mfn, 43, GTF_permit_access);

    if (!ref)
        return;
    for (unsigned i = 0; i < ARRAY_SIZE(addrs); i++) {
        int16_t status = gnt_map(addrs[i], GNTMAP_host_map, ref, SELF_ID, NULL, NULL);
        CHECK(status == GNTST_general_error, "host_addr %#lx: status %d", addrs[i], status);
        CHECK(gnt_flags(ref) == GTF_permit_access, "host_addr %#lx left flags %#x", addrs[i],
              gnt_flags(ref));
    }
}

/* contains_pte with an address that is not an entry of one of our L1s. */
static void map_contains_pte_bad_address_general_error(void)
{
    uint64_t mfn, data_mfn, va = window_page();
    grant_ref_t ref = fresh_grant(&mfn, 44, GTF_permit_access);
    volatile uint64_t *data = tagged_frame(&data_mfn, 45);
    uint64_t addrs[4];

    if (!ref || !va || !data || !foreign_frame())
        return;
    addrs[0] = window_slot(va) + 4;      /* misaligned */
    addrs[1] = data_mfn << 12;           /* ours, but not a page table */
    addrs[2] = foreign_frame() << 12;    /* not ours */
    addrs[3] = pt_read_cr3() & ~0xFFFUL; /* our L4 */
    for (unsigned i = 0; i < ARRAY_SIZE(addrs); i++) {
        int16_t status =
            gnt_map(addrs[i], GNTMAP_host_map | GNTMAP_contains_pte, ref, SELF_ID, NULL, NULL);
        CHECK(status == GNTST_general_error, "PTE address %u: status %d", i, status);
    }
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
    CHECK(page_has(data, 45), "the data frame changed");
}

static void bad_uop_pointer_efault(void)
{
    static const unsigned cmds[] = { GNTTABOP_map_grant_ref,     GNTTABOP_unmap_grant_ref,
                                     GNTTABOP_unmap_and_replace, GNTTABOP_copy,
                                     GNTTABOP_transfer,          GNTTABOP_swap_grant_ref };

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        long rc = hypercall_grant_table_op(cmds[i], (void *)NONCANONICAL, 1);
        CHECK(rc == -XEN_EFAULT, "cmd %u, noncanonical: %ld (%s)", cmds[i], rc, errno_name(rc));
        rc = hypercall_grant_table_op(cmds[i], (void *)HYPERVISOR_DIRECT_MAP, 1);
        CHECK(rc == -XEN_EFAULT, "cmd %u, hypervisor: %ld (%s)", cmds[i], rc, errno_name(rc));
        rc = hypercall_grant_table_op(cmds[i], (void *)UNMAPPED, 1);
        CHECK(rc == -XEN_EFAULT, "cmd %u, unmapped: %ld (%s)", cmds[i], rc, errno_name(rc));
    }
}

/*
 * Xen checks only where the array starts, not how far a huge count
 * reaches: it works through the elements until one cannot be read.  One
 * zeroed element at the end of a mapped page, nothing mapped after it:
 * that element gets its status, then the call fails with -EFAULT.
 */
static void huge_count_faults_past_mapping(void)
{
    static const struct {
        unsigned cmd, size, status_offset;
        int16_t status;
    } ops[] = {
        { GNTTABOP_map_grant_ref, sizeof(struct gnttab_map_grant_ref),
          offsetof(struct gnttab_map_grant_ref, status), GNTST_bad_gntref },
        { GNTTABOP_unmap_grant_ref, sizeof(struct gnttab_unmap_grant_ref),
          offsetof(struct gnttab_unmap_grant_ref, status), GNTST_bad_handle },
        { GNTTABOP_unmap_and_replace, sizeof(struct gnttab_unmap_and_replace),
          offsetof(struct gnttab_unmap_and_replace, status), GNTST_bad_handle },
        { GNTTABOP_copy, sizeof(struct gnttab_copy), offsetof(struct gnttab_copy, status),
          GNTST_permission_denied },
        { GNTTABOP_transfer, sizeof(struct gnttab_transfer),
          offsetof(struct gnttab_transfer, status), GNTST_bad_page },
        { GNTTABOP_swap_grant_ref, sizeof(struct gnttab_swap_grant_ref),
          offsetof(struct gnttab_swap_grant_ref, status), GNTST_okay },
    };
    uint64_t mfn;
    volatile uint64_t *page = new_mapped_frame(&mfn);
    uint8_t *end = (uint8_t *)page + PAGE_SIZE;

    if (!page || !window_page())
        return;
    for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
        uint8_t *element = end - ops[i].size;
        volatile int16_t *status = (volatile int16_t *)(element + ops[i].status_offset);
        long rc;

        memset(element, 0, ops[i].size);
        *status = 0x7777;
        rc = hypercall_grant_table_op(ops[i].cmd, element, 0x7FFFFFFF);
        CHECK(rc == -XEN_EFAULT, "cmd %u: %ld (%s)", ops[i].cmd, rc, errno_name(rc));
        CHECK(*status == ops[i].status, "cmd %u: status %d", ops[i].cmd, *status);
    }
}

/* Our own page tables may be granted, but only mapped read-only. */
static void map_page_table_frame_writable_refused(void)
{
    uint64_t va = window_page(), l1 = image_l1_mfn();
    grant_ref_t ref = gnt_grant_new(l1, GTF_permit_access);
    grant_handle_t handle;
    uint64_t value;

    if (!ref || !va)
        return;
    CHECK_EQ((uint16_t)gnt_map(va, GNTMAP_host_map, ref, SELF_ID, NULL, NULL),
             (uint16_t)GNTST_general_error);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
    CHECK_EQ((uint16_t)gnt_map(0, GNTMAP_device_map, ref, SELF_ID, NULL, NULL),
             (uint16_t)GNTST_general_error);
    CHECK_EQ(gnt_map(va, GNTMAP_host_map | GNTMAP_readonly, ref, SELF_ID, &handle, NULL),
             GNTST_okay);
    CHECK(probe_read((volatile uint64_t *)va, &value), "the read-only table mapping does not read");
    CHECK_EQ(value, *(volatile uint64_t *)mfn_to_virt(l1));
    CHECK_EQ(gnt_unmap(va, 0, handle), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

/* A pinned L1 nothing uses is a page table too. */
static void map_pinned_l1_writable_refused(void)
{
    uint64_t *spare = pt_spare_page();
    uint64_t va = window_page(), mfn;
    grant_ref_t ref;

    if (!spare || !va)
        return;
    mfn = virt_to_mfn(spare);
    CHECK_RC(pt_set_readonly(spare), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), 0);
    ref = gnt_grant_new(mfn, GTF_permit_access);
    if (!ref)
        return;
    CHECK_EQ((uint16_t)gnt_map(va, GNTMAP_host_map, ref, SELF_ID, NULL, NULL),
             (uint16_t)GNTST_general_error);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
}

/* A frame the granter does not own, or no frame at all. */
static void map_frame_not_owned_bad_page(void)
{
    uint64_t va = window_page(), foreign = foreign_frame();
    grant_ref_t ref = foreign ? gnt_grant_new(foreign, GTF_permit_access) : 0;
    grant_ref_t none = gnt_grant_new(0xFFFFFFFF, GTF_permit_access);

    if (!ref || !none || !va)
        return;
    CHECK_EQ((uint16_t)gnt_map(va, GNTMAP_host_map, ref, SELF_ID, NULL, NULL),
             (uint16_t)GNTST_bad_page);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
    CHECK_EQ((uint16_t)gnt_map(va, GNTMAP_host_map | GNTMAP_readonly, none, SELF_ID, NULL, NULL),
             (uint16_t)GNTST_bad_page);
    CHECK_EQ(gnt_flags(none), GTF_permit_access);
    CHECK_EQ(l1_entry_of(va), 0);
}

static long give_back(uint64_t mfn)
{
    uint64_t extent = mfn;
    struct xen_memory_reservation r = { .extent_start = (uint64_t)&extent,
                                        .nr_extents = 1,
                                        .domid = DOMID_SELF };

    return hypercall_memory_op(XENMEM_decrease_reservation, &r);
}

/*
 * Giving back a frame while it is grant-mapped succeeds: the mapping keeps
 * it alive until the unmap; afterwards it is no longer ours to grant.
 */
static void decrease_reservation_while_mapped(void)
{
    uint64_t mfn = new_frame(), va = window_page();
    grant_ref_t ref = mfn ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle;
    volatile uint64_t *mapped = (volatile uint64_t *)va;

    if (!ref || !va)
        return;
    CHECK_EQ(gnt_map(va, GNTMAP_host_map, ref, SELF_ID, &handle, NULL), GNTST_okay);
    mapped[0] = 0x5EED;
    CHECK_RC(give_back(mfn), 1);
    CHECK_EQ(mapped[0], 0x5EED);
    CHECK_EQ(gnt_unmap(va, 0, handle), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
    CHECK_EQ((uint16_t)gnt_map(va, GNTMAP_host_map, ref, SELF_ID, NULL, NULL),
             (uint16_t)GNTST_bad_page);
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

/* A writable grant mapping holds a writable type: the frame cannot become a table. */
static void pin_l1_while_mapped_writable_einval(void)
{
    uint64_t mfn = new_frame(), va = window_page();
    grant_ref_t ref = mfn ? gnt_grant_new(mfn, GTF_permit_access) : 0;
    grant_handle_t handle;

    if (!ref || !va)
        return;
    CHECK_EQ(gnt_map(va, GNTMAP_host_map, ref, SELF_ID, &handle, NULL), GNTST_okay);
    memset((void *)va, 0, PAGE_SIZE);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), -XEN_EINVAL);
    CHECK_EQ(gnt_unmap(va, 0, handle), GNTST_okay);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
}

const struct test_case hostile_cases[] = {
    { "map_bad_ref_bad_gntref", map_bad_ref_bad_gntref },
    { "map_invalid_entry_refused", map_invalid_entry_refused },
    { "map_entry_for_other_domain_refused", map_entry_for_other_domain_refused },
    { "map_readonly_grant_writable_refused", map_readonly_grant_writable_refused },
    { "map_accept_transfer_entry_refused", map_accept_transfer_entry_refused },
    { "map_bad_domain", map_bad_domain },
    { "map_without_host_or_device_flag", map_without_host_or_device_flag },
    { "map_bad_host_addr_general_error", map_bad_host_addr_general_error },
    { "map_contains_pte_bad_address_general_error", map_contains_pte_bad_address_general_error },
    { "bad_uop_pointer_efault", bad_uop_pointer_efault },
    { "huge_count_faults_past_mapping", huge_count_faults_past_mapping },
    { "map_page_table_frame_writable_refused", map_page_table_frame_writable_refused },
    { "map_pinned_l1_writable_refused", map_pinned_l1_writable_refused },
    { "map_frame_not_owned_bad_page", map_frame_not_owned_bad_page },
    { "decrease_reservation_while_mapped", decrease_reservation_while_mapped },
    { "pin_l1_while_mapped_writable_einval", pin_l1_while_mapped_writable_einval },
};
const unsigned hostile_count = ARRAY_SIZE(hostile_cases);
