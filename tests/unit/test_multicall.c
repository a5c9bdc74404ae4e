/*
 * multicall (xen/multicall.c) through hypercall_dispatch, with its list in
 * fake guest memory: results written back entry by entry, a nested
 * multicall refused, an iret entry ending the list, bad lists.
 */
#include <check.h>
#include <string.h>

#include "public/version.h"
#include "public/xen.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_guest_memory.h"
#include "tests/unit/fake_hypercalls.h"
#include "xen/arch/mm.h"
#include "xen/domain.h"
#include "xen/hypercall.h"
#include "xen/page_alloc.h"

#define FRAMES    1024
#define UNTOUCHED 0xdeadbeefcafef00dUL

static struct page_info table[FRAMES];
static struct multicall_entry list[4];

static void setup(void)
{
    struct domain *dom;

    fake_ram_init(FRAMES);
    page_alloc_init(table, FRAMES);
    page_alloc_add_range(0, FRAMES);
    dom = domain_create(0, 1, true);
    ck_assert_ptr_nonnull(dom);
    fake_current = dom->vcpus[0];
    memset(list, 0, sizeof(list));
    fake_guest_memory_reset();
    fake_guest_memory_add(list, sizeof(list));
}

static struct multicall_entry entry(uint64_t op, uint64_t a0, uint64_t a1)
{
    return (struct multicall_entry){ .op = op, .result = UNTOUCHED, .args = { a0, a1 } };
}

static long multicall(uint64_t address, uint64_t nr_calls)
{
    return hypercall_dispatch(__HYPERVISOR_multicall, address, nr_calls, 0, 0, 0);
}

START_TEST(test_results_are_written_back_in_order)
{
    list[0] = entry(__HYPERVISOR_xen_version, XENVER_version, 0);
    list[1] = entry(100, 0, 0);
    list[2] = entry(__HYPERVISOR_xen_version, XENVER_pagesize, 0);
    ck_assert_int_eq(multicall((uint64_t)list, 3), 0);
    ck_assert_int_eq((long)list[0].result, 0x00040011);
    ck_assert_int_eq((long)list[1].result, -ENOSYS);
    ck_assert_int_eq((long)list[2].result, 4096);
    ck_assert_uint_eq(list[3].result, 0);
}
END_TEST

START_TEST(test_nested_multicall_entry_is_einval)
{
    list[0] = entry(__HYPERVISOR_multicall, (uint64_t)&list[2], 1);
    list[1] = entry(__HYPERVISOR_xen_version, XENVER_version, 0);
    list[2] = entry(__HYPERVISOR_xen_version, XENVER_version, 0);
    ck_assert_int_eq(multicall((uint64_t)list, 2), 0);
    ck_assert_int_eq((long)list[0].result, -EINVAL);
    ck_assert_int_eq((long)list[1].result, 0x00040011);
    ck_assert_uint_eq(list[2].result, UNTOUCHED);
}
END_TEST

/* The iret has already sent the guest elsewhere: nothing after it runs. */
START_TEST(test_iret_entry_ends_the_list_with_its_result)
{
    list[0] = entry(__HYPERVISOR_xen_version, XENVER_version, 0);
    list[1] = entry(__HYPERVISOR_iret, 0, 0);
    list[2] = entry(__HYPERVISOR_xen_version, XENVER_version, 0);
    fake_hypercall_last = -1;
    ck_assert_int_eq(multicall((uint64_t)list, 3), FAKE_HYPERCALL_RESULT(__HYPERVISOR_iret));
    ck_assert_int_eq(fake_hypercall_last, __HYPERVISOR_iret);
    ck_assert_int_eq((long)list[0].result, 0x00040011);
    ck_assert_int_eq((long)list[1].result, FAKE_HYPERCALL_RESULT(__HYPERVISOR_iret));
    ck_assert_uint_eq(list[2].result, UNTOUCHED);
}
END_TEST

START_TEST(test_bad_lists_are_efault)
{
    ck_assert_int_eq(multicall(0, 1), -EFAULT);
    ck_assert_int_eq(multicall(0, 0), 0);
    ck_assert_int_eq(multicall(GUEST_VA_LOW_END, 0), -EFAULT);
    ck_assert_int_eq(multicall(GUEST_VA_LOW_END, 1), -EFAULT);
}
END_TEST

/* Entries before the one that cannot be read have run and keep their results. */
START_TEST(test_unreadable_entry_partway_is_efault)
{
    list[2] = entry(__HYPERVISOR_xen_version, XENVER_version, 0);
    list[3] = entry(__HYPERVISOR_xen_version, XENVER_pagesize, 0);
    ck_assert_int_eq(multicall((uint64_t)&list[2], 3), -EFAULT);
    ck_assert_int_eq((long)list[2].result, 0x00040011);
    ck_assert_int_eq((long)list[3].result, 4096);
}
END_TEST

START_TEST(test_nr_calls_is_32_bits)
{
    list[0] = entry(__HYPERVISOR_xen_version, XENVER_version, 0);
    ck_assert_int_eq(multicall((uint64_t)list, 1UL << 32), 0);
    ck_assert_uint_eq(list[0].result, UNTOUCHED);
    ck_assert_int_eq(multicall((uint64_t)list, (1UL << 32) | 1), 0);
    ck_assert_int_eq((long)list[0].result, 0x00040011);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("multicall");
    TCase *tc = tcase_create("multicall");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_results_are_written_back_in_order);
    tcase_add_test(tc, test_nested_multicall_entry_is_einval);
    tcase_add_test(tc, test_iret_entry_ends_the_list_with_its_result);
    tcase_add_test(tc, test_bad_lists_are_efault);
    tcase_add_test(tc, test_unreadable_entry_partway_is_efault);
    tcase_add_test(tc, test_nr_calls_is_32_bits);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
