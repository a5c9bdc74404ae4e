/*
 * Per-CPU data, reached through %gs.  While the hypervisor runs, GS_BASE
 * points at this CPU's struct percpu; while a guest runs, the entry code's
 * swapgs has parked it in SHADOW_GS_BASE (guests cannot swapgs: they run
 * in ring 3), and SHADOW_GS_BASE holds the guest's active GS base while we
 * run.  The first fields are read by entry.asm (asm-offsets.c).
 */
#ifndef ARCH_X86_PERCPU_H
#define ARCH_X86_PERCPU_H

#include "arch/x86/include/regs.h"
#include "xen/lib.h"

struct vcpu;

/* What a CPU is asked to flush (tlb_flush.c). */
#define FLUSH_TLB   (1U << 0)
#define FLUSH_CACHE (1U << 1)

struct percpu {
    struct percpu *self;      /* %gs:0, so C can find the structure */
    uint64_t stack_top;       /* where a guest's register frame ends (TSS rsp0) */
    uint64_t syscall_scratch; /* the guest RSP while SYSCALL entry switches stacks */
    struct vcpu *vcpu;        /* the vCPU running here, NULL when idle */
    unsigned cpu_id;
    uint8_t flush_wanted;     /* FLUSH_* another CPU waits for this one to do */
    bool guest_debug_pending; /* a guest single-step trap to deliver (traps.c) */
};

static inline struct percpu *this_cpu(void)
{
    struct percpu *p;

    asm volatile("mov %%gs:0, %0" : "=r"(p));
    return p;
}

/* The running guest's registers, saved on entry at the top of this CPU's stack. */
static inline struct cpu_regs *guest_regs(void)
{
    return (struct cpu_regs *)this_cpu()->stack_top - 1;
}

void percpu_init_boot_cpu(uint64_t stack_top);
void percpu_init(struct percpu *p, unsigned cpu, uint64_t stack_top);

extern struct percpu *percpu_of[]; /* by CPU id, NULL while offline */

#endif
