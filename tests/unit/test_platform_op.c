/*
 * platform_op (xen/platform_op.c) through hypercall_dispatch: who may call
 * it, the interface version, the firmware queries on a machine we collected
 * no firmware tables from (Xen 4.17's answers on a BIOS PC without disks),
 * settime64's must-be-zero field, unknown commands.
 */
#include <check.h>
#include <string.h>

#include "public/platform.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_guest_memory.h"
#include "xen/domain.h"
#include "xen/hypercall.h"
#include "xen/page_alloc.h"

#define FRAMES 1024

static struct page_info table[FRAMES];
static struct xen_platform_op op;
static struct domain *dom0, *dom1;

static void setup(void)
{
    fake_ram_init(FRAMES);
    page_alloc_init(table, FRAMES);
    page_alloc_add_range(0, FRAMES);
    dom0 = domain_create(0, 1, true);
    dom1 = domain_create(1, 1, false);
    ck_assert_ptr_nonnull(dom0);
    ck_assert_ptr_nonnull(dom1);
    fake_current = dom0->vcpus[0];
    fake_guest_memory_reset();
    fake_guest_memory_add(&op, sizeof(op));
}

static long platform_op(uint32_t cmd)
{
    op.cmd = cmd;
    op.interface_version = XENPF_INTERFACE_VERSION;
    return hypercall_dispatch(__HYPERVISOR_platform_op, (uint64_t)&op, 0, 0, 0, 0);
}

static long firmware_info(uint32_t type, uint32_t index)
{
    memset(&op, 0, sizeof(op));
    op.u.firmware_info.type = type;
    op.u.firmware_info.index = index;
    return platform_op(XENPF_firmware_info);
}

START_TEST(test_only_the_control_domain_may_call)
{
    fake_current = dom1->vcpus[0];
    ck_assert_int_eq(firmware_info(XEN_FW_KBD_SHIFT_FLAGS, 0), -EPERM);
}
END_TEST

START_TEST(test_bad_pointer_and_interface_version)
{
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_platform_op, 0, 0, 0, 0, 0), -EFAULT);
    op.cmd = XENPF_firmware_info;
    op.interface_version = XENPF_INTERFACE_VERSION + 1;
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_platform_op, (uint64_t)&op, 0, 0, 0, 0),
                     -EACCES);
}
END_TEST

START_TEST(test_firmware_info_on_a_bios_pc_without_disks)
{
    ck_assert_int_eq(firmware_info(XEN_FW_DISK_INFO, 0), -ESRCH);
    ck_assert_int_eq(firmware_info(XEN_FW_DISK_MBR_SIGNATURE, 0), -ESRCH);
    ck_assert_int_eq(firmware_info(XEN_FW_VBEDDC_INFO, 0), -ESRCH);
    ck_assert_int_eq(firmware_info(XEN_FW_EFI_INFO, XEN_FW_EFI_VERSION), -ENOSYS);
    ck_assert_int_eq(firmware_info(XEN_FW_EFI_INFO, 100), -ENOSYS);
    ck_assert_int_eq(firmware_info(0, 0), -EINVAL);
    ck_assert_int_eq(firmware_info(6, 0), -EINVAL);
}
END_TEST

START_TEST(test_keyboard_shift_flags_at_index_0_only)
{
    memset(&op, 0, sizeof(op));
    op.u.firmware_info.type = XEN_FW_KBD_SHIFT_FLAGS;
    op.u.firmware_info.u.kbd_shift_flags = 0xA5;
    ck_assert_int_eq(platform_op(XENPF_firmware_info), 0);
    ck_assert_uint_eq(op.u.firmware_info.u.kbd_shift_flags, 0);
    ck_assert_int_eq(firmware_info(XEN_FW_KBD_SHIFT_FLAGS, 1), -ESRCH);
}
END_TEST

START_TEST(test_settime64_mbz_and_unknown_commands)
{
    memset(&op, 0, sizeof(op));
    op.u.settime64.mbz = 1;
    ck_assert_int_eq(platform_op(XENPF_settime64), -EINVAL);
    ck_assert_int_eq(platform_op(0), -ENOSYS);
    ck_assert_int_eq(platform_op(1000), -ENOSYS);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("platform_op");
    TCase *tc = tcase_create("platform_op");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_only_the_control_domain_may_call);
    tcase_add_test(tc, test_bad_pointer_and_interface_version);
    tcase_add_test(tc, test_firmware_info_on_a_bios_pc_without_disks);
    tcase_add_test(tc, test_keyboard_shift_flags_at_index_0_only);
    tcase_add_test(tc, test_settime64_mbz_and_unknown_commands);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
