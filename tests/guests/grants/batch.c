/*
 * Several elements in one call: each gets its own status and the call
 * returns 0.  A count of 0 does nothing, but the array's start address
 * is still checked.
 */
#include "grants.h"

static void map_and_unmap_batch_mixed_statuses(void)
{
    uint64_t m1, m2, va1 = window_page(), va2 = window_page(), va3 = window_page();
    volatile uint64_t *p1 = tagged_frame(&m1, 70), *p2 = tagged_frame(&m2, 71);
    grant_ref_t r1 = p1 ? gnt_grant_new(m1, GTF_permit_access) : 0;
    grant_ref_t r2 = p2 ? gnt_grant_new(m2, GTF_permit_access) : 0;
    struct gnttab_map_grant_ref map[3] = {
        { .host_addr = va1, .flags = GNTMAP_host_map, .ref = r1, .status = 0x7777 },
        { .host_addr = va2, .flags = GNTMAP_host_map, .ref = GNT_ENTRIES, .status = 0x7777 },
        { .host_addr = va3,
          .flags = GNTMAP_host_map | GNTMAP_readonly,
          .ref = r2,
          .status = 0x7777 },
    };
    struct gnttab_unmap_grant_ref unmap[3] = {
        { .host_addr = va1, .status = 0x7777 },
        { .host_addr = va2, .handle = 0xFFFFFFFF, .status = 0x7777 },
        { .host_addr = va3, .status = 0x7777 },
    };

    if (!r1 || !r2 || !va1 || !va2 || !va3)
        return;
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_map_grant_ref, map, 3), 0);
    CHECK_EQ(map[0].status, GNTST_okay);
    CHECK_EQ((uint16_t)map[1].status, (uint16_t)GNTST_bad_gntref);
    CHECK_EQ(map[2].status, GNTST_okay);
    CHECK(page_has((volatile uint64_t *)va1, 70) && page_has((volatile uint64_t *)va3, 71),
          "the mappings do not show their frames");
    CHECK_EQ(gnt_flags(r2), GTF_permit_access | GTF_reading);
    unmap[0].handle = map[0].handle;
    unmap[2].handle = map[2].handle;
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, unmap, 3), 0);
    CHECK_EQ(unmap[0].status, GNTST_okay);
    CHECK_EQ((uint16_t)unmap[1].status, (uint16_t)GNTST_bad_handle);
    CHECK_EQ(unmap[2].status, GNTST_okay);
    CHECK_EQ(gnt_flags(r1), GTF_permit_access);
    CHECK_EQ(gnt_flags(r2), GTF_permit_access);
    CHECK_EQ(l1_entry_of(va1) | l1_entry_of(va3), 0);
}

static void copy_batch_mixed_statuses(void)
{
    uint64_t m1, m2;
    volatile uint64_t *p1 = tagged_frame(&m1, 72), *p2 = tagged_frame(&m2, 73);
    grant_ref_t r1 = p1 && p2 ? gnt_grant_new(m1, GTF_permit_access) : 0;
    struct gnttab_copy op[3] = {
        { .source = { .u.ref = r1, .domid = DOMID_SELF, .offset = 0 },
          .dest = { .u.gmfn = m2, .domid = DOMID_SELF, .offset = 0 },
          .len = 8,
          .flags = GNTCOPY_source_gref,
          .status = 0x7777 },
        { .source = { .u.ref = r1, .domid = DOMID_SELF, .offset = 4090 },
          .dest = { .u.gmfn = m2, .domid = DOMID_SELF, .offset = 8 },
          .len = 8,
          .flags = GNTCOPY_source_gref,
          .status = 0x7777 },
        { .source = { .u.ref = r1, .domid = DOMID_SELF, .offset = 16 },
          .dest = { .u.gmfn = m2, .domid = DOMID_SELF, .offset = 16 },
          .len = 8,
          .flags = GNTCOPY_source_gref,
          .status = 0x7777 },
    };

    if (!r1)
        return;
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_copy, op, 3), 0);
    CHECK_EQ(op[0].status, GNTST_okay);
    CHECK_EQ((uint16_t)op[1].status, (uint16_t)GNTST_bad_copy_arg);
    CHECK_EQ(op[2].status, GNTST_okay);
    CHECK_EQ(p2[0], p1[0]);
    CHECK_EQ(p2[1], 73 * 0x9E3779B97F4A7C15UL + 1);
    CHECK_EQ(p2[2], p1[2]);
    CHECK_EQ(gnt_flags(r1), GTF_permit_access);
}

static void count_0_checks_only_the_address(void)
{
    static const unsigned cmds[] = { GNTTABOP_map_grant_ref,     GNTTABOP_unmap_grant_ref,
                                     GNTTABOP_transfer,          GNTTABOP_copy,
                                     GNTTABOP_unmap_and_replace, GNTTABOP_swap_grant_ref };

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        long rc = hypercall_grant_table_op(cmds[i], NULL, 0);
        CHECK(rc == 0, "cmd %u, NULL: %ld (%s)", cmds[i], rc, errno_name(rc));
        rc = hypercall_grant_table_op(cmds[i], (void *)UNMAPPED, 0);
        CHECK(rc == 0, "cmd %u, unmapped: %ld (%s)", cmds[i], rc, errno_name(rc));
        rc = hypercall_grant_table_op(cmds[i], (void *)NONCANONICAL, 0);
        CHECK(rc == -XEN_EFAULT, "cmd %u, noncanonical: %ld (%s)", cmds[i], rc, errno_name(rc));
    }
}

const struct test_case batch_cases[] = {
    { "map_and_unmap_batch_mixed_statuses", map_and_unmap_batch_mixed_statuses },
    { "copy_batch_mixed_statuses", copy_batch_mixed_statuses },
    { "count_0_checks_only_the_address", count_0_checks_only_the_address },
};
const unsigned batch_count = ARRAY_SIZE(batch_cases);
