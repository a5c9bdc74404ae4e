; Entry point of every guest, and the hypercall page.
;
; The domain builder starts us (public/xen.h) at ENTRY with RSI = start_info,
; RSP = end of its boot-stack page, events masked, in guest-kernel mode.
; We record every register as it was on entry (tests compare them with the
; ABI), clear .bss, switch to our own stack and call runtime_start(si).
;
; Register contract of _start: none (it never returns).

bits 64
default rel

extern runtime_start
extern __bss_start
extern __bss_end

global _start
global hypercall_page
global entry_regs
global boot_stack
global boot_stack_top

%define STACK_SIZE (16 * 4096)

section .text.entry exec
_start:
    ; Registers as the builder left them, in struct entry_regs order
    ; (guest/guest.h).  Done before anything touches them.
    mov [entry_regs + 0*8], rax
    mov [entry_regs + 1*8], rbx
    mov [entry_regs + 2*8], rcx
    mov [entry_regs + 3*8], rdx
    mov [entry_regs + 4*8], rsi
    mov [entry_regs + 5*8], rdi
    mov [entry_regs + 6*8], rbp
    mov [entry_regs + 7*8], rsp
    mov [entry_regs + 8*8], r8
    mov [entry_regs + 9*8], r9
    mov [entry_regs + 10*8], r10
    mov [entry_regs + 11*8], r11
    mov [entry_regs + 12*8], r12
    mov [entry_regs + 13*8], r13
    mov [entry_regs + 14*8], r14
    mov [entry_regs + 15*8], r15
    pushfq                          ; the builder's stack is ours to use
    pop qword [entry_regs + 16*8]
    mov rax, cs
    mov [entry_regs + 17*8], rax
    mov rax, ss
    mov [entry_regs + 18*8], rax
    mov rax, ds
    mov [entry_regs + 19*8], rax
    mov rax, es
    mov [entry_regs + 20*8], rax
    mov rax, fs
    mov [entry_regs + 21*8], rax
    mov rax, gs
    mov [entry_regs + 22*8], rax

    cld
    lea rdi, [__bss_start]
    lea rcx, [__bss_end]
    sub rcx, rdi
    xor eax, eax
    rep stosb

    lea rsp, [boot_stack_top]
    xor ebp, ebp
    mov rdi, [entry_regs + 4*8]     ; start_info
    call runtime_start
.hang:                              ; runtime_start does not return
    ud2
    jmp .hang

; Filled by the domain builder (XEN_ELFNOTE_HYPERCALL_PAGE): 128 stubs of
; 32 bytes; stub n makes hypercall n.  guest.lds gives it a page of its own.
section .hypercall_page exec alloc nowrite align=4096
hypercall_page:
    times 4096 db 0

section .data
align 8
entry_regs:
    times 23 dq 0

section .bss
align 4096
boot_stack:
    resb STACK_SIZE
boot_stack_top:
