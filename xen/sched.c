/*
 * The vCPU scheduler: weighted fair share with caps, a run queue per CPU.
 *
 * Fair share.  Every vCPU has a virtual time, sched_vtime: the ns it ran,
 * scaled by SCHED_DEFAULT_WEIGHT / its domain's weight, so a vCPU of a
 * weight-512 domain ages half as fast as one of weight 256 and gets twice
 * the CPU.  A CPU runs the eligible vCPU of its queue with the least
 * virtual time, for at most a slice, then picks again.  The weight applies
 * to each vCPU of the domain (as Xen's credit2 does).
 *
 * Sleeping banks no credit: a vCPU that wakes, comes up or is unpaused
 * gets at least its queue's min_vtime minus one slice, so it runs soon
 * without then holding the CPU to catch up.  It preempts the running vCPU
 * if it is more than WAKE_GRANULARITY_NS of virtual time behind it.
 *
 * Caps.  System time is cut into SCHED_CAP_PERIOD_NS periods.  A capped
 * domain may run cap% of a period, summed over its vCPUs, in each period;
 * then it is parked: its vCPUs stay queued (runnable) but are passed over
 * until the next period.  A CPU that passed one over arms its slice timer
 * for the period's end.  A capped vCPU's slice never exceeds its domain's
 * remaining budget, so a domain overruns only while several of its vCPUs
 * run at once, by at most one slice each.  Parked vCPUs do not count in
 * min_vtime, and meet the wake floor again when they become eligible, so a
 * cap does not bank credit either.
 *
 * SMP.  A vCPU belongs to one CPU (v->processor) and is queued and run
 * only there, except that a CPU with nothing to run steals a waiting vCPU
 * from a CPU that has more than one runnable vCPU.  Virtual times are
 * relative to their queue: a stolen vCPU keeps its distance to min_vtime.
 * A vCPU whose registers are still live on a CPU (sched_on_cpu: from its
 * pick until the arch calls sched_context_saved) is never stolen.
 *
 * Hard affinity (v->affinity_hard, domctl setvcpuaffinity).  A vCPU runs
 * only on a CPU of it: it is not picked on another (it waits there to be
 * moved), not stolen by another, and it moves to the first CPU of its mask
 * when the mask is set, or, if it runs or is still live on its CPU, when
 * the arch has saved it.
 *
 * Invariants, under the run queue lock of the CPU named:
 *  - v->sched_running <=> v == cpus[v->processor].curr; a running vCPU is
 *    not queued;
 *  - v->sched_queued <=> v is on cpus[v->processor].queue;
 *  - every runnable vCPU that is not running is queued on its CPU.  A queue
 *    may also hold vCPUs that stopped being runnable behind the
 *    scheduler's back (domain shutdown): picking drops them;
 *  - v->processor changes only with both the old and the new CPU's locks
 *    held (stealing): holding the lock of v->processor pins v;
 *  - min_vtime never decreases; every eligible vCPU's vtime is at least
 *    min_vtime - one slice of virtual time;
 *  - v->runstate.state is the vCPU's state since the last change.
 * Locks: a run queue lock, then (inner) a domain's sched_cap_lock or a
 * timer queue lock.  Two run queue locks are held together only when
 * stealing, the second with a trylock, and when a vCPU moves into its hard
 * affinity (migrate), the lower-numbered CPU's first: no cycle can form.
 * Flags others read without the lock (pause_flags, curr, sched_resched) are
 * written with atomics.
 */
#include "xen/arch/cpu.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/spinlock.h"
#include "xen/timer.h"

#define WAKE_GRANULARITY_NS 1000000UL /* 1 ms of virtual time */
#define STEAL_RETRY_NS      1000000UL /* a busy CPU's lock: look again in 1 ms */

bool sched_resched[MAX_CPUS];

struct sched_cpu {
    spinlock_t lock;
    struct vcpu *queue;       /* runnable vCPUs waiting here, in arrival order */
    struct vcpu *curr;        /* running here; NULL = idle */
    uint64_t curr_start;      /* system time curr was last accounted at */
    uint64_t min_vtime;       /* least vtime of curr and eligible waiting vCPUs */
    unsigned nr_vcpus;        /* vCPUs placed here (sched_pick_cpu balances it) */
    bool timer_ready;         /* slice_timer initialised */
    struct timer slice_timer; /* sets sched_resched when the slice ends */
    uint64_t idle_ns;         /* time idle (curr NULL) up to curr_start */
};

/* What one pass over a run queue found. */
struct runq_scan {
    struct vcpu *best;  /* least vtime among the eligible, skip aside */
    unsigned eligible;  /* eligible vCPUs waiting, skip included */
    uint64_t least;     /* their least vtime (UINT64_MAX if none) */
    bool skip_eligible; /* the vCPU to pass over could run */
    bool parked;        /* some vCPU was passed over for its cap */
};

static struct sched_cpu cpus[MAX_CPUS];
static unsigned nr_cpus = 1;

static unsigned domain_weight(const struct domain *d)
{
    return d->sched_weight ? d->sched_weight : SCHED_DEFAULT_WEIGHT;
}

static uint64_t vtime_of(const struct domain *d, uint64_t ns)
{
    return ns * SCHED_DEFAULT_WEIGHT / domain_weight(d);
}

/* The least vtime a vCPU may have when it joins or rejoins rq. */
static uint64_t vtime_floor(const struct sched_cpu *rq)
{
    return rq->min_vtime > SCHED_SLICE_NS ? rq->min_vtime - SCHED_SLICE_NS : 0;
}

/* Same distance to the new queue's min_vtime as to the old one's. */
static uint64_t vtime_rebase(uint64_t vtime, uint64_t from_min, uint64_t to_min)
{
    if (vtime >= from_min)
        return to_min + (vtime - from_min);
    return to_min > from_min - vtime ? to_min - (from_min - vtime) : 0;
}

static uint64_t cap_budget(const struct domain *d)
{
    return (uint64_t)d->sched_cap * (SCHED_CAP_PERIOD_NS / 100);
}

/* ns d may still run in the period of now; UINT64_MAX when uncapped. */
static uint64_t cap_remaining(struct domain *d, uint64_t now)
{
    uint64_t used, left;

    if (!d->sched_cap)
        return UINT64_MAX;
    spin_lock(&d->sched_cap_lock);
    used = d->sched_cap_period == now / SCHED_CAP_PERIOD_NS ? d->sched_cap_used : 0;
    left = used < cap_budget(d) ? cap_budget(d) - used : 0;
    spin_unlock(&d->sched_cap_lock);
    return left;
}

/* d ran for ran ns up to now: only the part inside now's period counts. */
static void cap_charge(struct domain *d, uint64_t ran, uint64_t now)
{
    uint64_t period = now / SCHED_CAP_PERIOD_NS;

    if (!d->sched_cap)
        return;
    spin_lock(&d->sched_cap_lock);
    if (d->sched_cap_period != period) {
        d->sched_cap_period = period;
        d->sched_cap_used = 0;
        ran = MIN(ran, now - period * SCHED_CAP_PERIOD_NS);
    }
    d->sched_cap_used += ran;
    spin_unlock(&d->sched_cap_lock);
}

/* Blocked wins over offline, as Xen reports it. */
static void runstate_update(struct vcpu *v, uint64_t now)
{
    struct vcpu_runstate_info *rs = &v->runstate;
    int state;

    if (v->sched_running)
        state = RUNSTATE_running;
    else if ((v->pause_flags & (VPF_blocked | VPF_down)) == VPF_blocked)
        state = RUNSTATE_blocked;
    else if (vcpu_runnable(v))
        state = RUNSTATE_runnable;
    else
        state = RUNSTATE_offline;
    if (state == rs->state)
        return;
    if (now > rs->state_entry_time) {
        rs->time[rs->state] += now - rs->state_entry_time;
        rs->state_entry_time = now;
    }
    rs->state = state;
}

/* Lock the run queue v belongs to (v->processor may change until we hold it). */
static struct sched_cpu *lock_rq_of(const struct vcpu *v)
{
    for (;;) {
        unsigned cpu = __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);
        struct sched_cpu *rq = &cpus[cpu];

        spin_lock(&rq->lock);
        if (v->processor == cpu)
            return rq;
        spin_unlock(&rq->lock);
    }
}

/* Ask cpu to pick again: a flag here, an IPI for another CPU. */
static void resched(unsigned cpu)
{
    __atomic_store_n(&sched_resched[cpu], true, __ATOMIC_SEQ_CST);
    if (cpu != arch_cpu_id())
        arch_send_reschedule(cpu);
}

/* May v run on cpu (its hard affinity)? */
static bool allowed_on(const struct vcpu *v, unsigned cpu)
{
    return (__atomic_load_n(&v->affinity_hard, __ATOMIC_ACQUIRE) >> cpu) & 1;
}

/* Another CPU is idle: let it come and steal from busy. */
static void poke_idle_cpu(unsigned busy)
{
    for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
        if (cpu != busy && !__atomic_load_n(&cpus[cpu].curr, __ATOMIC_ACQUIRE)) {
            resched(cpu);
            return;
        }
    }
}

static void runq_add(struct sched_cpu *rq, struct vcpu *v)
{
    struct vcpu **link = &rq->queue;

    /* Queued on its own CPU, once, and never while running. */
    ASSERT(spin_is_locked(&rq->lock) && rq == &cpus[v->processor] && !v->sched_queued &&
           !v->sched_running);
    while (*link)
        link = &(*link)->sched_next;
    v->sched_next = NULL;
    *link = v;
    v->sched_queued = true;
}

static void runq_del(struct sched_cpu *rq, struct vcpu *v)
{
    struct vcpu **link = &rq->queue;

    ASSERT(spin_is_locked(&rq->lock) && rq == &cpus[v->processor] && v->sched_queued);
    while (*link != v)
        link = &(*link)->sched_next;
    *link = v->sched_next;
    v->sched_next = NULL;
    v->sched_queued = false;
}

/*
 * One pass over rq's queue: drop what can no longer run, pass over parked
 * domains, lift vCPUs back from a parked spell to the floor, find the best.
 */
static void runq_scan(struct sched_cpu *rq, uint64_t now, const struct vcpu *skip,
                      struct runq_scan *scan)
{
    struct vcpu **link = &rq->queue;

    *scan = (struct runq_scan){ .least = UINT64_MAX };
    while (*link) {
        struct vcpu *v = *link;

        ASSERT(v->sched_queued && !v->sched_running && rq == &cpus[v->processor]);
        if (!vcpu_runnable(v)) {
            *link = v->sched_next;
            v->sched_next = NULL;
            v->sched_queued = false;
            runstate_update(v, now);
            continue;
        }
        link = &v->sched_next;
        if (!allowed_on(v, v->processor))
            continue; /* pinned elsewhere: it waits to be moved (migrate) */
        if (!cap_remaining(v->domain, now)) {
            scan->parked = true;
            continue;
        }
        v->sched_vtime = MAX(v->sched_vtime, vtime_floor(rq));
        scan->eligible++;
        scan->least = MIN(scan->least, v->sched_vtime);
        if (v == skip)
            scan->skip_eligible = true;
        else if (!scan->best || v->sched_vtime < scan->best->sched_vtime)
            scan->best = v;
    }
}

/*
 * v's runnability may have changed: make its queue and CPU agree.  True
 * when v now waits behind a running vCPU (an idle CPU could take it).
 */
static bool kick_locked(struct sched_cpu *rq, struct vcpu *v, uint64_t now)
{
    bool waits = false;

    ASSERT(spin_is_locked(&rq->lock) && v->sched_running == (rq->curr == v));
    if (v->sched_running) {
        if (!vcpu_runnable(v))
            resched(v->processor);
    } else if (!vcpu_runnable(v)) {
        if (v->sched_queued)
            runq_del(rq, v);
    } else if (!v->sched_queued) {
        v->sched_vtime = MAX(v->sched_vtime, vtime_floor(rq));
        runq_add(rq, v);
        if (!rq->curr) {
            resched(v->processor);
        } else if (cap_remaining(v->domain, now)) {
            const struct vcpu *curr = rq->curr;
            uint64_t ran = now > rq->curr_start ? now - rq->curr_start : 0;
            uint64_t curr_vtime = curr->sched_vtime + vtime_of(curr->domain, ran);

            if (v->sched_vtime + WAKE_GRANULARITY_NS < curr_vtime)
                resched(v->processor);
            else
                waits = true;
        }
    }
    runstate_update(v, now);
    return waits;
}

/* Change v's pause_flags, then bring the scheduler in line. */
static void vcpu_change_flags(struct vcpu *v, unsigned set, unsigned clear)
{
    uint64_t now = now_ns();
    struct sched_cpu *rq = lock_rq_of(v);
    unsigned cpu = v->processor;
    bool waits;

    /* Sequentially consistent: a blocker then reads the event flags. */
    __atomic_or_fetch(&v->pause_flags, set, __ATOMIC_SEQ_CST);
    __atomic_and_fetch(&v->pause_flags, ~clear, __ATOMIC_SEQ_CST);
    waits = kick_locked(rq, v, now);
    spin_unlock(&rq->lock);
    if (waits)
        poke_idle_cpu(cpu);
}

void vcpu_wake(struct vcpu *v)
{
    /* Pairs with vcpu_block's barrier: the waker's event is visible first. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(&v->pause_flags, __ATOMIC_RELAXED) & VPF_blocked)
        vcpu_change_flags(v, 0, VPF_blocked);
}

void vcpu_block(struct vcpu *v)
{
    vcpu_change_flags(v, VPF_blocked, 0);
}

void vcpu_set_down(struct vcpu *v)
{
    vcpu_change_flags(v, VPF_down, 0);
}

void vcpu_set_up(struct vcpu *v)
{
    vcpu_change_flags(v, 0, VPF_down);
}

void vcpu_yield(struct vcpu *v)
{
    struct sched_cpu *rq = lock_rq_of(v);

    if (v->sched_running) {
        v->sched_yield = true;
        resched(v->processor);
    }
    spin_unlock(&rq->lock);
}

void sched_domain_kick(struct domain *d)
{
    uint64_t now = now_ns();

    for (unsigned i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpus[i];
        struct sched_cpu *rq;
        unsigned cpu;
        bool waits;

        if (!v)
            continue;
        rq = lock_rq_of(v);
        cpu = v->processor;
        waits = kick_locked(rq, v, now);
        spin_unlock(&rq->lock);
        if (waits)
            poke_idle_cpu(cpu);
    }
}

/*
 * v's CPU is not in its hard affinity: move it to the first CPU that is,
 * queue and all, unless it runs (it moves once it has been switched out).
 * Both run queue locks, the lower-numbered first: no other path holds two
 * but steal(), whose second is a trylock.
 */
static void migrate(struct vcpu *v)
{
    uint64_t hard = __atomic_load_n(&v->affinity_hard, __ATOMIC_ACQUIRE);
    unsigned dst = 0;

    while (dst < nr_cpus && !((hard >> dst) & 1))
        dst++;
    if (dst == nr_cpus)
        return; /* no CPU of the mask exists: stay (the domctl refuses such masks) */
    for (;;) {
        unsigned src = __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);
        struct sched_cpu *from = &cpus[src], *to = &cpus[dst];
        bool queued;

        if (src == dst)
            return;
        spin_lock(&cpus[MIN(src, dst)].lock);
        spin_lock(&cpus[MAX(src, dst)].lock);
        if (v->processor != src) {
            spin_unlock(&to->lock);
            spin_unlock(&from->lock);
            continue;
        }
        if (!v->sched_running && !__atomic_load_n(&v->sched_on_cpu, __ATOMIC_ACQUIRE)) {
            queued = v->sched_queued;
            if (queued)
                runq_del(from, v);
            from->nr_vcpus--;
            to->nr_vcpus++;
            v->sched_vtime = vtime_rebase(v->sched_vtime, from->min_vtime, to->min_vtime);
            __atomic_store_n(&v->processor, dst, __ATOMIC_RELEASE);
            if (queued) {
                runq_add(to, v);
                resched(dst);
            }
        }
        spin_unlock(&cpus[MAX(src, dst)].lock);
        spin_unlock(&cpus[MIN(src, dst)].lock);
        return;
    }
}

void sched_context_saved(struct vcpu *v)
{
    __atomic_store_n(&v->sched_on_cpu, false, __ATOMIC_RELEASE);
    if (!allowed_on(v, __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE)))
        migrate(v);
}

void sched_vcpu_set_affinity(struct vcpu *v, uint64_t hard)
{
    unsigned cpu;

    __atomic_store_n(&v->affinity_hard, hard, __ATOMIC_RELEASE);
    cpu = __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);
    if (allowed_on(v, cpu)) {
        /* Perhaps free to go elsewhere now: an idle CPU may come and steal it. */
        if (__atomic_load_n(&v->sched_queued, __ATOMIC_ACQUIRE))
            poke_idle_cpu(cpu);
        return;
    }
    /* Running there: it is switched out at its CPU's next pick, then moved. */
    if (__atomic_load_n(&v->sched_running, __ATOMIC_ACQUIRE))
        resched(cpu);
    migrate(v);
}

/* Take a waiting vCPU from a CPU that has more than one to run. */
static struct vcpu *steal(unsigned cpu, uint64_t now, bool *contended)
{
    struct sched_cpu *rq = &cpus[cpu];

    for (unsigned i = 1; i < nr_cpus; i++) {
        unsigned from = (cpu + i) % nr_cpus;
        struct sched_cpu *src = &cpus[from];
        struct vcpu *v = NULL;
        struct runq_scan scan;

        if (!spin_trylock(&src->lock)) {
            *contended = true;
            continue;
        }
        runq_scan(src, now, NULL, &scan);
        v = scan.best;
        if (v && !__atomic_load_n(&v->sched_on_cpu, __ATOMIC_ACQUIRE) && allowed_on(v, cpu) &&
            scan.eligible + (src->curr && vcpu_runnable(src->curr)) > 1) {
            runq_del(src, v);
            src->nr_vcpus--;
            rq->nr_vcpus++;
            v->sched_vtime = vtime_rebase(v->sched_vtime, src->min_vtime, rq->min_vtime);
            __atomic_store_n(&v->processor, cpu, __ATOMIC_RELEASE);
        } else {
            v = NULL;
        }
        spin_unlock(&src->lock);
        if (v)
            return v;
    }
    return NULL;
}

static void slice_expired(void *data)
{
    __atomic_store_n(&sched_resched[(uintptr_t)data], true, __ATOMIC_SEQ_CST);
}

/* When must this CPU pick again?  Never, if it idles with nothing waiting. */
static void slice_arm(struct sched_cpu *rq, unsigned cpu, const struct vcpu *next, uint64_t now,
                      bool parked, bool contended)
{
    uint64_t deadline = UINT64_MAX;

    if (!rq->timer_ready) {
        timer_init(&rq->slice_timer, slice_expired, (void *)(uintptr_t)cpu, cpu);
        rq->timer_ready = true;
    }
    if (next)
        deadline = now + MIN(SCHED_SLICE_NS, cap_remaining(next->domain, now));
    if (parked)
        deadline = MIN(deadline, (now / SCHED_CAP_PERIOD_NS + 1) * SCHED_CAP_PERIOD_NS);
    if (contended)
        deadline = MIN(deadline, now + STEAL_RETRY_NS);
    if (deadline != UINT64_MAX)
        timer_set(&rq->slice_timer, deadline);
    else
        timer_stop(&rq->slice_timer);
}

/* The vCPU that ran until now goes back to the queue if it still may run. */
static void put_prev(struct sched_cpu *rq, struct vcpu *prev, uint64_t now)
{
    uint64_t ran = now > rq->curr_start ? now - rq->curr_start : 0;

    ASSERT(prev == rq->curr && prev->sched_running && !prev->sched_queued);
    prev->sched_vtime += vtime_of(prev->domain, ran);
    cap_charge(prev->domain, ran, now);
    prev->sched_running = false;
    __atomic_store_n(&rq->curr, NULL, __ATOMIC_RELEASE);
    if (vcpu_runnable(prev))
        runq_add(rq, prev);
    runstate_update(prev, now);
}

struct vcpu *sched_pick_next(unsigned cpu)
{
    struct sched_cpu *rq = &cpus[cpu];
    uint64_t now = now_ns();
    struct vcpu *prev, *next, *skip = NULL;
    struct runq_scan scan;
    bool contended = false;

    BUG_ON(cpu >= nr_cpus || cpu != arch_cpu_id());
    spin_lock(&rq->lock);
    __atomic_store_n(&sched_resched[cpu], false, __ATOMIC_SEQ_CST);
    prev = rq->curr;
    if (!prev && now > rq->curr_start)
        rq->idle_ns += now - rq->curr_start;
    if (prev) {
        put_prev(rq, prev, now);
        if (prev->sched_yield && prev->sched_queued)
            skip = prev;
        prev->sched_yield = false;
    }
    runq_scan(rq, now, skip, &scan);
    next = scan.best ? scan.best : scan.skip_eligible ? skip : NULL;
    if (next)
        runq_del(rq, next);
    else
        next = steal(cpu, now, &contended);
    if (next) {
        ASSERT(!next->sched_queued && !next->sched_running && next->processor == cpu);
        next->sched_running = true;
        __atomic_store_n(&next->sched_on_cpu, true, __ATOMIC_RELEASE);
        runstate_update(next, now);
        scan.least = MIN(scan.least, next->sched_vtime);
    }
    if (scan.least != UINT64_MAX)
        rq->min_vtime = MAX(rq->min_vtime, scan.least);
    __atomic_store_n(&rq->curr, next, __ATOMIC_RELEASE);
    rq->curr_start = now;
    slice_arm(rq, cpu, next, now, scan.parked, contended);
    spin_unlock(&rq->lock);
    return next;
}

bool sched_need_resched(unsigned cpu)
{
    struct vcpu *curr = __atomic_load_n(&cpus[cpu].curr, __ATOMIC_ACQUIRE);

    return __atomic_load_n(&sched_resched[cpu], __ATOMIC_SEQ_CST) || (curr && !vcpu_runnable(curr));
}

void sched_init(unsigned n)
{
    BUG_ON(n == 0 || n > MAX_CPUS);
    nr_cpus = n;
}

unsigned sched_nr_cpus(void)
{
    return nr_cpus;
}

unsigned sched_pick_cpu(void)
{
    unsigned best = 0;

    for (unsigned cpu = 1; cpu < nr_cpus; cpu++)
        if (cpus[cpu].nr_vcpus < cpus[best].nr_vcpus)
            best = cpu;
    return best;
}

void sched_vcpu_add(struct vcpu *v, unsigned cpu)
{
    struct sched_cpu *rq = &cpus[cpu];
    struct domain *d = v->domain;

    BUG_ON(cpu >= nr_cpus);
    if (!d->sched_weight)
        d->sched_weight = SCHED_DEFAULT_WEIGHT;
    spin_lock(&rq->lock);
    v->processor = cpu;
    v->pause_flags = VPF_down;
    v->affinity_hard = v->affinity_soft = ~0UL; /* every CPU, as Xen starts them */
    v->sched_vtime = rq->min_vtime;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = now_ns();
    rq->nr_vcpus++;
    spin_unlock(&rq->lock);
}

void sched_vcpu_remove(struct vcpu *v)
{
    struct sched_cpu *rq = lock_rq_of(v);

    BUG_ON(v->sched_running);
    if (v->sched_queued)
        runq_del(rq, v);
    rq->nr_vcpus--;
    spin_unlock(&rq->lock);
}

int sched_set_params(struct domain *d, unsigned weight, unsigned cap)
{
    if (weight == 0 || weight > SCHED_MAX_WEIGHT || cap > 100 * MAX(nr_cpus, d->max_vcpus))
        return -EINVAL;
    d->sched_weight = weight;
    d->sched_cap = cap;
    /* A cap lifted or raised: CPUs idling past parked vCPUs look again. */
    for (unsigned i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpus[i];

        if (v && __atomic_load_n(&v->sched_queued, __ATOMIC_ACQUIRE))
            resched(__atomic_load_n(&v->processor, __ATOMIC_ACQUIRE));
    }
    return 0;
}

void sched_get_params(const struct domain *d, unsigned *weight, unsigned *cap)
{
    *weight = domain_weight(d);
    *cap = d->sched_cap;
}

void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *out)
{
    struct sched_cpu *rq = lock_rq_of(v);

    *out = v->runstate;
    spin_unlock(&rq->lock);
    /* The state it is in now counts up to now, as on Xen. */
    uint64_t now = now_ns();
    if (now > out->state_entry_time)
        out->time[out->state] += now - out->state_entry_time;
}

uint64_t sched_cpu_idle_ns(unsigned cpu)
{
    struct sched_cpu *rq = &cpus[cpu];
    uint64_t now = now_ns(), idle;

    spin_lock(&rq->lock);
    idle = rq->idle_ns;
    if (!rq->curr && now > rq->curr_start)
        idle += now - rq->curr_start;
    spin_unlock(&rq->lock);
    return idle;
}

/* What one run queue holds, copied out so it is printed without its lock. */
struct runq_snapshot {
    unsigned nr_vcpus, queued;
    int curr_dom, curr_vcpu; /* -1: idle */
    struct {
        unsigned dom, vcpu;
        uint64_t vtime;
    } waiting[8];
    uint64_t min_vtime;
};

static void runq_snapshot(unsigned cpu, struct runq_snapshot *snap)
{
    struct sched_cpu *rq = &cpus[cpu];

    memset(snap, 0, sizeof(*snap));
    spin_lock(&rq->lock);
    snap->nr_vcpus = rq->nr_vcpus;
    snap->min_vtime = rq->min_vtime;
    snap->curr_dom = rq->curr ? (int)rq->curr->domain->domain_id : -1;
    snap->curr_vcpu = rq->curr ? (int)rq->curr->vcpu_id : -1;
    for (struct vcpu *v = rq->queue; v; v = v->sched_next, snap->queued++)
        if (snap->queued < ARRAY_SIZE(snap->waiting)) {
            snap->waiting[snap->queued].dom = v->domain->domain_id;
            snap->waiting[snap->queued].vcpu = v->vcpu_id;
            snap->waiting[snap->queued].vtime = v->sched_vtime;
        }
    spin_unlock(&rq->lock);
}

void sched_dump_runqueues(void)
{
    struct runq_snapshot snap;

    printk("Scheduler: weighted fair share (presented as credit2), %u CPU%s\n", nr_cpus,
           nr_cpus == 1 ? "" : "s");
    for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
        runq_snapshot(cpu, &snap);
        if (snap.curr_dom < 0)
            printk("CPU[%02u] vcpus=%u queued=%u curr=idle min_vtime=%lu\n", cpu, snap.nr_vcpus,
                   snap.queued, snap.min_vtime);
        else
            printk("CPU[%02u] vcpus=%u queued=%u curr=d%dv%d min_vtime=%lu\n", cpu, snap.nr_vcpus,
                   snap.queued, snap.curr_dom, snap.curr_vcpu, snap.min_vtime);
        for (unsigned i = 0; i < MIN(snap.queued, ARRAY_SIZE(snap.waiting)); i++)
            printk("\t%u: d%uv%u vtime=%lu\n", i, snap.waiting[i].dom, snap.waiting[i].vcpu,
                   snap.waiting[i].vtime);
    }
}
