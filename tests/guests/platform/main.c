/*
 * platform: what dom0 sees of the platform hypercalls and instructions, on
 * good arguments and hostile ones: multicall, physdev_op, platform_op,
 * the debug registers, xenpmu_op, port I/O and CLI/STI under the virtual
 * IOPL, CPUID's paging features.  Expected values are Xen 4.17's answers.
 */
#include "guest/events.h"
#include "platform.h"

#define CPUID_1_EDX_PSE            (1u << 3)
#define CPUID_1_EDX_PGE            (1u << 13)
#define CPUID_80000001_EDX_PAGE1GB (1u << 26)

/* Xen 4.17 without vpmu=on (its default) has no sub-op at all. */
static void xenpmu_every_subop_eopnotsupp(void)
{
    static const uint64_t ops[] = { 0, 1, 2, 3, 4, 5, 6, 7, 100, 0xffffffff, 1UL << 32 };
    uint64_t params[4] = { 0 };

    for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
        long rc = xenpmu_op(ops[i], params);
        CHECK(rc == -XEN_EOPNOTSUPP, "xenpmu_op %#lx returned %ld (%s)", ops[i], rc,
              errno_name(rc));
        rc = xenpmu_op(ops[i], (void *)HYPERVISOR_DIRECT_MAP);
        CHECK(rc == -XEN_EOPNOTSUPP, "xenpmu_op %#lx with a bad pointer returned %ld (%s)", ops[i],
              rc, errno_name(rc));
    }
}

/* A PV guest maps 4 KiB pages only, and has no global pages. */
static void cpuid_leaf_1_no_pse_no_pge(void)
{
    uint32_t r[4];

    xen_cpuid(1, r);
    info("cpuid 1: ecx %#x edx %#x", r[2], r[3]);
    CHECK_EQ(r[3] & CPUID_1_EDX_PSE, 0);
    CHECK_EQ(r[3] & CPUID_1_EDX_PGE, 0);
}

static void cpuid_leaf_80000001_no_page1gb(void)
{
    uint32_t r[4];

    xen_cpuid(0x80000001, r);
    info("cpuid 0x80000001: ecx %#x edx %#x", r[2], r[3]);
    CHECK_EQ(r[3] & CPUID_80000001_EDX_PAGE1GB, 0);
}

static const struct test_case misc_cases[] = {
    { "xenpmu_every_subop_eopnotsupp", xenpmu_every_subop_eopnotsupp },
    { "cpuid_leaf_1_no_pse_no_pge", cpuid_leaf_1_no_pse_no_pge },
    { "cpuid_leaf_80000001_no_page1gb", cpuid_leaf_80000001_no_page1gb },
};

int guest_main(const struct start_info *si)
{
    static struct test_case cases[100];
    struct test_list all = { cases, 0, ARRAY_SIZE(cases) };
    long rc = events_init();

    if (rc)
        info("events_init returned %ld (%s)", rc, errno_name(rc));
    test_list_add(&all, multicall_cases, multicall_count);
    test_list_add(&all, physdev_cases, physdev_count);
    test_list_add(&all, platform_op_cases, platform_op_count);
    test_list_add(&all, debugreg_cases, debugreg_count);
    test_list_add(&all, port_io_cases, port_io_count);
    test_list_add(&all, misc_cases, ARRAY_SIZE(misc_cases));
    test_main("platform", all.cases, all.count);
}
