/*
 * CPU policies (xen/cpu_policy.c) over the fake CPU
 * (tests/unit/fake_cpu_features.c): the featuresets and serialised
 * policies sysctl returns, their counts, order and -ENOBUFS handling, and
 * a domain's policy through the domctl handlers: read, replaced before
 * the domain runs, refused (E2BIG, ERANGE, EINVAL, EOVERFLOW, EEXIST) with
 * the leaf or MSR named, trimmed to pv_max.
 */
#include <check.h>
#include <string.h>

#include "public/cpu_policy.h"
#include "public/sysctl.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_cpu_features.h"
#include "tests/unit/fake_guest_memory.h"
#include "xen/cpu_policy.h"
#include "xen/domain.h"
#include "xen/hypercall.h"
#include "xen/page_alloc.h"

#define FRAMES    256
#define NO_SUB    XEN_CPUID_NO_SUBLEAF
#define NR_FAKE   31 /* the fake CPU's leaves: 20 basic, 2 hypervisor, 9 extended */
#define PV_WORD0  0x17898b75U
#define PV_WORD1  0xc2d82203U /* the host's less XSAVE */
#define PV_WORD5  0x308U
#define PV_WORD2  0x20100800U
#define HOST_WORD 0xc6d82203U

static struct page_info table[FRAMES];
static struct xen_sysctl op;
static struct xen_domctl dop;
static xen_cpuid_leaf_t leaves[CPUID_MAX_SERIALISED_LEAVES + 2];
static xen_msr_entry_t msrs[4];
static uint32_t words[CPU_FEATURESET_WORDS + 2];
static struct domain *dom0, *domu;

static void setup(void)
{
    fake_ram_init(FRAMES);
    page_alloc_init(table, FRAMES);
    page_alloc_add_range(0, FRAMES);
    dom0 = domain_create(0, 1, true);
    domu = domain_create(3, 1, false);
    ck_assert_ptr_nonnull(dom0);
    ck_assert_ptr_nonnull(domu);
    domu->toolstack_owned = true; /* as createdomain leaves it: paused by the toolstack */
    domu->controller_pause_count = 1;
    fake_current = dom0->vcpus[0];
    fake_guest_memory_reset();
    fake_guest_memory_add(&op, sizeof(op));
    fake_guest_memory_add(leaves, sizeof(leaves));
    fake_guest_memory_add(msrs, sizeof(msrs));
    fake_guest_memory_add(words, sizeof(words));
}

static long sysctl(uint32_t cmd)
{
    op.cmd = cmd;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hypercall_dispatch(__HYPERVISOR_sysctl, (uint64_t)&op, 0, 0, 0, 0);
}

static long featureset(uint32_t index, uint32_t nr, uint64_t buf)
{
    op.u.cpu_featureset = (struct xen_sysctl_cpu_featureset){ index, nr, buf };
    return sysctl(XEN_SYSCTL_get_cpu_featureset);
}

static long policy(uint32_t index, uint32_t nr_leaves, uint64_t l, uint32_t nr_msrs, uint64_t m)
{
    op.u.cpu_policy = (struct xen_sysctl_cpu_policy){ index, nr_leaves, nr_msrs, 0, l, m };
    return sysctl(XEN_SYSCTL_get_cpu_policy);
}

START_TEST(test_featuresets)
{
    ck_assert_int_eq(featureset(XEN_SYSCTL_cpu_featureset_raw, 0, 0), 0);
    ck_assert_uint_eq(op.u.cpu_featureset.nr_features, CPU_FEATURESET_WORDS);
    ck_assert_int_eq(featureset(9, 0, 0), 0); /* the count needs no valid index */
    ck_assert_int_eq(featureset(XEN_SYSCTL_cpu_featureset_host, 99, (uint64_t)words), 0);
    ck_assert_uint_eq(op.u.cpu_featureset.nr_features, CPU_FEATURESET_WORDS);
    ck_assert_mem_eq(words, fake_cpu_feature_words, 8 * sizeof(*words));
    ck_assert_int_eq(featureset(XEN_SYSCTL_cpu_featureset_pv, 99, (uint64_t)words), 0);
    ck_assert_uint_eq(words[0], PV_WORD0);
    ck_assert_uint_eq(words[1], PV_WORD1);
    ck_assert_uint_eq(words[2], PV_WORD2);
    ck_assert_uint_eq(words[5], PV_WORD5);
    ck_assert_uint_eq(words[4], 0); /* no XSAVE, no XSAVEOPT */
    ck_assert_int_eq(featureset(XEN_SYSCTL_cpu_featureset_pv_max, 99, (uint64_t)words), 0);
    ck_assert_uint_eq(words[1], PV_WORD1);
    ck_assert_int_eq(featureset(XEN_SYSCTL_cpu_featureset_hvm_max, 99, (uint64_t)words), 0);
    for (unsigned i = 0; i < CPU_FEATURESET_WORDS; i++)
        ck_assert_uint_eq(words[i], 0);
    /* Short: what fits, the count written back, -ENOBUFS. */
    memset(words, 0xa5, sizeof(words));
    ck_assert_int_eq(featureset(XEN_SYSCTL_cpu_featureset_pv, 2, (uint64_t)words), -ENOBUFS);
    ck_assert_uint_eq(op.u.cpu_featureset.nr_features, 2);
    ck_assert_uint_eq(words[1], PV_WORD1);
    ck_assert_uint_eq(words[2], 0xa5a5a5a5);
    ck_assert_int_eq(featureset(XEN_SYSCTL_cpu_featureset_pv, 2, 8), -EFAULT);
    ck_assert_int_eq(featureset(6, 2, (uint64_t)words), -EINVAL);
    ck_assert_int_eq(featureset(~0U, 2, 8), -EINVAL);
}
END_TEST

START_TEST(test_sysctl_policies)
{
    static const uint32_t expected[][2] = {
        { 0, NO_SUB },
        { 1, NO_SUB },
        { 2, NO_SUB },
        { 3, NO_SUB },
        { 4, 0 },
        { 4, 1 },
        { 4, 2 },
        { 4, 3 },
        { 4, 4 },
        { 5, NO_SUB },
        { 6, NO_SUB },
        { 7, 0 },
        { 8, NO_SUB },
        { 9, NO_SUB },
        { 0xa, NO_SUB },
        { 0xb, 0 },
        { 0xb, 1 },
        { 0xc, NO_SUB },
        { 0xd, 0 },
        { 0xd, 1 },
        { 0x40000000, NO_SUB },
        { 0x40000100, NO_SUB },
        { 0x80000000, NO_SUB },
    };

    for (uint32_t i = 0; i < 6; i++) {
        ck_assert_int_eq(policy(i, 0, 0, 0, 0), 0);
        ck_assert_uint_eq(op.u.cpu_policy.nr_leaves, 120);
        ck_assert_uint_eq(op.u.cpu_policy.nr_msrs, 2);
    }
    ck_assert_int_eq(policy(XEN_SYSCTL_cpu_policy_raw, 200, (uint64_t)leaves, 4, (uint64_t)msrs),
                     0);
    ck_assert_uint_eq(op.u.cpu_policy.nr_leaves, NR_FAKE);
    ck_assert_uint_eq(op.u.cpu_policy.nr_msrs, 2);
    for (unsigned i = 0; i < ARRAY_SIZE(expected); i++) {
        ck_assert_uint_eq(leaves[i].leaf, expected[i][0]);
        ck_assert_uint_eq(leaves[i].subleaf, expected[i][1]);
    }
    ck_assert_uint_eq(leaves[NR_FAKE - 1].leaf, 0x80000008);
    ck_assert_uint_eq(leaves[0].a, 0xd);
    ck_assert_uint_eq(leaves[1].c, HOST_WORD);
    ck_assert_uint_eq(msrs[0].idx, 0xce);
    ck_assert_uint_eq(msrs[1].idx, 0x10a);
    /* PV default: leaf 1 as its featureset, no APIC id, the XSAVE leaf empty. */
    ck_assert_int_eq(
        policy(XEN_SYSCTL_cpu_policy_pv_default, 200, (uint64_t)leaves, 4, (uint64_t)msrs), 0);
    ck_assert_uint_eq(op.u.cpu_policy.nr_leaves, NR_FAKE);
    ck_assert_uint_eq(leaves[1].c, PV_WORD1);
    ck_assert_uint_eq(leaves[1].d, PV_WORD0);
    ck_assert_uint_eq(leaves[1].b, 0x800);
    ck_assert_uint_eq(leaves[9].a | leaves[9].b | leaves[9].c | leaves[9].d, 0); /* leaf 5 */
    ck_assert_uint_eq(leaves[18].a | leaves[18].c, 0);                           /* leaf 0xd */
    /* PV max: every leaf-7 sub-leaf; HVM: nothing but the four maxima. */
    ck_assert_int_eq(policy(XEN_SYSCTL_cpu_policy_pv_max, 200, (uint64_t)leaves, 0, 0), 0);
    ck_assert_uint_eq(op.u.cpu_policy.nr_leaves, NR_FAKE + 2);
    ck_assert_uint_eq(op.u.cpu_policy.nr_msrs, 2);
    ck_assert_uint_eq(leaves[11].a, 2);
    ck_assert_int_eq(policy(XEN_SYSCTL_cpu_policy_hvm_max, 200, (uint64_t)leaves, 0, 0), 0);
    ck_assert_uint_eq(op.u.cpu_policy.nr_leaves, 4);
}
END_TEST

START_TEST(test_sysctl_policy_bad)
{
    ck_assert_int_eq(policy(6, 0, 0, 0, 0), -EINVAL);
    op.u.cpu_policy = (struct xen_sysctl_cpu_policy){ .index = 0, ._rsvd = 1 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_get_cpu_policy), -EINVAL);
    ck_assert_int_eq(policy(0, NR_FAKE - 1, (uint64_t)leaves, 4, (uint64_t)msrs), -ENOBUFS);
    ck_assert_uint_eq(op.u.cpu_policy.nr_leaves, NR_FAKE - 1); /* not written back */
    ck_assert_int_eq(policy(0, NR_FAKE, (uint64_t)leaves, 1, (uint64_t)msrs), -ENOBUFS);
    ck_assert_uint_eq(op.u.cpu_policy.nr_leaves, NR_FAKE); /* this one was */
    ck_assert_int_eq(policy(0, 0, (uint64_t)leaves, 0, (uint64_t)msrs), -ENOBUFS);
    ck_assert_int_eq(policy(0, 200, 8, 4, (uint64_t)msrs), -EFAULT);
    ck_assert_int_eq(policy(0, 0xffffffff, (uint64_t)leaves, 4, 8), -EFAULT);
    ck_assert_uint_eq(op.u.cpu_policy.nr_leaves, NR_FAKE);
}
END_TEST

static xen_domctl_cpu_policy_t *pol(void)
{
    return (xen_domctl_cpu_policy_t *)&dop.u;
}

static long domctl(struct domain *d, bool set, uint32_t nr_leaves, uint64_t l, uint32_t nr_msrs,
                   uint64_t m, bool *copyback)
{
    *copyback = false;
    memset(&dop, 0, sizeof(dop));
    *pol() = (xen_domctl_cpu_policy_t){ nr_leaves, nr_msrs, l, m, 0xdead, 0xdead, 0xdead, 0 };
    return set ? cpu_policy_domctl_set(d, &dop, copyback)
               : cpu_policy_domctl_get(d, &dop, copyback);
}

START_TEST(test_domctl_get)
{
    bool cb;

    ck_assert_int_eq(domctl(domu, false, 0, 0, 0, 0, &cb), 0);
    ck_assert(cb);
    ck_assert_uint_eq(pol()->nr_leaves, 120);
    ck_assert_uint_eq(pol()->nr_msrs, 2);
    ck_assert_int_eq(domctl(dom0, false, 200, (uint64_t)leaves, 4, (uint64_t)msrs, &cb), 0);
    ck_assert_uint_eq(pol()->nr_leaves, NR_FAKE);
    ck_assert_uint_eq(leaves[1].c, PV_WORD1);
    ck_assert_int_eq(domctl(domu, false, 3, (uint64_t)leaves, 4, (uint64_t)msrs, &cb), -ENOBUFS);
    ck_assert(!cb);
    ck_assert_int_eq(domctl(domu, false, 200, (uint64_t)leaves, 4, 8, &cb), -EFAULT);
    ck_assert(!cb);
}
END_TEST

static long set_leaf(uint32_t leaf, uint32_t sub, uint32_t a, bool *cb)
{
    leaves[0] = (xen_cpuid_leaf_t){ leaf, sub, a, 0, 0, 0 };
    return domctl(domu, true, 1, (uint64_t)leaves, 0, 0, cb);
}

static long set_msr(uint32_t idx, uint32_t flags, uint64_t val, bool *cb)
{
    msrs[0] = (xen_msr_entry_t){ idx, flags, val };
    return domctl(domu, true, 0, 0, 1, (uint64_t)msrs, cb);
}

static void assert_err(uint32_t leaf, uint32_t sub, uint32_t msr)
{
    ck_assert_uint_eq(pol()->err_leaf, leaf);
    ck_assert_uint_eq(pol()->err_subleaf, sub);
    ck_assert_uint_eq(pol()->err_msr, msr);
}

START_TEST(test_domctl_set_refused)
{
    static const uint32_t out_of_range[][2] = {
        { 0xe, NO_SUB },
        { 4, 6 },
        { 7, 3 },
        { 0xb, 2 },
        { 0xd, 63 },
        { 2, 0 },
        { 0x40000000, 0 },
        { 0x40000001, NO_SUB },
        { 0x80000022, NO_SUB },
        { 0x80000001, 1 },
        { 0xffffffff, NO_SUB },
    };
    bool cb;

    ck_assert_int_eq(domctl(dom0, true, 0, 0, 0, 0, &cb), -EINVAL); /* itself */
    ck_assert_int_eq(domctl(domu, true, 121, (uint64_t)leaves, 0, 0, &cb), -E2BIG);
    ck_assert(cb);
    assert_err(~0U, ~0U, ~0U);
    ck_assert_int_eq(domctl(domu, true, 0, 0, 3, (uint64_t)msrs, &cb), -E2BIG);
    ck_assert_int_eq(domctl(domu, true, 120, 8, 0, 0, &cb), -EFAULT);
    for (unsigned i = 0; i < ARRAY_SIZE(out_of_range); i++) {
        ck_assert_int_eq(set_leaf(out_of_range[i][0], out_of_range[i][1], 0, &cb), -ERANGE);
        ck_assert(cb);
        assert_err(out_of_range[i][0], out_of_range[i][1], ~0U);
    }
    ck_assert_int_eq(set_leaf(0, NO_SUB, 0xe, &cb), -EINVAL); /* above pv_max's 0xd */
    assert_err(0, NO_SUB, ~0U);
    ck_assert_int_eq(set_leaf(7, 0, 3, &cb), -EINVAL);
    assert_err(7, 0, ~0U);
    ck_assert_int_eq(set_leaf(0x80000000, NO_SUB, 0x80000009, &cb), -EINVAL);
    assert_err(0x80000000, NO_SUB, ~0U);
    ck_assert_int_eq(set_msr(0xce, 2, 0, &cb), -EINVAL);
    assert_err(~0U, ~0U, 0xce);
    ck_assert_int_eq(set_msr(0xce, 0, 1ULL << 32, &cb), -EOVERFLOW);
    ck_assert_int_eq(set_msr(0xce, 0, 1U << 31, &cb), -EINVAL);
    ck_assert_int_eq(set_msr(0x10b, 0, 0, &cb), -ERANGE);
    assert_err(~0U, ~0U, 0x10b);
    /* Nothing refused stuck. */
    ck_assert_ptr_null(domu->cpu_policy);
    /* Once it may have run, no more changes. */
    domu->controller_pause_count = 0;
    ck_assert_int_eq(domctl(domu, true, 0, 0, 0, 0, &cb), -EEXIST);
    domu->controller_pause_count = 1;
    domu->creation_finished = true;
    ck_assert_int_eq(domctl(domu, true, 0, 0, 0, 0, &cb), -EEXIST);
    ck_assert(!cb);
}
END_TEST

START_TEST(test_domctl_set_applies)
{
    bool cb;

    ck_assert_int_eq(set_leaf(0, NO_SUB, 5, &cb), 0);
    ck_assert(!cb); /* success copies nothing back */
    ck_assert_int_eq(domctl(domu, false, 200, (uint64_t)leaves, 4, (uint64_t)msrs, &cb), 0);
    ck_assert_uint_eq(pol()->nr_leaves, 1 + 1 + 1 + 1 + 5 + 1 + 2 + 9); /* leaves 0..5 */
    ck_assert_uint_eq(leaves[0].a, 5);
    ck_assert_uint_eq(leaves[0].b, 0); /* the vendor went with the rest of the entry */
    /* Features beyond pv_max go; the hypervisor's fields stay its own. */
    leaves[0] = (xen_cpuid_leaf_t){ 1, NO_SUB, 0x12345678, ~0U, ~0U, ~0U };
    ck_assert_int_eq(domctl(domu, true, 1, (uint64_t)leaves, 0, 0, &cb), 0);
    ck_assert_int_eq(domctl(domu, false, 200, (uint64_t)leaves, 4, (uint64_t)msrs, &cb), 0);
    ck_assert_uint_eq(leaves[1].a, 0x02340678);
    ck_assert_uint_eq(leaves[1].b, 0x00ff08ff);
    ck_assert_uint_eq(leaves[1].c, PV_WORD1 & ~(1U << 26)); /* no leaf 0xd: no XSAVE */
    ck_assert_uint_eq(leaves[1].d, PV_WORD0);
    /* MSRs: ARCH_CAPABILITIES is not offered, so it reads back 0. */
    ck_assert_int_eq(set_msr(0x10a, 0, ~0ULL, &cb), 0);
    ck_assert_int_eq(set_msr(0xce, 0, 0, &cb), 0);
    ck_assert_int_eq(domctl(domu, false, 200, (uint64_t)leaves, 4, (uint64_t)msrs, &cb), 0);
    ck_assert_uint_eq(msrs[1].val, 0);
    ck_assert_ptr_nonnull(domu->cpu_policy);
    ck_assert_ptr_eq(cpu_policy_of(domu), domu->cpu_policy);
    ck_assert_ptr_ne(cpu_policy_of(dom0), domu->cpu_policy);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cpu_policy");
    TCase *tc = tcase_create("cpu_policy");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_featuresets);
    tcase_add_test(tc, test_sysctl_policies);
    tcase_add_test(tc, test_sysctl_policy_bad);
    tcase_add_test(tc, test_domctl_get);
    tcase_add_test(tc, test_domctl_set_refused);
    tcase_add_test(tc, test_domctl_set_applies);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
