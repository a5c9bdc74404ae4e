/* vCPU operations and timers (xen/vcpu_op.c). */
#ifndef XEN_VCPU_OP_H
#define XEN_VCPU_OP_H

#include "xen/domain.h"

/* Set up v's timers (10 ms periodic VIRQ_TIMER, as Xen starts a PV vCPU). */
void vcpu_timers_init(struct vcpu *v);
void vcpu_timers_start(struct vcpu *v);
void vcpu_timers_stop(struct vcpu *v);

/* The vCPU leaves / takes a CPU: its periodic timer pauses / resumes. */
void vcpu_timers_switched_out(struct vcpu *v);
void vcpu_timers_switched_in(struct vcpu *v);

/* Before v's memory goes (timer_kill). */
void vcpu_timers_kill(struct vcpu *v);

/* Copy v's runstate to the guest area it registered (v's tables loaded). */
void vcpu_runstate_publish(struct vcpu *v);

#endif
