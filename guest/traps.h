/*
 * Exceptions in a PV guest (public/arch-x86_64.h).
 *
 * trap_init() registers a handler for vectors 0-19 (set_trap_table).  The
 * hypervisor bounces an exception onto our stack; the stubs in
 * guest/trap_entry.asm turn that into a struct trap_frame, call
 * trap_dispatch() and return with HYPERVISOR_iret to whatever the frame
 * then says.  Every exception:
 *
 *  - is recorded in trap_last (vector, error code, RIP, ...) and counted;
 *  - resumes at the fixup armed with expect_trap(fixup), if any, with every
 *    register as it was at the fault (an armed fixup is used once);
 *  - otherwise resumes at the recovery point, if one is set (the test
 *    framework sets one around each case: an unexpected trap fails the
 *    case instead of the whole guest);
 *  - otherwise is fatal: the guest prints it and shuts down (crash).
 *
 * A #PF's faulting address is in vcpu_info.arch.cr2 in shared_info, which
 * the runtime does not map yet, so it is not recorded.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include <stdbool.h>
#include <stdint.h>

/* Exception vectors. */
#define TRAP_DE  0 /* divide error */
#define TRAP_DB  1 /* debug */
#define TRAP_NMI 2
#define TRAP_BP  3  /* breakpoint (int3) */
#define TRAP_OF  4  /* overflow */
#define TRAP_BR  5  /* bound range */
#define TRAP_UD  6  /* invalid opcode */
#define TRAP_NM  7  /* device not available */
#define TRAP_DF  8  /* double fault */
#define TRAP_TS  10 /* invalid TSS */
#define TRAP_NP  11 /* segment not present */
#define TRAP_SS  12 /* stack-segment fault */
#define TRAP_GP  13 /* general protection */
#define TRAP_PF  14 /* page fault */
#define TRAP_MF  16 /* x87 floating point */
#define TRAP_AC  17 /* alignment check */
#define TRAP_MC  18 /* machine check */
#define TRAP_XM  19 /* SIMD floating point */

/* #PF error code bits. */
#define PFEC_PRESENT (1u << 0) /* the page was present (protection fault) */
#define PFEC_WRITE   (1u << 1) /* the access was a write */
#define PFEC_USER    (1u << 2) /* the access came from (guest) user mode */
#define PFEC_RSVD    (1u << 3) /* a reserved bit was set in a PTE */
#define PFEC_INSN    (1u << 4) /* the access was an instruction fetch */

#define X86_EFLAGS_TF (1u << 8)
#define X86_EFLAGS_IF (1u << 9)

/* What trap_common saved, lowest address first (guest/trap_entry.asm). */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;
    uint64_t error; /* 0 for vectors without an error code */
    uint64_t rip;
    uint64_t cs; /* bits 32-39: the saved evtchn_upcall_mask */
    uint64_t rflags;
    uint64_t rsp;
    uint64_t ss;
};

/* The last exception taken. */
struct trap_record {
    uint64_t vector;
    uint64_t error;
    uint64_t rip;
    uint64_t cs;
    uint64_t rflags;
    uint64_t rsp;
};
extern volatile struct trap_record trap_last;
extern volatile uint64_t trap_count;

/* The fixup armed by expect_trap() (0 = none); EXPECT_TRAP sets it too. */
extern volatile uint64_t trap_fixup;

/* Registers the handler for vectors 0-19; 0 or the hypercall's error. */
long trap_init(void);

/*
 * Registers our handler for one more vector (any of 0-255) with the given
 * DPL (who may raise it with INT n) and mask-events flag.
 */
long trap_install(unsigned vector, unsigned dpl, bool mask_events);

/* The address of our handler for `vector`, to build trap tables by hand. */
uint64_t trap_handler(unsigned vector);

/* Arms a fixup: the next exception resumes at `fixup`. */
void expect_trap(const void *fixup);

/* Disarms; true if an exception was taken since expect_trap(). */
bool trap_disarm(void);

/* A short name for a vector ("#GP"), "vector" for ones without. */
const char *trap_name(uint64_t vector);

/*
 * Recovery points, a setjmp/longjmp pair: recovery_save() returns 0, and 1
 * again when an unexpected exception (or recovery_resume) comes back.
 * Only the callee-saved registers and RSP survive the jump.
 */
struct trap_recovery {
    uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip;
};
int recovery_save(struct trap_recovery *r) __attribute__((returns_twice));
void recovery_resume(struct trap_recovery *r) __attribute__((noreturn));
/* Where an unexpected exception goes; NULL makes it fatal again. */
void trap_set_recovery(struct trap_recovery *r);

/* Memory probes: false if the 8-byte access faulted (the trap is in trap_last). */
bool probe_read(const volatile void *addr, uint64_t *value);
bool probe_write(volatile void *addr, uint64_t value);

#endif /* GUEST_TRAPS_H */
