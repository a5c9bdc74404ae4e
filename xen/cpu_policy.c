/*
 * CPU policies (xen/cpu_policy.h): what the processor has and what a PV
 * domain is offered, as CPUID leaves and two MSRs.
 *
 * The system policies are worked out once, from the boot CPU:
 *  - raw: the CPU's own answers, read up to its maxima;
 *  - host: raw as the hypervisor uses it (OSXSAVE is the guest kernel's
 *    to set, so it is not the host's);
 *  - pv_default: host's features that a PV guest may use (pv_mask below),
 *    the hypervisor bit set, the leaves for MONITOR, power and performance
 *    counters empty;
 *  - pv_max: pv_default with every leaf-7 sub-leaf;
 *  - hvm_default, hvm_max: empty, this hypervisor runs no HVM guest.
 * A domain runs with pv_default until the toolstack gives it a policy of
 * its own (domctl set_cpu_policy), allowed only before it first runs and
 * never beyond pv_max: its maxima no higher, its features cut down to
 * pv_max's, and what needs XSAVE gone when leaf 0xd is out of reach.
 *
 * Their serialised form (public/cpu_policy.h) is xen/cpu_policy_buffer.c's.
 */
#include "public/cpu_policy.h"
#include "xen/arch/cpu.h"
#include "xen/arch/cpu_features.h"
#include "xen/cpu_policy.h"
#include "xen/domain.h"
#include "xen/guest_access.h"
#include "xen/spinlock.h"
#include "xen/xmalloc.h"

enum {
    POLICY_RAW,
    POLICY_HOST,
    POLICY_PV_DEF,
    POLICY_PV_MAX,
    POLICY_HVM_DEF,
    POLICY_HVM_MAX,
    NR_POLICIES
};

/* Featureset word numbers (Xen 4.17's FEATURESET_*). */
enum {
    FS_1D,
    FS_1C,
    FS_E1D,
    FS_E1C,
    FS_DA1,
    FS_7B0,
    FS_7C0,
    FS_E7D,
    FS_E8B,
    FS_7D0,
    FS_7A1,
    FS_E21A,
    FS_7B1,
    FS_7D2,
    FS_7C1,
    FS_7D1,
    FS_M10AL,
    FS_M10AH,
    FS_E21C,
};

#define BIT(n) (1U << (n))

/*
 * The features a PV guest is offered: Xen 4.17's default PV set ('A' in
 * its cpufeatureset.h) less what this hypervisor does not support for
 * guests (XSAVE and the VEX-encoded extensions, as only the FXSAVE state
 * is switched; FSGSBASE; x2APIC; RDTSCP; TSX; MCE/MCA; the speculation
 * controls and ARCH_CAPABILITIES).  The same set the emulated CPUID
 * (arch/x86/pv/emul_priv_op.c) shows.  A toolstack may opt in to nothing
 * more, so pv_max offers these features too.
 */
static const uint32_t pv_mask[CPU_FEATURESET_WORDS] = {
    /* FPU DE TSC MSR PAE CX8 APIC SEP CMOV PAT CLFLUSH ACPI MMX FXSR SSE SSE2 SS HTT */
    [FS_1D] = 0x1fc98b75,
    /* SSE3 PCLMULQDQ SSSE3 CX16 SSE4.1 SSE4.2 MOVBE POPCNT AESNI RDRAND HYPERVISOR */
    [FS_1C] = 0xc2d82203,
    /* SYSCALL NX MMXEXT FFXSR LM 3DNOWEXT 3DNOW, and what AMD mirrors from leaf 1 */
    [FS_E1D] = 0xe2500800 | (0x1fc98b75 & 0x0183f3ff),
    /* LAHF_LM CMP_LEGACY ABM SSE4A MISALIGNSSE 3DNOWPREFETCH TBM DBEXT */
    [FS_E1C] = 0x042001e3,
    /* BMI1 BMI2 ERMS RDSEED ADX CLFLUSHOPT CLWB SHA */
    [FS_7B0] = 0x218c0308,
};

#define CPUID_1_ECX_HYPERVISOR BIT(31) /* set whatever the CPU says */

/* What cannot be used without XSAVE, and so goes when leaf 0xd does. */
static const uint32_t xsave_dependents[CPU_FEATURESET_WORDS] = {
    [FS_1C] = BIT(12) | BIT(26) | BIT(28) | BIT(29), /* FMA, XSAVE, AVX, F16C */
    [FS_DA1] = ~0U,
    [FS_7B0] =
        BIT(5) | BIT(16) | BIT(17) | BIT(21) | BIT(26) | BIT(27) | BIT(28) | BIT(30) | BIT(31),
    [FS_7C0] = BIT(1) | BIT(6) | BIT(9) | BIT(10) | BIT(11) | BIT(12) | BIT(14),
    [FS_E1C] = BIT(11) | BIT(16), /* XOP, FMA4 */
    [FS_7A1] = BIT(4) | BIT(5),
};

#define CPUID_1_ECX_OSXSAVE BIT(27)
#define CPUID_1_ECX_XSAVE   BIT(26)

static struct cpu_policy policies[NR_POLICIES];
static bool policies_ready;
static spinlock_t policies_lock = SPINLOCK_INIT;

static uint32_t *featureset_word(struct cpu_policy *p, unsigned w, uint32_t *hi_scratch)
{
    switch (w) {
    case FS_1D:
        return &p->basic[1].d;
    case FS_1C:
        return &p->basic[1].c;
    case FS_E1D:
        return &p->extd[1].d;
    case FS_E1C:
        return &p->extd[1].c;
    case FS_DA1:
        return &p->xstate[1].a;
    case FS_7B0:
        return &p->feat[0].b;
    case FS_7C0:
        return &p->feat[0].c;
    case FS_E7D:
        return &p->extd[7].d;
    case FS_E8B:
        return &p->extd[8].b;
    case FS_7D0:
        return &p->feat[0].d;
    case FS_7A1:
        return &p->feat[1].a;
    case FS_E21A:
        return &p->extd[0x21].a;
    case FS_7B1:
        return &p->feat[1].b;
    case FS_7D2:
        return &p->feat[2].d;
    case FS_7C1:
        return &p->feat[1].c;
    case FS_7D1:
        return &p->feat[1].d;
    case FS_E21C:
        return &p->extd[0x21].c;
    default:
        return hi_scratch; /* the MSR words: handled by the callers */
    }
}

static void policy_to_featureset(const struct cpu_policy *p, uint32_t fs[CPU_FEATURESET_WORDS])
{
    uint32_t scratch = 0;

    for (unsigned w = 0; w < CPU_FEATURESET_WORDS; w++)
        fs[w] = *featureset_word((struct cpu_policy *)p, w, &scratch);
    fs[FS_M10AL] = (uint32_t)p->arch_caps;
    fs[FS_M10AH] = (uint32_t)(p->arch_caps >> 32);
}

static void featureset_to_policy(const uint32_t fs[CPU_FEATURESET_WORDS], struct cpu_policy *p)
{
    uint32_t scratch;

    for (unsigned w = 0; w < CPU_FEATURESET_WORDS; w++)
        *featureset_word(p, w, &scratch) = fs[w];
    p->arch_caps = fs[FS_M10AL] | (uint64_t)fs[FS_M10AH] << 32;
}

static void read_leaf(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
    uint32_t regs[4];

    arch_cpuid_raw(leaf, subleaf, regs);
    *r = (struct cpuid_regs){ regs[0], regs[1], regs[2], regs[3] };
}

/* Everything the boot CPU answers, within the arrays' reach. */
static void fill_raw(struct cpu_policy *p)
{
    unsigned i, last;
    uint64_t xstates;

    memset(p, 0, sizeof(*p));
    read_leaf(0, 0, &p->basic[0]);
    last = MIN(p->basic[0].a, CPUID_NR_BASIC - 1);
    for (i = 1; i <= last; i++)
        if (i != 4 && i != 7 && i != 0xb && i != 0xd)
            read_leaf(i, 0, &p->basic[i]);
    for (i = 0; last >= 4 && i < CPUID_NR_CACHE; i++) {
        read_leaf(4, i, &p->cache[i]);
        if (!CPUID_4_TYPE(p->cache[i]))
            break;
    }
    if (last >= 7) {
        read_leaf(7, 0, &p->feat[0]);
        for (i = 1; i <= MIN(p->feat[0].a, CPUID_NR_FEAT - 1); i++)
            read_leaf(7, i, &p->feat[i]);
    }
    for (i = 0; last >= 0xb && i < CPUID_NR_TOPO; i++) {
        read_leaf(0xb, i, &p->topo[i]);
        if (!CPUID_B_TYPE(p->topo[i]))
            break;
    }
    if (last >= 0xd) {
        read_leaf(0xd, 0, &p->xstate[0]);
        read_leaf(0xd, 1, &p->xstate[1]);
        xstates = cpu_policy_xstates(p);
        for (i = 2; i < CPUID_NR_XSTATE; i++)
            if (xstates & (1ULL << i))
                read_leaf(0xd, i, &p->xstate[i]);
    }
    read_leaf(0x80000000, 0, &p->extd[0]);
    if ((p->extd[0].a & 0xffff0000) != 0x80000000)
        p->extd[0].a = 0; /* no extended leaves at all */
    for (i = 1; i <= MIN(p->extd[0].a & 0xffff, CPUID_NR_EXTD - 1); i++)
        read_leaf(0x80000000 + i, 0, &p->extd[i]);
    p->arch_caps = arch_cpu_arch_caps();
}

static void zero_from(struct cpuid_regs *r, unsigned first, unsigned nr)
{
    if (first < nr)
        memset(&r[first], 0, (nr - first) * sizeof(*r));
}

/* Leaves beyond the maxima the policy states are empty (Xen's rule). */
static void clear_out_of_range(struct cpu_policy *p)
{
    unsigned max = p->basic[0].a, i;
    uint64_t xstates = cpu_policy_xstates(p);

    zero_from(p->basic, max + 1, CPUID_NR_BASIC);
    for (i = 0; max >= 4 && i < CPUID_NR_CACHE && CPUID_4_TYPE(p->cache[i]); i++)
        ;
    zero_from(p->cache, max >= 4 ? i : 0, CPUID_NR_CACHE);
    zero_from(p->feat, max >= 7 ? p->feat[0].a + 1 : 0, CPUID_NR_FEAT);
    for (i = 0; max >= 0xb && i < CPUID_NR_TOPO && CPUID_B_TYPE(p->topo[i]); i++)
        ;
    zero_from(p->topo, max >= 0xb ? i : 0, CPUID_NR_TOPO);
    if (max < 0xd || !xstates)
        zero_from(p->xstate, 0, CPUID_NR_XSTATE);
    else
        zero_from(p->xstate, MAX(2, 64 - __builtin_clzll(xstates)), CPUID_NR_XSTATE);
    zero_from(p->extd, (p->extd[0].a & 0xffff) + 1, CPUID_NR_EXTD);
}

/*
 * Cut p's features down to allowed, drop what needs XSAVE when leaf 0xd
 * is out of reach, and keep the fields the hypervisor owns: the reserved
 * bits of family/model/stepping and the initial APIC id read as zero, the
 * CLFLUSH line size is the host's.
 */
static void restrict_policy(struct cpu_policy *p, const uint32_t allowed[CPU_FEATURESET_WORDS])
{
    uint32_t fs[CPU_FEATURESET_WORDS];
    const struct cpu_policy *host = &policies[POLICY_HOST];

    policy_to_featureset(p, fs);
    for (unsigned w = 0; w < CPU_FEATURESET_WORDS; w++)
        fs[w] &= allowed[w];
    if (p->basic[0].a < 0xd || !(fs[FS_1C] & CPUID_1_ECX_XSAVE))
        for (unsigned w = 0; w < CPU_FEATURESET_WORDS; w++)
            fs[w] &= ~xsave_dependents[w];
    featureset_to_policy(fs, p);
    p->basic[1].a &= 0x0fff0fff;
    p->basic[1].b = (p->basic[1].b & 0x00ff00ff) | (host->basic[1].b & 0x0000ff00);
    if (!(fs[FS_1C] & CPUID_1_ECX_XSAVE))
        zero_from(p->xstate, 0, CPUID_NR_XSTATE);
    clear_out_of_range(p);
}

/* Leaves a PV guest sees empty: MONITOR, power, performance counters. */
static const uint8_t pv_empty_leaves[] = { 5, 6, 0xa };

static void make_pv(struct cpu_policy *p, bool max)
{
    *p = policies[POLICY_HOST];
    p->feat[0].a = max && p->basic[0].a >= 7 ? CPUID_NR_FEAT - 1 : 0;
    p->basic[1].c |= CPUID_1_ECX_HYPERVISOR;
    restrict_policy(p, pv_mask);
    for (unsigned i = 0; i < ARRAY_SIZE(pv_empty_leaves); i++)
        p->basic[pv_empty_leaves[i]] = (struct cpuid_regs){ 0 };
    p->extd[7] = (struct cpuid_regs){ 0 }; /* invariant TSC, power management */
    p->platform_info = 0;                  /* no CPUID faulting offered */
}

static void policies_init(void)
{
    spin_lock(&policies_lock);
    if (!policies_ready) {
        fill_raw(&policies[POLICY_RAW]);
        policies[POLICY_HOST] = policies[POLICY_RAW];
        policies[POLICY_HOST].basic[1].c &= ~CPUID_1_ECX_OSXSAVE;
        make_pv(&policies[POLICY_PV_MAX], true);
        make_pv(&policies[POLICY_PV_DEF], false);
        __atomic_store_n(&policies_ready, true, __ATOMIC_RELEASE);
    }
    spin_unlock(&policies_lock);
}

static const struct cpu_policy *system_policy(unsigned which)
{
    if (!__atomic_load_n(&policies_ready, __ATOMIC_ACQUIRE))
        policies_init();
    return &policies[which];
}

const struct cpu_policy *cpu_policy_of(const struct domain *d)
{
    return d->cpu_policy ? d->cpu_policy : system_policy(POLICY_PV_DEF);
}

void cpu_policy_domain_free(struct domain *d)
{
    xfree(d->cpu_policy);
    d->cpu_policy = NULL;
}

/* Xen's audit of a new policy against pv_max: -EINVAL naming what is too high. */
static int policy_fits(const struct cpu_policy *p, const struct cpu_policy *max,
                       struct xen_domctl_cpu_policy *err)
{
    if (p->basic[0].a > max->basic[0].a) {
        err->err_leaf = 0;
        err->err_subleaf = XEN_CPUID_NO_SUBLEAF;
    } else if (p->feat[0].a > max->feat[0].a) {
        err->err_leaf = 7;
        err->err_subleaf = 0;
    } else if (p->extd[0].a > max->extd[0].a) {
        err->err_leaf = 0x80000000;
        err->err_subleaf = XEN_CPUID_NO_SUBLEAF;
    } else if (p->platform_info & ~max->platform_info) {
        err->err_msr = MSR_INTEL_PLATFORM_INFO;
    } else {
        return 0;
    }
    return -EINVAL;
}

/* ---- sysctl ---- */

/* Copy one 32-bit field of the caller's struct xen_sysctl back to it. */
static int put_sysctl_field(uint64_t arg, size_t offset, uint32_t val)
{
    return copy_to_guest(arg + offset, &val, sizeof(val)) ? -EFAULT : 0;
}

/* Featureset indices (XEN_SYSCTL_cpu_featureset_*) to policies. */
static const unsigned featureset_policy[] = {
    [XEN_SYSCTL_cpu_featureset_raw] = POLICY_RAW,
    [XEN_SYSCTL_cpu_featureset_host] = POLICY_HOST,
    [XEN_SYSCTL_cpu_featureset_pv] = POLICY_PV_DEF,
    [XEN_SYSCTL_cpu_featureset_hvm] = POLICY_HVM_DEF,
    [XEN_SYSCTL_cpu_featureset_pv_max] = POLICY_PV_MAX,
    [XEN_SYSCTL_cpu_featureset_hvm_max] = POLICY_HVM_MAX,
};

/*
 * Without an array: how many words there are.  Else up to nr_features of
 * them and how many were written; -ENOBUFS when that was not all.
 */
long cpu_policy_sysctl_featureset(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_cpu_featureset *f = &op->u.cpu_featureset;
    const size_t nr_field = offsetof(struct xen_sysctl, u.cpu_featureset.nr_features);
    uint32_t fs[CPU_FEATURESET_WORDS], nr;

    if (!f->features)
        return put_sysctl_field(arg, nr_field, CPU_FEATURESET_WORDS);
    nr = MIN(f->nr_features, CPU_FEATURESET_WORDS);
    if (f->index >= ARRAY_SIZE(featureset_policy))
        return -EINVAL;
    policy_to_featureset(system_policy(featureset_policy[f->index]), fs);
    if (copy_to_guest(f->features, fs, nr * sizeof(*fs)) || put_sysctl_field(arg, nr_field, nr))
        return -EFAULT;
    return nr < CPU_FEATURESET_WORDS ? -ENOBUFS : 0;
}

/* Policy indices (XEN_SYSCTL_cpu_policy_*) to policies. */
static const unsigned sysctl_policy[] = {
    [XEN_SYSCTL_cpu_policy_raw] = POLICY_RAW,
    [XEN_SYSCTL_cpu_policy_host] = POLICY_HOST,
    [XEN_SYSCTL_cpu_policy_pv_max] = POLICY_PV_MAX,
    [XEN_SYSCTL_cpu_policy_hvm_max] = POLICY_HVM_MAX,
    [XEN_SYSCTL_cpu_policy_pv_default] = POLICY_PV_DEF,
    [XEN_SYSCTL_cpu_policy_hvm_default] = POLICY_HVM_DEF,
};

/* The leaves, then the MSRs; each count copied back as soon as it is known. */
long cpu_policy_sysctl_policy(struct xen_sysctl *op, uint64_t arg, bool *copyback)
{
    struct xen_sysctl_cpu_policy *c = &op->u.cpu_policy;
    const struct cpu_policy *p;
    int rc;

    if (c->_rsvd || c->index >= ARRAY_SIZE(sysctl_policy))
        return -EINVAL;
    p = system_policy(sysctl_policy[c->index]);
    if (!c->cpuid_policy)
        c->nr_leaves = CPUID_MAX_SERIALISED_LEAVES;
    else if ((rc = cpu_policy_leaves_to_guest(p, c->cpuid_policy, &c->nr_leaves)))
        return rc;
    if (put_sysctl_field(arg, offsetof(struct xen_sysctl, u.cpu_policy.nr_leaves), c->nr_leaves))
        return -EFAULT;
    if (!c->msr_policy)
        c->nr_msrs = MSR_MAX_SERIALISED_ENTRIES;
    else if ((rc = cpu_policy_msrs_to_guest(p, c->msr_policy, &c->nr_msrs)))
        return rc;
    return put_sysctl_field(arg, offsetof(struct xen_sysctl, u.cpu_policy.nr_msrs), c->nr_msrs);
}

/* ---- domctl ---- */

static struct xen_domctl_cpu_policy *domctl_policy(struct xen_domctl *op)
{
    _Static_assert(sizeof(struct xen_domctl_cpu_policy) <= sizeof(op->u), "fits the union");
    return (struct xen_domctl_cpu_policy *)&op->u;
}

long cpu_policy_domctl_get(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    struct xen_domctl_cpu_policy *x = domctl_policy(op);
    const struct cpu_policy *p = cpu_policy_of(d);
    int rc;

    if (!x->cpuid_policy)
        x->nr_leaves = CPUID_MAX_SERIALISED_LEAVES;
    else if ((rc = cpu_policy_leaves_to_guest(p, x->cpuid_policy, &x->nr_leaves)))
        return rc;
    if (!x->msr_policy)
        x->nr_msrs = MSR_MAX_SERIALISED_ENTRIES;
    else if ((rc = cpu_policy_msrs_to_guest(p, x->msr_policy, &x->nr_msrs)))
        return rc;
    *copyback = true;
    return 0;
}

/*
 * May d have run?  Xen's creation_finished, set when the toolstack's
 * pauses of a domain it created first drop to none.  Domains built at
 * boot have run.
 */
static bool creation_finished(const struct domain *d)
{
    return !d->toolstack_owned || d->creation_finished || d->controller_pause_count == 0;
}

/* The caller's entries over d's policy, audited against pv_max, then trimmed to it. */
static int policy_update(struct domain *d, struct xen_domctl_cpu_policy *x)
{
    const struct cpu_policy *max = system_policy(POLICY_PV_MAX);
    struct cpu_policy *p = xmalloc_obj(struct cpu_policy);
    uint32_t allowed[CPU_FEATURESET_WORDS];
    int rc;

    if (!p)
        return -ENOMEM;
    *p = *cpu_policy_of(d);
    rc = cpu_policy_leaves_from_guest(p, x->cpuid_policy, x->nr_leaves, x);
    if (!rc)
        rc = cpu_policy_msrs_from_guest(p, x->msr_policy, x->nr_msrs, x);
    if (!rc) {
        clear_out_of_range(p);
        rc = policy_fits(p, max, x);
    }
    if (rc) {
        xfree(p);
        return rc;
    }
    policy_to_featureset(max, allowed);
    restrict_policy(p, allowed);
    xfree(d->cpu_policy);
    d->cpu_policy = p;
    return 0;
}

long cpu_policy_domctl_set(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    struct xen_domctl_cpu_policy *x = domctl_policy(op);
    int rc;

    if (d == current->domain)
        return -EINVAL;
    if (creation_finished(d))
        return -EEXIST; /* no changing it once the domain runs */
    x->err_leaf = x->err_subleaf = x->err_msr = ~0U;
    rc = policy_update(d, x);
    *copyback = rc != 0; /* only a refusal says where (err_*) */
    return rc;
}
