/*
 * mmuext_op (hypercall 26): pinning tables of each level, switching the
 * kernel and user L4, TLB flushes and INVLPGs, the LDT, page clear and
 * copy, and the commands Xen 4.17 refuses.
 */
#include "mmu.h"

/* An empty table from a spare page, made read-only; its MFN or 0. */
static uint64_t empty_table(void)
{
    void *page = pt_spare_page();
    long rc;

    if (!page) {
        test_fail("no spare page left");
        return 0;
    }
    rc = pt_set_readonly(page);
    if (rc) {
        test_fail("making a spare page read-only returned %ld (%s)", rc, errno_name(rc));
        return 0;
    }
    return virt_to_mfn(page);
}

static void pin_level(unsigned pin_cmd)
{
    uint64_t mfn = empty_table();

    if (!mfn)
        return;
    CHECK_RC(pt_mmuext(pin_cmd, mfn, 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
}

static void pin_unpin_empty_l1(void)
{
    pin_level(MMUEXT_PIN_L1_TABLE);
}
static void pin_unpin_empty_l2(void)
{
    pin_level(MMUEXT_PIN_L2_TABLE);
}
static void pin_unpin_empty_l3(void)
{
    pin_level(MMUEXT_PIN_L3_TABLE);
}
static void pin_unpin_empty_l4(void)
{
    pin_level(MMUEXT_PIN_L4_TABLE);
}

/* Once unpinned (and unused), a table page may be mapped writable again. */
static void unpinned_table_can_be_writable_again(void)
{
    void *page = pt_spare_page();

    CHECK(page, "no spare page left");
    CHECK_RC(pt_set_readonly(page), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(page), 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, virt_to_mfn(page), 0), 0);
    CHECK_RC(pt_set_writable(page), 0);
    *(volatile uint64_t *)page = 1;
}

/*
 * L4 -> L3 -> L2 -> L1 -> a data frame, built in spare pages and pinned
 * at the top: pinning validates the whole chain.
 */
static void pin_l4_validates_whole_chain(void)
{
    uint64_t *t[4], mfn[4], data = new_frame();

    if (!data)
        return;
    for (int i = 0; i < 4; i++) {
        t[i] = pt_spare_page();
        CHECK(t[i], "no spare page left");
        mfn[i] = virt_to_mfn(t[i]);
    }
    t[0][7] = data << 12 | PTE_DATA_RW; /* L1 */
    t[1][3] = mfn[0] << 12 | PTE_TABLE; /* L2 */
    t[2][2] = mfn[1] << 12 | PTE_TABLE; /* L3 */
    t[3][1] = mfn[2] << 12 | PTE_TABLE; /* L4 */
    for (int i = 0; i < 4; i++)
        CHECK_RC(pt_set_readonly(t[i]), 0);
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L4_TABLE, mfn[3], 0), 0);
    /* The validated chain holds type references: the L1 cannot turn writable. */
    CHECK(pt_set_writable(t[0]) != 0, "an L1 in a pinned chain became writable");
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn[3], 0), 0);
    CHECK_RC(pt_set_writable(t[0]), 0);
}

/* A copy of our L4 becomes CR3 and we keep running; then back. */
static void new_baseptr_to_copy_of_l4(void)
{
    uint64_t old = pt_read_cr3() & PTE_ADDR_MASK;
    uint64_t *copy = pt_spare_page();

    CHECK(copy, "no spare page left");
    memcpy(copy, mfn_to_virt(old >> 12), PAGE_SIZE);
    CHECK_RC(pt_set_readonly(copy), 0);
    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, virt_to_mfn(copy), 0), 0);
    CHECK_EQ(pt_read_cr3() & PTE_ADDR_MASK, virt_to_mfn(copy) << 12);
    CHECK_EQ(*(volatile uint64_t *)start_info, *(const uint64_t *)start_info->magic);
    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, old >> 12, 0), 0);
    CHECK_EQ(pt_read_cr3() & PTE_ADDR_MASK, old);
}

/* NEW_BASEPTR to the table already in CR3 is fine. */
static void new_baseptr_to_current_l4(void)
{
    uint64_t cur = pt_read_cr3() >> 12;

    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, cur, 0), 0);
    CHECK_EQ(pt_read_cr3() >> 12, cur);
}

static void new_user_baseptr_set_and_clear(void)
{
    uint64_t mfn = empty_table();

    if (!mfn)
        return;
    CHECK_RC(pt_mmuext(MMUEXT_NEW_USER_BASEPTR, mfn, 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);
}

/*
 * Flush checks: the page at va first maps frame A (and is read, so the
 * TLB may hold it), then its entry is changed to frame B without a
 * flush; after `flush` reads must show B.
 */
typedef long (*flush_fn)(uint64_t va);

static void flush_shows_new_frame(flush_fn flush)
{
    uint64_t a, b;
    volatile uint64_t *page = new_mapped_frame(&a);
    volatile uint64_t *other = new_mapped_frame(&b);

    if (!page || !other)
        return;
    fill_page(page, 10);
    fill_page(other, 11);
    CHECK(page_has(page, 10), "frame A does not read back");
    CHECK_RC(pt_mmu_update(pt_entry_maddr((uint64_t)page, 1), b << 12 | PTE_DATA_RW), 0);
    CHECK_RC(flush((uint64_t)page), 0);
    CHECK(page_has(page, 11), "after the flush the page still shows the old frame");
}

static unsigned long this_vcpu_mask = 1; /* vCPU 0 */

static long flush_local(uint64_t va)
{
    return pt_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
}
static long flush_all(uint64_t va)
{
    return pt_mmuext(MMUEXT_TLB_FLUSH_ALL, 0, 0);
}
static long flush_multi(uint64_t va)
{
    return pt_mmuext(MMUEXT_TLB_FLUSH_MULTI, 0, (uint64_t)&this_vcpu_mask);
}
static long invlpg_local(uint64_t va)
{
    return pt_mmuext(MMUEXT_INVLPG_LOCAL, va, 0);
}
static long invlpg_all(uint64_t va)
{
    return pt_mmuext(MMUEXT_INVLPG_ALL, va, 0);
}
static long invlpg_multi(uint64_t va)
{
    return pt_mmuext(MMUEXT_INVLPG_MULTI, va, (uint64_t)&this_vcpu_mask);
}

static void tlb_flush_local_shows_new_frame(void)
{
    flush_shows_new_frame(flush_local);
}
static void tlb_flush_multi_shows_new_frame(void)
{
    flush_shows_new_frame(flush_multi);
}
static void tlb_flush_all_shows_new_frame(void)
{
    flush_shows_new_frame(flush_all);
}
static void invlpg_local_shows_new_frame(void)
{
    flush_shows_new_frame(invlpg_local);
}
static void invlpg_multi_shows_new_frame(void)
{
    flush_shows_new_frame(invlpg_multi);
}
static void invlpg_all_shows_new_frame(void)
{
    flush_shows_new_frame(invlpg_all);
}

static void set_ldt_zero_entries(void)
{
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, 0, 0), 0);
}

/* A two-entry LDT whose entry 1 is a flat data segment: selector 0x0f loads. */
static void set_ldt_then_load_selector(void)
{
    uint64_t *ldt = pt_spare_page();
    uint16_t seen;

    CHECK(ldt, "no spare page left");
    ldt[1] = DESC_FLAT_DATA_DPL3;
    CHECK_RC(pt_set_readonly(ldt), 0);
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, (uint64_t)ldt, 2), 0);
    load_ds(0x0f);
    seen = read_ds();
    load_ds(0);
    CHECK_EQ(seen, 0x0f);
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, 0, 0), 0);
    /* With the LDT gone its page is an ordinary page again. */
    CHECK_RC(pt_set_writable(ldt), 0);
}

static void clear_page_zeroes_frame(void)
{
    uint64_t mfn;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page)
        return;
    fill_page(page, 20);
    CHECK_RC(pt_mmuext(MMUEXT_CLEAR_PAGE, mfn, 0), 0);
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        CHECK(page[i] == 0, "word %u is %#lx after CLEAR_PAGE", i, page[i]);
}

static void copy_page_copies_frame(void)
{
    uint64_t src, dst;
    volatile uint64_t *from = new_mapped_frame(&src);
    volatile uint64_t *to = new_mapped_frame(&dst);

    if (!from || !to)
        return;
    fill_page(from, 21);
    fill_page(to, 22);
    CHECK_RC(pt_mmuext(MMUEXT_COPY_PAGE, dst, src), 0);
    CHECK(page_has(to, 21), "the destination does not hold the source's data");
    CHECK(page_has(from, 21), "the source changed");
}

static void mark_super_eopnotsupp(void)
{
    uint64_t mfn = new_frame();

    if (!mfn)
        return;
    CHECK_RC(pt_mmuext(MMUEXT_MARK_SUPER, mfn, 0), -XEN_EOPNOTSUPP);
    CHECK_RC(pt_mmuext(MMUEXT_UNMARK_SUPER, mfn, 0), -XEN_EOPNOTSUPP);
}

static void unknown_commands_enosys(void)
{
    static const unsigned cmds[] = { 14, 21, 22, 255, 0x80000000u, 0xffffffffu };

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        long rc = pt_mmuext(cmds[i], 0, 0);
        CHECK(rc == -XEN_ENOSYS, "cmd %#x gave %ld (%s)", cmds[i], rc, errno_name(rc));
    }
}

static void success_count_is_ops_done(void)
{
    struct mmuext_op ops[3] = {
        { .cmd = MMUEXT_TLB_FLUSH_LOCAL },
        { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = GUEST_VIRT_BASE },
        { .cmd = MMUEXT_TLB_FLUSH_ALL },
    };
    unsigned done = 0xdead;

    CHECK_RC(hypercall_mmuext_op(ops, 3, &done, DOMID_SELF), 0);
    CHECK_EQ(done, 3);
    ops[1].cmd = 14;
    done = 0xdead;
    CHECK_RC(hypercall_mmuext_op(ops, 3, &done, DOMID_SELF), -XEN_ENOSYS);
    CHECK_EQ(done, 1);
}

const struct test_case mmuext_cases[] = {
    { "pin_unpin_empty_l1", pin_unpin_empty_l1 },
    { "pin_unpin_empty_l2", pin_unpin_empty_l2 },
    { "pin_unpin_empty_l3", pin_unpin_empty_l3 },
    { "pin_unpin_empty_l4", pin_unpin_empty_l4 },
    { "unpinned_table_can_be_writable_again", unpinned_table_can_be_writable_again },
    { "pin_l4_validates_whole_chain", pin_l4_validates_whole_chain },
    { "new_baseptr_to_copy_of_l4", new_baseptr_to_copy_of_l4 },
    { "new_baseptr_to_current_l4", new_baseptr_to_current_l4 },
    { "new_user_baseptr_set_and_clear", new_user_baseptr_set_and_clear },
    { "tlb_flush_local_shows_new_frame", tlb_flush_local_shows_new_frame },
    { "tlb_flush_multi_shows_new_frame", tlb_flush_multi_shows_new_frame },
    { "tlb_flush_all_shows_new_frame", tlb_flush_all_shows_new_frame },
    { "invlpg_local_shows_new_frame", invlpg_local_shows_new_frame },
    { "invlpg_multi_shows_new_frame", invlpg_multi_shows_new_frame },
    { "invlpg_all_shows_new_frame", invlpg_all_shows_new_frame },
    { "set_ldt_zero_entries", set_ldt_zero_entries },
    { "set_ldt_then_load_selector", set_ldt_then_load_selector },
    { "clear_page_zeroes_frame", clear_page_zeroes_frame },
    { "copy_page_copies_frame", copy_page_copies_frame },
    { "mark_super_eopnotsupp", mark_super_eopnotsupp },
    { "unknown_commands_enosys", unknown_commands_enosys },
    { "success_count_is_ops_done", success_count_is_ops_done },
};
const unsigned mmuext_count = ARRAY_SIZE(mmuext_cases);
