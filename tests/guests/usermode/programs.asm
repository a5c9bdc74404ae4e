; The user programs of the usermode guest.
;
; space.c copies the bytes from um_programs to um_programs_end into the
; user code page (USER_CODE_VA), so every program is position independent
; and touches only user memory (absolute user addresses, or RIP-relative
; within the copy).  A program starts with RSP = USER_STACK_TOP and ends
; with the exit system call (EXIT below); if that SYSCALL comes back, the
; ud2 after it ends user mode with a #UD instead.  The *_insn labels mark
; the instruction a case expects an exception at, *_ret / *_next the one
; after it.  The constants match tests/guests/usermode/usermode.h.

bits 64

%define USER_CODE_VA  0x400000
%define USER_GUARD_VA 0x401000
%define USER_PARAM_VA 0x402800
%define UM_SYS_EXIT   0x1000
%define UM_SYS_ECHO   17

%macro EXIT 0
    mov eax, UM_SYS_EXIT
    syscall
    ud2
%endmacro

%macro PROGRAM 1
global %1
align 16
%1:
%endmacro

section .rodata

global um_programs
global um_programs_end
global u_exit_ret, u_echo_ret, u_echo_exit_ret, u_syscall_insn
global u_read_guard_insn, u_write_guard_insn, u_write_code_insn
global u_read_param_insn, u_ud2_insn, u_int3_next, u_int80_insn, u_int80_next
global u_read_cr3_insn

align 16
um_programs:

; Exit at once.  For the frame checks: RBX = RFLAGS as user mode reads
; them, RBP = RSP, RDX = the return RIP of the SYSCALL.
PROGRAM u_exit
    pushfq
    pop rbx
    mov rbp, rsp
    lea rdx, [rel u_exit_ret]
    mov eax, UM_SYS_EXIT
    syscall
u_exit_ret:
    ud2

; Exit with RFLAGS.DF set.
PROGRAM u_std_exit
    std
    EXIT

; The echo call (RDI = 0x1234, answer expected in RAX), then exit with the
; answer in R12.  RBX, RBP and RDX as in u_exit, for the first frame; they
; must still hold at the exit.
PROGRAM u_echo
    pushfq
    pop rbx
    mov rbp, rsp
    lea rdx, [rel u_echo_ret]
    mov eax, UM_SYS_ECHO
    mov edi, 0x1234
    syscall
u_echo_ret:
    mov r12, rax
    mov eax, UM_SYS_EXIT
    syscall
u_echo_exit_ret:
    ud2

; A bare SYSCALL, for the case without a syscall callback.
PROGRAM u_syscall
    mov eax, UM_SYS_EXIT
u_syscall_insn:
    syscall
    ud2

PROGRAM u_read_guard
u_read_guard_insn:
    mov rax, [USER_GUARD_VA]
    EXIT

PROGRAM u_write_guard
u_write_guard_insn:
    mov [USER_GUARD_VA], rax
    EXIT

; The code page is mapped read-only.
PROGRAM u_write_code
u_write_code_insn:
    mov [USER_CODE_VA], rax
    EXIT

; R12 = the word at the address the kernel left at USER_PARAM_VA.
PROGRAM u_read_param
    mov rdx, [USER_PARAM_VA]
u_read_param_insn:
    mov r12, [rdx]
    EXIT

PROGRAM u_ud2
u_ud2_insn:
    ud2

PROGRAM u_int3
    int3
u_int3_next:
    EXIT

PROGRAM u_int80
u_int80_insn:
    int 0x80
u_int80_next:
    EXIT

; R12 = %gs:0 before the echo call, R13 = %gs:0 after it.
PROGRAM u_gs
    mov r12, [gs:0]
    mov eax, UM_SYS_ECHO
    syscall
    mov r13, [gs:0]
    EXIT

; R12 = %fs:0.
PROGRAM u_fs
    mov r12, [fs:0]
    EXIT

; A privileged instruction the hypervisor emulates for the guest kernel.
PROGRAM u_read_cr3
u_read_cr3_insn:
    mov rax, cr3
    mov r12, rax
    EXIT

um_programs_end:
