/*
 * Per-CPU timer queues: timers fire in deadline order, re-arming moves a
 * timer, stopping disarms it, a callback can re-arm its own timer, and the
 * CPU's one-shot interrupt always follows the earliest deadline.
 */
#include <check.h>

#include "tests/unit/fake_arch.h"
#include "xen/timer.h"

#define MS 1000000UL

static unsigned fired[16]; /* ids of the timers that fired, in order */
static unsigned nr_fired;

static void record(void *data)
{
    ck_assert_uint_lt(nr_fired, 16);
    fired[nr_fired++] = (unsigned)(uintptr_t)data;
}

static void setup(void)
{
    fake_sched_reset();
    nr_fired = 0;
}

static void run_at(unsigned cpu, uint64_t ns)
{
    fake_cpu_id = cpu;
    fake_set_time_ns(ns);
    timers_run(cpu);
}

START_TEST(test_timers_fire_in_deadline_order)
{
    struct timer a, b, c;

    timer_init(&a, record, (void *)1, 0);
    timer_init(&b, record, (void *)2, 0);
    timer_init(&c, record, (void *)3, 0);
    timer_set(&a, 30 * MS);
    timer_set(&b, 10 * MS);
    timer_set(&c, 20 * MS);
    run_at(0, 100 * MS);
    ck_assert_uint_eq(nr_fired, 3);
    ck_assert_uint_eq(fired[0], 2);
    ck_assert_uint_eq(fired[1], 3);
    ck_assert_uint_eq(fired[2], 1);
    ck_assert(!timer_pending(&a) && !timer_pending(&b) && !timer_pending(&c));
    ck_assert_uint_eq(fake_timer_deadline[0], 0);
}
END_TEST

START_TEST(test_only_expired_timers_run_and_the_next_is_programmed)
{
    struct timer a, b;

    timer_init(&a, record, (void *)1, 0);
    timer_init(&b, record, (void *)2, 0);
    timer_set(&a, 10 * MS);
    timer_set(&b, 50 * MS);
    run_at(0, 10 * MS); /* due exactly now: fires */
    ck_assert_uint_eq(nr_fired, 1);
    ck_assert_uint_eq(fired[0], 1);
    ck_assert(timer_pending(&b));
    ck_assert_uint_eq(fake_timer_deadline[0], 50 * MS);
    ck_assert_uint_eq(timers_next_deadline(0), 50 * MS);
    run_at(0, 49 * MS); /* an early interrupt changes nothing */
    ck_assert_uint_eq(nr_fired, 1);
    ck_assert_uint_eq(fake_timer_deadline[0], 50 * MS);
}
END_TEST

START_TEST(test_setting_programs_the_earliest_deadline_only)
{
    struct timer a, b, c;

    timer_init(&a, record, (void *)1, 0);
    timer_init(&b, record, (void *)2, 0);
    timer_init(&c, record, (void *)3, 0);
    timer_set(&a, 50 * MS);
    ck_assert_uint_eq(fake_timer_deadline[0], 50 * MS);
    timer_set(&b, 20 * MS);
    ck_assert_uint_eq(fake_timer_deadline[0], 20 * MS);
    unsigned programs = fake_timer_programs;
    timer_set(&c, 80 * MS); /* not the head: the interrupt stays */
    ck_assert_uint_eq(fake_timer_programs, programs);
    ck_assert_uint_eq(fake_timer_deadline[0], 20 * MS);
}
END_TEST

START_TEST(test_rearming_moves_an_active_timer)
{
    struct timer a, b;

    timer_init(&a, record, (void *)1, 0);
    timer_init(&b, record, (void *)2, 0);
    timer_set(&a, 10 * MS);
    timer_set(&b, 30 * MS);
    timer_set(&a, 40 * MS); /* the head moves behind b */
    ck_assert_uint_eq(fake_timer_deadline[0], 30 * MS);
    ck_assert(timer_pending(&a));
    ck_assert_uint_eq(a.expires, 40 * MS);
    run_at(0, 20 * MS);
    ck_assert_uint_eq(nr_fired, 0);
    run_at(0, 40 * MS);
    ck_assert_uint_eq(nr_fired, 2);
    ck_assert_uint_eq(fired[0], 2);
    ck_assert_uint_eq(fired[1], 1); /* once, at its new deadline */
    timer_set(&a, 45 * MS);         /* earlier than before: head again */
    ck_assert_uint_eq(fake_timer_deadline[0], 45 * MS);
}
END_TEST

START_TEST(test_stop_disarms_and_reprograms)
{
    struct timer a, b;

    timer_init(&a, record, (void *)1, 0);
    timer_init(&b, record, (void *)2, 0);
    timer_stop(&a); /* never armed: nothing happens */
    ck_assert(!timer_pending(&a));
    timer_set(&a, 10 * MS);
    timer_set(&b, 20 * MS);
    timer_stop(&a);
    ck_assert(!timer_pending(&a));
    ck_assert_uint_eq(fake_timer_deadline[0], 20 * MS);
    timer_stop(&b);
    ck_assert_uint_eq(fake_timer_deadline[0], 0);
    run_at(0, 100 * MS);
    ck_assert_uint_eq(nr_fired, 0);
}
END_TEST

struct periodic {
    struct timer timer;
    uint64_t period;
    unsigned count;
};

static void periodic_tick(void *data)
{
    struct periodic *p = data;

    p->count++;
    timer_set(&p->timer, p->timer.expires + p->period);
}

START_TEST(test_a_callback_rearms_its_own_timer)
{
    struct periodic p = { .period = 10 * MS };

    timer_init(&p.timer, periodic_tick, &p, 0);
    timer_set(&p.timer, 10 * MS);
    for (unsigned i = 1; i <= 3; i++) {
        run_at(0, i * 10 * MS);
        ck_assert_uint_eq(p.count, i);
        ck_assert(timer_pending(&p.timer));
        ck_assert_uint_eq(fake_timer_deadline[0], (i + 1) * 10 * MS);
    }
    /* Late by two periods: it catches up in one run, then waits again. */
    run_at(0, 55 * MS);
    ck_assert_uint_eq(p.count, 5);
    ck_assert_uint_eq(fake_timer_deadline[0], 60 * MS);
    timer_stop(&p.timer);
    ck_assert_uint_eq(fake_timer_deadline[0], 0);
}
END_TEST

static struct timer chained;

static void arm_chained(void *data)
{
    record(data);
    timer_set(&chained, 5 * MS); /* already due: runs in this pass */
}

START_TEST(test_a_callback_may_arm_another_timer)
{
    struct timer a, b;

    timer_init(&a, arm_chained, (void *)1, 0);
    timer_init(&b, record, (void *)2, 0);
    timer_init(&chained, record, (void *)3, 0);
    timer_set(&a, 10 * MS);
    timer_set(&b, 70 * MS);
    run_at(0, 20 * MS);
    ck_assert_uint_eq(nr_fired, 2);
    ck_assert_uint_eq(fired[0], 1);
    ck_assert_uint_eq(fired[1], 3);
    ck_assert_uint_eq(fake_timer_deadline[0], 70 * MS);
}
END_TEST

START_TEST(test_a_timer_is_armed_on_the_calling_cpu)
{
    struct timer a;

    timer_init(&a, record, (void *)1, 0);
    fake_cpu_id = 0;
    timer_set(&a, 10 * MS);
    ck_assert_uint_eq(a.cpu, 0);
    fake_cpu_id = 1;
    timer_set(&a, 20 * MS); /* moves to CPU 1's queue */
    ck_assert_uint_eq(a.cpu, 1);
    ck_assert_uint_eq(timers_next_deadline(0), 0);
    ck_assert_uint_eq(timers_next_deadline(1), 20 * MS);
    ck_assert_uint_eq(fake_timer_deadline[1], 20 * MS);
    run_at(0, 30 * MS);
    ck_assert_uint_eq(nr_fired, 0);
    run_at(1, 30 * MS);
    ck_assert_uint_eq(nr_fired, 1);
    /* Stopping from another CPU leaves that CPU's interrupt alone. */
    timer_set(&a, 40 * MS);
    fake_cpu_id = 0;
    unsigned programs = fake_timer_programs;
    timer_stop(&a);
    ck_assert(!timer_pending(&a));
    ck_assert_uint_eq(fake_timer_programs, programs);
    ck_assert_uint_eq(timers_next_deadline(1), 0);
}
END_TEST

START_TEST(test_a_killed_timer_never_fires_again)
{
    struct timer t;

    timer_init(&t, record, (void *)7, 0);
    timer_set(&t, 10 * 1000000UL);
    timer_kill(&t);
    ck_assert(!timer_pending(&t));
    timer_set(&t, 20 * 1000000UL);
    ck_assert(!timer_pending(&t));
    run_at(0, 30 * 1000000UL);
    ck_assert_uint_eq(nr_fired, 0);
}
END_TEST

START_TEST(test_a_deadline_of_zero_is_due_not_none)
{
    struct timer a;

    timer_init(&a, record, (void *)1, 0);
    timer_set(&a, 0);
    ck_assert_uint_ne(fake_timer_deadline[0], 0);
    run_at(0, 0);
    ck_assert_uint_eq(nr_fired, 1);
}
END_TEST

static Suite *timer_suite(void)
{
    Suite *s = suite_create("timer");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_timers_fire_in_deadline_order);
    tcase_add_test(tc, test_only_expired_timers_run_and_the_next_is_programmed);
    tcase_add_test(tc, test_setting_programs_the_earliest_deadline_only);
    tcase_add_test(tc, test_rearming_moves_an_active_timer);
    tcase_add_test(tc, test_stop_disarms_and_reprograms);
    tcase_add_test(tc, test_a_callback_rearms_its_own_timer);
    tcase_add_test(tc, test_a_callback_may_arm_another_timer);
    tcase_add_test(tc, test_a_timer_is_armed_on_the_calling_cpu);
    tcase_add_test(tc, test_a_deadline_of_zero_is_due_not_none);
    tcase_add_test(tc, test_a_killed_timer_never_fires_again);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(timer_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
