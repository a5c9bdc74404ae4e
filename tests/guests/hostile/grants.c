/*
 * Attacks through grant_table_op: a grant of frames that are not ours or
 * are page tables, mappings aimed at the hypervisor or through PTEs we do
 * not own, copies past a page, huge counts, handles reused, a table grown
 * past its limit.  Each is refused with Xen 4.17's status and leaves
 * nothing behind; tests/guests/grants covers the ordinary behaviour.
 */
#include "guest/grants.h"
#include "hostile.h"

#define SELF_ID 0 /* we are dom0 */
#define REF     9 /* the entry the attacks fill */

static volatile struct grant_entry_v1 *table;

/* Our table's first frame, mapped (once); false, the case failed, if not. */
static bool table_mapped(void)
{
    long rc = table ? 0 : grants_map_own_table(&table);

    if (rc)
        test_fail("cannot map our grant table: %ld (%s)", rc, errno_name(rc));
    return !rc;
}

static void grant(uint64_t frame, uint16_t flags)
{
    table[REF].domid = SELF_ID;
    table[REF].frame = frame;
    table[REF].flags = flags;
}

static int16_t map(uint64_t addr, uint32_t flags, grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = addr, .flags = flags, .ref = REF, .dom = SELF_ID, .status = 0x7777
    };

    if (hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1))
        return INT16_MIN;
    if (handle)
        *handle = op.handle;
    return op.status;
}

static int16_t unmap(uint64_t addr, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = addr, .handle = handle, .status = 0x7777 };

    if (hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1))
        return INT16_MIN;
    return op.status;
}

/* A frame of another owner (here: not ours) is refused, granted or not. */
static void grant_of_a_frame_not_ours_bad_page(void)
{
    uint64_t va = window_page(), theirs = foreign_frame();

    if (!table_mapped() || !va || !theirs)
        return;
    grant(theirs, GTF_permit_access);
    CHECK_EQ(map(va, GNTMAP_host_map | GNTMAP_readonly, NULL), GNTST_bad_page);
    CHECK_EQ(pt_entry(va, 1), 0);
    CHECK_EQ(table[REF].flags, GTF_permit_access);
}

/* Our own L1: never writable through a grant, neither mapped nor copied into. */
static void grant_of_a_page_table_writable_refused(void)
{
    uint64_t va = window_page(), l1 = boot_table_mfn(1), data = new_frame();
    struct gnttab_copy copy = {
        .source = { .u.gmfn = data, .domid = DOMID_SELF },
        .dest = { .u.ref = REF, .domid = SELF_ID },
        .len = 8,
        .flags = GNTCOPY_dest_gref,
    };

    if (!table_mapped() || !va || !data)
        return;
    grant(l1, GTF_permit_access);
    CHECK_EQ(map(va, GNTMAP_host_map, NULL), GNTST_general_error);
    CHECK_EQ(map(0, GNTMAP_device_map, NULL), GNTST_general_error);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_copy, &copy, 1), 0);
    CHECK_EQ(copy.status, GNTST_general_error);
    CHECK_EQ(table[REF].flags, GTF_permit_access);
}

/* Host addresses in the hypervisor, non-canonical, or PTEs in a frame not ours. */
static void map_at_addresses_not_ours_general_error(void)
{
    uint64_t mfn = 0, theirs = foreign_frame();
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!table_mapped() || !page || !theirs)
        return;
    grant(mfn, GTF_permit_access);
    CHECK_EQ(map(HYPERVISOR_DIRECT_MAP, GNTMAP_host_map, NULL), GNTST_general_error);
    CHECK_EQ(map(NONCANONICAL, GNTMAP_host_map, NULL), GNTST_general_error);
    CHECK_EQ(map(theirs << 12, GNTMAP_host_map | GNTMAP_contains_pte, NULL), GNTST_general_error);
    CHECK_EQ(map(boot_table_mfn(4) << 12, GNTMAP_host_map | GNTMAP_contains_pte, NULL),
             GNTST_general_error);
    CHECK_EQ(table[REF].flags, GTF_permit_access);
}

/* A handle unmapped once is gone; one never handed out was never there. */
static void handles_reused_bad_handle(void)
{
    uint64_t mfn = 0, va = window_page();
    grant_handle_t handle;

    if (!table_mapped() || !va || !new_mapped_frame(&mfn))
        return;
    grant(mfn, GTF_permit_access);
    CHECK_EQ(map(va, GNTMAP_host_map, &handle), GNTST_okay);
    CHECK_EQ(unmap(va, handle), GNTST_okay);
    CHECK_EQ(unmap(va, handle), GNTST_bad_handle);
    CHECK_EQ(unmap(va, handle + 1000), GNTST_bad_handle);
    CHECK_EQ(unmap(va, 0xFFFFFFFF), GNTST_bad_handle);
    CHECK_EQ(table[REF].flags, GTF_permit_access);
}

/* Past the page's end, and huge counts over arrays we do not have. */
static void copies_and_counts_out_of_bounds(void)
{
    uint64_t mfn = 0;
    struct gnttab_copy copy;

    if (!table_mapped() || !new_mapped_frame(&mfn))
        return;
    grant(mfn, GTF_permit_access);
    copy = (struct gnttab_copy){
        .source = { .u.ref = REF, .domid = SELF_ID, .offset = 4000 },
        .dest = { .u.gmfn = mfn, .domid = DOMID_SELF },
        .len = 200,
        .flags = GNTCOPY_source_gref,
    };
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_copy, &copy, 1), 0);
    CHECK_EQ(copy.status, GNTST_bad_copy_arg);
    CHECK_RC(
        hypercall_grant_table_op(GNTTABOP_map_grant_ref, (void *)HYPERVISOR_DIRECT_MAP, 0x7FFFFFFF),
        -XEN_EFAULT);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_copy, (void *)NONCANONICAL, 0x7FFFFFFF),
             -XEN_EFAULT);
    CHECK_EQ(table[REF].flags, GTF_permit_access);
}

/* The table stops at its limit, and its frame list must be ours to write. */
static void table_beyond_its_limit_refused(void)
{
    static uint64_t frames[65];
    struct gnttab_setup_table setup = { .dom = DOMID_SELF,
                                        .nr_frames = 65,
                                        .frame_list = (uint64_t)frames };

    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1), 0);
    CHECK_EQ(setup.status, GNTST_general_error);
    setup = (struct gnttab_setup_table){ .dom = DOMID_SELF,
                                         .nr_frames = 1,
                                         .frame_list = HYPERVISOR_DIRECT_MAP };
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1), -XEN_EFAULT);
}

const struct test_case grant_cases[] = {
    { "grant_of_a_frame_not_ours_bad_page", grant_of_a_frame_not_ours_bad_page },
    { "grant_of_a_page_table_writable_refused", grant_of_a_page_table_writable_refused },
    { "map_at_addresses_not_ours_general_error", map_at_addresses_not_ours_general_error },
    { "handles_reused_bad_handle", handles_reused_bad_handle },
    { "copies_and_counts_out_of_bounds", copies_and_counts_out_of_bounds },
    { "table_beyond_its_limit_refused", table_beyond_its_limit_refused },
};
const unsigned grant_count = ARRAY_SIZE(grant_cases);
