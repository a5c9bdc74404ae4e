/*
 * sysctl's handlers, one table in xen/sysctl.c: each returns 0 or -errno
 * and sets *copyback to have the whole struct copied back (after
 * success only); arg is the caller's struct, for handlers that copy back
 * single fields themselves.
 */
#ifndef XEN_SYSCTL_H
#define XEN_SYSCTL_H

#include "public/sysctl.h"
#include "xen/lib.h"

typedef long sysctl_fn(struct xen_sysctl *op, uint64_t arg, bool *copyback);

/* xen/cpupool.c: Pool-0 and the empty pools a toolstack may add. */
sysctl_fn cpupool_sysctl, cpupool_sysctl_scheduler_op;

/* xen/sysctl_platform.c: facilities this hypervisor does not have, refused as Xen refuses. */
sysctl_fn sysctl_tbuf_op, sysctl_cpu_hotplug, sysctl_get_pmstat, sysctl_pm_op,
    sysctl_page_offline_op, sysctl_livepatch_op, sysctl_psr_cmt_op, sysctl_psr_alloc,
    sysctl_pcitopoinfo, sysctl_coverage_op, sysctl_cpu_levelling_caps;

#endif
