/*
 * hello-domu: the demo domU of dom0's root file system (/boot/hello-domu,
 * /etc/xen/hello.cfg).  It talks only through the rings a toolstack sets
 * up for a PV domU, as a guest written for Xen does: it reads its name and
 * id from xenstore over its store ring (start_info's store_mfn/evtchn),
 * greets on its console ring (console.domU.mfn/evtchn), then answers each
 * line typed at its prompt, echoing keys as they come.  "quit" powers it
 * off.  A store that does not answer within two seconds is said to.
 *
 * With "flood" on its command line it writes numbered lines for ever
 * instead, as fast as its backend takes them: dom0 must stay responsive.
 * Typed "garbage" sends xenstored a message longer than the protocol
 * allows, then asks for its name again: xenstored drops this domain's
 * connection (no answer comes) and serves the others as before.
 */
#include <stdarg.h>

#include "common/format.h"
#include "common/string.h"
#include "guest/args.h"
#include "guest/events.h"
#include "guest/runtime.h"
#include "guest/time.h"
#include "public/io/console.h"
#include "public/io/xs_wire.h"

#define PROMPT           "hello> "
#define STORE_TIMEOUT_NS 2000000000ULL
#define WAIT_SLICE_NS    100000000ULL

static volatile struct xencons_interface *cons;
static evtchn_port_t cons_port;
static volatile struct xenstore_domain_interface *store;
static evtchn_port_t store_port;

static void barrier(void)
{
    __asm__ volatile("mfence" ::: "memory");
}

/* Where our initial mapping shows machine frame mfn (found in the P2M). */
static void *frame_address(const struct start_info *si, uint64_t mfn)
{
    const uint64_t *p2m = (const uint64_t *)si->mfn_list;

    for (uint64_t pfn = 0; pfn < si->nr_pages; pfn++)
        if (p2m[pfn] == mfn)
            return (void *)(GUEST_VIRT_BASE + (pfn << 12));
    guest_crash(); /* the builder gave us a frame that is not ours */
}

/* Sleeps until port fires (or a while passes), consuming its event. */
static void wait_on(evtchn_port_t port)
{
    if (!port_test_and_clear(port))
        sched_poll(&port, 1, time_now() + WAIT_SLICE_NS);
    port_test_and_clear(port);
}

static void cons_write(const char *s, size_t len)
{
    while (len) {
        uint32_t prod = cons->out_prod, used;
        size_t n = 0;

        barrier();
        used = prod - cons->out_cons;
        while (n < len && used + n < sizeof(cons->out)) {
            cons->out[MASK_XENCONS_IDX(prod + n, cons->out)] = s[n];
            n++;
        }
        barrier();
        cons->out_prod = prod + (uint32_t)n;
        evtchn_send(cons_port);
        s += n;
        len -= n;
        if (len)
            wait_on(cons_port); /* the ring is full: the backend will tell us */
    }
}

static void say(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    cons_write(line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* One typed key (waiting for it). */
static char cons_getc(void)
{
    for (;;) {
        uint32_t c = cons->in_cons;

        barrier();
        if (cons->in_prod != c) {
            char k = cons->in[MASK_XENCONS_IDX(c, cons->in)];
            barrier();
            cons->in_cons = c + 1;
            evtchn_send(cons_port);
            return k;
        }
        wait_on(cons_port);
    }
}

static void store_put(const void *data, size_t len)
{
    const char *p = data;

    for (size_t i = 0; i < len; i++) {
        while (store->req_prod - store->req_cons >= XENSTORE_RING_SIZE)
            wait_on(store_port);
        store->req[MASK_XENSTORE_IDX(store->req_prod)] = p[i];
        barrier();
        store->req_prod++;
    }
    evtchn_send(store_port);
}

/* Takes len bytes of the response ring before deadline. */
static bool store_get(void *data, size_t len, uint64_t deadline)
{
    char *p = data;

    for (size_t i = 0; i < len; i++) {
        while (store->rsp_prod == store->rsp_cons) {
            if (time_now() >= deadline)
                return false;
            wait_on(store_port);
        }
        barrier();
        p[i] = store->rsp[MASK_XENSTORE_IDX(store->rsp_cons)];
        barrier();
        store->rsp_cons++;
        evtchn_send(store_port);
    }
    return true;
}

/* XS_READ of a path relative to our home: the value, or NULL (why in *err). */
static const char *store_read(const char *path, char *value, size_t size, const char **err)
{
    struct xsd_sockmsg req = { .type = XS_READ, .req_id = 1, .len = (uint32_t)strlen(path) + 1 };
    char msg[sizeof(req) + 64] = { 0 };
    struct xsd_sockmsg rsp;
    uint64_t deadline = time_now() + STORE_TIMEOUT_NS;

    if (req.len > sizeof(msg) - sizeof(req)) {
        *err = "path too long";
        return NULL;
    }
    memcpy(msg, &req, sizeof(req));
    memcpy(msg + sizeof(req), path, req.len);
    store_put(msg, sizeof(req) + req.len);
    do {
        if (!store_get(&rsp, sizeof(rsp), deadline) || rsp.len >= size ||
            !store_get(value, rsp.len, deadline)) {
            *err = "no answer from xenstore";
            return NULL;
        }
        value[rsp.len] = '\0';
    } while (rsp.type == XS_WATCH_EVENT);
    if (rsp.type == XS_ERROR) {
        *err = value;
        return NULL;
    }
    return value;
}

/* A header announcing more than XENSTORE_PAYLOAD_MAX bytes: a protocol error. */
static void send_garbage(void)
{
    struct xsd_sockmsg bad = { .type = XS_READ, .req_id = 2, .len = XENSTORE_PAYLOAD_MAX * 16 };
    char msg[sizeof(bad)];
    char name[64];
    const char *err = "";

    memcpy(msg, &bad, sizeof(bad));
    store_put(msg, sizeof(msg));
    if (store_read("name", name, sizeof(name), &err))
        say("hello-domu: xenstore still answers: %s\n", name);
    else
        say("hello-domu: after the garbage, xenstore: %s\n", err);
}

static void greet(const struct start_info *si)
{
    char name[64], domid[16];
    const char *err = "";

    if (!store_read("name", name, sizeof(name), &err) ||
        !store_read("domid", domid, sizeof(domid), &err)) {
        say("hello-domu: hello through the console ring (xenstore: %s)\n", err);
        return;
    }
    say("hello-domu: hello from %s (domain %s) through the console ring, %lu pages\n", name, domid,
        si->nr_pages);
}

int guest_main(const struct start_info *si)
{
    char line[80];
    size_t len = 0;

    events_init();
    cons = frame_address(si, si->console.domU.mfn);
    cons_port = si->console.domU.evtchn;
    store = frame_address(si, si->store_mfn);
    store_port = si->store_evtchn;
    greet(si);
    for (uint64_t n = 0; arg_present("flood"); n++)
        say("hello-domu: flood line %lu\n", n);
    say(PROMPT);
    for (;;) {
        char k = cons_getc();

        if (k == '\r' || k == '\n') {
            line[len] = '\0';
            say("\n");
            if (!strcmp(line, "quit")) {
                say("hello-domu: bye\n");
                guest_poweroff();
            }
            if (!strcmp(line, "garbage"))
                send_garbage();
            else if (len)
                say("hello-domu: you typed '%s'\n", line);
            say(PROMPT);
            len = 0;
        } else if ((k == 0x7f || k == '\b') && len) {
            len--;
            say("\b \b");
        } else if (k >= ' ' && k < 0x7f && len + 1 < sizeof(line)) {
            line[len++] = k;
            cons_write(&k, 1);
        }
    }
}
