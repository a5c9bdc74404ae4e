/*
 * pingpong: a domU of a multi-domain test (guest/report.h), in one of
 * several roles chosen by its command line.  Ours only: Xen's release
 * build drops domU console output.
 *
 *     role=alloc peer=<d> rounds=<r>   allocate an unbound port for d<d>
 *                                      (our first free one after the report
 *                                      port: 2) and answer its <r> pings
 *     role=bind peer=<d> port=<p>      bind d<d>'s port <p> (retrying until
 *                                      it exists) and ping it <r> times,
 *                                      each after the last answer: none may
 *                                      be lost or merged
 *     role=loop                        events to ourselves and timers, on
 *                                      our own, to completion
 *     role=crash                       crash on purpose (ud2, no trap table)
 *
 * Every role first binds the report port dom0 gave it (report=<port>)
 * and, last, reports and waits for dom0's go-ahead to finish.
 */
#include "common/string.h"
#include "guest/args.h"
#include "guest/events.h"
#include "guest/hypercall.h"
#include "guest/report.h"
#include "guest/test.h"
#include "guest/time.h"
#include "public/errno.h"

#define FIRST_NS    (60 * NS_PER_S) /* the peer has to start and bind first */
#define ANSWER_NS   NS_PER_S
#define LOOP_EVENTS 2000
#define LOOP_TIMERS 50

static unsigned peer, rounds;
static evtchn_port_t port; /* our end of the ping-pong channel */
static long connect_rc;

static void reports_to_dom0_last(void)
{
    CHECK_RC(report_finished(600 * NS_PER_S), 0);
}

static void connects_to_dom0(void)
{
    CHECK_RC(connect_rc, 0);
    CHECK_EQ(report_port, 1);
}

/* ---- role=alloc ---------------------------------------------------------- */

static void allocates_a_port_for_its_peer(void)
{
    CHECK_RC(evtchn_alloc_unbound((domid_t)peer, &port), 0);
    CHECK_EQ(port, 2);
    /* The peer may have bound it already. */
    CHECK(evtchn_state(DOMID_SELF, port) == EVTCHNSTAT_unbound ||
              evtchn_state(DOMID_SELF, port) == EVTCHNSTAT_interdomain,
          "port 2 is in state %ld", evtchn_state(DOMID_SELF, port));
}

static void answers_every_ping(void)
{
    const volatile uint32_t *pings = events_counter(port);
    uint64_t start = 0;

    CHECK(port, "no port");
    for (unsigned i = 0; i < rounds; i++) {
        uint64_t limit = time_now() + (i ? ANSWER_NS : FIRST_NS);
        CHECK(events_wait_until(0, port, pings, i, limit), "round %u of %u: no ping from d%u",
              i + 1, rounds, peer);
        CHECK(*pings == i + 1, "round %u: %u pings counted", i + 1, *pings);
        if (i == 0)
            start = time_now();
        CHECK_RC(evtchn_send(port), 0);
    }
    CHECK_RC(evtchn_state(DOMID_SELF, port), EVTCHNSTAT_interdomain);
    info("answered %u pings from d%u in %lu us", rounds, peer, (time_now() - start) / NS_PER_US);
}

/* ---- role=bind ----------------------------------------------------------- */

static void binds_its_peers_port(void)
{
    uint64_t remote = arg_uint("port", 0);

    CHECK(remote, "no port=<n> on the command line");
    CHECK_RC(interdomain_connect((domid_t)peer, (evtchn_port_t)remote, &port, FIRST_NS), 0);
    CHECK_RC(evtchn_state(DOMID_SELF, port), EVTCHNSTAT_interdomain);
}

static void every_ping_is_answered(void)
{
    const volatile uint32_t *answers = events_counter(port);
    uint64_t start = time_now();

    CHECK(port, "no port");
    for (unsigned i = 0; i < rounds; i++) {
        CHECK_RC(evtchn_send(port), 0);
        CHECK(events_wait_until(0, port, answers, i, time_now() + ANSWER_NS),
              "round %u of %u: no answer from d%u in 1 s", i + 1, rounds, peer);
        CHECK(*answers == i + 1, "round %u: %u answers counted", i + 1, *answers);
    }
    info("%u round trips with d%u in %lu us", rounds, peer, (time_now() - start) / NS_PER_US);
}

/* ---- role=loop ----------------------------------------------------------- */

static void loopback_events_lose_nothing(void)
{
    evtchn_port_t a, b;
    const volatile uint32_t *got;

    CHECK_RC(evtchn_alloc_unbound(DOMID_SELF, &a), 0);
    CHECK_RC(interdomain_connect(DOMID_SELF, a, &b, ANSWER_NS), 0);
    got = events_counter(b);
    CHECK_EQ(*got, 0);
    for (unsigned i = 0; i < LOOP_EVENTS; i++) {
        CHECK_RC(evtchn_send(a), 0);
        CHECK(events_wait_until(0, b, got, i, time_now() + ANSWER_NS), "event %u lost", i + 1);
    }
    CHECK_EQ(*got, LOOP_EVENTS);
}

static void timers_keep_firing(void)
{
    evtchn_port_t timer;
    const volatile uint32_t *ticks;

    CHECK_RC(timer_stop_periodic(0), 0);
    CHECK_RC(evtchn_bind_virq(VIRQ_TIMER, 0, &timer), 0);
    ticks = events_counter(timer);
    for (unsigned i = 0; i < LOOP_TIMERS; i++) {
        uint64_t deadline = time_now() + NS_PER_MS;
        CHECK_RC(timer_set(deadline), 0);
        CHECK(events_wait_until(0, timer, ticks, i, deadline + ANSWER_NS), "timer %u lost", i + 1);
        CHECK(time_now() >= deadline, "timer %u fired early", i + 1);
    }
}

/* ---- role=crash ---------------------------------------------------------- */

static void crash(void)
{
    if (connect_rc)
        printk("FAIL pingpong/connects_to_dom0: %ld (%s)\n", connect_rc, errno_name(connect_rc));
    printk("pingpong: crashing on purpose: ud2 with no trap table\n");
    hypercall_set_trap_table(NULL);
    asm volatile("ud2");
    printk("FAIL pingpong/crash: still running after ud2\n");
}

int guest_main(const struct start_info *si)
{
    static const struct test_case alloc_cases[] = {
        { "connects_to_dom0", connects_to_dom0 },
        { "allocates_a_port_for_its_peer", allocates_a_port_for_its_peer },
        { "answers_every_ping", answers_every_ping },
        { "reports_to_dom0_last", reports_to_dom0_last },
    };
    static const struct test_case bind_cases[] = {
        { "connects_to_dom0", connects_to_dom0 },
        { "binds_its_peers_port", binds_its_peers_port },
        { "every_ping_is_answered", every_ping_is_answered },
        { "reports_to_dom0_last", reports_to_dom0_last },
    };
    static const struct test_case loop_cases[] = {
        { "connects_to_dom0", connects_to_dom0 },
        { "loopback_events_lose_nothing", loopback_events_lose_nothing },
        { "timers_keep_firing", timers_keep_firing },
        { "reports_to_dom0_last", reports_to_dom0_last },
    };
    char role[16] = "";
    long rc = events_init();

    if (rc) {
        printk("FAIL pingpong/setup: events_init gave %ld (%s)\n", rc, errno_name(rc));
        return 0;
    }
    peer = (unsigned)arg_uint("peer", 0);
    rounds = (unsigned)arg_uint("rounds", 10000);
    arg_string("role", role, sizeof(role));
    connect_rc = report_connect();
    events_unmask_upcalls(0);
    if (!strcmp(role, "alloc"))
        test_main("pingpong", alloc_cases, ARRAY_SIZE(alloc_cases));
    if (!strcmp(role, "bind"))
        test_main("pingpong", bind_cases, ARRAY_SIZE(bind_cases));
    if (!strcmp(role, "loop"))
        test_main("pingpong", loop_cases, ARRAY_SIZE(loop_cases));
    if (!strcmp(role, "crash"))
        crash();
    printk("FAIL pingpong/role: unknown role \"%s\"\n", role);
    return 0;
}
