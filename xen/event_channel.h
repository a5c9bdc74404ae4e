/*
 * Event channels: the hypervisor's asynchronous notifications to guests,
 * in the 2-level ABI (public/event_channel.h).  xen/event_channel.c owns every port of
 * every domain, the event_channel_op hypercall and its legacy form.
 *
 * The rest of the hypervisor uses this interface to create and destroy a
 * domain's ports and to raise VIRQs.  Callers must not hold an
 * event-channel lock (none is visible outside event_channel.c) and must not
 * run in an interrupt handler that can interrupt a hypercall on the same
 * CPU: the hypervisor runs with interrupts off, so raising a VIRQ from a
 * timer or the exit path is fine.
 */
#ifndef XEN_EVENT_CHANNEL_H
#define XEN_EVENT_CHANNEL_H

#include "public/event_channel.h"
#include "xen/lib.h"

struct domain;
struct vcpu;

/* Ports of a domain: port 0 reserved, none bound.  0 or -ENOMEM. */
int evtchn_init(struct domain *d);

/*
 * Close every port of d (each connected peer's port becomes unbound, as
 * when d closes it); from then on d can allocate no port.  Idempotent: a
 * dying path may call it before the domain is freed.
 */
void evtchn_destroy(struct domain *d);

/* Free d's port table (destroying it first if need be): d is being freed. */
void evtchn_destroy_final(struct domain *d);

/*
 * Raise a per-vCPU VIRQ (VIRQ_TIMER, VIRQ_DEBUG, VIRQ_XENOPROF,
 * VIRQ_XENPMU) on v: 0 if v has it bound, -ENOENT if not, -EINVAL if virq
 * is not a per-vCPU VIRQ.
 */
int evtchn_send_virq(struct vcpu *v, unsigned virq);

/* Raise a global VIRQ (VIRQ_CONSOLE, VIRQ_DOM_EXC, ...) in d, if d bound it. */
void evtchn_send_global_virq(struct domain *d, unsigned virq);

/*
 * Raise a global VIRQ in the domain that handles it: the one set with
 * evtchn_set_global_virq_handler(), else the hardware domain (domain 0).
 */
void evtchn_raise_global_virq(unsigned virq);

/* Route a global VIRQ to domain id (the toolstack's choice): 0 or -EINVAL. */
int evtchn_set_global_virq_handler(domid_t id, unsigned virq);

/* Is virq one that exists once per domain rather than once per vCPU? */
bool evtchn_virq_is_global(unsigned virq);

/*
 * For SCHEDOP_poll: 1 if d's port is pending, 0 if not, -EINVAL if the
 * port does not exist (beyond the buckets allocated so far: Xen's
 * valid_evtchns).  A free port in an allocated bucket is simply not pending.
 */
int evtchn_port_poll(struct domain *d, evtchn_port_t port);

/* Debug key 'e': print d's ports in use on the console. */
void evtchn_dump(struct domain *d);

#endif
