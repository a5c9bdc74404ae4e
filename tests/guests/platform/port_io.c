/*
 * Port I/O from dom0's kernel: IN/OUT fault with #GP unless the virtual
 * IOPL (physdev set_iopl) or the I/O bitmap allows them; allowed ones reach
 * the machine, except the ports the hypervisor keeps (its serial console,
 * the PICs, the PIT), which read as all ones.  CLI/STI likewise.  Every case
 * leaves the IOPL at 0 and no I/O bitmap.
 */
#include "guest/events.h"
#include "platform.h"

#define CMOS_INDEX    0x70
#define CMOS_DATA     0x71
#define CMOS_STATUS_B 0x0b
#define CMOS_STATUS_D 0x0d /* bit 7: the RTC has power and valid data */
#define COM1_LSR      0x3fd

/* Checks that the last snippet took a #GP at `insn`. */
#define CHECK_GP(insn)                             \
    do {                                           \
        CHECK(trap_disarm(), "no exception");      \
        CHECK_EQ(trap_last.vector, TRAP_GP);       \
        CHECK_EQ(trap_last.error, 0);              \
        CHECK_EQ(trap_last.rip, (uint64_t)(insn)); \
    } while (0)

/* Checks that no exception was taken since trap_count was `before`. */
#define CHECK_NO_TRAP_SINCE(before) \
    CHECK(trap_count == (before), "%s at %#lx", trap_name(trap_last.vector), trap_last.rip)

static void set_iobitmap(const uint8_t *bitmap, uint32_t nr_ports)
{
    struct physdev_set_iobitmap req = { .bitmap = (uint64_t)bitmap, .nr_ports = nr_ports };

    physdev_op(PHYSDEVOP_set_iobitmap, &req);
}

/* One CMOS register through the index and data ports; the whole RAX of the IN. */
static uint64_t cmos_read(uint8_t reg)
{
    port_outb(CMOS_INDEX, reg);
    return port_inb(CMOS_DATA);
}

static void in_with_iopl_0_gp(void)
{
    uint64_t rax;

    CHECK_RC(set_iopl(0), 0);
    rax = port_inb_80();
    CHECK_GP(port_inb_80_insn);
    CHECK_EQ(rax, PORT_RAX_PATTERN);
    port_inb(0x80);
    CHECK_GP(port_inb_insn);
}

static void out_with_iopl_0_gp(void)
{
    CHECK_RC(set_iopl(0), 0);
    port_outb(0x80, 0);
    CHECK_GP(port_outb_insn);
}

static void in_port_0x80_with_iopl_1(void)
{
    uint64_t traps;
    uint64_t rax;

    CHECK_RC(set_iopl(1), 0);
    traps = trap_count;
    rax = port_inb_80();
    set_iopl(0);
    CHECK_NO_TRAP_SINCE(traps);
    info("in al, 0x80 with iopl 1: %#lx", rax & 0xff);
    CHECK_EQ(rax & ~0xffUL, PORT_RAX_PATTERN);
}

static void cmos_register_read_twice_with_iopl_1(void)
{
    uint64_t traps;
    uint64_t d1, d2, b1, b2;

    CHECK_RC(set_iopl(1), 0);
    traps = trap_count;
    d1 = cmos_read(CMOS_STATUS_D);
    d2 = cmos_read(CMOS_STATUS_D);
    b1 = cmos_read(CMOS_STATUS_B);
    b2 = cmos_read(CMOS_STATUS_B);
    set_iopl(0);
    CHECK_NO_TRAP_SINCE(traps);
    info("cmos status B %#lx, status D %#lx", b1 & 0xff, d1 & 0xff);
    CHECK_EQ(d1 & ~0xffUL, PORT_RAX_PATTERN);
    CHECK_EQ(d1, d2);
    CHECK_EQ(b1, b2);
    CHECK((d1 & 0x80) != 0, "status D is %#lx: the RTC is not valid", d1 & 0xff);
    CHECK((b1 & 0xff) != 0xff, "status B reads as all ones");
}

/* The index port reads back the index last written (Xen latches it for every PV domain). */
static void cmos_index_port_reads_latched_index(void)
{
    uint64_t traps;
    uint64_t index;

    CHECK_RC(set_iopl(1), 0);
    traps = trap_count;
    port_outb(CMOS_INDEX, CMOS_STATUS_B);
    index = port_inb(CMOS_INDEX);
    set_iopl(0);
    CHECK_NO_TRAP_SINCE(traps);
    info("cmos index port reads %#lx", index & 0xff);
    CHECK_EQ(index & 0xff, CMOS_STATUS_B);
}

/* Ports the hypervisor keeps: its serial console, the PICs, the PIT's channel 0. */
static void hypervisor_ports_read_all_ones(void)
{
    static const uint16_t ports[] = { COM1_LSR, 0x3fe, 0x21, 0xa1, 0x40 };

    CHECK_RC(set_iopl(1), 0);
    for (unsigned i = 0; i < ARRAY_SIZE(ports); i++) {
        uint64_t rax = port_inb(ports[i]);

        if (trap_disarm()) {
            set_iopl(0);
            CHECK(false, "%s reading port %#x", trap_name(trap_last.vector), ports[i]);
        }
        if ((rax & 0xff) != 0xff) {
            set_iopl(0);
            CHECK(false, "port %#x reads %#lx", ports[i], rax & 0xff);
        }
    }
    set_iopl(0);
}

/*
 * The PICs' edge/level control registers are the machine's: the firmware
 * made IRQs 10 and 11 (PCI) level-triggered, none of IRQs 0-7.
 */
static void elcr_reaches_the_machine(void)
{
    uint64_t traps, elcr1, elcr2;

    CHECK_RC(set_iopl(1), 0);
    traps = trap_count;
    elcr1 = port_inb(0x4d0);
    elcr2 = port_inb(0x4d1);
    set_iopl(0);
    CHECK_NO_TRAP_SINCE(traps);
    info("elcr %#lx %#lx", elcr1 & 0xff, elcr2 & 0xff);
    CHECK_EQ(elcr1 & 0xff, 0);
}

/* With IOPL 0, the I/O bitmap allows exactly the ports whose bit is clear. */
static void iobitmap_allows_cleared_bits_only(void)
{
    static uint8_t bitmap[8192];

    for (unsigned i = 0; i < sizeof(bitmap); i++)
        bitmap[i] = 0xff;
    bitmap[0x80 / 8] &= ~(1u << (0x80 % 8));
    CHECK_RC(set_iopl(0), 0);
    set_iobitmap(bitmap, 0x100);
    port_inb_80();
    if (trap_disarm()) {
        set_iobitmap(NULL, 0);
        CHECK(false, "%s on port 0x80", trap_name(trap_last.vector));
    }
    port_inb(0x81);
    set_iobitmap(NULL, 0);
    CHECK_GP(port_inb_insn);
    port_inb_80();
    CHECK_GP(port_inb_80_insn);
}

/* Ports past nr_ports are refused whatever the bitmap says. */
static void iobitmap_ports_past_nr_ports_gp(void)
{
    static uint8_t bitmap[8192];

    CHECK_RC(set_iopl(0), 0);
    set_iobitmap(bitmap, 0x80);
    port_inb_80();
    set_iobitmap(NULL, 0);
    CHECK_GP(port_inb_80_insn);
}

static void cli_sti_with_iopl_0_gp(void)
{
    CHECK_RC(set_iopl(0), 0);
    guest_cli();
    CHECK_GP(guest_cli_insn);
    guest_sti();
    CHECK_GP(guest_sti_insn);
}

/*
 * With IOPL 1, CLI and STI no longer fault, and Xen skips them: the event
 * mask (the PV guest's interrupt flag) stays as it was, set or clear.
 */
static void cli_sti_with_iopl_1_leave_upcall_mask(void)
{
    volatile struct vcpu_info *vi = events_vcpu_info(0);
    uint8_t initial, after_sti, after_cli;
    uint64_t traps;

    CHECK(shared_info, "shared_info is not mapped");
    initial = vi->evtchn_upcall_mask;
    CHECK_RC(set_iopl(1), 0);
    traps = trap_count;
    vi->evtchn_upcall_mask = 1;
    guest_sti();
    after_sti = vi->evtchn_upcall_mask;
    vi->evtchn_upcall_mask = 0;
    guest_cli();
    after_cli = vi->evtchn_upcall_mask;
    vi->evtchn_upcall_mask = initial;
    set_iopl(0);
    CHECK_NO_TRAP_SINCE(traps);
    info("upcall mask 1, after sti %u; mask 0, after cli %u", after_sti, after_cli);
    CHECK_EQ(after_sti, 1);
    CHECK_EQ(after_cli, 0);
}

const struct test_case port_io_cases[] = {
    { "io_in_with_iopl_0_gp", in_with_iopl_0_gp },
    { "io_out_with_iopl_0_gp", out_with_iopl_0_gp },
    { "io_in_port_0x80_with_iopl_1", in_port_0x80_with_iopl_1 },
    { "io_cmos_register_read_twice_with_iopl_1", cmos_register_read_twice_with_iopl_1 },
    { "io_cmos_index_port_reads_latched_index", cmos_index_port_reads_latched_index },
    { "io_hypervisor_ports_read_all_ones", hypervisor_ports_read_all_ones },
    { "io_elcr_reaches_the_machine", elcr_reaches_the_machine },
    { "io_iobitmap_allows_cleared_bits_only", iobitmap_allows_cleared_bits_only },
    { "io_iobitmap_ports_past_nr_ports_gp", iobitmap_ports_past_nr_ports_gp },
    { "io_cli_sti_with_iopl_0_gp", cli_sti_with_iopl_0_gp },
    { "io_cli_sti_with_iopl_1_leave_upcall_mask", cli_sti_with_iopl_1_leave_upcall_mask },
};
const unsigned port_io_count = ARRAY_SIZE(port_io_cases);
