/*
 * System time (see time.h).  Invariant: now_ns() is the linear function
 * time_scale_apply(tsc_scale, TSC - boot_tsc), so one vcpu_time_info
 * snapshot lets a guest compute the same value at any later TSC.
 */
#include "public/xen.h"
#include "xen/arch/cpu.h"
#include "xen/domain.h"
#include "xen/time.h"

#define NS_PER_SECOND 1000000000UL

static struct time_scale tsc_scale;
static uint64_t tsc_hz, boot_tsc, boot_wallclock_ns;

/*
 * Bring ticks_per_second into (1e9, 2e9] by powers of two (the shift), so
 * that mul = 1e9 * 2^32 / scaled rate fits in 32 bits.
 */
struct time_scale time_scale_for(uint64_t ticks_per_second)
{
    struct time_scale s = { 0, 0 };
    uint64_t rate = ticks_per_second;

    while (rate > 2 * NS_PER_SECOND) {
        rate >>= 1;
        s.shift--;
    }
    while (rate <= NS_PER_SECOND) {
        rate <<= 1;
        s.shift++;
    }
    s.mul = (NS_PER_SECOND << 32) / rate;
    return s;
}

uint64_t time_scale_apply(struct time_scale s, uint64_t ticks)
{
    ticks = s.shift >= 0 ? ticks << s.shift : ticks >> -s.shift;
    return (uint64_t)(((unsigned __int128)ticks * s.mul) >> 32);
}

void time_init(uint64_t hz, uint64_t tsc_now, uint64_t wallclock_seconds)
{
    tsc_hz = hz;
    boot_tsc = tsc_now;
    tsc_scale = time_scale_for(hz);
    boot_wallclock_ns = wallclock_seconds * NS_PER_SECOND;
}

uint64_t now_ns(void)
{
    return time_scale_apply(tsc_scale, arch_read_tsc() - boot_tsc);
}

uint64_t time_ns_to_tsc(uint64_t ns)
{
    return boot_tsc + ns / NS_PER_SECOND * tsc_hz + ns % NS_PER_SECOND * tsc_hz / NS_PER_SECOND;
}

void time_update_vcpu_info(struct vcpu *v)
{
    struct vcpu_time_info *t = &v->vcpu_info->time;
    uint64_t tsc = arch_read_tsc();

    t->version++;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    t->tsc_timestamp = tsc;
    t->system_time = time_scale_apply(tsc_scale, tsc - boot_tsc);
    t->tsc_to_system_mul = tsc_scale.mul;
    t->tsc_shift = tsc_scale.shift;
    t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    t->version++;
}

void time_set_wallclock(struct domain *d)
{
    struct shared_info *s = d->shared_info;
    uint64_t wc = boot_wallclock_ns; /* the wall clock at system time 0 */
    uint64_t sec = wc / NS_PER_SECOND + (uint64_t)d->time_offset_seconds; /* settimeoffset */

    s->wc_version++;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    s->wc_sec = (uint32_t)sec;
    s->wc_sec_hi = (uint32_t)(sec >> 32);
    s->wc_nsec = wc % NS_PER_SECOND;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    s->wc_version++;
}

void time_settime(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
    boot_wallclock_ns = secs * NS_PER_SECOND + nsecs - system_time;
    domain_for_each(time_set_wallclock);
}
