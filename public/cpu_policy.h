/*
 * public/cpu_policy.h - a CPU policy as the toolstack exchanges it: the
 * CPUID leaves and MSR values a domain (or the machine) is offered, as flat
 * arrays (sysctl get_cpu_policy, domctl get_cpu_policy / set_cpu_policy).
 *
 * Leaves come in order: the basic leaves 0..max (4, 7, 0xb and 0xd once per
 * sub-leaf), the hypervisor leaf limits 0x40000000 and 0x40000100 (EAX
 * only), then the extended leaves 0x80000000..max.
 */
#ifndef PUBLIC_CPU_POLICY_H
#define PUBLIC_CPU_POLICY_H

#include <stddef.h>
#include <stdint.h>

#define XEN_CPUID_NO_SUBLEAF 0xffffffffU /* subleaf of a leaf that has none */

struct xen_cpuid_leaf {
    uint32_t leaf;       /* EAX input */
    uint32_t subleaf;    /* ECX input, or XEN_CPUID_NO_SUBLEAF */
    uint32_t a, b, c, d; /* EAX, EBX, ECX, EDX output */
};
typedef struct xen_cpuid_leaf xen_cpuid_leaf_t;
_Static_assert(sizeof(xen_cpuid_leaf_t) == 24, "xen_cpuid_leaf size");

struct xen_msr_entry {
    uint32_t idx;   /* MSR index */
    uint32_t flags; /* must be zero */
    uint64_t val;   /* its value */
};
typedef struct xen_msr_entry xen_msr_entry_t;
_Static_assert(sizeof(xen_msr_entry_t) == 16, "xen_msr_entry size");

/*
 * domctl get_cpu_policy (82) / set_cpu_policy (83), the argument in
 * xen_domctl's union.  get: a 0 pointer asks for the most entries there
 * can be; a short array is -ENOBUFS.  set: the entries given replace the
 * domain's, which must not have run yet; on a refusal err_* name the
 * leaf, sub-leaf or MSR at fault (~0 when none).
 */
struct xen_domctl_cpu_policy {
    uint32_t nr_leaves;    /* IN/OUT: entries in cpuid_policy */
    uint32_t nr_msrs;      /* IN/OUT: entries in msr_policy */
    uint64_t cpuid_policy; /* guest pointer to xen_cpuid_leaf_t[nr_leaves] */
    uint64_t msr_policy;   /* guest pointer to xen_msr_entry_t[nr_msrs] */
    uint32_t err_leaf;     /* OUT (set): the leaf refused */
    uint32_t err_subleaf;  /* OUT (set): its sub-leaf */
    uint32_t err_msr;      /* OUT (set): the MSR refused */
    uint32_t _pad;         /* padding */
};
typedef struct xen_domctl_cpu_policy xen_domctl_cpu_policy_t;
_Static_assert(sizeof(xen_domctl_cpu_policy_t) == 40, "domctl cpu_policy size");
_Static_assert(offsetof(xen_domctl_cpu_policy_t, err_leaf) == 24, "domctl cpu_policy err_leaf");

#endif /* PUBLIC_CPU_POLICY_H */
