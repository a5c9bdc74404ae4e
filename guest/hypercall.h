/*
 * Hypercalls from a 64-bit PV guest (public/arch-x86_64.h).
 *
 * Number in RAX, arguments in RDI, RSI, RDX, R10, R8, result in RAX (a
 * negative errno on failure).  The argument registers may be clobbered by
 * the hypervisor, so every wrapper declares them as outputs.
 *
 * Two ways in:
 *  - through the hypercall page the builder wrote into our image: `call
 *    hypercall_page + nr * 32` (the stub saves RCX/R11 and does SYSCALL);
 *  - "raw": SYSCALL inline, the way Linux kernels do since XSA-466.  The
 *    SYSCALL must be a bare 2-byte instruction (a continuation rewinds RIP
 *    by 2), which inline asm guarantees.
 *
 * The hypercall_N() macros take a constant number; hypercall_call() and
 * hypercall_raw() take any number.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdint.h>

#include "public/callback.h"
#include "public/sched.h"
#include "public/version.h"
#include "public/xen.h"

/* The page itself (guest/head.asm); slot n is at hypercall_page + 32 * n. */
extern uint8_t hypercall_page[4096];

#define HYPERCALL_ASM(nr, a1, a2, a3, a4, a5)                                            \
    ({                                                                                   \
        /* Evaluate first: a call here would clobber register variables. */              \
        uint64_t _v1 = (uint64_t)(a1), _v2 = (uint64_t)(a2);                             \
        uint64_t _v3 = (uint64_t)(a3), _v4 = (uint64_t)(a4);                             \
        uint64_t _v5 = (uint64_t)(a5);                                                   \
        register uint64_t _a1 asm("rdi") = _v1;                                          \
        register uint64_t _a2 asm("rsi") = _v2;                                          \
        register uint64_t _a3 asm("rdx") = _v3;                                          \
        register uint64_t _a4 asm("r10") = _v4;                                          \
        register uint64_t _a5 asm("r8") = _v5;                                           \
        long _ret;                                                                       \
        asm volatile("call hypercall_page + %c[slot]"                                    \
                     : "=a"(_ret), "+r"(_a1), "+r"(_a2), "+r"(_a3), "+r"(_a4), "+r"(_a5) \
                     : [slot] "i"((nr)*XEN_HYPERCALL_SLOT_SIZE)                          \
                     : "memory");                                                        \
        _ret;                                                                            \
    })

#define hypercall_0(nr)                     HYPERCALL_ASM(nr, 0, 0, 0, 0, 0)
#define hypercall_1(nr, a1)                 HYPERCALL_ASM(nr, a1, 0, 0, 0, 0)
#define hypercall_2(nr, a1, a2)             HYPERCALL_ASM(nr, a1, a2, 0, 0, 0)
#define hypercall_3(nr, a1, a2, a3)         HYPERCALL_ASM(nr, a1, a2, a3, 0, 0)
#define hypercall_4(nr, a1, a2, a3, a4)     HYPERCALL_ASM(nr, a1, a2, a3, a4, 0)
#define hypercall_5(nr, a1, a2, a3, a4, a5) HYPERCALL_ASM(nr, a1, a2, a3, a4, a5)

/* Hypercall `nr` through its hypercall-page slot (nr is taken modulo 128). */
static inline long hypercall_call(unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                                  uint64_t a5)
{
    register uint64_t r_a1 asm("rdi") = a1;
    register uint64_t r_a2 asm("rsi") = a2;
    register uint64_t r_a3 asm("rdx") = a3;
    register uint64_t r_a4 asm("r10") = a4;
    register uint64_t r_a5 asm("r8") = a5;
    uint64_t stub = (uint64_t)hypercall_page +
                    (uint64_t)(nr % XEN_HYPERCALL_NR_SLOTS) * XEN_HYPERCALL_SLOT_SIZE;
    long ret;

    asm volatile("call *%[stub]"
                 : "=a"(ret), "+r"(r_a1), "+r"(r_a2), "+r"(r_a3), "+r"(r_a4),
                   "+r"(r_a5), [stub] "+r"(stub)
                 :
                 : "memory");
    return ret;
}

/* Hypercall `nr` (any value) with an inline SYSCALL, no hypercall page. */
static inline long hypercall_raw(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                                 uint64_t a5)
{
    register uint64_t r_a1 asm("rdi") = a1;
    register uint64_t r_a2 asm("rsi") = a2;
    register uint64_t r_a3 asm("rdx") = a3;
    register uint64_t r_a4 asm("r10") = a4;
    register uint64_t r_a5 asm("r8") = a5;
    long ret = (long)nr;

    asm volatile("syscall"
                 : "+a"(ret), "+r"(r_a1), "+r"(r_a2), "+r"(r_a3), "+r"(r_a4), "+r"(r_a5)
                 :
                 : "rcx", "r11", "memory");
    return ret;
}

/* ---- typed wrappers, one per hypercall -------------------------------- */

static inline long hypercall_set_trap_table(const struct trap_info *table)
{
    return hypercall_1(__HYPERVISOR_set_trap_table, table);
}

static inline long hypercall_mmu_update(const struct mmu_update *reqs, unsigned count,
                                        unsigned *done, unsigned foreigndom)
{
    return hypercall_4(__HYPERVISOR_mmu_update, reqs, count, done, foreigndom);
}

static inline long hypercall_stack_switch(uint64_t ss, uint64_t rsp)
{
    return hypercall_2(__HYPERVISOR_stack_switch, ss, rsp);
}

static inline long hypercall_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall)
{
    return hypercall_3(__HYPERVISOR_set_callbacks, event, failsafe, syscall);
}

static inline long hypercall_fpu_taskswitch(int set)
{
    return hypercall_1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline long hypercall_memory_op(unsigned cmd, void *arg)
{
    return hypercall_2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long hypercall_update_va_mapping(uint64_t va, uint64_t pte, uint64_t flags)
{
    return hypercall_3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long hypercall_xen_version(int cmd, void *arg)
{
    return hypercall_2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long hypercall_console_io(int cmd, unsigned count, const char *buf)
{
    return hypercall_3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long hypercall_vm_assist(unsigned cmd, unsigned type)
{
    return hypercall_2(__HYPERVISOR_vm_assist, cmd, type);
}

static inline long hypercall_vcpu_op(int cmd, unsigned vcpu, void *arg)
{
    return hypercall_3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long hypercall_set_segment_base(unsigned which, uint64_t base)
{
    return hypercall_2(__HYPERVISOR_set_segment_base, which, base);
}

static inline long hypercall_mmuext_op(const struct mmuext_op *ops, unsigned count, unsigned *done,
                                       unsigned foreigndom)
{
    return hypercall_4(__HYPERVISOR_mmuext_op, ops, count, done, foreigndom);
}

static inline long hypercall_sched_op(int cmd, void *arg)
{
    return hypercall_2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long hypercall_callback_op(int cmd, const void *arg)
{
    return hypercall_2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline long hypercall_event_channel_op(int cmd, void *arg)
{
    return hypercall_2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long hypercall_grant_table_op(unsigned cmd, void *uop, unsigned count)
{
    return hypercall_3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

#endif /* GUEST_HYPERCALL_H */
