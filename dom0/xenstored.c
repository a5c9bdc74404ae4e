/*
 * dom0's xenstored (dom0/xenstored.h).  The daemon's hooks reach the
 * machine here: a domU's ring is a foreign mapping of its store page, its
 * store event channel is bound to ours and watched by the main loop.
 *
 * Invariant: a slot of domains[] is used exactly while the daemon holds a
 * ring for that domain (between the map_ring and unmap_ring hooks), and
 * its port is then watched by the loop.
 */
#include "common/errno.h"
#include "common/string.h"
#include "dom0/consoled.h"
#include "dom0/loop.h"
#include "dom0/xenstored.h"
#include "guest/console.h"
#include "guest/events.h"
#include "public/errno.h"
#include "tools/xc.h"
#include "tools/xenstore/xenstored.h"
#include "tools/xl.h"
#include "tools/xs.h"

#define XENSTORED_MAX_DOMAINS 64

struct store_domain {
    bool used;
    bool shutdown_told; /* @releaseDomain fired for its shutdown */
    unsigned domid;
    evtchn_port_t port; /* our end of its store event channel */
    struct xenstore_domain_interface *ring;
};

static struct store_domain domains[XENSTORED_MAX_DOMAINS];
static struct xs_daemon *store;
static evtchn_port_t dom_exc_port;

enum dom0_domain_state dom0_domain_state(unsigned domid)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_getdomaininfo, .domain = (domid_t)domid };

    if (xc_domctl(&op) < 0 || op.u.getdomaininfo.domain != domid)
        return DOMAIN_GONE; /* getdomaininfo moves on to the next domain up */
    if (op.u.getdomaininfo.flags & (XEN_DOMINF_dying | XEN_DOMINF_shutdown))
        return DOMAIN_SHUTDOWN;
    return DOMAIN_RUNNING;
}

static struct store_domain *find(unsigned domid)
{
    for (unsigned i = 0; i < XENSTORED_MAX_DOMAINS; i++)
        if (domains[i].used && domains[i].domid == domid)
            return &domains[i];
    return NULL;
}

static void ring_event(evtchn_port_t port, void *data)
{
    struct store_domain *s = data;
    int rc;

    if (!s->used || s->port != port)
        return;
    rc = xsd_ring_service(store, s->domid);
    if (rc < 0) {
        printk("xenstored: domain %u broke the protocol (%d): its connection is closed\n", s->domid,
               rc);
        xsd_domain_gone(store, s->domid); /* unmap_ring frees the slot */
    }
}

static struct xenstore_domain_interface *map_ring(void *ctx, unsigned domid, uint64_t mfn,
                                                  unsigned port, int *err)
{
    struct store_domain *s = NULL;
    xen_pfn_t frame = mfn;
    long rc = 0;

    for (unsigned i = 0; i < XENSTORED_MAX_DOMAINS && !s; i++)
        if (!domains[i].used)
            s = &domains[i];
    if (!s) {
        *err = XEN_ENOMEM;
        return NULL;
    }
    s->ring = xc_map_foreign((domid_t)domid, &frame, 1, &rc);
    if (!s->ring) {
        *err = (int)(rc < 0 ? -rc : XEN_EIO);
        return NULL;
    }
    rc = evtchn_bind_interdomain((domid_t)domid, port, &s->port);
    if (rc == 0) {
        rc = loop_watch(s->port, ring_event, s);
        if (rc)
            evtchn_close(s->port);
    }
    if (rc) {
        xc_unmap_foreign(s->ring, 1);
        *err = (int)(rc < 0 ? -rc : XEN_EIO);
        return NULL;
    }
    s->used = true;
    s->shutdown_told = false;
    s->domid = domid;
    loop_kick(s->port);      /* requests written before we listened */
    loop_kick(dom_exc_port); /* the console backend looks for the newcomer's console */
    return s->ring;
}

static void unmap_ring(void *ctx, unsigned domid, struct xenstore_domain_interface *ring)
{
    struct store_domain *s = find(domid);

    if (!s || s->ring != ring)
        return;
    loop_unwatch(s->port);
    evtchn_close(s->port);
    xc_unmap_foreign(s->ring, 1);
    *s = (struct store_domain){ 0 };
}

static void notify(void *ctx, unsigned domid)
{
    struct store_domain *s = find(domid);

    if (s)
        evtchn_send(s->port);
}

static bool domain_exists(void *ctx, unsigned domid)
{
    return dom0_domain_state(domid) != DOMAIN_GONE;
}

static void full_barrier(void)
{
    __asm__ volatile("mfence" ::: "memory");
}

static const struct xsd_hooks hooks = {
    .map_ring = map_ring,
    .unmap_ring = unmap_ring,
    .notify = notify,
    .domain_exists = domain_exists,
    .barrier = full_barrier,
};

void xenstored_check_domains(void)
{
    for (unsigned i = 0; i < XENSTORED_MAX_DOMAINS; i++) {
        struct store_domain *s = &domains[i];
        enum dom0_domain_state state;

        if (!s->used)
            continue;
        state = dom0_domain_state(s->domid);
        if (state == DOMAIN_GONE) {
            xsd_domain_gone(store, s->domid);
        } else if (state == DOMAIN_SHUTDOWN && !s->shutdown_told) {
            s->shutdown_told = true;
            xsd_domain_shutdown(store, s->domid);
        }
    }
}

/* VIRQ_DOM_EXC: some domain shut down or died (or a newcomer was introduced: a kick). */
static void domain_exception(evtchn_port_t port, void *data)
{
    xenstored_check_domains();
    consoled_check();
    xl_lifecycle_poll(); /* on_poweroff & co. at once, as xl's monitoring process would */
}

long xenstored_start(uint64_t dom0_kb)
{
    long rc;

    store = xsd_create(&hooks);
    if (!store)
        return -ENOMEM;
    rc = xsd_tree_dom0(store, dom0_kb, dom0_kb);
    if (rc)
        printk("xenstored: writing dom0's entries failed (%ld)\n", rc);
    xs_set_daemon(store);
    rc = evtchn_bind_virq(VIRQ_DOM_EXC, 0, &dom_exc_port);
    if (rc == 0)
        rc = loop_watch(dom_exc_port, domain_exception, NULL);
    if (rc)
        printk("xenstored: cannot watch VIRQ_DOM_EXC (%ld): domains that die are noticed late\n",
               rc);
    return 0;
}
