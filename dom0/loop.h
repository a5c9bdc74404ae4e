/*
 * dom0's main loop: everything dom0 does after start of day is a response
 * to an event channel (console input, and later domUs' console and
 * xenstore rings, VIRQ_DOM_EXC, ...).  A source registers a handler for
 * its port with loop_watch(); the loop sleeps in SCHEDOP_poll on the
 * watched ports (never spinning) and calls the handlers of those that
 * fired, in port order, outside the upcall, with upcalls enabled.
 *
 * Handlers may run long (the shell runs a whole command in its handler)
 * and may wait themselves with loop_sleep(), during which the other
 * sources' handlers go on running; a handler is never re-entered: an
 * event for a handler that is running is kept until it returns.
 *
 * One vCPU (vCPU 0) runs the loop; nothing here is thread-safe.
 */
#ifndef DOM0_LOOP_H
#define DOM0_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "public/event_channel.h"

/* At most this many ports are watched at once (SCHEDOP_poll's limit on Xen). */
#define LOOP_MAX_WATCHES 128

typedef void (*loop_handler)(evtchn_port_t port, void *data);

/* Maps shared_info and takes the upcall; 0 or the failing call's result. */
long loop_init(void);

/* Calls fn(port, data) from the loop each time port fires; 0, -EINVAL or -ENOSPC. */
int loop_watch(evtchn_port_t port, loop_handler fn, void *data);
void loop_unwatch(evtchn_port_t port);

/* Makes port's handler run on the next turn, as if it had fired. */
void loop_kick(evtchn_port_t port);

/*
 * One turn: sleeps until a watched port fires or system time reaches
 * `deadline` (0: no deadline), then runs the handlers of what fired.
 */
void loop_once(uint64_t deadline);

/*
 * Turns until `port` (a watched one) fires (true; the event is consumed,
 * its handler not called) or system time reaches `deadline` (false; 0:
 * none).  For code that waits for a source's events itself, e.g. a
 * command that takes the console over, while the other sources go on
 * being served.
 */
bool loop_wait_port(evtchn_port_t port, uint64_t deadline);

/* Turns until system time reaches `deadline`. */
void loop_sleep_until(uint64_t deadline);

/* Turns for ever. */
void loop_run(void) __attribute__((noreturn));

#endif /* DOM0_LOOP_H */
