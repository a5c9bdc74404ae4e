/*
 * Event channels for guests that take upcalls (public/event_channel.h, public/xen.h).
 *
 * events_init() maps shared_info over a page of our image (as Linux does)
 * and registers vCPU 0's event callback; upcalls stay masked until a vCPU
 * unmasks them.  Every vCPU has its own callback entry (events_callback(v))
 * so the handler knows which vCPU it runs on without per-CPU segments.
 *
 * An upcall on vCPU v scans the pending words its selector names and takes
 * only the ports bound to v (events_bind() records that; ports default to
 * vCPU 0), as the 2-level ABI shares pending bits between vCPUs.  For each
 * port it clears the pending bit, calls the port's handler, if any, with
 * upcalls still masked, then counts the event (so a waiter that sees the
 * count move also sees what the handler did).
 *
 * Waiting: events_wait_until() sleeps in SCHEDOP_poll on one port until a
 * counter moves or a deadline passes.  (Xen's periodic timer sleeps while
 * its vCPU does: it cannot be what wakes a waiter.)
 */
#ifndef GUEST_EVENTS_H
#define GUEST_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "public/event_channel.h"
#include "public/xen.h"

#define EVENTS_MAX_VCPUS 4
/* Ports below this have counters and handlers; others are only cleared. */
#define EVENTS_MAX_PORTS 1024

/* Our mapping of shared_info; NULL before events_init(). */
extern volatile struct shared_info *shared_info;

/* Maps shared_info and registers vCPU 0's callback; 0 or the failing call's result. */
long events_init(void);

/* Where vCPU v's vcpu_info is now (its shared_info slot unless registered elsewhere). */
volatile struct vcpu_info *events_vcpu_info(unsigned vcpu);

/*
 * VCPUOP_register_vcpu_info for vCPU v at `area` (64 bytes, 8-aligned,
 * within one page of our initial region); on success the runtime uses it.
 */
long events_register_vcpu_info(unsigned vcpu, void *area);

/* The event callback entry for vCPU v. */
uint64_t events_callback(unsigned vcpu);

/* CALLBACKOP_register of events_callback(vcpu), made by vCPU `vcpu` itself. */
long events_register_callback(unsigned vcpu);

/* Upcall mask of vCPU v: set, or clear and have anything pending delivered. */
void events_mask_upcalls(unsigned vcpu);
void events_unmask_upcalls(unsigned vcpu);

typedef void (*event_handler)(evtchn_port_t port, void *data);

/* Port p is handled on vCPU v, by fn(p, data) if fn is not NULL. */
void events_bind(evtchn_port_t port, unsigned vcpu, event_handler fn, void *data);

/* Events the upcalls have taken on a port; upcalls taken on a vCPU. */
uint32_t events_count(evtchn_port_t port);
const volatile uint32_t *events_counter(evtchn_port_t port);
uint32_t events_upcalls(unsigned vcpu);

/*
 * Waits until *word != old, sleeping in SCHEDOP_poll on `port` (which
 * should be what moves it) with upcalls masked, and unmasking them after
 * each wake so the upcall takes what arrived; false if system time
 * reached `deadline` first.  Returns with upcalls unmasked.
 */
bool events_wait_until(unsigned vcpu, evtchn_port_t port, const volatile uint32_t *word,
                       uint32_t old, uint64_t deadline);

/* On vCPU 0: waits until `port` has taken n events in all; false after timeout_ns. */
bool events_wait_count(evtchn_port_t port, uint32_t n, uint64_t timeout_ns);

/* Pending and mask bits of one port in shared_info. */
bool port_is_pending(evtchn_port_t port);
bool port_is_masked(evtchn_port_t port);
/* Clears the pending bit; true if it was set. */
bool port_test_and_clear(evtchn_port_t port);
void port_mask(evtchn_port_t port);

/* ---- event_channel_op ------------------------------------------------- */

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *port);
long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port);
long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
long evtchn_unmask(evtchn_port_t port);
/* EVTCHNSTAT_* of (dom, port), or the call's -errno. */
long evtchn_state(domid_t dom, evtchn_port_t port);

/* ---- sched_op ------------------------------------------------------------ */

long sched_yield(void);
long sched_block(void);
/* SCHEDOP_poll on n ports until one is pending or the absolute timeout (0: none). */
long sched_poll(const evtchn_port_t *ports, unsigned n, uint64_t timeout);

#endif /* GUEST_EVENTS_H */
