; Exception entry and exit (public/arch-x86_64.h).
;
; The hypervisor bounces an exception onto our (kernel) stack as, from the
; new RSP upwards:  RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS
; where the error code is present only for vectors 8, 10-14, 17, 21, 29, 30.
; Each vector has a 16-byte stub at trap_stubs + 16 * vector that restores
; RCX/R11, pushes a zero error code where the CPU has none, then the vector,
; and joins trap_common, which saves the other registers (struct trap_frame
; in guest/traps.h) and calls trap_dispatch(frame).  Whatever the handler
; leaves in the frame is what we return to: trap_common pops it and leaves
; through HYPERVISOR_iret.
;
; Also here: recovery_save/recovery_resume (a setjmp/longjmp pair the trap
; handler uses to abandon a test case) and the memory probes.

bits 64
default rel

%include "guest/frame.inc"

%include "guest/trap.inc"

extern trap_dispatch

global trap_stubs
global recovery_save
global recovery_resume
global probe_read
global probe_write

section .text

align 16
trap_stubs:
%assign vec 0
%rep 256
    align 16
    pop rcx
    pop r11
%assign has_error 0
%if vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30
%assign has_error 1
%endif
%if has_error == 0
    push 0
%endif
    push vec
    jmp trap_common
%assign vec vec+1
%endrep

; Stack on entry: vector, error code, RIP, CS, RFLAGS, RSP, SS.
trap_common:
    SAVE_GPRS
    CALL_C trap_dispatch
    RESTORE_GPRS
    add rsp, 16                 ; vector, error code
    IRET_WITH_FLAGS 0

; int recovery_save(struct trap_recovery *r (RDI)): records the callee-saved
; registers, RSP and the return address; returns 0 now and 1 when
; recovery_resume(r) comes back here.
recovery_save:
    mov [rdi + 0*8], rbx
    mov [rdi + 1*8], rbp
    mov [rdi + 2*8], r12
    mov [rdi + 3*8], r13
    mov [rdi + 4*8], r14
    mov [rdi + 5*8], r15
    lea rax, [rsp + 8]          ; RSP after our return
    mov [rdi + 6*8], rax
    mov rax, [rsp]
    mov [rdi + 7*8], rax        ; return address
    xor eax, eax
    ret

; recovery_resume(r (RDI)): returns 1 from the recovery_save(r) call.
; The trap handler gets here by pointing the frame's RIP at us.
recovery_resume:
    mov rbx, [rdi + 0*8]
    mov rbp, [rdi + 1*8]
    mov r12, [rdi + 2*8]
    mov r13, [rdi + 3*8]
    mov r14, [rdi + 4*8]
    mov r15, [rdi + 5*8]
    mov rsp, [rdi + 6*8]
    mov eax, 1
    jmp [rdi + 7*8]

; bool probe_read(const volatile void *addr (RDI), uint64_t *value (RSI)):
; reads 8 bytes at addr; false if that faulted.
probe_read:
    EXPECT_TRAP .fault
    mov rax, [rdi]
    mov qword [trap_fixup], 0
    mov [rsi], rax
    mov eax, 1
    ret
.fault:
    xor eax, eax
    ret

; bool probe_write(volatile void *addr (RDI), uint64_t value (RSI)):
; writes 8 bytes at addr; false if that faulted.
probe_write:
    EXPECT_TRAP .fault
    mov [rdi], rsi
    mov qword [trap_fixup], 0
    mov eax, 1
    ret
.fault:
    xor eax, eax
    ret
