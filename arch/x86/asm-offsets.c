/*
 * Constants and structure offsets for the assembly files.  Compiled to
 * assembly only; the build turns each ASM_DEFINE marker into a nasm %define
 * (build/asm-offsets.inc), so C stays the one source of these numbers.
 */
#include <stddef.h>

#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/layout.h"
#include "arch/x86/include/processor.h"
#include "arch/x86/include/regs.h"
#include "arch/x86/percpu.h"
#include "xen/lib.h"

#define ASM_DEFINE(name, value) asm volatile("\n.ascii \"@@" #name " %c0@@\"" : : "i"(value))

void asm_offsets(void);
void asm_offsets(void)
{
    ASM_DEFINE(PAGE_SIZE, PAGE_SIZE);
    ASM_DEFINE(STACK_SIZE, STACK_SIZE);
    ASM_DEFINE(L4_INDEX_XEN, (XEN_VIRT_START >> 39) & 511);
    ASM_DEFINE(L3_INDEX_XEN, (XEN_VIRT_START >> 30) & 511);
    ASM_DEFINE(L4_INDEX_DIRECTMAP, (DIRECTMAP_VIRT_START >> 39) & 511);

    ASM_DEFINE(REGS_SIZE, sizeof(struct cpu_regs));
    ASM_DEFINE(REGS_VECTOR, offsetof(struct cpu_regs, vector));
    ASM_DEFINE(REGS_ERROR_CODE, offsetof(struct cpu_regs, error_code));
    ASM_DEFINE(REGS_RIP, offsetof(struct cpu_regs, rip));
    ASM_DEFINE(REGS_CS, offsetof(struct cpu_regs, cs));
    ASM_DEFINE(REGS_RSP, offsetof(struct cpu_regs, rsp));

    ASM_DEFINE(PERCPU_STACK_TOP, offsetof(struct percpu, stack_top));
    ASM_DEFINE(PERCPU_SYSCALL_SCRATCH, offsetof(struct percpu, syscall_scratch));

    ASM_DEFINE(GUEST_CS64, GUEST_CS64);
    ASM_DEFINE(GUEST_DS, GUEST_DS);
    ASM_DEFINE(VECTOR_SYSCALL, VECTOR_SYSCALL);
    ASM_DEFINE(ERROR_CODE_VECTORS, ERROR_CODE_VECTORS);
}
