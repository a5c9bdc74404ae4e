/*
 * What the platform guest's files share: the hypercalls they call, the
 * addresses that are never ours, and the assembly snippets
 * (tests/guests/platform/snippets.asm).
 */
#ifndef TESTS_GUESTS_PLATFORM_H
#define TESTS_GUESTS_PLATFORM_H

#include "guest/hypercall.h"
#include "guest/test.h"
#include "guest/traps.h"
#include "public/errno.h"
#include "public/physdev.h"
#include "public/platform.h"

/* Addresses that are never ours. */
#define HYPERVISOR_DIRECT_MAP 0xFFFF830000000000UL
#define NONCANONICAL          0x0000800000000000UL
#define UNMAPPED              0x1000UL /* nothing is mapped below VIRT_BASE */

/* Xen 4.17's XENVER_version. */
#define XEN_4_17 0x00040011

static inline long multicall(struct multicall_entry *list, uint64_t nr_calls)
{
    return hypercall_2(__HYPERVISOR_multicall, list, nr_calls);
}

static inline long physdev_op(uint64_t cmd, const void *arg)
{
    return hypercall_2(__HYPERVISOR_physdev_op, cmd, arg);
}

static inline long set_iopl(uint32_t iopl)
{
    struct physdev_set_iopl req = { .iopl = iopl };

    return physdev_op(PHYSDEVOP_set_iopl, &req);
}

static inline long platform_op(struct xen_platform_op *op)
{
    return hypercall_1(__HYPERVISOR_platform_op, op);
}

static inline long set_debugreg(uint64_t reg, uint64_t value)
{
    return hypercall_2(__HYPERVISOR_set_debugreg, reg, value);
}

static inline long get_debugreg(uint64_t reg)
{
    return hypercall_1(__HYPERVISOR_get_debugreg, reg);
}

static inline long xenpmu_op(uint64_t op, void *arg)
{
    return hypercall_2(__HYPERVISOR_xenpmu_op, op, arg);
}

/*
 * Runs a multicall whose list has an iret entry, with an iret frame on
 * the stack (RAX 0x5a5a5a5a5a5a5a5a, RIP back into the snippet, events
 * masked).  out[0] = RAX seen afterwards, out[1] = 1 if the multicall
 * returned after its SYSCALL, 0 if the guest came back through the frame.
 */
#define MULTICALL_IRET_RAX 0x5a5a5a5a5a5a5a5aUL
void multicall_iret(struct multicall_entry *list, uint64_t nr_calls, uint64_t out[2]);

/*
 * Port I/O with a fixup armed: a #GP resumes after the instruction.
 * port_inb() returns RAX whole, loaded with PORT_RAX_PATTERN before the IN
 * (only AL may change); the *_insn labels mark the instructions.
 */
#define PORT_RAX_PATTERN 0x1122334455667700UL
uint64_t port_inb(uint16_t port);
uint64_t port_inb_80(void);
void port_outb(uint16_t port, uint8_t value);
void guest_cli(void);
void guest_sti(void);
extern const char port_inb_insn[], port_inb_80_insn[], port_outb_insn[];
extern const char guest_cli_insn[], guest_sti_insn[];

/* CPUID with the forced-emulation prefix: out = EAX, EBX, ECX, EDX. */
void xen_cpuid(uint32_t leaf, uint32_t out[4]);

extern const struct test_case multicall_cases[];
extern const unsigned multicall_count;
extern const struct test_case physdev_cases[];
extern const unsigned physdev_count;
extern const struct test_case platform_op_cases[];
extern const unsigned platform_op_count;
extern const struct test_case debugreg_cases[];
extern const unsigned debugreg_count;
extern const struct test_case port_io_cases[];
extern const unsigned port_io_count;

#endif /* TESTS_GUESTS_PLATFORM_H */
