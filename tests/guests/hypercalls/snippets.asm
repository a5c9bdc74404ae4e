; Instruction sequences the hypercalls guest needs exactly as written.

bits 64
default rel

%include "guest/frame.inc"
%include "guest/trap.inc"

global fpu_touch
global raise_int3
global fpu_touch_insn
global iret_full
global iret_in_syscall

%define FLAT_KERNEL_CS_RPL0 0xe030  ; kernel CS as a bounce frame shows it: RPL 0 = kernel
%define FLAT_KERNEL_SS      0xe02b
%define VGCF_in_syscall     0x100

section .text

; void fpu_touch(void): one x87 instruction; a #NM (or any exception)
; resumes after it.
fpu_touch:
    EXPECT_TRAP fpu_touch_done
fpu_touch_insn:
    fnop
fpu_touch_done:
    ret

; void raise_int3(void): one int3; the exception resumes after it.
raise_int3:
    EXPECT_TRAP raise_int3_done
    int3
raise_int3_done:
    ret

; Builds a HYPERVISOR_iret frame by hand and jumps to the iret stub.
; %1 = iret flags.  On return to the label, stores RAX, RCX, R11, RSP and
; RFLAGS into out[0..4] (RDI = uint64_t out[6]; out[5] = the RSP we asked for).
%macro IRET_TEST 2
%1:
    push rbx
    mov rbx, rdi
    mov [rbx + 5*8], rsp
    push FLAT_KERNEL_SS             ; ss
    push qword [rbx + 5*8]          ; rsp
    pushfq
    and qword [rsp], ~0x200         ; IF clear: keep events masked
    or qword [rsp], 0x40            ; ZF set: a flag we can see come back
    push FLAT_KERNEL_CS_RPL0        ; cs
    lea rax, [%1_back]
    push rax                        ; rip
    push %2                         ; flags
    mov rax, 0x1111111111111111
    mov rcx, 0x2222222222222222
    mov r11, 0x3333333333333333
    jmp hypercall_page + HYPERCALL_IRET * 32
%1_back:
    mov [rbx + 0*8], rax
    mov [rbx + 1*8], rcx
    mov [rbx + 2*8], r11
    mov [rbx + 3*8], rsp
    pushfq
    pop qword [rbx + 4*8]
    pop rbx
    ret
%endmacro

; void iret_full(uint64_t out[6]): flags 0, everything restored.
IRET_TEST iret_full, 0
; void iret_in_syscall(uint64_t out[6]): VGCF_in_syscall, only RAX, RIP,
; RFLAGS and RSP restored.
IRET_TEST iret_in_syscall, VGCF_in_syscall
