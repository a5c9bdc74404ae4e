/*
 * CPU policies from dom0: sysctl get_cpu_featureset / get_cpu_policy (the
 * machine's and what PV guests get) and domctl get_cpu_policy /
 * set_cpu_policy (a domain's, changed before it first runs).  The
 * features themselves differ between hypervisors and CPUs: they are
 * printed and checked for consistency (order, counts, the PV set within
 * the host's, a domain's policy within pv_max); the framing, counts and
 * refusals are Xen 4.17's.
 */
#include "common/string.h"
#include "public/cpu_policy.h"
#include "sysctl_cases.h"

#define NR_FEATURESET 19  /* Xen 4.17's feature words */
#define MAX_LEAVES    120 /* Xen 4.17's CPUID_MAX_SERIALISED_LEAVES */
#define MAX_MSRS      2
#define NO_SUB        XEN_CPUID_NO_SUBLEAF
#define LEAF1_XSAVE   (1U << 26)

enum { FS_RAW, FS_HOST, FS_PV, FS_HVM, FS_PV_MAX, FS_HVM_MAX, NR_FS };

static long featureset(uint32_t index, uint32_t nr, uint32_t *words, struct xen_sysctl *op)
{
    struct xen_sysctl_cpu_featureset f = { index, nr, (uint64_t)words };

    return sysctl_with(op, XEN_SYSCTL_get_cpu_featureset, &f, sizeof(f));
}

static void print_words(const char *what, const uint32_t *w)
{
    info("%s: %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x", what, w[0], w[1], w[2], w[3],
         w[4], w[5], w[6], w[7], w[8], w[9]);
}

void featureset_counts_and_order(void)
{
    static uint32_t fs[NR_FS][NR_FEATURESET];
    static const char *const names[NR_FS] = { "raw", "host", "pv", "hvm", "pv_max", "hvm_max" };
    struct xen_sysctl op = sysctl_req(XEN_SYSCTL_physinfo);
    struct xen_sysctl_physinfo pi;

    CHECK_RC(sysctl(&op), 0);
    pi = op.u.physinfo;
    for (uint32_t i = 0; i < NR_FS; i++) {
        CHECK_RC(featureset(i, 0, NULL, &op), 0);
        CHECK_EQ(op.u.cpu_featureset.nr_features, NR_FEATURESET);
        CHECK_RC(featureset(i, NR_FEATURESET, fs[i], &op), 0);
        CHECK_EQ(op.u.cpu_featureset.nr_features, NR_FEATURESET);
        print_words(names[i], fs[i]);
    }
    CHECK_RC(featureset(6, 0, NULL, &op), 0); /* the count comes before the index check */
    CHECK_EQ(op.u.cpu_featureset.nr_features, NR_FEATURESET);
    for (unsigned w = 0; w < 8; w++)
        CHECK(fs[FS_HOST][w] == pi.hw_cap[w], "host word %u is not physinfo's", w);
    CHECK_EQ(fs[FS_HOST][1] & (1U << 27), 0); /* OSXSAVE is the guest kernel's */
    CHECK(fs[FS_PV][1] & (1U << 31), "PV guests are not told of the hypervisor");
    CHECK_EQ(fs[FS_PV][0] & 0x2300a, 0); /* no VME PSE MTRR PGE PSE36 for PV */
    for (unsigned w = 0; w < 7; w++) {
        uint32_t extra = fs[FS_PV][w] & ~fs[FS_HOST][w] & (w == 1 ? ~(1U << 31) : ~0U);

        CHECK(!extra, "pv word %u has %#x the host has not", w, extra);
    }
    for (unsigned w = 0; w < NR_FEATURESET; w++)
        CHECK(!(fs[FS_PV][w] & ~fs[FS_PV_MAX][w]), "pv word %u beyond pv_max", w);
    if (!(pi.capabilities & XEN_SYSCTL_PHYSCAP_hvm))
        for (unsigned w = 0; w < NR_FEATURESET; w++)
            CHECK(!fs[FS_HVM][w] && !fs[FS_HVM_MAX][w], "HVM features without HVM");
}

void featureset_short_and_bad(void)
{
    static uint32_t words[NR_FEATURESET + 1];
    struct xen_sysctl op;

    memset(words, 0xa5, sizeof(words));
    CHECK_RC(featureset(FS_PV, 3, words, &op), -XEN_ENOBUFS);
    CHECK_EQ(op.u.cpu_featureset.nr_features, 3); /* the count is copied back alone */
    CHECK(words[2] != 0xa5a5a5a5, "third word not written");
    CHECK_EQ(words[3], 0xa5a5a5a5);
    CHECK_RC(featureset(FS_PV, 0, words, &op), -XEN_ENOBUFS);
    CHECK_EQ(op.u.cpu_featureset.nr_features, 0);
    CHECK_RC(featureset(FS_PV, 100, words, &op), 0);
    CHECK_EQ(op.u.cpu_featureset.nr_features, NR_FEATURESET);
    CHECK_EQ(words[NR_FEATURESET], 0xa5a5a5a5);
    CHECK_RC(featureset(FS_PV, 3, (uint32_t *)16, &op), -XEN_EFAULT);
    CHECK_RC(featureset(6, 3, words, &op), -XEN_EINVAL);
    CHECK_RC(featureset(0xffffffff, 3, (uint32_t *)HYPERVISOR_DIRECT_MAP, &op), -XEN_EINVAL);
}

static xen_cpuid_leaf_t leaves[MAX_LEAVES + 8], other[MAX_LEAVES + 8];
static xen_msr_entry_t msrs[MAX_MSRS + 2], other_msrs[MAX_MSRS + 2];

static long sysctl_policy(uint32_t index, uint32_t nr_leaves, void *l, uint32_t nr_msrs, void *m,
                          struct xen_sysctl *op)
{
    struct xen_sysctl_cpu_policy p = { index, nr_leaves, nr_msrs, 0, (uint64_t)l, (uint64_t)m };

    return sysctl_with(op, XEN_SYSCTL_get_cpu_policy, &p, sizeof(p));
}

static const xen_cpuid_leaf_t *find(const xen_cpuid_leaf_t *l, uint32_t n, uint32_t leaf,
                                    uint32_t sub)
{
    for (uint32_t i = 0; i < n; i++)
        if (l[i].leaf == leaf && l[i].subleaf == sub)
            return &l[i];
    return NULL;
}

/* Xen's order: basic leaves up, the two hypervisor limits, extended leaves up. */
static bool well_formed(const xen_cpuid_leaf_t *l, uint32_t n)
{
    uint32_t i = 0, basic_max, extd_max;

    if (n < 4 || l[0].leaf != 0)
        return false;
    basic_max = l[0].a < 0xd ? l[0].a : 0xd;
    for (uint32_t leaf = 0; leaf <= basic_max; leaf++) {
        bool multi = leaf == 4 || leaf == 7 || leaf == 0xb || leaf == 0xd;

        for (uint32_t sub = 0; i < n && l[i].leaf == leaf; sub++, i++)
            if (l[i].subleaf != (multi ? sub : NO_SUB))
                return false;
    }
    if (i + 2 > n || l[i].leaf != 0x40000000 || l[i + 1].leaf != 0x40000100)
        return false;
    i += 2;
    if (i == n || l[i].leaf != 0x80000000)
        return false;
    extd_max = (l[i].a & 0xffff) < 0x21 ? l[i].a & 0xffff : 0x21;
    for (uint32_t leaf = 0; leaf <= extd_max; leaf++, i++)
        if (i == n || l[i].leaf != (0x80000000 | leaf) || l[i].subleaf != NO_SUB)
            return false;
    return i == n;
}

void sysctl_policy_serialised(void)
{
    static uint32_t pv_fs[NR_FEATURESET];
    struct xen_sysctl op;
    const xen_cpuid_leaf_t *l1, *l7, *e1;
    uint32_t n;

    for (uint32_t i = 0; i < 6; i++) {
        CHECK_RC(sysctl_policy(i, 0, NULL, 0, NULL, &op), 0);
        CHECK_EQ(op.u.cpu_policy.nr_leaves, MAX_LEAVES);
        CHECK_EQ(op.u.cpu_policy.nr_msrs, MAX_MSRS);
        CHECK_RC(sysctl_policy(i, MAX_LEAVES, leaves, MAX_MSRS, msrs, &op), 0);
        info("policy %u: %u leaves, %u MSRs", i, op.u.cpu_policy.nr_leaves,
             op.u.cpu_policy.nr_msrs);
        CHECK(well_formed(leaves, op.u.cpu_policy.nr_leaves), "policy %u out of order", i);
        CHECK_EQ(op.u.cpu_policy.nr_msrs, MAX_MSRS);
        CHECK_EQ(msrs[0].idx, 0xce);
        CHECK_EQ(msrs[1].idx, 0x10a);
        CHECK_EQ(msrs[0].flags | msrs[1].flags, 0);
    }
    CHECK_RC(sysctl_policy(6, 0, NULL, 0, NULL, &op), -XEN_EINVAL);
    /* The PV default's leaves say what its featureset says. */
    CHECK_RC(featureset(FS_PV, NR_FEATURESET, pv_fs, &op), 0);
    CHECK_RC(
        sysctl_policy(XEN_SYSCTL_cpu_policy_pv_default, MAX_LEAVES, leaves, MAX_MSRS, msrs, &op),
        0);
    n = op.u.cpu_policy.nr_leaves;
    l1 = find(leaves, n, 1, NO_SUB);
    l7 = find(leaves, n, 7, 0);
    e1 = find(leaves, n, 0x80000001, NO_SUB);
    CHECK(l1 && e1, "no leaf 1 or 0x80000001");
    info("pv_default leaf 1: %08x %08x %08x %08x", l1->a, l1->b, l1->c, l1->d);
    CHECK_EQ(l1->d, pv_fs[0]);
    CHECK_EQ(l1->c, pv_fs[1]);
    CHECK_EQ(e1->d, pv_fs[2]);
    CHECK_EQ(e1->c, pv_fs[3]);
    CHECK_EQ(l7 ? l7->b : 0, pv_fs[5]);
    CHECK_EQ(l1->b >> 24, 0); /* no initial APIC id */
    /* pv_max offers every leaf-7 sub-leaf; HVM's policies are empty without HVM. */
    CHECK_RC(sysctl_policy(XEN_SYSCTL_cpu_policy_pv_max, MAX_LEAVES, leaves, MAX_MSRS, msrs, &op),
             0);
    l7 = find(leaves, op.u.cpu_policy.nr_leaves, 7, 0);
    CHECK(l7 && l7->a == 2 && find(leaves, op.u.cpu_policy.nr_leaves, 7, 2), "pv_max leaf 7");
}

void sysctl_policy_short_and_bad(void)
{
    struct xen_sysctl op;
    uint32_t full;
    struct xen_sysctl_cpu_policy p = { XEN_SYSCTL_cpu_policy_pv_default, 0, 0, 1, 0, 0 };

    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_get_cpu_policy, &p, sizeof(p)), -XEN_EINVAL);
    CHECK_RC(sysctl_policy(4, MAX_LEAVES, leaves, MAX_MSRS, msrs, &op), 0);
    full = op.u.cpu_policy.nr_leaves;
    CHECK_RC(sysctl_policy(4, 3, leaves, MAX_MSRS, msrs, &op), -XEN_ENOBUFS);
    CHECK_EQ(op.u.cpu_policy.nr_leaves, 3);
    CHECK_RC(sysctl_policy(4, MAX_LEAVES, leaves, 1, msrs, &op), -XEN_ENOBUFS);
    CHECK_EQ(op.u.cpu_policy.nr_leaves, full); /* the leaves' count went back first */
    CHECK_EQ(op.u.cpu_policy.nr_msrs, 1);
    CHECK_RC(sysctl_policy(4, 0, leaves, 0, msrs, &op), -XEN_ENOBUFS);
    CHECK_RC(sysctl_policy(4, MAX_LEAVES, (void *)16, MAX_MSRS, msrs, &op), -XEN_EFAULT);
    CHECK_RC(sysctl_policy(4, MAX_LEAVES, leaves, MAX_MSRS, (void *)16, &op), -XEN_EFAULT);
    CHECK_EQ(op.u.cpu_policy.nr_leaves, full);
    CHECK_RC(sysctl_policy(4, MAX_LEAVES, NULL, MAX_MSRS, (void *)HYPERVISOR_DIRECT_MAP, &op),
             -XEN_EFAULT);
    CHECK_EQ(op.u.cpu_policy.nr_leaves, MAX_LEAVES);
}

static long domctl_policy(uint32_t cmd, domid_t d, uint32_t nr_leaves, const void *l,
                          uint32_t nr_msrs, const void *m, xen_domctl_cpu_policy_t *out)
{
    struct xen_domctl op = domctl_req(cmd, d);
    xen_domctl_cpu_policy_t p = { nr_leaves, nr_msrs, (uint64_t)l, (uint64_t)m,
                                  0xdead,    0xdead,  0xdead,      0 };
    long rc;

    memcpy(&op.u, &p, sizeof(p));
    rc = domctl(&op);
    memcpy(out, &op.u, sizeof(*out));
    return rc;
}

static void domctl_policy_get(void)
{
    xen_domctl_cpu_policy_t p;
    struct xen_sysctl op;
    uint32_t n;

    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, 0, 0, NULL, 0, NULL, &p), 0);
    CHECK_EQ(p.nr_leaves, MAX_LEAVES);
    CHECK_EQ(p.nr_msrs, MAX_MSRS);
    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, 0, MAX_LEAVES, leaves, MAX_MSRS, msrs, &p),
             0);
    n = p.nr_leaves;
    CHECK(well_formed(leaves, n), "dom0's policy out of order");
    CHECK_RC(sysctl_policy(XEN_SYSCTL_cpu_policy_pv_default, MAX_LEAVES, other, MAX_MSRS,
                           other_msrs, &op),
             0);
    info("dom0 policy: %u leaves (pv_default %u)", n, op.u.cpu_policy.nr_leaves);
    CHECK_EQ(n, op.u.cpu_policy.nr_leaves);
    CHECK(!memcmp(leaves, other, n * sizeof(*leaves)), "dom0's policy is not pv_default");
    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, 0, 3, leaves, MAX_MSRS, msrs, &p),
             -XEN_ENOBUFS);
    CHECK_EQ(p.nr_leaves, 3); /* not copied back */
    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, 0, MAX_LEAVES, leaves, 1, msrs, &p),
             -XEN_ENOBUFS);
    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, 0, MAX_LEAVES, (void *)16, 1, msrs, &p),
             -XEN_EFAULT);
    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, 0x3fff, 0, NULL, 0, NULL, &p), -XEN_ESRCH);
    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, DOMID_FIRST_RESERVED, 0, NULL, 0, NULL, &p),
             -XEN_ESRCH);
}

/* A PV domU as xl creates it, paused and never run. */
static long new_domu(domid_t *id)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_createdomain, 0);

    op.u.createdomain.max_vcpus = 1;
    op.u.createdomain.max_evtchn_port = ~0U;
    op.u.createdomain.max_grant_frames = -1;
    op.u.createdomain.max_maptrack_frames = -1;
    op.u.createdomain.grant_opts = 1;
    *id = op.domain;
    long rc = domctl(&op);
    *id = op.domain;
    return rc;
}

static long simple(uint32_t cmd, domid_t id)
{
    struct xen_domctl op = domctl_req(cmd, id);

    return domctl(&op);
}

static long set_one(domid_t d, uint32_t leaf, uint32_t sub, uint32_t a, xen_domctl_cpu_policy_t *p)
{
    static xen_cpuid_leaf_t one;

    one = (xen_cpuid_leaf_t){ leaf, sub, a, 0, 0, 0 };
    return domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 1, &one, 0, NULL, p);
}

static long set_msr(domid_t d, uint32_t idx, uint32_t flags, uint64_t val,
                    xen_domctl_cpu_policy_t *p)
{
    static xen_msr_entry_t one;

    one = (xen_msr_entry_t){ idx, flags, val };
    return domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 0, NULL, 1, &one, p);
}

#define CHECK_ERR(p, l, s, m)           \
    do {                                \
        CHECK_EQ((p).err_leaf, (l));    \
        CHECK_EQ((p).err_subleaf, (s)); \
        CHECK_EQ((p).err_msr, (m));     \
    } while (0)

static void set_refusals(domid_t d)
{
    static const uint32_t out_of_range[][2] = {
        { 0xe, NO_SUB },
        { 4, 6 },
        { 7, 3 },
        { 0xb, 2 },
        { 0xd, 63 },
        { 5, 0 },
        { 0x40000000, 0 },
        { 0x40000001, NO_SUB },
        { 0x80000022, NO_SUB },
        { 0x80000021, 0 },
        { 0xc0000000, NO_SUB },
    };
    xen_domctl_cpu_policy_t p;

    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, d, MAX_LEAVES + 1, leaves, 0, NULL, &p),
             -XEN_E2BIG);
    CHECK_ERR(p, ~0U, ~0U, ~0U);
    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 0, NULL, MAX_MSRS + 1, msrs, &p),
             -XEN_E2BIG);
    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 1, NULL, 0, NULL, &p), -XEN_EFAULT);
    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 0, NULL, 1, (void *)16, &p), -XEN_EFAULT);
    for (unsigned i = 0; i < ARRAY_SIZE(out_of_range); i++) {
        long rc = set_one(d, out_of_range[i][0], out_of_range[i][1], 0, &p);

        CHECK(rc == -XEN_ERANGE, "leaf %#x/%#x: %ld", out_of_range[i][0], out_of_range[i][1], rc);
        CHECK_ERR(p, out_of_range[i][0], out_of_range[i][1], ~0U);
    }
    CHECK_RC(set_one(d, 0, NO_SUB, 0x20, &p), -XEN_EINVAL); /* above the host's */
    CHECK_ERR(p, 0, NO_SUB, ~0U);
    CHECK_RC(set_one(d, 7, 0, 5, &p), -XEN_EINVAL);
    CHECK_ERR(p, 7, 0, ~0U);
    CHECK_RC(set_one(d, 0x80000000, NO_SUB, 0x80000021, &p), -XEN_EINVAL);
    CHECK_ERR(p, 0x80000000, NO_SUB, ~0U);
    CHECK_RC(set_msr(d, 0xce, 1, 0, &p), -XEN_EINVAL); /* flags must be zero */
    CHECK_ERR(p, ~0U, ~0U, 0xce);
    CHECK_RC(set_msr(d, 0xce, 0, 1ULL << 32, &p), -XEN_EOVERFLOW);
    CHECK_RC(set_msr(d, 0xce, 0, 1, &p), -XEN_EINVAL); /* no CPUID faulting to offer */
    CHECK_ERR(p, ~0U, ~0U, 0xce);
    CHECK_RC(set_msr(d, 0x10b, 0, 0, &p), -XEN_ERANGE);
    CHECK_ERR(p, ~0U, ~0U, 0x10b);
}

static void domctl_policy_set_refusals(void)
{
    xen_domctl_cpu_policy_t p;
    domid_t d;

    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, 0, 0, NULL, 0, NULL, &p), -XEN_EINVAL);
    CHECK_RC(new_domu(&d), 0);
    set_refusals(d);
    /* Nothing refused changed it. */
    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, d, MAX_LEAVES, leaves, MAX_MSRS, msrs, &p),
             0);
    CHECK_RC(
        domctl_policy(XEN_DOMCTL_get_cpu_policy, 0, MAX_LEAVES, other, MAX_MSRS, other_msrs, &p),
        0);
    CHECK(!memcmp(leaves, other, p.nr_leaves * sizeof(*leaves)), "a refused set changed d%u", d);
    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 0, NULL, 0, NULL, &p), 0);
    CHECK_EQ(p.err_leaf, 0xdead); /* success copies nothing back */
    /* Once the toolstack lets it run, its policy is fixed. */
    CHECK_RC(simple(XEN_DOMCTL_unpausedomain, d), 0);
    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 0, NULL, 0, NULL, &p), -XEN_EEXIST);
    CHECK_RC(simple(XEN_DOMCTL_pausedomain, d), 0);
    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 0, NULL, 0, NULL, &p), -XEN_EEXIST);
    CHECK_RC(simple(XEN_DOMCTL_destroydomain, d), 0);
    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, d, 0, NULL, 0, NULL, &p), -XEN_ESRCH);
}

static void set_applies(domid_t d)
{
    static uint32_t pv_max[NR_FEATURESET];
    static xen_cpuid_leaf_t leaf1;
    xen_domctl_cpu_policy_t p;
    struct xen_sysctl op;
    const xen_cpuid_leaf_t *l;
    uint32_t n;

    CHECK_RC(set_one(d, 5, NO_SUB, 0, &p), 0);
    leaf1 = *find(other, MAX_LEAVES, 0, NO_SUB);
    leaf1.a = 5;
    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 1, &leaf1, 0, NULL, &p), 0);
    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, d, MAX_LEAVES, leaves, MAX_MSRS, msrs, &p),
             0);
    n = p.nr_leaves;
    info("max leaf 5: %u leaves", n);
    CHECK(well_formed(leaves, n), "out of order after the set");
    CHECK_EQ(leaves[0].a, 5);
    CHECK(!find(leaves, n, 7, 0) && !find(leaves, n, 0xd, 0), "leaves past 5 remain");
    CHECK_EQ(find(leaves, n, 1, NO_SUB)->c & LEAF1_XSAVE, 0); /* no leaf 0xd, no XSAVE */
    leaf1.a = 0xd;
    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 1, &leaf1, 0, NULL, &p), 0);
    /* Features are cut down to pv_max; the hypervisor's fields are its own. */
    leaf1 = (xen_cpuid_leaf_t){ 1, NO_SUB, 0x12345678, ~0U, ~0U, ~0U };
    CHECK_RC(domctl_policy(XEN_DOMCTL_set_cpu_policy, d, 1, &leaf1, 0, NULL, &p), 0);
    CHECK_RC(domctl_policy(XEN_DOMCTL_get_cpu_policy, d, MAX_LEAVES, leaves, MAX_MSRS, msrs, &p),
             0);
    CHECK_RC(featureset(FS_PV_MAX, NR_FEATURESET, pv_max, &op), 0);
    l = find(leaves, p.nr_leaves, 1, NO_SUB);
    info("leaf 1 all ones: %08x %08x %08x %08x", l->a, l->b, l->c, l->d);
    CHECK_EQ(l->a, 0x12345678 & 0x0fff0fff);
    CHECK_EQ(l->b >> 24, 0);
    CHECK_EQ(l->b & 0xff00, find(other, MAX_LEAVES, 1, NO_SUB)->b & 0xff00);
    CHECK_EQ(l->c, pv_max[1]);
    CHECK_EQ(l->d, pv_max[0]);
}

static void domctl_policy_set_applies(void)
{
    xen_domctl_cpu_policy_t p;
    domid_t d;

    CHECK_RC(
        domctl_policy(XEN_DOMCTL_get_cpu_policy, 0, MAX_LEAVES, other, MAX_MSRS, other_msrs, &p),
        0);
    CHECK_RC(new_domu(&d), 0);
    set_applies(d);
    CHECK_RC(simple(XEN_DOMCTL_destroydomain, d), 0);
}

/* The domctl half, for main.c's list once domctl's table has the two commands. */
const struct test_case cpu_policy_domctl_cases[] = {
    { "domctl_cpu_policy_get", domctl_policy_get },
    { "domctl_cpu_policy_set_refusals", domctl_policy_set_refusals },
    { "domctl_cpu_policy_set_applies", domctl_policy_set_applies },
};
const unsigned cpu_policy_domctl_count = ARRAY_SIZE(cpu_policy_domctl_cases);
