/*
 * x86 architectural facts, each defined once: RFLAGS, control-register and
 * EFER bits, the MSRs we touch, page-fault error-code bits, and the
 * exception vectors (with which of them push an error code).  Also read by
 * the assembly through asm-offsets.c.
 */
#ifndef ARCH_X86_PROCESSOR_H
#define ARCH_X86_PROCESSOR_H

#include <stdbool.h>

#define RFLAGS_CF   (1UL << 0)
#define RFLAGS_ZF   (1UL << 6)
#define RFLAGS_SF   (1UL << 7)
#define RFLAGS_OF   (1UL << 11)
#define RFLAGS_TF   (1UL << 8)
#define RFLAGS_IF   (1UL << 9)
#define RFLAGS_DF   (1UL << 10)
#define RFLAGS_IOPL (3UL << 12)
#define RFLAGS_NT   (1UL << 14)
#define RFLAGS_RF   (1UL << 16)
#define RFLAGS_VM   (1UL << 17)
#define RFLAGS_AC   (1UL << 18)

#define CR0_MP (1UL << 1)
#define CR0_EM (1UL << 2)
#define CR0_TS (1UL << 3)
#define CR0_NE (1UL << 5)

#define CR4_PGE        (1UL << 7)
#define CR4_OSFXSR     (1UL << 9)
#define CR4_OSXMMEXCPT (1UL << 10)

#define EFER_SCE (1UL << 0)
#define EFER_LMA (1UL << 10) /* long mode active */
#define EFER_NXE (1UL << 11)

#define MSR_APIC_BASE      0x1B
#define MSR_UCODE_REV      0x8B
#define MSR_TSC_DEADLINE   0x6E0
#define MSR_EFER           0xC0000080
#define MSR_STAR           0xC0000081
#define MSR_LSTAR          0xC0000082
#define MSR_CSTAR          0xC0000083
#define MSR_FMASK          0xC0000084
#define MSR_FS_BASE        0xC0000100
#define MSR_GS_BASE        0xC0000101
#define MSR_SHADOW_GS_BASE 0xC0000102

/* Page-fault error code. */
#define PFEC_PRESENT (1UL << 0)
#define PFEC_WRITE   (1UL << 1)
#define PFEC_USER    (1UL << 2)
#define PFEC_FETCH   (1UL << 4)

enum {
    TRAP_DE = 0,
    TRAP_DB = 1,
    TRAP_NMI = 2,
    TRAP_BP = 3,
    TRAP_OF = 4,
    TRAP_BR = 5,
    TRAP_UD = 6,
    TRAP_NM = 7,
    TRAP_DF = 8,
    TRAP_TS = 10,
    TRAP_NP = 11,
    TRAP_SS = 12,
    TRAP_GP = 13,
    TRAP_PF = 14,
    TRAP_MF = 16,
    TRAP_AC = 17,
    TRAP_MC = 18,
    TRAP_XM = 19,
    TRAP_CP = 21,
    TRAP_VC = 29,
    TRAP_SX = 30,
};

/* Bit v set: the CPU pushes an error code for exception vector v. */
#define ERROR_CODE_VECTORS                                                                     \
    ((1U << TRAP_DF) | (1U << TRAP_TS) | (1U << TRAP_NP) | (1U << TRAP_SS) | (1U << TRAP_GP) | \
     (1U << TRAP_PF) | (1U << TRAP_AC) | (1U << TRAP_CP) | (1U << TRAP_VC) | (1U << TRAP_SX))

static inline bool vector_has_error_code(unsigned vector)
{
    return vector < 32 && ((ERROR_CODE_VECTORS >> vector) & 1);
}

#endif
