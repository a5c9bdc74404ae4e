/*
 * For the tests of the vCPU hypercalls (sched_op, vcpu_op): a vCPU that
 * runs, hypercall arguments in fake guest memory, and ports to see events
 * arrive.  Builds on mm_fixture's machine (fix_setup, fix_domain).
 */
#ifndef TESTS_UNIT_VCPU_FIXTURE_H
#define TESTS_UNIT_VCPU_FIXTURE_H

#include "public/event_channel.h"
#include "xen/domain.h"

/* fix_setup(), system time 0 on CPU 0, and the argument buffer as guest memory. */
void vfix_setup(void);

/*
 * Bring v up (initialised, its timers started) and its domain unpaused; it
 * is then what its CPU runs, and `current`.
 */
void vfix_run(struct vcpu *v);

/* Copy len bytes of src into the guest's argument buffer; its guest address. */
uint64_t vfix_arg(const void *src, size_t len);

/* Copy the argument buffer back out (a hypercall's OUT fields). */
void vfix_result(void *dst, size_t len);

/* A guest address the fake guest memory does not map (copies fail with -EFAULT). */
#define VFIX_UNMAPPED 0x1000UL

/* Ports, made as a guest of d would (vCPU 0 of d running the hypercall). */
evtchn_port_t vfix_bind_virq(struct vcpu *v, unsigned virq);
evtchn_port_t vfix_loopback(struct domain *d, evtchn_port_t *other); /* two linked ports */
void vfix_send(struct domain *d, evtchn_port_t port);                /* EVTCHNOP_send */
bool vfix_pending(struct domain *d, evtchn_port_t port);
void vfix_clear_events(struct domain *d);

#endif
