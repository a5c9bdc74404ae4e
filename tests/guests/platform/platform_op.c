/*
 * platform_op (hypercall 7) from dom0: the interface version check, the
 * firmware facts Xen collected at boot on this QEMU machine, settime64's
 * must-be-zero field, unknown commands.
 */
#include "platform.h"

static struct xen_platform_op platform(uint32_t cmd)
{
    return (struct xen_platform_op){ .cmd = cmd, .interface_version = XENPF_INTERFACE_VERSION };
}

static struct xen_platform_op firmware_info(uint32_t type, uint32_t index)
{
    struct xen_platform_op op = platform(XENPF_firmware_info);

    op.u.firmware_info.type = type;
    op.u.firmware_info.index = index;
    return op;
}

static void wrong_interface_version_eacces(void)
{
    struct xen_platform_op op = firmware_info(XEN_FW_KBD_SHIFT_FLAGS, 0);

    op.interface_version = XENPF_INTERFACE_VERSION - 1;
    CHECK_RC(platform_op(&op), -XEN_EACCES);
    op.interface_version = 0;
    CHECK_RC(platform_op(&op), -XEN_EACCES);
    op = platform(1000);
    op.interface_version = 0x03000002;
    CHECK_RC(platform_op(&op), -XEN_EACCES);
}

static void bad_pointer_efault(void)
{
    CHECK_RC(platform_op(NULL), -XEN_EFAULT);
    CHECK_RC(platform_op((struct xen_platform_op *)HYPERVISOR_DIRECT_MAP), -XEN_EFAULT);
    CHECK_RC(platform_op((struct xen_platform_op *)NONCANONICAL), -XEN_EFAULT);
}

static void firmware_kbd_shift_flags_0(void)
{
    struct xen_platform_op op = firmware_info(XEN_FW_KBD_SHIFT_FLAGS, 0);

    op.u.firmware_info.u.kbd_shift_flags = 0xa5;
    CHECK_RC(platform_op(&op), 0);
    CHECK_EQ(op.u.firmware_info.u.kbd_shift_flags, 0);
    CHECK_EQ(op.cmd, XENPF_firmware_info);
}

/* There is one set of shift flags: any other index is "no such item". */
static void firmware_kbd_shift_flags_index_1_esrch(void)
{
    struct xen_platform_op op = firmware_info(XEN_FW_KBD_SHIFT_FLAGS, 1);

    CHECK_RC(platform_op(&op), -XEN_ESRCH);
    op = firmware_info(XEN_FW_KBD_SHIFT_FLAGS, 0xffffffff);
    CHECK_RC(platform_op(&op), -XEN_ESRCH);
}

/*
 * BIOS drive 0's EDD parameters.  The machine boots from a CD and has no
 * hard disk: Xen's boot-time EDD scan finds no drive.
 */
static void firmware_disk_info_index_0(void)
{
    static uint8_t edd[128];
    struct xen_platform_op op = firmware_info(XEN_FW_DISK_INFO, 0);
    long rc;

    edd[0] = sizeof(edd);
    op.u.firmware_info.u.disk_info.edd_params = (uint64_t)edd;
    rc = platform_op(&op);
    info("firmware_info disk_info 0: %ld (%s), device %#x version %#x", rc, errno_name(rc),
         op.u.firmware_info.u.disk_info.device, op.u.firmware_info.u.disk_info.version);
    CHECK_RC(rc, -XEN_ESRCH);
}

static void firmware_disk_mbr_signature_index_0(void)
{
    struct xen_platform_op op = firmware_info(XEN_FW_DISK_MBR_SIGNATURE, 0);
    long rc = platform_op(&op);

    info("firmware_info disk_mbr_signature 0: %ld (%s)", rc, errno_name(rc));
    CHECK_RC(rc, -XEN_ESRCH);
}

/* The machine boots from BIOS, not EFI. */
static void firmware_efi_info_not_efi(void)
{
    struct xen_platform_op op = firmware_info(XEN_FW_EFI_INFO, XEN_FW_EFI_VERSION);
    long rc = platform_op(&op);

    info("firmware_info efi_info version: %ld (%s)", rc, errno_name(rc));
    CHECK_RC(rc, -XEN_ENOSYS);
}

static void firmware_unknown_type_einval(void)
{
    struct xen_platform_op op = firmware_info(6, 0);

    CHECK_RC(platform_op(&op), -XEN_EINVAL);
    op = firmware_info(0, 0);
    CHECK_RC(platform_op(&op), -XEN_EINVAL);
}

static void settime64_mbz_einval(void)
{
    struct xen_platform_op op = platform(XENPF_settime64);

    op.u.settime64.secs = 1;
    op.u.settime64.mbz = 1;
    CHECK_RC(platform_op(&op), -XEN_EINVAL);
    op.u.settime64.mbz = 0x80000000;
    CHECK_RC(platform_op(&op), -XEN_EINVAL);
}

static void unknown_cmd_enosys(void)
{
    static const uint32_t cmds[] = { 0, 1, 16, 64, 1000, 0xffffffff };

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        struct xen_platform_op op = platform(cmds[i]);
        long rc = platform_op(&op);
        CHECK(rc == -XEN_ENOSYS, "platform_op cmd %u returned %ld (%s)", cmds[i], rc,
              errno_name(rc));
    }
}

const struct test_case platform_op_cases[] = {
    { "platform_op_wrong_interface_version_eacces", wrong_interface_version_eacces },
    { "platform_op_bad_pointer_efault", bad_pointer_efault },
    { "platform_op_firmware_kbd_shift_flags_0", firmware_kbd_shift_flags_0 },
    { "platform_op_firmware_kbd_shift_flags_index_1_esrch",
      firmware_kbd_shift_flags_index_1_esrch },
    { "platform_op_firmware_disk_info_index_0", firmware_disk_info_index_0 },
    { "platform_op_firmware_disk_mbr_signature_index_0", firmware_disk_mbr_signature_index_0 },
    { "platform_op_firmware_efi_info_not_efi", firmware_efi_info_not_efi },
    { "platform_op_firmware_unknown_type_einval", firmware_unknown_type_einval },
    { "platform_op_settime64_mbz_einval", settime64_mbz_einval },
    { "platform_op_unknown_cmd_enosys", unknown_cmd_enosys },
};
const unsigned platform_op_count = ARRAY_SIZE(platform_op_cases);
