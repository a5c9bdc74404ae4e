/*
 * CPU policies: the CPUID leaves and MSRs the machine has, and those a PV
 * domain is offered (xen/cpu_policy.c).  The toolstack reads them with
 * sysctl get_cpu_featureset / get_cpu_policy and reads or replaces a
 * domain's with domctl get_cpu_policy / set_cpu_policy, in Xen 4.17's
 * serialised form (public/cpu_policy.h).
 */
#ifndef XEN_CPU_POLICY_H
#define XEN_CPU_POLICY_H

#include "public/cpu_policy.h"
#include "public/domctl.h"
#include "public/sysctl.h"
#include "xen/lib.h"

struct domain;

/* Sizes of Xen 4.17's policy arrays: what can be serialised. */
#define CPUID_NR_BASIC  14   /* leaves 0..0xd */
#define CPUID_NR_CACHE  6    /* leaf 4 sub-leaves */
#define CPUID_NR_FEAT   3    /* leaf 7 sub-leaves */
#define CPUID_NR_TOPO   2    /* leaf 0xb sub-leaves */
#define CPUID_NR_XSTATE 63   /* leaf 0xd sub-leaves */
#define CPUID_NR_EXTD   0x22 /* leaves 0x80000000..0x80000021 */

#define CPUID_MAX_SERIALISED_LEAVES                                                \
    (CPUID_NR_BASIC + CPUID_NR_FEAT - 1 + CPUID_NR_CACHE - 1 + CPUID_NR_TOPO - 1 + \
     CPUID_NR_XSTATE - 1 + CPUID_NR_EXTD + 2 /* the two hypervisor leaf limits */)
#define MSR_MAX_SERIALISED_ENTRIES 2 /* MSR_INTEL_PLATFORM_INFO, MSR_ARCH_CAPABILITIES */

/* Featureset words, in Xen 4.17's order (leaf 1 EDX first ... 0x80000021 ECX). */
#define CPU_FEATURESET_WORDS 19

struct cpuid_regs {
    uint32_t a, b, c, d;
};

struct cpu_policy {
    struct cpuid_regs basic[CPUID_NR_BASIC]; /* 4, 7, 0xb, 0xd live below */
    struct cpuid_regs cache[CPUID_NR_CACHE];
    struct cpuid_regs feat[CPUID_NR_FEAT]; /* feat[0].a: the last sub-leaf */
    struct cpuid_regs topo[CPUID_NR_TOPO];
    struct cpuid_regs xstate[CPUID_NR_XSTATE];
    struct cpuid_regs extd[CPUID_NR_EXTD]; /* extd[0].a: the last extended leaf */
    uint32_t hv_limit, hv2_limit;          /* the hypervisor leaves' limits (0: default) */
    uint32_t platform_info;                /* MSR_INTEL_PLATFORM_INFO, as Xen keeps it: 32 bits */
    uint64_t arch_caps;                    /* MSR_ARCH_CAPABILITIES */
};

/* Leaf 4 and 0xb sub-leaves end at the first of these that is 0. */
#define CPUID_4_TYPE(r) ((r).a & 0x1f)        /* cache type */
#define CPUID_B_TYPE(r) (((r).c >> 8) & 0xff) /* topology level type */

#define MSR_INTEL_PLATFORM_INFO 0xce
#define MSR_ARCH_CAPABILITIES   0x10a

/* The state components leaf 0xd describes: XCR0's bits and XSS's. */
static inline uint64_t cpu_policy_xstates(const struct cpu_policy *p)
{
    return (p->xstate[0].a | (uint64_t)p->xstate[0].d << 32) |
           (p->xstate[1].c | (uint64_t)p->xstate[1].d << 32);
}

/*
 * The serialised form (xen/cpu_policy_buffer.c).  To the guest: p's
 * leaves or MSRs into the array buf of *nr entries, *nr becoming the
 * count; -ENOBUFS if they do not fit, -EFAULT.  From the guest: nr
 * entries merged into p; -E2BIG for more than can exist, -EFAULT, or
 * -ERANGE / -EINVAL / -EOVERFLOW with err's err_leaf / err_subleaf /
 * err_msr naming the entry refused.
 */
int cpu_policy_leaves_to_guest(const struct cpu_policy *p, uint64_t buf, uint32_t *nr);
int cpu_policy_msrs_to_guest(const struct cpu_policy *p, uint64_t buf, uint32_t *nr);
int cpu_policy_leaves_from_guest(struct cpu_policy *p, uint64_t buf, uint32_t nr,
                                 struct xen_domctl_cpu_policy *err);
int cpu_policy_msrs_from_guest(struct cpu_policy *p, uint64_t buf, uint32_t nr,
                               struct xen_domctl_cpu_policy *err);

/* The sysctl handlers (xen/sysctl.c's table), with sysctl's handler signature. */
long cpu_policy_sysctl_featureset(struct xen_sysctl *op, uint64_t arg, bool *copyback);
long cpu_policy_sysctl_policy(struct xen_sysctl *op, uint64_t arg, bool *copyback);

/* The domctl handlers (XEN_DOMCTL_get_cpu_policy / set_cpu_policy). */
long cpu_policy_domctl_get(struct domain *d, struct xen_domctl *op, bool *copyback);
long cpu_policy_domctl_set(struct domain *d, struct xen_domctl *op, bool *copyback);

/* The policy d runs with: its own once set, else the PV default. */
const struct cpu_policy *cpu_policy_of(const struct domain *d);

/* Release d's policy (d is being freed). */
void cpu_policy_domain_free(struct domain *d);

#endif
