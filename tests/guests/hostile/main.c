/*
 * hostile: what a malicious PV guest kernel tries against the MMU
 * (DESIGN.md §4): writable mappings of its own page tables, mapping
 * frames it does not own, writing the hypervisor's L4 slots, reserved
 * bits and superpages, page-table loops, pin/unpin misuse, giving back
 * frames still in use, bad pointers and counts, forged domain ids, bad
 * descriptor tables.  Each attempt is its own case and must fail with
 * exactly the error Xen 4.17 gives, changing nothing; the last case
 * checks the guest (and so the hypervisor) still works.
 */
#include "hostile.h"

uint64_t initial_end;

uint64_t read_only_spare(uint64_t **virt)
{
    uint64_t *page = pt_spare_page();
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
    if (virt)
        *virt = page;
    return virt_to_mfn(page);
}

uint64_t foreign_frame(void)
{
    static uint64_t found;

    if (!found)
        found = pt_foreign_frame(max_ram_page());
    if (!found)
        test_fail("found no RAM frame that is not ours");
    return found;
}

uint64_t boot_table_mfn(int level)
{
    if (level == 4)
        return pt_read_cr3() >> 12;
    return pte_mfn(pt_entry(GUEST_VIRT_BASE, level + 1));
}

long max_ram_page(void)
{
    return hypercall_memory_op(XENMEM_maximum_ram_page, NULL);
}

long mmu_update_fd(uint64_t ptr, uint64_t val, unsigned foreigndom)
{
    struct mmu_update req = { .ptr = ptr, .val = val };

    return hypercall_mmu_update(&req, 1, NULL, foreigndom);
}

long mmuext_fd(unsigned cmd, uint64_t arg1, uint64_t arg2, unsigned foreigndom)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg1, .arg2.src_mfn = arg2 };

    return hypercall_mmuext_op(&op, 1, NULL, foreigndom);
}

/* After every attack: a fresh frame still maps, reads and writes. */
static void still_works_after_attacks(void)
{
    uint64_t mfn;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page)
        return;
    page[0] = 0x600DF00D;
    CHECK_EQ(page[0], 0x600DF00D);
    CHECK_EQ(pte_mfn(pt_entry((uint64_t)page, 1)), mfn);
    CHECK_RC(pt_unmap((uint64_t)page), 0);
}

int guest_main(const struct start_info *si)
{
    static const struct test_case last[] = { { "still_works_after_attacks",
                                               still_works_after_attacks } };
    static struct test_case cases[200];
    struct test_list all = { cases, 0, ARRAY_SIZE(cases) };

    initial_end = mapped_end(GUEST_VIRT_BASE, 1UL << 30);
    test_list_add(&all, table_cases, table_count);
    test_list_add(&all, frame_cases, frame_count);
    test_list_add(&all, address_space_cases, address_space_count);
    test_list_add(&all, descriptor_cases, descriptor_count);
    test_list_add(&all, pointer_cases, pointer_count);
    test_list_add(&all, grant_cases, grant_count);
    test_list_add(&all, last, ARRAY_SIZE(last));
    test_main("hostile", all.cases, all.count);
}
