/*
 * Time for PV guests (public/xen.h, public/vcpu.h): system time from a vCPU's
 * vcpu_time_info, the wall clock in shared_info, and the timer
 * hypercalls.  Needs shared_info mapped (guest/events.h, events_init()).
 *
 * System time is ns since the hypervisor booted:
 *     system_time + ((TSC - tsc_timestamp) << shift) * mul >> 32
 * read under the version protocol (odd = being updated; retry if it moved).
 */
#ifndef GUEST_TIME_H
#define GUEST_TIME_H

#include <stdbool.h>
#include <stdint.h>

#define NS_PER_US 1000UL
#define NS_PER_MS 1000000UL
#define NS_PER_S  1000000000UL

/* One consistent copy of a vcpu_time_info, and the TSC read with it. */
struct time_record {
    uint32_t version;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t mul;
    int8_t shift;
    uint8_t flags;
    uint64_t tsc; /* the TSC when the copy was taken */
};

static inline uint64_t time_rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return (uint64_t)hi << 32 | lo;
}

/* Copies vCPU v's time info (from wherever its vcpu_info is). */
void time_read_record(unsigned vcpu, struct time_record *r);

/* System time at `tsc` by a record's scale. */
uint64_t time_at_tsc(const struct time_record *r, uint64_t tsc);

/* The TSC frequency a record's scale stands for, in Hz. */
uint64_t time_tsc_hz(const struct time_record *r);

/* System time now, by vCPU 0's record or vCPU v's. */
uint64_t time_now(void);
uint64_t time_now_on(unsigned vcpu);

/* Spins (reading the clock, upcalls as they are) until system time >= t. */
void time_spin_until(uint64_t t);

/* Wall time at system time 0 and the wc_version it was read under (even). */
void time_wallclock(uint64_t *sec, uint32_t *nsec, uint32_t *version);

/* ---- timers ---------------------------------------------------------------- */

/* set_timer_op(deadline): VIRQ_TIMER at absolute system time; 0 cancels. */
long timer_set(uint64_t deadline);
/* VCPUOP_set_singleshot_timer / stop, for the calling vCPU v. */
long timer_singleshot(unsigned vcpu, uint64_t deadline, uint32_t flags);
long timer_stop_singleshot(unsigned vcpu);
/* VCPUOP_set_periodic_timer / stop. */
long timer_periodic(unsigned vcpu, uint64_t period_ns);
long timer_stop_periodic(unsigned vcpu);

#endif /* GUEST_TIME_H */
