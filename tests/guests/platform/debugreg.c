/*
 * set_debugreg / get_debugreg (hypercalls 8 and 9): the vCPU's virtual
 * debug registers, their defaults, reserved bits and refused values.
 * Every case leaves DR0-DR3 at 0 and DR6/DR7 at their defaults.
 */
#include "platform.h"

#define DR6_DEFAULT 0xffff0ff0UL
#define DR7_DEFAULT 0x400UL
#define DR7_L0      0x1UL       /* local enable of breakpoint 0 */
#define DR7_GD      0x2000UL    /* general detect */
#define DR7_RW0_IO  (2UL << 16) /* breakpoint 0 on I/O (needs CR4.DE) */
#define DR7_ZEROS   0xd800UL    /* bits 11, 12, 14, 15: read as zero */
#define DR6_ZEROS   0x1000UL    /* bit 12: reads as zero */

/* Never executed, never touched: where a breakpoint may point. */
static volatile uint64_t watched;

static void reset(void)
{
    set_debugreg(7, 0);
    set_debugreg(6, 0);
    for (unsigned reg = 0; reg < 4; reg++)
        set_debugreg(reg, 0);
}

static void dr6_dr7_read_defaults(void)
{
    CHECK_RC(get_debugreg(6), DR6_DEFAULT);
    CHECK_RC(get_debugreg(7), DR7_DEFAULT);
}

static void dr0_to_dr3_round_trip_guest_address(void)
{
    for (unsigned reg = 0; reg < 4; reg++) {
        uint64_t value = (uint64_t)&watched + reg * 8;

        CHECK_RC(set_debugreg(reg, value), 0);
        CHECK_RC(get_debugreg(reg), value);
    }
    CHECK_RC(set_debugreg(0, 0x00007ffffffffff8UL), 0);
    CHECK_RC(get_debugreg(0), 0x00007ffffffffff8UL);
    CHECK_RC(set_debugreg(0, HYPERVISOR_VIRT_END), 0);
    CHECK_RC(get_debugreg(0), HYPERVISOR_VIRT_END);
    reset();
    CHECK_RC(get_debugreg(0), 0);
}

static void dr0_hypervisor_address_eperm(void)
{
    CHECK_RC(set_debugreg(0, (uint64_t)&watched), 0);
    CHECK_RC(set_debugreg(0, HYPERVISOR_DIRECT_MAP), -XEN_EPERM);
    CHECK_RC(set_debugreg(1, HYPERVISOR_VIRT_START), -XEN_EPERM);
    CHECK_RC(set_debugreg(2, HYPERVISOR_VIRT_END - 8), -XEN_EPERM);
    CHECK_RC(set_debugreg(3, NONCANONICAL), -XEN_EPERM);
    CHECK_RC(get_debugreg(0), (uint64_t)&watched);
    reset();
}

/* Without CR4.DE (a PV guest's default) DR4 and DR5 are DR6 and DR7. */
static void dr4_dr5_alias_dr6_dr7(void)
{
    long dr4 = get_debugreg(4), dr5 = get_debugreg(5);

    info("get_debugreg 4: %#lx (%s), 5: %#lx (%s)", dr4, errno_name(dr4), dr5, errno_name(dr5));
    CHECK_RC(dr4, DR6_DEFAULT);
    CHECK_RC(dr5, DR7_DEFAULT);
    CHECK_RC(set_debugreg(4, 0x1), 0);
    CHECK_RC(get_debugreg(6), DR6_DEFAULT | 0x1);
    CHECK_RC(set_debugreg(5, DR7_GD), -XEN_EPERM);
    reset();
}

static void reg_8_and_up_enodev(void)
{
    static const uint64_t regs[] = { 8, 15, 16, 0x7fffffff, 0xffffffff };

    for (unsigned i = 0; i < ARRAY_SIZE(regs); i++) {
        long get = get_debugreg(regs[i]), set = set_debugreg(regs[i], 0);

        CHECK(get == -XEN_ENODEV, "get_debugreg %#lx returned %ld (%s)", regs[i], get,
              errno_name(get));
        CHECK(set == -XEN_ENODEV, "set_debugreg %#lx returned %ld (%s)", regs[i], set,
              errno_name(set));
    }
}

/* The register number is an int: the upper half of the register is ignored. */
static void reg_upper_bits_ignored(void)
{
    CHECK_RC(get_debugreg((1UL << 32) | 7), DR7_DEFAULT);
    CHECK_RC(set_debugreg((1UL << 32) | 1, (uint64_t)&watched), 0);
    CHECK_RC(get_debugreg(1), (uint64_t)&watched);
    reset();
}

static void dr6_reserved_bits_fixed(void)
{
    CHECK_RC(set_debugreg(6, 0), 0);
    CHECK_RC(get_debugreg(6), DR6_DEFAULT);
    CHECK_RC(set_debugreg(6, DR6_ZEROS | 0x1), 0);
    CHECK_RC(get_debugreg(6), DR6_DEFAULT | 0x1);
    reset();
}

static void dr7_reserved_bits_fixed(void)
{
    CHECK_RC(set_debugreg(7, 0), 0);
    CHECK_RC(get_debugreg(7), DR7_DEFAULT);
    CHECK_RC(set_debugreg(7, DR7_ZEROS), 0);
    CHECK_RC(get_debugreg(7), DR7_DEFAULT);
    reset();
}

static void dr6_dr7_upper_bits_einval(void)
{
    CHECK_RC(set_debugreg(6, 1UL << 32), -XEN_EINVAL);
    CHECK_RC(set_debugreg(7, 1UL << 32), -XEN_EINVAL);
    CHECK_RC(set_debugreg(7, ~0UL), -XEN_EINVAL);
    CHECK_RC(get_debugreg(6), DR6_DEFAULT);
    CHECK_RC(get_debugreg(7), DR7_DEFAULT);
}

static void dr7_general_detect_eperm(void)
{
    CHECK_RC(set_debugreg(7, DR7_GD), -XEN_EPERM);
    CHECK_RC(get_debugreg(7), DR7_DEFAULT);
}

/* An I/O breakpoint needs CR4.DE, which a PV guest does not have by default. */
static void dr7_io_breakpoint_eperm(void)
{
    CHECK_RC(set_debugreg(0, 0x80), 0);
    CHECK_RC(set_debugreg(7, DR7_L0 | DR7_RW0_IO), -XEN_EPERM);
    CHECK_RC(get_debugreg(7), DR7_DEFAULT);
    reset();
}

/* An execution breakpoint on an address never executed: accepted, then cleared. */
static void dr7_enable_breakpoint(void)
{
    long rc;

    CHECK_RC(set_debugreg(0, (uint64_t)&watched), 0);
    rc = set_debugreg(7, DR7_L0);
    set_debugreg(7, 0);
    reset();
    CHECK_RC(rc, 0);
}

const struct test_case debugreg_cases[] = {
    { "debugreg_dr6_dr7_read_defaults", dr6_dr7_read_defaults },
    { "debugreg_dr0_to_dr3_round_trip_guest_address", dr0_to_dr3_round_trip_guest_address },
    { "debugreg_dr0_hypervisor_address_eperm", dr0_hypervisor_address_eperm },
    { "debugreg_dr4_dr5_alias_dr6_dr7", dr4_dr5_alias_dr6_dr7 },
    { "debugreg_reg_8_and_up_enodev", reg_8_and_up_enodev },
    { "debugreg_reg_upper_bits_ignored", reg_upper_bits_ignored },
    { "debugreg_dr6_reserved_bits_fixed", dr6_reserved_bits_fixed },
    { "debugreg_dr7_reserved_bits_fixed", dr7_reserved_bits_fixed },
    { "debugreg_dr6_dr7_upper_bits_einval", dr6_dr7_upper_bits_einval },
    { "debugreg_dr7_general_detect_eperm", dr7_general_detect_eperm },
    { "debugreg_dr7_io_breakpoint_eperm", dr7_io_breakpoint_eperm },
    { "debugreg_dr7_enable_breakpoint", dr7_enable_breakpoint },
};
const unsigned debugreg_count = ARRAY_SIZE(debugreg_cases);
