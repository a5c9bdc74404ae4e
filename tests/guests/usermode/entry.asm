; Kernel entry and exit for the usermode guest (public/arch-x86_64.h).
;
; From user mode the hypervisor switches to kernel mode and bounces onto
; the stack_switch stack; the frame is, from the new RSP upwards,
;     RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS
; (the syscall callback's has no error code).  Our entries turn it into a
; struct trap_frame (guest/traps.h) the way guest/trap_entry.asm does and
; call the C side (space.c): um_syscall() for a SYSCALL, um_user_trap()
; for an exception or event.  If the C side returns, we go back to user
; mode with HYPERVISOR_iret: flags VGCF_in_syscall after a SYSCALL, 0 after
; an exception.  (To leave user mode for good the C side jumps away.)
;
; An exception whose frame says CS RPL 0 came from the guest kernel: its
; stub goes straight on to the runtime's stub for that vector, with the
; frame untouched.

bits 64
default rel

%include "guest/frame.inc"

extern trap_stubs
extern um_syscall
extern um_user_trap

global um_iret_to_user
global um_syscall_entry
global um_event_entry
global um_trap_stubs
global um_entry_rsp
global um_entry_rflags

%define VGCF_IN_SYSCALL 0x100
%define VEC_SYSCALL     0x100
%define VEC_EVENT       0x101

section .text

; void um_iret_to_user(rip (RDI), rsp (RSI), rflags (RDX), cs (RCX), ss (R8)):
; HYPERVISOR_iret with flags 0 and RAX = RCX = R11 = 0.  Does not return.
um_iret_to_user:
    push r8
    push rsi
    push rdx
    push rcx
    push rdi
    push 0
    xor eax, eax
    xor ecx, ecx
    xor r11d, r11d
    jmp hypercall_page + HYPERCALL_IRET * 32

; The syscall callback: a SYSCALL from user mode.
um_syscall_entry:
    mov [um_entry_rsp], rsp
    pushfq
    pop qword [um_entry_rflags]
    pop rcx
    pop r11
    push 0
    push VEC_SYSCALL
    SAVE_GPRS
    CALL_C um_syscall
    RESTORE_GPRS
    add rsp, 16
    IRET_WITH_FLAGS VGCF_IN_SYSCALL

; The event callback: only user mode ever runs with events unmasked here.
um_event_entry:
    mov [um_entry_rsp], rsp
    pop rcx
    pop r11
    push 0
    push VEC_EVENT
    jmp um_trap_common

; One stub per vector 0-255, 64 bytes apart.
align 64
um_trap_stubs:
%assign vec 0
%rep 256
    align 64
%assign has_error 0
%if vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30
%assign has_error 1
%endif
    test byte [rsp + 24 + 8 * has_error], 3     ; CS RPL
    jz trap_stubs + 16 * vec
    mov [um_entry_rsp], rsp
    pop rcx
    pop r11
%if has_error == 0
    push 0
%endif
    push vec
    jmp um_trap_common
%assign vec vec+1
%endrep

um_trap_common:
    SAVE_GPRS
    CALL_C um_user_trap
    RESTORE_GPRS
    add rsp, 16
    IRET_WITH_FLAGS 0

section .bss
align 8
um_entry_rsp:                   ; RSP at the last entry from user mode
    resq 1
um_entry_rflags:                ; RFLAGS at the last syscall callback entry
    resq 1
