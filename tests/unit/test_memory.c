/*
 * memory_op (xen/memory.c): reservation ops and their count-only results,
 * max_pages accounting, continuations through the start extent, frames
 * still in use surviving decrease_reservation, exchange, the queries and
 * memory maps, and the sub-ops PV guests are refused.
 */
#include <check.h>
#include <stdlib.h>

#include "public/memory.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_guest_memory.h"
#include "tests/unit/mm_fixture.h"
#include "xen/arch/mm.h"
#include "xen/hypercall.h"
#include "xen/page_alloc.h"

static struct domain *dom;

/* Guest-visible buffers, registered once. */
static struct xen_memory_reservation res;
static struct xen_memory_exchange exch;
static xen_pfn_t list[4096], list2[4096];
static domid_t domid_arg;

static void setup(void)
{
    fix_setup();
    dom = fix_domain(1, false, 64);
    fix_run_as(dom);
    fake_guest_memory_add(&res, sizeof(res));
    fake_guest_memory_add(&exch, sizeof(exch));
    fake_guest_memory_add(list, sizeof(list));
    fake_guest_memory_add(list2, sizeof(list2));
    fake_guest_memory_add(&domid_arg, sizeof(domid_arg));
}

static long memop(uint64_t cmd, void *arg)
{
    hypercall_work_reset();
    return do_memory_op(cmd, (uint64_t)arg, 0, 0, 0);
}

static long reserve(unsigned op, unsigned nr, unsigned order, domid_t id)
{
    res = (struct xen_memory_reservation){
        .extent_start = (uint64_t)list,
        .nr_extents = nr,
        .extent_order = order,
        .domid = id,
    };
    return memop(op, &res);
}

/* Like the arch: re-enter while the call asks to be continued. */
static long memop_to_completion(uint64_t cmd, void *arg, unsigned *calls)
{
    uint64_t args[5] = { cmd, (uint64_t)arg, 0, 0, 0 };
    long rc;

    for (*calls = 1;; ++*calls) {
        hypercall_work_reset();
        rc = do_memory_op(args[0], args[1], args[2], args[3], args[4]);
        if (rc != -ERESTART)
            return rc;
        memcpy(args, fake_current->continuation_args, sizeof(args));
    }
}

START_TEST(test_increase_reservation_counts_and_limits)
{
    ck_assert_int_eq(reserve(XENMEM_increase_reservation, 10, 0, DOMID_SELF), 10);
    ck_assert_uint_eq(dom->tot_pages, 10);
    for (unsigned i = 0; i < 10; i++) {
        ck_assert_ptr_eq(mfn_to_page(list[i])->owner, dom);
        ck_assert_uint_eq(fix_count(list[i]), 1);
    }
    /* max_pages 64: 54 more frames fit, as 6 extents of 8 and no more. */
    ck_assert_int_eq(reserve(XENMEM_increase_reservation, 8, 3, DOMID_SELF), 6);
    ck_assert_uint_eq(dom->tot_pages, 58);
    ck_assert_uint_eq(list[5] & 7, 0); /* aligned extents */
    ck_assert_int_eq(reserve(XENMEM_increase_reservation, 1, 10, DOMID_SELF), 0); /* order > 9 */
    res.extent_start = 0;
    res.nr_extents = 2;
    res.extent_order = 0;
    ck_assert_int_eq(memop(XENMEM_increase_reservation, &res), 2); /* no list is fine */
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_reservation_ops_return_counts_never_errors)
{
    ck_assert_int_eq(reserve(XENMEM_increase_reservation, 3, 0, 99), 0); /* no such domain */
    struct domain *other = fix_domain(2, false, 16);
    ck_assert_int_eq(reserve(XENMEM_increase_reservation, 3, 0, 2), 0); /* not ours */
    ck_assert_uint_eq(other->tot_pages, 0);
    ck_assert_int_eq(memop(XENMEM_increase_reservation, (void *)0x10), 0); /* bad argument */
    ck_assert_int_eq(memop(XENMEM_populate_physmap | (5 << MEMOP_EXTENT_SHIFT), (void *)0x10), 5);
    ck_assert_int_eq(
        reserve(XENMEM_increase_reservation | (3 << MEMOP_EXTENT_SHIFT), 3, 0, DOMID_SELF),
        3); /* start >= nr */
    res.mem_flags = XENMEMF_address_bits(12);
    ck_assert_int_eq(memop(XENMEM_increase_reservation, &res), 0);
    res.mem_flags = XENMEMF_exact_node(1);
    ck_assert_int_eq(memop(XENMEM_increase_reservation, &res), 0);
    res.mem_flags = XENMEMF_node(1);
    ck_assert_int_eq(memop(XENMEM_increase_reservation, &res), 3);
    res.extent_start = HYPERVISOR_VIRT_START;
    ck_assert_int_eq(memop(XENMEM_increase_reservation, &res), 0);
    struct domain *dom0 = fix_domain(0, true, 16);
    fix_run_as(dom0);
    ck_assert_int_eq(reserve(XENMEM_increase_reservation, 3, 0, 2), 3); /* privileged */
    ck_assert_uint_eq(other->tot_pages, 3);
}
END_TEST

START_TEST(test_populate_physmap_fills_the_m2p)
{
    for (unsigned i = 0; i < 4; i++)
        list[i] = 0x100 + 8 * i;
    ck_assert_int_eq(reserve(XENMEM_populate_physmap, 4, 3, DOMID_SELF), 4);
    for (unsigned i = 0; i < 4; i++)
        for (unsigned j = 0; j < 8; j++)
            ck_assert_uint_eq(get_gpfn_from_mfn(list[i] + j), 0x100 + 8 * i + j);
    ck_assert_uint_eq(dom->tot_pages, 32);
    res.mem_flags = XENMEMF_populate_on_demand;
    ck_assert_int_eq(memop(XENMEM_populate_physmap, &res), 0);
}
END_TEST

START_TEST(test_decrease_reservation_frees_only_unused_frames)
{
    uint64_t free_before = page_alloc_free_count();

    ck_assert_int_eq(reserve(XENMEM_increase_reservation, 4, 0, DOMID_SELF), 4);
    mfn_t l1 = list[0], data = list[1];
    fix_tab(l1)[0] = fake_pte(data, F_P | F_RW);
    ck_assert_int_eq(get_page_and_type(mfn_to_page(l1), dom, PGT_l1_page_table), 0);
    mfn_to_page(l1)->type_info |= PGT_pinned;
    ck_assert_int_eq(reserve(XENMEM_decrease_reservation, 4, 0, DOMID_SELF), 4);
    /* The pinned table and the frame it maps stay until unpinned. */
    ck_assert_uint_eq(dom->tot_pages, 2);
    ck_assert_uint_eq(page_alloc_free_count(), free_before - 2);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    mfn_to_page(l1)->type_info &= ~PGT_pinned;
    put_page_and_type(mfn_to_page(l1));
    ck_assert_uint_eq(dom->tot_pages, 0);
    ck_assert_uint_eq(page_alloc_free_count(), free_before);
    /* Frames not ours stop the count. */
    struct domain *other = fix_domain(2, false, 16);
    list[0] = fix_frame(dom);
    list[1] = fix_frame(other);
    res.nr_extents = 2;
    ck_assert_int_eq(memop(XENMEM_decrease_reservation, &res), 1);
    list[0] = FIX_FRAMES + 5;
    ck_assert_int_eq(memop(XENMEM_decrease_reservation, &res), 0);
    ck_assert_uint_eq(other->tot_pages, 1);
}
END_TEST

START_TEST(test_long_reservation_is_continued)
{
    unsigned calls;

    dom->max_pages = 4096;
    res = (struct xen_memory_reservation){
        .extent_start = (uint64_t)list,
        .nr_extents = 1000,
        .domid = DOMID_SELF,
    };
    ck_assert_int_eq(memop_to_completion(XENMEM_increase_reservation, &res, &calls), 1000);
    ck_assert_uint_eq(calls, 4);
    ck_assert_uint_eq(dom->tot_pages, 1000);
    ck_assert_int_eq(memop(XENMEM_increase_reservation, &res), -ERESTART);
    ck_assert_uint_eq(fake_current->continuation_args[0],
                      XENMEM_increase_reservation | (256UL << MEMOP_EXTENT_SHIFT));
    ck_assert_uint_eq(fake_current->continuation_args[1], (uint64_t)&res);
    res.nr_extents = 1000;
    ck_assert_int_eq(memop_to_completion(XENMEM_decrease_reservation, &res, &calls), 1000);
    ck_assert_uint_eq(dom->tot_pages, 256);
    res.nr_extents = (UINT32_MAX >> MEMOP_EXTENT_SHIFT) + 1; /* cannot be encoded */
    ck_assert_int_eq(memop(XENMEM_increase_reservation, &res), 0);
}
END_TEST

START_TEST(test_exchange_trades_frames)
{
    ck_assert_int_eq(reserve(XENMEM_increase_reservation, 8, 0, DOMID_SELF), 8);
    mfn_t old[8];
    memcpy(old, list, sizeof(old));
    for (unsigned i = 0; i < 8; i++)
        list2[i] = 0x200 + i;
    exch = (struct xen_memory_exchange){
        .in = { .extent_start = (uint64_t)list, .nr_extents = 8, .domid = DOMID_SELF },
        .out = { .extent_start = (uint64_t)list2,
                 .nr_extents = 1,
                 .extent_order = 3,
                 .domid = DOMID_SELF },
    };
    list2[0] = 0x200;
    ck_assert_int_eq(memop(XENMEM_exchange, &exch), 0);
    ck_assert_uint_eq(exch.nr_exchanged, 8);
    ck_assert_uint_eq(dom->tot_pages, 8);
    ck_assert_uint_eq(list2[0] & 7, 0);
    ck_assert_uint_eq(get_gpfn_from_mfn(list2[0] + 5), 0x205);
    for (unsigned i = 0; i < 8; i++)
        ck_assert_ptr_null(mfn_to_page(old[i])->owner);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_exchange_refuses_frames_in_use)
{
    ck_assert_int_eq(reserve(XENMEM_increase_reservation, 4, 0, DOMID_SELF), 4);
    ck_assert(get_page(mfn_to_page(list[2]), dom)); /* list[2] is in use */
    exch = (struct xen_memory_exchange){
        .in = { .extent_start = (uint64_t)list, .nr_extents = 4, .domid = DOMID_SELF },
        .out = { .extent_start = (uint64_t)list2, .nr_extents = 4, .domid = DOMID_SELF },
    };
    ck_assert_int_eq(memop(XENMEM_exchange, &exch), -EINVAL);
    ck_assert_uint_eq(exch.nr_exchanged, 2);
    ck_assert_uint_eq(dom->tot_pages, 4);
    ck_assert_ptr_eq(mfn_to_page(list[2])->owner, dom);
    put_page(mfn_to_page(list[2]));
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_exchange_argument_checks)
{
    exch = (struct xen_memory_exchange){
        .in = { .extent_start = (uint64_t)list, .nr_extents = 4, .domid = DOMID_SELF },
        .out = { .extent_start = (uint64_t)list2, .nr_extents = 2, .domid = DOMID_SELF },
    };
    ck_assert_int_eq(memop(XENMEM_exchange, &exch), -EINVAL); /* sizes differ */
    exch.out.nr_extents = 4;
    exch.out.domid = 2;
    ck_assert_int_eq(memop(XENMEM_exchange, &exch), -EINVAL); /* domains differ */
    exch.out.domid = DOMID_SELF;
    exch.in.extent_order = exch.out.extent_order = 10;
    ck_assert_int_eq(memop(XENMEM_exchange, &exch), -EPERM); /* order */
    exch.in.extent_order = exch.out.extent_order = 0;
    exch.nr_exchanged = 5;
    ck_assert_int_eq(memop(XENMEM_exchange, &exch), -EINVAL);
    exch.nr_exchanged = 0;
    exch.in.domid = exch.out.domid = 77;
    ck_assert_int_eq(memop(XENMEM_exchange, &exch), -ESRCH);
    ck_assert_int_eq(memop(XENMEM_exchange | (1 << MEMOP_EXTENT_SHIFT), &exch), -EINVAL);
    ck_assert_int_eq(memop(XENMEM_exchange, (void *)0x10), -EFAULT);
}
END_TEST

START_TEST(test_queries)
{
    struct domain *other = fix_domain(2, false, 16);

    ck_assert_int_eq(reserve(XENMEM_increase_reservation, 5, 0, DOMID_SELF), 5);
    ck_assert_int_eq(memop(XENMEM_maximum_ram_page, NULL), FIX_FRAMES);
    ck_assert_int_eq(memop(XENMEM_maximum_ram_page | (1 << MEMOP_EXTENT_SHIFT), NULL), -EINVAL);
    domid_arg = DOMID_SELF;
    ck_assert_int_eq(memop(XENMEM_current_reservation, &domid_arg), 5);
    ck_assert_int_eq(memop(XENMEM_maximum_reservation, &domid_arg), 64);
    ck_assert_int_eq(memop(XENMEM_maximum_gpfn, &domid_arg), 0);
    dom->shared_info->arch.max_pfn = 0x800;
    ck_assert_int_eq(memop(XENMEM_maximum_gpfn, &domid_arg), 0x7FF);
    domid_arg = 2;
    ck_assert_int_eq(memop(XENMEM_current_reservation, &domid_arg), -EPERM);
    domid_arg = 42;
    ck_assert_int_eq(memop(XENMEM_current_reservation, &domid_arg), -ESRCH);
    ck_assert_int_eq(memop(XENMEM_current_reservation, (void *)0x10), -EFAULT);
    ck_assert_int_eq(memop(XENMEM_current_reservation | (1 << MEMOP_EXTENT_SHIFT), &domid_arg),
                     -EINVAL);
    (void)other;
}
END_TEST

START_TEST(test_memory_maps)
{
    static struct xen_memory_map map;
    static struct xen_foreign_memory_map fmap;
    static struct xen_e820_entry e820[4], host[2] = {
        { 0, 0x9F000, XEN_E820_RAM },
        { 0x100000, 0x7F00000, XEN_E820_RAM },
    };

    fake_guest_memory_add(&map, sizeof(map));
    fake_guest_memory_add(&fmap, sizeof(fmap));
    fake_guest_memory_add(e820, sizeof(e820));
    map = (struct xen_memory_map){ .nr_entries = 4, .buffer = (uint64_t)e820 };
    ck_assert_int_eq(memop(XENMEM_memory_map, &map), -ENOSYS);
    fmap = (struct xen_foreign_memory_map){ .domid = DOMID_SELF, .map = { 2, 0, (uint64_t)host } };
    ck_assert_int_eq(memop(XENMEM_set_memory_map, &fmap), -EFAULT); /* host[] not guest memory */
    fake_guest_memory_add(host, sizeof(host));
    ck_assert_int_eq(memop(XENMEM_set_memory_map, &fmap), 0);
    ck_assert_int_eq(memop(XENMEM_memory_map, &map), 0);
    ck_assert_uint_eq(map.nr_entries, 2);
    ck_assert_uint_eq(e820[1].size, 0x7F00000);
    fmap.map.nr_entries = 1025;
    ck_assert_int_eq(memop(XENMEM_set_memory_map, &fmap), -EINVAL);
    /* The machine map: privileged only; room for one more than it has. */
    fake_e820 = host;
    fake_e820_entries = 2;
    ck_assert_int_eq(memop(XENMEM_machine_memory_map, &map), -EPERM);
    dom->is_privileged = true;
    map.nr_entries = 2;
    ck_assert_int_eq(memop(XENMEM_machine_memory_map, &map), -EINVAL);
    map.nr_entries = 3;
    ck_assert_int_eq(memop(XENMEM_machine_memory_map, &map), 0);
    ck_assert_uint_eq(map.nr_entries, 2);
    map.buffer = 0;
    ck_assert_int_eq(memop(XENMEM_machine_memory_map, &map), 0);
    ck_assert_uint_eq(map.nr_entries, 2);
    ck_assert_int_eq(memop(XENMEM_memory_map | (1 << MEMOP_EXTENT_SHIFT), &map), -ENOSYS);
}
END_TEST

START_TEST(test_machphys_mapping)
{
    static struct xen_machphys_mapping m;

    fake_guest_memory_add(&m, sizeof(m));
    ck_assert_int_eq(memop(XENMEM_machphys_mapping, &m), 0);
    /* The arch's read-only M2P (the fake's differs from x86's on purpose). */
    ck_assert_uint_eq(m.v_start, GUEST_M2P_VIRT_START);
    ck_assert_uint_eq(m.v_end, GUEST_M2P_VIRT_END);
    ck_assert_uint_eq(m.max_mfn, GUEST_M2P_ENTRIES - 1);
    struct domain *dom0 = fix_domain(0, true, 16);
    fix_run_as(dom0);
    ck_assert_int_eq(memop(XENMEM_machphys_mapping, &m), 0);
    ck_assert_uint_eq(m.max_mfn, FIX_FRAMES - 1);
    ck_assert_int_eq(memop(XENMEM_machphys_mapping, (void *)0x10), -EFAULT);
}
END_TEST

START_TEST(test_machphys_mfn_list)
{
    static struct xen_machphys_mfn_list l;

    fake_guest_memory_add(&l, sizeof(l));
    l = (struct xen_machphys_mfn_list){ .max_extents = 4, .extent_start = (uint64_t)list };
    ck_assert_int_eq(memop(XENMEM_machphys_mfn_list, &l), 0);
    ck_assert_uint_eq(l.nr_extents, 1); /* 2048 frames: 16 KiB of M2P */
    l.max_extents = 0;
    ck_assert_int_eq(memop(XENMEM_machphys_mfn_list, &l), 0);
    ck_assert_uint_eq(l.nr_extents, 0);
    l.max_extents = 1;
    l.extent_start = 0x10;
    ck_assert_int_eq(memop(XENMEM_machphys_mfn_list, &l), -EFAULT);
}
END_TEST

START_TEST(test_refused_and_unknown_sub_ops)
{
    static struct xen_add_to_physmap xatp = { .domid = DOMID_SELF, .space = XENMAPSPACE_gmfn };

    fake_guest_memory_add(&xatp, sizeof(xatp));
    ck_assert_int_eq(memop(XENMEM_add_to_physmap, &xatp), -EACCES);
    ck_assert_int_eq(memop(XENMEM_add_to_physmap | (0x10000UL << MEMOP_EXTENT_SHIFT), &xatp),
                     -EDOM);
    xatp.space = XENMAPSPACE_gmfn_foreign;
    ck_assert_int_eq(memop(XENMEM_add_to_physmap, &xatp), -ENOSYS);
    xatp.space = XENMAPSPACE_gmfn;
    xatp.domid = 55;
    ck_assert_int_eq(memop(XENMEM_add_to_physmap, &xatp), -ESRCH);
    ck_assert_int_eq(memop(8, NULL), -ENOSYS);
    ck_assert_int_eq(memop(29, NULL), -ENOSYS);
    ck_assert_int_eq(memop(63, NULL), -ENOSYS);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("memory_op");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_increase_reservation_counts_and_limits);
    tcase_add_test(tc, test_reservation_ops_return_counts_never_errors);
    tcase_add_test(tc, test_populate_physmap_fills_the_m2p);
    tcase_add_test(tc, test_decrease_reservation_frees_only_unused_frames);
    tcase_add_test(tc, test_long_reservation_is_continued);
    tcase_add_test(tc, test_exchange_trades_frames);
    tcase_add_test(tc, test_exchange_refuses_frames_in_use);
    tcase_add_test(tc, test_exchange_argument_checks);
    tcase_add_test(tc, test_queries);
    tcase_add_test(tc, test_memory_maps);
    tcase_add_test(tc, test_machphys_mapping);
    tcase_add_test(tc, test_machphys_mfn_list);
    tcase_add_test(tc, test_refused_and_unknown_sub_ops);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
