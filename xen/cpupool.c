/*
 * CPU pools (sysctl cpupool_op) and their scheduler parameters (sysctl
 * scheduler_op), as Xen 4.17 answers them on a machine where every CPU
 * is in Pool-0 and must stay there.
 *
 * Pool-0 (id 0) holds every CPU and every domain and runs our scheduler,
 * presented as credit2.  A toolstack may create further pools (credit or
 * credit2), at most 2 * nr_cpus in all as Xen allows, query and destroy
 * them; they stay empty: no CPU is free to add, and taking a CPU out of
 * Pool-0 is not something this hypervisor does (-ENOSYS where Xen would
 * do it).  A pool's scheduler parameters are recorded and reported; our
 * scheduler has no rate limit or time slice to apply them to.
 *
 * The pools are guarded by pools_lock (then, inner, the domain list's).
 */
#include "xen/arch/cpu.h"
#include "xen/cpupool.h"
#include "xen/domain.h"
#include "xen/guest_access.h"
#include "xen/sched.h"
#include "xen/spinlock.h"
#include "xen/sysctl.h"

#define POOL_ID_NONE 0xffffffffU
#define MAX_POOLS    (2 * MAX_CPUS)

struct cpupool {
    uint32_t id;
    uint32_t sched_id; /* XEN_SCHEDULER_CREDIT or _CREDIT2 */
    struct xen_sysctl_credit_schedule credit;
    struct xen_sysctl_credit2_schedule credit2;
};

/* Pools in id order; pools[0] is Pool-0. */
static struct cpupool pools[MAX_POOLS] = {
    [0] = { .id = 0, .sched_id = XEN_SCHEDULER_CREDIT2, .credit2 = { 1000 } },
};
static unsigned nr_pools = 1;
static spinlock_t pools_lock = SPINLOCK_INIT;

/* The first pool with an id >= id (exact: equal), or NULL. */
static struct cpupool *pool_find(uint32_t id, bool exact)
{
    for (unsigned i = 0; i < nr_pools; i++)
        if (pools[i].id == id || (!exact && pools[i].id > id))
            return &pools[i];
    return NULL;
}

static unsigned nr_cpus(void)
{
    return sched_nr_cpus();
}

/* Pool-0's CPUs: all of them; the others have none. */
static uint64_t pool_cpus(const struct cpupool *c)
{
    return c->id ? 0 : nr_cpus() >= 64 ? ~0ULL : (1ULL << nr_cpus()) - 1;
}

static unsigned domains_in_pool;

static void count_domain(struct domain *d)
{
    domains_in_pool++;
}

static unsigned pool_domains(const struct cpupool *c)
{
    if (c->id)
        return 0;
    domains_in_pool = 0;
    domain_for_each(count_domain);
    return domains_in_pool;
}

/*
 * Xen's bitmap copy: the bytes both sides have, then zeros to fill the
 * caller's (written a block at a time: nr_bits may claim 512 MiB).
 */
static int cpumap_to_guest(const struct xenctl_bitmap *map, uint64_t cpus)
{
    static const uint8_t zeros[256];
    uint32_t guest_bytes = (uint32_t)(((uint64_t)map->nr_bits + 7) / 8);
    uint32_t copy = MIN(guest_bytes, (nr_cpus() + 7) / 8), chunk;
    uint8_t bytes[8];

    for (unsigned i = 0; i < sizeof(bytes); i++)
        bytes[i] = (uint8_t)(cpus >> (8 * i));
    if (copy && copy_to_guest(map->bitmap, bytes, copy))
        return -EFAULT;
    for (uint32_t i = copy; i < guest_bytes; i += chunk) {
        chunk = MIN(guest_bytes - i, (uint32_t)sizeof(zeros));
        if (copy_to_guest(map->bitmap + i, zeros, chunk))
            return -EFAULT;
    }
    return 0;
}

static bool sched_known(uint32_t sched_id)
{
    return sched_id == XEN_SCHEDULER_CREDIT || sched_id == XEN_SCHEDULER_CREDIT2;
}

static long pool_create(struct xen_sysctl_cpupool_op *op)
{
    uint32_t id = op->cpupool_id;
    unsigned at;

    if (nr_pools >= 2 * nr_cpus())
        return -ENOSPC;
    if (id == XEN_SYSCTL_CPUPOOL_PAR_ANY) {
        id = pools[nr_pools - 1].id + 1;
        for (at = 0; id == POOL_ID_NONE && at + 1 < nr_pools; at++)
            if (pools[at].id + 1 != pools[at + 1].id)
                id = pools[at].id + 1; /* wrapped: the first gap */
    } else if (pool_find(id, true)) {
        return -EEXIST;
    }
    if (!sched_known(op->sched_id))
        return -ENOENT;
    for (at = 0; at < nr_pools && pools[at].id < id; at++)
        ;
    memmove(&pools[at + 1], &pools[at], (nr_pools - at) * sizeof(pools[0]));
    pools[at] = (struct cpupool){
        .id = id, .sched_id = op->sched_id, .credit = { 30, 1000, 0 }, .credit2 = { 1000 }
    };
    nr_pools++;
    op->cpupool_id = id;
    return 0;
}

static long pool_destroy(struct xen_sysctl_cpupool_op *op)
{
    struct cpupool *c = pool_find(op->cpupool_id, true);

    if (!c)
        return -ENOENT;
    if (pool_domains(c) || pool_cpus(c))
        return -EBUSY;
    nr_pools--;
    memmove(c, c + 1, (size_t)(&pools[nr_pools] - c) * sizeof(*c));
    return 0;
}

static long pool_info(struct xen_sysctl_cpupool_op *op)
{
    struct cpupool *c = pool_find(op->cpupool_id, false);

    if (!c)
        return -ENOENT;
    op->cpupool_id = c->id;
    op->sched_id = c->sched_id;
    op->n_dom = pool_domains(c);
    return cpumap_to_guest(&op->cpumap, pool_cpus(c));
}

/* No CPU is ever free: each is Pool-0's. */
static long pool_add_cpu(struct xen_sysctl_cpupool_op *op)
{
    if (!pool_find(op->cpupool_id, true))
        return -ENOENT;
    if (op->cpu != XEN_SYSCTL_CPUPOOL_PAR_ANY && op->cpu >= nr_cpus())
        return -EINVAL;
    return -ENODEV;
}

static long pool_remove_cpu(struct xen_sysctl_cpupool_op *op)
{
    struct cpupool *c = pool_find(op->cpupool_id, true);
    uint64_t cpus;
    uint32_t cpu = op->cpu;

    if (!c)
        return -ENOENT;
    cpus = pool_cpus(c);
    if (cpu == XEN_SYSCTL_CPUPOOL_PAR_ANY)
        cpu = cpus ? 63 - (uint32_t)__builtin_clzll(cpus) : nr_cpus();
    if (cpu >= nr_cpus() || (c->id == 0 && cpu == 0))
        return -EINVAL; /* CPU 0 stays in Pool-0, as in Xen */
    if (!(cpus & (1ULL << cpu)))
        return -EADDRNOTAVAIL;
    return -ENOSYS; /* Xen would take it out of Pool-0: we cannot */
}

static long pool_move_domain(struct xen_sysctl_cpupool_op *op)
{
    struct domain *d = domain_lookup((domid_t)op->domid); /* Xen's truncation too */
    long rc;

    if (!d)
        return -ESRCH;
    if (d == current->domain)
        rc = -EPERM;
    else if (op->cpupool_id == 0)
        rc = 0; /* already there */
    else
        rc = -ENOENT; /* no other pool has a CPU to run it */
    domain_put(d);
    return rc;
}

static long pool_op(struct xen_sysctl_cpupool_op *op)
{
    switch (op->op) {
    case XEN_SYSCTL_CPUPOOL_OP_CREATE:
        return pool_create(op);
    case XEN_SYSCTL_CPUPOOL_OP_DESTROY:
        return pool_destroy(op);
    case XEN_SYSCTL_CPUPOOL_OP_INFO:
        return pool_info(op);
    case XEN_SYSCTL_CPUPOOL_OP_ADDCPU:
        return pool_add_cpu(op);
    case XEN_SYSCTL_CPUPOOL_OP_RMCPU:
        return pool_remove_cpu(op);
    case XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN:
        return pool_move_domain(op);
    case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
        return cpumap_to_guest(&op->cpumap, 0);
    default:
        return -ENOSYS;
    }
}

long cpupool_sysctl(struct xen_sysctl *sysctl, uint64_t arg, bool *copyback)
{
    long rc;

    *copyback = true;
    spin_lock(&pools_lock);
    rc = pool_op(&sysctl->u.cpupool_op);
    spin_unlock(&pools_lock);
    return rc;
}

int cpupool_admit_domain(uint32_t pool_id)
{
    struct cpupool *c;
    int rc;

    spin_lock(&pools_lock);
    c = pool_find(pool_id, true);
    rc = !c ? -ESRCH : pool_cpus(c) ? 0 : -ENODEV;
    spin_unlock(&pools_lock);
    return rc;
}

static bool ratelimit_ok(uint32_t us)
{
    return !us || (us >= XEN_SYSCTL_SCHED_RATELIMIT_MIN && us <= XEN_SYSCTL_SCHED_RATELIMIT_MAX);
}

static long credit_params(struct cpupool *c, struct xen_sysctl_credit_schedule *p, bool put)
{
    if (put) {
        if (p->tslice_ms > XEN_SYSCTL_CSCHED_TSLICE_MAX ||
            p->tslice_ms < XEN_SYSCTL_CSCHED_TSLICE_MIN || !ratelimit_ok(p->ratelimit_us) ||
            (uint64_t)p->ratelimit_us * 1000 > (uint64_t)p->tslice_ms * 1000000 ||
            p->vcpu_migr_delay_us > XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US)
            return -EINVAL;
        c->credit = *p;
    }
    *p = c->credit;
    return 0;
}

static long credit2_params(struct cpupool *c, struct xen_sysctl_credit2_schedule *p, bool put)
{
    if (put) {
        if (!ratelimit_ok(p->ratelimit_us))
            return -EINVAL;
        c->credit2 = *p;
    }
    *p = c->credit2;
    return 0;
}

long cpupool_sysctl_scheduler_op(struct xen_sysctl *sysctl, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_scheduler_op *op = &sysctl->u.scheduler_op;
    bool put = op->cmd == XEN_SYSCTL_SCHEDOP_putinfo;
    struct cpupool *c;
    long rc;

    if (!put && op->cmd != XEN_SYSCTL_SCHEDOP_getinfo)
        return -EINVAL;
    spin_lock(&pools_lock);
    c = pool_find(op->cpupool_id, true);
    if (!c)
        rc = -ESRCH;
    else if (op->sched_id != c->sched_id)
        rc = -EINVAL;
    else if (c->sched_id == XEN_SCHEDULER_CREDIT)
        rc = credit_params(c, &op->u.sched_credit, put);
    else
        rc = credit2_params(c, &op->u.sched_credit2, put);
    spin_unlock(&pools_lock);
    *copyback = true;
    return rc;
}
