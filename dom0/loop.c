/*
 * The main loop (dom0/loop.h).  The upcall only marks a watched port as
 * fired (fired[] is written by the upcall and read with upcalls masked);
 * handlers run in loop_once().
 */
#include "common/errno.h"
#include "dom0/loop.h"
#include "guest/events.h"
#include "guest/time.h"

struct watch {
    evtchn_port_t port;
    loop_handler fn;
    void *data;
    bool running;
};

static struct watch watches[LOOP_MAX_WATCHES];
static unsigned nr_watches;
static volatile bool fired[EVENTS_MAX_PORTS];

/* In the upcall, upcalls masked. */
static void mark(evtchn_port_t port, void *data)
{
    fired[port] = true;
}

long loop_init(void)
{
    long rc = events_init();

    if (rc == 0)
        events_unmask_upcalls(0);
    return rc;
}

int loop_watch(evtchn_port_t port, loop_handler fn, void *data)
{
    if (port == 0 || port >= EVENTS_MAX_PORTS || !fn)
        return -EINVAL;
    for (unsigned i = 0; i < nr_watches; i++)
        if (watches[i].port == port)
            return -EINVAL;
    if (nr_watches == LOOP_MAX_WATCHES)
        return -ENOSPC;
    watches[nr_watches++] = (struct watch){ .port = port, .fn = fn, .data = data };
    events_bind(port, 0, mark, NULL);
    return 0;
}

void loop_unwatch(evtchn_port_t port)
{
    for (unsigned i = 0; i < nr_watches; i++)
        if (watches[i].port == port) {
            events_bind(port, 0, NULL, NULL);
            watches[i] = watches[--nr_watches];
            fired[port] = false;
            return;
        }
}

void loop_kick(evtchn_port_t port)
{
    if (port < EVENTS_MAX_PORTS)
        fired[port] = true;
}

/* True if a watched port whose handler is not running has fired. */
static bool work_waiting(void)
{
    for (unsigned i = 0; i < nr_watches; i++)
        if (fired[watches[i].port] && !watches[i].running)
            return true;
    return false;
}

/* Sleeps on the watched ports that can be served, and on `also` (0: none). */
static void sleep_on_ports(uint64_t deadline, evtchn_port_t also)
{
    evtchn_port_t ports[LOOP_MAX_WATCHES];
    unsigned n = 0;

    for (unsigned i = 0; i < nr_watches; i++)
        if (!watches[i].running || watches[i].port == also)
            ports[n++] = watches[i].port;
    events_mask_upcalls(0);
    /* Anything arriving from here on stays pending in shared_info: poll sees it. */
    if (!work_waiting() && !(also && fired[also]))
        sched_poll(ports, n, deadline);
    events_unmask_upcalls(0); /* the upcall marks what came */
}

/* One turn, also waking for `also` (whose handler is not called). */
static void turn(uint64_t deadline, evtchn_port_t also)
{
    if (deadline && time_now() >= deadline)
        return;
    if (!work_waiting() && !(also && fired[also]))
        sleep_on_ports(deadline, also);
    for (unsigned i = 0; i < nr_watches; i++) {
        evtchn_port_t port = watches[i].port;
        if (!fired[port] || watches[i].running || port == also)
            continue;
        fired[port] = false;
        watches[i].running = true;
        watches[i].fn(port, watches[i].data);
        /* The handler may have (un)watched ports, moving entries: find its own again. */
        for (unsigned j = 0; j < nr_watches; j++)
            if (watches[j].port == port)
                watches[j].running = false;
    }
}

void loop_once(uint64_t deadline)
{
    turn(deadline, 0);
}

bool loop_wait_port(evtchn_port_t port, uint64_t deadline)
{
    if (port == 0 || port >= EVENTS_MAX_PORTS)
        return false;
    for (;;) {
        if (fired[port]) {
            fired[port] = false;
            return true;
        }
        if (deadline && time_now() >= deadline)
            return false;
        turn(deadline, port);
    }
}

void loop_sleep_until(uint64_t deadline)
{
    while (time_now() < deadline)
        loop_once(deadline);
}

void loop_run(void)
{
    for (;;)
        loop_once(0);
}
