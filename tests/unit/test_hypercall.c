/*
 * Hypercall dispatch: every number reaches its own handler or -ENOSYS,
 * and the arch-neutral handlers that need no guest memory answer as Xen.
 */
#include <check.h>

#include "public/event_channel.h"
#include "public/features.h"
#include "public/sched.h"
#include "public/version.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_guest_memory.h"
#include "tests/unit/fake_hypercalls.h"
#include "xen/domain.h"
#include "xen/hypercall.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"

#define FRAMES 1024

static struct page_info table[FRAMES];
static struct domain *dom;

static void setup(void)
{
    fake_ram_init(FRAMES);
    page_alloc_init(table, FRAMES);
    page_alloc_add_range(0, FRAMES);
    dom = domain_create(0, 1, true);
    ck_assert_ptr_nonnull(dom);
    fake_current = dom->vcpus[0];
}

static long call3(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3)
{
    const uint64_t args[5] = { a1, a2, a3, 0, 0 };

    return hypercall_dispatch(nr, args[0], args[1], args[2], args[3], args[4]);
}

static long call(uint64_t nr, uint64_t a1, uint64_t a2)
{
    const uint64_t args[5] = { a1, a2, 0, 0, 0 };

    return hypercall_dispatch(nr, args[0], args[1], args[2], args[3], args[4]);
}

START_TEST(test_unknown_numbers_are_enosys)
{
    static const uint64_t unknown[] = {
        6,    11, 19, 27,  31,  34,  38,   43,         47,         48,         55,
        56,   63, 64, 100, 127, 128, 1000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000UL,
        ~0UL,
    };

    for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
        ck_assert_int_eq(call(unknown[i], 0, 0), -ENOSYS);
}
END_TEST

START_TEST(test_arch_handlers_are_routed_by_number)
{
    static const int arch_numbers[] = { 0, 2, 3, 4, 5, 8, 9, 10, 23, 25, 30, 33 };

    for (unsigned i = 0; i < sizeof(arch_numbers) / sizeof(arch_numbers[0]); i++) {
        int nr = arch_numbers[i];
        ck_assert_int_eq(call(nr, 0, 0), FAKE_HYPERCALL_RESULT(nr));
        ck_assert_int_eq(fake_hypercall_last, nr);
    }
}
END_TEST

START_TEST(test_xen_version_reports_4_17)
{
    ck_assert_int_eq(call(__HYPERVISOR_xen_version, XENVER_version, 0), 0x00040011);
    ck_assert_int_eq(call(__HYPERVISOR_xen_version, XENVER_pagesize, 0), 4096);
    ck_assert_int_eq(call(__HYPERVISOR_xen_version, XENVER_pagesize, 0x1000), -EINVAL);
    ck_assert_int_eq(call(__HYPERVISOR_xen_version, 11, 0), -ENOSYS);
    /* The command is a 32-bit int, as in Xen. */
    ck_assert_int_eq(call(__HYPERVISOR_xen_version, 0x100000000UL | XENVER_version, 0), 0x00040011);
}
END_TEST

START_TEST(test_vm_assist_checks_type_before_command)
{
    ck_assert_int_eq(
        call(__HYPERVISOR_vm_assist, VMASST_CMD_enable, VMASST_TYPE_writable_pagetables), 0);
    ck_assert(dom->vm_assist & (1UL << VMASST_TYPE_writable_pagetables));
    ck_assert_int_eq(
        call(__HYPERVISOR_vm_assist, VMASST_CMD_disable, VMASST_TYPE_writable_pagetables), 0);
    ck_assert_uint_eq(dom->vm_assist, 0);
    ck_assert_int_eq(call(__HYPERVISOR_vm_assist, VMASST_CMD_enable, 6), -EINVAL);
    ck_assert_int_eq(call(__HYPERVISOR_vm_assist, VMASST_CMD_enable, 64), -EINVAL);
    ck_assert_int_eq(call(__HYPERVISOR_vm_assist, 2, 6), -EINVAL);
    ck_assert_int_eq(call(__HYPERVISOR_vm_assist, 2, VMASST_TYPE_m2p_strict), -ENOSYS);
}
END_TEST

START_TEST(test_sched_op_yield_and_unknown)
{
    ck_assert_int_eq(call(__HYPERVISOR_sched_op, SCHEDOP_yield, 0), 0);
    ck_assert_int_eq(call(__HYPERVISOR_sched_op, 99, 0), -ENOSYS);
}
END_TEST

START_TEST(test_get_features_for_a_pv_dom0)
{
    struct xen_feature_info info = { .submap_idx = 0 };

    fake_guest_memory_add(&info, sizeof(info));
    ck_assert_int_eq(call(__HYPERVISOR_xen_version, XENVER_get_features, (uint64_t)&info), 0);
    /* Linux panics without 5 and 7; 11 marks the hardware domain. */
    ck_assert_uint_eq(info.submap & 0x8A0, 0x8A0);
    info.submap_idx = 1;
    ck_assert_int_eq(call(__HYPERVISOR_xen_version, XENVER_get_features, (uint64_t)&info), -EINVAL);
    ck_assert_int_eq(call(__HYPERVISOR_xen_version, XENVER_get_features, 16), -EFAULT);
}
END_TEST

START_TEST(test_console_io_write_faults_on_bad_buffer)
{
    char text[] = "hello\n";

    fake_guest_memory_add(text, sizeof(text));
    fake_console_reset();
    ck_assert_int_eq(call3(__HYPERVISOR_console_io, CONSOLEIO_write, 6, (uint64_t)text), 0);
    ck_assert_str_eq(fake_console, "hello\n");
    ck_assert_int_eq(
        call3(__HYPERVISOR_console_io, CONSOLEIO_write, sizeof(text) + 1, (uint64_t)text), -EFAULT);
    /* count is 32 bits wide: the upper half is ignored, as in Xen. */
    ck_assert_int_eq(call3(__HYPERVISOR_console_io, CONSOLEIO_write, 0x100000000UL, 16), 0);
    ck_assert_int_eq(call3(__HYPERVISOR_console_io, CONSOLEIO_read, 0x80000000UL, 16), -E2BIG);
}
END_TEST

START_TEST(test_console_input_reaches_dom0_with_virq)
{
    struct evtchn_bind_virq bind = { .virq = VIRQ_CONSOLE, .vcpu = 0 };
    char buf[16] = { 0 };

    fake_guest_memory_add(&bind, sizeof(bind));
    fake_guest_memory_add(buf, sizeof(buf));
    ck_assert_int_eq(call(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, (uint64_t)&bind), 0);
    fake_console_input = "ls\n";
    console_input_poll();
    ck_assert(dom->shared_info->evtchn_pending[0] & (1UL << bind.port));
    /* A bad buffer loses nothing: the input stays for the next read. */
    ck_assert_int_eq(call3(__HYPERVISOR_console_io, CONSOLEIO_read, 2, 16), -EFAULT);
    ck_assert_int_eq(call3(__HYPERVISOR_console_io, CONSOLEIO_read, 2, (uint64_t)buf), 2);
    ck_assert_str_eq(buf, "ls");
    ck_assert_int_eq(call3(__HYPERVISOR_console_io, CONSOLEIO_read, 16, (uint64_t)buf + 2), 1);
    ck_assert_str_eq(buf, "ls\n");
    ck_assert_int_eq(call3(__HYPERVISOR_console_io, CONSOLEIO_read, 16, (uint64_t)buf), 0);
}
END_TEST

START_TEST(test_console_io_domu_writes_prefixed_reads_refused)
{
    struct domain *domu = domain_create(1, 1, false);

    char text[] = "hi\n";

    fake_guest_memory_add(text, sizeof(text));
    fake_current = domu->vcpus[0];
    ck_assert_int_eq(call(__HYPERVISOR_console_io, CONSOLEIO_read, 0), -EPERM);
    fake_console_reset();
    ck_assert_int_eq(call3(__HYPERVISOR_console_io, CONSOLEIO_write, 3, (uint64_t)text), 0);
    ck_assert_str_eq(fake_console, "(d1) hi\n");
    fake_current = dom->vcpus[0];
    ck_assert_int_eq(call(__HYPERVISOR_console_io, 7, 0), -ENOSYS);
    ck_assert_int_eq(call(__HYPERVISOR_console_io, CONSOLEIO_write, 0), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hypercall");
    TCase *tc = tcase_create("dispatch");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_unknown_numbers_are_enosys);
    tcase_add_test(tc, test_arch_handlers_are_routed_by_number);
    tcase_add_test(tc, test_xen_version_reports_4_17);
    tcase_add_test(tc, test_vm_assist_checks_type_before_command);
    tcase_add_test(tc, test_sched_op_yield_and_unknown);
    tcase_add_test(tc, test_get_features_for_a_pv_dom0);
    tcase_add_test(tc, test_console_io_write_faults_on_bad_buffer);
    tcase_add_test(tc, test_console_io_domu_writes_prefixed_reads_refused);
    tcase_add_test(tc, test_console_input_reaches_dom0_with_virq);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
