; The event upcall entry (ABI.md §13): the CALLBACKTYPE_event address.
;
; The hypervisor bounces onto our kernel stack, from the new RSP upwards:
; RCX, R11, RIP, CS (bits 32-39: the upcall mask before the upcall),
; RFLAGS (IF = that mask inverted), RSP, SS -- no error code -- and sets
; evtchn_upcall_mask.  We restore RCX/R11, save the other registers as a
; struct upcall_frame (events.h), call event_upcall(frame) and leave
; through HYPERVISOR_iret, which restores the mask from RFLAGS.IF.

bits 64
default rel

extern event_upcall
extern hypercall_page

global event_entry

%define HYPERCALL_IRET 23

section .text

event_entry:
    pop rcx
    pop r11
    push rax
    push rbx
    push rcx
    push rdx
    push rsi
    push rdi
    push rbp
    push r8
    push r9
    push r10
    push r11
    push r12
    push r13
    push r14
    push r15
    mov rdi, rsp                ; struct upcall_frame *
    mov rbx, rsp
    and rsp, -16                ; the C ABI wants a 16-byte aligned call
    cld
    call event_upcall
    mov rsp, rbx
    pop r15
    pop r14
    pop r13
    pop r12
    pop r11
    pop r10
    pop r9
    pop r8
    pop rbp
    pop rdi
    pop rsi
    pop rdx
    pop rcx
    pop rbx
    pop rax
    ; HYPERVISOR_iret wants RAX, R11, RCX, flags, RIP, CS, RFLAGS, RSP, SS:
    ; we push flags (0: restore everything), the iret stub pushes the rest.
    push 0
    jmp hypercall_page + HYPERCALL_IRET * 32
