/*
 * The control seam: the toolstack's only way to the hypervisor (libxc's
 * role).  dom0 and test guests playing dom0 link tools/xc.c, which makes the
 * hypercalls; the host tests link a fake (tests/unit/tools/) instead.
 * Every call returns the hypercall's result: 0 or more, or a negative errno.
 */
#ifndef TOOLS_XC_H
#define TOOLS_XC_H

#include "public/domctl.h"
#include "public/event_channel.h"
#include "public/sysctl.h"
#include "public/xen.h"

/* domctl and sysctl with interface_version filled in. */
long xc_domctl(struct xen_domctl *op);
long xc_sysctl(struct xen_sysctl *op);

long xc_memory_op(unsigned cmd, void *arg);
long xc_evtchn_op(int cmd, void *arg);
long xc_mmu_update(const struct mmu_update *reqs, unsigned count, domid_t dom);
long xc_mmuext_op(const struct mmuext_op *ops, unsigned count, domid_t dom);

#endif /* TOOLS_XC_H */
