/*
 * Event channels in the 2-level ABI (public/event_channel.h): every domain's ports, the
 * event_channel_op hypercall (and its legacy form, hypercall 16) and the
 * hypervisor's VIRQs.
 *
 * A domain has up to EVTCHN_2L_NR_CHANNELS ports, stored in buckets of
 * PORTS_PER_BUCKET allocated as the lowest free port runs past them: port
 * p exists iff p < nr_valid.  Port p is bit p of shared_info's
 * evtchn_pending and evtchn_mask.
 *
 * The life of a port:
 *
 *   FREE --alloc_unbound--------> UNBOUND (remote_domid may connect)
 *   FREE --bind_interdomain-----> INTERDOMAIN, and the remote UNBOUND port
 *                                 it names becomes INTERDOMAIN too
 *   FREE --bind_virq / bind_ipi-> VIRQ / IPI
 *   UNBOUND, VIRQ, IPI --close--> FREE
 *   INTERDOMAIN --close---------> FREE, and the peer port -> UNBOUND
 *                                 (remote_domid = the closer's domain)
 *   RESERVED: port 0, for ever; it reads as closed and refuses the rest.
 *
 * reset closes every port of a domain; evtchn_destroy closes every port
 * and lets no new one be allocated.
 *
 * Invariants:
 *  - an INTERDOMAIN port's peer is an INTERDOMAIN port naming it back
 *    (the same domain for a loopback);
 *  - a domain stays valid while a peer port names it: destroying it first
 *    closes that link, which needs the peer's lock;
 *  - virq_port[v][virq] is the VIRQ port bound to virq on vCPU v (global
 *    VIRQs on row 0), or 0;
 *  - closing a port clears its pending bit; mask bits are the guest's.
 *
 * Locking: one lock per table guards its ports.  Making or breaking a link
 * also holds link_lock, taken first; under it the two tables are locked in
 * domain id order.  A send holds only the sender's lock: the link, hence
 * the peer domain, cannot change while it is held.
 *
 * Checks, their order and the error codes are Xen 4.17's.
 */
#include "public/event_channel.h"
#include "public/xen.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/domain.h"
#include "xen/event_channel.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/printk.h"
#include "xen/sched_op.h"
#include "xen/spinlock.h"
#include "xen/xmalloc.h"

/* Xen 4.17's bucket size: guests see it as which unused ports exist. */
#define PORTS_PER_BUCKET 64
#define NR_BUCKETS       (EVTCHN_2L_NR_CHANNELS / PORTS_PER_BUCKET)

/*
 * No domain is given physical IRQs: a PIRQ below this is refused as one
 * the domain may not use, one above it as out of range (Xen's answers).
 */
#define NR_PIRQS 256

enum port_state {
    PORT_FREE,
    PORT_RESERVED,
    PORT_UNBOUND,
    PORT_INTERDOMAIN,
    PORT_VIRQ,
    PORT_IPI,
};

struct evtchn {
    uint8_t state;        /* enum port_state */
    unsigned notify_vcpu; /* vCPU told of events on this port */
    union {
        domid_t remote_domid; /* UNBOUND: the domain that may connect */
        struct {
            struct domain *dom;
            evtchn_port_t port;
        } peer;        /* INTERDOMAIN: the other end */
        unsigned virq; /* VIRQ */
    } u;
};

struct evtchn_table {
    spinlock_t lock;
    bool dead;         /* destroyed: no port can be allocated */
    unsigned nr_valid; /* ports [0, nr_valid) exist */
    struct evtchn *bucket[NR_BUCKETS];
    evtchn_port_t virq_port[][NR_VIRQS]; /* per vCPU */
};

static spinlock_t link_lock = SPINLOCK_INIT;

/* The domain each global VIRQ goes to (0, the hardware domain, by default). */
static domid_t global_virq_handler[NR_VIRQS];

/* ---- bits in shared_info ---------------------------------------------- */

static bool bit_test(volatile xen_ulong_t *words, unsigned nr)
{
    return __atomic_load_n(&words[nr / 64], __ATOMIC_SEQ_CST) & (1UL << (nr % 64));
}

static bool bit_test_and_set(volatile xen_ulong_t *words, unsigned nr)
{
    xen_ulong_t bit = 1UL << (nr % 64);

    return __atomic_fetch_or(&words[nr / 64], bit, __ATOMIC_SEQ_CST) & bit;
}

static bool bit_test_and_clear(volatile xen_ulong_t *words, unsigned nr)
{
    xen_ulong_t bit = 1UL << (nr % 64);

    return __atomic_fetch_and(&words[nr / 64], ~bit, __ATOMIC_SEQ_CST) & bit;
}

/* ---- ports -------------------------------------------------------------- */

/* A port known to exist (a peer named by a link). */
static struct evtchn *port_at(struct evtchn_table *t, evtchn_port_t port)
{
    return &t->bucket[port / PORTS_PER_BUCKET][port % PORTS_PER_BUCKET];
}

/* A port a guest named: NULL if it does not exist.  Table lock held. */
static struct evtchn *port_lookup(struct evtchn_table *t, evtchn_port_t port)
{
    return port < t->nr_valid ? port_at(t, port) : NULL;
}

/* Bound to something (the only ports events and unmasking act on). */
static bool port_in_use(const struct evtchn *chn)
{
    return chn->state > PORT_RESERVED;
}

/* The lowest free port, growing the table by a bucket if needed. */
static int get_free_port(struct domain *d)
{
    struct evtchn_table *t = d->evtchn;
    struct evtchn *bucket;
    unsigned port;

    if (t->dead || d->state == DOMAIN_DYING)
        return -EINVAL;
    for (port = 0; port < t->nr_valid; port++)
        if (port_at(t, port)->state == PORT_FREE)
            return port;
    if (t->nr_valid >= EVTCHN_2L_NR_CHANNELS)
        return -ENOSPC;
    bucket = xmalloc(PORTS_PER_BUCKET * sizeof(*bucket));
    if (!bucket)
        return -ENOMEM;
    t->bucket[port / PORTS_PER_BUCKET] = bucket;
    __atomic_store_n(&t->nr_valid, port + PORTS_PER_BUCKET, __ATOMIC_RELEASE);
    return port;
}

/* v has news: flag it, and kick it if it had none. */
static void mark_upcall_pending(struct vcpu *v)
{
    if (!__atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
        arch_vcpu_kick(v);
}

/* The pending, unmasked port's word has news for v. */
static void raise_selector(struct vcpu *v, evtchn_port_t port)
{
    if (!v->vcpu_info) /* a vCPU >= 32 that registered no vcpu_info */
        return;
    if (!bit_test_and_set(&v->vcpu_info->evtchn_pending_sel, port / 64))
        mark_upcall_pending(v);
}

/* Deliver an event on d's port: pending bit, then selector and upcall. */
static void set_pending(struct domain *d, struct evtchn *chn, evtchn_port_t port)
{
    struct shared_info *s = d->shared_info;

    if (!port_in_use(chn) || bit_test_and_set(s->evtchn_pending, port))
        return;
    if (!bit_test(s->evtchn_mask, port))
        raise_selector(d->vcpus[chn->notify_vcpu], port);
    sched_poll_notify(d, port); /* pollers wake even for a masked port */
}

static void free_port(struct domain *d, struct evtchn *chn, evtchn_port_t port)
{
    bit_test_and_clear(d->shared_info->evtchn_pending, port);
    chn->state = PORT_FREE;
    chn->notify_vcpu = 0;
}

bool evtchn_virq_is_global(unsigned virq)
{
    switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return false;
    default:
        return true; /* on x86 every VIRQ_ARCH_* too */
    }
}

/* ---- domains ------------------------------------------------------------ */

/* id or DOMID_SELF, with a reference; NULL if there is no such domain. */
static struct domain *lookup_any(domid_t id)
{
    if (id == DOMID_SELF) {
        domain_get(current->domain);
        return current->domain;
    }
    return domain_lookup(id);
}

/* May the caller act on d's ports (itself, or the control domain)? */
static bool may_control(const struct domain *d)
{
    return d == current->domain || current->domain->is_privileged;
}

/* Lock two tables (possibly the same one) in domain id order. */
static void lock_pair(struct domain *a, struct domain *b)
{
    if (a->domain_id > b->domain_id) {
        struct domain *tmp = a;
        a = b;
        b = tmp;
    }
    spin_lock(&a->evtchn->lock);
    if (b != a)
        spin_lock(&b->evtchn->lock);
}

static void unlock_pair(struct domain *a, struct domain *b)
{
    if (b != a)
        spin_unlock(&b->evtchn->lock);
    spin_unlock(&a->evtchn->lock);
}

/* ---- the sub-operations ------------------------------------------------- */

static long alloc_unbound(void *p)
{
    struct evtchn_alloc_unbound *arg = p;
    struct domain *d = lookup_any(arg->dom);
    struct evtchn *chn;
    int port;

    if (!d)
        return -ESRCH;
    spin_lock(&d->evtchn->lock);
    port = get_free_port(d);
    if (port >= 0 && !may_control(d))
        port = -EPERM; /* Xen asks only after finding the port */
    if (port >= 0) {
        chn = port_at(d->evtchn, port);
        chn->state = PORT_UNBOUND;
        chn->u.remote_domid =
            arg->remote_dom == DOMID_SELF ? current->domain->domain_id : arg->remote_dom;
        arg->port = port;
    }
    spin_unlock(&d->evtchn->lock);
    domain_put(d);
    return port < 0 ? port : 0;
}

/* Connect a new port of ours to rd's port, unbound for us. */
static long bind_interdomain(void *p)
{
    struct evtchn_bind_interdomain *arg = p;
    struct domain *ld = current->domain, *rd = lookup_any(arg->remote_dom);
    struct evtchn *lchn, *rchn;
    int lport;

    if (!rd)
        return -ESRCH;
    spin_lock(&link_lock);
    lock_pair(ld, rd);
    lport = get_free_port(ld); /* before the remote port is even looked at */
    rchn = port_lookup(rd->evtchn, arg->remote_port);
    if (lport >= 0 &&
        (!rchn || rchn->state != PORT_UNBOUND || rchn->u.remote_domid != ld->domain_id))
        lport = -EINVAL;
    if (lport >= 0) {
        lchn = port_at(ld->evtchn, lport);
        lchn->state = PORT_INTERDOMAIN;
        lchn->u.peer.dom = rd;
        lchn->u.peer.port = arg->remote_port;
        rchn->state = PORT_INTERDOMAIN;
        rchn->u.peer.dom = ld;
        rchn->u.peer.port = lport;
        /* Sends to the unbound port were dropped: assume one was. */
        set_pending(ld, lchn, lport);
        arg->local_port = lport;
    }
    unlock_pair(ld, rd);
    spin_unlock(&link_lock);
    domain_put(rd);
    return lport < 0 ? lport : 0;
}

static long bind_virq(void *p)
{
    struct evtchn_bind_virq *arg = p;
    struct domain *d = current->domain;
    evtchn_port_t *slot;
    struct evtchn *chn;
    int port;

    if (arg->virq >= NR_VIRQS)
        return -EINVAL;
    if (evtchn_virq_is_global(arg->virq) && arg->vcpu != 0)
        return -EINVAL;
    if (arg->vcpu >= d->max_vcpus)
        return -ENOENT;
    spin_lock(&d->evtchn->lock);
    slot = &d->evtchn->virq_port[arg->vcpu][arg->virq];
    port = *slot ? -EEXIST : get_free_port(d);
    if (port >= 0) {
        chn = port_at(d->evtchn, port);
        chn->state = PORT_VIRQ;
        chn->notify_vcpu = arg->vcpu;
        chn->u.virq = arg->virq;
        *slot = arg->port = port;
    }
    spin_unlock(&d->evtchn->lock);
    return port < 0 ? port : 0;
}

static long bind_ipi(void *p)
{
    struct evtchn_bind_ipi *arg = p;
    struct domain *d = current->domain;
    struct evtchn *chn;
    int port;

    if (arg->vcpu >= d->max_vcpus)
        return -ENOENT;
    spin_lock(&d->evtchn->lock);
    port = get_free_port(d);
    if (port >= 0) {
        chn = port_at(d->evtchn, port);
        chn->state = PORT_IPI;
        chn->notify_vcpu = arg->vcpu;
        arg->port = port;
    }
    spin_unlock(&d->evtchn->lock);
    return port < 0 ? port : 0;
}

/* No domain may use a physical IRQ yet. */
static long bind_pirq(void *p)
{
    const struct evtchn_bind_pirq *arg = p;

    return arg->pirq >= NR_PIRQS ? -EINVAL : -EPERM;
}

/* Break an INTERDOMAIN port's link; d1's table and link_lock are held. */
static void unlink_port(struct domain *d1, struct evtchn *chn, evtchn_port_t port)
{
    struct domain *d2 = chn->u.peer.dom;
    struct evtchn *peer;

    if (d2 != d1) {
        /* Both tables, in id order; under link_lock the link stays put. */
        if (d1->domain_id > d2->domain_id) {
            spin_unlock(&d1->evtchn->lock);
            spin_lock(&d2->evtchn->lock);
            spin_lock(&d1->evtchn->lock);
        } else {
            spin_lock(&d2->evtchn->lock);
        }
    }
    peer = port_at(d2->evtchn, chn->u.peer.port);
    BUG_ON(peer->state != PORT_INTERDOMAIN || peer->u.peer.dom != d1 || peer->u.peer.port != port);
    peer->state = PORT_UNBOUND;
    peer->u.remote_domid = d1->domain_id;
    free_port(d1, chn, port);
    if (d2 != d1)
        spin_unlock(&d2->evtchn->lock);
}

static long close_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn_table *t = d->evtchn;
    struct evtchn *chn;
    long rc = 0;

    spin_lock(&link_lock);
    spin_lock(&t->lock);
    chn = port_lookup(t, port);
    if (!chn || !port_in_use(chn)) {
        rc = -EINVAL;
    } else if (chn->state == PORT_INTERDOMAIN) {
        unlink_port(d, chn, port);
    } else {
        if (chn->state == PORT_VIRQ) {
            unsigned row = evtchn_virq_is_global(chn->u.virq) ? 0 : chn->notify_vcpu;
            ASSERT(t->virq_port[row][chn->u.virq] == port);
            t->virq_port[row][chn->u.virq] = 0;
        }
        free_port(d, chn, port);
    }
    spin_unlock(&t->lock);
    spin_unlock(&link_lock);
    return rc;
}

static long op_close(void *p)
{
    const struct evtchn_close *arg = p;

    return close_port(current->domain, arg->port);
}

static long op_send(void *p)
{
    const struct evtchn_send *arg = p;
    struct domain *ld = current->domain, *rd;
    struct evtchn *chn;
    long rc = 0;

    spin_lock(&ld->evtchn->lock);
    chn = port_lookup(ld->evtchn, arg->port);
    switch (chn ? chn->state : PORT_FREE) {
    case PORT_INTERDOMAIN:
        rd = chn->u.peer.dom;
        /* Our lock holds the link: the peer port names this one back. */
        ASSERT(port_at(rd->evtchn, chn->u.peer.port)->state == PORT_INTERDOMAIN &&
               port_at(rd->evtchn, chn->u.peer.port)->u.peer.dom == ld &&
               port_at(rd->evtchn, chn->u.peer.port)->u.peer.port == arg->port);
        set_pending(rd, port_at(rd->evtchn, chn->u.peer.port), chn->u.peer.port);
        break;
    case PORT_IPI:
        set_pending(ld, chn, arg->port);
        break;
    case PORT_UNBOUND:
        break; /* nobody to tell: dropped */
    default:
        rc = -EINVAL;
    }
    spin_unlock(&ld->evtchn->lock);
    return rc;
}

/* Fill in what the guest asked about; the rest of arg->u is left as given. */
static void describe_port(const struct evtchn *chn, struct evtchn_status *arg)
{
    static const uint32_t status_of[] = {
        [PORT_FREE] = EVTCHNSTAT_closed,     [PORT_RESERVED] = EVTCHNSTAT_closed,
        [PORT_UNBOUND] = EVTCHNSTAT_unbound, [PORT_INTERDOMAIN] = EVTCHNSTAT_interdomain,
        [PORT_VIRQ] = EVTCHNSTAT_virq,       [PORT_IPI] = EVTCHNSTAT_ipi,
    };

    arg->status = status_of[chn->state];
    arg->vcpu = chn->notify_vcpu;
    if (chn->state == PORT_UNBOUND) {
        arg->u.unbound.dom = chn->u.remote_domid;
    } else if (chn->state == PORT_INTERDOMAIN) {
        arg->u.interdomain.dom = chn->u.peer.dom->domain_id;
        arg->u.interdomain.port = chn->u.peer.port;
    } else if (chn->state == PORT_VIRQ) {
        arg->u.virq = chn->u.virq;
    }
}

static long op_status(void *p)
{
    struct evtchn_status *arg = p;
    struct domain *d = lookup_any(arg->dom);
    struct evtchn *chn;
    long rc = 0;

    if (!d)
        return -ESRCH;
    spin_lock(&d->evtchn->lock);
    chn = port_lookup(d->evtchn, arg->port);
    if (!chn)
        rc = -EINVAL;
    else if (!may_control(d))
        rc = -EPERM;
    else
        describe_port(chn, arg);
    spin_unlock(&d->evtchn->lock);
    domain_put(d);
    return rc;
}

static long op_bind_vcpu(void *p)
{
    const struct evtchn_bind_vcpu *arg = p;
    struct domain *d = current->domain;
    struct evtchn *chn;
    long rc = 0;

    if (arg->vcpu >= d->max_vcpus)
        return -ENOENT;
    spin_lock(&d->evtchn->lock);
    chn = port_lookup(d->evtchn, arg->port);
    /* A per-vCPU VIRQ stays on its vCPU; IPIs are bound to theirs. */
    if (chn && (chn->state == PORT_UNBOUND || chn->state == PORT_INTERDOMAIN ||
                (chn->state == PORT_VIRQ && evtchn_virq_is_global(chn->u.virq))))
        chn->notify_vcpu = arg->vcpu;
    else
        rc = -EINVAL;
    spin_unlock(&d->evtchn->lock);
    return rc;
}

/* Clear the mask; if that unmasked a pending port, deliver it now. */
static long op_unmask(void *p)
{
    const struct evtchn_unmask *arg = p;
    struct domain *d = current->domain;
    struct shared_info *s = d->shared_info;
    struct evtchn *chn;
    evtchn_port_t port = arg->port;
    long rc = 0;

    spin_lock(&d->evtchn->lock);
    chn = port_lookup(d->evtchn, port);
    if (!chn)
        rc = -EINVAL;
    else if (port_in_use(chn) && bit_test_and_clear(s->evtchn_mask, port) &&
             bit_test(s->evtchn_pending, port))
        raise_selector(d->vcpus[chn->notify_vcpu], port);
    spin_unlock(&d->evtchn->lock);
    return rc;
}

static void close_all(struct domain *d)
{
    for (evtchn_port_t port = 1; port < __atomic_load_n(&d->evtchn->nr_valid, __ATOMIC_ACQUIRE);
         port++)
        close_port(d, port);
}

/*
 * Close every port of a domain: the caller's own, or (for the control
 * domain) a paused one's.  Never preempted (4096 ports at most), so no
 * reset is ever left half done and a continuation (reset_cont) is -EBUSY.
 */
static long reset(const struct evtchn_reset *arg, bool resuming)
{
    struct domain *d = lookup_any(arg->dom);
    long rc = 0;

    if (!d)
        return -ESRCH;
    if (!may_control(d))
        rc = -EPERM;
    else if (d != current->domain && !__atomic_load_n(&d->pause_count, __ATOMIC_ACQUIRE))
        rc = -EINVAL;
    else if (resuming)
        rc = -EBUSY;
    else
        close_all(d);
    domain_put(d);
    return rc;
}

static long op_reset(void *p)
{
    return reset(p, false);
}

static long op_reset_cont(void *p)
{
    return reset(p, true);
}

/* The FIFO ABI is not offered: guests (Linux) fall back to 2-level. */
static long op_init_control(void *p)
{
    return -ENOSYS;
}

/* Xen's answer to a domain that never switched to FIFO. */
static long op_expand_array(void *p)
{
    return -EOPNOTSUPP;
}

/* Priorities are FIFO's; the 2-level ABI has none (Xen's answers). */
static long op_set_priority(void *p)
{
    const struct evtchn_set_priority *arg = p;
    struct domain *d = current->domain;
    long rc;

    spin_lock(&d->evtchn->lock);
    rc = port_lookup(d->evtchn, arg->port) ? -ENOSYS : -EINVAL;
    spin_unlock(&d->evtchn->lock);
    return rc;
}

/* ---- the hypercalls ----------------------------------------------------- */

typedef long subop_fn(void *arg);

static const struct {
    subop_fn *run;
    uint8_t size; /* bytes of the argument, copied in first */
    bool out;     /* copied back out on success */
    bool legacy;  /* also reachable through hypercall 16 */
} subops[] = {
#define SUBOP(cmd, fn, type, out, legacy) [cmd] = { fn, sizeof(type), out, legacy }
    SUBOP(EVTCHNOP_bind_interdomain, bind_interdomain, struct evtchn_bind_interdomain, true, true),
    SUBOP(EVTCHNOP_bind_virq, bind_virq, struct evtchn_bind_virq, true, true),
    SUBOP(EVTCHNOP_bind_pirq, bind_pirq, struct evtchn_bind_pirq, true, true),
    SUBOP(EVTCHNOP_close, op_close, struct evtchn_close, false, true),
    SUBOP(EVTCHNOP_send, op_send, struct evtchn_send, false, true),
    SUBOP(EVTCHNOP_status, op_status, struct evtchn_status, true, true),
    SUBOP(EVTCHNOP_alloc_unbound, alloc_unbound, struct evtchn_alloc_unbound, true, true),
    SUBOP(EVTCHNOP_bind_ipi, bind_ipi, struct evtchn_bind_ipi, true, true),
    SUBOP(EVTCHNOP_bind_vcpu, op_bind_vcpu, struct evtchn_bind_vcpu, false, true),
    SUBOP(EVTCHNOP_unmask, op_unmask, struct evtchn_unmask, false, true),
    SUBOP(EVTCHNOP_reset, op_reset, struct evtchn_reset, false, false),
    SUBOP(EVTCHNOP_init_control, op_init_control, struct evtchn_init_control, true, false),
    SUBOP(EVTCHNOP_expand_array, op_expand_array, struct evtchn_expand_array, false, false),
    SUBOP(EVTCHNOP_set_priority, op_set_priority, struct evtchn_set_priority, false, false),
    SUBOP(EVTCHNOP_reset_cont, op_reset_cont, struct evtchn_reset, false, false),
#undef SUBOP
};

static long run_subop(unsigned cmd, uint64_t arg, bool legacy)
{
    union {
        uint8_t bytes[32];
        uint64_t align;
    } buf;
    long rc;

    if (cmd >= ARRAY_SIZE(subops) || !subops[cmd].run || (legacy && !subops[cmd].legacy))
        return -ENOSYS;
    if (copy_from_guest(&buf, arg, subops[cmd].size))
        return -EFAULT;
    rc = subops[cmd].run(&buf);
    /* A port allocated but not reported stays allocated, as in Xen. */
    if (rc == 0 && subops[cmd].out && copy_to_guest(arg, &buf, subops[cmd].size))
        rc = -EFAULT;
    return rc;
}

long do_event_channel_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    return run_subop((unsigned)(int)cmd, arg, false);
}

/* Hypercall 16: struct evtchn_op { cmd; union u } in one buffer. */
long do_event_channel_op_compat(uint64_t uop, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct evtchn_op op;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    return run_subop(op.cmd, uop + offsetof(struct evtchn_op, u), true);
}

/* ---- the hypervisor's side ---------------------------------------------- */

int evtchn_init(struct domain *d)
{
    struct evtchn_table *t;

    t = xmalloc(sizeof(*t) + d->max_vcpus * sizeof(t->virq_port[0]));
    if (!t)
        return -ENOMEM;
    t->bucket[0] = xmalloc(PORTS_PER_BUCKET * sizeof(struct evtchn));
    if (!t->bucket[0]) {
        xfree(t);
        return -ENOMEM;
    }
    t->nr_valid = PORTS_PER_BUCKET;
    t->bucket[0][0].state = PORT_RESERVED;
    d->evtchn = t;
    return 0;
}

void evtchn_destroy(struct domain *d)
{
    if (!d->evtchn)
        return;
    spin_lock(&d->evtchn->lock);
    d->evtchn->dead = true;
    spin_unlock(&d->evtchn->lock);
    close_all(d);
    for (unsigned virq = 0; virq < NR_VIRQS; virq++)
        if (__atomic_load_n(&global_virq_handler[virq], __ATOMIC_ACQUIRE) == d->domain_id)
            __atomic_store_n(&global_virq_handler[virq], 0, __ATOMIC_RELEASE);
}

void evtchn_destroy_final(struct domain *d)
{
    struct evtchn_table *t = d->evtchn;

    if (!t)
        return;
    evtchn_destroy(d);
    for (unsigned i = 0; i < NR_BUCKETS; i++)
        xfree(t->bucket[i]);
    xfree(t);
    d->evtchn = NULL;
}

int evtchn_send_virq(struct vcpu *v, unsigned virq)
{
    struct evtchn_table *t = v->domain->evtchn;
    evtchn_port_t port;

    if (virq >= NR_VIRQS || evtchn_virq_is_global(virq))
        return -EINVAL;
    spin_lock(&t->lock);
    port = t->virq_port[v->vcpu_id][virq];
    ASSERT(!port || (port_at(t, port)->state == PORT_VIRQ && port_at(t, port)->u.virq == virq &&
                     port_at(t, port)->notify_vcpu == v->vcpu_id));
    if (port)
        set_pending(v->domain, port_at(t, port), port);
    spin_unlock(&t->lock);
    return port ? 0 : -ENOENT;
}

void evtchn_send_global_virq(struct domain *d, unsigned virq)
{
    struct evtchn_table *t = d->evtchn;
    evtchn_port_t port;

    if (virq >= NR_VIRQS || !evtchn_virq_is_global(virq) || !t)
        return;
    spin_lock(&t->lock);
    port = t->virq_port[0][virq];
    ASSERT(!port || (port_at(t, port)->state == PORT_VIRQ && port_at(t, port)->u.virq == virq));
    if (port)
        set_pending(d, port_at(t, port), port);
    spin_unlock(&t->lock);
}

void evtchn_raise_global_virq(unsigned virq)
{
    struct domain *d;

    if (virq >= NR_VIRQS)
        return;
    d = domain_lookup(__atomic_load_n(&global_virq_handler[virq], __ATOMIC_ACQUIRE));
    if (!d)
        return;
    evtchn_send_global_virq(d, virq);
    domain_put(d);
}

int evtchn_set_global_virq_handler(domid_t id, unsigned virq)
{
    if (virq >= NR_VIRQS || !evtchn_virq_is_global(virq))
        return -EINVAL;
    __atomic_store_n(&global_virq_handler[virq], id, __ATOMIC_RELEASE);
    return 0;
}

int evtchn_port_poll(struct domain *d, evtchn_port_t port)
{
    struct evtchn_table *t = d->evtchn;

    if (port >= __atomic_load_n(&t->nr_valid, __ATOMIC_ACQUIRE))
        return -EINVAL;
    return bit_test(d->shared_info->evtchn_pending, port);
}

/* Debug key 'e': every port of d in use, with its pending and mask bits. */
void evtchn_dump(struct domain *d)
{
    static const char *const kinds[] = {
        "free", "reserved", "unbound", "interdomain", "virq", "ipi"
    };
    struct evtchn_table *t = d->evtchn;

    printk("Event channel information for domain %u:\n", d->domain_id);
    if (!t)
        return;
    printk("    port [p/m]: state, notified vCPU\n");
    spin_lock(&t->lock);
    for (evtchn_port_t port = 1; port < t->nr_valid; port++) {
        const struct evtchn *chn = port_at(t, port);

        if (!port_in_use(chn))
            continue;
        printk("    %4u [%d/%d]: %s v%u", port, bit_test(d->shared_info->evtchn_pending, port),
               bit_test(d->shared_info->evtchn_mask, port), kinds[chn->state], chn->notify_vcpu);
        if (chn->state == PORT_UNBOUND)
            printk(" remote d%u\n", chn->u.remote_domid);
        else if (chn->state == PORT_INTERDOMAIN)
            printk(" peer d%u port %u\n", chn->u.peer.dom->domain_id, chn->u.peer.port);
        else if (chn->state == PORT_VIRQ)
            printk(" virq %u\n", chn->u.virq);
        else
            printk("\n");
    }
    spin_unlock(&t->lock);
}
