/*
 * One-shot timers in system time (ns since boot), on per-CPU queues.
 *
 * A CPU's queue drives that CPU's one-shot timer interrupt: whenever the
 * earliest deadline of the queue changes, timer.c calls
 * arch_timer_program() with it.  timer.c is the only caller of
 * arch_timer_program().
 *
 * timer_set() arms a timer on the *calling* CPU's queue (moving it there if
 * it was armed elsewhere), so a CPU only ever programs its own interrupt
 * and no deadline can be missed by sitting on another CPU's queue.  A
 * vCPU's timers are therefore set from the CPU the vCPU runs on; when they
 * fire they may find the vCPU elsewhere, which is fine (wakeups cross
 * CPUs).  timer_stop() and timer_pending() work from any CPU.
 *
 * Callbacks run from timers_run(), in interrupt context with interrupts
 * off and no timer lock held: they may set or stop timers, their own
 * included (a periodic timer re-arms itself).  timer_stop() does not wait
 * for a callback already running on another CPU.
 *
 * Lock order: a caller may hold other locks (a run queue's) when it calls
 * timer_set/timer_stop; no timer lock is held while a callback runs.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include "xen/lib.h"
#include "xen/time.h" /* now_ns(): the system time timers use */

struct timer {
    uint64_t expires;       /* system time it fires at, while active */
    void (*fn)(void *data); /* what runs when it fires */
    void *data;             /* fn's argument */
    unsigned cpu;           /* the queue it is on (or was last armed on) */
    bool active;            /* armed and not yet fired or stopped */
    bool killed;            /* timer_kill(): may never be armed again */
    struct timer *next;     /* private: the queue's link, sorted by expires */
};

/* Prepare an unarmed timer; cpu is the queue it is expected to use. */
void timer_init(struct timer *t, void (*fn)(void *data), void *data, unsigned cpu);

/* Arm (or re-arm: an active timer moves) t to fire at expires, on this CPU. */
void timer_set(struct timer *t, uint64_t expires);

/* Disarm t; nothing happens if it is not armed. */
void timer_stop(struct timer *t);

/* Is t armed and not yet fired? */
bool timer_pending(const struct timer *t);

/*
 * Stop t for good before its memory goes: it cannot be armed again, and a
 * callback already running on another CPU has finished when this returns.
 */
void timer_kill(struct timer *t);

/*
 * The timer interrupt of this CPU (cpu is the calling CPU): run every timer
 * whose deadline has passed, earliest first, then program the interrupt
 * for the earliest deadline left (0 = none).
 */
void timers_run(unsigned cpu);

/* The earliest deadline on cpu's queue, 0 if it is empty. */
uint64_t timers_next_deadline(unsigned cpu);

#endif
