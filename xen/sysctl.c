/*
 * sysctl (hypercall 35): the toolstack's questions about the whole
 * machine, with Xen 4.17's framing: the argument copied in (-EFAULT), its
 * version checked (-EACCES), the control domain only (-EPERM), and the
 * struct copied back whole after a command that succeeded (if it asks).
 * Commands Xen does not know, or has compiled out (perfc_op, lockprof_op),
 * are -ENOSYS (Xen's answer for a command none of its parts claims).
 *
 * The machine is presented as Xen presents a PV-only host: one NUMA node,
 * one thread per core and every CPU a core of one socket; the scheduler
 * as Xen 4.17's default, credit2 (its weight and cap are ours).  Memory
 * is counted in Xen's zones: zone z holds the frames whose highest set
 * bit is bit z - 1, so an address width of b bits is zone b - 12.
 *
 * The other families live beside: CPU pools and scheduler parameters in
 * xen/cpupool.c, CPU policies in xen/cpu_policy.c, debug keys in
 * xen/keyhandler.c, the facilities we lack in xen/sysctl_platform.c.
 */
#include "public/sysctl.h"
#include "xen/arch/cpu.h"
#include "xen/arch/cpu_features.h"
#include "xen/cpu_policy.h"
#include "xen/domain.h"
#include "xen/domctl.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/keyhandler.h"
#include "xen/mm.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/spinlock.h"
#include "xen/sysctl.h"
#include "xen/time.h"

#define MAX_NUMNODES   64 /* Xen's node ids: max_node_id is the last possible one */
#define NR_ZONES       41 /* Xen's: one per address bit from 12 to 52 */
#define LOCAL_DISTANCE 10 /* a node's distance to itself (ACPI SLIT) */

static spinlock_t sysctl_lock = SPINLOCK_INIT;

static long physinfo(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_physinfo *pi = &op->u.physinfo;
    unsigned nr_cpus = sched_nr_cpus();

    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = 1;
    pi->cores_per_socket = nr_cpus;
    pi->nr_cpus = nr_cpus;
    pi->max_cpu_id = nr_cpus - 1;
    pi->nr_nodes = 1;
    pi->max_node_id = MAX_NUMNODES - 1;
    /* TSC ticks in a millisecond: the frequency in kHz. */
    pi->cpu_khz = (uint32_t)(time_ns_to_tsc(1000000) - time_ns_to_tsc(0));
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
    pi->total_pages = page_alloc_total_count();
    pi->free_pages = page_alloc_free_count();
    pi->max_mfn = max_page - 1;
    arch_cpu_feature_words(pi->hw_cap);
    *copyback = true;
    return 0;
}

static long sched_id(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT2;
    *copyback = true;
    return 0;
}

/* Domains in id order from first_domain, at most max_domains of them. */
static long getdomaininfolist(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_getdomaininfolist *list = &op->u.getdomaininfolist;
    struct xen_domctl_getdomaininfo info;
    uint32_t n = 0;
    struct domain *d;

    for (uint32_t id = list->first_domain; n < list->max_domains; id = d->domain_id + 1) {
        if (id >= DOMID_FIRST_RESERVED || !(d = domctl_domain_next(id)))
            break;
        domctl_getdomaininfo(d, &info);
        domain_put(d);
        if (copy_to_guest(list->buffer + n * sizeof(info), &info, sizeof(info)))
            return -EFAULT;
        n++;
    }
    list->num_domains = n;
    *copyback = true;
    return 0;
}

/* The hypervisor's console ring (xen/printk.c). */
static long readconsole(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_readconsole *r = &op->u.readconsole;
    long rc = console_ring_read(r->buffer, &r->count, &r->index, r->incremental, r->clear);

    *copyback = !rc;
    return rc;
}

/* Each key as if typed on the console, up to the first one that cannot be read. */
static long debug_keys(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_debug_keys *k = &op->u.debug_keys;
    char key;

    for (uint32_t i = 0; i < k->nr_keys; i++) {
        if (copy_from_guest(&key, k->keys + i, 1))
            return -EFAULT;
        handle_keypress((unsigned char)key);
    }
    return 0;
}

static long getcpuinfo(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_getcpuinfo *gi = &op->u.getcpuinfo;
    uint32_t nr = MIN(gi->max_cpus, sched_nr_cpus());
    struct xen_sysctl_cpuinfo info;

    for (uint32_t i = 0; i < nr; i++) {
        info.idletime = sched_cpu_idle_ns(i);
        if (copy_to_guest(gi->info + i * sizeof(info), &info, sizeof(info)))
            return -EFAULT;
    }
    gi->nr_cpus = nr;
    *copyback = true;
    return 0;
}

/* Without an array: how many CPU ids there are; else each one's place. */
static long cputopoinfo(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_cputopoinfo *ti = &op->u.cputopoinfo;
    uint32_t i, nr = sched_nr_cpus();

    if (ti->cputopo) {
        nr = MIN(nr, ti->num_cpus);
        for (i = 0; i < nr; i++) {
            struct xen_sysctl_cputopo topo = { .core = i, .socket = 0, .node = 0 };

            if (copy_to_guest(ti->cputopo + i * sizeof(topo), &topo, sizeof(topo)))
                return -EFAULT;
        }
    }
    ti->num_cpus = nr;
    *copyback = true;
    return 0;
}

/* One node: all the memory, distance LOCAL_DISTANCE to itself. */
static long numainfo(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_numainfo *ni = &op->u.numainfo;
    uint32_t nr = 1, distance = LOCAL_DISTANCE;

    if (ni->meminfo || ni->distance) {
        nr = MIN(nr, ni->num_nodes);
        for (uint32_t i = 0; i < nr; i++) {
            struct xen_sysctl_meminfo mem = { .memsize = (uint64_t)max_page << PAGE_SHIFT,
                                              .memfree = page_alloc_free_count() << PAGE_SHIFT };

            if (ni->meminfo && copy_to_guest(ni->meminfo + i * sizeof(mem), &mem, sizeof(mem)))
                return -EFAULT;
            if (ni->distance && copy_to_guest(ni->distance + (uint64_t)i * nr * sizeof(distance),
                                              &distance, sizeof(distance)))
                return -EFAULT;
        }
    }
    ni->num_nodes = nr;
    *copyback = true;
    return 0;
}

/* Xen's zone of an address width: the frames below 2^bits. */
static unsigned bits_to_zone(uint32_t bits)
{
    return bits < PAGE_SHIFT + 1 ? 1 : bits - PAGE_SHIFT;
}

static unsigned zone_clamp(unsigned zone)
{
    return MAX(1U, MIN((unsigned)NR_ZONES - 1, zone));
}

static long availheap(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_availheap *ah = &op->u.availheap;
    unsigned lo = zone_clamp(ah->min_bitwidth ? bits_to_zone(ah->min_bitwidth) : 1);
    unsigned hi = zone_clamp(ah->max_bitwidth ? bits_to_zone(ah->max_bitwidth) : NR_ZONES - 1);
    uint64_t pages = 0;

    /* Zones lo..hi: the frames from 2^(lo - 1) (frame 1 for zone 1) below 2^hi. */
    if ((ah->node == -1 || ah->node == 0) && lo <= hi)
        pages = page_alloc_free_in_range(1UL << (lo - 1), 1UL << hi);
    ah->avail_bytes = pages << PAGE_SHIFT;
    *copyback = true;
    return 0;
}

static sysctl_fn *const sysctl_table[] = {
    [XEN_SYSCTL_readconsole] = readconsole,
    [XEN_SYSCTL_tbuf_op] = sysctl_tbuf_op,
    [XEN_SYSCTL_physinfo] = physinfo,
    [XEN_SYSCTL_sched_id] = sched_id,
    [XEN_SYSCTL_getdomaininfolist] = getdomaininfolist,
    [XEN_SYSCTL_debug_keys] = debug_keys,
    [XEN_SYSCTL_getcpuinfo] = getcpuinfo,
    [XEN_SYSCTL_availheap] = availheap,
    [XEN_SYSCTL_get_pmstat] = sysctl_get_pmstat,
    [XEN_SYSCTL_cpu_hotplug] = sysctl_cpu_hotplug,
    [XEN_SYSCTL_pm_op] = sysctl_pm_op,
    [XEN_SYSCTL_page_offline_op] = sysctl_page_offline_op,
    [XEN_SYSCTL_cputopoinfo] = cputopoinfo,
    [XEN_SYSCTL_numainfo] = numainfo,
    [XEN_SYSCTL_cpupool_op] = cpupool_sysctl,
    [XEN_SYSCTL_scheduler_op] = cpupool_sysctl_scheduler_op,
    [XEN_SYSCTL_coverage_op] = sysctl_coverage_op,
    [XEN_SYSCTL_psr_cmt_op] = sysctl_psr_cmt_op,
    [XEN_SYSCTL_pcitopoinfo] = sysctl_pcitopoinfo,
    [XEN_SYSCTL_psr_alloc] = sysctl_psr_alloc,
    [XEN_SYSCTL_get_cpu_levelling_caps] = sysctl_cpu_levelling_caps,
    [XEN_SYSCTL_get_cpu_featureset] = cpu_policy_sysctl_featureset,
    [XEN_SYSCTL_livepatch_op] = sysctl_livepatch_op,
    [XEN_SYSCTL_get_cpu_policy] = cpu_policy_sysctl_policy,
};

long do_sysctl(uint64_t arg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct xen_sysctl op;
    bool copyback = false;
    sysctl_fn *fn;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!current->domain->is_privileged)
        return -EPERM;
    fn = op.cmd < ARRAY_SIZE(sysctl_table) ? sysctl_table[op.cmd] : NULL;
    if (!fn) {
        printk(LOG_DEBUG "d%u v%u: sysctl %u not implemented\n", current->domain->domain_id,
               current->vcpu_id, op.cmd);
        return -ENOSYS;
    }
    spin_lock(&sysctl_lock);
    rc = fn(&op, arg, &copyback);
    spin_unlock(&sysctl_lock);
    if (rc == 0 && copyback && copy_to_guest(arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
