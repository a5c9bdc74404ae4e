/*
 * grant_table_op (xen/grant_table.c) as guests see it: table size and
 * growth, mapping a grant into the caller's page tables and taking it
 * away, the flags the granter sees, the references a mapping holds, copy,
 * hostile arguments, batches and their continuation, and a dying mapper.
 * The frame audit runs after each story.
 */
#include <check.h>
#include <stdlib.h>

#include "public/grant_table.h"
#include "public/memory.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_guest_memory.h"
#include "tests/unit/mm_fixture.h"
#include "xen/arch/mm.h"
#include "xen/grant_table.h"
#include "xen/hypercall.h"
#include "xen/mmu.h"
#include "xen/pagetable.h"

#define VA     0x400000UL           /* what fix_tree maps to tree.data */
#define MAP_VA (VA + 2 * PAGE_SIZE) /* an empty slot of the same L1 */
#define REF    9                    /* the grant the stories use */

static struct domain *dom, *dom0;
static struct fix_tree tree;
static mfn_t granted; /* a frame of dom's, mapped nowhere */

/* Guest memory for the hypercall arguments. */
static union {
    struct gnttab_map_grant_ref map[300];
    struct gnttab_unmap_grant_ref unmap[300];
    struct gnttab_copy copy[4];
    struct gnttab_setup_table setup;
    struct gnttab_query_size query;
    struct gnttab_set_version set_version;
    struct gnttab_get_version get_version;
    struct gnttab_unmap_and_replace replace;
    struct gnttab_swap_grant_ref swap;
} args;
static xen_pfn_t frame_list[80];
static struct mmuext_op ext_op;

static long gnttab(unsigned cmd, unsigned count)
{
    return do_grant_table_op(cmd, (uint64_t)&args, count, 0, 0);
}

static long ext1(unsigned cmd, uint64_t mfn)
{
    ext_op = (struct mmuext_op){ .cmd = cmd, .arg1.mfn = mfn };
    return do_mmuext_op((uint64_t)&ext_op, 1, 0, DOMID_SELF, 0);
}

/* d runs with its tree pinned and loaded. */
static void run_with_tree(struct domain *d, struct fix_tree *t)
{
    fix_run_as(d);
    fix_tree(d, t, VA);
    ck_assert_int_eq(ext1(MMUEXT_PIN_L4_TABLE, t->l4), 0);
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, t->l4), 0);
}

static void setup(void)
{
    fix_setup();
    fake_guest_memory_add(&args, sizeof(args));
    fake_guest_memory_add(frame_list, sizeof(frame_list));
    fake_guest_memory_add(&ext_op, sizeof(ext_op));
    dom0 = fix_domain(0, true, 1024);
    dom = fix_domain(1, false, 1024);
    run_with_tree(dom, &tree);
    granted = fix_frame(dom);
}

static struct grant_entry_v1 *entries_of(struct domain *d)
{
    mfn_t mfn;

    ck_assert_int_eq(grant_table_frame(d, 0, &mfn), 0);
    return (struct grant_entry_v1 *)fix_tab(mfn);
}

static void grant(struct domain *granter, grant_ref_t ref, domid_t to, mfn_t frame, uint16_t flags)
{
    struct grant_entry_v1 *e = &entries_of(granter)[ref];

    e->domid = to;
    e->frame = frame;
    e->flags = flags;
}

static int16_t map1(domid_t dom_id, grant_ref_t ref, uint64_t addr, uint32_t flags)
{
    args.map[0] = (struct gnttab_map_grant_ref){
        .host_addr = addr, .flags = flags, .ref = ref, .dom = dom_id, .status = 99
    };
    ck_assert_int_eq(gnttab(GNTTABOP_map_grant_ref, 1), 0);
    return args.map[0].status;
}

static int16_t unmap1(uint64_t addr, grant_handle_t handle)
{
    args.unmap[0] =
        (struct gnttab_unmap_grant_ref){ .host_addr = addr, .handle = handle, .status = 99 };
    ck_assert_int_eq(gnttab(GNTTABOP_unmap_grant_ref, 1), 0);
    return args.unmap[0].status;
}

static pte_t map_slot(void)
{
    return fix_tab(tree.l1)[pte_index(MAP_VA, 1)];
}

START_TEST(test_query_size_and_setup_grow_the_table)
{
    args.query = (struct gnttab_query_size){ .dom = DOMID_SELF };
    ck_assert_int_eq(gnttab(GNTTABOP_query_size, 1), 0);
    ck_assert_int_eq(args.query.status, GNTST_okay);
    ck_assert_uint_eq(args.query.nr_frames, 1);
    ck_assert_uint_eq(args.query.max_nr_frames, GNTTAB_DEFAULT_MAX_FRAMES);

    args.setup = (struct gnttab_setup_table){ .dom = DOMID_SELF,
                                              .nr_frames = 4,
                                              .frame_list = (uint64_t)frame_list };
    ck_assert_int_eq(gnttab(GNTTABOP_setup_table, 1), 0);
    ck_assert_int_eq(args.setup.status, GNTST_okay);
    for (unsigned i = 0; i < 4; i++) {
        struct page_info *pg = mfn_to_page(frame_list[i]);

        ck_assert_ptr_eq(pg->owner, dom);
        ck_assert(pg->count_info & PGC_xen_heap);
        ck_assert_uint_eq(fix_type(frame_list[i]), PGT_writable_page);
    }
    args.query = (struct gnttab_query_size){ .dom = 1 };
    ck_assert_int_eq(gnttab(GNTTABOP_query_size, 1), 0);
    ck_assert_uint_eq(args.query.nr_frames, 4);

    /* Above the limit, and the call's own errors. */
    args.setup = (struct gnttab_setup_table){ .dom = DOMID_SELF,
                                              .nr_frames = GNTTAB_DEFAULT_MAX_FRAMES + 1,
                                              .frame_list = (uint64_t)frame_list };
    ck_assert_int_eq(gnttab(GNTTABOP_setup_table, 1), 0);
    ck_assert_int_eq(args.setup.status, GNTST_general_error);
    ck_assert_int_eq(gnttab(GNTTABOP_setup_table, 2), -EINVAL);
    ck_assert_int_eq(gnttab(GNTTABOP_query_size, 0), -EINVAL);
    args.setup = (struct gnttab_setup_table){ .dom = DOMID_SELF, .nr_frames = 1, .frame_list = 16 };
    ck_assert_int_eq(gnttab(GNTTABOP_setup_table, 1), 0);
    ck_assert_int_eq(args.setup.status, GNTST_bad_virt_addr);
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_query_size, 0xFFFF830000000000UL, 1, 0, 0),
                     -EFAULT);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_other_domains_tables_are_for_the_privileged)
{
    args.query = (struct gnttab_query_size){ .dom = 0 };
    ck_assert_int_eq(gnttab(GNTTABOP_query_size, 1), 0);
    ck_assert_int_eq(args.query.status, GNTST_permission_denied);
    args.query = (struct gnttab_query_size){ .dom = 77 };
    ck_assert_int_eq(gnttab(GNTTABOP_query_size, 1), 0);
    ck_assert_int_eq(args.query.status, GNTST_bad_domain);
    args.get_version = (struct gnttab_get_version){ .dom = 0 };
    ck_assert_int_eq(gnttab(GNTTABOP_get_version, 1), -EPERM);
    args.get_version = (struct gnttab_get_version){ .dom = 77 };
    ck_assert_int_eq(gnttab(GNTTABOP_get_version, 1), -ESRCH);

    fix_run_as(dom0);
    args.query = (struct gnttab_query_size){ .dom = 1 };
    ck_assert_int_eq(gnttab(GNTTABOP_query_size, 1), 0);
    ck_assert_int_eq(args.query.status, GNTST_okay);
}
END_TEST

START_TEST(test_versions_one_only)
{
    args.set_version.version = 1;
    ck_assert_int_eq(gnttab(GNTTABOP_set_version, 1), 0);
    args.set_version.version = 2;
    ck_assert_int_eq(gnttab(GNTTABOP_set_version, 1), -ENOSYS);
    ck_assert_uint_eq(args.set_version.version, 1);
    args.set_version.version = 3;
    ck_assert_int_eq(gnttab(GNTTABOP_set_version, 1), -EINVAL);
    args.get_version = (struct gnttab_get_version){ .dom = DOMID_SELF, .version = 7 };
    ck_assert_int_eq(gnttab(GNTTABOP_get_version, 1), 0);
    ck_assert_uint_eq(args.get_version.version, 1);
}
END_TEST

START_TEST(test_unknown_commands_and_counts)
{
    ck_assert_int_eq(gnttab(GNTTABOP_dump_table, 1), -ENOSYS);
    ck_assert_int_eq(gnttab(GNTTABOP_cache_flush, 0), 0);
    ck_assert_int_eq(gnttab(99, 1), -ENOSYS);
    ck_assert_int_eq(gnttab(GNTTABOP_map_grant_ref | (1U << 12), 1), -EINVAL);
    ck_assert_int_eq(gnttab(GNTTABOP_map_grant_ref, 0x80000000U), -EINVAL);
    ck_assert_int_eq(gnttab(GNTTABOP_map_grant_ref, 0), 0);
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_map_grant_ref, 0xFFFF830000000000UL, 1, 0, 0),
                     -EFAULT);
}
END_TEST

START_TEST(test_host_map_and_unmap_hold_what_an_entry_holds)
{
    uint64_t count = fix_count(granted);
    grant_handle_t handle;

    grant(dom, REF, 1, granted, GTF_permit_access);
    ck_assert_int_eq(map1(1, REF, MAP_VA, GNTMAP_host_map), GNTST_okay);
    handle = args.map[0].handle;
    ck_assert_uint_eq(args.map[0].dev_bus_addr, granted << PAGE_SHIFT);
    ck_assert_uint_eq(pte_mfn(map_slot()), granted);
    ck_assert(pte_writable(map_slot()));
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access | GTF_reading | GTF_writing);
    ck_assert_uint_eq(fix_count(granted), count + 1);
    ck_assert_uint_eq(fix_type(granted), PGT_writable_page);
    ck_assert_uint_eq(fix_type_count(granted), 1);
    ck_assert_int_eq(page_audit_domain(dom), 0);

    /* The frame cannot become a page table while mapped writable. */
    ck_assert_int_ne(ext1(MMUEXT_PIN_L1_TABLE, granted), 0);

    ck_assert_int_eq(unmap1(MAP_VA + PAGE_SIZE, handle), GNTST_general_error);
    ck_assert_int_eq(unmap1(MAP_VA, handle), GNTST_okay);
    ck_assert(!pte_present(map_slot()));
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access);
    ck_assert_uint_eq(fix_count(granted), count);
    ck_assert_uint_eq(fix_type_count(granted), 0);
    ck_assert_int_eq(unmap1(MAP_VA, handle), GNTST_bad_handle);
    ck_assert_int_eq(unmap1(MAP_VA, 100000), GNTST_bad_handle);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_readonly_and_by_pte_address)
{
    uint64_t pte_addr = (tree.l1 << PAGE_SHIFT) + pte_index(MAP_VA, 1) * sizeof(pte_t);

    grant(dom, REF, 1, granted, GTF_permit_access | GTF_readonly);
    ck_assert_int_eq(map1(1, REF, MAP_VA, GNTMAP_host_map), GNTST_general_error);
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access | GTF_readonly);
    ck_assert_int_eq(
        map1(1, REF, pte_addr,
             GNTMAP_host_map | GNTMAP_readonly | GNTMAP_contains_pte | GNTMAP_application_map),
        GNTST_okay);
    ck_assert_uint_eq(pte_mfn(map_slot()), granted);
    ck_assert(!pte_writable(map_slot()));
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access | GTF_readonly | GTF_reading);
    ck_assert_uint_eq(fix_type_count(granted), 0);
    ck_assert_int_eq(
        map1(1, REF, pte_addr + 1, GNTMAP_host_map | GNTMAP_readonly | GNTMAP_contains_pte),
        GNTST_general_error);
    ck_assert_int_eq(unmap1(pte_addr, args.map[0].handle), GNTST_okay);
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access | GTF_readonly);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_hostile_maps_leave_nothing_behind)
{
    uint64_t count = fix_count(granted);

    grant(dom, REF, 1, granted, GTF_permit_access);
    ck_assert_int_eq(map1(1, REF, MAP_VA, 0), GNTST_bad_gntref);
    ck_assert_int_eq(map1(1, 512, MAP_VA, GNTMAP_host_map), GNTST_bad_gntref);
    ck_assert_int_eq(map1(DOMID_SELF, REF, MAP_VA, GNTMAP_host_map), GNTST_bad_domain);
    ck_assert_int_eq(map1(77, REF, MAP_VA, GNTMAP_host_map), GNTST_bad_domain);
    ck_assert_int_eq(map1(1, REF + 1, MAP_VA, GNTMAP_host_map), GNTST_general_error);
    /* No L1 maps these; the hypervisor's range is no guest address. */
    ck_assert_int_eq(map1(1, REF, 0x7f0000000000UL, GNTMAP_host_map), GNTST_general_error);
    ck_assert_int_eq(map1(1, REF, 0xFFFF830000000000UL, GNTMAP_host_map), GNTST_general_error);
    ck_assert_int_eq(map1(1, REF, granted << PAGE_SHIFT, GNTMAP_host_map | GNTMAP_contains_pte),
                     GNTST_general_error);
    /* Granted to another domain; a frame that is not the granter's; a page table. */
    grant(dom, REF, 5, granted, GTF_permit_access);
    ck_assert_int_eq(map1(1, REF, MAP_VA, GNTMAP_host_map), GNTST_general_error);
    grant(dom, REF, 1, FIX_FIRST_FREE - 1, GTF_permit_access);
    ck_assert_int_eq(map1(1, REF, MAP_VA, GNTMAP_host_map), GNTST_bad_page);
    grant(dom, REF, 1, tree.l1, GTF_permit_access);
    ck_assert_int_eq(map1(1, REF, MAP_VA, GNTMAP_host_map), GNTST_general_error);
    ck_assert_int_eq(map1(1, REF, MAP_VA, GNTMAP_host_map | GNTMAP_readonly), GNTST_okay);
    ck_assert_int_eq(unmap1(MAP_VA, args.map[0].handle), GNTST_okay);

    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access);
    ck_assert_uint_eq(fix_count(granted), count);
    ck_assert(!pte_present(map_slot()));
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_device_and_host_mapping_hold_two)
{
    uint64_t count = fix_count(granted);

    grant(dom, REF, 1, granted, GTF_permit_access);
    ck_assert_int_eq(map1(1, REF, MAP_VA, GNTMAP_host_map | GNTMAP_device_map), GNTST_okay);
    ck_assert_uint_eq(fix_count(granted), count + 2);
    ck_assert_uint_eq(fix_type_count(granted), 2);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    /* Host part first; the handle lives until the device part goes too. */
    args.unmap[0] =
        (struct gnttab_unmap_grant_ref){ .host_addr = MAP_VA, .handle = args.map[0].handle };
    ck_assert_int_eq(gnttab(GNTTABOP_unmap_grant_ref, 1), 0);
    ck_assert_int_eq(args.unmap[0].status, GNTST_okay);
    ck_assert_uint_eq(fix_count(granted), count + 1);
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access | GTF_reading | GTF_writing);
    args.unmap[0] = (struct gnttab_unmap_grant_ref){ .dev_bus_addr = (granted + 1) << PAGE_SHIFT,
                                                     .handle = args.unmap[0].handle };
    ck_assert_int_eq(gnttab(GNTTABOP_unmap_grant_ref, 1), 0);
    ck_assert_int_eq(args.unmap[0].status, GNTST_bad_dev_addr);
    args.unmap[0].dev_bus_addr = granted << PAGE_SHIFT;
    ck_assert_int_eq(gnttab(GNTTABOP_unmap_grant_ref, 1), 0);
    ck_assert_int_eq(args.unmap[0].status, GNTST_okay);
    ck_assert_uint_eq(fix_count(granted), count);
    ck_assert_uint_eq(fix_type_count(granted), 0);
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access);
}
END_TEST

START_TEST(test_unmap_and_replace_moves_an_entry)
{
    grant(dom, REF, 1, granted, GTF_permit_access);
    ck_assert_int_eq(map1(1, REF, MAP_VA, GNTMAP_host_map), GNTST_okay);
    args.replace = (struct gnttab_unmap_and_replace){ .host_addr = MAP_VA,
                                                      .new_addr = VA,
                                                      .handle = args.map[0].handle };
    ck_assert_int_eq(gnttab(GNTTABOP_unmap_and_replace, 1), 0);
    ck_assert_int_eq(args.replace.status, GNTST_okay);
    ck_assert_uint_eq(pte_mfn(map_slot()), tree.data);
    ck_assert(!pte_present(fix_tab(tree.l1)[pte_index(VA, 1)]));
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_copy_between_grants_and_frames)
{
    uint8_t *g = (uint8_t *)fix_tab(granted), *d = (uint8_t *)fix_tab(tree.data);

    memcpy(g + 100, "granted!", 8);
    grant(dom, REF, 1, granted, GTF_permit_access);
    args.copy[0] =
        (struct gnttab_copy){ .source = { .u.ref = REF, .domid = 1, .offset = 100 },
                              .dest = { .u.gmfn = tree.data, .domid = DOMID_SELF, .offset = 4000 },
                              .len = 8,
                              .flags = GNTCOPY_source_gref };
    args.copy[1] = args.copy[0];
    args.copy[1].len = 100; /* past the end of the destination page */
    args.copy[2] = args.copy[0];
    args.copy[2].dest.domid = 1; /* a frame named by number, but not as DOMID_SELF */
    args.copy[3] = args.copy[0];
    args.copy[3].source.u.ref = 4096;
    ck_assert_int_eq(gnttab(GNTTABOP_copy, 4), 0);
    ck_assert_int_eq(args.copy[0].status, GNTST_okay);
    ck_assert_int_eq(memcmp(d + 4000, "granted!", 8), 0);
    ck_assert_int_eq(args.copy[1].status, GNTST_bad_copy_arg);
    ck_assert_int_eq(args.copy[2].status, GNTST_permission_denied);
    ck_assert_int_eq(args.copy[3].status, GNTST_bad_gntref);

    /* Into a read-only grant, and into a page table. */
    grant(dom, REF, 1, granted, GTF_permit_access | GTF_readonly);
    args.copy[0] = (struct gnttab_copy){ .source = { .u.gmfn = tree.data, .domid = DOMID_SELF },
                                         .dest = { .u.ref = REF, .domid = 1 },
                                         .len = 8,
                                         .flags = GNTCOPY_dest_gref };
    args.copy[1] = args.copy[0];
    args.copy[1].flags = 0;
    args.copy[1].dest = (struct gnttab_copy_ptr){ .u.gmfn = tree.l1, .domid = DOMID_SELF };
    ck_assert_int_eq(gnttab(GNTTABOP_copy, 2), 0);
    ck_assert_int_eq(args.copy[0].status, GNTST_general_error);
    ck_assert_int_eq(args.copy[1].status, GNTST_general_error);
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access | GTF_readonly);
    ck_assert_uint_eq(fix_type_count(granted), 0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_long_batches_continue)
{
    unsigned n = 300;

    grant(dom, REF, 1, granted, GTF_permit_access | GTF_readonly);
    for (unsigned i = 0; i < n; i++)
        args.map[i] = (struct gnttab_map_grant_ref){
            .flags = GNTMAP_device_map | GNTMAP_readonly, .ref = REF, .dom = 1, .status = 99
        };
    ck_assert_int_eq(gnttab(GNTTABOP_map_grant_ref, n), -ERESTART);
    ck_assert(current->continuation);
    ck_assert_uint_eq(current->continuation_args[0], GNTTABOP_map_grant_ref);
    ck_assert_uint_eq(current->continuation_args[1], (uint64_t)&args.map[HYPERCALL_WORK_BUDGET]);
    ck_assert_uint_eq(current->continuation_args[2], n - HYPERCALL_WORK_BUDGET);
    ck_assert_int_eq(args.map[HYPERCALL_WORK_BUDGET].status, 99);
    /* A pin counter stops at 128 mappings of one kind, before it could overflow. */
    ck_assert_int_eq(args.map[127].status, GNTST_okay);
    ck_assert_int_eq(args.map[128].status, GNTST_general_error);
    ck_assert_int_eq(args.map[HYPERCALL_WORK_BUDGET - 1].status, GNTST_general_error);
}
END_TEST

START_TEST(test_cache_flush_of_own_and_granted_frames)
{
    static struct gnttab_cache_flush f;
    struct domain *other = fix_domain(2, false, 16);
    mfn_t theirs = fix_frame(other);

    fake_guest_memory_add(&f, sizeof(f));
    fake_mmu_reset();
    f = (struct gnttab_cache_flush){ .a.dev_bus_addr = granted << PAGE_SHIFT,
                                     .length = 64,
                                     .op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL };
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_cache_flush, (uint64_t)&f, 1, 0, 0), 0);
    ck_assert_uint_eq(fake_mmu.flush_cache, 1);
    f.op = GNTTAB_CACHE_INVAL; /* the fake, like x86, cannot invalidate alone */
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_cache_flush, (uint64_t)&f, 1, 0, 0), -EOPNOTSUPP);
    f.op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_SOURCE_GREF;
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_cache_flush, (uint64_t)&f, 1, 0, 0), -EOPNOTSUPP);
    f.op = GNTTAB_CACHE_CLEAN;
    f.offset = 4090; /* past the end of the frame */
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_cache_flush, (uint64_t)&f, 1, 0, 0), -EINVAL);
    /* Another domain's frame: only through a grant mapping of it. */
    f = (struct gnttab_cache_flush){ .a.dev_bus_addr = theirs << PAGE_SHIFT,
                                     .length = 64,
                                     .op = GNTTAB_CACHE_CLEAN };
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_cache_flush, (uint64_t)&f, 1, 0, 0), -EINVAL);
    grant(other, REF, 1, theirs, GTF_permit_access);
    ck_assert_int_eq(map1(2, REF, 0, GNTMAP_device_map | GNTMAP_readonly), GNTST_okay);
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_cache_flush, (uint64_t)&f, 1, 0, 0), 0);
    ck_assert_uint_eq(fake_mmu.flush_cache, 2);
}
END_TEST

START_TEST(test_swap_entries)
{
    grant(dom, 1 + REF, 1, granted, GTF_permit_access);
    args.swap = (struct gnttab_swap_grant_ref){ .ref_a = REF, .ref_b = REF + 1 };
    ck_assert_int_eq(gnttab(GNTTABOP_swap_grant_ref, 1), 0);
    ck_assert_int_eq(args.swap.status, GNTST_okay);
    ck_assert_uint_eq(entries_of(dom)[REF].frame, granted);
    ck_assert_uint_eq(entries_of(dom)[REF + 1].flags, 0);
    args.swap = (struct gnttab_swap_grant_ref){ .ref_a = REF, .ref_b = 512 };
    ck_assert_int_eq(gnttab(GNTTABOP_swap_grant_ref, 1), 0);
    ck_assert_int_eq(args.swap.status, GNTST_bad_gntref);
}
END_TEST

START_TEST(test_transfer_gives_a_frame_away)
{
    struct domain *receiver = fix_domain(2, false, 1024);
    static struct gnttab_transfer t;
    uint64_t tot = dom->tot_pages;

    fake_guest_memory_add(&t, sizeof(t));
    grant(receiver, REF, 1, 0x1234, GTF_accept_transfer);
    t = (struct gnttab_transfer){ .mfn = granted, .domid = 2, .ref = REF, .status = 99 };
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_transfer, (uint64_t)&t, 1, 0, 0), 0);
    ck_assert_int_eq(t.status, GNTST_okay);
    ck_assert_ptr_eq(mfn_to_page(granted)->owner, receiver);
    ck_assert_uint_eq(dom->tot_pages, tot - 1);
    ck_assert_uint_eq(entries_of(receiver)[REF].frame, granted);
    ck_assert_uint_eq(entries_of(receiver)[REF].flags,
                      GTF_accept_transfer | GTF_transfer_committed | GTF_transfer_completed);
    ck_assert_uint_eq(get_gpfn_from_mfn(granted), 0x1234);

    /* Frames in use are refused and kept; once taken, a refusal loses the frame. */
    t = (struct gnttab_transfer){ .mfn = tree.l1, .domid = 2, .ref = REF };
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_transfer, (uint64_t)&t, 1, 0, 0), 0);
    ck_assert_int_eq(t.status, GNTST_bad_page);
    t = (struct gnttab_transfer){ .mfn = fix_frame(dom), .domid = 2, .ref = REF };
    tot = dom->tot_pages;
    ck_assert_int_eq(do_grant_table_op(GNTTABOP_transfer, (uint64_t)&t, 1, 0, 0), 0);
    ck_assert_int_eq(t.status, GNTST_general_error); /* the entry is used up */
    ck_assert_uint_eq(dom->tot_pages, tot - 1);
    ck_assert_ptr_null(mfn_to_page(t.mfn)->owner);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    ck_assert_int_eq(page_audit_domain(receiver), 0);
}
END_TEST

static struct xen_mem_acquire_resource acquire;

static long acquire1(domid_t target, unsigned id, uint64_t frame, unsigned nr, bool list)
{
    acquire = (struct xen_mem_acquire_resource){ .domid = target,
                                                 .type = XENMEM_resource_grant_table,
                                                 .id = id,
                                                 .nr_frames = nr,
                                                 .frame = frame,
                                                 .frame_list = list ? (uint64_t)frame_list : 0 };
    return do_memory_op(XENMEM_acquire_resource, (uint64_t)&acquire, 0, 0, 0);
}

START_TEST(test_acquire_resource_hands_dom0_a_domains_table)
{
    static struct mmu_update req;
    struct fix_tree tree0;
    mfn_t second;

    fake_guest_memory_add(&acquire, sizeof(acquire));
    fake_guest_memory_add(&req, sizeof(req));
    /* Only the privileged, only of another domain, only what a PV domain has. */
    ck_assert_int_eq(acquire1(0, 0, 0, 1, true), -EPERM);
    ck_assert_int_eq(acquire1(1, 0, 0, 1, true), -EPERM);
    run_with_tree(dom0, &tree0);
    ck_assert_int_eq(acquire1(0, 0, 0, 1, true), -EPERM);
    ck_assert_int_eq(acquire1(DOMID_SELF, 0, 0, 1, true), -ESRCH);
    ck_assert_int_eq(acquire1(77, 0, 0, 1, true), -ESRCH);
    ck_assert_int_eq(acquire1(1, XENMEM_resource_grant_table_id_status, 0, 1, true), -EINVAL);
    acquire.pad = 1;
    ck_assert_int_eq(do_memory_op(XENMEM_acquire_resource, (uint64_t)&acquire, 0, 0, 0), -EINVAL);
    ck_assert_int_eq(acquire1(1, 0, GNTTAB_DEFAULT_MAX_FRAMES - 1, 2, true), -EINVAL);
    ck_assert_int_eq(acquire1(1, 0, 0, 1, false), -EINVAL);

    /* The size, then frames 0-2: the table grows to reach them. */
    ck_assert_int_eq(acquire1(1, 0, 0, 0, false), 0);
    ck_assert_uint_eq(acquire.nr_frames, GNTTAB_DEFAULT_MAX_FRAMES);
    ck_assert_int_eq(acquire1(1, 0, 0, 3, true), 0);
    ck_assert_int_eq(grant_table_frame(dom, 2, &second), 0);
    ck_assert_uint_eq(frame_list[2], second);
    ck_assert_uint_eq(frame_list[0], (uint64_t)arch_virt_to_mfn(entries_of(dom)));

    /* dom0 maps frame 0 as the domain's owner allows, and sees its entries. */
    entries_of(dom)[REF].frame = 0xabcd;
    req = (struct mmu_update){ (tree0.l1 << PAGE_SHIFT) + pte_index(MAP_VA, 1) * sizeof(pte_t),
                               fake_pte(frame_list[0], F_P | F_RW) };
    ck_assert_int_eq(do_mmu_update((uint64_t)&req, 1, 0, 1, 0), 0);
    ck_assert_uint_eq(pte_mfn(fix_tab(tree0.l1)[pte_index(MAP_VA, 1)]), frame_list[0]);
    ck_assert_int_eq(page_audit_domain(dom0), 0);
}
END_TEST

START_TEST(test_a_dying_mapper_releases_its_pins)
{
    struct domain *mapper = fix_domain(2, false, 1024);
    struct fix_tree mtree;
    uint64_t count = fix_count(granted);

    grant(dom, REF, 2, granted, GTF_permit_access);
    run_with_tree(mapper, &mtree);
    ck_assert_int_eq(map1(1, REF, MAP_VA, GNTMAP_host_map), GNTST_okay);
    ck_assert_int_eq(map1(1, REF, 0, GNTMAP_device_map | GNTMAP_readonly), GNTST_okay);
    ck_assert_uint_eq(fix_count(granted), count + 2);
    /* The granter cannot take its frame back from under the mapping. */
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access | GTF_reading | GTF_writing);

    mapper->state = DOMAIN_DYING;
    fake_current = NULL;
    grant_table_relinquish(mapper);
    ck_assert_uint_eq(domain_relinquish_memory(mapper), 0);
    ck_assert_uint_eq(entries_of(dom)[REF].flags, GTF_permit_access);
    ck_assert_uint_eq(fix_count(granted), count);
    ck_assert_uint_eq(fix_type_count(granted), 0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("grant_table");
    TCase *tc = tcase_create("core");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_query_size_and_setup_grow_the_table);
    tcase_add_test(tc, test_other_domains_tables_are_for_the_privileged);
    tcase_add_test(tc, test_versions_one_only);
    tcase_add_test(tc, test_unknown_commands_and_counts);
    tcase_add_test(tc, test_host_map_and_unmap_hold_what_an_entry_holds);
    tcase_add_test(tc, test_readonly_and_by_pte_address);
    tcase_add_test(tc, test_hostile_maps_leave_nothing_behind);
    tcase_add_test(tc, test_device_and_host_mapping_hold_two);
    tcase_add_test(tc, test_unmap_and_replace_moves_an_entry);
    tcase_add_test(tc, test_copy_between_grants_and_frames);
    tcase_add_test(tc, test_long_batches_continue);
    tcase_add_test(tc, test_cache_flush_of_own_and_granted_frames);
    tcase_add_test(tc, test_swap_entries);
    tcase_add_test(tc, test_transfer_gives_a_frame_away);
    tcase_add_test(tc, test_acquire_resource_hands_dom0_a_domains_table);
    tcase_add_test(tc, test_a_dying_mapper_releases_its_pins);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
