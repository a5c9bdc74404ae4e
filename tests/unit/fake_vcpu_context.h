/*
 * The host stand-in for the arch's vCPU contexts (fake_vcpu_context.c).
 * The core never sees a context's layout; here it is this small record,
 * read from and written to guest memory like the real one.
 */
#ifndef TESTS_UNIT_FAKE_VCPU_CONTEXT_H
#define TESTS_UNIT_FAKE_VCPU_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

struct fake_vcpu_context {
    uint64_t value; /* what the vCPU is to hold (read back by get) */
    bool online;    /* the context's VGCF_online */
};

extern long fake_set_context_result;   /* 0: the context is taken */
extern struct vcpu *fake_reset_vcpu;   /* the last vCPU arch_vcpu_reset dropped */
extern uint64_t fake_context_value[4]; /* per vCPU id: the value last set */
void fake_vcpu_context_reset(void);

#endif
