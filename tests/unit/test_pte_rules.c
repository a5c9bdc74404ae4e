/*
 * x86-64's guest entry rules (arch/x86/pv/pte_rules.c) in x86's own bits:
 * the one test program that links them instead of the fake arch's format
 * (tests/unit/build.mk), compiled with x86's <asm/pte.h>.  The PV MMU tests
 * check the core over the fake's format; this checks the real encoding.
 */
#include <check.h>

#include "arch/x86/include/layout.h"
#include "arch/x86/include/pte_bits.h"
#include "public/xen.h"
#include "xen/arch/pte.h"

#define PTE_PAT       PTE_PSE /* the same bit, in an L1 */
#define PTE_SOFT_LOW  (7UL << 9)
#define PTE_SOFT_HIGH (0x7FFUL << 52)
#define RO_M2P_SLOT   256

static pte_t entry(mfn_t mfn, uint64_t flags)
{
    return (mfn << PAGE_SHIFT) | flags;
}

START_TEST(test_accessors_read_x86_bits)
{
    pte_t e = entry(0x123456789UL, PTE_P | PTE_RW | PTE_NX | PTE_SOFT_HIGH | PTE_SOFT_LOW);

    ck_assert(pte_present(e));
    ck_assert(pte_writable(e));
    ck_assert_uint_eq(pte_mfn(e), 0x123456789UL);
    ck_assert(!pte_present(e & ~PTE_P));
    ck_assert(!pte_writable(e & ~PTE_RW));
    ck_assert_uint_eq(pte_invalid_mfn(), PTE_ADDR_MASK >> PAGE_SHIFT);
    ck_assert_uint_eq(pte_mfn(PTE_ADDR_MASK | PTE_P), pte_invalid_mfn());
    ck_assert_uint_eq(PTE_ENTRIES, 512);
    ck_assert_uint_eq(PTE_LEVELS, 4);
    for (unsigned level = 1; level <= 4; level++)
        ck_assert_uint_eq(pte_level_shift(level), 12 + 9 * (level - 1));
}
END_TEST

START_TEST(test_l1_allows_global_and_cache_attributes_with_io_rights)
{
    const uint64_t ok =
        PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D | PTE_G | PTE_NX | PTE_SOFT_LOW | PTE_SOFT_HIGH;

    ck_assert_uint_eq(pte_disallowed_bits(entry(5, ok), 1, false), 0);
    ck_assert_uint_eq(pte_disallowed_bits(entry(5, PTE_P | PTE_PWT), 1, false), PTE_PWT);
    ck_assert_uint_eq(pte_disallowed_bits(entry(5, PTE_P | PTE_PCD), 1, false), PTE_PCD);
    ck_assert_uint_eq(pte_disallowed_bits(entry(5, PTE_P | PTE_PAT), 1, false), PTE_PAT);
    ck_assert_uint_eq(pte_disallowed_bits(entry(5, PTE_P | PTE_PWT | PTE_PCD | PTE_PAT), 1, true),
                      0);
}
END_TEST

START_TEST(test_upper_levels_refuse_superpages_global_and_cache_bits)
{
    const uint64_t ok = PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D | PTE_NX | PTE_SOFT_LOW;

    for (unsigned level = 2; level <= 4; level++) {
        for (int io = 0; io <= 1; io++) {
            ck_assert_uint_eq(pte_disallowed_bits(entry(5, ok), level, io), 0);
            ck_assert_uint_eq(pte_disallowed_bits(entry(5, PTE_P | PTE_PSE), level, io), PTE_PSE);
            ck_assert_uint_eq(pte_disallowed_bits(entry(5, PTE_P | PTE_G), level, io), PTE_G);
            ck_assert_uint_eq(pte_disallowed_bits(entry(5, PTE_P | PTE_PWT | PTE_PCD), level, io),
                              PTE_PWT | PTE_PCD);
        }
    }
}
END_TEST

START_TEST(test_adjust_as_xen_does)
{
    /* L1: kernel mappings become user + kernel marker; user ones global. */
    ck_assert_uint_eq(pte_adjust(entry(7, PTE_P | PTE_RW), 1),
                      entry(7, PTE_P | PTE_RW | PTE_US | PTE_GUEST_KERNEL));
    ck_assert_uint_eq(pte_adjust(entry(7, PTE_P | PTE_US), 1), entry(7, PTE_P | PTE_US | PTE_G));
    ck_assert_uint_eq(pte_adjust(entry(7, PTE_P | PTE_US | PTE_GUEST_KERNEL), 1),
                      entry(7, PTE_P | PTE_US | PTE_GUEST_KERNEL));
    /* L2, L3: user; L4: user and accessed. */
    ck_assert_uint_eq(pte_adjust(entry(7, PTE_P), 2), entry(7, PTE_P | PTE_US));
    ck_assert_uint_eq(pte_adjust(entry(7, PTE_P), 3), entry(7, PTE_P | PTE_US));
    ck_assert_uint_eq(pte_adjust(entry(7, PTE_P), 4), entry(7, PTE_P | PTE_US | PTE_A));
    /* Not present: untouched, whatever the rest says. */
    for (unsigned level = 1; level <= 4; level++)
        ck_assert_uint_eq(pte_adjust(entry(7, PTE_RW), level), entry(7, PTE_RW));
}
END_TEST

START_TEST(test_same_mapping_ignores_only_bits_without_references)
{
    pte_t old = entry(9, PTE_P | PTE_RW);
    const uint64_t free_bits[] = { PTE_A,  PTE_D,        PTE_US,        PTE_G,
                                   PTE_NX, PTE_SOFT_LOW, PTE_SOFT_HIGH, PTE_GUEST_KERNEL };
    const uint64_t costly_bits[] = { PTE_P, PTE_RW, PTE_PWT, PTE_PCD, PTE_PSE };

    for (unsigned i = 0; i < ARRAY_SIZE(free_bits); i++)
        ck_assert(pte_same_mapping(old, old ^ free_bits[i]));
    for (unsigned i = 0; i < ARRAY_SIZE(costly_bits); i++)
        ck_assert(!pte_same_mapping(old, old ^ costly_bits[i]));
    ck_assert(!pte_same_mapping(old, entry(10, PTE_P | PTE_RW)));
}
END_TEST

START_TEST(test_preserve_ad_ors_in_accessed_and_dirty)
{
    pte_t new = entry(3, PTE_P);

    ck_assert_uint_eq(pte_preserve_ad(entry(3, PTE_P | PTE_A | PTE_D | PTE_RW), new),
                      entry(3, PTE_P | PTE_A | PTE_D));
    ck_assert_uint_eq(pte_preserve_ad(entry(3, PTE_P), new), new);
}
END_TEST

START_TEST(test_cache_and_superpage_queries)
{
    ck_assert(pte_cache_wb(entry(1, PTE_P | PTE_RW)));
    ck_assert(!pte_cache_wb(entry(1, PTE_P | PTE_PWT)));
    ck_assert(!pte_cache_wb(entry(1, PTE_P | PTE_PCD)));
    ck_assert(!pte_cache_wb(entry(1, PTE_P | PTE_PAT)));
    ck_assert(!pte_superpage(entry(1, PTE_P | PTE_PSE), 1)); /* PAT there */
    ck_assert(pte_superpage(entry(1, PTE_P | PTE_PSE), 2));
    ck_assert(pte_superpage(entry(1, PTE_P | PTE_PSE), 3));
    ck_assert(!pte_superpage(entry(1, PTE_P | PTE_PSE), 4));
    ck_assert(!pte_superpage(entry(1, PTE_P), 2));
}
END_TEST

START_TEST(test_index_and_hypervisor_slots)
{
    uint64_t va = 0xFFFF8123456789ABUL;

    ck_assert_uint_eq(pte_index(va, 1), l1_index(va));
    ck_assert_uint_eq(pte_index(va, 2), l2_index(va));
    ck_assert_uint_eq(pte_index(va, 3), l3_index(va));
    ck_assert_uint_eq(pte_index(va, 4), l4_index(va));
    ck_assert_uint_eq(pte_index(RO_MPT_VIRT_START, 4), RO_M2P_SLOT);
    for (unsigned slot = 0; slot < PTE_ENTRIES; slot++)
        ck_assert_int_eq(pte_hypervisor_slot(slot), slot >= 256 && slot <= 271);
    /* HYPERVISOR_VIRT_START..END of the guest ABI are exactly those slots. */
    ck_assert_uint_eq(pte_index(HYPERVISOR_VIRT_START, 4), HV_SLOT_FIRST);
    ck_assert_uint_eq(pte_index(HYPERVISOR_VIRT_END - 1, 4), HV_SLOT_LAST);
}
END_TEST

START_TEST(test_hypervisor_slots_filled_from_the_template)
{
    static pte_t template[PTE_ENTRIES], root[PTE_ENTRIES];

    for (unsigned slot = 0; slot < PTE_ENTRIES; slot++) {
        template[slot] = 0xE000 + slot;
        root[slot] = 0x5000 + slot;
    }
    arch_pte_set_hypervisor_template(template);
    arch_fill_hypervisor_slots(root, false);
    ck_assert_uint_eq(root[RO_M2P_SLOT], 0);
    for (unsigned slot = 0; slot < PTE_ENTRIES; slot++)
        if (slot != RO_M2P_SLOT)
            ck_assert_uint_eq(root[slot],
                              pte_hypervisor_slot(slot) ? 0xE000 + slot : 0x5000 + slot);
    arch_set_ro_m2p_slot(root, true);
    ck_assert_uint_eq(root[RO_M2P_SLOT], 0xE000 + RO_M2P_SLOT);
    arch_set_ro_m2p_slot(root, false);
    ck_assert_uint_eq(root[RO_M2P_SLOT], 0);
    arch_fill_hypervisor_slots(root, true);
    ck_assert_uint_eq(root[RO_M2P_SLOT], 0xE000 + RO_M2P_SLOT);
    /* Without a template (before boot hands it over): empty slots. */
    arch_pte_set_hypervisor_template(NULL);
    arch_fill_hypervisor_slots(root, true);
    ck_assert_uint_eq(root[HV_SLOT_FIRST + 3], 0);
    arch_set_ro_m2p_slot(root, true);
    ck_assert_uint_eq(root[RO_M2P_SLOT], 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pte_rules");
    TCase *tc = tcase_create("x86");
    int failed;

    tcase_add_test(tc, test_accessors_read_x86_bits);
    tcase_add_test(tc, test_l1_allows_global_and_cache_attributes_with_io_rights);
    tcase_add_test(tc, test_upper_levels_refuse_superpages_global_and_cache_bits);
    tcase_add_test(tc, test_adjust_as_xen_does);
    tcase_add_test(tc, test_same_mapping_ignores_only_bits_without_references);
    tcase_add_test(tc, test_preserve_ad_ors_in_accessed_and_dirty);
    tcase_add_test(tc, test_cache_and_superpage_queries);
    tcase_add_test(tc, test_index_and_hypervisor_slots);
    tcase_add_test(tc, test_hypervisor_slots_filled_from_the_template);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
