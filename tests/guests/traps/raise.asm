; Exception-raising snippets for the traps guest.  Each one arms a fixup,
; executes the instruction that should trap, and returns from the fixup.
; The global *_insn labels mark the faulting instruction and the *_next
; labels the instruction after it, so the C side can check the reported
; RIP.  All are void f(void) unless said otherwise.

bits 64
default rel

%include "guest/trap.inc"

; %1 = name; the rest = the instruction(s) under test.  The fixup is the
; label after them, so a trap-type exception (RIP after the instruction)
; and a fault (RIP at it) both resume there.
%macro SNIPPET 2+
global %1
global %1_insn
global %1_next
%1:
    EXPECT_TRAP %1_next
%1_insn:
    %2
%1_next:
    ret
%endmacro

section .text

SNIPPET raise_de, div ecx               ; ECX = 0 (set by the wrapper below)
SNIPPET raise_bp, int3
SNIPPET raise_ud, ud2
SNIPPET raise_int80, int 0x80
SNIPPET raise_int50, int 0x50
SNIPPET raise_fnop, fnop
SNIPPET raise_hlt, hlt
SNIPPET raise_gp_noncanonical, mov rax, [rdx]      ; RDX = non-canonical
SNIPPET raise_pf_read, mov rax, [rdx]              ; RDX = unmapped
SNIPPET raise_pf_write, mov [rdx], rax             ; RDX = unmapped

; void raise_ud_not_xen(void): UD2 followed by "xem", not the Xen signature.
global raise_ud_not_xen
global raise_ud_not_xen_insn
raise_ud_not_xen:
    EXPECT_TRAP raise_ud_not_xen_done
raise_ud_not_xen_insn:
    ud2
    db 'xem'
    cpuid
raise_ud_not_xen_done:
    ret

; void divide_by_zero(void)
global divide_by_zero
divide_by_zero:
    xor ecx, ecx
    mov eax, 1
    xor edx, edx
    jmp raise_de

; void load_via_rdx(uint64_t addr (RDI), void (*snippet)(void) (RSI))
global load_via_rdx
load_via_rdx:
    mov rdx, rdi
    jmp rsi

; void single_step(void): sets TF; the #DB comes after the nop.
global single_step
global single_step_after
single_step:
    EXPECT_TRAP single_step_after
    pushfq
    or qword [rsp], 0x100
    popfq
    nop
single_step_after:
    ret

; void fetch_unmapped(uint64_t addr (RDI)): jumps to addr; the #PF resumes
; at the fixup with the stack as it was.
global fetch_unmapped
fetch_unmapped:
    EXPECT_TRAP .back
    jmp rdi
.back:
    ret

; void x87_divide_by_zero(void): unmasks x87 #Z, divides by zero; the
; pending exception is raised (#MF) by the next waiting x87 instruction.
global x87_divide_by_zero
global x87_divide_by_zero_wait
x87_divide_by_zero:
    sub rsp, 8
    fninit
    mov word [rsp], 0x037b              ; default control word with ZM clear
    fldcw [rsp]
    fld1
    fldz
    fdivp st1, st0
    EXPECT_TRAP x87_divide_by_zero_done
x87_divide_by_zero_wait:
    fwait
x87_divide_by_zero_done:
    fninit
    add rsp, 8
    ret

; uint64_t fault_rsp: RSP at the ud2 in ud_record_rsp.
global fault_rsp
global ud_record_rsp
ud_record_rsp:
    EXPECT_TRAP .back
    mov [fault_rsp], rsp
    ud2
.back:
    ret

; uint64_t registers_survive_exception(void): loads a pattern into every
; general register, takes a #UD, and returns a bit mask of the registers
; whose value changed (bit n = n-th in the order rax rbx rcx rdx rsi rdi
; rbp r8-r15).
global registers_survive_exception
registers_survive_exception:
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
    EXPECT_TRAP .back
    mov rax, 0xa0a0a0a0a0a0a000
    mov rbx, 0xa0a0a0a0a0a0a001
    mov rcx, 0xa0a0a0a0a0a0a002
    mov rdx, 0xa0a0a0a0a0a0a003
    mov rsi, 0xa0a0a0a0a0a0a004
    mov rdi, 0xa0a0a0a0a0a0a005
    mov rbp, 0xa0a0a0a0a0a0a006
    mov r8,  0xa0a0a0a0a0a0a007
    mov r9,  0xa0a0a0a0a0a0a008
    mov r10, 0xa0a0a0a0a0a0a009
    mov r11, 0xa0a0a0a0a0a0a00a
    mov r12, 0xa0a0a0a0a0a0a00b
    mov r13, 0xa0a0a0a0a0a0a00c
    mov r14, 0xa0a0a0a0a0a0a00d
    mov r15, 0xa0a0a0a0a0a0a00e
    ud2
.back:
    mov [saved_regs + 0*8], rax
    mov [saved_regs + 1*8], rbx
    mov [saved_regs + 2*8], rcx
    mov [saved_regs + 3*8], rdx
    mov [saved_regs + 4*8], rsi
    mov [saved_regs + 5*8], rdi
    mov [saved_regs + 6*8], rbp
    mov [saved_regs + 7*8], r8
    mov [saved_regs + 8*8], r9
    mov [saved_regs + 9*8], r10
    mov [saved_regs + 10*8], r11
    mov [saved_regs + 11*8], r12
    mov [saved_regs + 12*8], r13
    mov [saved_regs + 13*8], r14
    mov [saved_regs + 14*8], r15
    xor eax, eax
    xor ecx, ecx
    mov rdx, 0xa0a0a0a0a0a0a000
.check:
    cmp [saved_regs + rcx*8], rdx
    je .same
    bts rax, rcx
.same:
    inc rdx
    inc ecx
    cmp ecx, 15
    jb .check
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    ret

; void xen_cpuid(uint32_t leaf (EDI), uint32_t out[4] (RSI)): CPUID with
; the forced-emulation prefix.
global xen_cpuid
xen_cpuid:
    push rbx
    mov eax, edi
    xor ecx, ecx
    ud2
    db 'xen'
    cpuid
    mov [rsi + 0], eax
    mov [rsi + 4], ebx
    mov [rsi + 8], ecx
    mov [rsi + 12], edx
    pop rbx
    ret

; void plain_cpuid(uint32_t leaf (EDI), uint32_t out[4] (RSI))
global plain_cpuid
plain_cpuid:
    push rbx
    mov eax, edi
    xor ecx, ecx
    cpuid
    mov [rsi + 0], eax
    mov [rsi + 4], ebx
    mov [rsi + 8], ecx
    mov [rsi + 12], edx
    pop rbx
    ret

section .bss
fault_rsp:
    resq 1
saved_regs:
    resq 15
