/*
 * Per-CPU timer queues (see timer.h for the rules callers follow).
 *
 * Invariants, each under the queue's lock:
 *  - a queue is a singly linked list sorted by expires (ties keep arming
 *    order); a timer is on at most one queue, and it is on queue t->cpu
 *    exactly when t->active;
 *  - t->cpu changes only while t is off every queue;
 *  - outside timers_run(), the last deadline a CPU gave
 *    arch_timer_program() is its queue head's (0 when empty).  While
 *    timers_run() works (q->running) programming waits for its end.
 * Few timers live on a CPU (a slice timer, a few per vCPU), so a sorted
 * list beats a heap here.  An all-zero queue is a valid empty one, so the
 * queues need no initialisation.
 */
#include <asm/relax.h>

#include "xen/arch/cpu.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/spinlock.h"
#include "xen/timer.h"

struct timer_queue {
    spinlock_t lock;
    struct timer *head;   /* earliest first */
    bool running;         /* timers_run() is at work here */
    struct timer *firing; /* whose callback runs right now, if any */
};

static struct timer_queue queues[MAX_CPUS];

/* Deadline 0 means "none" to the arch: a timer due at 0 is due now. */
static void program_head(struct timer_queue *q)
{
    arch_timer_program(q->head ? MAX(q->head->expires, 1) : 0);
}

/* Lock the queue t is on (t->cpu may change until we hold it). */
static struct timer_queue *lock_queue_of(struct timer *t)
{
    for (;;) {
        unsigned cpu = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
        struct timer_queue *q = &queues[cpu];

        spin_lock(&q->lock);
        if (t->cpu == cpu)
            return q;
        spin_unlock(&q->lock);
    }
}

static void queue_insert(struct timer_queue *q, struct timer *t)
{
    struct timer **link = &q->head;

    /* On at most one queue, and on queue t->cpu exactly when active. */
    ASSERT(spin_is_locked(&q->lock) && !t->active && q == &queues[t->cpu]);
    while (*link && (*link)->expires <= t->expires)
        link = &(*link)->next;
    t->next = *link;
    *link = t;
    t->active = true;
}

static void queue_remove(struct timer_queue *q, struct timer *t)
{
    struct timer **link = &q->head;

    ASSERT(spin_is_locked(&q->lock) && t->active && q == &queues[t->cpu]);
    while (*link != t)
        link = &(*link)->next;
    *link = t->next;
    t->next = NULL;
    t->active = false;
}

void timer_init(struct timer *t, void (*fn)(void *data), void *data, unsigned cpu)
{
    BUG_ON(cpu >= MAX_CPUS);
    t->expires = 0;
    t->fn = fn;
    t->data = data;
    t->cpu = cpu;
    t->active = false;
    t->killed = false;
    t->next = NULL;
}

void timer_set(struct timer *t, uint64_t expires)
{
    unsigned cpu = arch_cpu_id();
    struct timer_queue *q;
    bool was_head = false;

    if (__atomic_load_n(&t->killed, __ATOMIC_ACQUIRE))
        return;
    q = lock_queue_of(t);

    if (t->active) {
        was_head = q->head == t;
        queue_remove(q, t);
    }
    if (t->cpu != cpu) {
        /* Another CPU's queue lost its head at worst: a spurious interrupt there. */
        ASSERT(!t->active); /* t->cpu changes only off every queue */
        t->cpu = cpu;
        spin_unlock(&q->lock);
        q = &queues[cpu];
        spin_lock(&q->lock);
        was_head = false;
    }
    t->expires = expires;
    queue_insert(q, t);
    if ((q->head == t || was_head) && !q->running)
        program_head(q);
    spin_unlock(&q->lock);
}

void timer_stop(struct timer *t)
{
    struct timer_queue *q = lock_queue_of(t);

    if (t->active) {
        bool was_head = q->head == t;

        queue_remove(q, t);
        if (was_head && !q->running && t->cpu == arch_cpu_id())
            program_head(q);
    }
    spin_unlock(&q->lock);
}

void timer_kill(struct timer *t)
{
    __atomic_store_n(&t->killed, true, __ATOMIC_RELEASE);
    timer_stop(t);
    /* Its callback may be running on another CPU: let it finish (not ours: we would wait forever). */
    if (t->cpu != arch_cpu_id())
        while (__atomic_load_n(&queues[t->cpu].firing, __ATOMIC_ACQUIRE) == t)
            arch_cpu_relax();
}

bool timer_pending(const struct timer *t)
{
    return __atomic_load_n(&t->active, __ATOMIC_ACQUIRE);
}

void timers_run(unsigned cpu)
{
    struct timer_queue *q = &queues[cpu];
    uint64_t now = now_ns();

    spin_lock(&q->lock);
    q->running = true;
    /* A periodic timer that fell behind runs again here until it catches up. */
    while (q->head && q->head->expires <= now) {
        struct timer *t = q->head;

        queue_remove(q, t);
        __atomic_store_n(&q->firing, t, __ATOMIC_RELEASE);
        spin_unlock(&q->lock);
        t->fn(t->data);
        __atomic_store_n(&q->firing, NULL, __ATOMIC_RELEASE);
        spin_lock(&q->lock);
    }
    q->running = false;
    program_head(q);
    spin_unlock(&q->lock);
}

uint64_t timers_next_deadline(unsigned cpu)
{
    struct timer_queue *q = &queues[cpu];
    uint64_t deadline;

    spin_lock(&q->lock);
    deadline = q->head ? MAX(q->head->expires, 1) : 0;
    spin_unlock(&q->lock);
    return deadline;
}
