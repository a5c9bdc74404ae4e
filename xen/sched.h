/*
 * The vCPU scheduler: weighted fair share with caps, one run queue per CPU
 * (policy and invariants at the top of sched.c).
 *
 * How the arch drives it, on each CPU `cpu` (= arch_cpu_id()):
 *  - at every return to a guest, and in the idle loop before halting (with
 *    interrupts off, halting with sti;hlt so no wakeup is lost): if
 *    sched_need_resched(cpu), switch to sched_pick_next(cpu) (NULL = idle;
 *    it may return the vCPU already running: no switch then), and once the
 *    previous vCPU's state is saved, call sched_context_saved(prev);
 *  - in the timer interrupt: timers_run(cpu) (xen/timer.h); the slice
 *    timer only sets need_resched, the exit path above does the switch;
 *  - on a reschedule IPI (arch_send_reschedule): nothing but the exit path
 *    above.
 * Everything else calls the vcpu_* and sched_* functions below: blocking
 * (SCHEDOP_block/poll), wakeups (event delivery, timers), VCPUOP_up/down,
 * yield, domain pause (domain_pause/unpause call sched_domain_kick).
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include "public/vcpu.h"
#include "xen/domain.h"
#include "xen/lib.h"

#define MAX_CPUS 64

#define SCHED_DEFAULT_WEIGHT 256
#define SCHED_MAX_WEIGHT     65535
#define SCHED_SLICE_NS       10000000UL  /* 10 ms: longest run between picks */
#define SCHED_CAP_PERIOD_NS  100000000UL /* 100 ms: cap accounting period */

/* vcpu.pause_flags: why a vCPU may not run (0 = nothing of its own stops it). */
#define VPF_blocked (1U << 0) /* waiting for an event (vcpu_block) */
#define VPF_down    (1U << 1) /* offline, or never brought up */

/*
 * Set the number of CPUs (1..MAX_CPUS), numbered 0..nr_cpus-1.  Until it
 * is called the scheduler runs on CPU 0 alone; it may be called after
 * domains exist (vCPUs already placed stay where they are).
 */
void sched_init(unsigned nr_cpus);
unsigned sched_nr_cpus(void);

/* The CPU with the fewest vCPUs: where a new vCPU should go. */
unsigned sched_pick_cpu(void);

/*
 * A new vCPU (domain_create): placed on cpu, down (VPF_down) until
 * vcpu_set_up.  Gives its domain the default weight if it has none.
 */
void sched_vcpu_add(struct vcpu *v, unsigned cpu);

/* Forget a vCPU about to be freed; it must not be running on any CPU. */
void sched_vcpu_remove(struct vcpu *v);

/*
 * May v run?  Nothing of its own stops it (pause_flags == 0), its domain
 * is not paused and not shut down.  (A capped domain out of budget is
 * still runnable: it waits for its next period.)
 */
static inline bool vcpu_runnable(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    return !__atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE) &&
           !__atomic_load_n(&d->pause_count, __ATOMIC_ACQUIRE) &&
           __atomic_load_n(&d->state, __ATOMIC_ACQUIRE) == DOMAIN_ACTIVE;
}

/*
 * Clear VPF_blocked; if v may now run, queue it and make its CPU
 * reschedule if it deserves the CPU now.  Any CPU, any context; cheap when
 * v is not blocked.
 */
void vcpu_wake(struct vcpu *v);

/*
 * v (the current vCPU of this CPU) sleeps until vcpu_wake(v): sets
 * VPF_blocked and need_resched.  To not lose a wakeup, the caller checks
 * for pending events after this and calls vcpu_wake(v) if there are any.
 */
void vcpu_block(struct vcpu *v);

/* VCPUOP_down / VCPUOP_up: set or clear VPF_down. */
void vcpu_set_down(struct vcpu *v);
void vcpu_set_up(struct vcpu *v);

/* v (the current vCPU) gives the CPU to another runnable vCPU, if any. */
void vcpu_yield(struct vcpu *v);

/*
 * d's runnability changed (pause count, shutdown): take its vCPUs off the
 * run queues or put them back, and make CPUs running them reschedule.
 */
void sched_domain_kick(struct domain *d);

/*
 * This CPU is about to return to a guest or is idle, and need_resched is
 * set: account the time the previous vCPU ran, choose the next one (NULL =
 * idle), arm this CPU's slice timer.  cpu must be the calling CPU.
 */
struct vcpu *sched_pick_next(unsigned cpu);

/*
 * The arch switched away from v (sched_pick_next chose another) and has
 * saved its state: v may now run elsewhere.  Until then no CPU steals it.
 */
void sched_context_saved(struct vcpu *v);

/*
 * v may run only on the CPUs in hard (domctl setvcpuaffinity): it moves
 * to the first of them now, or once its CPU has switched it out.
 */
void sched_vcpu_set_affinity(struct vcpu *v, uint64_t hard);

/* Must cpu call sched_pick_next (asked to, or its vCPU can no longer run)? */

bool sched_need_resched(unsigned cpu);

/* Per CPU: pick again before a guest runs (read inline by the exit fast path). */
extern bool sched_resched[MAX_CPUS];

/*
 * A domain's share: weight 1..SCHED_MAX_WEIGHT (each of its vCPUs gets
 * CPU time in proportion to it), cap 0 (none) or 1..100*max(nr_cpus, vCPUs) (percent
 * of one CPU the whole domain may use per 100 ms).  0 or -EINVAL.
 */
int sched_set_params(struct domain *d, unsigned weight, unsigned cap);
void sched_get_params(const struct domain *d, unsigned *weight, unsigned *cap);

/* A consistent copy of v's runstate (VCPUOP_get_runstate_info). */
void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *out);

/* ns cpu has been idle since boot (sysctl getcpuinfo). */
uint64_t sched_cpu_idle_ns(unsigned cpu);

/* Debug key 'r': print every run queue on the console. */
void sched_dump_runqueues(void);

#endif
