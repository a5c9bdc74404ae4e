/*
 * The register frame every entry path (exception, interrupt, syscall)
 * builds on the hypervisor stack: general registers pushed by the entry
 * code, then vector and error code, then what the CPU pushed.
 */
#ifndef ARCH_X86_REGS_H
#define ARCH_X86_REGS_H

#include <stdint.h>

/* The vector recorded for a SYSCALL entry (above every IDT vector). */
#define VECTOR_SYSCALL 0x100

struct cpu_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10;
    uint64_t r9, r8, rax, rcx, rdx, rsi, rdi;
    uint64_t vector;
    uint64_t error_code;
    /* pushed by the CPU */
    uint64_t rip, cs, rflags, rsp, ss;
};

/* General register n in the instruction encoding's order (0 = RAX ... 15 = R15). */
static inline uint64_t *cpu_regs_gpr(struct cpu_regs *regs, unsigned n)
{
    uint64_t *const by_number[16] = {
        &regs->rax, &regs->rcx, &regs->rdx, &regs->rbx, &regs->rsp, &regs->rbp,
        &regs->rsi, &regs->rdi, &regs->r8,  &regs->r9,  &regs->r10, &regs->r11,
        &regs->r12, &regs->r13, &regs->r14, &regs->r15,
    };

    return by_number[n & 15];
}

#endif
