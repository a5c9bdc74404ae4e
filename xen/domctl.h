/* What domctl shares with sysctl (xen/domctl.c). */
#ifndef XEN_DOMCTL_H
#define XEN_DOMCTL_H

#include "public/domctl.h"
#include "xen/lib.h"

struct domain;
struct vcpu;

/* The domain with the lowest id >= id, with a reference; NULL if none. */
struct domain *domctl_domain_next(domid_t id);

/* d as XEN_DOMCTL_getdomaininfo reports it (also sysctl's getdomaininfolist). */
void domctl_getdomaininfo(struct domain *d, struct xen_domctl_getdomaininfo *info);

/*
 * The commands, one handler each (xen/domctl*.c): d is the target (NULL
 * for createdomain), held by the caller; *copyback asks for the whole
 * xen_domctl to be copied back to the caller.  0 or a negative errno.
 */
typedef long domctl_fn(struct domain *d, struct xen_domctl *op, bool *copyback);

domctl_fn domctl_setvcpucontext, domctl_getvcpucontext;    /* xen/domctl_vcpu.c */
domctl_fn domctl_setvcpuaffinity, domctl_getvcpuaffinity;  /* xen/domctl_vcpu.c */
domctl_fn domctl_scheduler_op;                             /* xen/domctl_vcpu.c */
domctl_fn domctl_hypercall_init, domctl_getpageframeinfo3; /* xen/domctl_frames.c */
domctl_fn domctl_shadow_op;                                /* xen/domctl_frames.c */

/* The handler of a command Xen has for what this machine lacks (xen/domctl_other.c), or NULL. */
domctl_fn *domctl_other(uint32_t cmd);

/* The running command again, from the start (Xen's continuation of a domctl). */
long domctl_continue(void);

/*
 * A context (VCPUOP_initialise, setvcpucontext) said whether v is to be
 * up (VGCF_online): bring it up, timers started, or take it down.
 */
void vcpu_context_online(struct vcpu *v, bool online);

#endif
