/*
 * The scheduler on a simulated machine: fake time jumps from one timer
 * interrupt to the next, each CPU picks when asked to (as the arch's exit
 * path does), and the harness counts the time each vCPU really ran.
 */
#include <check.h>

#include "public/sched.h"
#include "public/vcpu.h"
#include "tests/unit/fake_arch.h"
#include "xen/domain.h"
#include "xen/page_alloc.h"
#include "xen/sched.h"
#include "xen/timer.h"

#define FRAMES    1024
#define MS        1000000UL
#define SECOND    1000000000UL
#define SIM_CPUS  4
#define SIM_VCPUS 16

static struct page_info table[FRAMES];

/* The simulated machine. */
static struct {
    unsigned nr_cpus;
    uint64_t now;
    struct vcpu *curr[SIM_CPUS]; /* what each CPU runs (NULL = idle) */
    uint64_t since[SIM_CPUS];    /* since when */
    unsigned picks[SIM_CPUS];
    struct vcpu *tracked[SIM_VCPUS];
    uint64_t ran[SIM_VCPUS]; /* ns each tracked vCPU ran, by our clock */
    unsigned nr_tracked;
} sim;

static unsigned slot_of(const struct vcpu *v)
{
    for (unsigned i = 0; i < sim.nr_tracked; i++)
        if (sim.tracked[i] == v)
            return i;
    ck_assert_uint_lt(sim.nr_tracked, SIM_VCPUS);
    sim.tracked[sim.nr_tracked] = (struct vcpu *)v;
    return sim.nr_tracked++;
}

static uint64_t ran(const struct vcpu *v)
{
    unsigned cpu;
    uint64_t total = sim.ran[slot_of(v)];

    for (cpu = 0; cpu < sim.nr_cpus; cpu++)
        if (sim.curr[cpu] == v)
            total += sim.now - sim.since[cpu];
    return total;
}

static void set_time(uint64_t ns)
{
    ck_assert_uint_ge(ns, sim.now);
    sim.now = ns;
    fake_set_time_ns(ns);
}

/* What the arch does on its way back to a guest when it must reschedule. */
static void switch_on(unsigned cpu)
{
    struct vcpu *prev = sim.curr[cpu], *next;

    fake_cpu_id = cpu;
    if (prev)
        sim.ran[slot_of(prev)] += sim.now - sim.since[cpu];
    next = sched_pick_next(cpu);
    if (prev && prev != next)
        sched_context_saved(prev);
    if (next) {
        ck_assert_uint_eq(next->processor, cpu);
        ck_assert((next->affinity_hard >> cpu) & 1); /* only where its hard affinity allows */
        ck_assert(next->sched_running && !next->sched_queued);
        ck_assert_int_eq(next->runstate.state, RUNSTATE_running);
    }
    sim.curr[cpu] = next;
    sim.since[cpu] = sim.now;
    sim.picks[cpu]++;
}

static void reschedule_where_asked(void)
{
    for (unsigned cpu = 0; cpu < sim.nr_cpus; cpu++)
        if (sched_need_resched(cpu))
            switch_on(cpu);
}

/* Run the machine until system time `until`, interrupt by interrupt. */
static void run_until(uint64_t until)
{
    for (;;) {
        uint64_t next = UINT64_MAX;
        unsigned which = 0;

        reschedule_where_asked();
        for (unsigned cpu = 0; cpu < sim.nr_cpus; cpu++) {
            uint64_t deadline = fake_timer_deadline[cpu];

            if (deadline && MAX(deadline, sim.now) < next) {
                next = MAX(deadline, sim.now);
                which = cpu;
            }
        }
        if (next > until) {
            set_time(until);
            return;
        }
        set_time(next);
        fake_cpu_id = which;
        timers_run(which);
    }
}

static void run_for(uint64_t ns)
{
    run_until(sim.now + ns);
}

/* Act as code running on cpu (a hypercall or an interrupt there). */
static void on_cpu(unsigned cpu)
{
    fake_cpu_id = cpu;
}

static struct domain *new_domain(domid_t id, unsigned vcpus)
{
    struct domain *d = domain_create(id, vcpus, false);

    ck_assert_ptr_nonnull(d);
    for (unsigned i = 0; i < vcpus; i++) {
        ck_assert_uint_eq(d->vcpus[i]->pause_flags, VPF_down);
        vcpu_set_up(d->vcpus[i]);
        slot_of(d->vcpus[i]);
    }
    domain_unpause(d);
    return d;
}

static void machine(unsigned nr_cpus)
{
    memset(&sim, 0, sizeof(sim));
    sim.nr_cpus = nr_cpus;
    fake_sched_reset();
    sched_init(nr_cpus);
}

static void setup(void)
{
    fake_ram_init(FRAMES);
    page_alloc_init(table, FRAMES);
    page_alloc_add_range(0, FRAMES);
    machine(1);
}

/* |a/b - ratio| <= 5% of ratio */
static void assert_ratio(uint64_t a, uint64_t b, double ratio)
{
    double r = (double)a / (double)b;

    ck_assert_msg(r > ratio * 0.95 && r < ratio * 1.05, "ratio %f, want %f", r, ratio);
}

START_TEST(test_equal_weights_split_one_cpu_evenly)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1);

    run_for(10 * SECOND);
    assert_ratio(ran(a->vcpus[0]), ran(b->vcpus[0]), 1.0);
    ck_assert_uint_eq(ran(a->vcpus[0]) + ran(b->vcpus[0]), 10 * SECOND);
    /* No vCPU runs longer than a slice between picks. */
    ck_assert_uint_ge(sim.picks[0], 10 * SECOND / SCHED_SLICE_NS);
}
END_TEST

START_TEST(test_weights_one_to_two_give_one_to_two)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1);

    ck_assert_int_eq(sched_set_params(a, 256, 0), 0);
    ck_assert_int_eq(sched_set_params(b, 512, 0), 0);
    run_for(10 * SECOND);
    assert_ratio(ran(b->vcpus[0]), ran(a->vcpus[0]), 2.0);
}
END_TEST

START_TEST(test_small_weights_keep_their_proportion)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1), *c = new_domain(3, 1);

    ck_assert_int_eq(sched_set_params(a, 1, 0), 0);
    ck_assert_int_eq(sched_set_params(b, 2, 0), 0);
    ck_assert_int_eq(sched_set_params(c, 1, 0), 0);
    run_for(10 * SECOND);
    assert_ratio(ran(b->vcpus[0]), ran(a->vcpus[0]), 2.0);
    assert_ratio(ran(c->vcpus[0]), ran(a->vcpus[0]), 1.0);
}
END_TEST

START_TEST(test_a_cap_of_25_alone_gets_a_quarter_and_the_cpu_idles)
{
    struct domain *a = new_domain(1, 1);

    ck_assert_int_eq(sched_set_params(a, 256, 25), 0);
    run_for(10 * SECOND);
    ck_assert_uint_le(ran(a->vcpus[0]), 10 * SECOND / 4);
    ck_assert_uint_ge(ran(a->vcpus[0]), 10 * SECOND / 4 * 95 / 100);
    /* Parked until the next period: idle, woken by the period's end. */
    set_time(ROUND_DOWN(sim.now, SCHED_CAP_PERIOD_NS) + 50 * MS);
    run_for(0);
    ck_assert_ptr_null(sim.curr[0]);
    ck_assert_uint_eq(fake_timer_deadline[0], ROUND_UP(sim.now, SCHED_CAP_PERIOD_NS));
}
END_TEST

START_TEST(test_a_capped_domain_beside_an_uncapped_one)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1);

    ck_assert_int_eq(sched_set_params(a, 256, 25), 0);
    run_for(10 * SECOND);
    ck_assert_uint_le(ran(a->vcpus[0]), 10 * SECOND / 4);
    ck_assert_uint_ge(ran(a->vcpus[0]), 10 * SECOND / 4 * 95 / 100);
    ck_assert_uint_eq(ran(a->vcpus[0]) + ran(b->vcpus[0]), 10 * SECOND);
    /* Lifting the cap gives back an even split, with no backlog to repay. */
    ck_assert_int_eq(sched_set_params(a, 256, 0), 0);
    uint64_t a0 = ran(a->vcpus[0]), b0 = ran(b->vcpus[0]);
    run_for(1 * SECOND);
    assert_ratio(ran(a->vcpus[0]) - a0, ran(b->vcpus[0]) - b0, 1.0);
}
END_TEST

START_TEST(test_a_cap_counts_all_vcpus_of_a_domain)
{
    struct domain *a;

    machine(2);
    a = new_domain(1, 2);
    ck_assert_int_eq(sched_set_params(a, 256, 50), 0);
    run_for(10 * SECOND);
    /* 50% of one CPU in all; each vCPU may overrun by a slice per period. */
    uint64_t total = ran(a->vcpus[0]) + ran(a->vcpus[1]);
    ck_assert_uint_le(total, 10 * SECOND / 2 + 100 * SCHED_SLICE_NS);
    ck_assert_uint_ge(total, 10 * SECOND / 2 * 95 / 100);
    ck_assert_int_eq(sched_set_params(a, 256, 201), -EINVAL);
    ck_assert_int_eq(sched_set_params(a, 256, 200), 0);
}
END_TEST

START_TEST(test_a_blocked_vcpu_gets_nothing_and_runs_as_soon_as_woken)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1), *c = new_domain(3, 1);
    struct vcpu *vc = c->vcpus[0];

    /* c blocks the first time it runs. */
    run_for(0);
    while (sim.curr[0] != vc)
        run_for(1 * MS);
    on_cpu(0);
    vcpu_block(vc);
    ck_assert(sched_need_resched(0));
    run_for(0);
    ck_assert_ptr_ne(sim.curr[0], vc);
    ck_assert_int_eq(vc->runstate.state, RUNSTATE_blocked);
    ck_assert(vc->pause_flags & VPF_blocked);
    uint64_t before = ran(vc);
    run_for(5 * SECOND);
    ck_assert_uint_eq(ran(vc), before);
    assert_ratio(ran(a->vcpus[0]), ran(b->vcpus[0]), 1.0);

    /* An event for c (an interrupt on CPU 0): it runs at once. */
    run_for(3 * MS);
    on_cpu(0);
    vcpu_wake(vc);
    ck_assert(sched_need_resched(0));
    run_for(0);
    ck_assert_ptr_eq(sim.curr[0], vc);

    /* Sleeping banked nothing: from here on it gets its third, not more. */
    uint64_t a0 = ran(a->vcpus[0]), c0 = ran(vc);
    run_for(3 * SECOND);
    assert_ratio(ran(vc) - c0, ran(a->vcpus[0]) - a0, 1.0);
}
END_TEST

START_TEST(test_waking_an_unblocked_vcpu_changes_nothing)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1);

    run_for(5 * MS);
    struct vcpu *waiting = sim.curr[0] == a->vcpus[0] ? b->vcpus[0] : a->vcpus[0];
    unsigned picks = sim.picks[0];
    vcpu_wake(waiting);
    vcpu_wake(sim.curr[0]);
    ck_assert(!sched_need_resched(0));
    run_for(0);
    ck_assert_uint_eq(sim.picks[0], picks);
}
END_TEST

START_TEST(test_yield_lets_the_other_run)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1);

    /* a's huge weight keeps its virtual time least: it is always the pick. */
    ck_assert_int_eq(sched_set_params(a, SCHED_MAX_WEIGHT, 0), 0);
    run_for(1 * MS);
    ck_assert_ptr_eq(sim.curr[0], a->vcpus[0]);
    run_for(5 * SCHED_SLICE_NS);
    ck_assert_ptr_eq(sim.curr[0], a->vcpus[0]);
    on_cpu(0);
    vcpu_yield(a->vcpus[0]);
    ck_assert(sched_need_resched(0));
    run_for(0);
    ck_assert_ptr_eq(sim.curr[0], b->vcpus[0]);
    /* Only for one pick: at b's slice end a runs again. */
    run_for(SCHED_SLICE_NS);
    ck_assert_ptr_eq(sim.curr[0], a->vcpus[0]);
}
END_TEST

START_TEST(test_a_lone_vcpu_that_yields_keeps_the_cpu)
{
    struct domain *a = new_domain(1, 1);

    run_for(1 * MS);
    ck_assert_ptr_eq(sim.curr[0], a->vcpus[0]);
    vcpu_yield(a->vcpus[0]);
    run_for(0);
    ck_assert_ptr_eq(sim.curr[0], a->vcpus[0]);
}
END_TEST

START_TEST(test_idle_when_nothing_is_runnable)
{
    struct domain *a = domain_create(1, 1, false);

    /* Created paused with its vCPU down: nothing to run, no timer. */
    ck_assert_ptr_null(sched_pick_next(0));
    ck_assert_uint_eq(fake_timer_deadline[0], 0);
    domain_unpause(a);
    ck_assert_ptr_null(sched_pick_next(0));
    vcpu_set_up(a->vcpus[0]);
    ck_assert(sched_need_resched(0));
    run_for(1 * MS);
    ck_assert_ptr_eq(sim.curr[0], a->vcpus[0]);
    ck_assert_uint_eq(fake_timer_deadline[0], SCHED_SLICE_NS);
    vcpu_block(a->vcpus[0]);
    run_for(1 * SECOND);
    ck_assert_ptr_null(sim.curr[0]);
    ck_assert_uint_eq(fake_timer_deadline[0], 0);
    ck_assert_uint_eq(ran(a->vcpus[0]), 1 * MS);
}
END_TEST

START_TEST(test_two_cpus_three_vcpus_all_progress)
{
    struct domain *d[3];

    machine(2);
    for (unsigned i = 0; i < 3; i++)
        d[i] = new_domain(i + 1, 1);
    run_for(10 * SECOND);
    uint64_t total = 0;
    for (unsigned i = 0; i < 3; i++) {
        ck_assert_uint_ge(ran(d[i]->vcpus[0]), 10 * SECOND / 4);
        total += ran(d[i]->vcpus[0]);
    }
    ck_assert_uint_eq(total, 2 * 10 * SECOND);
}
END_TEST

START_TEST(test_an_idle_cpu_steals_waiting_work)
{
    struct domain *d[3];

    /* All three placed while CPU 0 was the only one. */
    for (unsigned i = 0; i < 3; i++)
        d[i] = new_domain(i + 1, 1);
    for (unsigned i = 0; i < 3; i++)
        ck_assert_uint_eq(d[i]->vcpus[0]->processor, 0);
    run_for(100 * MS);
    sim.nr_cpus = 2;
    sched_init(2);
    on_cpu(1);
    ck_assert(!sched_need_resched(1));
    switch_on(1); /* CPU 1 comes up and looks for work */
    ck_assert_ptr_nonnull(sim.curr[1]);
    ck_assert_uint_eq(sim.curr[1]->processor, 1);
    run_for(10 * SECOND);
    for (unsigned i = 0; i < 3; i++)
        ck_assert_uint_ge(ran(d[i]->vcpus[0]), 10 * SECOND / 4);
}
END_TEST

START_TEST(test_a_running_vcpu_is_not_stolen_before_its_state_is_saved)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1);
    struct vcpu *first, *second;

    run_for(1 * MS);
    first = sim.curr[0];
    second = first == a->vcpus[0] ? b->vcpus[0] : a->vcpus[0];
    sim.nr_cpus = 2;
    sched_init(2);
    /* CPU 0 switches from first to second but has not saved first yet. */
    on_cpu(0);
    vcpu_yield(first);
    ck_assert_ptr_eq(sched_pick_next(0), second);
    on_cpu(1);
    ck_assert_ptr_null(sched_pick_next(1));
    on_cpu(0);
    sched_context_saved(first);
    on_cpu(1);
    ck_assert_ptr_eq(sched_pick_next(1), first);
    ck_assert_uint_eq(first->processor, 1);
}
END_TEST

START_TEST(test_a_wakeup_that_must_wait_calls_an_idle_cpu)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1);
    struct vcpu *vb = b->vcpus[0];

    /* b's tiny weight: once it has run, it never preempts a. */
    ck_assert_int_eq(sched_set_params(b, 1, 0), 0);
    run_for(0);
    while (sim.curr[0] != vb)
        run_for(1 * MS);
    run_for(1 * MS);
    on_cpu(0);
    vcpu_block(vb);
    run_for(20 * MS);
    ck_assert_ptr_eq(sim.curr[0], a->vcpus[0]);

    /* CPU 1 comes up idle; b wakes behind a on CPU 0. */
    sim.nr_cpus = 2;
    sched_init(2);
    fake_resched_ipi_mask = 0;
    on_cpu(0);
    vcpu_wake(vb);
    ck_assert(!sched_need_resched(0));
    ck_assert_uint_eq(fake_resched_ipi_mask, 1UL << 1);
    run_for(0);
    ck_assert_ptr_eq(sim.curr[1], vb);
    ck_assert_ptr_eq(sim.curr[0], a->vcpus[0]);
}
END_TEST

START_TEST(test_a_wakeup_for_another_cpu_sends_an_ipi)
{
    struct domain *a, *b;

    machine(2);
    a = new_domain(1, 1);
    b = new_domain(2, 1);
    run_for(1 * MS);
    ck_assert_uint_eq(b->vcpus[0]->processor, 1);
    ck_assert_ptr_eq(sim.curr[1], b->vcpus[0]);
    on_cpu(1);
    vcpu_block(b->vcpus[0]);
    run_for(1 * MS);
    ck_assert_ptr_null(sim.curr[1]);
    fake_resched_ipi_mask = 0;
    on_cpu(0); /* an event sent from a's CPU */
    vcpu_wake(b->vcpus[0]);
    ck_assert_uint_eq(fake_resched_ipi_mask, 1UL << 1);
    ck_assert(sched_need_resched(1));
    run_for(0);
    ck_assert_ptr_eq(sim.curr[1], b->vcpus[0]);
    ck_assert_ptr_eq(sim.curr[0], a->vcpus[0]);
}
END_TEST

START_TEST(test_pause_deschedules_and_unpause_brings_back)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1);
    struct vcpu *va = a->vcpus[0];

    run_for(1 * SECOND);
    on_cpu(0);
    domain_pause(a);
    run_for(0);
    ck_assert_ptr_eq(sim.curr[0], b->vcpus[0]);
    ck_assert_int_eq(va->runstate.state, RUNSTATE_offline);
    uint64_t a0 = ran(va), b0 = ran(b->vcpus[0]);
    run_for(2 * SECOND);
    ck_assert_uint_eq(ran(va), a0);
    ck_assert_uint_eq(ran(b->vcpus[0]) - b0, 2 * SECOND);

    /* Pauses nest: it takes as many unpauses. */
    domain_pause(a);
    domain_unpause(a);
    run_for(100 * MS);
    ck_assert_uint_eq(ran(va), a0);
    domain_unpause(a);
    run_for(0);
    ck_assert_ptr_eq(sim.curr[0], va);
    run_for(2 * SECOND);
    assert_ratio(ran(va) - a0, ran(b->vcpus[0]) - b0 - 2 * SECOND - 100 * MS, 1.0);
}
END_TEST

START_TEST(test_down_and_up)
{
    struct domain *a = new_domain(1, 2);

    run_for(10 * MS);
    struct vcpu *v = sim.curr[0];
    vcpu_set_down(v);
    ck_assert(v->pause_flags & VPF_down);
    run_for(0);
    ck_assert_ptr_ne(sim.curr[0], v);
    ck_assert_int_eq(v->runstate.state, RUNSTATE_offline);
    /* A blocked vCPU taken down stays down when an event arrives. */
    vcpu_wake(v);
    ck_assert(!v->sched_queued);
    vcpu_set_up(v);
    ck_assert(!(v->pause_flags & VPF_down) && v->sched_queued);
    ck_assert_ptr_nonnull(a);
}
END_TEST

START_TEST(test_a_shut_down_domain_stops_running)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1);

    run_for(5 * MS);
    domain_shutdown(sim.curr[0]->domain, SHUTDOWN_poweroff);
    struct domain *dead = sim.curr[0]->domain;
    ck_assert(sched_need_resched(0));
    uint64_t dead_ran = ran(dead->vcpus[0]);
    run_for(1 * SECOND);
    ck_assert_uint_eq(ran(dead->vcpus[0]), dead_ran);
    ck_assert_ptr_eq(sim.curr[0], dead == a ? b->vcpus[0] : a->vcpus[0]);
}
END_TEST

START_TEST(test_runstate_accounts_each_state)
{
    struct domain *a = new_domain(1, 1), *b = new_domain(2, 1);
    struct vcpu_runstate_info rs;

    run_for(1 * SECOND);
    vcpu_runstate_get(a->vcpus[0], &rs);
    /* Time is banked at each change: running and runnable halves so far. */
    uint64_t total =
        rs.time[RUNSTATE_running] + rs.time[RUNSTATE_runnable] + (sim.now - rs.state_entry_time);
    ck_assert_uint_eq(total, 1 * SECOND);
    ck_assert_uint_le(rs.time[RUNSTATE_running], ran(a->vcpus[0]));
    ck_assert_uint_ge(rs.time[RUNSTATE_running] + SCHED_SLICE_NS, ran(a->vcpus[0]));
    ck_assert_uint_eq(rs.time[RUNSTATE_blocked], 0);
    ck_assert_ptr_nonnull(b);
}
END_TEST

START_TEST(test_params_are_checked)
{
    struct domain *a = new_domain(1, 1);
    unsigned weight, cap;

    sched_get_params(a, &weight, &cap);
    ck_assert_uint_eq(weight, SCHED_DEFAULT_WEIGHT);
    ck_assert_uint_eq(cap, 0);
    ck_assert_int_eq(sched_set_params(a, 0, 0), -EINVAL);
    ck_assert_int_eq(sched_set_params(a, 65536, 0), -EINVAL);
    ck_assert_int_eq(sched_set_params(a, 256, 101), -EINVAL); /* one CPU */
    ck_assert_int_eq(sched_set_params(a, 65535, 100), 0);
    sched_get_params(a, &weight, &cap);
    ck_assert_uint_eq(weight, 65535);
    ck_assert_uint_eq(cap, 100);
}
END_TEST

START_TEST(test_new_vcpus_spread_over_cpus)
{
    struct domain *a;

    machine(4);
    a = domain_create(1, 8, false);
    ck_assert_ptr_nonnull(a);
    unsigned per_cpu[4] = { 0 };
    for (unsigned i = 0; i < 8; i++)
        per_cpu[a->vcpus[i]->processor]++;
    for (unsigned cpu = 0; cpu < 4; cpu++)
        ck_assert_uint_eq(per_cpu[cpu], 2);
    domain_put(a); /* freed: its vCPUs leave the scheduler */
    a = domain_create(2, 1, false);
    ck_assert_uint_eq(a->vcpus[0]->processor, 0);
}
END_TEST

/* Pinned by its hard affinity: moved there at once (running or not), never stolen away. */
START_TEST(test_hard_affinity_is_kept)
{
    machine(2);
    struct domain *a = new_domain(1, 2);

    run_for(SECOND / 10);
    ck_assert_uint_ne(a->vcpus[0]->processor, a->vcpus[1]->processor);
    on_cpu(0);
    sched_vcpu_set_affinity(a->vcpus[0], 1UL << 1);
    sched_vcpu_set_affinity(a->vcpus[1], 1UL << 1);
    uint64_t before = ran(a->vcpus[0]) + ran(a->vcpus[1]);
    run_for(SECOND);
    ck_assert_uint_eq(a->vcpus[0]->processor, 1);
    ck_assert_uint_eq(a->vcpus[1]->processor, 1);
    /* One CPU between the two: a second of CPU time, not two. */
    uint64_t after = ran(a->vcpus[0]) + ran(a->vcpus[1]) - before;
    ck_assert_uint_le(after, SECOND + SCHED_SLICE_NS);
    ck_assert_uint_ge(after, SECOND - SCHED_SLICE_NS);
    assert_ratio(ran(a->vcpus[0]), ran(a->vcpus[1]), 1.0);
    /* Free again: CPU 0 takes one back by stealing. */
    sched_vcpu_set_affinity(a->vcpus[0], ~0UL);
    sched_vcpu_set_affinity(a->vcpus[1], ~0UL);
    before = ran(a->vcpus[0]) + ran(a->vcpus[1]);
    run_for(SECOND);
    ck_assert_uint_ge(ran(a->vcpus[0]) + ran(a->vcpus[1]) - before,
                      2 * SECOND - 4 * SCHED_SLICE_NS);
}
END_TEST

static Suite *sched_suite(void)
{
    Suite *s = suite_create("sched");
    TCase *share = tcase_create("share");
    TCase *states = tcase_create("states");
    TCase *smp = tcase_create("smp");

    tcase_add_checked_fixture(share, setup, NULL);
    tcase_add_test(share, test_equal_weights_split_one_cpu_evenly);
    tcase_add_test(share, test_weights_one_to_two_give_one_to_two);
    tcase_add_test(share, test_small_weights_keep_their_proportion);
    tcase_add_test(share, test_a_cap_of_25_alone_gets_a_quarter_and_the_cpu_idles);
    tcase_add_test(share, test_a_capped_domain_beside_an_uncapped_one);
    tcase_add_test(share, test_a_cap_counts_all_vcpus_of_a_domain);
    tcase_add_test(share, test_params_are_checked);
    suite_add_tcase(s, share);

    tcase_add_checked_fixture(states, setup, NULL);
    tcase_add_test(states, test_a_blocked_vcpu_gets_nothing_and_runs_as_soon_as_woken);
    tcase_add_test(states, test_waking_an_unblocked_vcpu_changes_nothing);
    tcase_add_test(states, test_yield_lets_the_other_run);
    tcase_add_test(states, test_a_lone_vcpu_that_yields_keeps_the_cpu);
    tcase_add_test(states, test_idle_when_nothing_is_runnable);
    tcase_add_test(states, test_pause_deschedules_and_unpause_brings_back);
    tcase_add_test(states, test_down_and_up);
    tcase_add_test(states, test_a_shut_down_domain_stops_running);
    tcase_add_test(states, test_runstate_accounts_each_state);
    suite_add_tcase(s, states);

    tcase_add_checked_fixture(smp, setup, NULL);
    tcase_add_test(smp, test_two_cpus_three_vcpus_all_progress);
    tcase_add_test(smp, test_an_idle_cpu_steals_waiting_work);
    tcase_add_test(smp, test_a_running_vcpu_is_not_stolen_before_its_state_is_saved);
    tcase_add_test(smp, test_a_wakeup_for_another_cpu_sends_an_ipi);
    tcase_add_test(smp, test_a_wakeup_that_must_wait_calls_an_idle_cpu);
    tcase_add_test(smp, test_new_vcpus_spread_over_cpus);
    tcase_add_test(smp, test_hard_affinity_is_kept);
    suite_add_tcase(s, smp);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sched_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
