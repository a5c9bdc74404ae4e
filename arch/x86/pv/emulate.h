/* Emulation of what a ring-3 PV kernel may not execute itself. */
#ifndef ARCH_X86_EMULATE_H
#define ARCH_X86_EMULATE_H

#include <stdbool.h>
#include "arch/x86/include/regs.h"

/* #UD: the "ud2; .ascii \"xen\"; cpuid" prefix.  True if handled. */
bool emulate_forced_cpuid(struct cpu_regs *regs);

/* #GP: software INT n, and the privileged instructions a PV kernel needs. */
bool emulate_gp_fault(struct cpu_regs *regs);

/* #PF: a store into one of the guest's read-only L1 tables.  True if applied. */
bool emulate_pt_write(struct cpu_regs *regs, uint64_t va);

#endif
