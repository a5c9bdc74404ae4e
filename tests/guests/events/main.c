/*
 * events: event channels in the 2-level ABI (public/event_channel.h), all within
 * one domain: ports bound to ourselves (unbound, loopback interdomain, IPI,
 * VIRQ), send/close/status/bind_vcpu/unmask/reset from each state, the
 * pending, mask, selector and upcall bits in shared_info, the upcall
 * itself, port exhaustion, hostile ports and pointers, the legacy
 * hypercall 16.  Expected values are Xen 4.17's.
 *
 * Cases that look at shared_info need it mapped (update_va_mapping of
 * start_info.shared_info over a page of ours); each case starts from a
 * clean slate (fresh()).
 */
#include "guest/hypercall.h"
#include "guest/mm.h"
#include "guest/test.h"
#include "public/errno.h"
#include "tests/guests/events/events.h"

#define UNMAPPED 0x1000UL

static const evtchn_port_t bad_ports[] = { 4096, 0x80000000u, 0xFFFFFFFFu };

/* ---- allocation and port 0 ------------------------------------------- */

static void alloc_unbound_to_self_gives_port_1(void)
{
    struct evtchn_status st;
    evtchn_port_t p;

    fresh();
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &p), 0);
    CHECK_EQ(p, 1);
    CHECK_RC(ev_status(DOMID_SELF, p, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_unbound);
    CHECK_EQ(st.u.unbound.dom, 0); /* DOMID_SELF is stored as our id */
    CHECK_EQ(st.vcpu, 0);
}

static void ports_allocated_lowest_free_first(void)
{
    evtchn_port_t a, b, c, again;

    fresh();
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0);
    CHECK_RC(ev_bind_ipi(0, &b), 0);
    CHECK_RC(ev_bind_virq(VIRQ_DEBUG, 0, &c), 0);
    CHECK(a == 1 && b == 2 && c == 3, "ports %u %u %u, expected 1 2 3", a, b, c);
    CHECK_RC(ev_close(b), 0);
    CHECK_RC(ev_bind_ipi(0, &again), 0);
    CHECK_EQ(again, b);
}

static void port_0_is_reserved(void)
{
    fresh();
    CHECK_RC(ev_state(0), EVTCHNSTAT_closed);
    CHECK_RC(ev_close(0), -XEN_EINVAL);
    CHECK_RC(ev_send(0), -XEN_EINVAL);
    CHECK_RC(ev_bind_vcpu(0, 0), -XEN_EINVAL);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, 0, NULL), -XEN_EINVAL);
    CHECK_RC(ev_unmask(0), 0);
}

/*
 * Ports exist 64 at a time: free ones read as closed, later ones are
 * -EINVAL.  (Runs before anything allocates past port 63: tables never
 * shrink.)
 */
static void ports_exist_a_bucket_at_a_time(void)
{
    fresh();
    CHECK_RC(ev_state(63), EVTCHNSTAT_closed);
    CHECK_RC(ev_state(64), -XEN_EINVAL);
    CHECK_RC(ev_close(63), -XEN_EINVAL);
    CHECK_RC(ev_unmask(63), 0);
    CHECK_RC(ev_unmask(64), -XEN_EINVAL);
}

static void exhaustion_after_4095_ports_enospc(void)
{
    evtchn_port_t port;
    unsigned n = 0;
    long rc;

    fresh();
    while ((rc = ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &port)) == 0) {
        n++;
        CHECK(port == n, "port %u allocated as number %u", port, n);
    }
    CHECK_RC(rc, -XEN_ENOSPC);
    CHECK_EQ(n, 4095);
    CHECK_RC(ev_bind_ipi(0, NULL), -XEN_ENOSPC);
    CHECK_RC(ev_bind_virq(VIRQ_DEBUG, 0, NULL), -XEN_ENOSPC);
    /* The local port is looked for before the remote one. */
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, 0xFFFFFFFFu, NULL), -XEN_ENOSPC);
    CHECK_RC(ev_state(4095), EVTCHNSTAT_unbound);
    CHECK_RC(ev_state(4096), -XEN_EINVAL);
    CHECK_RC(ev_close(2000), 0);
    CHECK_RC(ev_bind_ipi(0, &port), 0);
    CHECK_EQ(port, 2000);
    CHECK_RC(ev_reset(DOMID_SELF), 0);
    CHECK_RC(ev_state(4095), EVTCHNSTAT_closed); /* the table does not shrink */
}

/* ---- interdomain, looped back to ourselves ------------------------------ */

static void bind_interdomain_to_own_unbound_port(void)
{
    struct evtchn_status st;
    evtchn_port_t a, b;

    fresh();
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, a, &b), 0);
    CHECK_EQ(b, a + 1);
    CHECK_RC(ev_status(DOMID_SELF, a, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
    CHECK_EQ(st.u.interdomain.dom, 0);
    CHECK_EQ(st.u.interdomain.port, b);
    CHECK_RC(ev_status(0, b, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
    CHECK_EQ(st.u.interdomain.port, a);
}

/* Events sent to the unbound port were dropped: Xen assumes one was. */
static void bind_interdomain_sets_new_port_pending(void)
{
    evtchn_port_t a, b;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, a, &b), 0);
    CHECK(port_pending(b), "the new local port is not pending");
    CHECK(!port_pending(a), "the remote port is pending");
}

static void send_on_loopback_raises_the_other_end(void)
{
    evtchn_port_t a, b;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, a, &b), 0);
    port_set_pending(b, false);
    CHECK_RC(ev_send(b), 0);
    CHECK(port_pending(a) && !port_pending(b), "send on %u: pending %d %d", b, port_pending(a),
          port_pending(b));
    CHECK_RC(ev_send(a), 0);
    CHECK(port_pending(b), "send on %u did not raise %u", a, b);
}

static void send_on_unbound_port_is_dropped(void)
{
    evtchn_port_t a;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0);
    CHECK_RC(ev_send(a), 0);
    CHECK(!port_pending(a), "the unbound port became pending");
}

static void close_one_end_leaves_the_other_unbound(void)
{
    struct evtchn_status st;
    evtchn_port_t a, b, again;

    fresh();
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, a, &b), 0);
    CHECK_RC(ev_close(a), 0);
    CHECK_RC(ev_state(a), EVTCHNSTAT_closed);
    CHECK_RC(ev_status(DOMID_SELF, b, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_unbound);
    CHECK_EQ(st.u.unbound.dom, 0);
    CHECK_RC(ev_send(b), 0);
    CHECK_RC(ev_close(a), -XEN_EINVAL);
    /* The survivor can be connected to again. */
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, b, &again), 0);
    CHECK_EQ(again, a);
}

static void bind_interdomain_refusals(void)
{
    evtchn_port_t ipi, other, linked;

    fresh();
    CHECK_RC(ev_bind_ipi(0, &ipi), 0);
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, 5, &other), 0);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, ipi, NULL), -XEN_EINVAL);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, other, NULL), -XEN_EINVAL);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, 40, NULL), -XEN_EINVAL);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, 64, NULL), -XEN_EINVAL);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, 0xFFFFFFFFu, NULL), -XEN_EINVAL);
    CHECK_RC(ev_bind_interdomain(1, 1, NULL), -XEN_ESRCH);
    CHECK_RC(ev_bind_interdomain(DOMID_INVALID, 1, NULL), -XEN_ESRCH);
    /* None of them used up a port. */
    CHECK_RC(ev_bind_ipi(0, &linked), 0);
    CHECK_EQ(linked, other + 1);
}

/* ---- IPIs, VIRQs, bind_vcpu ---------------------------------------------- */

static void bind_ipi_to_missing_vcpu_enoent(void)
{
    fresh();
    CHECK_RC(ev_bind_ipi(1, NULL), -XEN_ENOENT);
    CHECK_RC(ev_bind_ipi(0xFFFFFFFFu, NULL), -XEN_ENOENT);
}

static void close_twice_einval(void)
{
    evtchn_port_t p;

    fresh();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    CHECK_RC(ev_close(p), 0);
    CHECK_RC(ev_close(p), -XEN_EINVAL);
    CHECK_RC(ev_send(p), -XEN_EINVAL);
}

static void bind_virq_debug_then_again_eexist(void)
{
    struct evtchn_status st;
    evtchn_port_t p;

    fresh();
    CHECK_RC(ev_bind_virq(VIRQ_DEBUG, 0, &p), 0);
    CHECK_RC(ev_bind_virq(VIRQ_DEBUG, 0, NULL), -XEN_EEXIST);
    CHECK_RC(ev_status(DOMID_SELF, p, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_virq);
    CHECK_EQ(st.u.virq, VIRQ_DEBUG);
    CHECK_EQ(st.vcpu, 0);
    CHECK_RC(ev_send(p), -XEN_EINVAL);
    CHECK_RC(ev_close(p), 0);
    CHECK_RC(ev_bind_virq(VIRQ_DEBUG, 0, NULL), 0);
}

static void bind_virq_argument_checks(void)
{
    fresh();
    CHECK_RC(ev_bind_virq(NR_VIRQS, 0, NULL), -XEN_EINVAL);
    CHECK_RC(ev_bind_virq(0xFFFFFFFFu, 0, NULL), -XEN_EINVAL);
    /* A global VIRQ only on vCPU 0, checked before the vCPU exists. */
    CHECK_RC(ev_bind_virq(VIRQ_DOM_EXC, 1, NULL), -XEN_EINVAL);
    CHECK_RC(ev_bind_virq(VIRQ_DOM_EXC, 7, NULL), -XEN_EINVAL);
    CHECK_RC(ev_bind_virq(VIRQ_DEBUG, 1, NULL), -XEN_ENOENT);
    CHECK_RC(ev_bind_virq(VIRQ_DEBUG, 0xFFFFFFFFu, NULL), -XEN_ENOENT);
    CHECK_RC(ev_bind_virq(VIRQ_DOM_EXC, 0, NULL), 0);
    CHECK_RC(ev_bind_virq(VIRQ_DOM_EXC, 0, NULL), -XEN_EEXIST);
}

/* Which VIRQs are per vCPU (only on vCPU 0 here) and that any number binds. */
static void bind_virq_global_and_per_vcpu(void)
{
    static const uint32_t per_vcpu[] = { VIRQ_TIMER, VIRQ_DEBUG, VIRQ_XENOPROF, VIRQ_XENPMU };

    fresh();
    for (uint32_t virq = 0; virq < NR_VIRQS; virq++) {
        bool global = true;
        for (unsigned i = 0; i < ARRAY_SIZE(per_vcpu); i++)
            global = global && virq != per_vcpu[i];
        CHECK(ev_bind_virq(virq, 1, NULL) == (global ? -XEN_EINVAL : -XEN_ENOENT),
              "VIRQ %u on vCPU 1 gave %ld", virq, ev_bind_virq(virq, 1, NULL));
        if (virq != VIRQ_TIMER) /* Xen's periodic timer would fire it */
            CHECK(ev_bind_virq(virq, 0, NULL) == 0, "VIRQ %u on vCPU 0 gave %ld", virq,
                  ev_bind_virq(virq, 0, NULL));
    }
}

static void bind_vcpu_by_port_kind(void)
{
    evtchn_port_t unbound, ipi, virq_global, virq_vcpu;
    struct evtchn_status st;

    fresh();
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &unbound), 0);
    CHECK_RC(ev_bind_ipi(0, &ipi), 0);
    CHECK_RC(ev_bind_virq(VIRQ_DOM_EXC, 0, &virq_global), 0);
    CHECK_RC(ev_bind_virq(VIRQ_DEBUG, 0, &virq_vcpu), 0);
    CHECK_RC(ev_bind_vcpu(unbound, 1), -XEN_ENOENT);     /* a 1-vCPU domain */
    CHECK_RC(ev_bind_vcpu(0xFFFFFFFFu, 1), -XEN_ENOENT); /* the vCPU is checked first */
    CHECK_RC(ev_bind_vcpu(unbound, 0), 0);
    CHECK_RC(ev_bind_vcpu(virq_global, 0), 0);
    CHECK_RC(ev_bind_vcpu(ipi, 0), -XEN_EINVAL);
    CHECK_RC(ev_bind_vcpu(virq_vcpu, 0), -XEN_EINVAL);
    CHECK_RC(ev_bind_vcpu(30, 0), -XEN_EINVAL);
    CHECK_RC(ev_status(DOMID_SELF, virq_global, &st), 0);
    CHECK_EQ(st.vcpu, 0);
}

/* ---- status ---------------------------------------------------------------- */

static void status_of_ipi_leaves_the_rest_as_given(void)
{
    struct evtchn_status st;
    evtchn_port_t p;

    fresh();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    st = (struct evtchn_status){ .dom = DOMID_SELF,
                                 .port = p,
                                 .status = 77,
                                 .vcpu = 66,
                                 .u.interdomain = { .dom = 0xABCD, .port = 0x12345678 } };
    CHECK_RC(ev_op(EVTCHNOP_status, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_ipi);
    CHECK_EQ(st.vcpu, 0);
    CHECK_EQ(st.u.interdomain.dom, 0xABCD);
    CHECK_EQ(st.u.interdomain.port, 0x12345678);
}

static void status_of_missing_domain_esrch(void)
{
    struct evtchn_status st;

    fresh();
    CHECK_RC(ev_status(1, 1, &st), -XEN_ESRCH);
    CHECK_RC(ev_status(DOMID_INVALID, 1, &st), -XEN_ESRCH);
    CHECK_RC(ev_alloc_unbound(1, DOMID_SELF, NULL), -XEN_ESRCH);
    CHECK_RC(ev_reset(1), -XEN_ESRCH);
}

static void bad_ports_einval(void)
{
    fresh();
    for (unsigned i = 0; i < ARRAY_SIZE(bad_ports); i++) {
        evtchn_port_t p = bad_ports[i];
        CHECK_RC(ev_close(p), -XEN_EINVAL);
        CHECK_RC(ev_send(p), -XEN_EINVAL);
        CHECK_RC(ev_unmask(p), -XEN_EINVAL);
        CHECK_RC(ev_bind_vcpu(p, 0), -XEN_EINVAL);
        CHECK_RC(ev_state(p), -XEN_EINVAL);
    }
}

/* ---- delivery bits in shared_info ----------------------------------------- */

static void send_sets_pending_selector_and_upcall_flag(void)
{
    evtchn_port_t p;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    CHECK_RC(ev_send(p), 0);
    CHECK(port_pending(p), "port %u not pending", p);
    CHECK_EQ(VCPU0->evtchn_pending_sel, 1UL << (p / 64));
    CHECK_EQ(VCPU0->evtchn_upcall_pending, 1);
    CHECK_EQ(upcalls.count, 0); /* upcalls are masked */
}

static void masked_port_pending_without_selector(void)
{
    evtchn_port_t p;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    port_set_mask(p, true);
    CHECK_RC(ev_send(p), 0);
    CHECK(port_pending(p), "port %u not pending", p);
    CHECK_EQ(VCPU0->evtchn_pending_sel, 0);
    CHECK_EQ(VCPU0->evtchn_upcall_pending, 0);
}

static void unmask_reraises_a_pending_masked_port(void)
{
    evtchn_port_t p;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    port_set_mask(p, true);
    CHECK_RC(ev_send(p), 0);
    CHECK_RC(ev_unmask(p), 0);
    CHECK(!port_masked(p), "port %u still masked", p);
    CHECK_EQ(VCPU0->evtchn_pending_sel, 1UL << (p / 64));
    CHECK_EQ(VCPU0->evtchn_upcall_pending, 1);
}

/* Xen re-raises only what the hypercall itself unmasks. */
static void unmask_of_an_unmasked_port_raises_nothing(void)
{
    evtchn_port_t p;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    port_set_mask(p, true);
    CHECK_RC(ev_send(p), 0);
    port_set_mask(p, false);
    CHECK_RC(ev_unmask(p), 0);
    CHECK_EQ(VCPU0->evtchn_pending_sel, 0);
    CHECK_EQ(VCPU0->evtchn_upcall_pending, 0);
}

/* Unmasking acts on bound ports only. */
static void unmask_of_a_closed_port_keeps_its_mask(void)
{
    fresh();
    NEED_SHINFO();
    port_set_mask(20, true);
    CHECK_RC(ev_unmask(20), 0);
    CHECK(port_masked(20), "closed port 20 was unmasked");
}

static void close_clears_pending_keeps_mask(void)
{
    evtchn_port_t p, again;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    port_set_mask(p, true);
    CHECK_RC(ev_send(p), 0);
    CHECK_RC(ev_close(p), 0);
    CHECK(!port_pending(p), "closed port %u still pending", p);
    CHECK(port_masked(p), "closing port %u unmasked it", p);
    CHECK_RC(ev_bind_ipi(0, &again), 0);
    CHECK_EQ(again, p);
    CHECK(!port_pending(p), "rebound port %u pending", p);
}

/* ---- upcalls ---------------------------------------------------------------- */

static void ipi_send_delivers_an_upcall(void)
{
    evtchn_port_t p;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    upcalls_enable();
    CHECK_RC(ev_send(p), 0);
    upcalls_disable();
    CHECK_EQ(upcalls.count, 1);
    CHECK(upcall_saw(p), "the upcall did not find port %u pending", p);
    CHECK_EQ(upcalls.mask_inside, 1);             /* delivered with events masked */
    CHECK_EQ((upcalls.saved_cs >> 32) & 0xFF, 0); /* ... having been unmasked */
    CHECK(upcalls.saved_rflags & (1u << 9), "saved RFLAGS %#lx without IF", upcalls.saved_rflags);
    CHECK(!port_pending(p), "port %u left pending", p);
}

static void no_upcall_while_masked(void)
{
    evtchn_port_t p;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    CHECK_RC(ev_send(p), 0);
    CHECK_RC(hypercall_xen_version(XENVER_version, NULL), 0x00040011);
    CHECK_EQ(upcalls.count, 0);
}

/* Linux's way: clear the mask, then any hypercall collects what is pending. */
static void pending_upcall_delivered_on_next_hypercall(void)
{
    evtchn_port_t p;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    CHECK_RC(ev_send(p), 0);
    upcalls_enable(); /* no hypercall yet: nothing delivered */
    hypercall_xen_version(XENVER_version, NULL);
    upcalls_disable();
    CHECK_EQ(upcalls.count, 1);
    CHECK(upcall_saw(p), "the upcall did not find port %u pending", p);
}

static void unmask_hypercall_delivers_an_upcall(void)
{
    evtchn_port_t p;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_bind_ipi(0, &p), 0);
    port_set_mask(p, true);
    upcalls_enable();
    CHECK_RC(ev_send(p), 0);
    CHECK_EQ(upcalls.count, 0);
    CHECK_RC(ev_unmask(p), 0);
    upcalls_disable();
    CHECK_EQ(upcalls.count, 1);
    CHECK(upcall_saw(p), "the upcall did not find port %u pending", p);
}

static void loopback_send_delivers_an_upcall(void)
{
    evtchn_port_t a, b;

    fresh();
    NEED_SHINFO();
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, a, &b), 0);
    upcalls_enable(); /* collects b's pending bit from the bind */
    CHECK_RC(ev_send(b), 0);
    upcalls_disable();
    CHECK(upcalls.count >= 1, "no upcall");
    CHECK(upcall_saw(a), "the upcall did not find port %u pending", a);
    CHECK(upcall_saw(b), "the upcall did not find port %u pending", b);
}

/* ---- reset ------------------------------------------------------------------- */

static void reset_closes_every_port(void)
{
    evtchn_port_t a, p;

    fresh();
    CHECK_RC(ev_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0);
    CHECK_RC(ev_bind_interdomain(DOMID_SELF, a, NULL), 0);
    CHECK_RC(ev_bind_ipi(0, NULL), 0);
    CHECK_RC(ev_bind_virq(VIRQ_DEBUG, 0, NULL), 0);
    CHECK_RC(ev_reset(DOMID_SELF), 0);
    for (evtchn_port_t port = 0; port < 64; port++)
        CHECK_RC(ev_state(port), EVTCHNSTAT_closed);
    CHECK_RC(ev_bind_virq(VIRQ_DEBUG, 0, &p), 0);
    CHECK_EQ(p, 1);
    CHECK_RC(ev_reset(0), 0);
}

/* No reset is in progress, so there is nothing to continue. */
static void reset_cont_without_reset_ebusy(void)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };

    fresh();
    CHECK_RC(ev_op(EVTCHNOP_reset_cont, &r), -XEN_EBUSY);
}

/* ---- arguments ----------------------------------------------------------------- */

static void bad_pointers_efault(void)
{
    static const uint64_t bad[] = { 0, UNMAPPED, 0xffff800000000000UL, 0x0000800000000000UL };

    fresh();
    for (unsigned cmd = 0; cmd <= EVTCHNOP_reset_cont; cmd++)
        for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
            CHECK(hypercall_event_channel_op(cmd, (void *)bad[i]) == -XEN_EFAULT,
                  "cmd %u at %#lx gave %ld", cmd, bad[i],
                  hypercall_event_channel_op(cmd, (void *)bad[i]));
}

/*
 * A result that cannot be written back is -EFAULT, but the port stays
 * allocated.  The argument sits in an empty slot of our (read-only) L4:
 * dom 0 (us), remote_dom 0.
 */
static void alloc_unbound_read_only_argument_efault_port_kept(void)
{
    volatile uint64_t *slot = (volatile uint64_t *)start_info->pt_base + 500;

    fresh();
    CHECK_EQ(*slot, 0);
    CHECK_RC(ev_op(EVTCHNOP_alloc_unbound, (void *)slot), -XEN_EFAULT);
    CHECK_RC(ev_state(1), EVTCHNSTAT_unbound);
}

static void unknown_commands_enosys(void)
{
    fresh();
    CHECK_RC(ev_op(15, NULL), -XEN_ENOSYS);
    CHECK_RC(ev_op(0x7FFFFFFF, NULL), -XEN_ENOSYS);
    CHECK_RC(ev_op(0x80000000u, NULL), -XEN_ENOSYS);
}

/* The command is a 32-bit int: the upper half of RDI is ignored. */
static void command_upper_bits_ignored(void)
{
    struct evtchn_bind_ipi b = { .vcpu = 0 };

    fresh();
    CHECK_RC(hypercall_2(__HYPERVISOR_event_channel_op, (1UL << 32) | EVTCHNOP_bind_ipi, &b), 0);
    CHECK_EQ(b.port, 1);
    CHECK_RC(ev_state(1), EVTCHNSTAT_ipi);
}

/* Until a domain asks for FIFO, the FIFO calls answer as 2-level. */
static void fifo_calls_on_a_2_level_domain(void)
{
    struct evtchn_expand_array ea = { .array_gfn = 0 };
    struct evtchn_set_priority sp = { .priority = 3 };
    struct evtchn_init_control ic = { .vcpu = 1 };
    long rc;

    fresh();
    CHECK_RC(ev_op(EVTCHNOP_expand_array, &ea), -XEN_EOPNOTSUPP);
    CHECK_RC(ev_bind_ipi(0, &sp.port), 0);
    CHECK_RC(ev_op(EVTCHNOP_set_priority, &sp), -XEN_ENOSYS);
    sp.port = 4096;
    CHECK_RC(ev_op(EVTCHNOP_set_priority, &sp), -XEN_EINVAL);
    rc = ev_op(EVTCHNOP_init_control, &ic); /* vCPU 1 does not exist */
    info("init_control for a missing vCPU: %ld (%s)", rc, errno_name(rc));
    CHECK(rc < 0, "init_control for a missing vCPU gave %ld", rc);
}

static void bind_pirq_out_of_range_einval(void)
{
    struct evtchn_bind_pirq b = { .pirq = 0xFFFFFFFFu };

    fresh();
    CHECK_RC(ev_op(EVTCHNOP_bind_pirq, &b), -XEN_EINVAL);
}

/* Hypercall 16: the same calls with the command inside the argument. */
static void legacy_hypercall_16(void)
{
    struct evtchn_op op = { .cmd = EVTCHNOP_alloc_unbound,
                            .u.alloc_unbound = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF } };

    fresh();
    CHECK_RC(hypercall_1(__HYPERVISOR_event_channel_op_compat, &op), 0);
    CHECK_EQ(op.u.alloc_unbound.port, 1);
    CHECK_RC(ev_state(1), EVTCHNSTAT_unbound);
    op.cmd = EVTCHNOP_close;
    op.u.close.port = 1;
    CHECK_RC(hypercall_1(__HYPERVISOR_event_channel_op_compat, &op), 0);
    CHECK_RC(hypercall_1(__HYPERVISOR_event_channel_op_compat, &op), -XEN_EINVAL);
    op.cmd = EVTCHNOP_reset;
    op.u.close.port = DOMID_SELF; /* struct evtchn_reset's dom, in the same bytes */
    CHECK_RC(hypercall_1(__HYPERVISOR_event_channel_op_compat, &op), -XEN_ENOSYS);
    op.cmd = 99;
    CHECK_RC(hypercall_1(__HYPERVISOR_event_channel_op_compat, &op), -XEN_ENOSYS);
    CHECK_RC(hypercall_1(__HYPERVISOR_event_channel_op_compat, NULL), -XEN_EFAULT);
}

static const struct test_case cases[] = {
    { "alloc_unbound_to_self_gives_port_1", alloc_unbound_to_self_gives_port_1 },
    { "ports_allocated_lowest_free_first", ports_allocated_lowest_free_first },
    { "port_0_is_reserved", port_0_is_reserved },
    { "ports_exist_a_bucket_at_a_time", ports_exist_a_bucket_at_a_time },
    { "exhaustion_after_4095_ports_enospc", exhaustion_after_4095_ports_enospc },
    { "bind_interdomain_to_own_unbound_port", bind_interdomain_to_own_unbound_port },
    { "bind_interdomain_sets_new_port_pending", bind_interdomain_sets_new_port_pending },
    { "send_on_loopback_raises_the_other_end", send_on_loopback_raises_the_other_end },
    { "send_on_unbound_port_is_dropped", send_on_unbound_port_is_dropped },
    { "close_one_end_leaves_the_other_unbound", close_one_end_leaves_the_other_unbound },
    { "bind_interdomain_refusals", bind_interdomain_refusals },
    { "bind_ipi_to_missing_vcpu_enoent", bind_ipi_to_missing_vcpu_enoent },
    { "close_twice_einval", close_twice_einval },
    { "bind_virq_debug_then_again_eexist", bind_virq_debug_then_again_eexist },
    { "bind_virq_argument_checks", bind_virq_argument_checks },
    { "bind_virq_global_and_per_vcpu", bind_virq_global_and_per_vcpu },
    { "bind_vcpu_by_port_kind", bind_vcpu_by_port_kind },
    { "status_of_ipi_leaves_the_rest_as_given", status_of_ipi_leaves_the_rest_as_given },
    { "status_of_missing_domain_esrch", status_of_missing_domain_esrch },
    { "bad_ports_einval", bad_ports_einval },
    { "send_sets_pending_selector_and_upcall_flag", send_sets_pending_selector_and_upcall_flag },
    { "masked_port_pending_without_selector", masked_port_pending_without_selector },
    { "unmask_reraises_a_pending_masked_port", unmask_reraises_a_pending_masked_port },
    { "unmask_of_an_unmasked_port_raises_nothing", unmask_of_an_unmasked_port_raises_nothing },
    { "unmask_of_a_closed_port_keeps_its_mask", unmask_of_a_closed_port_keeps_its_mask },
    { "close_clears_pending_keeps_mask", close_clears_pending_keeps_mask },
    { "ipi_send_delivers_an_upcall", ipi_send_delivers_an_upcall },
    { "no_upcall_while_masked", no_upcall_while_masked },
    { "pending_upcall_delivered_on_next_hypercall", pending_upcall_delivered_on_next_hypercall },
    { "unmask_hypercall_delivers_an_upcall", unmask_hypercall_delivers_an_upcall },
    { "loopback_send_delivers_an_upcall", loopback_send_delivers_an_upcall },
    { "reset_closes_every_port", reset_closes_every_port },
    { "reset_cont_without_reset_ebusy", reset_cont_without_reset_ebusy },
    { "bad_pointers_efault", bad_pointers_efault },
    { "alloc_unbound_read_only_argument_efault_port_kept",
      alloc_unbound_read_only_argument_efault_port_kept },
    { "unknown_commands_enosys", unknown_commands_enosys },
    { "command_upper_bits_ignored", command_upper_bits_ignored },
    { "fifo_calls_on_a_2_level_domain", fifo_calls_on_a_2_level_domain },
    { "bind_pirq_out_of_range_einval", bind_pirq_out_of_range_einval },
    { "legacy_hypercall_16", legacy_hypercall_16 },
};

int guest_main(const struct start_info *si)
{
    long rc;

    map_shared_info(si);
    info("shared_info at maddr %#lx: update_va_mapping gave %ld (%s)", si->shared_info,
         shinfo_error, errno_name(shinfo_error));
    rc = register_event_callback();
    if (rc)
        info("registering the event callback gave %ld (%s)", rc, errno_name(rc));
    test_main("events", cases, ARRAY_SIZE(cases));
}
