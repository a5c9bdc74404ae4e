/* The control seam (tools/xc.h) over hypercalls, for dom0 and test guests. */
#include "guest/hypercall.h"
#include "tools/xc.h"

long xc_domctl(struct xen_domctl *op)
{
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return hypercall_1(__HYPERVISOR_domctl, op);
}

long xc_sysctl(struct xen_sysctl *op)
{
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hypercall_1(__HYPERVISOR_sysctl, op);
}

long xc_memory_op(unsigned cmd, void *arg)
{
    return hypercall_memory_op(cmd, arg);
}

long xc_evtchn_op(int cmd, void *arg)
{
    return hypercall_event_channel_op(cmd, arg);
}

long xc_mmu_update(const struct mmu_update *reqs, unsigned count, domid_t dom)
{
    return hypercall_mmu_update(reqs, count, NULL, dom);
}

long xc_mmuext_op(const struct mmuext_op *ops, unsigned count, domid_t dom)
{
    return hypercall_mmuext_op(ops, count, NULL, dom);
}
