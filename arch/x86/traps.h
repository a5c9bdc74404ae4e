#ifndef ARCH_X86_TRAPS_H
#define ARCH_X86_TRAPS_H

#include "arch/x86/include/processor.h"
#include "arch/x86/include/regs.h"

void interrupt_dispatch(struct cpu_regs *regs);

#endif
