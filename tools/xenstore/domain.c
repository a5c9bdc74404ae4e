/*
 * Domains: introducing one gives it a connection on its ring page, releasing
 * it takes the connection away (and fires @releaseDomain), and dom0 serves
 * each ring through xsd_ring_service.  The handlers of INTRODUCE, RELEASE,
 * GET_DOMAIN_PATH, IS_DOMAIN_INTRODUCED, RESUME and SET_TARGET live here,
 * with Xen 4.17's argument checks: ids are parsed as C's atoi parses them.
 */
#include "common/format.h"
#include "common/string.h"
#include "tools/xenstore/core.h"

static void full_barrier(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static struct xs_domain *find_introduced(struct xs_daemon *d, unsigned domid)
{
    struct xs_domain *dom = domain_find(d, domid);

    return dom && dom->introduced ? dom : NULL;
}

/* A (re)introduced domain starts with empty rings, no watches, no transactions. */
static void domain_conn_reset(struct xs_domain *dom)
{
    struct xs_conn *c = dom->conn;

    if (!c)
        return;
    c->transaction = NULL;
    watch_delete_all(c);
    trans_delete_all(c);
    while (c->out_head)
        conn_pop_output(c);
    xs_free(c->payload);
    c->payload = NULL;
    c->in_payload = false;
    c->hdr_used = 0;
    if (dom->ring) {
        dom->ring->req_cons = dom->ring->req_prod = 0;
        dom->ring->rsp_cons = dom->ring->rsp_prod = 0;
    }
}

/* "domid\0mfn\0port\0" */
int do_introduce(struct xs_conn *c, const struct xs_req *in)
{
    struct xs_daemon *d = c->d;
    const char *vec[3];
    struct xs_domain *dom;
    unsigned domid;
    uint64_t mfn;
    int port, err = XEN_EINVAL;

    if (xs_get_strings(in, vec, 3) < 3)
        return XEN_EINVAL;
    domid = (unsigned)xs_atoi(vec[0]);
    mfn = (uint64_t)xs_strtol0(vec[1], NULL);
    port = xs_atoi(vec[2]);
    if (port <= 0)
        return XEN_EINVAL;
    dom = domain_get(d, domid);
    if (!dom)
        return XEN_ENOMEM;
    if (!dom->introduced) {
        struct xenstore_domain_interface *ring = NULL;

        if (d->hooks.map_ring) {
            ring = d->hooks.map_ring(d->hooks.ctx, domid, mfn, (unsigned)port, &err);
            if (!ring)
                return err ? err : XEN_EINVAL;
        }
        dom->conn = conn_new(d, domid, dom);
        if (!dom->conn) {
            if (ring && d->hooks.unmap_ring)
                d->hooks.unmap_ring(d->hooks.ctx, domid, ring);
            return XEN_ENOMEM;
        }
        dom->ring = ring;
        dom->introduced = true;
        dom->shutdown = false;
        if (domid != 0)
            watch_fire_special(d, "@introduceDomain");
    }
    dom->port = (unsigned)port;
    domain_conn_reset(dom);
    conn_ack(c, XS_INTRODUCE);
    return 0;
}

void domain_release(struct xs_daemon *d, struct xs_domain *dom)
{
    if (dom->conn)
        conn_free(dom->conn);
    dom->conn = NULL;
    if (dom->ring && d->hooks.unmap_ring)
        d->hooks.unmap_ring(d->hooks.ctx, dom->domid, dom->ring);
    dom->ring = NULL;
    dom->introduced = false;
    domain_forget_perms(d, dom->domid);
    watch_fire_special(d, "@releaseDomain");
    if (dom->domid != 0 && !dom->nbentry)
        domain_drop(d, dom); /* nothing counts on its record any more */
}

/* The single domid argument of RELEASE and RESUME: a connected domain other than dom0. */
static int arg_domain(struct xs_conn *c, const struct xs_req *in, struct xs_domain **out)
{
    const char *arg = xs_onearg(in);
    unsigned domid;

    if (!arg)
        return XEN_EINVAL;
    domid = (unsigned)xs_atoi(arg);
    if (!domid)
        return XEN_EINVAL;
    *out = find_introduced(c->d, domid);
    if (!*out)
        return XEN_ENOENT;
    return (*out)->conn ? 0 : XEN_EINVAL;
}

int do_release(struct xs_conn *c, const struct xs_req *in)
{
    struct xs_domain *dom;
    int err = arg_domain(c, in, &dom);

    if (err)
        return err;
    if (dom->conn == c)
        return XEN_EBUSY; /* a connection cannot end itself mid-message */
    domain_release(c->d, dom);
    conn_ack(c, XS_RELEASE);
    return 0;
}

int do_resume(struct xs_conn *c, const struct xs_req *in)
{
    struct xs_domain *dom;
    int err = arg_domain(c, in, &dom);

    if (err)
        return err;
    dom->shutdown = false;
    conn_ack(c, XS_RESUME);
    return 0;
}

int do_get_domain_path(struct xs_conn *c, const struct xs_req *in)
{
    const char *arg = xs_onearg(in);
    char path[32];

    if (!arg)
        return XEN_EINVAL;
    fmt_snprintf(path, sizeof(path), "/local/domain/%u", (unsigned)xs_atoi(arg));
    conn_reply(c, XS_GET_DOMAIN_PATH, path, (unsigned)strlen(path) + 1);
    return 0;
}

int do_is_domain_introduced(struct xs_conn *c, const struct xs_req *in)
{
    const char *arg = xs_onearg(in);
    unsigned domid;
    bool yes;

    if (!arg)
        return XEN_EINVAL;
    domid = (unsigned)xs_atoi(arg);
    yes = domid == XS_DOMID_SELF || find_introduced(c->d, domid);
    conn_reply(c, XS_IS_DOMAIN_INTRODUCED, yes ? "T" : "F", 2);
    return 0;
}

static int connected(struct xs_daemon *d, unsigned domid, struct xs_domain **out)
{
    *out = find_introduced(d, domid);
    if (!*out)
        return XEN_ENOENT;
    return (*out)->conn ? 0 : XEN_EINVAL;
}

/* "domid\0target\0": domid (a device model, say) acts with target's rights too. */
int do_set_target(struct xs_conn *c, const struct xs_req *in)
{
    const char *vec[2];
    struct xs_domain *dom, *tdom;
    int err;

    if (xs_get_strings(in, vec, 2) < 2)
        return XEN_EINVAL;
    err = connected(c->d, (unsigned)xs_atoi(vec[0]), &dom);
    if (!err)
        err = connected(c->d, (unsigned)xs_atoi(vec[1]), &tdom);
    if (err)
        return err;
    dom->conn->has_target = true;
    dom->conn->target = tdom->domid;
    conn_ack(c, XS_SET_TARGET);
    return 0;
}

struct xs_conn *xsd_domain_conn(struct xs_daemon *d, unsigned domid)
{
    struct xs_domain *dom = find_introduced(d, domid);

    return dom ? dom->conn : NULL;
}

void xsd_domain_shutdown(struct xs_daemon *d, unsigned domid)
{
    struct xs_domain *dom = find_introduced(d, domid);

    if (dom && !dom->shutdown) {
        dom->shutdown = true;
        watch_fire_special(d, "@releaseDomain");
    }
}

void xsd_domain_gone(struct xs_daemon *d, unsigned domid)
{
    struct xs_domain *dom = find_introduced(d, domid);

    if (dom && dom->conn)
        domain_release(d, dom);
}

/* Queued output into the response ring: 1 if something moved, 0 if not, < 0 if corrupt. */
static int ring_flush(struct xs_conn *c, struct xenstore_domain_interface *ring, void (*mb)(void))
{
    int moved = 0;

    while (c->out_head) {
        struct xs_msg *m = c->out_head;
        int n = xs_ring_write(ring, mb, m->bytes + m->used, m->len - m->used);

        if (n <= 0)
            return n < 0 ? n : moved;
        moved = 1;
        m->used += (uint32_t)n;
        if (m->used == m->len)
            conn_pop_output(c);
    }
    return moved;
}

/* Requests wait while the domain has too many replies unread or holds too much memory. */
static bool may_read(const struct xs_conn *c)
{
    if (c->ignored)
        return false;
    return conn_is_priv(c) ||
           (c->outstanding < XS_QUOTA_OUTSTANDING && c->memory < XS_QUOTA_MEMORY);
}

static int ring_fill(struct xs_conn *c, struct xenstore_domain_interface *ring, void (*mb)(void))
{
    int moved = 0;

    while (may_read(c)) {
        size_t want;
        char *slot = conn_input_slot(c, &want);
        int n = xs_ring_read(ring, mb, slot, want), err;

        if (n <= 0)
            return n < 0 ? n : moved;
        moved = 1;
        err = conn_input_done(c, (size_t)n);
        if (err)
            return err;
    }
    return moved;
}

int xsd_ring_service(struct xs_daemon *d, unsigned domid)
{
    struct xs_domain *dom = find_introduced(d, domid);
    void (*mb)(void) = d->hooks.barrier ? d->hooks.barrier : full_barrier;
    struct xs_conn *c;
    bool moved = false;
    int out, in;

    if (!dom || !dom->conn || !dom->ring)
        return -XEN_ENOENT;
    c = dom->conn;
    if (c->ignored)
        return -XEN_EBADMSG;
    do {
        out = ring_flush(c, dom->ring, mb);
        in = out < 0 ? 0 : ring_fill(c, dom->ring, mb);
        moved |= out > 0 || in > 0;
    } while (out > 0 || in > 0);
    if (out < 0 || in < 0) {
        /* Xen's ignore_connection: the domain keeps its place, not its voice. */
        c->transaction = NULL;
        watch_delete_all(c);
        trans_delete_all(c);
        while (c->out_head)
            conn_pop_output(c);
        c->ignored = true;
    }
    if (moved && d->hooks.notify)
        d->hooks.notify(d->hooks.ctx, domid);
    return out < 0 ? out : in < 0 ? in : 0;
}
