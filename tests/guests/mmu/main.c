/*
 * mmu: every operation of the PV MMU used the way a guest kernel uses it
 * (public/xen.h, public/memory.h): mmu_update, mmuext_op, update_va_mapping, memory_op,
 * set_gdt and update_descriptor, each checked by its effect (the mapping
 * reads the frame, the M2P entry changed, the selector loads).  The
 * hostile uses are in tests/guests/hostile.  Expected values are Xen
 * 4.17's answers to a 64-bit PV dom0.
 */
#include "mmu.h"

void fill_page(volatile uint64_t *page, uint64_t tag)
{
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        page[i] = tag * 0x9E3779B97F4A7C15UL + i;
}

bool page_has(const volatile uint64_t *page, uint64_t tag)
{
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        if (page[i] != tag * 0x9E3779B97F4A7C15UL + i)
            return false;
    return true;
}

int guest_main(const struct start_info *si)
{
    static struct test_case cases[160];
    struct test_list all = { cases, 0, ARRAY_SIZE(cases) };

    /* memory_op first: its reservation counts compare with start of day. */
    test_list_add(&all, memory_cases, memory_count);
    test_list_add(&all, mmu_update_cases, mmu_update_count);
    test_list_add(&all, mmuext_cases, mmuext_count);
    test_list_add(&all, va_mapping_cases, va_mapping_count);
    test_list_add(&all, descriptor_cases, descriptor_count);
    test_main("mmu", all.cases, all.count);
}
