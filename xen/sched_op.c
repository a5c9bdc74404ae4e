/*
 * sched_op: a vCPU giving up the CPU or its domain stopping (public/vcpu.h).
 * Blocking is the scheduler's (xen/sched.c); the exit path switches away.
 */
#include "public/event_channel.h"
#include "public/sched.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/domain.h"
#include "xen/event_channel.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/sched.h"
#include "xen/sched_op.h"
#include "xen/timer.h"

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
    }
    return -ENOSYS;
}
