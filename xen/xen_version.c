/*
 * xen_version: who the guest is talking to (public/version.h).  We answer as the
 * Xen 4.17 whose guest ABI we implement; the strings say what we really are.
 */
#include "public/features.h"
#include "public/version.h"
#include "xen/arch/console.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/domain.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/setup.h"
#include "xen/version.h"

static uint32_t features_submap0(const struct domain *d)
{
    uint32_t map = (1U << XENFEAT_memory_op_vnode_supported) |
                   (1U << XENFEAT_mmu_pt_update_preserve_ad) | (1U << XENFEAT_highmem_assist) |
                   (1U << XENFEAT_gnttab_map_avail_bits) | (1U << XENFEAT_direct_mapped);

    if (d->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3))
        map |= 1U << XENFEAT_pae_pgdir_above_4gb;
    if (d->domain_id == 0)
        map |= 1U << XENFEAT_dom0;
    return map;
}

/* Copy a string into a fixed-size, NUL-padded guest buffer. */
static long put_string(uint64_t arg, const char *text, size_t size)
{
    char buf[XEN_COMMANDLINE_INFO_LEN] = { 0 };

    str_copy(buf, text, size);
    return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

static long get_features(uint64_t arg)
{
    struct xen_feature_info info;

    if (copy_from_guest(&info, arg, sizeof(info)))
        return -EFAULT;
    if (info.submap_idx != 0)
        return -EINVAL;
    info.submap = features_submap0(current->domain);
    return copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long get_build_id(uint64_t arg)
{
    struct xen_build_id header;
    size_t len;
    const uint8_t *id = arch_build_id(&len);

    if (!arg)
        return len;
    if (copy_from_guest(&header, arg, sizeof(header)))
        return -EFAULT;
    if (header.len == 0)
        return -EINVAL;
    if (len > header.len)
        return -ENOBUFS;
    return copy_to_guest(arg + sizeof(header), id, len) ? -EFAULT : (long)len;
}

long do_xen_version(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    switch ((int32_t)cmd) {
    case XENVER_version:
        return (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
    case XENVER_extraversion:
        return put_string(arg, "-" HV_VERSION, XEN_EXTRAVERSION_LEN);
    case XENVER_compile_info: {
        struct xen_compile_info info = { 0 };
        str_copy(info.compiler, "gcc " __VERSION__, sizeof(info.compiler));
        str_copy(info.compile_by, "builder", sizeof(info.compile_by));
        str_copy(info.compile_date, __DATE__ " " __TIME__, sizeof(info.compile_date));
        return copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
    }
    case XENVER_capabilities:
        return put_string(arg, ARCH_GUEST_ABI " ", XEN_CAPABILITIES_INFO_LEN);
    case XENVER_changeset:
        return put_string(arg, HV_NAME " " HV_VERSION, XEN_CHANGESET_INFO_LEN);
    case XENVER_platform_parameters: {
        struct xen_platform_parameters params = { .virt_start = GUEST_HYPERVISOR_START };
        return copy_to_guest(arg, &params, sizeof(params)) ? -EFAULT : 0;
    }
    case XENVER_get_features:
        return get_features(arg);
    case XENVER_pagesize:
        return arg ? -EINVAL : (long)PAGE_SIZE;
    case XENVER_guest_handle: {
        xen_domain_handle_t handle = { 0 };
        return copy_to_guest(arg, handle, sizeof(handle)) ? -EFAULT : 0;
    }
    case XENVER_commandline:
        /* As Xen: the command line is the control domain's to see. */
        return put_string(arg, current->domain->is_privileged ? boot_cmdline() : "<denied>",
                          XEN_COMMANDLINE_INFO_LEN);
    case XENVER_build_id:
        return get_build_id(arg);
    }
    return -ENOSYS;
}
