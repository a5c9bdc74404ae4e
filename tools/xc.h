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
long xc_version(int cmd, void *arg);  /* xen_version: xl info */
long xc_sched_op(int cmd, void *arg); /* sched_op: remote_shutdown, yield while xl waits */
long xc_evtchn_op(int cmd, void *arg);
long xc_mmu_update(const struct mmu_update *reqs, unsigned count, domid_t dom);
long xc_mmuext_op(const struct mmuext_op *ops, unsigned count, domid_t dom);
long xc_grant_table_op(unsigned cmd, void *uop, unsigned count);

/*
 * Another domain's frames in our address space, as Linux's privcmd maps
 * them for Xen's toolstack: mmu_update of our own page tables with the
 * frames' owner as the foreign domain.  Map mfns[0..n) of domain dom
 * read-write, contiguously, n at most XC_MAP_MAX; NULL with *err set to
 * the hypervisor's answer (or -ENOMEM: no room) on failure.
 */
#define XC_MAP_MAX 512
void *xc_map_foreign(domid_t dom, const xen_pfn_t *mfns, unsigned n, long *err);

/* Undo xc_map_foreign(addr, n pages): 0 or a negative errno. */
long xc_unmap_foreign(void *addr, unsigned n);

#endif /* TOOLS_XC_H */
