/*
 * System time, the wall clock and the timer hypercalls.
 */
#include "guest/events.h"
#include "guest/hypercall.h"
#include "guest/time.h"
#include "public/vcpu.h"

void time_read_record(unsigned vcpu, struct time_record *r)
{
    volatile struct vcpu_time_info *t = &events_vcpu_info(vcpu)->time;

    for (;;) {
        r->version = __atomic_load_n(&t->version, __ATOMIC_ACQUIRE);
        if (r->version & 1)
            continue;
        r->tsc_timestamp = t->tsc_timestamp;
        r->system_time = t->system_time;
        r->mul = t->tsc_to_system_mul;
        r->shift = t->tsc_shift;
        r->flags = t->flags;
        r->tsc = time_rdtsc();
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&t->version, __ATOMIC_ACQUIRE) == r->version)
            return;
    }
}

uint64_t time_at_tsc(const struct time_record *r, uint64_t tsc)
{
    uint64_t delta = tsc - r->tsc_timestamp;

    if (r->shift >= 0)
        delta <<= r->shift;
    else
        delta >>= -r->shift;
    return r->system_time + (uint64_t)(((unsigned __int128)delta * r->mul) >> 32);
}

uint64_t time_tsc_hz(const struct time_record *r)
{
    uint64_t hz;

    if (!r->mul)
        return 0;
    hz = (NS_PER_S << 32) / r->mul;
    return r->shift >= 0 ? hz >> r->shift : hz << -r->shift;
}

uint64_t time_now_on(unsigned vcpu)
{
    struct time_record r;

    time_read_record(vcpu, &r);
    return time_at_tsc(&r, r.tsc);
}

uint64_t time_now(void)
{
    return time_now_on(0);
}

void time_spin_until(uint64_t t)
{
    while (time_now() < t)
        asm volatile("pause");
}

void time_wallclock(uint64_t *sec, uint32_t *nsec, uint32_t *version)
{
    volatile struct shared_info *s = shared_info;
    uint32_t v;

    do {
        v = __atomic_load_n(&s->wc_version, __ATOMIC_ACQUIRE);
        *sec = (uint64_t)s->wc_sec_hi << 32 | s->wc_sec;
        *nsec = s->wc_nsec;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((v & 1) || __atomic_load_n(&s->wc_version, __ATOMIC_ACQUIRE) != v);
    *version = v;
}

long timer_set(uint64_t deadline)
{
    return hypercall_1(__HYPERVISOR_set_timer_op, deadline);
}

long timer_singleshot(unsigned vcpu, uint64_t deadline, uint32_t flags)
{
    struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = deadline, .flags = flags };

    return hypercall_vcpu_op(VCPUOP_set_singleshot_timer, vcpu, &t);
}

long timer_stop_singleshot(unsigned vcpu)
{
    return hypercall_vcpu_op(VCPUOP_stop_singleshot_timer, vcpu, NULL);
}

long timer_periodic(unsigned vcpu, uint64_t period_ns)
{
    struct vcpu_set_periodic_timer p = { .period_ns = period_ns };

    return hypercall_vcpu_op(VCPUOP_set_periodic_timer, vcpu, &p);
}

long timer_stop_periodic(unsigned vcpu)
{
    return hypercall_vcpu_op(VCPUOP_stop_periodic_timer, vcpu, NULL);
}
