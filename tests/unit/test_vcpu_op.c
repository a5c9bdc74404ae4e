/*
 * vcpu_op and set_timer_op (xen/vcpu_op.c) through their do_* entry points:
 * each sub-op's success and its Xen 4.17 error codes, the periodic and
 * single-shot timers as the guest sees them (VIRQ_TIMER on a bound port),
 * and the vcpu_info and runstate areas a guest registers.
 */
#include <check.h>

#include "public/sched.h"
#include "public/vcpu.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_guest_memory.h"
#include "tests/unit/mm_fixture.h"
#include "tests/unit/vcpu_fixture.h"
#include "xen/arch/mm.h"
#include "xen/hypercall.h"
#include "xen/page_alloc.h"
#include "xen/sched.h"
#include "xen/timer.h"
#include "xen/vcpu_op.h"

#define MS 1000000UL

static struct domain *dom;
static struct vcpu *v0, *v1;

static void setup(void)
{
    vfix_setup();
    dom = fix_domain(1, false, 64);
    v0 = dom->vcpus[0];
    v1 = dom->vcpus[1];
    vfix_run(v0);
    fake_initialised_vcpu = NULL;
    fake_initialise_result = 0;
}

static long vcpu_op(int cmd, uint64_t vcpuid, const void *arg, size_t len)
{
    return do_vcpu_op((uint32_t)cmd, vcpuid, arg ? vfix_arg(arg, len) : 0, 0, 0);
}

static long set_periodic(unsigned vcpuid, uint64_t period)
{
    struct vcpu_set_periodic_timer p = { .period_ns = period };

    return vcpu_op(VCPUOP_set_periodic_timer, vcpuid, &p, sizeof(p));
}

static long set_singleshot(unsigned vcpuid, uint64_t deadline, uint32_t flags)
{
    struct vcpu_set_singleshot_timer s = { .timeout_abs_ns = deadline, .flags = flags };

    return vcpu_op(VCPUOP_set_singleshot_timer, vcpuid, &s, sizeof(s));
}

static long register_vcpu_info(unsigned vcpuid, mfn_t mfn, uint32_t offset)
{
    struct vcpu_register_vcpu_info r = { .mfn = mfn, .offset = offset };

    return vcpu_op(VCPUOP_register_vcpu_info, vcpuid, &r, sizeof(r));
}

static long register_runstate(unsigned vcpuid, uint64_t addr)
{
    struct vcpu_register_runstate_memory_area a = { .addr = addr };

    return vcpu_op(VCPUOP_register_runstate_memory_area, vcpuid, &a, sizeof(a));
}

static bool is_down(const struct vcpu *v)
{
    return v->pause_flags & VPF_down;
}

/* The clock moves to ns and the CPU's timer interrupt comes. */
static void tick_at(uint64_t ns)
{
    fake_set_time_ns(ns);
    timers_run(0);
}

/* vCPU ids and commands */

START_TEST(test_vcpu_ids_out_of_range_are_enoent)
{
    const uint64_t bad[] = { 2, 3, 1000, 0xFFFFFFFF, 0x1FFFFFFFF };

    for (int cmd = VCPUOP_initialise; cmd <= VCPUOP_register_vcpu_time_memory_area + 1; cmd++)
        for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
            ck_assert_int_eq(do_vcpu_op(cmd, bad[i], 0, 0, 0), -ENOENT);
    ck_assert_ptr_null(fake_initialised_vcpu);
    /* The id is 32 bits, as in Xen: the upper half of the register is ignored. */
    ck_assert_int_eq(do_vcpu_op(VCPUOP_is_up, 1UL << 32, 0, 0, 0), 1);
}
END_TEST

START_TEST(test_unoffered_and_unknown_commands_are_enosys)
{
    const int cmds[] = {
        VCPUOP_send_nmi, VCPUOP_get_physid, VCPUOP_register_vcpu_time_memory_area, 14, 99, -1
    };

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        ck_assert_int_eq(vcpu_op(cmds[i], 0, NULL, 0), -ENOSYS);
        ck_assert_int_eq(vcpu_op(cmds[i], 1, NULL, 0), -ENOSYS);
    }
}
END_TEST

START_TEST(test_dispatch_reaches_vcpu_op_and_set_timer_op)
{
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 0, 0, 0, 0), 1);
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 1, 0, 0, 0), 0);
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_set_timer_op, 7 * MS, 0, 0, 0, 0), 0);
    ck_assert(timer_pending(&v0->singleshot_timer));
}
END_TEST

/* Up, down, initialise */

START_TEST(test_initialise_goes_to_the_arch)
{
    ck_assert_int_eq(do_vcpu_op(VCPUOP_initialise, 1, 0x5000, 0, 0), 0);
    ck_assert_ptr_eq(fake_initialised_vcpu, v1);
    ck_assert_uint_eq(fake_initialise_context, 0x5000);
    ck_assert(v1->initialised);
    fake_initialise_result = -EEXIST;
    ck_assert_int_eq(do_vcpu_op(VCPUOP_initialise, 1, 0x6000, 0, 0), -EEXIST);
}
END_TEST

START_TEST(test_up_needs_an_initialised_vcpu)
{
    ck_assert(is_down(v1) && !v1->initialised);
    ck_assert_int_eq(vcpu_op(VCPUOP_is_up, 1, NULL, 0), 0);
    ck_assert_int_eq(vcpu_op(VCPUOP_up, 1, NULL, 0), -EINVAL);
    ck_assert(is_down(v1));
    ck_assert_int_eq(do_vcpu_op(VCPUOP_initialise, 1, 0x5000, 0, 0), 0);
    fake_set_time_ns(3 * MS);
    ck_assert_int_eq(vcpu_op(VCPUOP_up, 1, NULL, 0), 0);
    ck_assert(!is_down(v1));
    ck_assert_int_eq(vcpu_op(VCPUOP_is_up, 1, NULL, 0), 1);
    ck_assert(vcpu_runnable(v1));
    /* It starts with Xen's 10 ms periodic tick. */
    ck_assert(timer_pending(&v1->periodic_timer));
    ck_assert_uint_eq(v1->periodic_timer.expires, 13 * MS);
    /* Up again: nothing changes. */
    fake_set_time_ns(5 * MS);
    ck_assert_int_eq(vcpu_op(VCPUOP_up, 1, NULL, 0), 0);
    ck_assert_uint_eq(v1->periodic_timer.expires, 13 * MS);
    ck_assert_int_eq(vcpu_op(VCPUOP_up, 0, NULL, 0), 0);
}
END_TEST

START_TEST(test_down_stops_a_vcpu_and_the_last_one_powers_off)
{
    vfix_run(v0);
    v1->initialised = true;
    ck_assert_int_eq(vcpu_op(VCPUOP_up, 1, NULL, 0), 0);
    ck_assert_int_eq(vcpu_op(VCPUOP_down, 1, NULL, 0), 0);
    ck_assert(is_down(v1));
    ck_assert_int_eq(vcpu_op(VCPUOP_is_up, 1, NULL, 0), 0);
    ck_assert_int_eq(dom->state, DOMAIN_ACTIVE);
    /* Down again: still down, still running. */
    ck_assert_int_eq(vcpu_op(VCPUOP_down, 1, NULL, 0), 0);
    ck_assert_int_eq(dom->state, DOMAIN_ACTIVE);
    /* The last one up going down powers the domain off instead. */
    ck_assert_int_eq(vcpu_op(VCPUOP_down, 0, NULL, 0), 0);
    ck_assert_int_eq(dom->state, DOMAIN_SHUTDOWN);
    ck_assert_uint_eq(dom->shutdown_reason, SHUTDOWN_poweroff);
    ck_assert(!is_down(v0));
}
END_TEST

/* Runstate */

START_TEST(test_get_runstate_info)
{
    struct vcpu_runstate_info info, want;

    fake_set_time_ns(4 * MS);
    ck_assert_int_eq(vcpu_op(VCPUOP_get_runstate_info, 0, &info, sizeof(info)), 0);
    vfix_result(&info, sizeof(info));
    vcpu_runstate_get(v0, &want);
    ck_assert_mem_eq(&info, &want, sizeof(info));
    ck_assert_int_eq(info.state, RUNSTATE_running);
    ck_assert_int_eq(vcpu_op(VCPUOP_get_runstate_info, 1, &info, sizeof(info)), 0);
    vfix_result(&info, sizeof(info));
    ck_assert_int_eq(info.state, RUNSTATE_offline);
    ck_assert_int_eq(do_vcpu_op(VCPUOP_get_runstate_info, 0, VFIX_UNMAPPED, 0, 0), -EFAULT);
}
END_TEST

START_TEST(test_register_runstate_area)
{
    static struct vcpu_runstate_info area;
    struct vcpu_runstate_info want;

    ck_assert_int_eq(do_vcpu_op(VCPUOP_register_runstate_memory_area, 0, VFIX_UNMAPPED, 0, 0),
                     -EFAULT);
    ck_assert_int_eq(register_runstate(0, HYPERVISOR_VIRT_START), -EFAULT);
    ck_assert_int_eq(register_runstate(0, GUEST_VA_LOW_END - 8), -EFAULT);
    ck_assert_uint_eq(v0->runstate_guest, 0);
    /* The caller's own area is filled in at once. */
    fake_guest_memory_add(&area, sizeof(area));
    fake_set_time_ns(2 * MS);
    area.state = -1;
    ck_assert_int_eq(register_runstate(0, (uint64_t)&area), 0);
    ck_assert_uint_eq(v0->runstate_guest, (uint64_t)&area);
    vcpu_runstate_get(v0, &want);
    ck_assert_mem_eq(&area, &want, sizeof(area));
    /* Another vCPU's is recorded for when it runs. */
    ck_assert_int_eq(register_runstate(1, (uint64_t)&area + 0), 0);
    ck_assert_uint_eq(v1->runstate_guest, (uint64_t)&area);
}
END_TEST

START_TEST(test_runstate_area_unmapped_since_is_forgotten)
{
    static struct vcpu_runstate_info area;

    fake_guest_memory_add(&area, sizeof(area));
    ck_assert_int_eq(register_runstate(0, (uint64_t)&area), 0);
    fake_guest_memory_reset();
    vcpu_runstate_publish(v0);
    ck_assert_uint_eq(v0->runstate_guest, 0);
    vcpu_runstate_publish(v0); /* nothing registered: nothing done */
}
END_TEST

/* Periodic timer */

START_TEST(test_periodic_timer_ticks_virq_timer)
{
    evtchn_port_t port = vfix_bind_virq(v0, VIRQ_TIMER);

    vfix_clear_events(dom);
    ck_assert_int_eq(set_periodic(0, 4 * MS), 0);
    ck_assert_uint_eq(v0->periodic_period, 4 * MS);
    ck_assert_uint_eq(v0->periodic_timer.expires, 4 * MS);
    tick_at(4 * MS);
    ck_assert(vfix_pending(dom, port));
    ck_assert_uint_eq(v0->periodic_timer.expires, 8 * MS);
    /* A late tick is one tick, and the next period counts from it. */
    vfix_clear_events(dom);
    tick_at(19 * MS);
    ck_assert(vfix_pending(dom, port));
    ck_assert_uint_eq(v0->periodic_timer.expires, 23 * MS);
    /* Stopped: no more ticks. */
    ck_assert_int_eq(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL, 0), 0);
    ck_assert_uint_eq(v0->periodic_period, 0);
    ck_assert(!timer_pending(&v0->periodic_timer));
    vfix_clear_events(dom);
    tick_at(40 * MS);
    ck_assert(!vfix_pending(dom, port));
}
END_TEST

START_TEST(test_periodic_timer_period_limits)
{
    struct vcpu_set_periodic_timer p = { 0 };

    ck_assert_int_eq(set_periodic(0, MS - 1), -EINVAL);
    ck_assert_int_eq(set_periodic(0, 0), -EINVAL);
    ck_assert_int_eq(set_periodic(0, 1UL << 63), -EINVAL);
    ck_assert_uint_eq(v0->periodic_period, 10 * MS); /* untouched */
    ck_assert_int_eq(do_vcpu_op(VCPUOP_set_periodic_timer, 0, VFIX_UNMAPPED, 0, 0), -EFAULT);
    ck_assert_int_eq(set_periodic(0, MS), 0);
    ck_assert_int_eq(set_periodic(0, (1UL << 63) - 1), 0);
    /* Another vCPU's may be set too. */
    ck_assert_int_eq(set_periodic(1, 2 * MS), 0);
    ck_assert_uint_eq(v1->periodic_period, 2 * MS);
    ck_assert_int_eq(vcpu_op(VCPUOP_stop_periodic_timer, 1, &p, sizeof(p)), 0);
    ck_assert_uint_eq(v1->periodic_period, 0);
}
END_TEST

START_TEST(test_periodic_timer_pauses_while_switched_out)
{
    evtchn_port_t port = vfix_bind_virq(v0, VIRQ_TIMER);

    vfix_clear_events(dom);
    vcpu_timers_switched_out(v0);
    ck_assert(!timer_pending(&v0->periodic_timer));
    tick_at(35 * MS);
    ck_assert(!vfix_pending(dom, port)); /* a sleeping vCPU is not woken by it */
    vcpu_timers_switched_in(v0);
    ck_assert(vfix_pending(dom, port)); /* one tick for the periods missed */
    ck_assert_uint_eq(v0->periodic_timer.expires, 45 * MS);
    /* Back before a period passed: no tick, the timer resumes. */
    vcpu_timers_switched_out(v0);
    vfix_clear_events(dom);
    fake_set_time_ns(40 * MS);
    vcpu_timers_switched_in(v0);
    ck_assert(!vfix_pending(dom, port));
    ck_assert_uint_eq(v0->periodic_timer.expires, 45 * MS);
}
END_TEST

/* Single-shot timer */

START_TEST(test_singleshot_timer_fires_once)
{
    evtchn_port_t port = vfix_bind_virq(v0, VIRQ_TIMER);

    ck_assert_int_eq(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL, 0), 0);
    vfix_clear_events(dom);
    fake_set_time_ns(MS);
    ck_assert_int_eq(set_singleshot(0, 6 * MS, 0), 0);
    ck_assert(timer_pending(&v0->singleshot_timer));
    ck_assert_uint_eq(v0->singleshot_timer.expires, 6 * MS);
    tick_at(5 * MS);
    ck_assert(!vfix_pending(dom, port));
    tick_at(6 * MS);
    ck_assert(vfix_pending(dom, port));
    ck_assert(!timer_pending(&v0->singleshot_timer));
    /* Stopped before its deadline: nothing. */
    vfix_clear_events(dom);
    ck_assert_int_eq(set_singleshot(0, 9 * MS, 0), 0);
    ck_assert_int_eq(vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL, 0), 0);
    ck_assert(!timer_pending(&v0->singleshot_timer));
    tick_at(10 * MS);
    ck_assert(!vfix_pending(dom, port));
}
END_TEST

START_TEST(test_singleshot_deadline_passed_fires_at_once)
{
    evtchn_port_t port = vfix_bind_virq(v0, VIRQ_TIMER);

    vfix_clear_events(dom);
    fake_set_time_ns(20 * MS);
    ck_assert_int_eq(set_singleshot(0, 20 * MS, 0), 0);
    ck_assert(vfix_pending(dom, port));
    ck_assert(!timer_pending(&v0->singleshot_timer));
    /* VCPU_SSHOTTMR_future is ignored (Xen 4.17 stable): no -ETIME. */
    vfix_clear_events(dom);
    ck_assert_int_eq(set_singleshot(0, 5 * MS, VCPU_SSHOTTMR_future), 0);
    ck_assert(vfix_pending(dom, port));
}
END_TEST

START_TEST(test_singleshot_is_only_for_the_calling_vcpu)
{
    /* Checked before the argument is read, as in Xen. */
    ck_assert_int_eq(set_singleshot(1, 5 * MS, 0), -EINVAL);
    ck_assert_int_eq(do_vcpu_op(VCPUOP_set_singleshot_timer, 1, VFIX_UNMAPPED, 0, 0), -EINVAL);
    ck_assert_int_eq(vcpu_op(VCPUOP_stop_singleshot_timer, 1, NULL, 0), -EINVAL);
    ck_assert(!timer_pending(&v1->singleshot_timer));
    ck_assert_int_eq(do_vcpu_op(VCPUOP_set_singleshot_timer, 0, VFIX_UNMAPPED, 0, 0), -EFAULT);
    ck_assert(!timer_pending(&v0->singleshot_timer));
}
END_TEST

START_TEST(test_set_timer_op)
{
    evtchn_port_t port = vfix_bind_virq(v0, VIRQ_TIMER);

    fake_set_time_ns(10 * MS);
    ck_assert_int_eq(do_set_timer_op(15 * MS, 0, 0, 0, 0), 0);
    ck_assert_uint_eq(v0->singleshot_timer.expires, 15 * MS);
    ck_assert_int_eq(do_set_timer_op(0, 0, 0, 0, 0), 0); /* 0 stops it */
    ck_assert(!timer_pending(&v0->singleshot_timer));
    /* Negative, or more than 2^50 ns away: Linux's wrapped jiffies, 100 ms. */
    ck_assert_int_eq(do_set_timer_op(1UL << 63, 0, 0, 0, 0), 0);
    ck_assert_uint_eq(v0->singleshot_timer.expires, 110 * MS);
    ck_assert_int_eq(do_set_timer_op(10 * MS + (1UL << 50) + 1, 0, 0, 0, 0), 0);
    ck_assert_uint_eq(v0->singleshot_timer.expires, 110 * MS);
    ck_assert_int_eq(do_set_timer_op(10 * MS + (1UL << 50) - 1, 0, 0, 0, 0), 0);
    ck_assert_uint_eq(v0->singleshot_timer.expires, 10 * MS + (1UL << 50) - 1);
    /* In the past: the event comes at once. */
    vfix_clear_events(dom);
    ck_assert_int_eq(do_set_timer_op(MS, 0, 0, 0, 0), 0);
    ck_assert(vfix_pending(dom, port));
    ck_assert(!timer_pending(&v0->singleshot_timer));
}
END_TEST

/* vcpu_info */

START_TEST(test_register_vcpu_info_moves_it)
{
    mfn_t mfn = fix_frame(dom);
    struct vcpu_info *old = v0->vcpu_info, *moved;
    unsigned kicks = fake_vcpu_kicks;

    old->evtchn_upcall_mask = 0;
    old->evtchn_pending_sel = 0x5;
    old->arch.cr2 = 0x1234;
    fake_set_time_ns(7 * MS);
    ck_assert_int_eq(register_vcpu_info(0, mfn, 128), 0);
    moved = (void *)((uint8_t *)arch_mfn_to_virt(mfn) + 128);
    ck_assert_ptr_eq(v0->vcpu_info, moved);
    ck_assert_uint_eq(v0->vcpu_info_mfn, mfn);
    /* The contents come along; everything is said to be pending, and kicked. */
    ck_assert_uint_eq(moved->evtchn_upcall_mask, 0);
    ck_assert_uint_eq(moved->arch.cr2, 0x1234);
    ck_assert_uint_eq(moved->evtchn_pending_sel, ~0UL);
    ck_assert_uint_eq(moved->evtchn_upcall_pending, 1);
    ck_assert_uint_eq(fake_vcpu_kicks, kicks + 1);
    /* With the time up to date. */
    ck_assert_uint_eq(moved->time.system_time, 7 * MS);
    ck_assert_uint_eq(moved->time.version % 2, 0);
    /* It holds a writable reference to the frame. */
    ck_assert_uint_eq(fix_count(mfn), 2);
    ck_assert_uint_eq(fix_type(mfn), PGT_writable_page);
    ck_assert_uint_eq(fix_type_count(mfn), 1);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    /* Once only. */
    ck_assert_int_eq(register_vcpu_info(0, fix_frame(dom), 0), -EINVAL);
}
END_TEST

START_TEST(test_register_vcpu_info_of_a_vcpu_that_is_down)
{
    mfn_t mfn = fix_frame(dom);

    ck_assert(is_down(v1));
    ck_assert_int_eq(register_vcpu_info(1, mfn, PAGE_SIZE - sizeof(struct vcpu_info)), 0);
    ck_assert_uint_eq(v1->vcpu_info_mfn, mfn);
    /* Up, it is no longer the caller's to move. */
    v1->initialised = true;
    ck_assert_int_eq(vcpu_op(VCPUOP_up, 1, NULL, 0), 0);
    struct domain *dom2 = fix_domain(2, false, 16);
    fake_current = dom2->vcpus[0];
    dom2->vcpus[1]->initialised = true;
    ck_assert_int_eq(vcpu_op(VCPUOP_up, 1, NULL, 0), 0);
    ck_assert_int_eq(register_vcpu_info(1, fix_frame(dom2), 0), -EINVAL);
}
END_TEST

START_TEST(test_register_vcpu_info_refusals)
{
    struct domain *other = fix_domain(2, false, 16);
    struct page_info *free_pg = alloc_pages(0);
    mfn_t mine = fix_frame(dom), table = fix_frame(dom);

    ck_assert_int_eq(do_vcpu_op(VCPUOP_register_vcpu_info, 0, VFIX_UNMAPPED, 0, 0), -EFAULT);
    ck_assert_int_eq(register_vcpu_info(0, mine, PAGE_SIZE - sizeof(struct vcpu_info) + 8), -ENXIO);
    ck_assert_int_eq(register_vcpu_info(0, mine, 0xFFFFFFFF), -ENXIO);
    ck_assert_int_eq(register_vcpu_info(0, mine, 12), -ENXIO); /* misaligned */
    ck_assert_int_eq(register_vcpu_info(0, fix_frame(other), 0), -EINVAL);
    ck_assert_int_eq(register_vcpu_info(0, page_to_mfn(free_pg), 0), -EINVAL);
    ck_assert_int_eq(register_vcpu_info(0, FIX_FRAMES + 10, 0), -EINVAL);
    ck_assert_int_eq(register_vcpu_info(0, 3, 0), -EINVAL); /* reserved */
    /* A frame that is a page table cannot become writable. */
    ck_assert_int_eq(get_page_and_type(mfn_to_page(table), dom, PGT_l1_page_table), 0);
    mfn_to_page(table)->type_info |= PGT_pinned;
    ck_assert_int_eq(register_vcpu_info(0, table, 0), -EINVAL);
    ck_assert_uint_eq(fix_count(table), 2); /* the attempt's reference went back */
    ck_assert_uint_eq(v0->vcpu_info_mfn, 0);
    ck_assert_ptr_eq(v0->vcpu_info, &dom->shared_info->vcpu_info[0]);
    ck_assert_int_eq(page_audit_domain(dom), 0);
    ck_assert_int_eq(page_audit_domain(other), 0);
}
END_TEST

START_TEST(test_high_vcpus_move_their_placeholder)
{
    struct domain *big = domain_create(3, XEN_LEGACY_MAX_VCPUS + 2, false);
    struct vcpu *high = big->vcpus[XEN_LEGACY_MAX_VCPUS + 1];
    mfn_t mfn;

    big->max_pages = 16;
    mfn = fix_frame(big);
    fake_current = big->vcpus[0];
    /* Beyond shared_info's slots: a placeholder, events masked. */
    ck_assert_ptr_nonnull(high->vcpu_info);
    ck_assert_ptr_eq(high->vcpu_info, high->vcpu_info_placeholder);
    ck_assert_uint_eq(high->vcpu_info->evtchn_upcall_mask, 1);
    ck_assert_int_eq(register_vcpu_info(XEN_LEGACY_MAX_VCPUS + 1, mfn, 64), 0);
    ck_assert_ptr_eq(high->vcpu_info, (uint8_t *)arch_mfn_to_virt(mfn) + 64);
    ck_assert_uint_eq(high->vcpu_info->evtchn_upcall_mask, 1);
}
END_TEST

START_TEST(test_high_vcpus_need_a_vcpu_info_to_be_initialised)
{
    struct domain *big = domain_create(3, XEN_LEGACY_MAX_VCPUS + 2, false);
    unsigned high = XEN_LEGACY_MAX_VCPUS + 1;

    big->max_pages = 16;
    fake_current = big->vcpus[0];
    /* As on Xen: refused before the context is even read. */
    ck_assert_int_eq(do_vcpu_op(VCPUOP_initialise, high, VFIX_UNMAPPED, 0, 0), -EINVAL);
    ck_assert_ptr_null(fake_initialised_vcpu);
    ck_assert(!big->vcpus[high]->initialised);
    ck_assert_int_eq(register_vcpu_info(high, fix_frame(big), 0), 0);
    ck_assert_int_eq(do_vcpu_op(VCPUOP_initialise, high, 0x5000, 0, 0), 0);
    ck_assert_ptr_eq(fake_initialised_vcpu, big->vcpus[high]);
    /* The last vCPU with a shared_info slot needs none. */
    ck_assert_int_eq(do_vcpu_op(VCPUOP_initialise, XEN_LEGACY_MAX_VCPUS - 1, 0x5000, 0, 0), 0);
    ck_assert_ptr_eq(fake_initialised_vcpu, big->vcpus[XEN_LEGACY_MAX_VCPUS - 1]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vcpu_op");
    TCase *tc = tcase_create("vcpu_op");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_vcpu_ids_out_of_range_are_enoent);
    tcase_add_test(tc, test_unoffered_and_unknown_commands_are_enosys);
    tcase_add_test(tc, test_dispatch_reaches_vcpu_op_and_set_timer_op);
    tcase_add_test(tc, test_initialise_goes_to_the_arch);
    tcase_add_test(tc, test_up_needs_an_initialised_vcpu);
    tcase_add_test(tc, test_down_stops_a_vcpu_and_the_last_one_powers_off);
    tcase_add_test(tc, test_get_runstate_info);
    tcase_add_test(tc, test_register_runstate_area);
    tcase_add_test(tc, test_runstate_area_unmapped_since_is_forgotten);
    tcase_add_test(tc, test_periodic_timer_ticks_virq_timer);
    tcase_add_test(tc, test_periodic_timer_period_limits);
    tcase_add_test(tc, test_periodic_timer_pauses_while_switched_out);
    tcase_add_test(tc, test_singleshot_timer_fires_once);
    tcase_add_test(tc, test_singleshot_deadline_passed_fires_at_once);
    tcase_add_test(tc, test_singleshot_is_only_for_the_calling_vcpu);
    tcase_add_test(tc, test_set_timer_op);
    tcase_add_test(tc, test_register_vcpu_info_moves_it);
    tcase_add_test(tc, test_register_vcpu_info_of_a_vcpu_that_is_down);
    tcase_add_test(tc, test_register_vcpu_info_refusals);
    tcase_add_test(tc, test_high_vcpus_move_their_placeholder);
    tcase_add_test(tc, test_high_vcpus_need_a_vcpu_info_to_be_initialised);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
