/*
 * platform_op (hypercall 7): the hardware domain's view of the platform.
 * Only the control domain may call it (-EPERM), with Xen 4.17's interface
 * version (-EACCES).  We collected no firmware tables at boot, so the
 * firmware queries answer as Xen does on a machine without them (no EDD
 * drives, no EDID, not booted by EFI; the keyboard shift flags are 0, at
 * index 0 only).  settime sets every domain's wall clock.  The sub-ops that
 * change the platform (MTRRs, CPU hotplug, power management, microcode) are
 * not offered: -ENOSYS.
 */
#include "public/platform.h"
#include "xen/arch/cpu.h"
#include "xen/domain.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/printk.h"
#include "xen/time.h"

static long firmware_info(struct xen_platform_op *op)
{
    switch (op->u.firmware_info.type) {
    case XEN_FW_DISK_INFO:
    case XEN_FW_DISK_MBR_SIGNATURE:
    case XEN_FW_VBEDDC_INFO:
        return -ESRCH; /* no such drive / no EDID */
    case XEN_FW_EFI_INFO:
        return -ENOSYS; /* not booted by EFI */
    case XEN_FW_KBD_SHIFT_FLAGS:
        if (op->u.firmware_info.index)
            return -ESRCH; /* one set of flags only */
        op->u.firmware_info.u.kbd_shift_flags = 0;
        return 0;
    default:
        return -EINVAL;
    }
}

long do_platform_op(uint64_t arg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct xen_platform_op op;
    long rc;

    if (!current->domain->is_privileged)
        return -EPERM;
    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XENPF_INTERFACE_VERSION)
        return -EACCES;
    switch (op.cmd) {
    case XENPF_settime32:
        time_settime(op.u.settime32.secs, op.u.settime32.nsecs, op.u.settime32.system_time);
        return 0;
    case XENPF_settime64:
        if (op.u.settime64.mbz)
            return -EINVAL;
        time_settime(op.u.settime64.secs, op.u.settime64.nsecs, op.u.settime64.system_time);
        return 0;
    case XENPF_firmware_info:
        rc = firmware_info(&op);
        break;
    default:
        printk(LOG_DEBUG "d%u v%u: platform_op %u not implemented\n", current->domain->domain_id,
               current->vcpu_id, op.cmd);
        return -ENOSYS;
    }
    if (rc == 0 && copy_to_guest(arg, &op, sizeof(op)))
        return -EFAULT;
    return rc;
}
