/*
 * The table itself: query_size, setup_table (which also maps our table
 * for every later case), get_version / set_version, get_status_frames
 * and swap_grant_ref on a v1 table, and the sub-op numbers and counts
 * the dispatcher refuses.
 */
#include "grants.h"

/* A domain id no domain has (dom0 is the only one). */
#define NO_SUCH_DOMAIN 1

static long query_size(domid_t dom, struct gnttab_query_size *out)
{
    *out = (struct gnttab_query_size){ .dom = dom, .status = 0x7777 };
    return hypercall_grant_table_op(GNTTABOP_query_size, out, 1);
}

static void query_size_before_setup(void)
{
    struct gnttab_query_size q;

    CHECK_RC(query_size(DOMID_SELF, &q), 0);
    info("query_size: nr_frames %u max_nr_frames %u", q.nr_frames, q.max_nr_frames);
    CHECK_EQ(q.status, GNTST_okay);
    CHECK_EQ(q.nr_frames, 1);
    CHECK_EQ(q.max_nr_frames, 64);
}

static void query_size_own_id(void)
{
    struct gnttab_query_size q;

    CHECK_RC(query_size(SELF_ID, &q), 0);
    CHECK_EQ(q.status, GNTST_okay);
    CHECK_EQ(q.nr_frames, 1);
}

static void query_size_bad_domain_status(void)
{
    struct gnttab_query_size q;

    CHECK_RC(query_size(NO_SUCH_DOMAIN, &q), 0);
    CHECK_EQ((uint16_t)q.status, (uint16_t)GNTST_bad_domain);
    CHECK_RC(query_size(DOMID_IO, &q), 0);
    CHECK_EQ((uint16_t)q.status, (uint16_t)GNTST_bad_domain);
    CHECK_RC(query_size(DOMID_XEN, &q), 0);
    CHECK_EQ((uint16_t)q.status, (uint16_t)GNTST_bad_domain);
}

static void query_size_count_not_1_einval(void)
{
    struct gnttab_query_size q[2] = { { .dom = DOMID_SELF }, { .dom = DOMID_SELF } };

    CHECK_RC(hypercall_grant_table_op(GNTTABOP_query_size, q, 0), -XEN_EINVAL);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_query_size, q, 2), -XEN_EINVAL);
}

static void query_size_bad_pointer_efault(void)
{
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_query_size, (void *)NONCANONICAL, 1), -XEN_EFAULT);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_query_size, (void *)UNMAPPED, 1), -XEN_EFAULT);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_query_size, (void *)HYPERVISOR_DIRECT_MAP, 1),
             -XEN_EFAULT);
}

static void setup_table_grows_and_maps(void)
{
    struct gnttab_query_size q;

    CHECK_RC(gnt_table_map(), 0);
    for (unsigned i = 0; i < GNT_FRAMES; i++)
        info("grant frame %u: mfn %#lx", i, gnt_frames[i]);
    CHECK_RC(query_size(DOMID_SELF, &q), 0);
    CHECK_EQ(q.nr_frames, GNT_FRAMES);
    for (unsigned i = 1; i < GNT_FRAMES; i++)
        CHECK(gnt_frames[i] != gnt_frames[0], "frames 0 and %u are the same", i);
    /* A fresh table is all zero, and ours to write. */
    for (unsigned i = 0; i < GNT_ENTRIES; i++)
        CHECK(gnt_table[i].flags == 0 && gnt_table[i].domid == 0 && gnt_table[i].frame == 0,
              "entry %u is not zero", i);
    gnt_table[GNT_ENTRIES - 1].frame = 0x1234;
    CHECK_EQ(gnt_table[GNT_ENTRIES - 1].frame, 0x1234);
    gnt_table[GNT_ENTRIES - 1].frame = 0;
}

static void setup_table_own_id_same_frames(void)
{
    uint64_t frames[GNT_FRAMES] = { 0 };
    struct gnttab_setup_table setup = {
        .dom = SELF_ID, .nr_frames = 2, .status = 0x7777, .frame_list = (uint64_t)frames
    };

    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1), 0);
    CHECK_EQ(setup.status, GNTST_okay);
    CHECK_EQ(frames[0], gnt_frames[0]);
    CHECK_EQ(frames[1], gnt_frames[1]);
    CHECK_EQ(frames[2], 0);
}

/* Asking for fewer frames than the table has does not shrink it. */
static void setup_table_zero_frames_okay(void)
{
    struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 0, .status = 0x7777 };
    struct gnttab_query_size q;

    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1), 0);
    CHECK_EQ(setup.status, GNTST_okay);
    CHECK_RC(query_size(DOMID_SELF, &q), 0);
    CHECK_EQ(q.nr_frames, GNT_FRAMES);
}

static void setup_table_above_max_general_error(void)
{
    static uint64_t frames[128];
    struct gnttab_setup_table setup = { .dom = DOMID_SELF, .frame_list = (uint64_t)frames };
    struct gnttab_query_size q;

    CHECK_RC(query_size(DOMID_SELF, &q), 0);
    setup.nr_frames = q.max_nr_frames + 1;
    setup.status = 0x7777;
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1), 0);
    CHECK_EQ((uint16_t)setup.status, (uint16_t)GNTST_general_error);
    CHECK_RC(query_size(DOMID_SELF, &q), 0);
    CHECK_EQ(q.nr_frames, GNT_FRAMES);
}

static void setup_table_count_not_1_einval(void)
{
    struct gnttab_setup_table setup[2] = { { .dom = DOMID_SELF }, { .dom = DOMID_SELF } };

    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, setup, 0), -XEN_EINVAL);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, setup, 2), -XEN_EINVAL);
}

/* A frame list outside guest space fails the call; one merely unmapped fails the element. */
static void setup_table_bad_frame_list(void)
{
    struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };

    setup.frame_list = NONCANONICAL;
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1), -XEN_EFAULT);
    setup.frame_list = HYPERVISOR_DIRECT_MAP;
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1), -XEN_EFAULT);
    setup.frame_list = UNMAPPED;
    setup.status = 0x7777;
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1), 0);
    CHECK_EQ((uint16_t)setup.status, (uint16_t)GNTST_bad_virt_addr);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, (void *)UNMAPPED, 1), -XEN_EFAULT);
}

static void setup_table_bad_domain_status(void)
{
    uint64_t frame = 0;
    struct gnttab_setup_table setup = {
        .dom = NO_SUCH_DOMAIN, .nr_frames = 1, .status = 0x7777, .frame_list = (uint64_t)&frame
    };

    CHECK_RC(hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1), 0);
    CHECK_EQ((uint16_t)setup.status, (uint16_t)GNTST_bad_domain);
    CHECK_EQ(frame, 0);
}

static long get_version(domid_t dom, uint32_t *version)
{
    struct gnttab_get_version op = { .dom = dom, .version = 0x7777 };
    long rc = hypercall_grant_table_op(GNTTABOP_get_version, &op, 1);

    *version = op.version;
    return rc;
}

static long set_version(uint32_t wanted, uint32_t *now)
{
    struct gnttab_set_version op = { .version = wanted };
    long rc = hypercall_grant_table_op(GNTTABOP_set_version, &op, 1);

    *now = op.version;
    return rc;
}

static void get_version_is_1(void)
{
    uint32_t version;

    CHECK_RC(get_version(DOMID_SELF, &version), 0);
    CHECK_EQ(version, 1);
    CHECK_RC(get_version(SELF_ID, &version), 0);
    CHECK_EQ(version, 1);
    CHECK_RC(get_version(NO_SUCH_DOMAIN, &version), -XEN_ESRCH);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_get_version, (void *)NONCANONICAL, 1), -XEN_EFAULT);
}

static void set_version_1_okay(void)
{
    uint32_t now;

    CHECK_RC(set_version(1, &now), 0);
    CHECK_EQ(now, 1);
}

/* A bad version is refused, and the version in force is written back. */
static void set_version_bad_einval(void)
{
    uint32_t now, version;

    CHECK_RC(set_version(0, &now), -XEN_EINVAL);
    CHECK_EQ(now, 1);
    CHECK_RC(set_version(3, &now), -XEN_EINVAL);
    CHECK_EQ(now, 1);
    CHECK_RC(set_version(0xFFFFFFFF, &now), -XEN_EINVAL);
    CHECK_EQ(now, 1);
    CHECK_RC(get_version(DOMID_SELF, &version), 0);
    CHECK_EQ(version, 1);
}

/*
 * Xen 4.17 lets a PV guest switch to v2 and back; the switch keeps the 8
 * reserved entries and clears every other one.
 */
/*
 * Version 2 is optional: Xen 4.17 offers it by default; a Xen with
 * gnttab=max-ver:1 (and our hypervisor, see xen/grant_table.c) answers
 * -ENOSYS and the table stays at version 1, untouched.  Either passes.
 */
static void set_version_2_and_back_clears_entries(void)
{
    grant_ref_t ref = gnt_new_ref();
    uint32_t now, version;
    long rc;

    if (!ref)
        return;
    gnt_grant(3, 0x4321, SELF_ID, GTF_permit_access);
    gnt_grant(ref, 0x5678, SELF_ID, GTF_permit_access);
    rc = set_version(2, &now);
    if (rc == -XEN_ENOSYS) {
        info("set_version(2): -ENOSYS, version 2 not offered");
        CHECK_EQ(now, 1);
        CHECK_RC(get_version(DOMID_SELF, &version), 0);
        CHECK_EQ(version, 1);
        CHECK_EQ(gnt_table[ref].frame, 0x5678);
        gnt_grant(3, 0, 0, 0);
        return;
    }
    CHECK_RC(rc, 0);
    CHECK_EQ(now, 2);
    CHECK_RC(get_version(DOMID_SELF, &version), 0);
    CHECK_EQ(version, 2);
    CHECK_RC(set_version(1, &now), 0);
    CHECK_EQ(now, 1);
    CHECK_EQ(gnt_table[3].flags, GTF_permit_access);
    CHECK_EQ(gnt_table[3].frame, 0x4321);
    CHECK_EQ(gnt_table[ref].flags, 0);
    CHECK_EQ(gnt_table[ref].frame, 0);
    gnt_grant(3, 0, 0, 0);
}

static void get_status_frames_v1(void)
{
    uint64_t frame = 0x7777;
    struct gnttab_get_status_frames op = {
        .nr_frames = 0, .dom = DOMID_SELF, .status = 0x7777, .frame_list = (uint64_t)&frame
    };

    CHECK_RC(hypercall_grant_table_op(GNTTABOP_get_status_frames, &op, 1), 0);
    CHECK_EQ(op.status, GNTST_okay);
    op.nr_frames = 1;
    op.status = 0x7777;
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_get_status_frames, &op, 1), 0);
    CHECK_EQ((uint16_t)op.status, (uint16_t)GNTST_general_error);
    CHECK_EQ(frame, 0x7777);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_get_status_frames, &op, 2), -XEN_EINVAL);
}

static void swap_grant_ref_v1(void)
{
    grant_ref_t a = gnt_new_ref(), b = gnt_new_ref();
    struct gnttab_swap_grant_ref op[3] = {
        { .ref_a = a, .ref_b = b, .status = 0x7777 },
        { .ref_a = a, .ref_b = a, .status = 0x7777 },
        { .ref_a = a, .ref_b = GNT_ENTRIES, .status = 0x7777 },
    };

    if (!a || !b)
        return;
    gnt_grant(a, 0x1111, SELF_ID, GTF_permit_access);
    gnt_grant(b, 0x2222, SELF_ID, GTF_permit_access | GTF_readonly);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_swap_grant_ref, op, 3), 0);
    CHECK_EQ(op[0].status, GNTST_okay);
    CHECK_EQ(op[1].status, GNTST_okay);
    CHECK_EQ((uint16_t)op[2].status, (uint16_t)GNTST_bad_gntref);
    CHECK_EQ(gnt_table[a].frame, 0x2222);
    CHECK_EQ(gnt_table[a].flags, GTF_permit_access | GTF_readonly);
    CHECK_EQ(gnt_table[b].frame, 0x1111);
    gnt_grant(a, 0, 0, 0);
    gnt_grant(b, 0, 0, 0);
}

static void dump_table_enosys(void)
{
    struct gnttab_dump_table op = { .dom = DOMID_SELF, .status = 0x7777 };

    CHECK_RC(hypercall_grant_table_op(GNTTABOP_dump_table, &op, 1), -XEN_ENOSYS);
    CHECK_EQ(op.status, 0x7777);
}

static void unknown_cmd_enosys(void)
{
    static const unsigned cmds[] = { 13, 14, 100, 0xFFF };

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        long rc = hypercall_grant_table_op(cmds[i], NULL, 0);
        CHECK(rc == -XEN_ENOSYS, "cmd %u returned %ld (%s)", cmds[i], rc, errno_name(rc));
    }
}

/* Bits above the sub-op number are continuation state: refused from a guest. */
static void cmd_high_bits_einval(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };

    CHECK_RC(hypercall_grant_table_op(0x1000 | GNTTABOP_query_size, &q, 1), -XEN_EINVAL);
    CHECK_RC(hypercall_grant_table_op(0x80000000 | GNTTABOP_map_grant_ref, NULL, 0), -XEN_EINVAL);
}

static void count_negative_einval(void)
{
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_map_grant_ref, NULL, 0x80000000), -XEN_EINVAL);
    CHECK_RC(hypercall_grant_table_op(GNTTABOP_copy, NULL, 0xFFFFFFFF), -XEN_EINVAL);
}

static void cache_flush_count_0(void)
{
    long rc = hypercall_grant_table_op(GNTTABOP_cache_flush, NULL, 0);

    info("cache_flush with count 0 returned %ld (%s)", rc, errno_name(rc));
    CHECK_RC(rc, 0);
}

const struct test_case table_cases[] = {
    { "query_size_before_setup", query_size_before_setup },
    { "query_size_own_id", query_size_own_id },
    { "query_size_bad_domain_status", query_size_bad_domain_status },
    { "query_size_count_not_1_einval", query_size_count_not_1_einval },
    { "query_size_bad_pointer_efault", query_size_bad_pointer_efault },
    { "setup_table_grows_and_maps", setup_table_grows_and_maps },
    { "setup_table_own_id_same_frames", setup_table_own_id_same_frames },
    { "setup_table_zero_frames_okay", setup_table_zero_frames_okay },
    { "setup_table_above_max_general_error", setup_table_above_max_general_error },
    { "setup_table_count_not_1_einval", setup_table_count_not_1_einval },
    { "setup_table_bad_frame_list", setup_table_bad_frame_list },
    { "setup_table_bad_domain_status", setup_table_bad_domain_status },
    { "get_version_is_1", get_version_is_1 },
    { "set_version_1_okay", set_version_1_okay },
    { "set_version_bad_einval", set_version_bad_einval },
    { "set_version_2_and_back_clears_entries", set_version_2_and_back_clears_entries },
    { "get_status_frames_v1", get_status_frames_v1 },
    { "swap_grant_ref_v1", swap_grant_ref_v1 },
    { "dump_table_enosys", dump_table_enosys },
    { "unknown_cmd_enosys", unknown_cmd_enosys },
    { "cmd_high_bits_einval", cmd_high_bits_einval },
    { "count_negative_einval", count_negative_einval },
    { "cache_flush_count_0", cache_flush_count_0 },
};
const unsigned table_count = ARRAY_SIZE(table_cases);
