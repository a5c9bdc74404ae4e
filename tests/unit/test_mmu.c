/*
 * The PV MMU hypercalls (xen/mmu.c): mmu_update, mmuext_op and
 * update_va_mapping as a guest sees them — results, error codes, *pdone,
 * continuations of long batches — with the audit run after each story.
 */
#include <check.h>
#include <stdlib.h>

#include "public/xen.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_guest_memory.h"
#include "tests/unit/mm_fixture.h"
#include "xen/hypercall.h"
#include "xen/mmu.h"

#define VA 0x400000UL /* what fix_tree maps */

static struct domain *dom;
static struct fix_tree tree;

static void setup(void)
{
    fix_setup();
    dom = fix_domain(1, false, 1024);
    fix_run_as(dom);
    fix_tree(dom, &tree, VA);
}

/* Make a host buffer guest memory (once) and return its guest address. */
static uint64_t gva(void *p, size_t len)
{
    static struct {
        void *p;
        size_t len;
    } known[16];
    static unsigned nr;

    for (unsigned i = 0; i < nr; i++)
        if (known[i].p == p && known[i].len >= len)
            return (uint64_t)p;
    if (nr == 16)
        abort();
    known[nr].p = p;
    known[nr++].len = len;
    fake_guest_memory_add(p, len);
    return (uint64_t)p;
}

/* One request; *done gets *pdone. */
static long update1(uint64_t ptr, uint64_t val, unsigned fd, unsigned *done)
{
    static struct mmu_update req;
    static unsigned pdone;

    req = (struct mmu_update){ ptr, val };
    pdone = 77;
    long rc = do_mmu_update(gva(&req, sizeof(req)), 1, gva(&pdone, 4), fd, 0);
    if (done)
        *done = pdone;
    return rc;
}

static uint64_t entry_ptr(mfn_t table, unsigned slot)
{
    return (table << PAGE_SHIFT) + slot * 8;
}

static long ext1(unsigned cmd, uint64_t arg1, uint64_t arg2, unsigned fd)
{
    static struct mmuext_op op;

    op = (struct mmuext_op){ .cmd = cmd, .arg1.mfn = arg1, .arg2.src_mfn = arg2 };
    return do_mmuext_op(gva(&op, sizeof(op)), 1, 0, fd, 0);
}

static void pin_tree(void)
{
    ck_assert_int_eq(ext1(MMUEXT_PIN_L4_TABLE, tree.l4, 0, DOMID_SELF), 0);
}

/* mmu_update */

START_TEST(test_update_l1_entry_checks_and_adjusts)
{
    unsigned done;
    mfn_t data2 = fix_frame(dom);

    pin_tree();
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 5), fake_pte(data2, F_P | F_RW), DOMID_SELF, &done),
                     0);
    ck_assert_uint_eq(done, 1);
    ck_assert_uint_eq(fix_tab(tree.l1)[5], fake_pte(data2, F_P | F_RW | F_US | F_KERN));
    ck_assert_uint_eq(fix_type(data2), PGT_writable_page);
    /* Reserved bits, another domain's frame, a page table writable. */
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 6), fake_pte(data2, F_P | F_UC), DOMID_SELF, &done),
                     -EINVAL);
    ck_assert_uint_eq(done, 0);
    struct domain *other = fix_domain(2, false, 16);
    ck_assert_int_eq(
        update1(entry_ptr(tree.l1, 6), fake_pte(fix_frame(other), F_P), DOMID_SELF, NULL), -EBUSY);
    ck_assert_int_eq(
        update1(entry_ptr(tree.l1, 6), fake_pte(tree.l2, F_P | F_RW), DOMID_SELF, NULL), -EBUSY);
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 6), fake_pte(tree.l2, F_P), DOMID_SELF, NULL), 0);
    /* Clearing drops the reference. */
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 5), 0, DOMID_SELF, NULL), 0);
    ck_assert_uint_eq(fix_type_count(data2), 0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    ck_assert_int_eq(page_audit_domain(other), 0);
}
END_TEST

START_TEST(test_update_same_mapping_takes_the_fast_path)
{
    uint64_t ptr = entry_ptr(tree.l1, pte_index(VA, 1));

    pin_tree();
    ck_assert_int_eq(
        update1(ptr, fake_pte(tree.data, F_P | F_RW | F_A | F_D | F_NX), DOMID_SELF, NULL), 0);
    ck_assert_uint_eq(fix_type_count(tree.data), 1);
    ck_assert_uint_eq(fix_count(tree.data), 2);
    /* Read-only now: the writable reference goes. */
    ck_assert_int_eq(update1(ptr, fake_pte(tree.data, F_P), DOMID_SELF, NULL), 0);
    ck_assert_uint_eq(fix_type_count(tree.data), 0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_preserve_ad_keeps_accessed_and_dirty)
{
    uint64_t ptr = entry_ptr(tree.l1, pte_index(VA, 1));

    pin_tree();
    fix_tab(tree.l1)[pte_index(VA, 1)] |= F_A | F_D; /* the CPU set them */
    ck_assert_int_eq(
        update1(ptr | MMU_PT_UPDATE_PRESERVE_AD, fake_pte(tree.data, F_P | F_RW), DOMID_SELF, NULL),
        0);
    ck_assert_uint_eq(fix_tab(tree.l1)[pte_index(VA, 1)] & (F_A | F_D), F_A | F_D);
    ck_assert_int_eq(update1(ptr, fake_pte(tree.data, F_P | F_RW), DOMID_SELF, NULL), 0);
    ck_assert_uint_eq(fix_tab(tree.l1)[pte_index(VA, 1)] & (F_A | F_D), 0);
}
END_TEST

START_TEST(test_update_upper_levels)
{
    mfn_t l3b = fix_frame(dom), l2b = fix_frame(dom);

    pin_tree();
    ck_assert_int_eq(update1(entry_ptr(tree.l4, 3), fake_pte(l3b, F_P | F_RW), DOMID_SELF, NULL),
                     0);
    ck_assert_uint_eq(fix_type(l3b), PGT_l3_page_table);
    ck_assert_uint_eq(fix_tab(tree.l4)[3], fake_pte(l3b, F_P | F_RW | F_US | F_A));
    ck_assert_int_eq(update1(entry_ptr(l3b, 0), fake_pte(l2b, F_P | F_HUGE), DOMID_SELF, NULL),
                     -EINVAL);
    ck_assert_int_eq(update1(entry_ptr(l3b, 0), fake_pte(tree.data, F_P), DOMID_SELF, NULL),
                     -EINVAL); /* data is writable-mapped: cannot become an L2 */
    ck_assert_int_eq(update1(entry_ptr(tree.l4, 4), fake_pte(tree.l4, F_P), DOMID_SELF, NULL), 0);
    ck_assert_int_eq(update1(entry_ptr(tree.l4, 3), 0, DOMID_SELF, NULL), 0);
    ck_assert_uint_eq(fix_type_count(l3b), 0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_hypervisor_slots_cannot_be_written)
{
    pin_tree();
    for (unsigned slot = FAKE_PTE_HV_SLOT_FIRST; slot <= FAKE_PTE_HV_SLOT_LAST; slot++) {
        ck_assert_int_eq(update1(entry_ptr(tree.l4, slot), 0, DOMID_SELF, NULL), -EINVAL);
        ck_assert_uint_eq(fix_tab(tree.l4)[slot],
                          slot == FAKE_PTE_RO_M2P_SLOT ? 0 : fix_hv_root[slot]);
    }
    ck_assert_int_eq(update1(entry_ptr(tree.l4, FAKE_PTE_HV_SLOT_LAST + 1), 0, DOMID_SELF, NULL),
                     0);
}
END_TEST

START_TEST(test_plain_pages_are_written_unchecked_others_refused)
{
    mfn_t plain = fix_frame(dom);
    struct domain *other = fix_domain(2, false, 16);

    ck_assert_int_eq(update1(entry_ptr(plain, 9), 0x1234567, DOMID_SELF, NULL), 0);
    ck_assert_uint_eq(fix_tab(plain)[9], 0x1234567);
    ck_assert_uint_eq(fix_type(plain), PGT_writable_page);
    /* An unpinned, unreferenced table is a plain page again. */
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 9), 0x42, DOMID_SELF, NULL), 0);
    ck_assert_int_eq(update1(entry_ptr(fix_frame(other), 0), 0, DOMID_SELF, NULL), -EINVAL);
    ck_assert_int_eq(update1(entry_ptr(FIX_FRAMES + 3, 0), 0, DOMID_SELF, NULL), -EINVAL);
    fake_segdesc_result = 0;
    ck_assert_int_eq(get_page_and_type(mfn_to_page(plain), dom, PGT_seg_desc_page), 0);
    ck_assert_int_eq(update1(entry_ptr(plain, 0), 0, DOMID_SELF, NULL), -EINVAL);
    ck_assert_int_eq(update1(entry_ptr(plain, 0) | 4, 0, DOMID_SELF, NULL), -ENOSYS);
    ck_assert_int_eq(update1(entry_ptr(plain, 0) | 7, 0, DOMID_SELF, NULL), -ENOSYS);
}
END_TEST

START_TEST(test_machphys_update)
{
    struct domain *other = fix_domain(2, false, 16);

    ck_assert_int_eq(
        update1((tree.data << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 0x55, DOMID_SELF, NULL), 0);
    ck_assert_uint_eq(get_gpfn_from_mfn(tree.data), 0x55);
    ck_assert_int_eq(
        update1((fix_frame(other) << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 1, DOMID_SELF, NULL),
        -EINVAL);
    ck_assert_int_eq(update1((tree.data << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 1, 2, NULL), -EPERM);
}
END_TEST

START_TEST(test_foreign_updates_need_privilege)
{
    struct domain *dom0 = fix_domain(0, true, 64);
    mfn_t l1 = fix_frame(dom0);
    unsigned done;

    /* Unprivileged: naming another domain, DOMID_XEN or a table owner fails. */
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 1), 0, 0, &done), -EPERM);
    ck_assert_uint_eq(done, 0);
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 1), 0, DOMID_XEN, NULL), -EPERM);
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 1), 0, 99, NULL), -ESRCH);
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 1), 0, 1, NULL), -ESRCH); /* itself by id */
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 1), 0, DOMID_SELF | (1 << 16), NULL), -EPERM);
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 1), 0, DOMID_SELF | (50 << 16), NULL), -ESRCH);
    /* dom0 maps the domU's frame through its own L1 by naming the domU. */
    fix_run_as(dom0);
    ck_assert_int_eq(ext1(MMUEXT_PIN_L1_TABLE, l1, 0, DOMID_SELF), 0);
    ck_assert_int_eq(update1(entry_ptr(l1, 0), fake_pte(tree.data, F_P | F_RW), DOMID_SELF, NULL),
                     -EBUSY);
    ck_assert_int_eq(update1(entry_ptr(l1, 0), fake_pte(tree.data, F_P | F_RW), 1, NULL), 0);
    ck_assert_uint_eq(fix_type_count(tree.data), 1);
    /* And may edit the domU's own tables (table owner 1 + 1). */
    ck_assert_int_eq(
        update1(entry_ptr(tree.l1, 2), fake_pte(tree.data, F_P), DOMID_SELF | (2 << 16), NULL),
        0); /* not a table yet: plain write */
    ck_assert_int_eq(ext1(MMUEXT_PIN_L4_TABLE, tree.l4, 0, 1), 0);
    ck_assert_int_eq(update1(entry_ptr(tree.l1, 2), fake_pte(tree.data, F_P), 1 | (2 << 16), NULL),
                     0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    ck_assert_int_eq(page_audit_domain(dom0), 0);
}
END_TEST

START_TEST(test_io_mappings)
{
    struct domain *dom0 = fix_domain(0, true, 64);
    mfn_t l1 = fix_frame(dom0);

    pin_tree();
    ck_assert_int_eq(
        update1(entry_ptr(tree.l1, 3), fake_pte(FIX_FRAMES + 9, F_P | F_RW), DOMID_IO, NULL),
        -EPERM);
    fix_run_as(dom0);
    ck_assert_int_eq(ext1(MMUEXT_PIN_L1_TABLE, l1, 0, DOMID_SELF), 0);
    ck_assert_int_eq(
        update1(entry_ptr(l1, 3), fake_pte(FIX_FRAMES + 9, F_P | F_RW | F_UC), DOMID_IO, NULL), 0);
    ck_assert_int_eq(update1(entry_ptr(l1, 3), 0, DOMID_IO, NULL), 0);
}
END_TEST

START_TEST(test_batch_stops_at_the_first_failure)
{
    static struct mmu_update reqs[4];
    unsigned done = 0;
    mfn_t plain = fix_frame(dom);

    for (unsigned i = 0; i < 4; i++)
        reqs[i] = (struct mmu_update){ entry_ptr(plain, i), i + 1 };
    reqs[2].ptr = entry_ptr(FIX_FRAMES + 1, 0);
    ck_assert_int_eq(do_mmu_update(gva(reqs, sizeof(reqs)), 4, gva(&done, 4), DOMID_SELF, 0),
                     -EINVAL);
    ck_assert_uint_eq(done, 2);
    ck_assert_uint_eq(fix_tab(plain)[1], 2);
    ck_assert_uint_eq(fix_tab(plain)[3], 0);
    /* The request array itself faulting part way. */
    fake_guest_memory_reset();
    fake_guest_memory_add(reqs, 2 * sizeof(reqs[0]));
    fake_guest_memory_add(&done, 4);
    ck_assert_int_eq(do_mmu_update((uint64_t)reqs, 4, (uint64_t)&done, DOMID_SELF, 0), -EFAULT);
    ck_assert_uint_eq(done, 2);
    ck_assert_int_eq(do_mmu_update(HYPERVISOR_VIRT_START, 1, 0, DOMID_SELF, 0), -EFAULT);
    ck_assert_int_eq(do_mmu_update(0, 0x80000000U, 0, 0x1234, 0), 0x1234);
}
END_TEST

/* Run a hypercall to completion the way the arch does: re-enter on -ERESTART. */
static long run_to_completion(hypercall_fn *fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                              unsigned *calls)
{
    uint64_t args[5] = { a1, a2, a3, a4, 0 };
    long rc;

    *calls = 0;
    for (;;) {
        hypercall_work_reset();
        rc = fn(args[0], args[1], args[2], args[3], args[4]);
        ++*calls;
        if (rc != -ERESTART)
            return rc;
        memcpy(args, fake_current->continuation_args, sizeof(args));
    }
}

START_TEST(test_huge_batch_completes_with_continuations)
{
    enum { N = 100000 };
    struct mmu_update *reqs = calloc(N, sizeof(*reqs));
    mfn_t plain = fix_frame(dom);
    unsigned done = 0, calls;

    for (unsigned i = 0; i < N; i++)
        reqs[i] = (struct mmu_update){ entry_ptr(plain, i % 512), i };
    ck_assert_int_eq(run_to_completion(do_mmu_update, gva(reqs, N * sizeof(*reqs)), N,
                                       gva(&done, 4), DOMID_SELF, &calls),
                     0);
    ck_assert_uint_eq(done, N);
    ck_assert_uint_eq(calls, (N + HYPERCALL_WORK_BUDGET - 1) / HYPERCALL_WORK_BUDGET);
    ck_assert_uint_eq(fix_tab(plain)[(N - 1) % 512], N - 1);
    /* Without pdone as well. */
    ck_assert_int_eq(run_to_completion(do_mmu_update, (uint64_t)reqs, N, 0, DOMID_SELF, &calls), 0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    free(reqs);
}
END_TEST

START_TEST(test_continued_batch_that_fails_reports_the_total)
{
    enum { N = 1000 };
    static struct mmu_update reqs[N];
    mfn_t plain = fix_frame(dom);
    unsigned done = 0, calls;

    for (unsigned i = 0; i < N; i++)
        reqs[i] = (struct mmu_update){ entry_ptr(plain, i % 512), i };
    reqs[700].ptr = 5; /* bad command */
    ck_assert_int_eq(run_to_completion(do_mmu_update, gva(reqs, sizeof(reqs)), N, gva(&done, 4),
                                       DOMID_SELF, &calls),
                     -ENOSYS);
    ck_assert_uint_eq(done, 700);
    ck_assert_uint_eq(calls, 3);
    /* A guest setting bit 31 itself is treated as a continuation, as on Xen. */
    done = 10;
    ck_assert_int_eq(do_mmu_update((uint64_t)reqs, 0x80000000U | 3, (uint64_t)&done, DOMID_SELF, 0),
                     0);
    ck_assert_uint_eq(done, 13);
}
END_TEST

/* mmuext_op */

START_TEST(test_pin_unpin_every_level)
{
    mfn_t l1 = fix_frame(dom), l2 = fix_frame(dom), l3 = fix_frame(dom), l4 = fix_frame(dom);
    mfn_t t[4] = { l1, l2, l3, l4 };

    for (unsigned i = 0; i < 4; i++) {
        ck_assert_int_eq(ext1(MMUEXT_PIN_L1_TABLE + i, t[i], 0, DOMID_SELF), 0);
        ck_assert_uint_eq(fix_type(t[i]), PGT_pt_of_level(i + 1));
        ck_assert_int_eq(ext1(MMUEXT_PIN_L1_TABLE + i, t[i], 0, DOMID_SELF), -EINVAL);
        ck_assert_uint_eq(fix_type_count(t[i]), 1);
    }
    ck_assert_int_eq(page_audit_domain(dom), 0);
    for (unsigned i = 0; i < 4; i++) {
        ck_assert_int_eq(ext1(MMUEXT_UNPIN_TABLE, t[i], 0, DOMID_SELF), 0);
        ck_assert_int_eq(ext1(MMUEXT_UNPIN_TABLE, t[i], 0, DOMID_SELF), -EINVAL);
        ck_assert_uint_eq(fix_count(t[i]), 1);
        ck_assert_uint_eq(fix_type_count(t[i]), 0);
    }
    ck_assert_int_eq(ext1(MMUEXT_PIN_L2_TABLE, l1, 0, DOMID_SELF), 0); /* retyped */
}
END_TEST

START_TEST(test_pin_refusals)
{
    struct domain *other = fix_domain(2, false, 16);

    ck_assert_int_eq(ext1(MMUEXT_PIN_L1_TABLE, fix_frame(other), 0, DOMID_SELF), -EINVAL);
    ck_assert_int_eq(ext1(MMUEXT_PIN_L1_TABLE, FIX_FRAMES + 1, 0, DOMID_SELF), -EINVAL);
    ck_assert_int_eq(ext1(MMUEXT_PIN_L1_TABLE, tree.l1, 0, 2), -EPERM);
    ck_assert_int_eq(ext1(MMUEXT_PIN_L1_TABLE, tree.l1, 0, 77), -ESRCH);
    /* A table whose entry maps a page table writable: Xen's -EBUSY. */
    fix_tab(tree.l1)[0] = fake_pte(tree.l2, F_P | F_RW);
    ck_assert_int_eq(ext1(MMUEXT_PIN_L4_TABLE, tree.l4, 0, DOMID_SELF), -EBUSY);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_new_baseptr)
{
    struct vcpu *v = dom->vcpus[0];
    mfn_t l4b = fix_frame(dom);

    ck_assert_int_eq(ext1(MMUEXT_PIN_L1_TABLE, tree.l1, 0, DOMID_SELF), 0);
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, tree.l1, 0, DOMID_SELF), -EINVAL);
    ck_assert_int_eq(ext1(MMUEXT_UNPIN_TABLE, tree.l1, 0, DOMID_SELF), 0);
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, tree.l4, 0, DOMID_SELF), 0);
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, 0, 0, DOMID_SELF), -EINVAL); /* frame 0 */
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, tree.l4, 0, DOMID_SELF), 0); /* same again */
    ck_assert_uint_eq(fake_mmu.set_guest_table, 2);
    fake_mmu.set_guest_table = 1;
    ck_assert_uint_eq(v->guest_table, tree.l4);
    ck_assert_uint_eq(fake_mmu.set_guest_table, 1);
    ck_assert_uint_eq(fix_type_count(tree.l4), 1);
    /* The RO M2P for the kernel. */
    ck_assert_uint_eq(fix_tab(tree.l4)[FAKE_PTE_RO_M2P_SLOT], 0xE000 + FAKE_PTE_RO_M2P_SLOT);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, l4b, 0, DOMID_SELF), 0);
    ck_assert_uint_eq(fix_type_count(tree.l4), 0); /* the old one let go */
    ck_assert_uint_eq(fix_count(tree.data), 1);
    ck_assert_int_eq(ext1(MMUEXT_NEW_USER_BASEPTR, tree.l4, 0, DOMID_SELF), 0);
    ck_assert_uint_eq(v->guest_table_user, tree.l4);
    ck_assert_int_eq(ext1(MMUEXT_NEW_USER_BASEPTR, 0, 0, DOMID_SELF), 0);
    ck_assert_uint_eq(v->guest_table_user, 0);
    ck_assert_uint_eq(fix_type_count(tree.l4), 0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_self_only_ops_refuse_a_foreign_domain)
{
    struct domain *dom0 = fix_domain(0, true, 64);

    fix_run_as(dom0);
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, tree.l4, 0, 1), -EPERM);
    ck_assert_int_eq(ext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0, 1), -EPERM);
    ck_assert_int_eq(ext1(MMUEXT_SET_LDT, 0, 0, DOMID_IO), -EPERM);
    ck_assert_int_eq(ext1(MMUEXT_PIN_L4_TABLE, tree.l4, 0, 1), 0); /* pin is allowed */
}
END_TEST

START_TEST(test_flushes)
{
    static uint64_t mask = 2;
    uint64_t mask_va = gva(&mask, sizeof(mask));

    ck_assert_int_eq(ext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0, DOMID_SELF), 0);
    ck_assert_uint_eq(fake_mmu.flush_local, 1);
    ck_assert_int_eq(ext1(MMUEXT_INVLPG_LOCAL, 0x1000, 0, DOMID_SELF), 0);
    ck_assert_uint_eq(fake_mmu.last_va, 0x1000);
    ck_assert_int_eq(ext1(MMUEXT_INVLPG_LOCAL, 0x0000900000000000, 0, DOMID_SELF), 0);
    ck_assert_uint_eq(fake_mmu.flush_one_local, 1); /* non-canonical: skipped */
    ck_assert_int_eq(ext1(MMUEXT_TLB_FLUSH_MULTI, 0, mask_va, DOMID_SELF), 0);
    ck_assert_uint_eq(fake_mmu.last_vcpu_mask, 2);
    ck_assert_int_eq(ext1(MMUEXT_TLB_FLUSH_MULTI, 0, 0x1000, DOMID_SELF), -EINVAL);
    ck_assert_int_eq(ext1(MMUEXT_TLB_FLUSH_ALL, 0, 0, DOMID_SELF), 0);
    ck_assert(fake_mmu.last_vcpus_all);
    ck_assert_int_eq(ext1(MMUEXT_FLUSH_CACHE, 0, 0, DOMID_SELF), -EACCES);
    ck_assert_int_eq(ext1(MMUEXT_FLUSH_CACHE_GLOBAL, 0, 0, DOMID_SELF), -EINVAL);
    dom->is_privileged = true;
    ck_assert_int_eq(ext1(MMUEXT_FLUSH_CACHE, 0, 0, DOMID_SELF), 0);
    ck_assert_uint_eq(fake_mmu.flush_cache, 1);
    ck_assert(!fake_mmu.last_cache_all_cpus);
    ck_assert_int_eq(ext1(MMUEXT_FLUSH_CACHE_GLOBAL, 0, 0, DOMID_SELF), 0);
    ck_assert_uint_eq(fake_mmu.flush_cache, 2);
    ck_assert(fake_mmu.last_cache_all_cpus); /* every CPU, not just this one */
}
END_TEST

START_TEST(test_set_ldt_and_page_ops)
{
    mfn_t a = fix_frame(dom), b = fix_frame(dom);

    ck_assert_int_eq(ext1(MMUEXT_SET_LDT, 0x10000, 16, DOMID_SELF), 0);
    ck_assert_uint_eq(fake_mmu.ldt_base, 0x10000);
    ck_assert_int_eq(ext1(MMUEXT_SET_LDT, 0x10008, 16, DOMID_SELF), -EINVAL);
    ck_assert_int_eq(ext1(MMUEXT_SET_LDT, 0x10000, 8193, DOMID_SELF), -EINVAL);
    ck_assert_int_eq(ext1(MMUEXT_SET_LDT, HYPERVISOR_VIRT_START, 1, DOMID_SELF), -EINVAL);
    ck_assert_int_eq(ext1(MMUEXT_SET_LDT, HYPERVISOR_VIRT_START, 0, DOMID_SELF), 0);
    ck_assert_uint_eq(fake_mmu.ldt_base, 0);
    fix_tab(b)[3] = 99;
    ck_assert_int_eq(ext1(MMUEXT_COPY_PAGE, a, b, DOMID_SELF), 0);
    ck_assert_uint_eq(fix_tab(a)[3], 99);
    ck_assert_int_eq(ext1(MMUEXT_CLEAR_PAGE, a, 0, DOMID_SELF), 0);
    ck_assert_uint_eq(fix_tab(a)[3], 0);
    pin_tree();
    ck_assert_int_eq(ext1(MMUEXT_CLEAR_PAGE, tree.l1, 0, DOMID_SELF), -EINVAL);
    ck_assert_int_eq(ext1(MMUEXT_COPY_PAGE, tree.l2, a, DOMID_SELF), -EINVAL);
    ck_assert_int_eq(ext1(MMUEXT_COPY_PAGE, a, tree.l2, DOMID_SELF), 0); /* reading is fine */
    ck_assert_int_eq(ext1(MMUEXT_MARK_SUPER, a, 0, DOMID_SELF), -EOPNOTSUPP);
    ck_assert_int_eq(ext1(MMUEXT_UNMARK_SUPER, a, 0, DOMID_SELF), -EOPNOTSUPP);
    ck_assert_int_eq(ext1(14, a, 0, DOMID_SELF), -ENOSYS);
    ck_assert_int_eq(ext1(21, a, 0, DOMID_SELF), -ENOSYS);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_mmuext_batch_and_pdone)
{
    static struct mmuext_op ops[600];
    unsigned done = 0, calls;

    for (unsigned i = 0; i < 600; i++)
        ops[i] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    ops[599].cmd = 99;
    ck_assert_int_eq(run_to_completion(do_mmuext_op, gva(ops, sizeof(ops)), 600, gva(&done, 4),
                                       DOMID_SELF, &calls),
                     -ENOSYS);
    ck_assert_uint_eq(done, 599);
    ck_assert_uint_eq(calls, 3);
    ck_assert_uint_eq(fake_mmu.flush_local, 599);
    ck_assert_int_eq(do_mmuext_op(0x1000, 1, 0, DOMID_SELF, 0), -EFAULT);
}
END_TEST

/* update_va_mapping */

START_TEST(test_update_va_mapping)
{
    mfn_t data2 = fix_frame(dom);
    static uint64_t mask = 1;

    ck_assert_int_eq(do_update_va_mapping(VA, fake_pte(data2, F_P), 0, 0, 0), -EINVAL);
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, tree.l4, 0, DOMID_SELF), 0);
    ck_assert_int_eq(do_update_va_mapping(VA, fake_pte(data2, F_P | F_RW), UVMF_INVLPG, 0, 0), 0);
    ck_assert_uint_eq(pte_mfn(fix_tab(tree.l1)[pte_index(VA, 1)]), data2);
    ck_assert_uint_eq(fake_mmu.last_va, VA);
    ck_assert_uint_eq(fix_count(tree.data), 1);
    ck_assert_int_eq(do_update_va_mapping(VA + 0x1000, 0, UVMF_TLB_FLUSH | UVMF_ALL, 0, 0), 0);
    ck_assert(fake_mmu.last_vcpus_all);
    ck_assert_int_eq(do_update_va_mapping(VA, fake_pte(tree.l1, F_P | F_RW), 0, 0, 0), -EBUSY);
    ck_assert_int_eq(do_update_va_mapping(VA, fake_pte(data2, F_P | F_HUGE), 0, 0, 0), -EINVAL);
    ck_assert_int_eq(do_update_va_mapping(VA + (1UL << 30), 0, 0, 0, 0), -EINVAL); /* no L2 */
    ck_assert_int_eq(do_update_va_mapping(HYPERVISOR_VIRT_START, 0, 0, 0, 0), -EINVAL);
    /* The flush mask faulting is reported after the update. */
    ck_assert_int_eq(do_update_va_mapping(VA, 0, UVMF_TLB_FLUSH | 0x1000, 0, 0), -EFAULT);
    ck_assert_uint_eq(fix_tab(tree.l1)[pte_index(VA, 1)], 0);
    ck_assert_int_eq(do_update_va_mapping(VA, 0, UVMF_INVLPG | gva(&mask, 8), 0, 0), 0);
    ck_assert_uint_eq(fake_mmu.last_vcpu_mask, 1);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_update_va_mapping_walks_only_l1_tables)
{
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, tree.l4, 0, DOMID_SELF), 0);
    /* A linear L4 slot makes the L2 appear where an L1 would be. */
    ck_assert_int_eq(update1(entry_ptr(tree.l4, 5), fake_pte(tree.l4, F_P), DOMID_SELF, NULL), 0);
    uint64_t va = (5UL << 39) | (pte_index(VA, 4) << 30) | (pte_index(VA, 3) << 21);
    ck_assert_int_eq(do_update_va_mapping(va, fake_pte(tree.data, F_P | F_RW), 0, 0, 0), -EINVAL);
}
END_TEST

START_TEST(test_update_va_mapping_otherdomain)
{
    struct domain *dom0 = fix_domain(0, true, 64);
    struct fix_tree t0;

    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, tree.l4, 0, DOMID_SELF), 0);
    ck_assert_int_eq(do_update_va_mapping_otherdomain(VA, 0, 0, DOMID_SELF, 0), 0);
    ck_assert_int_eq(do_update_va_mapping_otherdomain(VA, 0, 0, 1, 0), -ESRCH);
    ck_assert_int_eq(do_update_va_mapping_otherdomain(VA, 0, 0, 0, 0), -EPERM);
    ck_assert_int_eq(do_update_va_mapping_otherdomain(VA, 0, 0, DOMID_IO, 0), -EPERM);
    fix_run_as(dom0);
    fix_tree(dom0, &t0, VA);
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, t0.l4, 0, DOMID_SELF), 0);
    ck_assert_int_eq(do_update_va_mapping_otherdomain(VA, fake_pte(tree.data, F_P | F_RW), 0, 1, 0),
                     0);
    ck_assert_uint_eq(fix_type_count(tree.data), 1);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    ck_assert_int_eq(page_audit_domain(dom0), 0);
}
END_TEST

START_TEST(test_emulated_writes_to_l1_tables)
{
    /* The L1 mapped read-only at VA + 4K, as Linux maps its own tables. */
    uint64_t l1_va = VA + PAGE_SIZE;
    mfn_t data2 = fix_frame(dom);

    fix_tab(tree.l1)[pte_index(l1_va, 1)] = fake_pte(tree.l1, F_P);
    ck_assert_int_eq(ext1(MMUEXT_NEW_BASEPTR, tree.l4, 0, DOMID_SELF), 0);
    ck_assert_int_eq(pv_emulate_l1_write(dom->vcpus[0], l1_va + 8 * 9, fake_pte(data2, F_P | F_RW)),
                     0);
    ck_assert_uint_eq(fix_type(data2), PGT_writable_page);
    ck_assert_uint_eq(fix_tab(tree.l1)[9], fake_pte(data2, F_P | F_RW | F_US | F_KERN));
    ck_assert_int_eq(
        pv_emulate_l1_write(dom->vcpus[0], l1_va + 8 * 9, fake_pte(tree.l2, F_P | F_RW)), -EBUSY);
    ck_assert_int_eq(pv_emulate_l1_write(dom->vcpus[0], l1_va + 4, 0), -EINVAL);
    ck_assert_int_eq(pv_emulate_l1_write(dom->vcpus[0], VA, 0), -EINVAL); /* data, RW */
    ck_assert_int_eq(pv_emulate_l1_write(dom->vcpus[0], l1_va + 8 * pte_index(l1_va, 1), 0), 0);
    ck_assert_int_eq(page_audit_domain(dom), 0);
}
END_TEST

START_TEST(test_dispatch_reaches_the_mmu)
{
    const uint64_t args[5] = { 0, 0x80000000U, 0, 42, 0 };

    ck_assert_int_eq(
        hypercall_dispatch(__HYPERVISOR_mmu_update, args[0], args[1], args[2], args[3], args[4]),
        42);
    ck_assert_int_eq(
        hypercall_dispatch(__HYPERVISOR_mmuext_op, args[0], args[1], args[2], args[3], args[4]),
        42);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("mmu");
    TCase *tc = tcase_create("mmu");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_update_l1_entry_checks_and_adjusts);
    tcase_add_test(tc, test_update_same_mapping_takes_the_fast_path);
    tcase_add_test(tc, test_preserve_ad_keeps_accessed_and_dirty);
    tcase_add_test(tc, test_update_upper_levels);
    tcase_add_test(tc, test_hypervisor_slots_cannot_be_written);
    tcase_add_test(tc, test_plain_pages_are_written_unchecked_others_refused);
    tcase_add_test(tc, test_machphys_update);
    tcase_add_test(tc, test_foreign_updates_need_privilege);
    tcase_add_test(tc, test_io_mappings);
    tcase_add_test(tc, test_batch_stops_at_the_first_failure);
    tcase_add_test(tc, test_huge_batch_completes_with_continuations);
    tcase_add_test(tc, test_continued_batch_that_fails_reports_the_total);
    tcase_add_test(tc, test_pin_unpin_every_level);
    tcase_add_test(tc, test_pin_refusals);
    tcase_add_test(tc, test_new_baseptr);
    tcase_add_test(tc, test_self_only_ops_refuse_a_foreign_domain);
    tcase_add_test(tc, test_flushes);
    tcase_add_test(tc, test_set_ldt_and_page_ops);
    tcase_add_test(tc, test_mmuext_batch_and_pdone);
    tcase_add_test(tc, test_update_va_mapping);
    tcase_add_test(tc, test_update_va_mapping_walks_only_l1_tables);
    tcase_add_test(tc, test_update_va_mapping_otherdomain);
    tcase_add_test(tc, test_emulated_writes_to_l1_tables);
    tcase_add_test(tc, test_dispatch_reaches_the_mmu);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
