/*
 * System time: nanoseconds since boot, derived from the TSC with the same
 * scale (multiplier and shift) the guests get in vcpu_time_info, so the
 * guests' formula and ours agree to the nanosecond.
 */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include "xen/lib.h"

struct domain;
struct vcpu;

/* TSC-to-nanoseconds scale, as in vcpu_time_info. */
struct time_scale {
    uint32_t mul; /* tsc_to_system_mul */
    int8_t shift; /* tsc_shift */
};

struct time_scale time_scale_for(uint64_t ticks_per_second);
uint64_t time_scale_apply(struct time_scale scale, uint64_t ticks);

/* Start the clock: TSC frequency, the TSC now, wall-clock seconds now. */
void time_init(uint64_t tsc_hz, uint64_t tsc_now, uint64_t wallclock_seconds);

uint64_t now_ns(void);
uint64_t time_ns_to_tsc(uint64_t ns);

/* Refresh v's vcpu_time_info (version protocol: odd while writing). */
void time_update_vcpu_info(struct vcpu *v);

/* Write the wall clock (time at system time 0) into d's shared_info. */
void time_set_wallclock(struct domain *d);

/* XENPF_settime: the wall clock read secs.nsecs at system time system_time; tell every domain. */
void time_settime(uint64_t secs, uint32_t nsecs, uint64_t system_time);

#endif
