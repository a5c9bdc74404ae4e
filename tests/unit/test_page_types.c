/*
 * Page types and reference counts (xen/page_types.c, xen/pagetable.c,
 * arch/x86/pv/pte_rules.c): validation of every level, the entry rules, loops,
 * linear tables, counts back to their start, teardown, the audit.
 */
#include <check.h>

#include "tests/unit/fake_arch.h"
#include "tests/unit/mm_fixture.h"
#include "xen/page_alloc.h"
#include "xen/pagetable.h"

static struct domain *dom;

static void setup(void)
{
    fix_setup();
    dom = fix_domain(1, false, 256);
    fix_run_as(dom);
}

static int take(mfn_t mfn, uint64_t type)
{
    return get_page_and_type(mfn_to_page(mfn), dom, type);
}

static void drop(mfn_t mfn)
{
    put_page_and_type(mfn_to_page(mfn));
}

/* Held the way a guest holds a table, so the audit knows who holds it. */
static int pin(mfn_t mfn, uint64_t type)
{
    int rc = take(mfn, type);

    if (!rc)
        mfn_to_page(mfn)->type_info |= PGT_pinned;
    return rc;
}

static void unpin(mfn_t mfn)
{
    mfn_to_page(mfn)->type_info &= ~PGT_pinned;
    drop(mfn);
}

/* General references */

START_TEST(test_get_page_checks_owner)
{
    struct domain *other = fix_domain(2, false, 16);
    mfn_t mine = fix_frame(dom), theirs = fix_frame(other);

    ck_assert(get_page(mfn_to_page(mine), dom));
    ck_assert_uint_eq(fix_count(mine), 2);
    ck_assert(!get_page(mfn_to_page(theirs), dom));
    ck_assert_uint_eq(fix_count(theirs), 1);
    put_page(mfn_to_page(mine));
    ck_assert_uint_eq(fix_count(mine), 1);
}
END_TEST

START_TEST(test_get_page_refuses_free_and_reserved_frames)
{
    struct page_info *free_pg = alloc_pages(0);

    free_pages(free_pg, 0);
    ck_assert(!get_page(free_pg, dom));
    ck_assert(!get_page(mfn_to_page(0), dom));
    ck_assert_ptr_null(get_page_from_mfn(FIX_FRAMES + 5, dom));
}
END_TEST

START_TEST(test_general_count_never_overflows)
{
    mfn_t mfn = fix_frame(dom);
    struct page_info *pg = mfn_to_page(mfn);

    pg->count_info = PGC_allocated | (PGC_count_mask - 2);
    ck_assert(get_page(pg, dom));
    ck_assert(!get_page(pg, dom));
    ck_assert_uint_eq(fix_count(mfn), PGC_count_mask - 1);
}
END_TEST

START_TEST(test_put_page_at_zero_is_a_bug)
{
    struct page_info *pg = alloc_pages(0);

    pg->owner = dom;
    ck_assert_int_eq(FAKE_EXPECT_EXIT(put_page(pg)), MACHINE_PANIC);
    ck_assert_ptr_nonnull(strstr(fake_console, "BUG"));
}
END_TEST

START_TEST(test_put_page_type_at_zero_is_a_bug)
{
    mfn_t mfn = fix_frame(dom);

    ck_assert_int_eq(FAKE_EXPECT_EXIT(put_page_type(mfn_to_page(mfn))), MACHINE_PANIC);
}
END_TEST

START_TEST(test_last_reference_frees_the_frame)
{
    uint64_t free_before = page_alloc_free_count();
    mfn_t mfn = fix_frame(dom);

    ck_assert_uint_eq(dom->tot_pages, 1);
    ck_assert(get_page(mfn_to_page(mfn), dom));
    ck_assert_int_eq(page_drop_allocation(mfn_to_page(mfn)), 0);
    ck_assert_int_eq(page_drop_allocation(mfn_to_page(mfn)), -EINVAL);
    ck_assert_uint_eq(dom->tot_pages, 1); /* still referenced */
    put_page(mfn_to_page(mfn));
    ck_assert_uint_eq(dom->tot_pages, 0);
    ck_assert_uint_eq(page_alloc_free_count(), free_before);
    ck_assert_ptr_null(mfn_to_page(mfn)->owner);
}
END_TEST

/* Types */

START_TEST(test_type_changes_only_at_count_zero)
{
    mfn_t mfn = fix_frame(dom);

    ck_assert_int_eq(take(mfn, PGT_writable_page), 0);
    ck_assert_int_eq(take(mfn, PGT_l1_page_table), -EINVAL);
    ck_assert_int_eq(take(mfn, PGT_writable_page), 0);
    ck_assert_uint_eq(fix_type_count(mfn), 2);
    drop(mfn);
    drop(mfn);
    ck_assert_uint_eq(fake_mmu.flush_all, 0);
    ck_assert_int_eq(take(mfn, PGT_l1_page_table), 0);
    /* Leaving "writable" flushes stale writable TLB entries everywhere. */
    ck_assert_uint_eq(fake_mmu.flush_all, 1);
    ck_assert_int_eq(take(mfn, PGT_writable_page), -EINVAL);
    drop(mfn);
    ck_assert_uint_eq(fix_count(mfn), 1);
}
END_TEST

START_TEST(test_type_count_never_overflows)
{
    mfn_t mfn = fix_frame(dom);
    struct page_info *pg = mfn_to_page(mfn);

    pg->type_info = PGT_writable_page | PGT_validated | (PGT_count_mask - 1);
    ck_assert_int_eq(get_page_type(pg, PGT_writable_page), 0);
    ck_assert_int_eq(get_page_type(pg, PGT_writable_page), -EINVAL);
    ck_assert_uint_eq(fix_type_count(mfn), PGT_count_mask);
}
END_TEST

START_TEST(test_segdesc_pages_are_validated_by_the_arch)
{
    mfn_t mfn = fix_frame(dom);

    fake_segdesc_result = -EINVAL;
    ck_assert_int_eq(take(mfn, PGT_seg_desc_page), -EINVAL);
    ck_assert_uint_eq(fix_count(mfn), 1);
    fake_segdesc_result = 0;
    ck_assert_int_eq(take(mfn, PGT_seg_desc_page), 0);
    ck_assert_int_eq(take(mfn, PGT_writable_page), -EINVAL);
    drop(mfn);
}
END_TEST

/* L1 entries */

static int validate_l1_with(pte_t e, mfn_t *l1)
{
    *l1 = fix_frame(dom);
    fix_tab(*l1)[7] = e;
    return take(*l1, PGT_l1_page_table);
}

START_TEST(test_l1_takes_a_reference_per_mapping)
{
    mfn_t data = fix_frame(dom), l1;

    fix_tab(data)[0] = 0;
    ck_assert_int_eq(validate_l1_with(fake_pte(data, F_P), &l1), 0);
    ck_assert_uint_eq(fix_count(data), 2);
    ck_assert_uint_eq(fix_type(data), PGT_none);
    drop(l1);
    ck_assert_uint_eq(fix_count(data), 1);
    ck_assert_int_eq(validate_l1_with(fake_pte(data, F_P | F_RW), &l1), 0);
    ck_assert_uint_eq(fix_type(data), PGT_writable_page);
    ck_assert_uint_eq(fix_type_count(data), 1);
    mfn_to_page(l1)->type_info |= PGT_pinned;
    ck_assert_int_eq(page_audit_domain(dom), 0);
    unpin(l1);
    ck_assert_uint_eq(fix_count(data), 1);
    ck_assert_uint_eq(fix_type_count(data), 0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_l1_entries_are_adjusted_as_xen_does)
{
    mfn_t data = fix_frame(dom), l1 = fix_frame(dom);

    fix_tab(l1)[0] = fake_pte(data, F_P | F_RW);       /* kernel mapping */
    fix_tab(l1)[1] = fake_pte(data, F_P | F_US);       /* user mapping */
    fix_tab(l1)[2] = fake_pte(data, F_P | F_G | F_NX); /* G allowed in L1 */
    ck_assert_int_eq(take(l1, PGT_l1_page_table), 0);
    ck_assert_uint_eq(fix_tab(l1)[0], fake_pte(data, F_P | F_RW | F_US | F_KERN));
    ck_assert_uint_eq(fix_tab(l1)[1], fake_pte(data, F_P | F_US | F_G));
    ck_assert_uint_eq(fix_tab(l1)[2], fake_pte(data, F_P | F_G | F_NX | F_US | F_KERN));
    drop(l1);
}
END_TEST

START_TEST(test_l1_refuses_cache_attributes_without_io_rights)
{
    mfn_t data = fix_frame(dom), l1;

    ck_assert_int_eq(validate_l1_with(fake_pte(data, F_P | F_WT), &l1), -EINVAL);
    ck_assert_int_eq(validate_l1_with(fake_pte(data, F_P | F_UC), &l1), -EINVAL);
    ck_assert_int_eq(validate_l1_with(fake_pte(data, F_P | F_WC), &l1), -EINVAL);
    ck_assert_uint_eq(fix_count(data), 1);
    dom->is_privileged = true;
    ck_assert_int_eq(validate_l1_with(fake_pte(data, F_P | F_UC), &l1), 0);
    drop(l1);
}
END_TEST

START_TEST(test_l1_refuses_frames_of_others)
{
    struct domain *other = fix_domain(2, false, 16);
    struct page_info *free_pg = alloc_pages(0);
    mfn_t l1;

    ck_assert_int_eq(validate_l1_with(fake_pte(fix_frame(other), F_P), &l1), -EBUSY);
    ck_assert_int_eq(validate_l1_with(fake_pte(page_to_mfn(free_pg), F_P), &l1), -EBUSY);
    ck_assert_int_eq(validate_l1_with(fake_pte(3, F_P), &l1), -EBUSY); /* reserved */
    ck_assert_int_eq(page_audit_domain(other), 0);
}
END_TEST

START_TEST(test_l1_io_memory_needs_privilege)
{
    mfn_t l1;
    struct page_info *hole = mfn_to_page(5);

    page_set_io(hole);
    ck_assert_int_eq(validate_l1_with(fake_pte(FIX_FRAMES + 100, F_P), &l1), -EPERM);
    ck_assert_int_eq(validate_l1_with(fake_pte(5, F_P | F_RW), &l1), -EPERM);
    ck_assert_int_eq(validate_l1_with(fake_pte(pte_invalid_mfn(), F_P), &l1), -EINVAL);
    dom->is_privileged = true;
    ck_assert_int_eq(validate_l1_with(fake_pte(FIX_FRAMES + 100, F_P | F_RW), &l1), 0);
    drop(l1);
    ck_assert_int_eq(validate_l1_with(fake_pte(5, F_P | F_RW | F_UC), &l1), 0);
    ck_assert_uint_eq(hole->count_info & PGC_count_mask, 1); /* not counted */
    drop(l1);
}
END_TEST

START_TEST(test_l1_cannot_map_a_page_table_writable)
{
    mfn_t l1 = fix_frame(dom), other_l1 = fix_frame(dom), holder;

    ck_assert_int_eq(take(other_l1, PGT_l1_page_table), 0);
    ck_assert_int_eq(validate_l1_with(fake_pte(other_l1, F_P | F_RW), &holder), -EBUSY);
    ck_assert_int_eq(validate_l1_with(fake_pte(other_l1, F_P), &holder), 0);
    drop(holder);
    /* Nor itself. */
    fix_tab(l1)[0] = fake_pte(l1, F_P | F_RW);
    ck_assert_int_eq(take(l1, PGT_l1_page_table), -EBUSY);
    fix_tab(l1)[0] = fake_pte(l1, F_P);
    ck_assert_int_eq(take(l1, PGT_l1_page_table), 0);
    ck_assert_uint_eq(fix_count(l1), 3);
    drop(l1);
    drop(other_l1);
    ck_assert_uint_eq(fix_count(l1), 1);
    ck_assert_uint_eq(fix_count(other_l1), 1);
}
END_TEST

START_TEST(test_writable_mapped_frame_cannot_become_a_table)
{
    mfn_t data = fix_frame(dom), l1;

    ck_assert_int_eq(validate_l1_with(fake_pte(data, F_P | F_RW), &l1), 0);
    ck_assert_int_eq(take(data, PGT_l1_page_table), -EINVAL);
    ck_assert_int_eq(take(data, PGT_l4_page_table), -EINVAL);
    drop(l1);
    ck_assert_int_eq(take(data, PGT_l1_page_table), 0);
    drop(data);
}
END_TEST

START_TEST(test_failed_validation_releases_earlier_entries)
{
    struct domain *other = fix_domain(2, false, 16);
    mfn_t data = fix_frame(dom), l1 = fix_frame(dom);

    for (unsigned i = 0; i < 100; i++)
        fix_tab(l1)[i] = fake_pte(data, F_P | F_RW);
    fix_tab(l1)[100] = fake_pte(fix_frame(other), F_P);
    ck_assert_int_eq(take(l1, PGT_l1_page_table), -EBUSY);
    ck_assert_uint_eq(fix_count(data), 1);
    ck_assert_uint_eq(fix_type_count(data), 0);
    ck_assert_uint_eq(fix_count(l1), 1);
    ck_assert_uint_eq(fix_type(l1), PGT_none);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

/* Upper levels */

START_TEST(test_full_tree_validates_and_unwinds)
{
    struct fix_tree t;

    fix_tree(dom, &t, 0x400000);
    ck_assert_int_eq(pin(t.l4, PGT_l4_page_table), 0);
    ck_assert_uint_eq(fix_type(t.l3), PGT_l3_page_table);
    ck_assert_uint_eq(fix_type(t.l2), PGT_l2_page_table);
    ck_assert_uint_eq(fix_type(t.l1), PGT_l1_page_table);
    ck_assert_uint_eq(fix_type(t.data), PGT_writable_page);
    ck_assert(mfn_to_page(t.l1)->type_info & PGT_validated);
    ck_assert_uint_eq(fix_tab(t.l3)[0], fake_pte(t.l2, F_P | F_RW | F_US));
    ck_assert_int_eq(page_audit_domain(dom), 0);
    unpin(t.l4);
    mfn_t all[] = { t.l4, t.l3, t.l2, t.l1, t.data };
    for (unsigned i = 0; i < 5; i++) {
        ck_assert_uint_eq(fix_count(all[i]), 1);
        ck_assert_uint_eq(fix_type_count(all[i]), 0);
        ck_assert(!(mfn_to_page(all[i])->type_info & PGT_validated) || all[i] == t.data);
    }
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_upper_entries_get_user_and_accessed)
{
    struct fix_tree t;

    fix_tree(dom, &t, 0);
    fix_tab(t.l4)[0] = fake_pte(t.l3, F_P | F_RW);
    fix_tab(t.l3)[0] = fake_pte(t.l2, F_P | F_RW);
    ck_assert_int_eq(take(t.l4, PGT_l4_page_table), 0);
    ck_assert_uint_eq(fix_tab(t.l4)[0], fake_pte(t.l3, F_P | F_RW | F_US | F_A));
    ck_assert_uint_eq(fix_tab(t.l3)[0], fake_pte(t.l2, F_P | F_RW | F_US));
    drop(t.l4);
}
END_TEST

START_TEST(test_superpages_and_global_refused_above_l1)
{
    mfn_t l2 = fix_frame(dom), l3 = fix_frame(dom), l1 = fix_frame(dom);

    fix_tab(l2)[0] = fake_pte(l1, F_P | F_HUGE);
    ck_assert_int_eq(take(l2, PGT_l2_page_table), -EINVAL);
    fix_tab(l2)[0] = fake_pte(l1, F_P | F_G);
    ck_assert_int_eq(take(l2, PGT_l2_page_table), -EINVAL);
    fix_tab(l2)[0] = fake_pte(l1, F_P | F_UC);
    ck_assert_int_eq(take(l2, PGT_l2_page_table), -EINVAL);
    fix_tab(l3)[0] = fake_pte(l2, F_P | F_HUGE);
    ck_assert_int_eq(take(l3, PGT_l3_page_table), -EINVAL);
    ck_assert_uint_eq(fix_count(l1), 1);
    ck_assert_uint_eq(fix_count(l2), 1);
}
END_TEST

START_TEST(test_root_hypervisor_slots_come_from_the_hypervisor)
{
    mfn_t l4 = fix_frame(dom), l3 = fix_frame(dom);
    const unsigned first = FAKE_PTE_HV_SLOT_FIRST, last = FAKE_PTE_HV_SLOT_LAST;
    const unsigned m2p = FAKE_PTE_RO_M2P_SLOT;

    /* Garbage a guest left there is neither checked nor kept. */
    for (unsigned slot = first; slot <= last; slot++)
        fix_tab(l4)[slot] = fake_pte(l3, F_P | F_RW | F_HUGE);
    fix_tab(l4)[last + 1] = fake_pte(l3, F_P);
    ck_assert_int_eq(take(l4, PGT_l4_page_table), 0);
    ck_assert_uint_eq(fix_tab(l4)[m2p], 0); /* RO M2P only when strict */
    for (unsigned slot = first; slot <= last; slot++)
        if (slot != m2p)
            ck_assert_uint_eq(fix_tab(l4)[slot], 0xE000 + slot);
    ck_assert_uint_eq(fix_count(l3), 2);
    drop(l4);
    ck_assert_uint_eq(fix_count(l3), 1);
    dom->vm_assist |= 1UL << 32; /* m2p_strict */
    ck_assert_int_eq(take(l4, PGT_l4_page_table), 0);
    ck_assert_uint_eq(fix_tab(l4)[m2p], 0xE000 + m2p);
    drop(l4);
}
END_TEST

START_TEST(test_loop_back_to_the_root_cannot_validate)
{
    struct fix_tree t;

    fix_tree(dom, &t, 0);
    fix_tab(t.l2)[1] = fake_pte(t.l4, F_P); /* "L1" = the L4 */
    ck_assert_int_eq(take(t.l4, PGT_l4_page_table), -EINVAL);
    fix_tab(t.l2)[1] = 0;
    fix_tab(t.l3)[1] = fake_pte(t.l3, F_P | F_RW); /* writable self reference */
    ck_assert_int_eq(take(t.l4, PGT_l4_page_table), -EINVAL);
    fix_tab(t.l3)[1] = fake_pte(t.l4, F_P); /* "L2" = the L4 */
    ck_assert_int_eq(take(t.l4, PGT_l4_page_table), -EINVAL);
    fix_tab(t.l1)[1] = fake_pte(t.l2, F_P | F_RW); /* table mapped writable */
    fix_tab(t.l3)[1] = 0;
    ck_assert_int_eq(take(t.l4, PGT_l4_page_table), -EBUSY);
    mfn_t all[] = { t.l4, t.l3, t.l2, t.l1, t.data };
    for (unsigned i = 0; i < 5; i++) {
        ck_assert_uint_eq(fix_count(all[i]), 1);
        ck_assert_uint_eq(fix_type_count(all[i]), 0);
    }
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_linear_self_map_is_read_only)
{
    mfn_t l4 = fix_frame(dom);

    fix_tab(l4)[510] = fake_pte(l4, F_P | F_RW);
    ck_assert_int_eq(take(l4, PGT_l4_page_table), -EINVAL);
    fix_tab(l4)[510] = fake_pte(l4, F_P);
    ck_assert_int_eq(pin(l4, PGT_l4_page_table), 0);
    ck_assert_uint_eq(fix_count(l4), 2); /* no reference on itself */
    ck_assert_uint_eq(fix_type_count(l4), 1);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    unpin(l4);
    ck_assert_uint_eq(fix_count(l4), 1);
}
END_TEST

START_TEST(test_linear_entry_needs_a_validated_table)
{
    mfn_t a = fix_frame(dom), b = fix_frame(dom), l1 = fix_frame(dom);

    /* b cannot pass as an L1 (it maps a page table writable), nor as a
     * linear L2 while it is not validated. */
    ck_assert_int_eq(pin(l1, PGT_l1_page_table), 0);
    fix_tab(b)[0] = fake_pte(l1, F_P | F_RW);
    fix_tab(a)[0] = fake_pte(b, F_P);
    ck_assert_int_eq(take(a, PGT_l2_page_table), -EBUSY);
    ck_assert_int_eq(pin(b, PGT_l2_page_table), 0);
    ck_assert_int_eq(pin(a, PGT_l2_page_table), 0); /* now it is */
    ck_assert_uint_eq(fix_type_count(b), 2);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    unpin(a);
    ck_assert_uint_eq(fix_type_count(b), 1);
    ck_assert_int_eq(mfn_to_page(b)->linear_pt_count, 0);
    unpin(b);
    ck_assert_uint_eq(fix_type_count(l1), 1);
    unpin(l1);
    ck_assert_uint_eq(fix_count(l1), 1);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_linear_references_form_no_cycles)
{
    mfn_t a = fix_frame(dom), b = fix_frame(dom), c = fix_frame(dom);
    struct page_info *pa = mfn_to_page(a), *pb = mfn_to_page(b);

    ck_assert_int_eq(pin(a, PGT_l2_page_table), 0);
    ck_assert_int_eq(pin(b, PGT_l2_page_table), 0);
    mm_lock();
    ck_assert_int_eq(pt_update_entry(pa, 0, fake_pte(b, F_P), false, dom, dom), 0);
    /* b is a target now: it cannot gain linear entries (b -> a closes a cycle). */
    ck_assert_int_eq(pt_update_entry(pb, 0, fake_pte(a, F_P), false, dom, dom), -EINVAL);
    /* a holds linear entries: it cannot become a target (c -> a). */
    mm_unlock();
    fix_tab(c)[0] = fake_pte(a, F_P);
    ck_assert_int_eq(take(c, PGT_l2_page_table), -EINVAL);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    mm_lock();
    ck_assert_int_eq(pt_update_entry(pa, 0, 0, false, dom, dom), 0);
    ck_assert_int_eq(pt_update_entry(pb, 0, fake_pte(a, F_P), false, dom, dom), 0);
    mm_unlock();
    unpin(a);
    ck_assert_uint_eq(fix_type_count(a), 1); /* held by b's entry */
    unpin(b);
    ck_assert_uint_eq(fix_type_count(a), 0);
    ck_assert_uint_eq(fix_count(a), 1);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

/* Shared hypervisor pages */

START_TEST(test_shared_xen_page_is_writable_but_keeps_its_cache_attribute)
{
    struct page_info *shared = dom->shared_info_page;
    mfn_t l1;

    page_share_xen(shared, dom);
    ck_assert_int_eq(validate_l1_with(fake_pte(page_to_mfn(shared), F_P | F_RW), &l1), 0);
    ck_assert_uint_eq(shared->type_info & PGT_count_mask, 2);
    drop(l1);
    dom->is_privileged = true;
    ck_assert_int_eq(validate_l1_with(fake_pte(page_to_mfn(shared), F_P | F_RW | F_UC), &l1),
                     -EACCES);
    ck_assert_uint_eq(shared->type_info & PGT_count_mask, 1);
    ck_assert_uint_eq(shared->count_info & PGC_count_mask, 1);
}
END_TEST

/* Teardown and audit */

START_TEST(test_relinquish_returns_every_frame)
{
    uint64_t free_before = page_alloc_free_count();
    struct fix_tree t;
    struct vcpu *v = dom->vcpus[0];

    fix_tree(dom, &t, 0x1000);
    fix_tab(t.l4)[1] = fake_pte(t.l4, F_P); /* linear self map */
    for (unsigned i = 0; i < 20; i++)
        fix_tab(t.l1)[20 + i] = fake_pte(fix_frame(dom), F_P | F_RW);
    ck_assert_int_eq(take(t.l4, PGT_l4_page_table), 0);
    v->guest_table = t.l4;
    mfn_t l1b = fix_frame(dom);
    ck_assert_int_eq(take(l1b, PGT_l1_page_table), 0);
    mfn_to_page(l1b)->type_info |= PGT_pinned;
    ck_assert_int_eq(page_audit_domain(dom), 0);
    page_share_xen(dom->shared_info_page, dom);
    dom->state = DOMAIN_DYING;
    ck_assert_uint_eq(domain_relinquish_memory(dom), 0);
    ck_assert_uint_eq(domain_relinquish_memory(dom), 0);
    ck_assert_uint_eq(dom->tot_pages, 0);
    ck_assert_uint_eq(v->guest_table, 0);
    ck_assert_uint_eq(page_alloc_free_count(), free_before);
    ck_assert_ptr_null(dom->shared_info_page->owner);
}
END_TEST

START_TEST(test_relinquish_leaves_frames_others_map)
{
    struct domain *dom0 = fix_domain(0, true, 64);
    mfn_t data = fix_frame(dom), l1 = fix_frame(dom0);

    fix_tab(l1)[0] = fake_pte(data, F_P | F_RW);
    mm_lock();
    ck_assert_int_eq(page_type_get_locked(mfn_to_page(l1), PGT_l1_page_table), -EBUSY);
    mm_unlock();
    fix_tab(l1)[0] = 0;
    ck_assert_int_eq(get_page_and_type(mfn_to_page(l1), dom0, PGT_l1_page_table), 0);
    mm_lock();
    ck_assert_int_eq(
        pt_update_entry(mfn_to_page(l1), 0, fake_pte(data, F_P | F_RW), false, dom0, dom), 0);
    mm_unlock();
    ck_assert_int_eq(page_audit_domain(dom), 0);
    dom->state = DOMAIN_DYING;
    ck_assert_uint_eq(domain_relinquish_memory(dom), 1);
    ck_assert_uint_eq(domain_relinquish_memory(dom), 1); /* running it again is harmless */
    put_page_and_type(mfn_to_page(l1));                  /* dom0 lets go */
    ck_assert_uint_eq(dom->tot_pages, 0);
    ck_assert_int_eq(page_audit_domain(dom0), 0);
}
END_TEST

START_TEST(test_builder_installs_a_pinned_root)
{
    struct fix_tree t;
    struct vcpu *v = dom->vcpus[0];

    fix_tree(dom, &t, 0x1000);
    fix_tab(t.l1)[0] = fake_pte(t.l1, F_P); /* tables map themselves read-only */
    ck_assert_int_eq(pt_install_boot_root(v, t.l4), 0);
    ck_assert_uint_eq(v->guest_table, t.l4);
    ck_assert(mfn_to_page(t.l4)->type_info & PGT_pinned);
    ck_assert_uint_eq(fix_type_count(t.l4), 2);
    ck_assert_uint_eq(fix_tab(t.l4)[FAKE_PTE_RO_M2P_SLOT], 0xE000 + FAKE_PTE_RO_M2P_SLOT);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    fix_tab(t.l1)[0] = fake_pte(t.l1, F_P | F_RW);
    ck_assert_int_eq(pt_install_boot_root(dom->vcpus[1], t.l3), -EINVAL);
}
END_TEST

START_TEST(test_audit_finds_broken_counts)
{
    mfn_t data = fix_frame(dom), l1 = fix_frame(dom);

    fix_tab(l1)[3] = fake_pte(data, F_P | F_RW);
    ck_assert_int_eq(pin(l1, PGT_l1_page_table), 0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    mfn_to_page(data)->count_info++;
    ck_assert_int_gt(page_audit_domain(dom), 0);
    ck_assert_ptr_nonnull(strstr(fake_console, "general count"));
    mfn_to_page(data)->count_info--;
    mfn_to_page(data)->type_info = PGT_l1_page_table | PGT_validated | 1;
    fake_console_reset();
    ck_assert_int_gt(page_audit_domain(dom), 0);
    ck_assert_ptr_nonnull(strstr(fake_console, "mapped writable"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("page_types");
    TCase *tc = tcase_create("types");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_get_page_checks_owner);
    tcase_add_test(tc, test_get_page_refuses_free_and_reserved_frames);
    tcase_add_test(tc, test_general_count_never_overflows);
    tcase_add_test(tc, test_put_page_at_zero_is_a_bug);
    tcase_add_test(tc, test_put_page_type_at_zero_is_a_bug);
    tcase_add_test(tc, test_last_reference_frees_the_frame);
    tcase_add_test(tc, test_type_changes_only_at_count_zero);
    tcase_add_test(tc, test_type_count_never_overflows);
    tcase_add_test(tc, test_segdesc_pages_are_validated_by_the_arch);
    tcase_add_test(tc, test_l1_takes_a_reference_per_mapping);
    tcase_add_test(tc, test_l1_entries_are_adjusted_as_xen_does);
    tcase_add_test(tc, test_l1_refuses_cache_attributes_without_io_rights);
    tcase_add_test(tc, test_l1_refuses_frames_of_others);
    tcase_add_test(tc, test_l1_io_memory_needs_privilege);
    tcase_add_test(tc, test_l1_cannot_map_a_page_table_writable);
    tcase_add_test(tc, test_writable_mapped_frame_cannot_become_a_table);
    tcase_add_test(tc, test_failed_validation_releases_earlier_entries);
    tcase_add_test(tc, test_full_tree_validates_and_unwinds);
    tcase_add_test(tc, test_upper_entries_get_user_and_accessed);
    tcase_add_test(tc, test_superpages_and_global_refused_above_l1);
    tcase_add_test(tc, test_root_hypervisor_slots_come_from_the_hypervisor);
    tcase_add_test(tc, test_loop_back_to_the_root_cannot_validate);
    tcase_add_test(tc, test_linear_self_map_is_read_only);
    tcase_add_test(tc, test_linear_entry_needs_a_validated_table);
    tcase_add_test(tc, test_linear_references_form_no_cycles);
    tcase_add_test(tc, test_shared_xen_page_is_writable_but_keeps_its_cache_attribute);
    tcase_add_test(tc, test_relinquish_returns_every_frame);
    tcase_add_test(tc, test_relinquish_leaves_frames_others_map);
    tcase_add_test(tc, test_builder_installs_a_pinned_root);
    tcase_add_test(tc, test_audit_finds_broken_counts);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
