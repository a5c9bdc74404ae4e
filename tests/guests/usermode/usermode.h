/*
 * What the usermode guest's files share: the user address space, the
 * user programs, and what the kernel records when user mode leaves.
 *
 * The user address space (space.c) is a user L4 of its own whose only
 * guest slot (0) maps three pages:
 *
 *     USER_CODE_VA   a copy of the user programs (programs.asm), read-only
 *     USER_GUARD_VA  nothing: a user access there is a #PF
 *     USER_DATA_VA   the user stack (below USER_STACK_TOP), a parameter
 *                    word (USER_PARAM_VA), and the %gs / %fs areas
 *
 * The kernel's own L4 does not map slot 0, so user code that runs at all
 * proves that the hypervisor switched to the user L4; and the user L4 maps
 * nothing of the kernel, so a user access to a kernel address faults.
 *
 * um_run() enters a user program with HYPERVISOR_iret (and masks events
 * again when it is back).  User mode ends when
 * the program makes the exit system call or takes an exception that the
 * case did not ask to resume: the handler then jumps back into um_run()
 * (a recovery point, guest/traps.h) on the kernel's own stack.  Both the
 * syscall callback and the exception handlers run on the stack given to
 * stack_switch (um_kstack).  Exceptions taken in kernel mode go on to the
 * runtime's handlers, so expect_trap() and the test framework still work.
 */
#ifndef TESTS_GUESTS_USERMODE_H
#define TESTS_GUESTS_USERMODE_H

#include <stdbool.h>
#include <stdint.h>

#include "guest/traps.h"
#include "public/xen.h"

#define USER_CODE_VA   0x400000UL
#define USER_GUARD_VA  0x401000UL
#define USER_DATA_VA   0x402000UL
#define USER_STACK_TOP (USER_DATA_VA + 0x800)
#define USER_PARAM_VA  (USER_DATA_VA + 0x800) /* a word a program may read */
#define USER_GS_VA     (USER_DATA_VA + 0xC00) /* SEGBASE_GS_USER points here */
#define USER_FS_VA     (USER_DATA_VA + 0xE00) /* SEGBASE_FS points here */

/* System call numbers of the user programs (RAX at their SYSCALL). */
#define UM_SYS_EXIT 0x1000 /* leave user mode for good */
#define UM_SYS_ECHO 17     /* answer RDI + 1 (17 is also xen_version's number) */

/* trap_frame.vector of a system call / an event upcall from user mode. */
#define UM_VEC_SYSCALL 0x100
#define UM_VEC_EVENT   0x101

/* What the kernel saw on one entry from user mode. */
struct um_entry {
    struct trap_frame f;   /* registers, and the bounce frame as delivered */
    uint64_t base;         /* RSP at the handler's first instruction */
    uint64_t entry_rflags; /* RFLAGS there (syscall callback only) */
    long xen_version;      /* xen_version(XENVER_version) from the syscall callback */
    uint64_t cr3;          /* CR3 read in the syscall callback */
    uint64_t gs0;          /* the word at %gs:0 there (if um_read_gs) */
    uint64_t cr2;          /* vcpu_info.arch.cr2 there (0 if unknown) */
    uint8_t mask;          /* evtchn_upcall_mask there (0xff: unknown) */
};

#define UM_MAX_SYSCALLS 4
extern struct um_entry um_syscalls[UM_MAX_SYSCALLS];
extern unsigned um_syscall_count;
extern struct um_entry um_trap; /* the last exception from user mode */
extern unsigned um_trap_count;

/* Set by a case before um_run(). */
extern int um_resume_vector; /* an exception resumed in user mode (-1: none) */
extern bool um_read_gs;      /* the syscall callback reads %gs:0 */

/* The user pages as the kernel sees them, and the tables (space.c). */
extern volatile uint64_t *um_data; /* USER_DATA_VA's frame */
extern uint64_t um_user_l4_mfn;
extern uint64_t um_user_l3_mfn;

/* The stack given to stack_switch. */
#define UM_KSTACK_SIZE 16384
extern uint8_t um_kstack[UM_KSTACK_SIZE];

static inline uint64_t um_kstack_top(void)
{
    return (uint64_t)um_kstack + UM_KSTACK_SIZE;
}

/*
 * Builds the user address space and installs the handlers, once; false
 * (and the case has failed) if that did not work.  Every call registers
 * the syscall callback again and clears the records.
 */
bool um_ready(void);

/* The result of installing the user L4 (MMUEXT_NEW_USER_BASEPTR) in um_ready(). */
extern long um_user_l4_rc;

/* Registers the syscall callback (0 = none) with the given flags; its result. */
long um_register_syscall(uint64_t address, unsigned flags);

/* Our own syscall callback. */
void um_syscall_entry(void);

/* Installs our handler for one vector with the given DPL and mask flag; its result. */
long um_install_vector(unsigned vector, unsigned dpl, bool mask_events);

/* set_trap_table(NULL), then our handlers for vectors 0-19 again; its result. */
long um_clear_traps(void);

/* The user address of a label in the user programs. */
uint64_t um_user_addr(const void *label);

/* Runs a user program at `rip` with RSP = USER_STACK_TOP and `rflags`. */
void um_run(uint64_t rip, uint64_t rflags);

/* The mapped shared_info, or NULL. */
extern volatile struct shared_info *um_shinfo;

/* Bytes between the frame's lowest address and the stack_switch stack's top. */
static inline uint64_t um_depth(const struct um_entry *e)
{
    return um_kstack_top() - e->base;
}

/* The user programs (programs.asm); the *_insn labels mark an instruction. */
extern const char um_programs[], um_programs_end[];
extern const char u_exit[], u_exit_ret[];
extern const char u_std_exit[];
extern const char u_echo[], u_echo_ret[], u_echo_exit_ret[];
extern const char u_syscall[], u_syscall_insn[];
extern const char u_read_guard[], u_read_guard_insn[];
extern const char u_write_guard[], u_write_guard_insn[];
extern const char u_write_code[], u_write_code_insn[];
extern const char u_read_param[], u_read_param_insn[];
extern const char u_ud2[], u_ud2_insn[];
extern const char u_int3[], u_int3_next[];
extern const char u_int80[], u_int80_insn[], u_int80_next[];
extern const char u_gs[];
extern const char u_fs[];
extern const char u_read_cr3[], u_read_cr3_insn[];

#endif /* TESTS_GUESTS_USERMODE_H */
