/*
 * time: system time, the wall clock, timers and blocking (public/xen.h, public/vcpu.h),
 * as one vCPU of dom0 sees them.  Expected values are Xen 4.17's.
 *
 * Run under QEMU's -icount (the .test says so and passes `icount` on our
 * command line), where the TSC counts instructions at 1 GHz: every
 * duration below is then exact and repeatable, and a timer that fires
 * "within 1 ms" does so by a wide margin.  Timer upcalls are taken on
 * VIRQ_TIMER, bound once; each case starts from quiet timers (single-shot
 * cancelled, nothing pending, upcalls masked).
 */
#include "guest/args.h"
#include "guest/events.h"
#include "guest/hypercall.h"
#include "guest/test.h"
#include "guest/time.h"
#include "public/errno.h"
#include "public/vcpu.h"

#define YEAR_2020 1577836800UL /* 2020-01-01T00:00:00Z */
#define YEAR_2100 4102444800UL
#define PERIOD_NS (10 * NS_PER_MS)
#define MAX_TICKS 32

static evtchn_port_t timer_port;
static evtchn_port_t loop_a, loop_b; /* an interdomain loopback: a <-> b */
static volatile unsigned ticks;
static volatile uint64_t tick_time[MAX_TICKS];

/* VIRQ_TIMER handler: when each tick arrived. */
static void on_tick(evtchn_port_t port, void *data)
{
    unsigned n = ticks;

    if (n < MAX_TICKS)
        tick_time[n] = time_now();
    ticks = n + 1;
}

/* Single-shot cancelled, no timer event pending, upcalls masked, no ticks recorded. */
static void quiet(void)
{
    events_mask_upcalls(0);
    timer_set(0);
    port_test_and_clear(timer_port);
    port_test_and_clear(loop_a);
    port_test_and_clear(loop_b);
    events_vcpu_info(0)->evtchn_upcall_pending = 0;
    events_vcpu_info(0)->evtchn_pending_sel = 0;
    ticks = 0;
}

/* Spins with upcalls on until `count` ticks arrived or `limit` passed; the ticks. */
static unsigned ticks_until(unsigned count, uint64_t limit)
{
    events_unmask_upcalls(0);
    while (ticks < count && time_now() < limit)
        asm volatile("pause");
    events_mask_upcalls(0);
    return ticks;
}

/* ---- system time ------------------------------------------------------- */

static void time_info_version_is_even(void)
{
    volatile struct vcpu_time_info *t = &events_vcpu_info(0)->time;

    for (int i = 0; i < 1000; i++) {
        uint32_t v = t->version;
        CHECK(!(v & 1), "version %u is odd (read %d)", v, i);
    }
    info("vcpu_time_info version %u, flags %#x", t->version, t->flags);
}

static void system_time_increases_and_agrees(void)
{
    uint64_t first = time_now(), prev = first, now = first;

    CHECK(first > 0, "system time is 0");
    for (int i = 0; i < 1000; i++) {
        now = time_now();
        CHECK(now >= prev, "system time went back from %lu to %lu", prev, now);
        CHECK(now - prev < 100 * NS_PER_US, "two readings %lu ns apart", now - prev);
        prev = now;
    }
    CHECK(now > first, "system time did not move in 1000 readings");
    info("system time %lu ns", now);
}

static void tsc_scale_gives_the_tsc_frequency(void)
{
    struct time_record r;
    uint64_t hz;

    time_read_record(0, &r);
    hz = time_tsc_hz(&r);
    info("tsc_to_system_mul %#x, tsc_shift %d: %lu Hz", r.mul, r.shift, hz);
    CHECK(r.mul != 0, "tsc_to_system_mul is 0");
    if (arg_present("icount")) /* -icount shift=0: one tick per ns */
        CHECK(hz > 990000000UL && hz < 1010000000UL, "TSC at %lu Hz, expected 1 GHz", hz);
}

/*
 * Two records published some time apart: the system time between them
 * against their TSC stamps is the rate the scale claims, within 1 %.
 */
static void records_advance_at_the_scale_rate(void)
{
    struct time_record a, b;
    uint64_t dsys, dtsc, by_scale;

    quiet();
    time_read_record(0, &a);
    for (int i = 0; i < 100; i++) {
        timer_set(time_now() + 20 * NS_PER_MS);
        sched_block();
        events_mask_upcalls(0);
        time_read_record(0, &b);
        if (b.tsc_timestamp - a.tsc_timestamp > 10 * NS_PER_MS)
            break;
    }
    CHECK(b.tsc_timestamp != a.tsc_timestamp, "the record was never updated");
    dsys = b.system_time - a.system_time;
    dtsc = b.tsc_timestamp - a.tsc_timestamp;
    by_scale = time_at_tsc(&a, b.tsc_timestamp) - a.system_time;
    info("records %lu TSC ticks apart: %lu ns published, %lu ns by the scale", dtsc, dsys,
         by_scale);
    CHECK(by_scale > dsys - dsys / 100 && by_scale < dsys + dsys / 100,
          "%lu ns published, %lu ns by the scale", dsys, by_scale);
}

static void wallclock_is_after_2020(void)
{
    uint64_t sec;
    uint32_t nsec, version;

    time_wallclock(&sec, &nsec, &version);
    info("wallclock at boot %lu.%09u s, wc_version %u", sec, nsec, version);
    CHECK(!(version & 1), "wc_version %u is odd", version);
    sec += time_now() / NS_PER_S;
    CHECK(sec >= YEAR_2020 && sec < YEAR_2100, "wall time now %lu s", sec);
    CHECK(nsec < NS_PER_S, "wc_nsec %u", nsec);
}

/* ---- the periodic timer ------------------------------------------------ */

static void default_periodic_timer_ticks_every_10ms(void)
{
    uint64_t start;
    unsigned n;

    quiet();
    start = time_now();
    n = ticks_until(6, start + 65 * NS_PER_MS);
    CHECK(n >= 6, "%u ticks in 65 ms", n);
    for (unsigned i = 1; i < 6; i++) {
        uint64_t gap = tick_time[i] - tick_time[i - 1];
        CHECK(gap > PERIOD_NS - NS_PER_MS && gap < PERIOD_NS + NS_PER_MS,
              "ticks %u and %u are %lu ns apart", i - 1, i, gap);
    }
}

static void stop_periodic_timer_stops_the_ticks(void)
{
    unsigned n;

    CHECK_RC(timer_stop_periodic(0), 0);
    quiet();
    n = ticks_until(1, time_now() + 30 * NS_PER_MS);
    CHECK(n == 0, "%u ticks in 30 ms after stop_periodic_timer", n);
}

static void periodic_timer_below_1ms_is_einval(void)
{
    CHECK_RC(timer_periodic(0, NS_PER_MS - 1), -XEN_EINVAL);
    CHECK_RC(timer_periodic(0, 0), -XEN_EINVAL);
    quiet();
    CHECK(ticks_until(1, time_now() + 5 * NS_PER_MS) == 0, "a refused period ticks");
}

static void periodic_timer_of_2ms_ticks_every_2ms(void)
{
    uint64_t start;
    unsigned n;

    quiet();
    CHECK_RC(timer_periodic(0, 2 * NS_PER_MS), 0);
    start = time_now();
    n = ticks_until(6, start + 20 * NS_PER_MS);
    CHECK_RC(timer_stop_periodic(0), 0);
    CHECK(n >= 6, "%u ticks in 20 ms", n);
    for (unsigned i = 1; i < 6; i++) {
        uint64_t gap = tick_time[i] - tick_time[i - 1];
        CHECK(gap > NS_PER_MS && gap < 3 * NS_PER_MS, "ticks %u and %u are %lu ns apart", i - 1, i,
              gap);
    }
}

/*
 * Xen runs a vCPU's periodic timer only while the vCPU is scheduled: a
 * vCPU asleep in SCHEDOP_poll on its timer port sleeps to the poll's
 * timeout, and the tick it missed is sent once as it wakes.
 */
static void periodic_timer_sleeps_while_the_vcpu_polls(void)
{
    uint64_t start, woke;
    long rc;

    quiet();
    CHECK_RC(timer_periodic(0, PERIOD_NS), 0);
    start = time_now();
    rc = sched_poll(&timer_port, 1, start + 35 * NS_PER_MS);
    woke = time_now();
    timer_stop_periodic(0);
    CHECK_RC(rc, 0);
    info("poll on the timer port with a 10 ms period: woke after %lu ns", woke - start);
    CHECK(woke - start >= 35 * NS_PER_MS, "woke after %lu ns, before the timeout", woke - start);
    CHECK(port_is_pending(timer_port), "no tick after the poll");
}

/* ---- one-shot timers ----------------------------------------------------- */

/* Waits for the one tick an armed timer gives and checks its time against the deadline. */
static void check_fires_at(uint64_t deadline, uint64_t late_by)
{
    unsigned n = ticks_until(1, deadline + 20 * NS_PER_MS);

    CHECK(n == 1, "%u ticks by 20 ms past the deadline", n);
    CHECK(tick_time[0] >= deadline, "fired %lu ns early", deadline - tick_time[0]);
    CHECK(tick_time[0] - deadline < late_by, "fired %lu ns late", tick_time[0] - deadline);
}

static void set_timer_op_fires_at_the_deadline(void)
{
    uint64_t deadline;

    quiet();
    deadline = time_now() + 5 * NS_PER_MS;
    CHECK_RC(timer_set(deadline), 0);
    check_fires_at(deadline, NS_PER_MS);
}

static void singleshot_timer_fires_at_the_deadline(void)
{
    uint64_t deadline;

    quiet();
    deadline = time_now() + 5 * NS_PER_MS;
    CHECK_RC(timer_singleshot(0, deadline, 0), 0);
    check_fires_at(deadline, NS_PER_MS);
}

static void set_timer_op_in_the_past_fires_at_once(void)
{
    uint64_t now;

    quiet();
    now = time_now();
    CHECK_RC(timer_set(now - NS_PER_MS), 0);
    CHECK(ticks_until(1, now + 20 * NS_PER_MS) == 1, "no tick");
    CHECK(tick_time[0] - now < 100 * NS_PER_US, "fired %lu ns after the call", tick_time[0] - now);
}

static void singleshot_in_the_past_fires_at_once(void)
{
    uint64_t now;

    quiet();
    now = time_now();
    CHECK_RC(timer_singleshot(0, now - NS_PER_MS, 0), 0);
    CHECK(ticks_until(1, now + 20 * NS_PER_MS) == 1, "no tick");
    CHECK(tick_time[0] - now < 100 * NS_PER_US, "fired %lu ns after the call", tick_time[0] - now);
}

/* 4.17 stable: VCPU_SSHOTTMR_future is ignored (4.17.0 said -ETIME). */
static void singleshot_future_flag_in_the_past_fires_at_once(void)
{
    uint64_t now;

    quiet();
    now = time_now();
    CHECK_RC(timer_singleshot(0, now - NS_PER_MS, VCPU_SSHOTTMR_future), 0);
    CHECK(ticks_until(1, now + 20 * NS_PER_MS) == 1, "no tick");
    CHECK(tick_time[0] - now < 100 * NS_PER_US, "fired %lu ns after the call", tick_time[0] - now);
}

/* A deadline 2^51 ns away, or negative, is taken as "in 100 ms". */
static void set_timer_op_far_or_negative_fires_in_100ms(void)
{
    static const uint64_t offsets[] = { 1UL << 51, 0 };

    for (unsigned i = 0; i < ARRAY_SIZE(offsets); i++) {
        uint64_t now, deadline, when;

        quiet();
        now = time_now();
        when = offsets[i] ? now + offsets[i] : 1UL << 63;
        CHECK_RC(timer_set(when), 0);
        deadline = now + 100 * NS_PER_MS;
        CHECK(ticks_until(1, deadline + 20 * NS_PER_MS) == 1, "no tick for %#lx", when);
        CHECK(tick_time[0] >= deadline - 100 * NS_PER_US && tick_time[0] < deadline + NS_PER_MS,
              "timer at %#lx fired after %lu ns", when, tick_time[0] - now);
    }
}

static void set_timer_op_zero_cancels(void)
{
    quiet();
    CHECK_RC(timer_set(time_now() + 5 * NS_PER_MS), 0);
    CHECK_RC(timer_set(0), 0);
    CHECK(ticks_until(1, time_now() + 20 * NS_PER_MS) == 0, "the cancelled timer fired");
}

static void stop_singleshot_cancels(void)
{
    quiet();
    CHECK_RC(timer_singleshot(0, time_now() + 5 * NS_PER_MS, 0), 0);
    CHECK_RC(timer_stop_singleshot(0), 0);
    CHECK(ticks_until(1, time_now() + 20 * NS_PER_MS) == 0, "the stopped timer fired");
}

/* Both hypercalls drive the same timer: the later call wins. */
static void set_timer_op_and_singleshot_share_one_timer(void)
{
    uint64_t deadline;

    quiet();
    CHECK_RC(timer_singleshot(0, time_now() + 3 * NS_PER_MS, 0), 0);
    deadline = time_now() + 8 * NS_PER_MS;
    CHECK_RC(timer_set(deadline), 0);
    check_fires_at(deadline, NS_PER_MS);
}

/* ---- blocking ----------------------------------------------------------- */

static void block_returns_after_the_timer_deadline(void)
{
    uint64_t deadline, woke;

    quiet();
    deadline = time_now() + 5 * NS_PER_MS;
    CHECK_RC(timer_set(deadline), 0);
    CHECK_RC(sched_block(), 0);
    woke = time_now();
    events_mask_upcalls(0);
    CHECK(ticks == 1, "%u ticks taken while blocked", ticks);
    CHECK(woke >= deadline, "woke %lu ns before the deadline", deadline - woke);
    CHECK(woke - deadline < NS_PER_MS, "woke %lu ns late", woke - deadline);
    CHECK(tick_time[0] >= deadline, "the tick came %lu ns early", deadline - tick_time[0]);
}

static void block_with_an_event_pending_returns_at_once(void)
{
    uint64_t start;

    quiet();
    CHECK_RC(evtchn_send(loop_a), 0); /* loop_b pending, upcall pending */
    start = time_now();
    CHECK_RC(sched_block(), 0);
    CHECK(time_now() - start < 100 * NS_PER_US, "block took %lu ns", time_now() - start);
    events_mask_upcalls(0);
    CHECK(events_count(loop_b) > 0, "the pending event was not delivered");
}

static void poll_times_out_without_a_pending_port(void)
{
    uint64_t deadline, woke;

    quiet();
    deadline = time_now() + 5 * NS_PER_MS;
    CHECK_RC(sched_poll(&loop_b, 1, deadline), 0);
    woke = time_now();
    CHECK(woke >= deadline, "woke %lu ns before the timeout", deadline - woke);
    CHECK(woke - deadline < NS_PER_MS, "woke %lu ns after the timeout", woke - deadline);
    CHECK(!port_is_pending(loop_b), "the port became pending");
}

static void poll_on_a_pending_port_returns_at_once(void)
{
    uint64_t start;

    quiet();
    CHECK_RC(evtchn_send(loop_a), 0);
    CHECK(port_is_pending(loop_b), "sending did not set the port pending");
    start = time_now();
    CHECK_RC(sched_poll(&loop_b, 1, start + 50 * NS_PER_MS), 0);
    CHECK(time_now() - start < 100 * NS_PER_US, "poll took %lu ns", time_now() - start);
    CHECK(port_is_pending(loop_b), "poll cleared the pending bit");
}

static void poll_wakes_when_the_timer_fires(void)
{
    uint64_t deadline, woke;

    quiet();
    deadline = time_now() + 5 * NS_PER_MS;
    CHECK_RC(timer_set(deadline), 0);
    CHECK_RC(sched_poll(&timer_port, 1, deadline + 50 * NS_PER_MS), 0);
    woke = time_now();
    CHECK(woke >= deadline, "woke %lu ns before the timer", deadline - woke);
    CHECK(woke - deadline < NS_PER_MS, "woke %lu ns after the timer", woke - deadline);
    CHECK(port_is_pending(timer_port), "the timer port is not pending");
    CHECK(ticks == 0, "an upcall was taken with upcalls masked");
}

static void poll_with_more_than_128_ports_is_einval(void)
{
    static evtchn_port_t many[129];

    quiet();
    for (unsigned i = 0; i < ARRAY_SIZE(many); i++)
        many[i] = loop_b;
    CHECK_RC(sched_poll(many, 129, time_now() + NS_PER_MS), -XEN_EINVAL);
}

/* ---- runstate ----------------------------------------------------------- */

static long runstate(struct vcpu_runstate_info *r)
{
    return hypercall_vcpu_op(VCPUOP_get_runstate_info, 0, r);
}

static void runstate_running_time_increases(void)
{
    struct vcpu_runstate_info a = { 0 }, b = { 0 };
    uint64_t now;

    quiet();
    CHECK_RC(runstate(&a), 0);
    time_spin_until(time_now() + 5 * NS_PER_MS);
    CHECK_RC(runstate(&b), 0);
    now = time_now();
    CHECK_EQ(b.state, RUNSTATE_running);
    CHECK(b.state_entry_time <= now, "state entered at %lu, now is %lu", b.state_entry_time, now);
    CHECK(b.time[RUNSTATE_running] - a.time[RUNSTATE_running] >= 4 * NS_PER_MS,
          "running time grew by %lu ns in 5 ms of spinning",
          b.time[RUNSTATE_running] - a.time[RUNSTATE_running]);
    CHECK(b.time[RUNSTATE_running] - a.time[RUNSTATE_running] <= 6 * NS_PER_MS,
          "running time grew by %lu ns in 5 ms",
          b.time[RUNSTATE_running] - a.time[RUNSTATE_running]);
}

static void runstate_counts_blocked_time(void)
{
    struct vcpu_runstate_info a = { 0 }, b = { 0 };
    uint64_t blocked;

    quiet();
    CHECK_RC(runstate(&a), 0);
    CHECK_RC(timer_set(time_now() + 10 * NS_PER_MS), 0);
    CHECK_RC(sched_block(), 0);
    events_mask_upcalls(0);
    CHECK_RC(runstate(&b), 0);
    blocked = b.time[RUNSTATE_blocked] - a.time[RUNSTATE_blocked];
    CHECK(blocked >= 9 * NS_PER_MS && blocked <= 11 * NS_PER_MS,
          "blocked time grew by %lu ns in a 10 ms block", blocked);
}

static const struct test_case cases[] = {
    { "time_info_version_is_even", time_info_version_is_even },
    { "system_time_increases_and_agrees", system_time_increases_and_agrees },
    { "tsc_scale_gives_the_tsc_frequency", tsc_scale_gives_the_tsc_frequency },
    { "wallclock_is_after_2020", wallclock_is_after_2020 },
    /* the default periodic timer is still running: these come first */
    { "default_periodic_timer_ticks_every_10ms", default_periodic_timer_ticks_every_10ms },
    { "stop_periodic_timer_stops_the_ticks", stop_periodic_timer_stops_the_ticks },
    { "periodic_timer_below_1ms_is_einval", periodic_timer_below_1ms_is_einval },
    { "periodic_timer_of_2ms_ticks_every_2ms", periodic_timer_of_2ms_ticks_every_2ms },
    { "periodic_timer_sleeps_while_the_vcpu_polls", periodic_timer_sleeps_while_the_vcpu_polls },
    { "records_advance_at_the_scale_rate", records_advance_at_the_scale_rate },
    { "set_timer_op_fires_at_the_deadline", set_timer_op_fires_at_the_deadline },
    { "singleshot_timer_fires_at_the_deadline", singleshot_timer_fires_at_the_deadline },
    { "set_timer_op_in_the_past_fires_at_once", set_timer_op_in_the_past_fires_at_once },
    { "singleshot_in_the_past_fires_at_once", singleshot_in_the_past_fires_at_once },
    { "singleshot_future_flag_in_the_past_fires_at_once",
      singleshot_future_flag_in_the_past_fires_at_once },
    { "set_timer_op_far_or_negative_fires_in_100ms", set_timer_op_far_or_negative_fires_in_100ms },
    { "set_timer_op_zero_cancels", set_timer_op_zero_cancels },
    { "stop_singleshot_cancels", stop_singleshot_cancels },
    { "set_timer_op_and_singleshot_share_one_timer", set_timer_op_and_singleshot_share_one_timer },
    { "block_returns_after_the_timer_deadline", block_returns_after_the_timer_deadline },
    { "block_with_an_event_pending_returns_at_once", block_with_an_event_pending_returns_at_once },
    { "poll_times_out_without_a_pending_port", poll_times_out_without_a_pending_port },
    { "poll_on_a_pending_port_returns_at_once", poll_on_a_pending_port_returns_at_once },
    { "poll_wakes_when_the_timer_fires", poll_wakes_when_the_timer_fires },
    { "poll_with_more_than_128_ports_is_einval", poll_with_more_than_128_ports_is_einval },
    { "runstate_running_time_increases", runstate_running_time_increases },
    { "runstate_counts_blocked_time", runstate_counts_blocked_time },
};

int guest_main(const struct start_info *si)
{
    long rc = events_init();

    if (rc) {
        printk("FAIL time/setup: events_init gave %ld (%s)\n", rc, errno_name(rc));
        return 0;
    }
    rc = evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port);
    if (rc == 0)
        rc = evtchn_alloc_unbound(DOMID_SELF, &loop_a);
    if (rc == 0)
        rc = evtchn_bind_interdomain(DOMID_SELF, loop_a, &loop_b);
    if (rc) {
        printk("FAIL time/setup: binding ports gave %ld (%s)\n", rc, errno_name(rc));
        return 0;
    }
    events_bind(timer_port, 0, on_tick, NULL);
    test_main("time", cases, ARRAY_SIZE(cases));
}
