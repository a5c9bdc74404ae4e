; Event upcall entries (public/arch-x86_64.h), one per vCPU: vCPU v registers
; events_entry_<v> as its CALLBACKTYPE_event address, so the handler knows
; where it runs.
;
; The hypervisor bounces onto our kernel stack, from the new RSP upwards:
; RCX, R11, RIP, CS, RFLAGS, RSP, SS (no error code), with the upcall mask
; set.  Register contract: every register is preserved for the interrupted
; code; events_upcall(vcpu) runs on a 16-byte aligned stack; we leave
; through HYPERVISOR_iret with flags 0, which restores the mask from the
; frame's RFLAGS.IF.

bits 64
default rel

%include "guest/frame.inc"

extern events_upcall

global events_entry_0
global events_entry_1
global events_entry_2
global events_entry_3

section .text

%macro UPCALL_ENTRY 1
events_entry_%1:
    pop rcx
    pop r11
    push rdi
    mov edi, %1
    jmp upcall_common
%endmacro

UPCALL_ENTRY 0
UPCALL_ENTRY 1
UPCALL_ENTRY 2
UPCALL_ENTRY 3

; Stack: the interrupted RDI above the iret part of the frame; EDI = vCPU.
upcall_common:
    push rax
    push rcx
    push rdx
    push rsi
    push r8
    push r9
    push r10
    push r11
    push rbx
    mov rbx, rsp
    and rsp, -16
    cld
    call events_upcall
    mov rsp, rbx
    pop rbx
    pop r11
    pop r10
    pop r9
    pop r8
    pop rsi
    pop rdx
    pop rcx
    pop rax
    pop rdi
    IRET_WITH_FLAGS 0
