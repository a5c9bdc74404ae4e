/*
 * vcpu_op and set_timer_op (public/vcpu.h): bringing vCPUs up and down, their
 * timers (each fires VIRQ_TIMER on its vCPU), and the memory a guest
 * registers for its vcpu_info and runstate.  Error codes and checks in
 * Xen 4.17's order.  Not offered: send_nmi, get_physid and a second
 * vcpu_time_info area (-ENOSYS).
 */
#include "public/sched.h"
#include "public/vcpu.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/event_channel.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/page_types.h"
#include "xen/sched.h"
#include "xen/time.h"
#include "xen/vcpu_op.h"

#define MS                1000000UL
#define DEFAULT_PERIOD_NS (10 * MS)
#define STIME_DELTA_MAX   (~0UL >> 1)
#define SET_TIMER_FAR_NS  (1UL << 50) /* set_timer_op: "too far" means 100 ms */

static void timer_fired(void *data)
{
    evtchn_send_virq(data, VIRQ_TIMER);
}

/* A period since the last tick: tick once (late ticks merge), then arm the next. */
static void periodic_tick(struct vcpu *v, uint64_t now)
{
    if (!v->periodic_period)
        return;
    if (now >= v->periodic_last + v->periodic_period) {
        evtchn_send_virq(v, VIRQ_TIMER);
        v->periodic_last = now;
    }
    timer_set(&v->periodic_timer, v->periodic_last + v->periodic_period);
}

static void periodic_fired(void *data)
{
    periodic_tick(data, now_ns());
}

/*
 * The periodic timer only runs while its vCPU does (as on Xen): a sleeping
 * vCPU is not woken by it, and on its return it gets one tick if a period
 * passed.
 */
void vcpu_timers_switched_out(struct vcpu *v)
{
    timer_stop(&v->periodic_timer);
}

void vcpu_timers_switched_in(struct vcpu *v)
{
    periodic_tick(v, now_ns());
}

static void poll_timeout(void *data)
{
    struct vcpu *v = data;

    __atomic_store_n(&v->polling, false, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
}

void vcpu_timers_init(struct vcpu *v)
{
    timer_init(&v->singleshot_timer, timer_fired, v, v->processor);
    timer_init(&v->periodic_timer, periodic_fired, v, v->processor);
    timer_init(&v->poll_timer, poll_timeout, v, v->processor);
    v->periodic_period = DEFAULT_PERIOD_NS;
}

void vcpu_timers_stop(struct vcpu *v)
{
    v->periodic_period = 0; /* a periodic callback running now must not re-arm */
    timer_stop(&v->singleshot_timer);
    timer_stop(&v->periodic_timer);
    timer_stop(&v->poll_timer);
}

void vcpu_timers_kill(struct vcpu *v)
{
    timer_kill(&v->singleshot_timer);
    timer_kill(&v->periodic_timer);
    timer_kill(&v->poll_timer);
}

static void set_periodic(struct vcpu *v, uint64_t period)
{
    v->periodic_period = period;
    v->periodic_last = now_ns();
    if (period)
        timer_set(&v->periodic_timer, v->periodic_last + period);
    else
        timer_stop(&v->periodic_timer);
}

void vcpu_timers_start(struct vcpu *v)
{
    set_periodic(v, v->periodic_period);
}

/* Fire at once for a deadline already passed (Xen 4.17 stable's rule). */
static void set_singleshot(struct vcpu *v, uint64_t deadline)
{
    if (deadline <= now_ns()) {
        timer_stop(&v->singleshot_timer);
        evtchn_send_virq(v, VIRQ_TIMER);
        return;
    }
    timer_set(&v->singleshot_timer, deadline);
}

long do_set_timer_op(uint64_t timeout, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct vcpu *v = current;
    uint64_t now = now_ns();

    if (!timeout) {
        timer_stop(&v->singleshot_timer);
        return 0;
    }
    /* Negative or absurdly far: the guest probably meant "soon". */
    if ((int64_t)timeout < 0 || timeout > now + SET_TIMER_FAR_NS)
        timeout = now + 100 * MS;
    set_singleshot(v, timeout);
    return 0;
}

static long register_vcpu_info(struct vcpu *v, uint64_t arg)
{
    struct vcpu_register_vcpu_info info;
    struct page_info *pg;

    if (copy_from_guest(&info, arg, sizeof(info)))
        return -EFAULT;
    if (info.offset > PAGE_SIZE - sizeof(struct vcpu_info) || (info.offset & 7))
        return -ENXIO;
    if (v->vcpu_info_mfn)
        return -EINVAL;
    if (v != current && !(v->pause_flags & VPF_down))
        return -EINVAL;
    pg = get_page_from_mfn(info.mfn, v->domain);
    if (!pg)
        return -EINVAL;
    if (get_page_type(pg, PGT_writable_page)) {
        put_page(pg);
        return -EINVAL;
    }
    struct vcpu_info *moved = (void *)((uint8_t *)arch_mfn_to_virt(info.mfn) + info.offset);
    if (v->vcpu_info) {
        memcpy(moved, v->vcpu_info, sizeof(*moved));
    } else {
        memset(moved, 0, sizeof(*moved));
        moved->evtchn_upcall_mask = 1;
    }
    __atomic_store_n(&v->vcpu_info, moved, __ATOMIC_RELEASE);
    v->vcpu_info_mfn = info.mfn;
    time_update_vcpu_info(v);
    /* Nothing may be lost in the move: say everything is pending. */
    __atomic_store_n(&moved->evtchn_pending_sel, ~0UL, __ATOMIC_RELEASE);
    __atomic_store_n(&moved->evtchn_upcall_pending, 1, __ATOMIC_RELEASE);
    arch_vcpu_kick(v);
    return 0;
}

void vcpu_runstate_publish(struct vcpu *v)
{
    struct vcpu_runstate_info info;

    if (!v->runstate_guest)
        return;
    vcpu_runstate_get(v, &info);
    if (copy_to_guest(v->runstate_guest, &info, sizeof(info)))
        v->runstate_guest = 0; /* unmapped since: stop, as Xen does */
}

/* The last vCPU going down powers the domain off. */
static long vcpu_down(struct vcpu *v)
{
    struct domain *d = v->domain;

    for (unsigned i = 0; i < d->max_vcpus; i++)
        if (d->vcpus[i] != v && !(d->vcpus[i]->pause_flags & VPF_down)) {
            vcpu_set_down(v);
            return 0;
        }
    domain_shutdown(d, SHUTDOWN_poweroff);
    return 0;
}

static long vcpu_timer_op(struct vcpu *v, unsigned cmd, uint64_t arg)
{
    struct vcpu_set_periodic_timer periodic;
    struct vcpu_set_singleshot_timer single;

    switch (cmd) {
    case VCPUOP_set_periodic_timer:
        if (copy_from_guest(&periodic, arg, sizeof(periodic)))
            return -EFAULT;
        if (periodic.period_ns < MS || periodic.period_ns > STIME_DELTA_MAX)
            return -EINVAL;
        set_periodic(v, periodic.period_ns);
        return 0;
    case VCPUOP_stop_periodic_timer:
        set_periodic(v, 0);
        return 0;
    case VCPUOP_set_singleshot_timer:
        if (v != current)
            return -EINVAL;
        if (copy_from_guest(&single, arg, sizeof(single)))
            return -EFAULT;
        set_singleshot(v, single.timeout_abs_ns);
        return 0;
    case VCPUOP_stop_singleshot_timer:
        if (v != current)
            return -EINVAL;
        timer_stop(&v->singleshot_timer);
        return 0;
    }
    return -ENOSYS;
}

long do_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg, uint64_t a4, uint64_t a5)
{
    struct domain *d = current->domain;
    struct vcpu_runstate_info runstate;
    struct vcpu *v;

    if ((uint32_t)vcpuid >= d->max_vcpus)
        return -ENOENT;
    v = d->vcpus[(uint32_t)vcpuid];
    switch ((int32_t)cmd) {
    case VCPUOP_initialise:
        /* Past shared_info's slots, only once it has a vcpu_info of its own (as Xen). */
        if (v->vcpu_info == v->vcpu_info_placeholder)
            return -EINVAL;
        return arch_vcpu_initialise(v, arg);
    case VCPUOP_up:
        if (!v->initialised)
            return -EINVAL;
        if (v->pause_flags & VPF_down) {
            vcpu_timers_start(v);
            vcpu_set_up(v);
        }
        return 0;
    case VCPUOP_down:
        return vcpu_down(v);
    case VCPUOP_is_up:
        return !(v->pause_flags & VPF_down);
    case VCPUOP_get_runstate_info:
        vcpu_runstate_get(v, &runstate);
        return copy_to_guest(arg, &runstate, sizeof(runstate)) ? -EFAULT : 0;
    case VCPUOP_register_runstate_memory_area: {
        struct vcpu_register_runstate_memory_area area;
        if (copy_from_guest(&area, arg, sizeof(area)))
            return -EFAULT;
        if (!guest_range_ok(area.addr, sizeof(runstate)))
            return -EFAULT;
        v->runstate_guest = area.addr;
        if (v == current)
            vcpu_runstate_publish(v);
        return 0;
    }
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, arg);
    }
    return vcpu_timer_op(v, (int32_t)cmd, arg);
}
