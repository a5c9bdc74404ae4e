/*
 * Event channels (xen/event_channel.c): every sub-operation from every
 * port state, links between domains and their teardown, the 2-level
 * delivery bits in shared_info, VIRQs, and the argument checks, all with
 * Xen 4.17's error codes.
 */
#include <check.h>

#include "public/event_channel.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_guest_memory.h"
#include "xen/domain.h"
#include "xen/event_channel.h"
#include "xen/hypercall.h"
#include "xen/page_alloc.h"
#include "xen/sched.h"

#define FRAMES 64

extern unsigned fake_vcpu_kicks; /* tests/unit/fake_arch.c */
extern struct vcpu *fake_last_kicked;

static struct page_info table[FRAMES];
static struct domain *dom0, *dom1, *dom2;

/* The guest's argument buffer: the only "guest memory" in these tests. */
static union {
    uint8_t bytes[64];
    struct evtchn_op op;
} guest;

static void setup(void)
{
    fake_ram_init(FRAMES);
    page_alloc_init(table, FRAMES);
    page_alloc_add_range(0, FRAMES);
    fake_guest_memory_reset();
    fake_guest_memory_add(&guest, sizeof(guest));
    dom0 = domain_create(0, 2, true);
    dom1 = domain_create(1, 1, false);
    dom2 = domain_create(2, 1, false);
    ck_assert(dom0 && dom1 && dom2);
    fake_current = dom0->vcpus[0];
    fake_vcpu_kicks = 0;
}

/* Run the next calls as a vCPU of d. */
static void as(struct domain *d)
{
    fake_current = d->vcpus[0];
}

/* event_channel_op(cmd, arg) with arg copied through guest memory. */
static long op(unsigned cmd, void *arg, size_t size)
{
    long rc;

    memcpy(guest.bytes, arg, size);
    rc = do_event_channel_op(cmd, (uint64_t)guest.bytes, 0, 0, 0);
    memcpy(arg, guest.bytes, size);
    return rc;
}

static long alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote, .port = 0xdead };
    long rc = op(EVTCHNOP_alloc_unbound, &a, sizeof(a));

    if (port)
        *port = a.port;
    return rc;
}

static long bind_interdomain(domid_t rdom, evtchn_port_t rport, evtchn_port_t *lport)
{
    struct evtchn_bind_interdomain b = { .remote_dom = rdom, .remote_port = rport };
    long rc = op(EVTCHNOP_bind_interdomain, &b, sizeof(b));

    if (lport)
        *lport = b.local_port;
    return rc;
}

static long bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = op(EVTCHNOP_bind_virq, &b, sizeof(b));

    if (port)
        *port = b.port;
    return rc;
}

static long bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = op(EVTCHNOP_bind_ipi, &b, sizeof(b));

    if (port)
        *port = b.port;
    return rc;
}

static long port_op(unsigned cmd, evtchn_port_t port)
{
    return op(cmd, &port, sizeof(port));
}

static long close_(evtchn_port_t port)
{
    return port_op(EVTCHNOP_close, port);
}
static long send(evtchn_port_t port)
{
    return port_op(EVTCHNOP_send, port);
}
static long unmask(evtchn_port_t port)
{
    return port_op(EVTCHNOP_unmask, port);
}

static long bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

    return op(EVTCHNOP_bind_vcpu, &b, sizeof(b));
}

static long status(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
    *st = (struct evtchn_status){ .dom = dom, .port = port };
    return op(EVTCHNOP_status, st, sizeof(*st));
}

/* The EVTCHNSTAT_* of one of the caller's ports (-errno if it fails). */
static long state_of(evtchn_port_t port)
{
    struct evtchn_status st;
    long rc = status(DOMID_SELF, port, &st);

    return rc ? rc : (long)st.status;
}

static long reset(domid_t dom)
{
    struct evtchn_reset r = { .dom = dom };

    return op(EVTCHNOP_reset, &r, sizeof(r));
}

static bool bit(const xen_ulong_t *words, unsigned nr)
{
    return words[nr / 64] & (1UL << (nr % 64));
}

static bool pending(struct domain *d, evtchn_port_t port)
{
    return bit(d->shared_info->evtchn_pending, port);
}

static void set_mask(struct domain *d, evtchn_port_t port, bool on)
{
    if (on)
        d->shared_info->evtchn_mask[port / 64] |= 1UL << (port % 64);
    else
        d->shared_info->evtchn_mask[port / 64] &= ~(1UL << (port % 64));
}

static struct vcpu_info *vi(struct domain *d, unsigned vcpu)
{
    return d->vcpus[vcpu]->vcpu_info;
}

/* Forget every delivery bit: a guest that handled everything. */
static void clear_events(struct domain *d)
{
    memset(d->shared_info->evtchn_pending, 0, sizeof(d->shared_info->evtchn_pending));
    for (unsigned i = 0; i < d->max_vcpus; i++) {
        vi(d, i)->evtchn_upcall_pending = 0;
        vi(d, i)->evtchn_pending_sel = 0;
    }
    fake_vcpu_kicks = 0;
}

/* ---- port 0 and allocation ----------------------------------------------- */

START_TEST(test_pending_masked_port_wakes_its_poller)
{
    struct vcpu *v = dom0->vcpus[0];
    evtchn_port_t a, b;

    as(dom0);
    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 0, &a), 0);
    ck_assert_int_eq(bind_interdomain(0, a, &b), 0);
    clear_events(dom0);
    set_mask(dom0, a, true);
    /* v polls port a and sleeps, as SCHEDOP_poll leaves it. */
    v->poll_port = a;
    v->polling = true;
    vcpu_block(v);
    ck_assert_int_eq(send(b), 0);
    ck_assert(pending(dom0, a));
    ck_assert(!v->polling);
    ck_assert(!(v->pause_flags & VPF_blocked));
}
END_TEST

START_TEST(test_event_on_another_port_leaves_poller_asleep)
{
    struct vcpu *v = dom0->vcpus[0];
    evtchn_port_t a, b, c, d;

    as(dom0);
    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 0, &a), 0);
    ck_assert_int_eq(bind_interdomain(0, a, &b), 0);
    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 0, &c), 0);
    ck_assert_int_eq(bind_interdomain(0, c, &d), 0);
    clear_events(dom0);
    set_mask(dom0, c, true); /* no upcall, whose kick would wake any sleeper */
    v->poll_port = a;
    v->polling = true;
    vcpu_block(v);
    ck_assert_int_eq(send(d), 0);
    ck_assert(v->polling);
    ck_assert(v->pause_flags & VPF_blocked);
}
END_TEST

START_TEST(test_port_0_is_reserved_and_reads_as_closed)
{
    struct evtchn_status st;

    ck_assert_int_eq(status(DOMID_SELF, 0, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_closed);
    ck_assert_uint_eq(st.vcpu, 0);
    ck_assert_int_eq(close_(0), -EINVAL);
    ck_assert_int_eq(send(0), -EINVAL);
    ck_assert_int_eq(bind_vcpu(0, 0), -EINVAL);
    ck_assert_int_eq(unmask(0), 0);
    ck_assert_int_eq(bind_interdomain(DOMID_SELF, 0, NULL), -EINVAL);
}
END_TEST

START_TEST(test_ports_are_allocated_lowest_first_and_reused)
{
    evtchn_port_t a, b, c;

    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 1, &a), 0);
    ck_assert_int_eq(bind_ipi(0, &b), 0);
    ck_assert_int_eq(bind_virq(VIRQ_DEBUG, 0, &c), 0);
    ck_assert_uint_eq(a, 1);
    ck_assert_uint_eq(b, 2);
    ck_assert_uint_eq(c, 3);
    ck_assert_int_eq(close_(b), 0);
    ck_assert_int_eq(bind_ipi(1, &b), 0);
    ck_assert_uint_eq(b, 2);
}
END_TEST

/* Ports exist a bucket of 64 at a time, as in Xen: beyond them, -EINVAL. */
START_TEST(test_ports_exist_a_bucket_at_a_time)
{
    evtchn_port_t port;

    ck_assert_int_eq(state_of(63), EVTCHNSTAT_closed);
    ck_assert_int_eq(state_of(64), -EINVAL);
    ck_assert_int_eq(unmask(64), -EINVAL);
    for (unsigned i = 1; i < 64; i++)
        ck_assert_int_eq(bind_ipi(0, &port), 0);
    ck_assert_int_eq(state_of(64), -EINVAL);
    ck_assert_int_eq(bind_ipi(0, &port), 0);
    ck_assert_uint_eq(port, 64);
    ck_assert_int_eq(state_of(127), EVTCHNSTAT_closed);
    ck_assert_int_eq(state_of(128), -EINVAL);
}
END_TEST

START_TEST(test_4096_ports_then_enospc)
{
    evtchn_port_t port;
    unsigned n = 0;
    long rc;

    while ((rc = alloc_unbound(DOMID_SELF, DOMID_SELF, &port)) == 0)
        ck_assert_uint_eq(port, ++n);
    ck_assert_int_eq(rc, -ENOSPC);
    ck_assert_uint_eq(n, EVTCHN_2L_NR_CHANNELS - 1);
    ck_assert_int_eq(bind_ipi(0, NULL), -ENOSPC);
    ck_assert_int_eq(bind_virq(VIRQ_TIMER, 0, NULL), -ENOSPC);
    /* The local port is found before the remote one is looked at. */
    ck_assert_int_eq(bind_interdomain(DOMID_SELF, 0xFFFFFFFF, NULL), -ENOSPC);
    ck_assert_int_eq(bind_interdomain(DOMID_SELF, 7, NULL), -ENOSPC);
    ck_assert_int_eq(state_of(4095), EVTCHNSTAT_unbound);
    ck_assert_int_eq(state_of(4096), -EINVAL);
    ck_assert_int_eq(close_(1000), 0);
    ck_assert_int_eq(bind_ipi(0, &port), 0);
    ck_assert_uint_eq(port, 1000);
}
END_TEST

/* ---- every operation from every state ----------------------------------- */

enum kind {
    K_FREE,
    K_RESERVED,
    K_UNBOUND,
    K_INTERDOMAIN,
    K_GLOBAL_VIRQ,
    K_VCPU_VIRQ,
    K_IPI,
    NR_KINDS
};

/* A port of the caller (dom0) in the given state. */
static evtchn_port_t make_port(enum kind kind)
{
    evtchn_port_t port = 0, other;

    switch (kind) {
    case K_FREE:
        return 5;
    case K_RESERVED:
        return 0;
    case K_UNBOUND:
        ck_assert_int_eq(alloc_unbound(DOMID_SELF, 0, &port), 0);
        break;
    case K_INTERDOMAIN:
        ck_assert_int_eq(alloc_unbound(DOMID_SELF, 0, &other), 0);
        ck_assert_int_eq(bind_interdomain(0, other, &port), 0);
        break;
    case K_GLOBAL_VIRQ:
        ck_assert_int_eq(bind_virq(VIRQ_DOM_EXC, 0, &port), 0);
        break;
    case K_VCPU_VIRQ:
        ck_assert_int_eq(bind_virq(VIRQ_TIMER, 1, &port), 0);
        break;
    case K_IPI:
        ck_assert_int_eq(bind_ipi(1, &port), 0);
        break;
    default:
        ck_abort();
    }
    return port;
}

static const struct {
    long close, send, bind_vcpu, unmask, status, bind_interdomain;
} from_state[NR_KINDS] = {
    [K_FREE] = { -EINVAL, -EINVAL, -EINVAL, 0, EVTCHNSTAT_closed, -EINVAL },
    [K_RESERVED] = { -EINVAL, -EINVAL, -EINVAL, 0, EVTCHNSTAT_closed, -EINVAL },
    [K_UNBOUND] = { 0, 0, 0, 0, EVTCHNSTAT_unbound, 0 },
    [K_INTERDOMAIN] = { 0, 0, 0, 0, EVTCHNSTAT_interdomain, -EINVAL },
    [K_GLOBAL_VIRQ] = { 0, -EINVAL, 0, 0, EVTCHNSTAT_virq, -EINVAL },
    [K_VCPU_VIRQ] = { 0, -EINVAL, -EINVAL, 0, EVTCHNSTAT_virq, -EINVAL },
    [K_IPI] = { 0, 0, -EINVAL, 0, EVTCHNSTAT_ipi, -EINVAL },
};

START_TEST(test_every_op_from_every_state)
{
    enum kind k = _i;
    evtchn_port_t port;

    port = make_port(k);
    ck_assert_int_eq(state_of(port), from_state[k].status);
    ck_assert_int_eq(send(port), from_state[k].send);
    ck_assert_int_eq(unmask(port), from_state[k].unmask);
    ck_assert_int_eq(bind_vcpu(port, 1), from_state[k].bind_vcpu);
    ck_assert_int_eq(bind_interdomain(DOMID_SELF, port, NULL), from_state[k].bind_interdomain);
    if (from_state[k].bind_interdomain == 0)
        ck_assert_int_eq(state_of(port), EVTCHNSTAT_interdomain);

    ck_assert_int_eq(close_(port), from_state[k].close);
    ck_assert_int_eq(state_of(port), EVTCHNSTAT_closed);
    ck_assert_int_eq(close_(port), -EINVAL);
    ck_assert_int_eq(send(port), -EINVAL);
}
END_TEST

START_TEST(test_status_reports_each_kind)
{
    evtchn_port_t u, i, v, ipi;
    struct evtchn_status st;

    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 2, &u), 0);
    ck_assert_int_eq(status(DOMID_SELF, u, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 2);
    ck_assert_uint_eq(st.vcpu, 0);

    as(dom2);
    ck_assert_int_eq(bind_interdomain(0, u, &i), 0);
    ck_assert_int_eq(status(DOMID_SELF, i, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_interdomain);
    ck_assert_uint_eq(st.u.interdomain.dom, 0);
    ck_assert_uint_eq(st.u.interdomain.port, u);

    as(dom0);
    ck_assert_int_eq(bind_virq(VIRQ_DEBUG, 1, &v), 0);
    ck_assert_int_eq(status(0, v, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_virq);
    ck_assert_uint_eq(st.u.virq, VIRQ_DEBUG);
    ck_assert_uint_eq(st.vcpu, 1);

    /* What the status does not describe is left as the guest gave it. */
    ck_assert_int_eq(bind_ipi(1, &ipi), 0);
    st = (struct evtchn_status){ .dom = DOMID_SELF,
                                 .port = ipi,
                                 .u.interdomain = { 0xAB, 0xCD, 0x1234 } };
    ck_assert_int_eq(op(EVTCHNOP_status, &st, sizeof(st)), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_ipi);
    ck_assert_uint_eq(st.vcpu, 1);
    ck_assert_uint_eq(st.u.interdomain.dom, 0xAB);
    ck_assert_uint_eq(st.u.interdomain.port, 0x1234);
}
END_TEST

/* ---- links between domains ---------------------------------------------- */

START_TEST(test_interdomain_connect_send_close_rebind)
{
    evtchn_port_t p1, p2, again;
    struct evtchn_status st;

    as(dom1);
    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 2, &p1), 0);
    ck_assert_int_eq(send(p1), 0); /* nobody there: dropped */
    ck_assert(!pending(dom1, p1));

    as(dom2);
    ck_assert_int_eq(bind_interdomain(1, p1, &p2), 0);
    ck_assert(pending(dom2, p2)); /* Xen's "may have missed one" */
    clear_events(dom2);
    ck_assert_int_eq(send(p2), 0);
    ck_assert(pending(dom1, p1));
    ck_assert(!pending(dom2, p2));
    as(dom1);
    ck_assert_int_eq(send(p1), 0);
    ck_assert(pending(dom2, p2));

    /* dom1 closes its end: dom2's returns to unbound, for dom1. */
    ck_assert_int_eq(close_(p1), 0);
    ck_assert(!pending(dom1, p1));
    as(dom2);
    ck_assert_int_eq(status(DOMID_SELF, p2, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 1);
    clear_events(dom1);
    ck_assert_int_eq(send(p2), 0);
    ck_assert(!pending(dom1, p1));

    /* ... so dom1 may connect to it again. */
    as(dom1);
    ck_assert_int_eq(bind_interdomain(2, p2, &again), 0);
    ck_assert_uint_eq(again, p1);
    ck_assert_int_eq(status(DOMID_SELF, again, &st), 0);
    ck_assert_uint_eq(st.u.interdomain.dom, 2);
    ck_assert_uint_eq(st.u.interdomain.port, p2);
}
END_TEST

START_TEST(test_interdomain_refusals)
{
    evtchn_port_t for_dom2, linked, mine;

    as(dom1);
    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 2, &for_dom2), 0);
    as(dom0);
    ck_assert_int_eq(bind_interdomain(1, for_dom2, NULL), -EINVAL); /* not for us */
    ck_assert_int_eq(bind_interdomain(7, 1, NULL), -ESRCH);
    ck_assert_int_eq(bind_interdomain(DOMID_IO, 1, NULL), -ESRCH);
    ck_assert_int_eq(bind_interdomain(1, 63, NULL), -EINVAL); /* free */
    ck_assert_int_eq(bind_interdomain(1, 64, NULL), -EINVAL); /* beyond */
    ck_assert_int_eq(bind_interdomain(1, 0xFFFFFFFF, NULL), -EINVAL);
    as(dom2);
    ck_assert_int_eq(bind_interdomain(1, for_dom2, &linked), 0);
    ck_assert_int_eq(bind_interdomain(1, for_dom2, NULL), -EINVAL); /* taken */
    /* Failed binds still used up no port. */
    ck_assert_int_eq(bind_ipi(0, &mine), 0);
    ck_assert_uint_eq(mine, linked + 1);
}
END_TEST

START_TEST(test_loopback_in_one_domain)
{
    evtchn_port_t a, b;
    struct evtchn_status st;

    ck_assert_int_eq(alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0);
    ck_assert_int_eq(status(DOMID_SELF, a, &st), 0);
    ck_assert_uint_eq(st.u.unbound.dom, 0); /* DOMID_SELF is stored as us */
    ck_assert_int_eq(bind_interdomain(DOMID_SELF, a, &b), 0);
    ck_assert_uint_eq(b, a + 1);
    clear_events(dom0);
    ck_assert_int_eq(send(b), 0);
    ck_assert(pending(dom0, a) && !pending(dom0, b));
    ck_assert_int_eq(send(a), 0);
    ck_assert(pending(dom0, b));
    ck_assert_int_eq(close_(a), 0);
    ck_assert_int_eq(status(DOMID_SELF, b, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 0);
    ck_assert(pending(dom0, b)); /* only the closed end is cleared */
    ck_assert_int_eq(close_(b), 0);
    ck_assert(!pending(dom0, b));
}
END_TEST

START_TEST(test_destroy_returns_connected_peers_to_unbound)
{
    evtchn_port_t p1, p2, loop;
    struct evtchn_status st;

    as(dom1);
    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 2, &p1), 0);
    ck_assert_int_eq(alloc_unbound(DOMID_SELF, DOMID_SELF, &loop), 0);
    ck_assert_int_eq(bind_interdomain(DOMID_SELF, loop, NULL), 0);
    as(dom2);
    ck_assert_int_eq(bind_interdomain(1, p1, &p2), 0);

    domain_put(dom1); /* the last reference */
    ck_assert_ptr_null(domain_lookup(1));
    ck_assert_int_eq(status(DOMID_SELF, p2, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 1);
    clear_events(dom2);
    ck_assert_int_eq(send(p2), 0);
    ck_assert_int_eq(bind_interdomain(1, p1, NULL), -ESRCH);
}
END_TEST

START_TEST(test_dying_domain_gets_no_new_port)
{
    evtchn_port_t p;

    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 0, &p), 0);
    dom0->state = DOMAIN_DYING;
    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 0, NULL), -EINVAL);
    ck_assert_int_eq(bind_ipi(0, NULL), -EINVAL);
    ck_assert_int_eq(bind_interdomain(DOMID_SELF, p, NULL), -EINVAL);
    ck_assert_int_eq(close_(p), 0);
    dom0->state = DOMAIN_ACTIVE;
    evtchn_destroy(dom0);
    ck_assert_int_eq(bind_ipi(0, NULL), -EINVAL);
    evtchn_destroy(dom0); /* idempotent */
}
END_TEST

/* ---- delivery: pending, mask, selector, upcall ---------------------------- */

START_TEST(test_send_sets_pending_selector_and_upcall)
{
    evtchn_port_t ports[70];

    for (unsigned i = 1; i < 70; i++)
        ck_assert_int_eq(bind_ipi(0, &ports[i]), 0);
    clear_events(dom0);

    ck_assert_int_eq(send(ports[3]), 0);
    ck_assert(pending(dom0, 3));
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_pending_sel, 1);
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_upcall_pending, 1);
    ck_assert_uint_eq(fake_vcpu_kicks, 1);
    ck_assert_ptr_eq(fake_last_kicked, dom0->vcpus[0]);

    /* Already pending: nothing more to do. */
    ck_assert_int_eq(send(ports[3]), 0);
    ck_assert_uint_eq(fake_vcpu_kicks, 1);
    /* Another word: its selector bit, but the upcall is already flagged. */
    ck_assert_int_eq(send(ports[65]), 0);
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_pending_sel, 3);
    ck_assert_uint_eq(fake_vcpu_kicks, 1);
    /* Same word, selector already set after the guest cleared the upcall flag. */
    vi(dom0, 0)->evtchn_upcall_pending = 0;
    ck_assert_int_eq(send(ports[4]), 0);
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_upcall_pending, 0);
    ck_assert_uint_eq(fake_vcpu_kicks, 1);
    ck_assert_uint_eq(vi(dom0, 1)->evtchn_pending_sel, 0);
}
END_TEST

START_TEST(test_masked_port_is_pending_without_upcall_until_unmasked)
{
    evtchn_port_t p;

    ck_assert_int_eq(bind_ipi(0, &p), 0);
    clear_events(dom0);
    set_mask(dom0, p, true);
    ck_assert_int_eq(send(p), 0);
    ck_assert(pending(dom0, p));
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_pending_sel, 0);
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_upcall_pending, 0);
    ck_assert_uint_eq(fake_vcpu_kicks, 0);

    ck_assert_int_eq(unmask(p), 0);
    ck_assert(!bit(dom0->shared_info->evtchn_mask, p));
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_pending_sel, 1);
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_upcall_pending, 1);
    ck_assert_uint_eq(fake_vcpu_kicks, 1);
}
END_TEST

/* Xen re-raises only when the hypercall itself clears a set mask bit. */
START_TEST(test_unmask_of_an_unmasked_port_raises_nothing)
{
    evtchn_port_t p;

    ck_assert_int_eq(bind_ipi(0, &p), 0);
    set_mask(dom0, p, true);
    ck_assert_int_eq(send(p), 0);
    clear_events(dom0);
    dom0->shared_info->evtchn_pending[0] |= 1UL << p;
    set_mask(dom0, p, false);
    ck_assert_int_eq(unmask(p), 0);
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_upcall_pending, 0);
    ck_assert_uint_eq(fake_vcpu_kicks, 0);
}
END_TEST

/* Events and unmasking act only on ports in use. */
START_TEST(test_unmask_of_a_free_port_leaves_its_mask)
{
    set_mask(dom0, 9, true);
    ck_assert_int_eq(unmask(9), 0);
    ck_assert(bit(dom0->shared_info->evtchn_mask, 9));
    set_mask(dom0, 0, true);
    ck_assert_int_eq(unmask(0), 0);
    ck_assert(bit(dom0->shared_info->evtchn_mask, 0));
}
END_TEST

START_TEST(test_close_clears_pending_but_not_mask)
{
    evtchn_port_t p, again;

    ck_assert_int_eq(bind_ipi(0, &p), 0);
    set_mask(dom0, p, true);
    ck_assert_int_eq(send(p), 0);
    ck_assert_int_eq(close_(p), 0);
    ck_assert(!pending(dom0, p));
    ck_assert(bit(dom0->shared_info->evtchn_mask, p));
    ck_assert_int_eq(bind_ipi(0, &again), 0);
    ck_assert_uint_eq(again, p);
    ck_assert(!pending(dom0, p));
}
END_TEST

START_TEST(test_events_go_to_the_notified_vcpu)
{
    evtchn_port_t ipi, u, peer;

    ck_assert_int_eq(bind_ipi(1, &ipi), 0);
    clear_events(dom0);
    ck_assert_int_eq(send(ipi), 0);
    ck_assert_uint_eq(vi(dom0, 1)->evtchn_upcall_pending, 1);
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_upcall_pending, 0);
    ck_assert_ptr_eq(fake_last_kicked, dom0->vcpus[1]);

    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 1, &u), 0);
    ck_assert_int_eq(bind_vcpu(u, 1), 0);
    as(dom1);
    ck_assert_int_eq(bind_interdomain(0, u, &peer), 0);
    clear_events(dom0);
    ck_assert_int_eq(send(peer), 0);
    ck_assert_uint_eq(vi(dom0, 1)->evtchn_upcall_pending, 1);
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_upcall_pending, 0);
}
END_TEST

/* ---- VIRQs --------------------------------------------------------------- */

START_TEST(test_virq_binding_rules)
{
    evtchn_port_t t0, t1, exc;

    ck_assert_int_eq(bind_virq(NR_VIRQS, 0, NULL), -EINVAL);
    ck_assert_int_eq(bind_virq(0xFFFFFFFF, 0, NULL), -EINVAL);
    ck_assert_int_eq(bind_virq(VIRQ_DOM_EXC, 1, NULL), -EINVAL); /* global: vCPU 0 only */
    ck_assert_int_eq(bind_virq(VIRQ_DOM_EXC, 7, NULL), -EINVAL); /* ... checked first */
    ck_assert_int_eq(bind_virq(VIRQ_TIMER, 2, NULL), -ENOENT);
    ck_assert_int_eq(bind_virq(VIRQ_TIMER, 0xFFFFFFFF, NULL), -ENOENT);

    ck_assert_int_eq(bind_virq(VIRQ_TIMER, 0, &t0), 0);
    ck_assert_int_eq(bind_virq(VIRQ_TIMER, 1, &t1), 0); /* per vCPU */
    ck_assert_int_eq(bind_virq(VIRQ_TIMER, 1, NULL), -EEXIST);
    ck_assert_int_eq(bind_virq(VIRQ_DOM_EXC, 0, &exc), 0);
    ck_assert_int_eq(bind_virq(VIRQ_DOM_EXC, 0, NULL), -EEXIST);
    ck_assert_int_eq(bind_vcpu(exc, 1), 0); /* moves, stays bound */
    ck_assert_int_eq(bind_virq(VIRQ_DOM_EXC, 0, NULL), -EEXIST);
    ck_assert_int_eq(close_(exc), 0);
    ck_assert_int_eq(bind_virq(VIRQ_DOM_EXC, 0, &exc), 0);
    ck_assert_int_eq(close_(t1), 0);
    ck_assert_int_eq(bind_virq(VIRQ_TIMER, 1, &t1), 0);
    /* Any VIRQ number below NR_VIRQS binds, even unused ones (Xen 4.17). */
    ck_assert_int_eq(bind_virq(5, 0, NULL), 0);
    ck_assert_int_eq(bind_virq(VIRQ_ARCH_7, 0, NULL), 0);
}
END_TEST

/* Xen 4.17 lets any domain bind a global VIRQ; only its delivery is routed. */
START_TEST(test_unprivileged_domain_may_bind_global_virqs)
{
    as(dom1);
    ck_assert_int_eq(bind_virq(VIRQ_CONSOLE, 0, NULL), 0);
    ck_assert_int_eq(bind_virq(VIRQ_DOM_EXC, 0, NULL), 0);
    ck_assert_int_eq(bind_virq(VIRQ_DEBUG, 0, NULL), 0);
}
END_TEST

START_TEST(test_hypervisor_raises_virqs)
{
    evtchn_port_t timer, exc;

    ck_assert_int_eq(evtchn_send_virq(dom0->vcpus[1], VIRQ_TIMER), -ENOENT);
    ck_assert_int_eq(evtchn_send_virq(dom0->vcpus[1], VIRQ_DOM_EXC), -EINVAL);
    ck_assert_int_eq(evtchn_send_virq(dom0->vcpus[1], NR_VIRQS), -EINVAL);
    ck_assert_int_eq(bind_virq(VIRQ_TIMER, 1, &timer), 0);
    clear_events(dom0);
    ck_assert_int_eq(evtchn_send_virq(dom0->vcpus[0], VIRQ_TIMER), -ENOENT);
    ck_assert(!pending(dom0, timer));
    ck_assert_int_eq(evtchn_send_virq(dom0->vcpus[1], VIRQ_TIMER), 0);
    ck_assert(pending(dom0, timer));
    ck_assert_uint_eq(vi(dom0, 1)->evtchn_upcall_pending, 1);

    ck_assert_int_eq(bind_virq(VIRQ_DOM_EXC, 0, &exc), 0);
    ck_assert_int_eq(bind_vcpu(exc, 1), 0);
    clear_events(dom0);
    evtchn_send_global_virq(dom0, VIRQ_TIMER); /* not global: ignored */
    ck_assert(!pending(dom0, timer));
    evtchn_raise_global_virq(VIRQ_DOM_EXC); /* to dom0 by default */
    ck_assert(pending(dom0, exc));
    ck_assert_uint_eq(vi(dom0, 1)->evtchn_upcall_pending, 1);
    ck_assert_uint_eq(vi(dom0, 0)->evtchn_upcall_pending, 0);

    as(dom2);
    ck_assert_int_eq(bind_virq(VIRQ_DOM_EXC, 0, &exc), 0);
    ck_assert_int_eq(evtchn_set_global_virq_handler(2, VIRQ_DOM_EXC), 0);
    ck_assert_int_eq(evtchn_set_global_virq_handler(2, VIRQ_TIMER), -EINVAL);
    clear_events(dom0);
    evtchn_raise_global_virq(VIRQ_DOM_EXC);
    ck_assert(pending(dom2, exc));
    ck_assert_uint_eq(vi(dom0, 1)->evtchn_upcall_pending, 0);
    /* The handler dies: back to the hardware domain. */
    domain_put(dom2);
    evtchn_raise_global_virq(VIRQ_DOM_EXC);
    ck_assert_uint_eq(vi(dom0, 1)->evtchn_upcall_pending, 1);
}
END_TEST

START_TEST(test_port_poll)
{
    evtchn_port_t p;

    ck_assert_int_eq(bind_ipi(0, &p), 0);
    ck_assert_int_eq(evtchn_port_poll(dom0, p), 0);
    ck_assert_int_eq(send(p), 0);
    ck_assert_int_eq(evtchn_port_poll(dom0, p), 1);
    /* Free ports of an allocated bucket exist and are not pending. */
    ck_assert_int_eq(evtchn_port_poll(dom0, 0), 0);
    ck_assert_int_eq(evtchn_port_poll(dom0, p + 1), 0);
    ck_assert_int_eq(evtchn_port_poll(dom0, 64), -EINVAL); /* no second bucket yet */
    ck_assert_int_eq(evtchn_port_poll(dom0, 4096), -EINVAL);
}
END_TEST

/* ---- other domains' ports and privilege --------------------------------- */

START_TEST(test_other_domains_ports)
{
    evtchn_port_t p0, p1;
    struct evtchn_status st;

    ck_assert_int_eq(bind_ipi(0, &p0), 0);
    as(dom1);
    ck_assert_int_eq(status(0, p0, &st), -EPERM);
    ck_assert_int_eq(status(0, 64, &st), -EINVAL); /* the port is checked first */
    ck_assert_int_eq(status(9, 1, &st), -ESRCH);
    ck_assert_int_eq(status(DOMID_INVALID, 1, &st), -ESRCH);
    ck_assert_int_eq(alloc_unbound(0, 1, NULL), -EPERM);
    ck_assert_int_eq(alloc_unbound(9, 1, NULL), -ESRCH);
    ck_assert_int_eq(close_(p0), -EINVAL); /* names our own (free) port */
    as(dom0);
    ck_assert_int_eq(state_of(p0), EVTCHNSTAT_ipi);

    /* The control domain may allocate in, and look at, another domain. */
    ck_assert_int_eq(alloc_unbound(1, 0, &p1), 0);
    ck_assert_int_eq(status(1, p1, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 0);
    ck_assert_int_eq(bind_interdomain(1, p1, NULL), 0);
    ck_assert_int_eq(status(1, p1, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_interdomain);
}
END_TEST

/* A refused allocation in another domain may still have grown its table. */
START_TEST(test_refused_alloc_unbound_checks_port_first)
{
    evtchn_port_t p;

    for (unsigned i = 1; i < 64; i++)
        ck_assert_int_eq(bind_ipi(0, &p), 0);
    as(dom1);
    ck_assert_int_eq(alloc_unbound(0, 1, NULL), -EPERM);
    as(dom0);
    ck_assert_int_eq(state_of(64), EVTCHNSTAT_closed);
}
END_TEST

/* ---- reset ---------------------------------------------------------------- */

START_TEST(test_reset_closes_everything)
{
    evtchn_port_t a, b, v, u, peer;
    struct evtchn_status st;

    ck_assert_int_eq(bind_ipi(0, &a), 0);
    ck_assert_int_eq(alloc_unbound(DOMID_SELF, DOMID_SELF, &b), 0);
    ck_assert_int_eq(bind_interdomain(DOMID_SELF, b, NULL), 0);
    ck_assert_int_eq(bind_virq(VIRQ_DEBUG, 0, &v), 0);
    ck_assert_int_eq(alloc_unbound(DOMID_SELF, 1, &u), 0);
    as(dom1);
    ck_assert_int_eq(bind_interdomain(0, u, &peer), 0);
    as(dom0);

    ck_assert_int_eq(reset(DOMID_SELF), 0);
    for (evtchn_port_t p = 0; p < 64; p++)
        ck_assert_int_eq(state_of(p), EVTCHNSTAT_closed);
    ck_assert_int_eq(bind_virq(VIRQ_DEBUG, 0, &v), 0); /* the VIRQ is free again */
    ck_assert_uint_eq(v, 1);
    as(dom1);
    ck_assert_int_eq(status(DOMID_SELF, peer, &st), 0);
    ck_assert_uint_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 0);
}
END_TEST

START_TEST(test_reset_rules)
{
    evtchn_port_t p;
    struct evtchn_reset r = { .dom = DOMID_SELF };

    as(dom1);
    ck_assert_int_eq(bind_ipi(0, &p), 0);
    ck_assert_int_eq(reset(0), -EPERM);
    ck_assert_int_eq(reset(2), -EPERM);
    ck_assert_int_eq(reset(9), -ESRCH);
    ck_assert_int_eq(op(EVTCHNOP_reset_cont, &r, sizeof(r)), -EBUSY);
    as(dom0);
    domain_unpause(dom1); /* now running */
    ck_assert_int_eq(reset(1), -EINVAL);
    domain_pause(dom1);
    ck_assert_int_eq(reset(1), 0);
    as(dom1);
    ck_assert_int_eq(state_of(p), EVTCHNSTAT_closed);
}
END_TEST

/* ---- arguments ------------------------------------------------------------ */

START_TEST(test_bad_arguments)
{
    static const unsigned cmds[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
    evtchn_port_t p;

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        ck_assert_int_eq(do_event_channel_op(cmds[i], 0, 0, 0, 0), -EFAULT);
        ck_assert_int_eq(do_event_channel_op(cmds[i], 0xFFFF800000000000UL, 0, 0, 0), -EFAULT);
        /* An argument that runs off the end of guest memory. */
        ck_assert_int_eq(
            do_event_channel_op(cmds[i], (uint64_t)&guest + sizeof(guest) - 1, 0, 0, 0), -EFAULT);
    }
    ck_assert_int_eq(do_event_channel_op(15, 0, 0, 0, 0), -ENOSYS);
    ck_assert_int_eq(do_event_channel_op(0xFFFFFFFF, 0, 0, 0, 0), -ENOSYS);
    ck_assert_int_eq(do_event_channel_op(0x80000000, 0, 0, 0, 0), -ENOSYS);

    ck_assert_int_eq(bind_ipi(2, NULL), -ENOENT);
    ck_assert_int_eq(bind_ipi(0xFFFFFFFF, NULL), -ENOENT);
    ck_assert_int_eq(bind_ipi(1, &p), 0);
    ck_assert_int_eq(bind_vcpu(p, 2), -ENOENT);
    ck_assert_int_eq(bind_vcpu(0xFFFFFFFF, 2), -ENOENT); /* vCPU before port */
    for (unsigned i = 0; i < 4; i++) {
        static const evtchn_port_t bad[] = { 64, 4096, 0x80000000, 0xFFFFFFFF };
        ck_assert_int_eq(close_(bad[i]), -EINVAL);
        ck_assert_int_eq(send(bad[i]), -EINVAL);
        ck_assert_int_eq(unmask(bad[i]), -EINVAL);
        ck_assert_int_eq(bind_vcpu(bad[i], 0), -EINVAL);
        ck_assert_int_eq(state_of(bad[i]), -EINVAL);
    }
}
END_TEST

START_TEST(test_command_is_a_32_bit_int)
{
    struct evtchn_bind_ipi b = { .vcpu = 0 };

    memcpy(guest.bytes, &b, sizeof(b));
    ck_assert_int_eq(
        do_event_channel_op(0x100000000UL | EVTCHNOP_bind_ipi, (uint64_t)guest.bytes, 0, 0, 0), 0);
    ck_assert_int_eq(state_of(1), EVTCHNSTAT_ipi);
}
END_TEST

START_TEST(test_fifo_and_pirq_answers)
{
    struct evtchn_init_control ic = { .vcpu = 0 };
    struct evtchn_expand_array ea = { 0 };
    struct evtchn_set_priority sp = { .port = 1, .priority = 3 };
    struct evtchn_bind_pirq bp = { .pirq = 1 };

    ck_assert_int_eq(op(EVTCHNOP_init_control, &ic, sizeof(ic)), -ENOSYS);
    ck_assert_int_eq(op(EVTCHNOP_expand_array, &ea, sizeof(ea)), -EOPNOTSUPP);
    ck_assert_int_eq(op(EVTCHNOP_set_priority, &sp, sizeof(sp)), -ENOSYS);
    sp.port = 64;
    ck_assert_int_eq(op(EVTCHNOP_set_priority, &sp, sizeof(sp)), -EINVAL);
    ck_assert_int_eq(op(EVTCHNOP_bind_pirq, &bp, sizeof(bp)), -EPERM);
    bp.pirq = 0xFFFFFFFF;
    ck_assert_int_eq(op(EVTCHNOP_bind_pirq, &bp, sizeof(bp)), -EINVAL);
}
END_TEST

/* ---- the legacy hypercall 16 ----------------------------------------------- */

static long compat(void)
{
    const uint64_t args[5] = { (uint64_t)&guest.op };

    return hypercall_dispatch(__HYPERVISOR_event_channel_op_compat, args[0], args[1], args[2],
                              args[3], args[4]);
}

START_TEST(test_compat_hypercall_runs_the_same_ops)
{
    memset(&guest, 0, sizeof(guest));
    guest.op.cmd = EVTCHNOP_alloc_unbound;
    guest.op.u.alloc_unbound = (struct evtchn_alloc_unbound){ .dom = DOMID_SELF, .remote_dom = 1 };
    ck_assert_int_eq(compat(), 0);
    ck_assert_uint_eq(guest.op.u.alloc_unbound.port, 1);
    ck_assert_int_eq(state_of(1), EVTCHNSTAT_unbound);

    guest.op.cmd = EVTCHNOP_close;
    guest.op.u.close.port = 1;
    ck_assert_int_eq(compat(), 0);
    ck_assert_int_eq(compat(), -EINVAL);

    /* reset and the FIFO calls were never part of the old interface. */
    for (unsigned cmd = EVTCHNOP_reset; cmd <= EVTCHNOP_reset_cont; cmd++) {
        guest.op.cmd = cmd;
        ck_assert_int_eq(compat(), -ENOSYS);
    }
    guest.op.cmd = 99;
    ck_assert_int_eq(compat(), -ENOSYS);
    ck_assert_int_eq(do_event_channel_op_compat(0, 0, 0, 0, 0), -EFAULT);
    /* The whole 28-byte struct is read, whatever the command. */
    ck_assert_int_eq(do_event_channel_op_compat((uint64_t)&guest + sizeof(guest) - 24, 0, 0, 0, 0),
                     -EFAULT);
}
END_TEST

START_TEST(test_event_channel_op_is_hypercall_32)
{
    const uint64_t args[5] = { EVTCHNOP_bind_ipi, (uint64_t)guest.bytes };
    struct evtchn_bind_ipi b = { .vcpu = 1 };

    memcpy(guest.bytes, &b, sizeof(b));
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_event_channel_op, args[0], args[1], args[2],
                                        args[3], args[4]),
                     0);
    memcpy(&b, guest.bytes, sizeof(b));
    ck_assert_uint_eq(b.port, 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("event_channel");
    TCase *tc = tcase_create("event_channel");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_port_0_is_reserved_and_reads_as_closed);
    tcase_add_test(tc, test_ports_are_allocated_lowest_first_and_reused);
    tcase_add_test(tc, test_ports_exist_a_bucket_at_a_time);
    tcase_add_test(tc, test_4096_ports_then_enospc);
    tcase_add_loop_test(tc, test_every_op_from_every_state, 0, NR_KINDS);
    tcase_add_test(tc, test_status_reports_each_kind);
    tcase_add_test(tc, test_interdomain_connect_send_close_rebind);
    tcase_add_test(tc, test_interdomain_refusals);
    tcase_add_test(tc, test_loopback_in_one_domain);
    tcase_add_test(tc, test_destroy_returns_connected_peers_to_unbound);
    tcase_add_test(tc, test_dying_domain_gets_no_new_port);
    tcase_add_test(tc, test_send_sets_pending_selector_and_upcall);
    tcase_add_test(tc, test_masked_port_is_pending_without_upcall_until_unmasked);
    tcase_add_test(tc, test_unmask_of_an_unmasked_port_raises_nothing);
    tcase_add_test(tc, test_unmask_of_a_free_port_leaves_its_mask);
    tcase_add_test(tc, test_close_clears_pending_but_not_mask);
    tcase_add_test(tc, test_events_go_to_the_notified_vcpu);
    tcase_add_test(tc, test_virq_binding_rules);
    tcase_add_test(tc, test_unprivileged_domain_may_bind_global_virqs);
    tcase_add_test(tc, test_hypervisor_raises_virqs);
    tcase_add_test(tc, test_port_poll);
    tcase_add_test(tc, test_other_domains_ports);
    tcase_add_test(tc, test_refused_alloc_unbound_checks_port_first);
    tcase_add_test(tc, test_reset_closes_everything);
    tcase_add_test(tc, test_reset_rules);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_command_is_a_32_bit_int);
    tcase_add_test(tc, test_fifo_and_pirq_answers);
    tcase_add_test(tc, test_compat_hypercall_runs_the_same_ops);
    tcase_add_test(tc, test_event_channel_op_is_hypercall_32);
    tcase_add_test(tc, test_pending_masked_port_wakes_its_poller);
    tcase_add_test(tc, test_event_on_another_port_leaves_poller_asleep);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
