/* Emulation of what a ring-3 PV kernel may not do itself (emul_priv_op.c, ro_page_fault.c). */
#ifndef ARCH_X86_EMULATE_H
#define ARCH_X86_EMULATE_H

#include <stdbool.h>

#include "arch/x86/include/regs.h"

/* #UD: the "ud2; .ascii \"xen\"; cpuid" prefix.  True if handled. */
bool emulate_forced_cpuid(struct cpu_regs *regs);

/* #GP: IN/OUT (emul_io.c).  True if handled; false leaves the #GP to the guest. */
bool emulate_io(struct cpu_regs *regs, const uint8_t *insn, size_t len);

/* #GP: software INT n, and the privileged instructions a PV kernel needs. */
bool emulate_gp_fault(struct cpu_regs *regs);

/* #PF: a guest kernel's store into one of its read-only L1 tables.  True if applied. */
bool pv_ro_page_fault(struct cpu_regs *regs, uint64_t error, uint64_t cr2);

#endif
