/*
 * The architecture's state of domains and vCPUs: created and destroyed
 * with them, started, stopped and kicked, and the descriptor tables a PV
 * guest hands over.
 */
#ifndef XEN_ARCH_DOMAIN_H
#define XEN_ARCH_DOMAIN_H

#include "xen/lib.h"

struct domain;
struct vcpu;

/* Architecture state of domains and vCPUs: 0 or -ENOMEM. */
int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);

/* A dying domain lets go of the frames its arch state holds (GDT, LDT). */
void arch_domain_relinquish(struct domain *d);

/* Tell held() each frame reference the arch state holds, with its type (the audit). */
void arch_domain_held_frames(struct domain *d, void (*held)(void *ctx, mfn_t mfn, uint64_t type),
                             void *ctx);

/* The domain stopped running (shutdown or crash): deschedule it. */
void arch_domain_shutdown(struct domain *d);

/* Start running a built domain's vCPU 0 on this CPU. */
noreturn void arch_domain_start(struct domain *d);

/*
 * v was just given a pending event upcall (evtchn_upcall_pending went from
 * 0 to 1): make it notice soon, waking it if it is blocked and interrupting
 * it if it runs on another CPU.  Called with event-channel locks held.
 */
void arch_vcpu_kick(struct vcpu *v);

/* VCPUOP_initialise: v's context from a guest vcpu_guest_context. */
long arch_vcpu_initialise(struct vcpu *v, uint64_t guest_context);

/*
 * XEN_DOMCTL_setvcpucontext: the same checks and work as VCPUOP_initialise,
 * also on a vCPU that has a context (then only its registers change).  v
 * is off every CPU.  *online: the context asks for the vCPU to be up.
 */
long arch_vcpu_set_context(struct vcpu *v, uint64_t guest_context, bool *online);

/* XEN_DOMCTL_getvcpucontext: v's context (v off every CPU) to the guest; 0 or -EFAULT. */
long arch_vcpu_get_context(struct vcpu *v, uint64_t guest_context);

/* v forgets its context (XEN_DOMCTL_setvcpucontext with none): tables let go. */
void arch_vcpu_reset(struct vcpu *v);

/* XEN_DOMCTL_hypercall_init: fill a page with the guest's hypercall stubs. */
void arch_hypercall_page_fill(void *page);

/* The LDT of the current vCPU is now ents entries at base (0 entries = none). */
void arch_set_ldt(struct vcpu *v, uint64_t base, unsigned ents);

/*
 * Check (and fix up) a page of segment descriptors a guest wants to use as
 * GDT/LDT frame, owned by d: 0, or -EINVAL if any descriptor is unsafe.
 */
int arch_validate_segdesc_page(struct domain *d, void *page);

#endif
