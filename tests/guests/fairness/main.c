/*
 * fairness: a CPU-bound domU that measures the share of one CPU it gets
 * (ours only: Xen's release build drops domU console output).
 *
 * It spins for a window of system time after a short settle and takes its
 * share = running time (VCPUOP_get_runstate_info) / elapsed system time,
 * then keeps spinning for a tail so that a competitor measuring a window
 * that started a little later still competes with us to its end.  Command
 * line (besides report=<port>, guest/report.h):
 *
 *     share=<per mille>    the share we should get, within 5 % of itself
 *     cap=<percent>        our cap: the share must stay under it (+5 %)
 *     settle=<ms> window=<ms> tail=<ms>   (defaults 200, 2000, 300)
 *
 * Run it under -icount: system time is then instruction time, and the
 * result does not depend on the host.
 */
#include "guest/args.h"
#include "guest/events.h"
#include "guest/hypercall.h"
#include "guest/report.h"
#include "guest/test.h"
#include "guest/time.h"
#include "public/errno.h"
#include "public/vcpu.h"

static long connect_rc;

static uint64_t running_ns(void)
{
    struct vcpu_runstate_info r = { 0 };

    if (hypercall_vcpu_op(VCPUOP_get_runstate_info, 0, &r))
        return 0;
    return r.time[RUNSTATE_running];
}

/* Our share of the CPU over the window, in parts per 10 000. */
static uint64_t measure_share(void)
{
    uint64_t settle = arg_uint("settle", 200) * NS_PER_MS;
    uint64_t window = arg_uint("window", 2000) * NS_PER_MS;
    uint64_t tail = arg_uint("tail", 300) * NS_PER_MS;
    uint64_t start, end, ran;

    time_spin_until(time_now() + settle);
    start = time_now();
    ran = running_ns();
    time_spin_until(start + window);
    end = time_now();
    ran = running_ns() - ran;
    time_spin_until(end + tail);
    info("ran %lu us of %lu us", ran / NS_PER_US, (end - start) / NS_PER_US);
    return ran * 10000 / (end - start);
}

static void connects_to_dom0(void)
{
    CHECK_RC(connect_rc, 0);
}

static void cpu_share_follows_the_weights(void)
{
    uint64_t want = arg_uint("share", 0) * 10; /* per mille -> per 10 000 */
    uint64_t got = measure_share();

    info("share %lu.%02lu %%, expected %lu.%02lu %%", got / 100, got % 100, want / 100, want % 100);
    CHECK(want, "no share=<per mille> on the command line");
    CHECK(got * 100 >= want * 95 && got * 100 <= want * 105,
          "share %lu.%02lu %%, expected %lu.%02lu %% +- 5 %%", got / 100, got % 100, want / 100,
          want % 100);
}

static void cpu_share_stays_under_the_cap(void)
{
    uint64_t cap = arg_uint("cap", 0) * 100; /* percent -> per 10 000 */
    uint64_t got = measure_share();

    info("share %lu.%02lu %% under a cap of %lu %%", got / 100, got % 100, cap / 100);
    CHECK(cap, "no cap=<percent> on the command line");
    CHECK(got * 100 <= cap * 105, "share %lu.%02lu %% over a cap of %lu %%", got / 100, got % 100,
          cap / 100);
    CHECK(got * 100 >= cap * 90, "share %lu.%02lu %%: a cap of %lu %% left unused", got / 100,
          got % 100, cap / 100);
}

static void reports_to_dom0_last(void)
{
    CHECK_RC(report_finished(600 * NS_PER_S), 0);
}

int guest_main(const struct start_info *si)
{
    static struct test_case cases[3];
    long rc = events_init();
    unsigned n = 0;

    if (rc) {
        printk("FAIL fairness/setup: events_init gave %ld (%s)\n", rc, errno_name(rc));
        return 0;
    }
    connect_rc = report_connect();
    cases[n++] = (struct test_case){ "connects_to_dom0", connects_to_dom0 };
    if (arg_present("cap"))
        cases[n++] =
            (struct test_case){ "cpu_share_stays_under_the_cap", cpu_share_stays_under_the_cap };
    else
        cases[n++] =
            (struct test_case){ "cpu_share_follows_the_weights", cpu_share_follows_the_weights };
    cases[n++] = (struct test_case){ "reports_to_dom0_last", reports_to_dom0_last };
    test_main("fairness", cases, n);
}
