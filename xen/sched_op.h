/* What the event channels and the domain's end tell sched_op (xen/sched_op.c). */
#ifndef XEN_SCHED_OP_H
#define XEN_SCHED_OP_H

#include "xen/domain.h"

/* Port became pending in d: wake the vCPUs polling it (SCHEDOP_poll). */
void sched_poll_notify(struct domain *d, uint32_t port);

/* Stop d's SCHEDOP_watchdog timers for good, before d is freed. */
void sched_watchdog_kill(struct domain *d);

#endif
