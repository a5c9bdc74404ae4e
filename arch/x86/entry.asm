; Exception and interrupt entry.
;
; Every vector has a stub that pushes a zero error code when the CPU did
; not, then the vector number, and joins exception_common, which saves the
; general registers as a struct cpu_regs (regs.h) and calls
; trap_dispatch(struct cpu_regs *).  On return the registers are restored
; from the same frame, so a handler may change them.

%include "asm-offsets.inc"

extern trap_dispatch
global exception_stubs

section .text
exception_common:
    push rdi
    push rsi
    push rdx
    push rcx
    push rax
    push r8
    push r9
    push r10
    push r11
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
    cld
    mov rdi, rsp
    call trap_dispatch
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    pop r11
    pop r10
    pop r9
    pop r8
    pop rax
    pop rcx
    pop rdx
    pop rsi
    pop rdi
    add rsp, 16                         ; vector, error code
    iretq

; Vectors for which the CPU pushes an error code.
%define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

%assign v 0
%rep 256
align 16
stub_ %+ v:
%if HAS_ERROR(v) == 0
    push 0
%endif
    push v
    jmp exception_common
%assign v v + 1
%endrep

section .rodata
align 8
exception_stubs:
%assign v 0
%rep 256
    dq stub_ %+ v
%assign v v + 1
%endrep
