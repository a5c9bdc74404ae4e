/*
 * Port I/O by a PV guest (IN/OUT, which fault with #GP in ring 3),
 * emulated as Xen does: the access must be allowed by the vCPU's virtual
 * IOPL (1 in guest kernel mode, 3 in user mode) or its I/O bitmap, else
 * the guest gets its #GP.  An allowed access reaches the hardware only for
 * the hardware domain and only for ports the hypervisor does not own; any
 * other read gives all ones and any other write is dropped.
 *
 * The CMOS/RTC index port is virtual for every domain, as on Xen: a write
 * to 0x70 is latched, a read of 0x70 returns the latch, and the hardware
 * domain's accesses to 0x71 go to the register the latch names (NMI mask
 * bit cleared), index and data written under one lock.
 */
#include "arch/x86/include/cpu.h"
#include "arch/x86/pv/domain.h"
#include "arch/x86/pv/emulate.h"
#include "xen/arch/cpu.h"
#include "xen/domain.h"
#include "xen/guest_access.h"
#include "xen/spinlock.h"

#define CMOS_INDEX    0x70
#define CMOS_DATA     0x71
#define CMOS_NMI_MASK 0x80 /* the index port's top bit masks NMIs: never ours to set */

/* Ports the hypervisor keeps for itself. */
static const struct {
    uint16_t first, last;
} hypervisor_ports[] = {
    { 0x20, 0x21 },   /* master PIC */
    { 0x40, 0x43 },   /* PIT */
    { 0xA0, 0xA1 },   /* slave PIC */
    { 0xF4, 0xF7 },   /* QEMU's isa-debug-exit: the machine's status */
    { 0x3F8, 0x3FF }, /* COM1: the hypervisor's console */
};

/*
 * Each domain's latched CMOS index, by domain id: no id is reused today, so
 * a new domain finds 0, as on Xen (a toolstack reusing ids must clear its
 * entry).  The lock keeps the hardware's index and data accesses together.
 */
static uint8_t cmos_index[DOMID_FIRST_RESERVED];
static spinlock_t cmos_lock = SPINLOCK_INIT;

static bool hardware_port(unsigned port, unsigned bytes)
{
    if (!current->domain->is_privileged || port + bytes > 0x10000)
        return false;
    for (unsigned i = 0; i < ARRAY_SIZE(hypervisor_ports); i++)
        if (port <= hypervisor_ports[i].last && port + bytes - 1 >= hypervisor_ports[i].first)
            return false;
    return true;
}

/* Xen's guest_io_okay: the virtual IOPL, else every bit clear in the guest's bitmap. */
static bool io_allowed(unsigned port, unsigned bytes)
{
    struct arch_vcpu *a = avcpu(current);
    uint16_t bits;

    if (a->iopl >= (a->in_kernel ? 1U : 3U))
        return true;
    if (port + bytes > a->iobitmap_ports ||
        copy_from_guest(&bits, a->iobitmap + port / 8, sizeof(bits)))
        return false;
    return !((bits >> (port & 7)) & ((1U << bytes) - 1));
}

static bool cmos_port(unsigned port, unsigned bytes)
{
    return port <= CMOS_DATA && port + bytes > CMOS_INDEX;
}

/* One byte of an access that touches the CMOS ports (Xen's byte-wise path). */
static uint8_t cmos_read(unsigned port)
{
    uint8_t *index = &cmos_index[current->domain->domain_id];
    uint8_t value;

    if (port == CMOS_INDEX)
        return *index;
    if (port != CMOS_DATA || !hardware_port(CMOS_INDEX, 2))
        return 0xFF;
    spin_lock(&cmos_lock);
    outb(CMOS_INDEX, *index & ~CMOS_NMI_MASK);
    value = inb(CMOS_DATA);
    spin_unlock(&cmos_lock);
    return value;
}

static void cmos_write(unsigned port, uint8_t value)
{
    uint8_t *index = &cmos_index[current->domain->domain_id];

    if (port == CMOS_INDEX) {
        *index = value;
        return;
    }
    if (port != CMOS_DATA || !hardware_port(CMOS_INDEX, 2))
        return;
    spin_lock(&cmos_lock);
    outb(CMOS_INDEX, *index & ~CMOS_NMI_MASK);
    outb(CMOS_DATA, value);
    spin_unlock(&cmos_lock);
}

static uint32_t port_read(unsigned port, unsigned bytes)
{
    uint32_t value = 0;

    if (cmos_port(port, bytes)) {
        for (unsigned i = 0; i < bytes; i++)
            value |= (uint32_t)cmos_read(port + i) << (8 * i);
        return value;
    }
    if (!hardware_port(port, bytes))
        return ~0U;
    return bytes == 1 ? inb(port) : bytes == 2 ? inw(port) : inl(port);
}

static void port_write(unsigned port, unsigned bytes, uint32_t value)
{
    if (cmos_port(port, bytes)) {
        for (unsigned i = 0; i < bytes; i++)
            cmos_write(port + i, (uint8_t)(value >> (8 * i)));
        return;
    }
    if (!hardware_port(port, bytes))
        return;
    if (bytes == 1)
        outb(port, value);
    else if (bytes == 2)
        outw(port, value);
    else
        outl(port, value);
}

bool emulate_io(struct cpu_regs *regs, const uint8_t *insn, size_t len)
{
    unsigned at = 0, bytes, port;
    uint8_t op;

    if (len > 0 && insn[0] == 0x66)
        at = 1;
    if (len <= at)
        return false;
    op = insn[at];
    if ((op & 0xF4) != 0xE4) /* E4-E7 (imm8 port), EC-EF (DX port) */
        return false;
    if ((op & 0x08) == 0 && len < at + 2)
        return false;
    bytes = (op & 1) == 0 ? 1 : at ? 2 : 4;
    port = (op & 0x08) ? (uint16_t)regs->rdx : insn[at + 1];
    if (!io_allowed(port, bytes))
        return false;
    if (op & 0x02) {
        port_write(port, bytes, (uint32_t)regs->rax);
    } else {
        uint32_t value = port_read(port, bytes);
        uint64_t keep = bytes == 4 ? 0 : regs->rax & ~((1UL << (8 * bytes)) - 1);

        regs->rax = keep | (value & (bytes == 4 ? 0xFFFFFFFFU : (1U << (8 * bytes)) - 1));
    }
    regs->rip += at + ((op & 0x08) ? 1 : 2);
    return true;
}
