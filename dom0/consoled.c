/*
 * The console backend (dom0/consoled.h).
 *
 * A console is served (ring mapped, port bound and watched) from the time
 * xenstore names its page and port until its domain shuts down; its log
 * then stays, for `xl console` to show, until the domain is gone or the
 * toolstack releases it.  At most one console is attached: its new output
 * goes to dom0's console as it is drained.
 */
#include "common/errno.h"
#include "common/format.h"
#include "common/string.h"
#include "dom0/consoled.h"
#include "dom0/loop.h"
#include "dom0/shell.h"
#include "dom0/xenstored.h"
#include "guest/console.h"
#include "guest/events.h"
#include "guest/heap.h"
#include "guest/time.h"
#include "tools/console_attach.h"
#include "tools/console_ring.h"
#include "tools/xc.h"
#include "tools/xs.h"

#define CONSOLED_MAX    32
#define CONSOLED_BUDGET 2048         /* bytes drained per event (one out ring) */
#define ATTACH_CHECK_NS 100000000ULL /* how often an attached console checks its domain */

struct console {
    unsigned domid;
    struct xencons_interface *ring; /* NULL once the domain shut down */
    evtchn_port_t port;
    bool broken; /* impossible ring indices: left alone */
    struct console_log log;
};

static struct console *consoles[CONSOLED_MAX];
static struct console *attached;
static struct xs_handle *xs;

static struct console *find(unsigned domid)
{
    for (unsigned i = 0; i < CONSOLED_MAX; i++)
        if (consoles[i] && consoles[i]->domid == domid)
            return consoles[i];
    return NULL;
}

static void show(const char *s, size_t len, void *ctx)
{
    console_write(s, len);
}

/* Moves what the domain wrote into its log (at most budget bytes); shows it if attached. */
static void drain(struct console *c, size_t budget)
{
    long n;

    if (!c->ring || c->broken)
        return;
    n = console_ring_drain(c->ring, &c->log, budget);
    if (n < 0) {
        c->broken = true;
        printk("consoled: domain %u's console ring is corrupt: no longer read\n", c->domid);
        return;
    }
    if (n > 0)
        evtchn_send(c->port); /* room in the ring again */
    if ((size_t)n == budget)
        loop_kick(c->port); /* more may wait: the next turn, after the others */
    if (c == attached)
        console_log_show(&c->log, show, NULL);
}

static void console_event(evtchn_port_t port, void *data)
{
    drain(data, CONSOLED_BUDGET);
}

/* The domain will not write again: keep what it wrote, drop the ring. */
static void disconnect(struct console *c)
{
    if (!c->ring)
        return;
    drain(c, sizeof(c->ring->out));
    loop_unwatch(c->port);
    evtchn_close(c->port);
    xc_unmap_foreign(c->ring, 1);
    c->ring = NULL;
}

static void forget(unsigned slot)
{
    struct console *c = consoles[slot];

    disconnect(c);
    if (attached == c)
        attached = NULL;
    consoles[slot] = NULL;
    free(c);
}

/* A number in xenstore: 0 and *value, or a negative errno. */
static int read_number(unsigned domid, const char *key, uint64_t *value)
{
    char path[64], *text;
    int rc;

    fmt_snprintf(path, sizeof(path), "/local/domain/%u/console/%s", domid, key);
    rc = xs_read_str(xs, path, &text);
    if (rc)
        return rc;
    *value = 0;
    if (!*text)
        rc = -EINVAL;
    for (const char *p = text; !rc && *p; p++) {
        if (*p < '0' || *p > '9' || *value > (UINT64_MAX - 9) / 10)
            rc = -EINVAL;
        else
            *value = *value * 10 + (uint64_t)(*p - '0');
    }
    free(text);
    return rc;
}

static void connect(unsigned domid)
{
    struct console *c;
    uint64_t mfn, port;
    unsigned slot = CONSOLED_MAX;
    xen_pfn_t frame;
    long rc = 0;

    if (read_number(domid, "ring-ref", &mfn) || read_number(domid, "port", &port) ||
        port >= EVENTS_MAX_PORTS)
        return; /* not (yet) a console there */
    for (unsigned i = 0; i < CONSOLED_MAX && slot == CONSOLED_MAX; i++)
        if (!consoles[i])
            slot = i;
    c = slot < CONSOLED_MAX ? calloc(1, sizeof(*c)) : NULL;
    if (!c) {
        printk("consoled: no room for domain %u's console\n", domid);
        return;
    }
    c->domid = domid;
    frame = mfn;
    c->ring = xc_map_foreign((domid_t)domid, &frame, 1, &rc);
    if (c->ring) {
        rc = evtchn_bind_interdomain((domid_t)domid, (evtchn_port_t)port, &c->port);
        if (rc == 0 && (rc = loop_watch(c->port, console_event, c)) != 0)
            evtchn_close(c->port);
        if (rc)
            xc_unmap_foreign(c->ring, 1);
    }
    if (!c->ring || rc) {
        printk("consoled: cannot connect to domain %u's console (%ld)\n", domid, rc);
        free(c);
        return;
    }
    consoles[slot] = c;
    loop_kick(c->port); /* what it wrote before we listened */
}

/* New consoles named in /local/domain. */
static void scan(void)
{
    char **names;
    unsigned n;

    if (xs_directory(xs, XBT_NULL, "/local/domain", &names, &n))
        return;
    for (unsigned i = 0; i < n; i++) {
        unsigned long domid = 0;
        const char *p = names[i];

        for (; *p >= '0' && *p <= '9' && domid < 0x10000; p++)
            domid = domid * 10 + (unsigned long)(*p - '0');
        if (*p || p == names[i] || domid == 0 || domid >= DOMID_FIRST_RESERVED || find(domid))
            continue;
        if (dom0_domain_state(domid) == DOMAIN_RUNNING)
            connect(domid);
    }
    free(names);
}

void consoled_check(void)
{
    if (!xs)
        return;
    for (unsigned i = 0; i < CONSOLED_MAX; i++) {
        struct console *c = consoles[i];
        enum dom0_domain_state state;

        if (!c)
            continue;
        state = dom0_domain_state(c->domid);
        if (state == DOMAIN_GONE)
            forget(i);
        else if (state == DOMAIN_SHUTDOWN)
            disconnect(c);
    }
    scan();
}

static void release(uint32_t domid)
{
    for (unsigned i = 0; i < CONSOLED_MAX; i++)
        if (consoles[i] && consoles[i]->domid == domid)
            forget(i);
}

/*
 * Keys typed until deadline into the domain's in ring; false on the detach
 * key.  Keys are taken one at a time, so that those typed after the detach
 * key stay with the shell.
 */
static bool type_keys(struct console *c, uint64_t deadline)
{
    char keys[64];
    size_t n = 0;
    long got = shell_read_keys(keys, 1, deadline);
    bool detach = false;

    while (got == 1 && !detach) {
        detach = keys[n] == CONSOLE_DETACH_KEY;
        if (!detach && ++n < sizeof(keys))
            got = shell_read_keys(keys + n, 1, 1); /* what has come already */
        else
            got = 0;
    }
    if (n && c->ring && !c->broken && console_ring_feed(c->ring, keys, n))
        evtchn_send(c->port); /* what does not fit is dropped, as a full tty would */
    return !detach;
}

static int attach(uint32_t domid)
{
    struct console *c = find(domid);

    if (!c) {
        consoled_check();
        c = find(domid);
    }
    if (!c)
        return -ENOENT;
    attached = c;
    drain(c, CONSOLED_BUDGET);
    console_log_show(&c->log, show, NULL);
    while (find(domid) == c && c->ring) {
        if (!type_keys(c, time_now() + ATTACH_CHECK_NS)) {
            console_write("\n", 1); /* detached: the prompt starts a line */
            break;
        }
        if (dom0_domain_state(domid) != DOMAIN_RUNNING)
            consoled_check(); /* its last words are shown, then it is let go */
    }
    if (find(domid) == c) {
        console_log_show(&c->log, show, NULL);
        attached = NULL;
    }
    return 0;
}

static const struct console_backend backend = { attach, release };

long consoled_start(void)
{
    xs = xs_open();
    if (!xs)
        return -ENOENT;
    console_backend_set(&backend);
    scan();
    return 0;
}
