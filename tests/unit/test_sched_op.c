/*
 * sched_op (xen/sched_op.c) through do_sched_op: yield, block, shutdown and
 * its code, remote shutdown, watchdogs, pin override, and SCHEDOP_poll with
 * every way it can end — at once, by an event on a polled port, by its
 * timeout — with Xen 4.17's error codes.
 */
#include <check.h>

#include "public/sched.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/mm_fixture.h"
#include "tests/unit/vcpu_fixture.h"
#include "xen/arch/mm.h"
#include "xen/hypercall.h"
#include "xen/sched.h"
#include "xen/timer.h"

#define MS 1000000UL

static struct domain *dom0, *dom;
static struct vcpu *v;

static void setup(void)
{
    vfix_setup();
    dom0 = fix_domain(0, true, 64);
    dom = fix_domain(1, false, 64);
    v = dom->vcpus[0];
    vfix_run(v);
}

static long sched_op(int cmd, const void *arg, size_t len)
{
    return do_sched_op((uint32_t)cmd, arg ? vfix_arg(arg, len) : 0, 0, 0, 0);
}

static long shutdown(unsigned cmd, uint32_t reason)
{
    struct sched_shutdown s = { .reason = reason };

    return sched_op(cmd, &s, sizeof(s));
}

static long remote_shutdown(domid_t id, uint32_t reason)
{
    struct sched_remote_shutdown s = { .domain_id = id, .reason = reason };

    return sched_op(SCHEDOP_remote_shutdown, &s, sizeof(s));
}

/* SCHEDOP_poll on ports (copied to guest memory after the request). */
static long poll(const evtchn_port_t *ports, uint32_t nr, uint64_t timeout)
{
    struct {
        struct sched_poll req;
        evtchn_port_t ports[SCHED_POLL_MAX_PORTS + 1];
    } arg = { .req = { .nr_ports = nr, .timeout = timeout } };
    uint64_t base = vfix_arg(&arg, sizeof(arg));

    arg.req.ports = base + offsetof(typeof(arg), ports);
    if (nr)
        memcpy(arg.ports, ports, nr * sizeof(*ports));
    return do_sched_op(SCHEDOP_poll, vfix_arg(&arg, sizeof(arg)), 0, 0, 0);
}

static long poll_at(uint64_t ports, uint32_t nr)
{
    struct sched_poll req = { .ports = ports, .nr_ports = nr };

    return sched_op(SCHEDOP_poll, &req, sizeof(req));
}

static bool asleep(const struct vcpu *w)
{
    return w->pause_flags & VPF_blocked;
}

/* Yield and block */

START_TEST(test_yield_gives_way_at_the_next_pick)
{
    ck_assert_int_eq(sched_op(SCHEDOP_yield, NULL, 0), 0);
    ck_assert(v->sched_yield);
    ck_assert(sched_need_resched(v->processor));
    ck_assert(!asleep(v));
    /* The command is a 32-bit int: the upper half of the register is ignored. */
    v->sched_yield = false;
    ck_assert_int_eq(do_sched_op(1UL << 32 | SCHEDOP_yield, 0, 0, 0, 0), 0);
    ck_assert(v->sched_yield);
}
END_TEST

START_TEST(test_block_unmasks_events_and_sleeps)
{
    v->vcpu_info->evtchn_upcall_mask = 1;
    ck_assert_int_eq(sched_op(SCHEDOP_block, NULL, 0), 0);
    ck_assert_uint_eq(v->vcpu_info->evtchn_upcall_mask, 0);
    ck_assert(asleep(v));
    ck_assert(sched_need_resched(v->processor));
    ck_assert_ptr_null(sched_pick_next(v->processor));
    ck_assert_int_eq(v->runstate.state, RUNSTATE_blocked);
}
END_TEST

START_TEST(test_block_with_an_event_pending_returns_awake)
{
    /* Pending while masked: blocking unmasks, so the event is deliverable. */
    v->vcpu_info->evtchn_upcall_mask = 1;
    v->vcpu_info->evtchn_upcall_pending = 1;
    ck_assert_int_eq(sched_op(SCHEDOP_block, NULL, 0), 0);
    ck_assert(!asleep(v));
    ck_assert_int_eq(v->runstate.state, RUNSTATE_running);
}
END_TEST

START_TEST(test_event_wakes_a_blocked_vcpu)
{
    evtchn_port_t other, port = vfix_loopback(dom, &other);

    vfix_clear_events(dom);
    ck_assert_int_eq(sched_op(SCHEDOP_block, NULL, 0), 0);
    ck_assert(asleep(v));
    vfix_send(dom, other);
    ck_assert(vfix_pending(dom, port));
    ck_assert(!asleep(v));
}
END_TEST

/* Shutdown */

START_TEST(test_shutdown_records_the_reason_and_stops_the_domain)
{
    evtchn_port_t exc = vfix_bind_virq(dom0->vcpus[0], VIRQ_DOM_EXC);

    ck_assert(timer_pending(&v->periodic_timer));
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown, SHUTDOWN_reboot), 0);
    ck_assert_int_eq(dom->state, DOMAIN_SHUTDOWN);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_reboot);
    ck_assert(!vcpu_runnable(v));
    ck_assert(sched_need_resched(v->processor));
    ck_assert(!timer_pending(&v->periodic_timer)); /* its timers stop */
    ck_assert(vfix_pending(dom0, exc));            /* the toolstack hears of it */
    ck_assert(timer_pending(&dom->reaper));        /* a domU is then destroyed */
    /* Only the first shutdown counts. */
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown, SHUTDOWN_crash), 0);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_reboot);
}
END_TEST

START_TEST(test_shutdown_reason_is_eight_bits_and_unchecked)
{
    /* As in Xen: (u8)reason, whatever it is. */
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown, 0x1200 | SHUTDOWN_suspend), 0);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_suspend);
    dom0->vcpus[0]->initialised = true;
    vfix_run(dom0->vcpus[0]);
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown, 200), 0);
    ck_assert_uint_eq(dom0->shutdown_reason, 200);
    ck_assert_int_eq(dom0->state, DOMAIN_SHUTDOWN);
}
END_TEST

START_TEST(test_shutdown_with_a_bad_pointer_is_efault)
{
    ck_assert_int_eq(do_sched_op(SCHEDOP_shutdown, VFIX_UNMAPPED, 0, 0, 0), -EFAULT);
    ck_assert_int_eq(do_sched_op(SCHEDOP_shutdown, HYPERVISOR_VIRT_START, 0, 0, 0), -EFAULT);
    ck_assert_int_eq(do_sched_op(SCHEDOP_shutdown_code, VFIX_UNMAPPED, 0, 0, 0), -EFAULT);
    ck_assert_int_eq(dom->state, DOMAIN_ACTIVE);
    ck_assert(vcpu_runnable(v));
}
END_TEST

START_TEST(test_shutdown_code_records_without_stopping)
{
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown_code, SHUTDOWN_crash), 0);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_crash);
    ck_assert_int_eq(dom->state, DOMAIN_ACTIVE);
    ck_assert(vcpu_runnable(v));
}
END_TEST

START_TEST(test_the_first_shutdown_code_is_the_reason_reported)
{
    /* As on Xen: a second code is ignored, and the shutdown's own reason too. */
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown_code, 0x100 | SHUTDOWN_suspend), 0);
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown_code, SHUTDOWN_reboot), 0);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_suspend);
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown, SHUTDOWN_poweroff), 0);
    ck_assert_int_eq(dom->state, DOMAIN_SHUTDOWN);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_suspend);
    /* After a shutdown, a code changes nothing. */
    struct domain *dom2 = fix_domain(2, false, 16);
    vfix_run(dom2->vcpus[0]);
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown, SHUTDOWN_reboot), 0);
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown_code, SHUTDOWN_crash), 0);
    ck_assert_uint_eq(dom2->shutdown_reason, SHUTDOWN_reboot);
}
END_TEST

START_TEST(test_a_crash_reports_the_shutdown_code)
{
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown_code, SHUTDOWN_reboot), 0);
    domain_crash(dom, "test");
    ck_assert_int_eq(dom->state, DOMAIN_SHUTDOWN);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_reboot);
}
END_TEST

START_TEST(test_remote_shutdown_is_for_the_control_domain)
{
    struct domain *dom2 = fix_domain(2, false, 16);

    /* An unprivileged domain may stop no one, itself included. */
    ck_assert_int_eq(remote_shutdown(2, SHUTDOWN_poweroff), -EPERM);
    ck_assert_int_eq(remote_shutdown(1, SHUTDOWN_poweroff), -EPERM);
    ck_assert_int_eq(dom2->state, DOMAIN_ACTIVE);
    ck_assert_int_eq(dom->state, DOMAIN_ACTIVE);
    ck_assert_int_eq(remote_shutdown(77, SHUTDOWN_poweroff), -ESRCH);
    ck_assert_int_eq(remote_shutdown(DOMID_SELF, SHUTDOWN_poweroff), -ESRCH);
    ck_assert_int_eq(do_sched_op(SCHEDOP_remote_shutdown, VFIX_UNMAPPED, 0, 0, 0), -EFAULT);
    /* dom0 may. */
    fake_current = dom0->vcpus[0];
    ck_assert_int_eq(remote_shutdown(2, 0x100 | SHUTDOWN_crash), 0);
    ck_assert_int_eq(dom2->state, DOMAIN_SHUTDOWN);
    ck_assert_uint_eq(dom2->shutdown_reason, SHUTDOWN_crash);
    ck_assert_int_eq(remote_shutdown(77, SHUTDOWN_poweroff), -ESRCH);
    ck_assert_int_eq(dom->state, DOMAIN_ACTIVE);
    ck_assert_int_eq(dom2->refcount, 1); /* the lookup's reference went back */
}
END_TEST

START_TEST(test_unknown_commands_are_enosys)
{
    const int unknown[] = { 8, 9, 100, -1, 0x7FFFFFFF };

    for (unsigned i = 0; i < ARRAY_SIZE(unknown); i++)
        ck_assert_int_eq(sched_op(unknown[i], NULL, 0), -ENOSYS);
    ck_assert(!asleep(v));
    ck_assert_int_eq(dom->state, DOMAIN_ACTIVE);
}
END_TEST

START_TEST(test_dispatch_reaches_sched_op)
{
    struct sched_shutdown s = { .reason = SHUTDOWN_poweroff };

    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
                                        vfix_arg(&s, sizeof(s)), 0, 0, 0),
                     0);
    ck_assert_int_eq(dom->state, DOMAIN_SHUTDOWN);
}
END_TEST

/* Watchdogs */

static long watchdog(uint32_t id, uint32_t timeout)
{
    struct sched_watchdog w = { .id = id, .timeout = timeout };

    return sched_op(SCHEDOP_watchdog, &w, sizeof(w));
}

static long pin_override(int32_t pcpu)
{
    struct sched_pin_override p = { .pcpu = pcpu };

    return sched_op(SCHEDOP_pin_override, &p, sizeof(p));
}

START_TEST(test_watchdogs_are_taken_and_given_back)
{
    ck_assert_int_eq(watchdog(0, 60), 1);
    ck_assert_int_eq(watchdog(0, 60), 2);
    /* Two, as on Xen, whose -ENOSPC is cut to 32 bits: a positive answer. */
    ck_assert_int_eq(watchdog(0, 60), (uint32_t)-ENOSPC);
    ck_assert(timer_pending(&dom->watchdog[0]) && timer_pending(&dom->watchdog[1]));
    ck_assert_int_eq(watchdog(1, 0), 0);
    ck_assert(!timer_pending(&dom->watchdog[0]));
    /* Ids not taken, or beyond the two. */
    ck_assert_int_eq(watchdog(1, 0), -EINVAL);
    ck_assert_int_eq(watchdog(1, 30), -EINVAL);
    ck_assert_int_eq(watchdog(3, 30), -EINVAL);
    ck_assert_int_eq(watchdog(0xFFFFFFFF, 0), -EINVAL);
    ck_assert_int_eq(do_sched_op(SCHEDOP_watchdog, VFIX_UNMAPPED, 0, 0, 0), -EFAULT);
    /* The free one is taken again. */
    ck_assert_int_eq(watchdog(0, 60), 1);
    ck_assert_int_eq(dom->state, DOMAIN_ACTIVE);
}
END_TEST

START_TEST(test_watchdog_expiry_shuts_the_domain_down)
{
    unsigned cpu = fake_cpu_id;

    fake_set_time_ns(1000 * MS);
    ck_assert_int_eq(watchdog(0, 2), 1);
    ck_assert_uint_eq(dom->watchdog[0].expires, 3000 * MS);
    /* Fed in time: it runs from now again. */
    fake_set_time_ns(2500 * MS);
    ck_assert_int_eq(watchdog(1, 2), 0);
    fake_set_time_ns(3000 * MS);
    timers_run(cpu);
    ck_assert_int_eq(dom->state, DOMAIN_ACTIVE);
    fake_set_time_ns(4500 * MS);
    timers_run(cpu);
    ck_assert_int_eq(dom->state, DOMAIN_SHUTDOWN);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_watchdog);
    ck_assert_ptr_nonnull(strstr(fake_console, "Watchdog timer fired for domain 1\n"));
}
END_TEST

START_TEST(test_watchdog_taken_with_no_timeout_fires_at_once)
{
    ck_assert_int_eq(watchdog(0, 0), 1);
    timers_run(fake_cpu_id);
    ck_assert_int_eq(dom->state, DOMAIN_SHUTDOWN);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_watchdog);
}
END_TEST

START_TEST(test_watchdog_of_a_stopped_domain_changes_nothing)
{
    ck_assert_int_eq(watchdog(0, 0), 1);
    ck_assert_int_eq(shutdown(SCHEDOP_shutdown, SHUTDOWN_reboot), 0);
    fake_console_reset();
    timers_run(fake_cpu_id);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_reboot);
    ck_assert_str_eq(fake_console, "");
}
END_TEST

START_TEST(test_watchdogs_die_with_their_domain)
{
    struct domain *dom2 = fix_domain(2, false, 16);

    fake_current = dom2->vcpus[0];
    ck_assert_int_eq(watchdog(0, 1), 1);
    fake_current = v;
    domain_put(dom2); /* its last reference */
    fake_set_time_ns(5000 * MS);
    timers_run(fake_cpu_id); /* nothing fires at freed memory */
    ck_assert_int_eq(dom->state, DOMAIN_ACTIVE);
}
END_TEST

/* Pin override */

START_TEST(test_pin_override_is_for_the_hardware_domain)
{
    ck_assert_int_eq(pin_override(0), -EPERM);
    ck_assert_int_eq(do_sched_op(SCHEDOP_pin_override, VFIX_UNMAPPED, 0, 0, 0), -EPERM);
    ck_assert(!v->pin_override);
}
END_TEST

START_TEST(test_pin_override_answers_as_xen)
{
    struct vcpu *v0 = dom0->vcpus[0];

    vfix_run(v0);
    ck_assert_int_eq(do_sched_op(SCHEDOP_pin_override, VFIX_UNMAPPED, 0, 0, 0), -EFAULT);
    ck_assert_int_eq(pin_override(-1), -EINVAL); /* nothing to undo */
    ck_assert_int_eq(pin_override((int32_t)sched_nr_cpus()), -EINVAL);
    ck_assert_int_eq(pin_override(0x7FFFFFFF), -EINVAL);
    ck_assert_int_eq(pin_override(0), 0);
    ck_assert(v0->pin_override);
    ck_assert_int_eq(pin_override(0), -EBUSY);
    ck_assert_int_eq(pin_override(-5), 0);
    ck_assert(!v0->pin_override);
    ck_assert_int_eq(pin_override(-1), -EINVAL);
}
END_TEST

/* Poll: refused */

START_TEST(test_poll_refuses_too_many_ports)
{
    evtchn_port_t ports[SCHED_POLL_MAX_PORTS + 1] = { 0 };

    ck_assert_int_eq(poll(ports, SCHED_POLL_MAX_PORTS + 1, 0), -EINVAL);
    ck_assert_int_eq(poll_at(VFIX_UNMAPPED, 0xFFFFFFFF), -EINVAL);
    ck_assert(!asleep(v) && !v->polling);
}
END_TEST

START_TEST(test_poll_refuses_bad_pointers)
{
    ck_assert_int_eq(do_sched_op(SCHEDOP_poll, VFIX_UNMAPPED, 0, 0, 0), -EFAULT);
    /* The port array must lie in the guest's part of the address space... */
    ck_assert_int_eq(poll_at(HYPERVISOR_VIRT_START, 1), -EFAULT);
    ck_assert_int_eq(poll_at(GUEST_VA_LOW_END - 4, 2), -EFAULT);
    ck_assert(!asleep(v) && !v->polling);
    /* ... and be readable: a fault part way wakes the vCPU again. */
    ck_assert_int_eq(poll_at(VFIX_UNMAPPED, 3), -EFAULT);
    ck_assert(!asleep(v) && !v->polling);
    ck_assert_int_eq(v->runstate.state, RUNSTATE_running);
}
END_TEST

START_TEST(test_poll_refuses_ports_out_of_range)
{
    evtchn_port_t other, port = vfix_loopback(dom, &other);
    evtchn_port_t ports[] = { port, 5000 };

    vfix_clear_events(dom);
    ck_assert_int_eq(poll(ports, 2, 0), -EINVAL);
    ck_assert(!asleep(v) && !v->polling);
    ports[0] = 0xFFFFFFFF;
    ck_assert_int_eq(poll(ports, 1, 0), -EINVAL);
    ck_assert(!asleep(v) && !v->polling);
}
END_TEST

/* Poll: ends at once */

START_TEST(test_poll_returns_at_once_for_a_pending_port)
{
    evtchn_port_t a, b = vfix_loopback(dom, &a);
    evtchn_port_t ports[] = { b, a };

    vfix_clear_events(dom);
    dom->shared_info->evtchn_mask[0] = ~0UL; /* masked or not, pending is pending */
    vfix_send(dom, b);                       /* a is pending */
    ck_assert(vfix_pending(dom, a));
    ck_assert_int_eq(poll(ports, 2, 0), 0);
    ck_assert(!asleep(v) && !v->polling);
    ck_assert(!timer_pending(&v->poll_timer));
    /* A port checked after it: the pending one ends the poll first. */
    ports[1] = 5000;
    ports[0] = a;
    ck_assert_int_eq(poll(ports, 2, 0), 0);
}
END_TEST

START_TEST(test_poll_returns_at_once_when_an_upcall_is_due)
{
    evtchn_port_t a, b = vfix_loopback(dom, &a);

    vfix_clear_events(dom);
    v->vcpu_info->evtchn_upcall_mask = 0;
    v->vcpu_info->evtchn_upcall_pending = 1;
    ck_assert_int_eq(poll(&a, 1, 0), 0);
    ck_assert(!asleep(v) && !v->polling);
    /* A masked upcall does not end it. */
    v->vcpu_info->evtchn_upcall_mask = 1;
    ck_assert_int_eq(poll(&a, 1, 0), 0);
    ck_assert(asleep(v) && v->polling);
    (void)b;
}
END_TEST

/* Poll: sleeps */

START_TEST(test_poll_sleeps_until_its_port_is_sent)
{
    evtchn_port_t a, b = vfix_loopback(dom, &a);
    evtchn_port_t c, d = vfix_loopback(dom, &c);

    vfix_clear_events(dom);
    ck_assert_int_eq(poll(&a, 1, 0), 0);
    ck_assert(asleep(v) && v->polling);
    ck_assert_uint_eq(v->poll_port, a);
    ck_assert(!timer_pending(&v->poll_timer)); /* no timeout asked */
    ck_assert_ptr_null(sched_pick_next(v->processor));
    /* An event on another port that raises no upcall (masked) leaves it asleep. */
    dom->shared_info->evtchn_mask[c / 64] |= 1UL << (c % 64);
    vfix_send(dom, d);
    ck_assert(vfix_pending(dom, c));
    ck_assert(asleep(v) && v->polling);
    vfix_send(dom, b);
    ck_assert(!asleep(v) && !v->polling);
    ck_assert_ptr_eq(sched_pick_next(v->processor), v);
}
END_TEST

START_TEST(test_poll_ends_with_an_upcall_for_another_port)
{
    evtchn_port_t a, b = vfix_loopback(dom, &a);
    evtchn_port_t c, d = vfix_loopback(dom, &c);

    /* As on Xen: the upcall kicks the vCPU awake, whatever it polls. */
    vfix_clear_events(dom);
    ck_assert_int_eq(poll(&a, 1, 0), 0);
    ck_assert(asleep(v));
    vfix_send(dom, d);
    ck_assert_uint_eq(v->vcpu_info->evtchn_upcall_pending, 1);
    ck_assert(!asleep(v));
    (void)b;
}
END_TEST

START_TEST(test_poll_of_several_ports_wakes_on_any)
{
    evtchn_port_t a, b = vfix_loopback(dom, &a);
    evtchn_port_t c, d = vfix_loopback(dom, &c);
    evtchn_port_t ports[] = { a, c };

    vfix_clear_events(dom);
    ck_assert_int_eq(poll(ports, 2, 0), 0);
    ck_assert(asleep(v) && v->polling);
    ck_assert_uint_eq(v->poll_port, 0); /* any */
    vfix_send(dom, d);
    ck_assert(!asleep(v) && !v->polling);
    (void)b;
}
END_TEST

START_TEST(test_poll_wakes_for_a_masked_port)
{
    evtchn_port_t a, b = vfix_loopback(dom, &a);

    vfix_clear_events(dom);
    dom->shared_info->evtchn_mask[a / 64] |= 1UL << (a % 64);
    ck_assert_int_eq(poll(&a, 1, 0), 0);
    vfix_send(dom, b);
    ck_assert(!asleep(v) && !v->polling);
    ck_assert_uint_eq(v->vcpu_info->evtchn_upcall_pending, 0); /* no upcall for it */
}
END_TEST

START_TEST(test_poll_of_no_ports_waits_for_any_event)
{
    evtchn_port_t a, b = vfix_loopback(dom, &a);

    vfix_clear_events(dom);
    ck_assert_int_eq(poll(NULL, 0, 0), 0);
    ck_assert(asleep(v) && v->polling);
    vfix_send(dom, b);
    ck_assert(!asleep(v) && !v->polling);
}
END_TEST

START_TEST(test_poll_timeout_wakes_and_an_event_stops_it)
{
    evtchn_port_t a, b = vfix_loopback(dom, &a);

    vfix_clear_events(dom);
    fake_set_time_ns(5 * MS);
    ck_assert_int_eq(poll(&a, 1, 8 * MS), 0);
    ck_assert(timer_pending(&v->poll_timer));
    ck_assert_uint_eq(v->poll_timer.expires, 8 * MS);
    fake_set_time_ns(8 * MS);
    timers_run(v->processor);
    ck_assert(!asleep(v) && !v->polling);
    ck_assert(!vfix_pending(dom, a)); /* the poll just ends, no event */
    /* Woken by its port first: the timeout is cancelled. */
    ck_assert_int_eq(poll(&a, 1, 20 * MS), 0);
    ck_assert(timer_pending(&v->poll_timer));
    vfix_send(dom, b);
    ck_assert(!asleep(v));
    ck_assert(!timer_pending(&v->poll_timer));
}
END_TEST

START_TEST(test_poll_timeout_already_past_fires_at_the_next_tick)
{
    evtchn_port_t a, b = vfix_loopback(dom, &a);

    vfix_clear_events(dom);
    fake_set_time_ns(50 * MS);
    ck_assert_int_eq(poll(&a, 1, 10 * MS), 0);
    ck_assert(asleep(v));
    timers_run(v->processor);
    ck_assert(!asleep(v) && !v->polling);
    (void)b;
}
END_TEST

START_TEST(test_shutdown_of_a_poller_stops_its_timeout)
{
    evtchn_port_t a, b = vfix_loopback(dom, &a);

    vfix_clear_events(dom);
    ck_assert_int_eq(poll(&a, 1, 30 * MS), 0);
    fake_current = dom0->vcpus[0];
    ck_assert_int_eq(remote_shutdown(1, SHUTDOWN_poweroff), 0);
    ck_assert(!timer_pending(&v->poll_timer));
    (void)b;
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sched_op");
    TCase *tc = tcase_create("sched_op");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_yield_gives_way_at_the_next_pick);
    tcase_add_test(tc, test_block_unmasks_events_and_sleeps);
    tcase_add_test(tc, test_block_with_an_event_pending_returns_awake);
    tcase_add_test(tc, test_event_wakes_a_blocked_vcpu);
    tcase_add_test(tc, test_shutdown_records_the_reason_and_stops_the_domain);
    tcase_add_test(tc, test_shutdown_reason_is_eight_bits_and_unchecked);
    tcase_add_test(tc, test_shutdown_with_a_bad_pointer_is_efault);
    tcase_add_test(tc, test_shutdown_code_records_without_stopping);
    tcase_add_test(tc, test_the_first_shutdown_code_is_the_reason_reported);
    tcase_add_test(tc, test_a_crash_reports_the_shutdown_code);
    tcase_add_test(tc, test_remote_shutdown_is_for_the_control_domain);
    tcase_add_test(tc, test_unknown_commands_are_enosys);
    tcase_add_test(tc, test_dispatch_reaches_sched_op);
    tcase_add_test(tc, test_watchdogs_are_taken_and_given_back);
    tcase_add_test(tc, test_watchdog_expiry_shuts_the_domain_down);
    tcase_add_test(tc, test_watchdog_taken_with_no_timeout_fires_at_once);
    tcase_add_test(tc, test_watchdog_of_a_stopped_domain_changes_nothing);
    tcase_add_test(tc, test_watchdogs_die_with_their_domain);
    tcase_add_test(tc, test_pin_override_is_for_the_hardware_domain);
    tcase_add_test(tc, test_pin_override_answers_as_xen);
    tcase_add_test(tc, test_poll_refuses_too_many_ports);
    tcase_add_test(tc, test_poll_refuses_bad_pointers);
    tcase_add_test(tc, test_poll_refuses_ports_out_of_range);
    tcase_add_test(tc, test_poll_returns_at_once_for_a_pending_port);
    tcase_add_test(tc, test_poll_returns_at_once_when_an_upcall_is_due);
    tcase_add_test(tc, test_poll_sleeps_until_its_port_is_sent);
    tcase_add_test(tc, test_poll_ends_with_an_upcall_for_another_port);
    tcase_add_test(tc, test_poll_of_several_ports_wakes_on_any);
    tcase_add_test(tc, test_poll_wakes_for_a_masked_port);
    tcase_add_test(tc, test_poll_of_no_ports_waits_for_any_event);
    tcase_add_test(tc, test_poll_timeout_wakes_and_an_event_stops_it);
    tcase_add_test(tc, test_poll_timeout_already_past_fires_at_the_next_tick);
    tcase_add_test(tc, test_shutdown_of_a_poller_stops_its_timeout);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
