/*
 * domctl's vCPU commands (Xen 4.17's answers for a 64-bit PV domain):
 * setvcpucontext / getvcpucontext (the context itself is the arch's, and
 * setvcpucontext shares its checks with VCPUOP_initialise), the hard and
 * soft affinities, and scheduler_op with our scheduler's weight and cap
 * shown as credit2's, the scheduler sysctl sched_id names.
 *
 * A vCPU's context is only read or written while it is off every CPU:
 * its domain is paused and we wait until the scheduler has saved it.
 * The hard affinity is the scheduler's to keep (a vCPU runs only there);
 * the soft one is recorded and reported.
 */
#include "public/domctl.h"
#include "public/sysctl.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/domain.h"
#include "xen/domctl.h"
#include "xen/guest_access.h"
#include "xen/sched.h"
#include "xen/spinlock.h"
#include "xen/vcpu_op.h"

/* The domain's vCPU of that id once max_vcpus made them, else NULL (Xen's d->vcpu[id]). */
static struct vcpu *vcpu_of(struct domain *d, uint32_t id)
{
    return d->vcpus_hidden || id >= d->max_vcpus ? NULL : d->vcpus[id];
}

static void wait_off_cpu(struct vcpu *v)
{
    while (__atomic_load_n(&v->sched_on_cpu, __ATOMIC_ACQUIRE))
        arch_cpu_relax();
}

/* Pause v's domain and wait until v's registers are saved (Xen's vcpu_pause). */
static void pause_off_cpu(struct vcpu *v)
{
    domain_pause(v->domain);
    wait_off_cpu(v);
}

/* The same for every vCPU of d, which is not the caller's (Xen's domain_pause). */
static void pause_all_off_cpu(struct domain *d)
{
    domain_pause(d);
    for (unsigned i = 0; i < d->max_vcpus; i++)
        wait_off_cpu(d->vcpus[i]);
}

void vcpu_context_online(struct vcpu *v, bool online)
{
    bool down = __atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE) & VPF_down;

    if (online && down) {
        vcpu_timers_start(v);
        vcpu_set_up(v);
    } else if (!online && !down) {
        vcpu_set_down(v);
    }
}

/* Xen's vcpu_reset: no context, down, nothing it waited for. */
static void vcpu_reset(struct vcpu *v)
{
    pause_off_cpu(v);
    arch_vcpu_reset(v);
    vcpu_set_down(v);
    __atomic_store_n(&v->initialised, false, __ATOMIC_RELEASE);
    __atomic_store_n(&v->polling, false, __ATOMIC_RELEASE);
    v->pin_override = false;
    vcpu_wake(v); /* clears VPF_blocked; down, it stays off the CPUs */
    domain_unpause(v->domain);
}

long domctl_setvcpucontext(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    struct vcpu *v = vcpu_of(d, op->u.vcpucontext.vcpu);
    bool online = false;
    long rc;

    if (d == current->domain || !v)
        return -EINVAL; /* it could not pause itself */
    /* Being taken apart: new references on its tables would keep it from going. */
    if (__atomic_load_n(&d->killed, __ATOMIC_ACQUIRE) || d->reaping || d->state == DOMAIN_DYING)
        return -EINVAL;
    if (!op->u.vcpucontext.ctxt) {
        vcpu_reset(v);
        return 0;
    }
    pause_all_off_cpu(d);
    rc = arch_vcpu_set_context(v, op->u.vcpucontext.ctxt, &online);
    if (!rc)
        vcpu_context_online(v, online);
    domain_unpause(d);
    return rc;
}

long domctl_getvcpucontext(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    struct vcpu *v = vcpu_of(d, op->u.vcpucontext.vcpu);
    long rc;

    if (!v || v == current)
        return -EINVAL; /* Xen cannot pause the caller's own vCPU */
    if (!__atomic_load_n(&v->initialised, __ATOMIC_ACQUIRE))
        return -ENODATA;
    pause_off_cpu(v);
    rc = arch_vcpu_get_context(v, op->u.vcpucontext.ctxt);
    domain_unpause(d);
    *copyback = true;
    return rc;
}

/* A CPU mask to the caller's bitmap: nbits of it, the rest of its bytes zero. */
static long bitmap_to_guest(const struct xenctl_bitmap *b, uint64_t mask, unsigned nbits)
{
    unsigned guest_bytes = (b->nr_bits + 7) / 8, ours = (nbits + 7) / 8;

    if (nbits < 64)
        mask &= (1UL << nbits) - 1;
    for (unsigned i = 0; i < guest_bytes; i++) {
        uint8_t byte = i < ours ? (uint8_t)(mask >> (8 * i)) : 0;

        if (copy_to_guest(b->bitmap + i, &byte, 1))
            return -EFAULT;
    }
    return 0;
}

/* The caller's bitmap as a CPU mask of nbits bits (bits past its nr_bits are clear). */
static long bitmap_from_guest(const struct xenctl_bitmap *b, unsigned nbits, uint64_t *mask)
{
    unsigned guest_bytes = (b->nr_bits + 7) / 8, copy = MIN(guest_bytes, (nbits + 7) / 8);
    uint8_t bytes[MAX_CPUS / 8] = { 0 };

    if (copy && copy_from_guest(bytes, b->bitmap, copy))
        return -EFAULT;
    if ((b->nr_bits & 7) && guest_bytes == copy)
        bytes[copy - 1] &= (uint8_t)((1U << (b->nr_bits & 7)) - 1);
    *mask = 0;
    for (unsigned i = 0; i < copy; i++)
        *mask |= (uint64_t)bytes[i] << (8 * i);
    if (nbits < 64)
        *mask &= (1UL << nbits) - 1;
    return 0;
}

static uint64_t online_cpus(unsigned nbits)
{
    return nbits < 64 ? (1UL << nbits) - 1 : ~0UL;
}

/* Set what the flags name, then report what is in effect (Xen's vcpu_affinity_domctl). */
static long set_affinity(struct vcpu *v, struct xen_domctl_vcpuaffinity *a, unsigned nbits)
{
    uint64_t online = online_cpus(nbits), old_hard = v->affinity_hard, mask;
    long rc = 0;

    if (a->flags & XEN_VCPUAFFINITY_FORCE)
        v->pin_override = false;
    if (a->flags & XEN_VCPUAFFINITY_HARD) {
        rc = bitmap_from_guest(&a->cpumap_hard, nbits, &mask);
        if (!rc && !(mask & online))
            rc = -EINVAL;
        if (!rc && v->pin_override)
            rc = -EBUSY;
        if (rc)
            return rc;
        sched_vcpu_set_affinity(v, mask);
        rc = bitmap_to_guest(&a->cpumap_hard, online & mask, nbits);
    }
    if (a->flags & XEN_VCPUAFFINITY_SOFT) {
        long err = bitmap_from_guest(&a->cpumap_soft, nbits, &mask);

        if (!err && v->pin_override)
            err = -EBUSY;
        if (err) {
            sched_vcpu_set_affinity(v, old_hard); /* the caller expects nothing done */
            return err;
        }
        v->affinity_soft = mask;
        rc = bitmap_to_guest(&a->cpumap_soft, mask & online & v->affinity_hard, nbits);
    }
    return rc;
}

static long vcpuaffinity(struct domain *d, struct xen_domctl *op, bool set)
{
    struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
    unsigned nbits = sched_nr_cpus();
    struct vcpu *v;
    long rc = 0;

    if (a->vcpu >= d->max_vcpus)
        return -EINVAL;
    v = vcpu_of(d, a->vcpu);
    if (!v)
        return -ESRCH; /* before max_vcpus made it */
    if (!a->flags || ((a->flags & XEN_VCPUAFFINITY_HARD) && !a->cpumap_hard.bitmap) ||
        ((a->flags & XEN_VCPUAFFINITY_SOFT) && !a->cpumap_soft.bitmap))
        return -EINVAL;
    if (set)
        return set_affinity(v, a, nbits);
    /* Xen reports both, and answers with the last one's result. */
    if (a->flags & XEN_VCPUAFFINITY_HARD)
        rc = bitmap_to_guest(&a->cpumap_hard, v->affinity_hard, nbits);
    if (a->flags & XEN_VCPUAFFINITY_SOFT)
        rc = bitmap_to_guest(&a->cpumap_soft, v->affinity_soft, nbits);
    return rc;
}

long domctl_setvcpuaffinity(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    return vcpuaffinity(d, op, true);
}

long domctl_getvcpuaffinity(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    return vcpuaffinity(d, op, false);
}

/*
 * credit2's parameters: a weight of 0 leaves it, a cap of 0 lifts it; a
 * cap above 100% per vCPU is refused after the weight has been set.  The
 * per-vCPU forms are RTDS's: credit2 refuses them.
 */
long domctl_scheduler_op(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    struct xen_domctl_scheduler_op *s = &op->u.scheduler_op;
    unsigned weight, cap;

    *copyback = true;
    if (s->sched_id != XEN_SCHEDULER_CREDIT2)
        return -EINVAL;
    sched_get_params(d, &weight, &cap);
    switch (s->cmd) {
    case XEN_DOMCTL_SCHEDOP_getinfo:
        s->u.credit2.weight = (uint16_t)weight;
        s->u.credit2.cap = (uint16_t)cap;
        return 0;
    case XEN_DOMCTL_SCHEDOP_putinfo:
        if (s->u.credit2.weight)
            weight = s->u.credit2.weight;
        if (s->u.credit2.cap > 100 * d->max_vcpus) {
            sched_set_params(d, weight, cap);
            return -EINVAL;
        }
        return sched_set_params(d, weight, s->u.credit2.cap);
    }
    return -EINVAL;
}
