/*
 * The xenstored tests' client (see fake_xs_client.h): plain libc, one
 * message at a time, asserting nothing itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/tools/fake_xs_client.h"

void xst_init(struct xst_client *cl, struct xs_conn *c)
{
    memset(cl, 0, sizeof(*cl));
    cl->c = c;
    cl->next_req = 100;
}

/* The next whole message on the connection, if any. */
static bool next_msg(struct xs_conn *c, struct xst_msg *m)
{
    memset(m, 0, sizeof(*m));
    if (xsd_conn_output_pending(c) < sizeof(m->hdr))
        return false;
    xsd_conn_output(c, &m->hdr, sizeof(m->hdr));
    if (m->hdr.len > XENSTORE_PAYLOAD_MAX)
        abort();
    xsd_conn_output(c, m->body, m->hdr.len);
    return true;
}

static void keep_event(struct xst_client *cl, const struct xst_msg *m)
{
    if (cl->nevents < XST_MAX_EVENTS)
        cl->events[cl->nevents++] = *m;
}

struct xst_msg xst_call(struct xst_client *cl, uint32_t type, uint32_t tx, const void *payload,
                        size_t len)
{
    struct xsd_sockmsg hdr = {
        .type = type, .req_id = cl->next_req++, .tx_id = tx, .len = (uint32_t)len
    };
    struct xst_msg m;

    xsd_conn_feed(cl->c, &hdr, sizeof(hdr));
    if (len)
        xsd_conn_feed(cl->c, payload, len);
    while (next_msg(cl->c, &m)) {
        if (m.hdr.type != XS_WATCH_EVENT)
            return m;
        keep_event(cl, &m);
    }
    memset(&m, 0, sizeof(m));
    m.hdr.type = XS_INVALID; /* no reply at all */
    return m;
}

struct xst_msg xst_callv(struct xst_client *cl, uint32_t type, uint32_t tx, ...)
{
    char buf[XENSTORE_PAYLOAD_MAX * 2];
    size_t len = 0;
    const char *s;
    va_list ap;

    va_start(ap, tx);
    while ((s = va_arg(ap, const char *)) != NULL) {
        size_t n = strlen(s) + 1;

        if (len + n > sizeof(buf))
            abort();
        memcpy(buf + len, s, n);
        len += n;
    }
    va_end(ap);
    return xst_call(cl, type, tx, buf, len);
}

struct xst_msg xst_write(struct xst_client *cl, uint32_t tx, const char *path, const char *value)
{
    char buf[XENSTORE_PAYLOAD_MAX * 2];
    size_t plen = strlen(path) + 1, vlen = strlen(value);

    if (plen + vlen > sizeof(buf))
        abort();
    memcpy(buf, path, plen);
    memcpy(buf + plen, value, vlen);
    return xst_call(cl, XS_WRITE, tx, buf, plen + vlen);
}

const char *xst_put(struct xst_client *cl, const char *path, const char *value)
{
    static struct xst_msg m;

    m = xst_write(cl, 0, path, value);
    return m.hdr.type == XS_WRITE ? m.body : xst_err(&m);
}

const char *xst_read(struct xst_client *cl, uint32_t tx, const char *path)
{
    static struct xst_msg m;

    m = xst_callv(cl, XS_READ, tx, path, NULL);
    return m.body;
}

uint32_t xst_start(struct xst_client *cl)
{
    struct xst_msg m = xst_callv(cl, XS_TRANSACTION_START, 0, "", NULL);

    return m.hdr.type == XS_TRANSACTION_START ? (uint32_t)strtoul(m.body, NULL, 10) : 0;
}

const char *xst_end(struct xst_client *cl, uint32_t tx, bool commit)
{
    static struct xst_msg m;

    m = xst_callv(cl, XS_TRANSACTION_END, tx, commit ? "T" : "F", NULL);
    return m.body;
}

const char *xst_err(const struct xst_msg *m)
{
    return m->hdr.type == XS_ERROR ? m->body : "";
}

bool xst_ok(const struct xst_msg *m, uint32_t type)
{
    return m->hdr.type == type && m->hdr.len == 3 && memcmp(m->body, "OK", 3) == 0;
}

const char *xst_strings(const struct xst_msg *m)
{
    static char out[XENSTORE_PAYLOAD_MAX + 1];
    uint32_t len = m->hdr.len;

    memcpy(out, m->body, len);
    out[len] = '\0';
    /* Separators become spaces; the terminator of the last string goes. */
    if (len && out[len - 1] == '\0')
        len--;
    for (uint32_t i = 0; i < len; i++)
        if (out[i] == '\0')
            out[i] = ' ';
    out[len] = '\0';
    return out;
}

void xst_collect(struct xst_client *cl)
{
    struct xst_msg m;

    while (next_msg(cl->c, &m))
        keep_event(cl, &m);
}

const char *xst_event(struct xst_client *cl)
{
    static char out[2 * XENSTORE_PAYLOAD_MAX];
    struct xst_msg *m;

    xst_collect(cl);
    if (cl->next_event >= cl->nevents)
        return NULL;
    m = &cl->events[cl->next_event++];
    if (m->hdr.type != XS_WATCH_EVENT)
        snprintf(out, sizeof(out), "(type %u)", m->hdr.type);
    else
        snprintf(out, sizeof(out), "%s %s", m->body, m->body + strlen(m->body) + 1);
    return out;
}

unsigned xst_events_pending(struct xst_client *cl)
{
    xst_collect(cl);
    return cl->nevents - cl->next_event;
}

size_t xst_ring_put(struct xenstore_domain_interface *ring, const void *buf, size_t len)
{
    const char *p = buf;
    size_t done = 0;

    while (done < len && ring->req_prod - ring->req_cons < XENSTORE_RING_SIZE) {
        ring->req[MASK_XENSTORE_IDX(ring->req_prod)] = p[done++];
        ring->req_prod++;
    }
    return done;
}

size_t xst_ring_take(struct xenstore_domain_interface *ring, void *buf, size_t max)
{
    char *p = buf;
    size_t done = 0;

    while (done < max && ring->rsp_cons != ring->rsp_prod) {
        p[done++] = ring->rsp[MASK_XENSTORE_IDX(ring->rsp_cons)];
        ring->rsp_cons++;
    }
    return done;
}
