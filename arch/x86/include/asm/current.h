/*
 * The running vCPU, inline: hot paths ask for it several times per entry.
 * It lives in this CPU's struct percpu, which %gs points at while the
 * hypervisor runs (arch/x86/percpu.h).  Found through the include path
 * as <asm/current.h>; the host tests have their own.
 */
#ifndef ARCH_CURRENT_H
#define ARCH_CURRENT_H

struct vcpu;

/* Offset of struct percpu's vcpu field, checked there. */
#define PERCPU_VCPU_OFFSET 24

static inline struct vcpu *arch_current(void)
{
    struct vcpu *v;

    asm volatile("mov %%gs:%c1, %0" : "=r"(v) : "i"(PERCPU_VCPU_OFFSET));
    return v;
}

#endif
