/* The running vCPU on the host: whatever the test set (tests/unit/fake_arch.h). */
#ifndef ARCH_CURRENT_H
#define ARCH_CURRENT_H

struct vcpu;

extern struct vcpu *fake_current;

static inline struct vcpu *arch_current(void)
{
    return fake_current;
}

#endif
