/*
 * physdev_op (hypercall 33) from dom0: the virtual IOPL and I/O bitmap, the
 * interrupt status of an IRQ nothing is routed to, bad arguments.  The port
 * accesses they allow are port_io.c's.
 */
#include "platform.h"

static void set_iopl_1_then_0(void)
{
    CHECK_RC(set_iopl(1), 0);
    CHECK_RC(set_iopl(0), 0);
    CHECK_RC(set_iopl(3), 0);
    CHECK_RC(set_iopl(0), 0);
}

static void set_iopl_4_einval(void)
{
    CHECK_RC(set_iopl(4), -XEN_EINVAL);
    CHECK_RC(set_iopl(0xffffffff), -XEN_EINVAL);
}

static void set_iopl_bad_pointer_efault(void)
{
    CHECK_RC(physdev_op(PHYSDEVOP_set_iopl, NULL), -XEN_EFAULT);
    CHECK_RC(physdev_op(PHYSDEVOP_set_iopl, (void *)UNMAPPED), -XEN_EFAULT);
    CHECK_RC(physdev_op(PHYSDEVOP_set_iopl, (void *)HYPERVISOR_DIRECT_MAP), -XEN_EFAULT);
    CHECK_RC(physdev_op(PHYSDEVOP_set_iopl, (void *)NONCANONICAL), -XEN_EFAULT);
}

/* The sub-op is an int: the upper half of the register is ignored. */
static void cmd_upper_bits_ignored(void)
{
    struct physdev_set_iopl req = { .iopl = 0 };

    CHECK_RC(physdev_op((1UL << 32) | PHYSDEVOP_set_iopl, &req), 0);
}

static void set_iobitmap_65537_ports_einval(void)
{
    static uint8_t bitmap[8192];
    struct physdev_set_iobitmap req = { .bitmap = (uint64_t)bitmap, .nr_ports = 65537 };

    CHECK_RC(physdev_op(PHYSDEVOP_set_iobitmap, &req), -XEN_EINVAL);
    req.nr_ports = 0xffffffff;
    CHECK_RC(physdev_op(PHYSDEVOP_set_iobitmap, &req), -XEN_EINVAL);
}

static void set_iobitmap_65536_ports_then_none(void)
{
    static uint8_t bitmap[8192];
    struct physdev_set_iobitmap req = { .bitmap = (uint64_t)bitmap, .nr_ports = 65536 };

    for (unsigned i = 0; i < sizeof(bitmap); i++)
        bitmap[i] = 0xff;
    CHECK_RC(physdev_op(PHYSDEVOP_set_iobitmap, &req), 0);
    req.nr_ports = 0;
    CHECK_RC(physdev_op(PHYSDEVOP_set_iobitmap, &req), 0);
}

/* The whole 8 KiB a bitmap may span must be in the guest's address range. */
static void set_iobitmap_hypervisor_bitmap_einval(void)
{
    struct physdev_set_iobitmap req = { .bitmap = HYPERVISOR_DIRECT_MAP, .nr_ports = 16 };

    CHECK_RC(physdev_op(PHYSDEVOP_set_iobitmap, &req), -XEN_EINVAL);
    req.nr_ports = 0;
    CHECK_RC(physdev_op(PHYSDEVOP_set_iobitmap, &req), -XEN_EINVAL);
    req.bitmap = NONCANONICAL;
    CHECK_RC(physdev_op(PHYSDEVOP_set_iobitmap, &req), -XEN_EINVAL);
}

static void set_iobitmap_bad_pointer_efault(void)
{
    CHECK_RC(physdev_op(PHYSDEVOP_set_iobitmap, NULL), -XEN_EFAULT);
    CHECK_RC(physdev_op(PHYSDEVOP_set_iobitmap, (void *)HYPERVISOR_DIRECT_MAP), -XEN_EFAULT);
}

/*
 * IRQ 5 exists on every PC but nothing is routed to it: dom0 may still ask,
 * and is told to EOI conservatively.
 */
static void irq_status_query_unrouted_irq(void)
{
    struct physdev_irq_status_query q = { .irq = 5, .flags = 0xdead };
    long rc = physdev_op(PHYSDEVOP_irq_status_query, &q);

    info("irq_status_query irq 5: %ld (%s), flags %#x", rc, errno_name(rc), q.flags);
    CHECK_RC(rc, 0);
    CHECK_EQ(q.flags, XENIRQSTAT_needs_eoi);
}

static void irq_status_query_out_of_range_einval(void)
{
    struct physdev_irq_status_query q = { .irq = 0x7fffffff, .flags = 0xdead };

    CHECK_RC(physdev_op(PHYSDEVOP_irq_status_query, &q), -XEN_EINVAL);
    q.irq = 0xffffffff;
    CHECK_RC(physdev_op(PHYSDEVOP_irq_status_query, &q), -XEN_EINVAL);
    CHECK_EQ(q.flags, 0xdead);
}

static void irq_status_query_bad_pointer_efault(void)
{
    CHECK_RC(physdev_op(PHYSDEVOP_irq_status_query, NULL), -XEN_EFAULT);
    CHECK_RC(physdev_op(PHYSDEVOP_irq_status_query, (void *)HYPERVISOR_DIRECT_MAP), -XEN_EFAULT);
}

/* An EOI for an IRQ the guest has no PIRQ for. */
static void eoi_unrouted_irq_einval(void)
{
    struct physdev_eoi eoi = { .irq = 5 };

    CHECK_RC(physdev_op(PHYSDEVOP_eoi, &eoi), -XEN_EINVAL);
    eoi.irq = 0x7fffffff;
    CHECK_RC(physdev_op(PHYSDEVOP_eoi, &eoi), -XEN_EINVAL);
}

static void eoi_bad_pointer_efault(void)
{
    CHECK_RC(physdev_op(PHYSDEVOP_eoi, NULL), -XEN_EFAULT);
    CHECK_RC(physdev_op(PHYSDEVOP_eoi, (void *)HYPERVISOR_DIRECT_MAP), -XEN_EFAULT);
}

static void unknown_subop_enosys(void)
{
    static const uint64_t cmds[] = { 18, 100, 0x7fffffff };

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        long rc = physdev_op(cmds[i], NULL);
        CHECK(rc == -XEN_ENOSYS, "physdev_op %lu returned %ld (%s)", cmds[i], rc, errno_name(rc));
    }
}

const struct test_case physdev_cases[] = {
    { "physdev_set_iopl_1_then_0", set_iopl_1_then_0 },
    { "physdev_set_iopl_4_einval", set_iopl_4_einval },
    { "physdev_set_iopl_bad_pointer_efault", set_iopl_bad_pointer_efault },
    { "physdev_cmd_upper_bits_ignored", cmd_upper_bits_ignored },
    { "physdev_set_iobitmap_65537_ports_einval", set_iobitmap_65537_ports_einval },
    { "physdev_set_iobitmap_65536_ports_then_none", set_iobitmap_65536_ports_then_none },
    { "physdev_set_iobitmap_hypervisor_bitmap_einval", set_iobitmap_hypervisor_bitmap_einval },
    { "physdev_set_iobitmap_bad_pointer_efault", set_iobitmap_bad_pointer_efault },
    { "physdev_irq_status_query_unrouted_irq", irq_status_query_unrouted_irq },
    { "physdev_irq_status_query_out_of_range_einval", irq_status_query_out_of_range_einval },
    { "physdev_irq_status_query_bad_pointer_efault", irq_status_query_bad_pointer_efault },
    { "physdev_eoi_unrouted_irq_einval", eoi_unrouted_irq_einval },
    { "physdev_eoi_bad_pointer_efault", eoi_bad_pointer_efault },
    { "physdev_unknown_subop_enosys", unknown_subop_enosys },
};
const unsigned physdev_count = ARRAY_SIZE(physdev_cases);
