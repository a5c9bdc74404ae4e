/*
 * conductor: dom0 of a multi-domain test (guest/report.h).  Runs on our
 * hypervisor only: Xen's release build drops domU console output.
 *
 * It binds VIRQ_DOM_EXC (port 1), allocates a report port for each domU
 * (d<i> reports on port 1 + i), optionally plays one side of a ping-pong
 * with a domU, then waits -- asleep, so the domUs have the CPUs -- until
 * every domU has reported, lets them finish one at a time, prints its own
 * results and powers the machine off.  Command line:
 *
 *     domus=<n>        d1 .. d<n> were started with us
 *     crash=<d>        d<d> is meant to crash: it never reports
 *     pingpong=<d>     answer <rounds> pings from d<d> on port n + 2
 *     rounds=<r>       (default 10000)
 *     wait=<s>         how long the domUs may take, in seconds (default 300)
 */
#include "guest/args.h"
#include "guest/events.h"
#include "guest/test.h"
#include "guest/time.h"
#include "public/errno.h"

#define MAX_DOMUS     8
#define FIRST_PING_NS (60 * NS_PER_S) /* the domU has to start and bind first */
#define NEXT_PING_NS  NS_PER_S

static unsigned nr_domus, crash_domid, pingpong_domid, rounds;
static uint64_t wait_ns;
static evtchn_port_t dom_exc_port, pingpong_port;
static evtchn_port_t report_ports[MAX_DOMUS + 1]; /* [i]: d<i>'s */
static long setup_rc;

static bool reported(unsigned domid)
{
    return events_count(report_ports[domid]) > 0;
}

static bool all_reported(void)
{
    for (unsigned d = 1; d <= nr_domus; d++)
        if (d != crash_domid && !reported(d))
            return false;
    return true;
}

/*
 * Sleeps in SCHEDOP_poll on every port we own until done() or the
 * deadline; the upcall counts what arrived.  done()'s last answer.
 */
static bool wait_for(bool (*done)(void), uint64_t deadline)
{
    evtchn_port_t ports[MAX_DOMUS + 1];
    unsigned n = 0;

    ports[n++] = dom_exc_port;
    for (unsigned d = 1; d <= nr_domus; d++)
        ports[n++] = report_ports[d];
    while (!done() && time_now() < deadline) {
        events_mask_upcalls(0);
        if (!done())
            sched_poll(ports, n, deadline);
        events_unmask_upcalls(0);
    }
    return done();
}

static bool dom_exc_heard(void)
{
    return events_count(dom_exc_port) > 0;
}

/* ---- cases ------------------------------------------------------------- */

static void ports_are_allocated_lowest_first(void)
{
    CHECK_RC(setup_rc, 0);
    CHECK_EQ(dom_exc_port, 1);
    for (unsigned d = 1; d <= nr_domus; d++)
        CHECK(report_ports[d] == 1 + d, "d%u's report port is %u", d, report_ports[d]);
    if (pingpong_domid)
        CHECK_EQ(pingpong_port, nr_domus + 2);
}

static void pingpong_with_a_domu_loses_nothing(void)
{
    const volatile uint32_t *pings = events_counter(pingpong_port);
    uint64_t start = 0;

    CHECK(pingpong_port, "no port");
    for (unsigned i = 0; i < rounds; i++) {
        uint64_t limit = time_now() + (i ? NEXT_PING_NS : FIRST_PING_NS);
        CHECK(events_wait_until(0, pingpong_port, pings, i, limit),
              "round %u of %u: no ping from d%u", i + 1, rounds, pingpong_domid);
        CHECK(*pings == i + 1, "round %u: %u pings counted", i + 1, *pings);
        if (i == 0)
            start = time_now();
        CHECK_RC(evtchn_send(pingpong_port), 0);
    }
    info("%u round trips with d%u in %lu us", rounds, pingpong_domid,
         (time_now() - start) / NS_PER_US);
}

static void every_domu_reports(void)
{
    if (!wait_for(all_reported, time_now() + wait_ns))
        for (unsigned d = 1; d <= nr_domus; d++)
            CHECK(d == crash_domid || reported(d), "d%u did not report in %lu s", d,
                  wait_ns / NS_PER_S);
}

/* Every other domU is waiting for us: this VIRQ_DOM_EXC can only be the crash. */
static void the_crash_raises_dom_exc(void)
{
    CHECK(wait_for(dom_exc_heard, time_now() + 10 * NS_PER_S), "no VIRQ_DOM_EXC in 10 s");
    CHECK_EQ(events_count(dom_exc_port), 1);
    CHECK(!reported(crash_domid), "d%u reported", crash_domid);
}

/* One at a time: go-ahead, then its shutdown's VIRQ_DOM_EXC, then the next. */
static void domus_finish_in_turn(void)
{
    for (unsigned d = 1; d <= nr_domus; d++) {
        uint32_t before = events_count(dom_exc_port);
        if (d == crash_domid)
            continue;
        CHECK_RC(evtchn_send(report_ports[d]), 0);
        CHECK(events_wait_until(0, dom_exc_port, events_counter(dom_exc_port), before,
                                time_now() + 10 * NS_PER_S),
              "no VIRQ_DOM_EXC in 10 s after letting d%u finish", d);
        CHECK(events_count(dom_exc_port) == before + 1, "%u VIRQ_DOM_EXC for d%u",
              events_count(dom_exc_port) - before, d);
    }
}

static void setup(void)
{
    setup_rc = events_init();
    if (!setup_rc)
        setup_rc = evtchn_bind_virq(VIRQ_DOM_EXC, 0, &dom_exc_port);
    for (unsigned d = 1; d <= nr_domus && !setup_rc; d++)
        setup_rc = evtchn_alloc_unbound((domid_t)d, &report_ports[d]);
    if (pingpong_domid && !setup_rc)
        setup_rc = evtchn_alloc_unbound((domid_t)pingpong_domid, &pingpong_port);
    if (!setup_rc)
        events_unmask_upcalls(0);
}

int guest_main(const struct start_info *si)
{
    static struct test_case cases[5];
    unsigned n = 0;

    nr_domus = (unsigned)arg_uint("domus", 0);
    if (nr_domus > MAX_DOMUS)
        nr_domus = MAX_DOMUS;
    crash_domid = (unsigned)arg_uint("crash", 0);
    pingpong_domid = (unsigned)arg_uint("pingpong", 0);
    rounds = (unsigned)arg_uint("rounds", 10000);
    wait_ns = arg_uint("wait", 300) * NS_PER_S;
    setup();

    cases[n++] =
        (struct test_case){ "ports_are_allocated_lowest_first", ports_are_allocated_lowest_first };
    if (pingpong_domid)
        cases[n++] = (struct test_case){ "pingpong_with_a_domu_loses_nothing",
                                         pingpong_with_a_domu_loses_nothing };
    cases[n++] = (struct test_case){ "every_domu_reports", every_domu_reports };
    if (crash_domid)
        cases[n++] = (struct test_case){ "the_crash_raises_dom_exc", the_crash_raises_dom_exc };
    cases[n++] = (struct test_case){ "domus_finish_in_turn", domus_finish_in_turn };
    test_main("conductor", cases, n);
}
