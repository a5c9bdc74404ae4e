/*
 * domctl's remaining commands: what Xen 4.17 (Debian's build) answers for
 * a PV domain on a machine without IOMMU, HVM, PSR, vm_event or memory
 * sharing.  Most are refused outright (refusals[]); a few check their
 * argument first, in Xen's order:
 *  - the permission commands check their range as Xen does; we route no
 *    physical IRQ (-EPERM) and keep no per-domain I/O port or memory
 *    ranges to grant, so a grant the caller could make is -ENOSYS;
 *  - memory_mapping is a no-op for a PV domain, once the caller may map
 *    the range itself;
 *  - set_target wants an HVM target, sendtrigger an HVM domain but for
 *    the NMI, which we cannot inject (-ENOSYS, as the commands Xen has
 *    and we lack: subscribe, the TSC and extended vCPU state, MSRs,
 *    set_access_required).
 *  - the node affinity: one node, node 0, which every domain has.
 */
#include "public/domctl.h"
#include "xen/arch/cpu.h"
#include "xen/arch/mm.h"
#include "xen/domain.h"
#include "xen/domctl.h"
#include "xen/guest_access.h"
#include "xen/page_types.h"
#include "xen/printk.h"

#define IOPORTS       0x10000
#define PADDR_BITS    52 /* physical address width the frame numbers must fit */
#define NMI_TRIGGER   0  /* XEN_DOMCTL_SENDTRIG_NMI */
#define POWER_TRIGGER 3  /* XEN_DOMCTL_SENDTRIG_POWER */
#define SLEEP_TRIGGER 4  /* XEN_DOMCTL_SENDTRIG_SLEEP */

static const struct {
    uint32_t cmd;
    int16_t rc;
} refusals[] = {
    { XEN_DOMCTL_soft_reset_cont, -EINVAL },
    { XEN_DOMCTL_gethvmcontext, -EINVAL },
    { XEN_DOMCTL_sethvmcontext, -EINVAL },
    { XEN_DOMCTL_assign_device, -EOPNOTSUPP },
    { XEN_DOMCTL_bind_pt_irq, -EINVAL },
    { XEN_DOMCTL_ioport_mapping, -EOPNOTSUPP },
    { XEN_DOMCTL_set_ext_vcpucontext, -EINVAL },
    { XEN_DOMCTL_test_assign_device, -EOPNOTSUPP },
    { XEN_DOMCTL_deassign_device, -EOPNOTSUPP },
    { XEN_DOMCTL_unbind_pt_irq, -EINVAL },
    { XEN_DOMCTL_get_device_group, -EOPNOTSUPP },
    { XEN_DOMCTL_debug_op, -EINVAL },
    { XEN_DOMCTL_gethvmcontext_partial, -EINVAL },
    { XEN_DOMCTL_setvcpuextstate, -EINVAL },
    { XEN_DOMCTL_set_broken_page_p2m, -EINVAL },
    { XEN_DOMCTL_setvnumainfo, -EINVAL },
    { XEN_DOMCTL_psr_cmt_op, -ENODEV },
    { XEN_DOMCTL_monitor_op, -EOPNOTSUPP },
    { XEN_DOMCTL_psr_alloc, -ENODEV },
    { XEN_DOMCTL_vmtrace_op, -EINVAL },
    { XEN_DOMCTL_get_paging_mempool_size, -EOPNOTSUPP },
    { XEN_DOMCTL_set_paging_mempool_size, -EOPNOTSUPP },
};

static long refused(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    for (unsigned i = 0; i < ARRAY_SIZE(refusals); i++)
        if (refusals[i].cmd == op->cmd)
            return refusals[i].rc;
    return -ENOSYS;
}

/* The commands Xen has and we do not: said in the log, -ENOSYS. */
static long missing(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    printk(LOG_DEBUG "d%u: domctl %u not implemented\n", current->domain->domain_id, op->cmd);
    return -ENOSYS;
}

static long irq_permission(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    return -EPERM; /* the caller has no physical IRQ to give (we route none) */
}

/* A range the caller may not reach is -EPERM; granting one it may is not offered. */
static long iomem_permission(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    uint64_t first = op->u.iomem_permission.first_mfn, nr = op->u.iomem_permission.nr_mfns;
    uint64_t last = first + nr - 1;

    if (nr && last < first)
        return -EINVAL; /* wraps */
    if (!domain_has_io_caps(current->domain) || !arch_iomem_allowed(first) ||
        !arch_iomem_allowed(last))
        return -EPERM;
    return missing(d, op, copyback);
}

static long ioport_permission(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    uint32_t first = op->u.ioport_permission.first_port, nr = op->u.ioport_permission.nr_ports;

    if (first + nr <= first || first + nr > IOPORTS)
        return -EINVAL;
    return missing(d, op, copyback);
}

/* A PV domain maps machine frames itself: once the range is allowed, nothing to do. */
static long memory_mapping(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    const struct xen_domctl_memory_mapping *m = &op->u.memory_mapping;
    uint64_t end = m->first_mfn + m->nr_mfns - 1;

    if (end < m->first_mfn || ((m->first_mfn | end) >> (PADDR_BITS - PAGE_SHIFT)) ||
        m->first_gfn + m->nr_mfns - 1 < m->first_gfn)
        return -EINVAL;
    if (!domain_has_io_caps(current->domain) || !arch_iomem_allowed(m->first_mfn) ||
        !arch_iomem_allowed(end))
        return -EPERM; /* the caller could not map it itself */
    return 0;
}

static long set_target(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    struct domain *e = domain_lookup(op->u.set_target.target);
    long rc = -EOPNOTSUPP; /* the target must be HVM */

    if (!e)
        return -ESRCH;
    if (e == d)
        rc = -EINVAL;
    domain_put(e);
    return rc;
}

static long sendtrigger(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    uint32_t vcpu = op->u.sendtrigger.vcpu;

    if (vcpu >= d->max_vcpus || d->vcpus_hidden)
        return -ESRCH;
    switch (op->u.sendtrigger.trigger) {
    case NMI_TRIGGER:
        return missing(d, op, copyback);
    case POWER_TRIGGER:
    case SLEEP_TRIGGER:
        return -EINVAL; /* HVM only */
    }
    return -ENOSYS;
}

/* One node: a mask must name node 0 to be taken, and node 0 is what every domain has. */
static long setnodeaffinity(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    const struct xenctl_bitmap *b = &op->u.nodeaffinity.nodemap;
    uint8_t first = 0;

    if (b->nr_bits && copy_from_guest(&first, b->bitmap, 1))
        return -EFAULT;
    if (b->nr_bits < 8)
        first &= (uint8_t)((1U << b->nr_bits) - 1);
    return first & 1 ? 0 : -EINVAL;
}

static long getnodeaffinity(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    const struct xenctl_bitmap *b = &op->u.nodeaffinity.nodemap;
    unsigned bytes = (b->nr_bits + 7) / 8;

    for (unsigned i = 0; i < bytes; i++) {
        uint8_t byte = i == 0; /* node 0 */

        if (copy_to_guest(b->bitmap + i, &byte, 1))
            return -EFAULT;
    }
    return 0;
}

domctl_fn *domctl_other(uint32_t cmd)
{
    switch (cmd) {
    case XEN_DOMCTL_irq_permission:
        return irq_permission;
    case XEN_DOMCTL_iomem_permission:
        return iomem_permission;
    case XEN_DOMCTL_ioport_permission:
        return ioport_permission;
    case XEN_DOMCTL_memory_mapping:
        return memory_mapping;
    case XEN_DOMCTL_set_target:
        return set_target;
    case XEN_DOMCTL_sendtrigger:
        return sendtrigger;
    case XEN_DOMCTL_setnodeaffinity:
        return setnodeaffinity;
    case XEN_DOMCTL_getnodeaffinity:
        return getnodeaffinity;
    case XEN_DOMCTL_subscribe:
    case XEN_DOMCTL_get_ext_vcpucontext:
    case XEN_DOMCTL_gettscinfo:
    case XEN_DOMCTL_settscinfo:
    case XEN_DOMCTL_getvcpuextstate:
    case XEN_DOMCTL_set_access_required:
    case XEN_DOMCTL_get_vcpu_msrs:
    case XEN_DOMCTL_set_vcpu_msrs:
    case XEN_DOMCTL_soft_reset:
        return missing;
    }
    for (unsigned i = 0; i < ARRAY_SIZE(refusals); i++)
        if (refusals[i].cmd == cmd)
            return refused;
    return NULL;
}
