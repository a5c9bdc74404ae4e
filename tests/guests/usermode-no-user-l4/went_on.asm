; The pieces of the usermode-no-user-l4 guest that must be assembly.

bits 64
default rel

%include "guest/frame.inc"

extern went_on_report

global went_on
global user_code
global iret_to_user

%define FLAT_USER_CS   0xe033
%define FLAT_USER_SS   0xe02b

section .text

; void iret_to_user(rip (RDI), rsp (RSI)): HYPERVISOR_iret to user mode
; with RFLAGS 0 and flags 0.  Does not return.
iret_to_user:
    push FLAT_USER_SS
    push rsi
    push 0
    push FLAT_USER_CS
    push rdi
    IRET_WITH_FLAGS 0

; What user mode would run.
user_code:
    syscall
    ud2

; Any exception or the syscall callback: we are still alive.
went_on:
    and rsp, -16
    call went_on_report
    ud2
