/*
 * Port I/O by a PV guest (IN/OUT, which fault with #GP in ring 3),
 * emulated as Xen does: the access must be allowed by the vCPU's virtual
 * IOPL (1 in guest kernel mode, 3 in user mode) or its I/O bitmap, else
 * the guest gets its #GP.  An allowed access reaches the hardware only for
 * the hardware domain and only for ports the hypervisor does not own; any
 * other read gives all ones and any other write is dropped.
 */
#include "arch/x86/include/cpu.h"
#include "arch/x86/pv/domain.h"
#include "arch/x86/pv/emulate.h"
#include "xen/arch/cpu.h"
#include "xen/guest_access.h"

/* Ports the hypervisor keeps for itself. */
static const struct {
    uint16_t first, last;
} hypervisor_ports[] = {
    { 0x20, 0x21 },   /* master PIC */
    { 0x40, 0x43 },   /* PIT */
    { 0xA0, 0xA1 },   /* slave PIC */
    { 0xF4, 0xF7 },   /* QEMU's isa-debug-exit: the machine's status */
    { 0x3F8, 0x3FF }, /* COM1: the hypervisor's console */
    { 0x4D0, 0x4D1 }, /* PIC edge/level control */
};

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

static uint32_t port_read(unsigned port, unsigned bytes)
{
    if (!hardware_port(port, bytes))
        return ~0U;
    return bytes == 1 ? inb(port) : bytes == 2 ? inw(port) : inl(port);
}

static void port_write(unsigned port, unsigned bytes, uint32_t value)
{
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
