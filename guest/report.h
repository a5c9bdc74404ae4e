/*
 * Multi-domain tests: how domUs and dom0's "conductor" find each other.
 *
 * dom0 (tests/guests/conductor) binds VIRQ_DOM_EXC, then allocates for
 * each domU an unbound port -- ports are handed out lowest first, so their
 * numbers are known in advance -- and the domU gets its number on its
 * command line as `report=<port>`.  The domU binds it (retrying until dom0
 * has allocated it), runs its cases and, as its last one, reports
 * "finished" and waits for dom0's go-ahead on the same port.  dom0 lets
 * the domUs finish one at a time, each after the last one's VIRQ_DOM_EXC:
 * their final lines come out in a known order and no two shutdowns merge
 * into one event.
 *
 * Binding to a port the other side allocates is a race both ways, so it
 * is retried, yielding in between, until it works or a deadline passes.
 * Xen marks a freshly bound port pending (events sent while it was unbound
 * were dropped); the retry helper clears that so counting starts at 0.
 */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include <stdint.h>

#include "public/event_channel.h"

/*
 * bind_interdomain(dom, port), retried until it succeeds or `timeout_ns`
 * of system time passed; the new port is left not pending and its event
 * uncounted.  For vCPU 0, after events_init().  0 or the last failure.
 */
long interdomain_connect(domid_t dom, evtchn_port_t port, evtchn_port_t *local,
                         uint64_t timeout_ns);

/* Binds dom0's report=<port>; 0, -ENOENT without one on the command line, or the failure. */
long report_connect(void);

/* Our end of the report channel (0 before report_connect()). */
extern evtchn_port_t report_port;

/*
 * Tells dom0 we are finished and waits up to timeout_ns for its go-ahead;
 * 0, the failure, or -ETIMEDOUT.
 */
long report_finished(uint64_t timeout_ns);

#endif /* GUEST_REPORT_H */
