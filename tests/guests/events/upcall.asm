; The event upcall entry (public/arch-x86_64.h): the CALLBACKTYPE_event address.
;
; The hypervisor bounces onto our kernel stack, from the new RSP upwards:
; RCX, R11, RIP, CS (bits 32-39: the upcall mask before the upcall),
; RFLAGS (IF = that mask inverted), RSP, SS -- no error code -- and sets
; evtchn_upcall_mask.  We restore RCX/R11, save the other registers as a
; struct upcall_frame (events.h), call event_upcall(frame) and leave
; through HYPERVISOR_iret, which restores the mask from RFLAGS.IF.

bits 64
default rel

%include "guest/frame.inc"

extern event_upcall

global event_entry

section .text

event_entry:
    pop rcx
    pop r11
    SAVE_GPRS
    CALL_C event_upcall
    RESTORE_GPRS
    IRET_WITH_FLAGS 0
