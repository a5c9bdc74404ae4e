/*
 * sched_op: a vCPU giving up the CPU or its domain stopping (public/sched.h),
 * and the watchdogs that stop a domain which stops calling.  Blocking is the
 * scheduler's (xen/sched.c); the exit path switches away.
 */
#include "public/event_channel.h"
#include "public/sched.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/domain.h"
#include "xen/event_channel.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/sched_op.h"
#include "xen/timer.h"

#define SECOND_NS 1000000000UL

/* Only the control domain may stop another domain. */
static long remote_shutdown(uint64_t arg)
{
    struct sched_remote_shutdown req;
    struct domain *d;
    long rc = 0;

    if (copy_from_guest(&req, arg, sizeof(req)))
        return -EFAULT;
    d = domain_lookup(req.domain_id);
    if (!d)
        return -ESRCH;
    if (current->domain->is_privileged)
        domain_shutdown(d, (uint8_t)req.reason);
    else
        rc = -EPERM;
    domain_put(d);
    return rc;
}

/* Sleep until an event: check for one only after blocking, so none is lost. */
static void block_current(void)
{
    struct vcpu *v = current;

    vcpu_block(v);
    if (v->vcpu_info->evtchn_upcall_pending && !v->vcpu_info->evtchn_upcall_mask)
        vcpu_wake(v);
}

/* The poll ends before sleeping: awake again, with this result. */
static long poll_end(struct vcpu *v, long rc)
{
    __atomic_store_n(&v->polling, false, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
    return rc;
}

/*
 * Wait until one of the ports is pending, or until the timeout (absolute
 * system time, 0 = none).  The hypercall returns 0 at once; the vCPU only
 * runs again when woken.
 */
static long poll(uint64_t arg)
{
    struct sched_poll req;
    struct vcpu *v = current;
    evtchn_port_t port;
    int pending;

    if (copy_from_guest(&req, arg, sizeof(req)))
        return -EFAULT;
    if (req.nr_ports > SCHED_POLL_MAX_PORTS)
        return -EINVAL;
    if (!guest_range_ok(req.ports, (uint64_t)req.nr_ports * sizeof(port)))
        return -EFAULT;
    /*
     * Polling and blocked first, then look (as Xen): an event from here on
     * finds a poller to wake, so none falls between the look and the sleep.
     */
    v->poll_port = 0;
    __atomic_store_n(&v->polling, true, __ATOMIC_SEQ_CST);
    vcpu_block(v);
    if (v->vcpu_info->evtchn_upcall_pending && !v->vcpu_info->evtchn_upcall_mask)
        return poll_end(v, 0);
    for (unsigned i = 0; i < req.nr_ports; i++) {
        if (copy_from_guest(&port, req.ports + i * sizeof(port), sizeof(port)))
            return poll_end(v, -EFAULT);
        pending = evtchn_port_poll(v->domain, port);
        if (pending)
            return poll_end(v, pending < 0 ? pending : 0);
    }
    if (req.nr_ports == 1)
        v->poll_port = port;
    if (req.timeout)
        timer_set(&v->poll_timer, req.timeout);
    return 0;
}

void sched_poll_notify(struct domain *d, uint32_t port)
{
    for (unsigned i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpus[i];
        if (__atomic_load_n(&v->polling, __ATOMIC_SEQ_CST) &&
            (!v->poll_port || v->poll_port == port) &&
            __atomic_exchange_n(&v->polling, false, __ATOMIC_SEQ_CST)) {
            timer_stop(&v->poll_timer);
            vcpu_wake(v);
        }
    }
}

/* A watchdog ran out: the domain stops, unless it already has. */
static void watchdog_fired(void *data)
{
    struct domain *d = data;

    if (__atomic_load_n(&d->state, __ATOMIC_ACQUIRE) != DOMAIN_ACTIVE)
        return;
    printk("Watchdog timer fired for domain %u\n", d->domain_id);
    domain_shutdown(d, SHUTDOWN_watchdog);
}

/*
 * As on Xen: id 0 takes a free watchdog, arms it (a timeout of 0 fires at
 * once) and answers its id, 1-based, or -ENOSPC as Xen 4.17 answers it:
 * truncated to 32 bits, so positive; a taken id is re-armed, or with
 * timeout 0 given back; any other id is -EINVAL.
 */
static long watchdog(struct domain *d, uint64_t arg)
{
    struct sched_watchdog req;
    uint64_t expires;
    unsigned bit;
    long rc = 0;

    if (copy_from_guest(&req, arg, sizeof(req)))
        return -EFAULT;
    if (req.id > ARRAY_SIZE(d->watchdog))
        return -EINVAL;
    expires = now_ns() + req.timeout * SECOND_NS;
    spin_lock(&d->lock);
    if (req.id == 0) {
        rc = (uint32_t)-ENOSPC;
        for (unsigned i = 0; i < ARRAY_SIZE(d->watchdog); i++) {
            if (d->watchdog_used & (1U << i))
                continue;
            d->watchdog_used |= 1U << i;
            if (!d->watchdog[i].fn)
                timer_init(&d->watchdog[i], watchdog_fired, d, arch_cpu_id());
            timer_set(&d->watchdog[i], expires);
            rc = i + 1;
            break;
        }
    } else if (!(d->watchdog_used & (bit = 1U << (req.id - 1)))) {
        rc = -EINVAL;
    } else if (req.timeout == 0) {
        timer_stop(&d->watchdog[req.id - 1]);
        d->watchdog_used &= ~bit;
    } else {
        timer_set(&d->watchdog[req.id - 1], expires);
    }
    spin_unlock(&d->lock);
    return rc;
}

void sched_watchdog_kill(struct domain *d)
{
    for (unsigned i = 0; i < ARRAY_SIZE(d->watchdog); i++)
        timer_kill(&d->watchdog[i]);
}

/*
 * The hardware domain keeps a vCPU on one CPU for a while (firmware
 * calls); a negative CPU ends it.  Xen's answers, checks in its order; the
 * pin is only recorded, as our scheduler has no affinity to pin with.
 */
static long pin_override(struct vcpu *v, uint64_t arg)
{
    struct sched_pin_override req;

    if (v->domain->domain_id != 0)
        return -EPERM;
    if (copy_from_guest(&req, arg, sizeof(req)))
        return -EFAULT;
    if (req.pcpu < 0) {
        if (!v->pin_override)
            return -EINVAL;
        v->pin_override = false;
        return 0;
    }
    if ((unsigned)req.pcpu >= sched_nr_cpus())
        return -EINVAL;
    if (v->pin_override)
        return -EBUSY;
    v->pin_override = true;
    return 0;
}

long do_sched_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct sched_shutdown shutdown;

    switch ((int32_t)cmd) {
    case SCHEDOP_yield:
        vcpu_yield(current);
        return 0;
    case SCHEDOP_block:
        /* Blocking with events masked unmasks them, atomically with the check. */
        current->vcpu_info->evtchn_upcall_mask = 0;
        block_current();
        return 0;
    case SCHEDOP_shutdown:
        if (copy_from_guest(&shutdown, arg, sizeof(shutdown)))
            return -EFAULT;
        domain_shutdown(current->domain, (uint8_t)shutdown.reason);
        return 0;
    case SCHEDOP_poll:
        return poll(arg);
    case SCHEDOP_remote_shutdown:
        return remote_shutdown(arg);
    case SCHEDOP_shutdown_code:
        if (copy_from_guest(&shutdown, arg, sizeof(shutdown)))
            return -EFAULT;
        /* Only recorded: the domain runs on, and a later shutdown reports this. */
        domain_set_shutdown_code(current->domain, (uint8_t)shutdown.reason);
        return 0;
    case SCHEDOP_watchdog:
        return watchdog(current->domain, arg);
    case SCHEDOP_pin_override:
        return pin_override(current, arg);
    }
    return -ENOSYS;
}
