/*
 * sysctl (hypercall 35): the toolstack's questions about the whole
 * machine, with Xen 4.17's framing: the argument copied in (-EFAULT), its
 * version checked (-EACCES), the control domain only (-EPERM), and the
 * struct copied back whole after a command that succeeded.  Commands Xen
 * does not know, or that we do not offer yet, are -ENOSYS (Xen's answer
 * for a command none of its parts claims).
 *
 * The machine is presented as Xen presents a PV-only host: one NUMA node,
 * one thread per core and every CPU a core of one socket; the scheduler
 * as Xen 4.17's default, credit2 (its weight and cap are ours).
 */
#include "public/sysctl.h"
#include "xen/arch/cpu.h"
#include "xen/arch/cpu_features.h"
#include "xen/domain.h"
#include "xen/domctl.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/mm.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/spinlock.h"
#include "xen/time.h"

#define MAX_NUMNODES 64 /* Xen's node ids: max_node_id is the last possible one */

static spinlock_t sysctl_lock = SPINLOCK_INIT;

/* Returns 0 or -errno; *copyback: copy the struct back to the caller on success. */
typedef long sysctl_fn(struct xen_sysctl *op, uint64_t arg, bool *copyback);

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

static sysctl_fn *const sysctl_table[] = {
    [XEN_SYSCTL_readconsole] = readconsole,
    [XEN_SYSCTL_physinfo] = physinfo,
    [XEN_SYSCTL_sched_id] = sched_id,
    [XEN_SYSCTL_getdomaininfolist] = getdomaininfolist,
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
