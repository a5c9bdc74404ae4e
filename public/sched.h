/*
 * public/sched.h - sched_op(cmd, arg) (hypercall 29).
 *
 * Yield, block until an event, poll a set of ports, shut down.  The legacy
 * sched_op_compat (6) takes (cmd, ulong arg) with the shutdown reason as
 * arg.  For SHUTDOWN_suspend a PV guest passes its start_info MFN as the
 * third argument; the call returns 1 when the suspend was cancelled.
 */
#ifndef PUBLIC_SCHED_H
#define PUBLIC_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

#define SCHEDOP_yield           0 /* arg NULL: give up the CPU */
#define SCHEDOP_block           1 /* arg NULL: unmask events, sleep until one is pending */
#define SCHEDOP_shutdown        2 /* arg: struct sched_shutdown */
#define SCHEDOP_poll            3 /* arg: struct sched_poll */
#define SCHEDOP_remote_shutdown 4 /* arg: struct sched_remote_shutdown (privileged) */
#define SCHEDOP_shutdown_code   5 /* arg: struct sched_shutdown; record reason only */
#define SCHEDOP_watchdog        6 /* arg: struct sched_watchdog */
#define SCHEDOP_pin_override    7 /* arg: struct sched_pin_override (dom0) */

#define SHUTDOWN_poweroff   0 /* halt and destroy */
#define SHUTDOWN_reboot     1 /* restart */
#define SHUTDOWN_suspend    2 /* save state and stop */
#define SHUTDOWN_crash      3 /* guest crashed */
#define SHUTDOWN_watchdog   4 /* watchdog expired */
#define SHUTDOWN_soft_reset 5 /* reset without tearing down the domain */
#define SHUTDOWN_MAX        5 /* highest valid reason */

struct sched_shutdown {
    uint32_t reason; /* SHUTDOWN_* */
};
_Static_assert(sizeof(struct sched_shutdown) == 4, "sched_shutdown size");

/* At most this many ports per SCHEDOP_poll. */
#define SCHED_POLL_MAX_PORTS 128

struct sched_poll {
    uint64_t ports;    /* guest pointer to evtchn_port_t[nr_ports] */
    uint32_t nr_ports; /* number of ports (<= 128) */
    uint32_t _pad;     /* padding */
    uint64_t timeout;  /* absolute system time in ns; 0 = none */
};
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll size");
_Static_assert(offsetof(struct sched_poll, nr_ports) == 8, "poll nr_ports");
_Static_assert(offsetof(struct sched_poll, timeout) == 16, "poll timeout");

struct sched_remote_shutdown {
    domid_t domain_id; /* domain to shut down */
    uint16_t _pad;     /* padding */
    uint32_t reason;   /* SHUTDOWN_* */
};
_Static_assert(sizeof(struct sched_remote_shutdown) == 8, "sched_remote_shutdown size");
_Static_assert(offsetof(struct sched_remote_shutdown, reason) == 4, "remote_shutdown reason");

struct sched_watchdog {
    uint32_t id;      /* watchdog id; 0 = create (returns the id) */
    uint32_t timeout; /* seconds; 0 = destroy */
};
_Static_assert(sizeof(struct sched_watchdog) == 8, "sched_watchdog size");

struct sched_pin_override {
    int32_t pcpu; /* physical CPU to pin to; negative = unpin */
};
_Static_assert(sizeof(struct sched_pin_override) == 4, "sched_pin_override size");

typedef struct sched_shutdown sched_shutdown_t;
typedef struct sched_poll sched_poll_t;
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
typedef struct sched_watchdog sched_watchdog_t;
typedef struct sched_pin_override sched_pin_override_t;

#endif /* PUBLIC_SCHED_H */
