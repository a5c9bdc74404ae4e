/*
 * The sysctls about facilities this hypervisor does not have, answered as
 * Xen 4.17 answers them on such a machine (one without trace buffers set
 * up, cpufreq, cache QoS, live patches or PCI devices it manages): trace
 * buffers (tbuf_op), CPU hotplug, power management (get_pmstat, pm_op),
 * page offlining, live patching, cache monitoring and allocation
 * (psr_cmt_op, psr_alloc), PCI topology, coverage and CPUID levelling.
 *
 * What state Xen keeps even so (the trace event mask and CPU mask, the
 * SMT power-saving flag, the C-state limits) is kept and reported.  Where
 * Xen would go on to do the work (allocate trace buffers, take a CPU
 * offline, offline a page, load a patch) the answer is -ENOSYS.
 *
 * Everything here runs under sysctl's lock.
 */
#include "xen/guest_access.h"
#include "xen/mm.h"
#include "xen/sched.h"
#include "xen/sysctl.h"
#include "xen/time.h"

#define TRC_ALL 0x0ffff000U /* Xen's default trace event mask */

static uint32_t trace_event_mask = TRC_ALL;
static uint8_t trace_cpu_mask[MAX_CPUS / 8];
static bool smt_power_savings;
static uint32_t max_cstate = 1; /* we idle with HLT: C1 is the deepest */
static uint32_t max_csubstate = ~0U;

static unsigned nr_cpus(void)
{
    return sched_nr_cpus();
}

/* Xen's copy of a guest bitmap: the bytes both sides have, the last one trimmed. */
static int cpumask_from_guest(uint8_t *mask, const struct xenctl_bitmap *map)
{
    uint32_t guest_bytes = (uint32_t)(((uint64_t)map->nr_bits + 7) / 8);
    uint32_t ours = (nr_cpus() + 7) / 8, copy = MIN(guest_bytes, ours);
    uint8_t bytes[MAX_CPUS / 8] = { 0 };

    if (copy && copy_from_guest(bytes, map->bitmap, copy))
        return -EFAULT;
    if ((map->nr_bits & 7) && guest_bytes == copy)
        bytes[guest_bytes - 1] &= (uint8_t) ~(0xff << (map->nr_bits & 7));
    memcpy(mask, bytes, ours);
    return 0;
}

long sysctl_tbuf_op(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_tbuf_op *t = &op->u.tbuf_op;

    *copyback = true;
    switch (t->cmd) {
    case XEN_SYSCTL_TBUFOP_get_info:
        t->evt_mask = trace_event_mask;
        t->buffer_mfn = 0; /* no buffers */
        t->size = 0;
        return 0;
    case XEN_SYSCTL_TBUFOP_set_cpu_mask:
        return cpumask_from_guest(trace_cpu_mask, &t->cpu_mask);
    case XEN_SYSCTL_TBUFOP_set_evt_mask:
        trace_event_mask = t->evt_mask;
        return 0;
    case XEN_SYSCTL_TBUFOP_set_size:
        return t->size ? -ENOSYS : -EINVAL; /* Xen would allocate the buffers */
    case XEN_SYSCTL_TBUFOP_enable:
        return -EINVAL; /* no buffer size was set */
    case XEN_SYSCTL_TBUFOP_disable:
        return 0;
    default:
        return -EINVAL;
    }
}

long sysctl_cpu_hotplug(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    uint32_t cpu = op->u.cpu_hotplug.cpu;

    switch (op->u.cpu_hotplug.op) {
    case XEN_SYSCTL_CPU_HOTPLUG_ONLINE:
        return cpu >= nr_cpus() ? -EINVAL : -EEXIST; /* every CPU there is is up */
    case XEN_SYSCTL_CPU_HOTPLUG_OFFLINE:
        if (cpu >= nr_cpus() || cpu == 0)
            return -EINVAL;
        return -ENOSYS; /* Xen would take it down */
    default:
        return -EOPNOTSUPP; /* SMT on/off included: no CPU has siblings here */
    }
}

/*
 * Xen's statistics when dom0 registered no C-state data: C0 and C1 (HLT),
 * C1 entered once for all the idle time.
 */
static int cx_stat(uint32_t cpu, struct pm_cx_stat *st)
{
    uint64_t idle = sched_cpu_idle_ns(cpu), now = now_ns();
    uint64_t usage[2] = { 1, 1 }, res[2] = { now > idle ? now - idle : 0, idle };
    uint32_t nr = MIN(st->nr, 2U);

    st->nr = 2;
    st->last = 0;
    st->idle_time = idle;
    if (copy_to_guest(st->triggers, usage, nr * sizeof(*usage)) ||
        copy_to_guest(st->residencies, res, nr * sizeof(*res)))
        return -EFAULT;
    st->nr_pc = st->nr_cc = 0;
    return 0;
}

/* C-states only: there is no cpufreq driver, so P-state queries fail as in Xen. */
long sysctl_get_pmstat(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_get_pmstat *pm = &op->u.get_pmstat;

    if (pm->cpuid >= nr_cpus())
        return -EINVAL;
    switch (pm->type & PMSTAT_CATEGORY_MASK) {
    case PMSTAT_PX:
        return -EINVAL; /* no P-state data for the CPU */
    case PMSTAT_CX:
        break;
    default:
        return -ENODEV;
    }
    *copyback = true;
    switch (pm->type) {
    case PMSTAT_get_max_cx:
        pm->u.getcx.nr = 2; /* C0 and C1 */
        return 0;
    case PMSTAT_get_cxstat:
        return cx_stat(pm->cpuid, &pm->u.getcx);
    case PMSTAT_reset_cxstat:
        return 0;
    default:
        return -ENOSYS;
    }
}

long sysctl_pm_op(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_pm_op *pm = &op->u.pm_op;
    uint32_t old;

    if ((pm->cmd & PM_PARA_CATEGORY_MASK) == CPUFREQ_PARA)
        return -EINVAL; /* no cpufreq data for any CPU */
    *copyback = true;
    switch (pm->cmd) {
    case XEN_SYSCTL_pm_op_set_sched_opt_smt:
        if (pm->cpuid != 0)
            return -EINVAL;
        old = smt_power_savings;
        smt_power_savings = pm->u.set_sched_opt_smt != 0;
        pm->u.set_sched_opt_smt = old;
        return 0;
    case XEN_SYSCTL_pm_op_get_max_cstate:
        if (pm->cpuid > 1)
            return -EINVAL;
        pm->u.get_max_cstate = pm->cpuid ? max_csubstate : max_cstate;
        return 0;
    case XEN_SYSCTL_pm_op_set_max_cstate:
        if (pm->cpuid > 1)
            return -EINVAL;
        *(pm->cpuid ? &max_csubstate : &max_cstate) = pm->u.set_max_cstate;
        return 0;
    case XEN_SYSCTL_pm_op_enable_turbo:
    case XEN_SYSCTL_pm_op_disable_turbo:
        return pm->cpuid >= nr_cpus() ? -EINVAL : -EACCES; /* no cpufreq policy for it */
    default:
        return -ENOSYS;
    }
}

/* Nothing is ever offlined: a frame is fine or is not one. */
static int page_query(uint32_t cmd, mfn_t mfn, uint32_t *status)
{
    if (!mfn_valid(mfn))
        return -EINVAL;
    switch (cmd) {
    case sysctl_query_page_offline: /* online, not broken */
    case sysctl_page_online:        /* PG_ONLINE_ONLINED is for a frame that was offline */
        *status = 0;
        return 0;
    case sysctl_page_offline:
        return -ENOSYS; /* Xen would offline it */
    default:
        return -EINVAL;
    }
}

#define PAGE_OFFLINE_MAX (1U << 20) /* frames per call; beyond, Xen's status array fails too */

/*
 * As Xen: every status starts as PG_OFFLINE_INVALID in each byte, the
 * frames are done in order up to the first failure, and the whole status
 * array is copied out whatever happened.
 */
long sysctl_page_offline_op(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_page_offline_op *po = &op->u.page_offline;
    uint32_t unset = PG_OFFLINE_INVALID * 0x01010101U, status;
    uint64_t count;
    int rc = 0;

    if (po->end < po->start)
        return -EINVAL;
    count = (uint64_t)po->end - po->start + 1;
    if (count > PAGE_OFFLINE_MAX)
        return -ENOMEM;
    for (uint64_t i = 0; i < count; i++) {
        status = unset;
        if (!rc)
            rc = page_query(po->cmd, po->start + i, &status);
        if (copy_to_guest(po->status + i * sizeof(status), &status, sizeof(status)))
            return -EFAULT;
    }
    return rc;
}

/* A live patch's name, checked as Xen checks it. */
static int livepatch_name(const struct xen_livepatch_name *name)
{
    char n[XEN_LIVEPATCH_NAME_SIZE];

    if (!name->size || name->size > XEN_LIVEPATCH_NAME_SIZE)
        return -EINVAL;
    if (name->pad[0] || name->pad[1] || name->pad[2])
        return -EINVAL;
    if (copy_from_guest(n, name->name, name->size))
        return -EFAULT;
    return n[name->size - 1] ? -EINVAL : 0;
}

/* No payload is ever loaded: the list is empty and no name is found. */
long sysctl_livepatch_op(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_livepatch_op *lp = &op->u.livepatch;
    int rc;

    if (lp->pad)
        return -EINVAL;
    switch (lp->cmd) {
    case XEN_SYSCTL_LIVEPATCH_UPLOAD:
        rc = livepatch_name(&lp->u.upload.name);
        if (!rc && !lp->u.upload.size)
            rc = -EINVAL;
        return rc ? rc : -ENOSYS; /* Xen would load it */
    case XEN_SYSCTL_LIVEPATCH_GET:
        rc = livepatch_name(&lp->u.get.name);
        return rc ? rc : -ENOENT;
    case XEN_SYSCTL_LIVEPATCH_LIST:
        if (lp->u.list.pad)
            return -EINVAL;
        lp->u.list.version = 1;
        lp->u.list.nr = 0;
        lp->u.list.name_total_size = 0;
        lp->u.list.metadata_total_size = 0;
        *copyback = true;
        return 0;
    case XEN_SYSCTL_LIVEPATCH_ACTION:
        rc = livepatch_name(&lp->u.action.name);
        return rc ? rc : -ENOENT;
    default:
        return -EOPNOTSUPP;
    }
}

long sysctl_psr_cmt_op(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    return -ENODEV; /* no cache monitoring */
}

long sysctl_psr_alloc(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    uint32_t cmd;

    memcpy(&cmd, &op->u, sizeof(cmd)); /* psr_alloc's first field */
    switch (cmd) {
    case XEN_SYSCTL_PSR_get_l3_info:
    case XEN_SYSCTL_PSR_get_l2_info:
    case XEN_SYSCTL_PSR_get_mba_info:
        return -ENODEV; /* no allocation feature */
    default:
        return -EOPNOTSUPP;
    }
}

/* No PCI device is the hypervisor's: each one asked about is unknown. */
long sysctl_pcitopoinfo(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_pcitopoinfo *ti = &op->u.pcitopoinfo;
    uint32_t dev, node = XEN_INVALID_DEV, i;

    if (!ti->devs || !ti->nodes)
        return -EINVAL;
    for (i = 0; i < ti->num_devs; i++) {
        if (copy_from_guest(&dev, ti->devs + i * sizeof(dev), sizeof(dev)) ||
            copy_to_guest(ti->nodes + i * sizeof(node), &node, sizeof(node)))
            return -EFAULT;
    }
    *copyback = true;
    return 0;
}

long sysctl_coverage_op(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    return -EOPNOTSUPP; /* not a coverage build */
}

/* No CPUID masking or faulting is used: nothing to level with. */
long sysctl_cpu_levelling_caps(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    uint32_t caps = 0;

    op->u.cpu_levelling_caps.caps = caps;
    return copy_to_guest(arg + offsetof(struct xen_sysctl, u.cpu_levelling_caps.caps), &caps,
                         sizeof(caps))
               ? -EFAULT
               : 0;
}
