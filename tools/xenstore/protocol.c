/*
 * The protocol engine: connections, the one dispatch table of message
 * types, replies and watch events, and the daemon's birth and death.
 *
 * A connection assembles a 16-byte xsd_sockmsg header and its payload from
 * whatever bytes it is fed; a complete message is answered at once.  A
 * header announcing more than XENSTORE_PAYLOAD_MAX bytes breaks the stream:
 * the connection is ignored from then on (Xen's ignore_connection), which
 * costs that client only.  Replies echo req_id and tx_id; errors are XS_ERROR
 * with the error's name; watch events carry req_id and tx_id 0.
 */
#include "common/string.h"
#include "tools/xenstore/core.h"

#define XS_FLAG_NOTID 1u /* the transaction id is ignored */
#define XS_FLAG_PRIV  2u /* privileged connections only (else EACCES) */

static const struct {
    int (*fn)(struct xs_conn *c, const struct xs_req *in);
    unsigned flags;
} wire_funcs[XS_TYPE_COUNT] = {
    [XS_CONTROL] = { do_control, XS_FLAG_PRIV },
    [XS_DIRECTORY] = { do_directory, 0 },
    [XS_READ] = { do_read, 0 },
    [XS_GET_PERMS] = { do_get_perms, 0 },
    [XS_WATCH] = { do_watch, XS_FLAG_NOTID },
    [XS_UNWATCH] = { do_unwatch, XS_FLAG_NOTID },
    [XS_TRANSACTION_START] = { do_transaction_start, 0 },
    [XS_TRANSACTION_END] = { do_transaction_end, 0 },
    [XS_INTRODUCE] = { do_introduce, XS_FLAG_PRIV },
    [XS_RELEASE] = { do_release, XS_FLAG_PRIV },
    [XS_GET_DOMAIN_PATH] = { do_get_domain_path, 0 },
    [XS_WRITE] = { do_write, 0 },
    [XS_MKDIR] = { do_mkdir, 0 },
    [XS_RM] = { do_rm, 0 },
    [XS_SET_PERMS] = { do_set_perms, 0 },
    /* XS_WATCH_EVENT and XS_ERROR only travel to clients; 20 was XS_RESTRICT: ENOSYS */
    [XS_IS_DOMAIN_INTRODUCED] = { do_is_domain_introduced, XS_FLAG_PRIV },
    [XS_RESUME] = { do_resume, XS_FLAG_PRIV },
    [XS_SET_TARGET] = { do_set_target, XS_FLAG_PRIV },
    [XS_RESET_WATCHES] = { do_reset_watches, 0 },
    [XS_DIRECTORY_PART] = { do_directory_part, 0 },
};

/* A message with its header filled in; the caller writes the len payload bytes. */
static struct xs_msg *msg_new(uint32_t type, uint32_t req_id, uint32_t tx_id, unsigned len)
{
    struct xs_msg *m = xs_malloc(sizeof(*m) + sizeof(struct xsd_sockmsg) + len);
    struct xsd_sockmsg hdr = { .type = type, .req_id = req_id, .tx_id = tx_id, .len = len };

    if (!m)
        return NULL;
    m->next = NULL;
    m->len = (uint32_t)sizeof(hdr) + len;
    m->used = 0;
    m->reply = m->event = false;
    memcpy(m->bytes, &hdr, sizeof(hdr));
    return m;
}

static void conn_queue(struct xs_conn *c, struct xs_msg *m)
{
    if (c->out_tail)
        c->out_tail->next = m;
    else
        c->out_head = m;
    c->out_tail = m;
}

static void conn_drop_output(struct xs_conn *c)
{
    while (c->out_head)
        conn_pop_output(c);
}

/* Count bytes held for c; an unprivileged domain may not pass XS_QUOTA_MEMORY. */
bool conn_mem_charge(struct xs_conn *c, size_t bytes)
{
    if (!conn_is_priv(c) && c->memory + bytes > XS_QUOTA_MEMORY)
        return false;
    c->memory += bytes;
    return true;
}

void conn_mem_uncharge(struct xs_conn *c, size_t bytes)
{
    c->memory = bytes < c->memory ? c->memory - bytes : 0;
}

static void conn_error(struct xs_conn *c, int err)
{
    const char *name = xs_error_name(err);

    conn_reply(c, XS_ERROR, name, (unsigned)strlen(name) + 1);
}

void conn_reply(struct xs_conn *c, uint32_t type, const void *data, unsigned len)
{
    struct xs_msg *m;

    if (len > XENSTORE_PAYLOAD_MAX) {
        conn_error(c, XEN_E2BIG);
        return;
    }
    m = msg_new(type, c->request->req_id, c->request->tx_id, len);
    if (!m)
        return; /* the client waits in vain, as when Xen's xenstored is out of memory */
    if (len)
        memcpy(m->bytes + sizeof(struct xsd_sockmsg), data, len);
    m->reply = true;
    c->outstanding++;
    c->memory += m->len; /* replies are bounded by the outstanding quota instead */
    conn_queue(c, m);
}

void conn_ack(struct xs_conn *c, uint32_t type)
{
    conn_reply(c, type, "OK", 3);
}

/* Events are best effort: too long, out of memory or already pending ones are dropped. */
void conn_event(struct xs_conn *c, const char *path, const char *token)
{
    unsigned plen = (unsigned)strlen(path) + 1, len = plen + (unsigned)strlen(token) + 1;
    struct xs_msg *m;

    if (len > XENSTORE_PAYLOAD_MAX || c->ignored)
        return;
    m = msg_new(XS_WATCH_EVENT, 0, 0, len);
    if (!m)
        return;
    memcpy(m->bytes + sizeof(struct xsd_sockmsg), path, plen);
    memcpy(m->bytes + sizeof(struct xsd_sockmsg) + plen, token, len - plen);
    m->event = true;
    if (path[0] != '@') {
        for (struct xs_msg *o = c->out_head; o; o = o->next) {
            if (o->event && o->len == m->len && memcmp(o->bytes, m->bytes, m->len) == 0) {
                xs_free(m);
                return;
            }
        }
    }
    if (!conn_mem_charge(c, m->len)) {
        xs_free(m);
        return;
    }
    conn_queue(c, m);
}

static void process_message(struct xs_conn *c)
{
    struct xs_req in = { .hdr = &c->hdr, .buf = c->payload, .len = c->hdr.len };
    uint32_t type = c->hdr.type;
    struct xs_trans *t = NULL;
    int err = 0;

    c->request = &c->hdr;
    if (type >= XS_TYPE_COUNT || !wire_funcs[type].fn)
        err = XEN_ENOSYS;
    else if ((wire_funcs[type].flags & XS_FLAG_PRIV) && !conn_is_priv(c))
        err = XEN_EACCES;
    else if (!(wire_funcs[type].flags & XS_FLAG_NOTID))
        t = trans_lookup(c, c->hdr.tx_id, &err);
    if (!err) {
        c->transaction = t;
        err = wire_funcs[type].fn(c, &in);
        c->transaction = NULL;
    }
    if (err)
        conn_error(c, err);
    c->request = NULL;
}

static void conn_ignore(struct xs_conn *c)
{
    c->ignored = true;
    watch_delete_all(c);
    trans_delete_all(c);
    conn_drop_output(c);
    xs_free(c->payload);
    c->payload = NULL;
}

/* Where the next input bytes go, and how many the current piece still needs. */
char *conn_input_slot(struct xs_conn *c, size_t *want)
{
    if (!c->in_payload) {
        *want = sizeof(c->hdr) - c->hdr_used;
        return (char *)&c->hdr + c->hdr_used;
    }
    *want = c->hdr.len - c->payload_used;
    return c->payload + c->payload_used;
}

/* n bytes arrived in the slot: finish the header or the message. */
int conn_input_done(struct xs_conn *c, size_t n)
{
    if (!c->in_payload) {
        c->hdr_used += (unsigned)n;
        if (c->hdr_used < sizeof(c->hdr))
            return 0;
        if (c->hdr.len > XENSTORE_PAYLOAD_MAX) {
            conn_ignore(c);
            return -XEN_EBADMSG;
        }
        c->payload = xs_malloc(c->hdr.len + 1u);
        if (!c->payload) {
            conn_ignore(c);
            return -XEN_ENOMEM;
        }
        c->in_payload = true;
        c->payload_used = 0;
    } else {
        c->payload_used += (unsigned)n;
    }
    if (c->payload_used < c->hdr.len)
        return 0;
    c->payload[c->hdr.len] = '\0'; /* a guard: handlers still check the strings they parse */
    process_message(c);
    xs_free(c->payload);
    c->payload = NULL;
    c->in_payload = false;
    c->hdr_used = 0;
    return 0;
}

int xsd_conn_feed(struct xs_conn *c, const void *buf, size_t len)
{
    const char *p = buf;

    if (c->ignored)
        return -XEN_EBADMSG;
    while (len) {
        size_t want, n;
        char *slot = conn_input_slot(c, &want);
        int err;

        n = want < len ? want : len;
        memcpy(slot, p, n);
        p += n;
        len -= n;
        err = conn_input_done(c, n);
        if (err)
            return err;
    }
    return 0;
}

size_t xsd_conn_output(struct xs_conn *c, void *buf, size_t max)
{
    char *out = buf;
    size_t done = 0;

    while (c->out_head && done < max) {
        struct xs_msg *m = c->out_head;
        size_t n = m->len - m->used;

        if (n > max - done)
            n = max - done;
        memcpy(out + done, m->bytes + m->used, n);
        done += n;
        m->used += (uint32_t)n;
        if (m->used == m->len)
            conn_pop_output(c);
    }
    return done;
}

void conn_pop_output(struct xs_conn *c)
{
    struct xs_msg *m = c->out_head;

    c->out_head = m->next;
    if (!c->out_head)
        c->out_tail = NULL;
    if (m->reply && c->outstanding)
        c->outstanding--;
    conn_mem_uncharge(c, m->len);
    xs_free(m);
}

/* The XEN_E* number of an error name (EINVAL for one we do not know). */
static int error_number(const char *name)
{
#define XS_ERROR_MATCH(e)      \
    if (strcmp(name, #e) == 0) \
        return XEN_##e;
    XSD_ERROR_LIST(XS_ERROR_MATCH)
#undef XS_ERROR_MATCH
    return XEN_EINVAL;
}

int xsd_call(struct xs_conn *c, uint32_t type, uint32_t tx_id, const void *payload, size_t len,
             void *reply, size_t max, size_t *reply_len)
{
    struct xsd_sockmsg hdr = { .type = type, .req_id = 0, .tx_id = tx_id, .len = (uint32_t)len };
    char name[16];
    int err;

    while (c->out_head)
        conn_pop_output(c);
    if (len > XENSTORE_PAYLOAD_MAX)
        return XEN_E2BIG;
    err = xsd_conn_feed(c, &hdr, sizeof(hdr));
    if (!err && len)
        err = xsd_conn_feed(c, payload, len);
    if (err)
        return -err;
    while (c->out_head && c->out_head->event)
        conn_pop_output(c);
    if (!c->out_head)
        return XEN_ENOMEM; /* the daemon could not queue its reply */
    memcpy(&hdr, c->out_head->bytes, sizeof(hdr));
    if (hdr.type == XS_ERROR) {
        size_t n = hdr.len < sizeof(name) ? hdr.len : sizeof(name) - 1;

        memcpy(name, c->out_head->bytes + sizeof(hdr), n);
        name[n] = '\0';
        err = error_number(name);
    } else {
        if (reply)
            memcpy(reply, c->out_head->bytes + sizeof(hdr), hdr.len < max ? hdr.len : max);
        if (reply_len)
            *reply_len = hdr.len;
    }
    while (c->out_head)
        conn_pop_output(c);
    return err;
}

size_t xsd_conn_output_pending(const struct xs_conn *c)
{
    size_t n = 0;

    for (const struct xs_msg *m = c->out_head; m; m = m->next)
        n += m->len - m->used;
    return n;
}

struct xs_conn *conn_new(struct xs_daemon *d, unsigned id, struct xs_domain *domain)
{
    struct xs_conn *c = xs_zalloc(sizeof(*c)), **tail;

    if (!c)
        return NULL;
    c->d = d;
    c->id = id;
    c->domain = domain;
    for (tail = &d->conns; *tail; tail = &(*tail)->next)
        ;
    *tail = c;
    return c;
}

void conn_free(struct xs_conn *c)
{
    struct xs_conn **link;

    for (link = &c->d->conns; *link && *link != c; link = &(*link)->next)
        ;
    if (*link)
        *link = c->next;
    conn_ignore(c);
    xs_free(c);
}

struct xs_conn *xsd_conn_local(struct xs_daemon *d, unsigned domid)
{
    return conn_new(d, domid, NULL);
}

void xsd_conn_close(struct xs_conn *c)
{
    if (c)
        conn_free(c);
}

/* The nodes a fresh xenstored starts with, all dom0's, closed to others. */
static int add_root_node(struct xs_daemon *d, const char *name, const char *child)
{
    static const struct xs_perm owner_only = { .id = 0, .perms = XS_PERM_NONE };
    struct xs_node *n = node_new(name);

    if (!n || node_set_perms(n, &owner_only, 1) || (child && node_add_child(n, child))) {
        node_free(n);
        return XEN_ENOMEM;
    }
    n->generation = d->generation++;
    return db_put(&d->store, n);
}

static int special_init(struct xs_special *sp)
{
    sp->perms = xs_zalloc(sizeof(*sp->perms));
    sp->nperms = sp->perms ? 1 : 0;
    return sp->perms ? 0 : XEN_ENOMEM;
}

struct xs_daemon *xsd_create(const struct xsd_hooks *hooks)
{
    struct xs_daemon *d = xs_zalloc(sizeof(*d));
    struct xs_domain *dom0;

    if (!d)
        return NULL;
    if (hooks)
        d->hooks = *hooks;
    dom0 = domain_get(d, 0);
    if (!dom0 || db_init(&d->store) || special_init(&d->introduce_perms) ||
        special_init(&d->release_perms) || add_root_node(d, "/", "tool") ||
        add_root_node(d, "/tool", "xenstored") || add_root_node(d, "/tool/xenstored", NULL)) {
        xsd_destroy(d);
        return NULL;
    }
    dom0->introduced = true;
    dom0->nbentry = 3;
    return d;
}

void xsd_destroy(struct xs_daemon *d)
{
    if (!d)
        return;
    while (d->conns)
        conn_free(d->conns);
    while (d->domains) {
        struct xs_domain *dom = d->domains;

        d->domains = dom->next;
        if (dom->ring && d->hooks.unmap_ring)
            d->hooks.unmap_ring(d->hooks.ctx, dom->domid, dom->ring);
        xs_free(dom);
    }
    db_clear(&d->store);
    xs_free(d->introduce_perms.perms);
    xs_free(d->release_perms.perms);
    xs_free(d);
}
