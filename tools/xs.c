/*
 * The xenstore client (tools/xs.h).  One request at a time: the header and
 * payload are fed to the daemon, which answers before xsd_conn_feed()
 * returns; what comes out before the reply are watch events, kept for
 * xs_read_watch().
 */
#include "common/errno.h"
#include "common/format.h"
#include "common/string.h"
#include "guest/heap.h"
#include "public/errno.h"
#include "tools/xs.h"

struct xs_handle {
    struct xs_conn *conn;
    uint32_t next_req;
    char *events[XS_EVENTS_MAX]; /* "path\0token\0", oldest first */
    unsigned nevents, lost;
    struct xsd_sockmsg hdr; /* the last reply */
    char body[XENSTORE_PAYLOAD_MAX + 1];
};

static struct xs_daemon *the_daemon;

void xs_set_daemon(struct xs_daemon *d)
{
    the_daemon = d;
}

struct xs_daemon *xs_get_daemon(void)
{
    return the_daemon;
}

struct xs_handle *xs_open(void)
{
    struct xs_handle *h;

    if (!the_daemon)
        return NULL;
    h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->conn = xsd_conn_local(the_daemon, 0);
    if (!h->conn) {
        free(h);
        return NULL;
    }
    h->next_req = 1;
    return h;
}

void xs_close(struct xs_handle *h)
{
    if (!h)
        return;
    for (unsigned i = 0; i < h->nevents; i++)
        free(h->events[i]);
    xsd_conn_close(h->conn);
    free(h);
}

static int error_number(const char *name)
{
    static const struct {
        const char *name;
        int err;
    } names[] = {
#define XS_CLIENT_ERROR(e) { #e, XEN_##e },
        XSD_ERROR_LIST(XS_CLIENT_ERROR)
#undef XS_CLIENT_ERROR
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(name, names[i].name))
            return -names[i].err;
    return -EIO; /* a name the protocol does not have */
}

static void keep_event(struct xs_handle *h, const char *body, size_t len)
{
    char *ev;

    if (h->nevents == XS_EVENTS_MAX) {
        h->lost++;
        return;
    }
    ev = malloc(len + 2);
    if (!ev) {
        h->lost++;
        return;
    }
    memcpy(ev, body, len);
    ev[len] = ev[len + 1] = '\0'; /* a malformed event still ends in two strings */
    h->events[h->nevents++] = ev;
}

/* Takes one whole message off the connection into h->hdr/body; false if none. */
static bool take_message(struct xs_handle *h)
{
    if (xsd_conn_output_pending(h->conn) < sizeof(h->hdr))
        return false;
    xsd_conn_output(h->conn, &h->hdr, sizeof(h->hdr));
    if (h->hdr.len > XENSTORE_PAYLOAD_MAX ||
        xsd_conn_output(h->conn, h->body, h->hdr.len) != h->hdr.len) {
        h->hdr.type = XS_INVALID; /* the daemon broke its own protocol */
        h->hdr.len = 0;
    }
    h->body[h->hdr.len] = '\0';
    return true;
}

/* Events queued while nobody asked. */
static void collect(struct xs_handle *h)
{
    while (take_message(h))
        if (h->hdr.type == XS_WATCH_EVENT)
            keep_event(h, h->body, h->hdr.len);
}

/*
 * Sends type with the payload made of n pieces; the reply is in h->body
 * (h->hdr.len bytes, NUL after).  0 or a negative errno.
 */
static int call(struct xs_handle *h, uint32_t type, xs_transaction_t t, const void *const *piece,
                const size_t *piece_len, unsigned n)
{
    struct xsd_sockmsg req = { .type = type, .req_id = h->next_req++, .tx_id = t };

    for (unsigned i = 0; i < n; i++)
        req.len += (uint32_t)piece_len[i];
    if (req.len > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    collect(h);
    if (xsd_conn_feed(h->conn, &req, sizeof(req)))
        return -EIO;
    for (unsigned i = 0; i < n; i++)
        if (piece_len[i] && xsd_conn_feed(h->conn, piece[i], piece_len[i]))
            return -EIO;
    while (take_message(h)) {
        if (h->hdr.type == XS_WATCH_EVENT) {
            keep_event(h, h->body, h->hdr.len);
            continue;
        }
        if (h->hdr.req_id != req.req_id)
            return -EIO;
        if (h->hdr.type == XS_ERROR)
            return error_number(h->body);
        return h->hdr.type == type ? 0 : -EIO;
    }
    return -EIO; /* no reply at all */
}

/* A request whose payload is strings, each sent with its NUL (a NULL ends the list). */
static int call_strings(struct xs_handle *h, uint32_t type, xs_transaction_t t, const char *a,
                        const char *b, const char *c)
{
    const void *piece[3] = { a, b, c };
    size_t len[3];
    unsigned n = 0;

    while (n < 3 && piece[n]) {
        len[n] = strlen(piece[n]) + 1;
        n++;
    }
    return call(h, type, t, piece, len, n);
}

/* Replies that are a plain acknowledgement say "OK". */
static int call_ack(struct xs_handle *h, uint32_t type, xs_transaction_t t, const char *a,
                    const char *b, const char *c)
{
    int rc = call_strings(h, type, t, a, b, c);

    if (rc == 0 && strcmp(h->body, "OK") != 0)
        return -EIO;
    return rc;
}

static char *copy_body(const struct xs_handle *h)
{
    char *s = malloc(h->hdr.len + 1);

    if (s) {
        memcpy(s, h->body, h->hdr.len);
        s[h->hdr.len] = '\0';
    }
    return s;
}

int xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, char **value, size_t *len)
{
    int rc = call_strings(h, XS_READ, t, path, NULL, NULL);

    if (rc)
        return rc;
    *value = copy_body(h);
    if (!*value)
        return -ENOMEM;
    if (len)
        *len = h->hdr.len;
    return 0;
}

int xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data,
             size_t len)
{
    const void *piece[2] = { path, data };
    size_t piece_len[2] = { strlen(path) + 1, len };
    int rc = call(h, XS_WRITE, t, piece, piece_len, 2);

    return rc == 0 && strcmp(h->body, "OK") ? -EIO : rc;
}

int xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return call_ack(h, XS_MKDIR, t, path, NULL, NULL);
}

int xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return call_ack(h, XS_RM, t, path, NULL, NULL);
}

/* Splits the reply's NUL-separated strings into one allocation: array then strings. */
static int split_strings(const struct xs_handle *h, char ***out, unsigned *num)
{
    unsigned n = 0;
    char **array, *strings;

    for (uint32_t i = 0; i < h->hdr.len; i++)
        n += h->body[i] == '\0';
    if (h->hdr.len && h->body[h->hdr.len - 1] != '\0')
        n++; /* the last string without its NUL */
    array = malloc((n + 1) * sizeof(char *) + h->hdr.len + 1);
    if (!array)
        return -ENOMEM;
    strings = (char *)(array + n + 1);
    memcpy(strings, h->body, h->hdr.len);
    strings[h->hdr.len] = '\0';
    for (unsigned i = 0; i < n; i++) {
        array[i] = strings;
        strings += strlen(strings) + 1;
    }
    array[n] = NULL;
    *out = array;
    *num = n;
    return 0;
}

int xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, char ***names,
                 unsigned *num)
{
    int rc = call_strings(h, XS_DIRECTORY, t, path, NULL, NULL);

    return rc ? rc : split_strings(h, names, num);
}

static int perm_parse(const char *s, struct xs_permissions *p)
{
    static const char letters[] = "nrwb"; /* index = XS_PERM_* bits */
    const char *at = *s ? strchr(letters, s[0]) : NULL;
    unsigned long id = 0;

    if (!at || !s[1])
        return -EIO;
    for (s++; *s; s++) {
        if (*s < '0' || *s > '9' || id > 0xffff)
            return -EIO;
        id = id * 10 + (unsigned long)(*s - '0');
    }
    p->perms = (unsigned)(at - letters);
    p->id = (unsigned)id;
    return 0;
}

int xs_get_perms(struct xs_handle *h, xs_transaction_t t, const char *path,
                 struct xs_permissions **perms, unsigned *num)
{
    int rc = call_strings(h, XS_GET_PERMS, t, path, NULL, NULL);
    char **strings;
    unsigned n;

    if (rc)
        return rc;
    rc = split_strings(h, &strings, &n);
    if (rc)
        return rc;
    *perms = n ? malloc(n * sizeof(**perms)) : NULL;
    if (n && !*perms)
        rc = -ENOMEM;
    for (unsigned i = 0; i < n && !rc; i++)
        rc = perm_parse(strings[i], &(*perms)[i]);
    free(strings);
    if (rc || !n) {
        free(*perms);
        *perms = NULL;
        return rc ? rc : -EIO; /* a node always has an owner */
    }
    *num = n;
    return 0;
}

int xs_set_perms(struct xs_handle *h, xs_transaction_t t, const char *path,
                 const struct xs_permissions *perms, unsigned num)
{
    char *buf = malloc(XENSTORE_PAYLOAD_MAX);
    size_t used = strlen(path) + 1;
    const void *piece = buf;
    int rc = 0;

    if (!buf)
        return -ENOMEM;
    if (used > XENSTORE_PAYLOAD_MAX)
        rc = -E2BIG;
    else
        memcpy(buf, path, used);
    for (unsigned i = 0; i < num && !rc; i++) {
        if (perms[i].perms > XS_PERM_BOTH) {
            rc = -EINVAL;
            break;
        }
        int n = fmt_snprintf(buf + used, XENSTORE_PAYLOAD_MAX - used, "%c%u",
                             "nrwb"[perms[i].perms], perms[i].id);
        if (n < 0 || (size_t)n + 1 > XENSTORE_PAYLOAD_MAX - used)
            rc = -E2BIG;
        used += (size_t)n + 1;
    }
    if (!rc) {
        rc = call(h, XS_SET_PERMS, t, &piece, &used, 1);
        if (rc == 0 && strcmp(h->body, "OK"))
            rc = -EIO;
    }
    free(buf);
    return rc;
}

static int parse_uint(const char *s, uint32_t *out)
{
    uint64_t v = 0;

    if (!*s)
        return -EIO;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 0xffffffffu / 10)
            return -EIO;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (v > 0xffffffffu)
        return -EIO;
    *out = (uint32_t)v;
    return 0;
}

int xs_transaction_start(struct xs_handle *h, xs_transaction_t *t)
{
    int rc = call_strings(h, XS_TRANSACTION_START, XBT_NULL, "", NULL, NULL);

    return rc ? rc : parse_uint(h->body, t);
}

int xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
    return call_ack(h, XS_TRANSACTION_END, t, abort ? "F" : "T", NULL, NULL);
}

int xs_introduce_domain(struct xs_handle *h, unsigned domid, uint64_t mfn, unsigned port)
{
    char id[12], frame[24], p[12];

    fmt_snprintf(id, sizeof(id), "%u", domid);
    fmt_snprintf(frame, sizeof(frame), "%lu", (unsigned long)mfn);
    fmt_snprintf(p, sizeof(p), "%u", port);
    return call_ack(h, XS_INTRODUCE, XBT_NULL, id, frame, p);
}

int xs_release_domain(struct xs_handle *h, unsigned domid)
{
    char id[12];

    fmt_snprintf(id, sizeof(id), "%u", domid);
    return call_ack(h, XS_RELEASE, XBT_NULL, id, NULL, NULL);
}

int xs_is_domain_introduced(struct xs_handle *h, unsigned domid)
{
    char id[12];
    int rc;

    fmt_snprintf(id, sizeof(id), "%u", domid);
    rc = call_strings(h, XS_IS_DOMAIN_INTRODUCED, XBT_NULL, id, NULL, NULL);
    if (rc)
        return rc;
    if (!strcmp(h->body, "T"))
        return 1;
    return strcmp(h->body, "F") ? -EIO : 0;
}

int xs_get_domain_path(struct xs_handle *h, unsigned domid, char **path)
{
    char id[12];
    int rc;

    fmt_snprintf(id, sizeof(id), "%u", domid);
    rc = call_strings(h, XS_GET_DOMAIN_PATH, XBT_NULL, id, NULL, NULL);
    if (rc)
        return rc;
    *path = copy_body(h);
    return *path ? 0 : -ENOMEM;
}

int xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    return call_ack(h, XS_WATCH, XBT_NULL, path, token, NULL);
}

int xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    return call_ack(h, XS_UNWATCH, XBT_NULL, path, token, NULL);
}

unsigned xs_watch_pending(struct xs_handle *h)
{
    collect(h);
    return h->nevents;
}

int xs_read_watch(struct xs_handle *h, char **path, char **token)
{
    char *ev;

    collect(h);
    if (!h->nevents)
        return -EAGAIN;
    ev = h->events[0];
    memmove(&h->events[0], &h->events[1], (h->nevents - 1) * sizeof(h->events[0]));
    h->nevents--;
    *path = ev;
    *token = ev + strlen(ev) + 1;
    return 0;
}

unsigned xs_watch_lost(const struct xs_handle *h)
{
    return h->lost;
}

int xs_read_str(struct xs_handle *h, const char *path, char **value)
{
    return xs_read(h, XBT_NULL, path, value, NULL);
}

int xs_write_str(struct xs_handle *h, const char *path, const char *value)
{
    return xs_write(h, XBT_NULL, path, value, strlen(value));
}
