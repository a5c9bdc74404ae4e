; The review-iret-restart probe.

bits 64
default rel

%include "guest/trap.inc"

global iret_rax_probe

section .text

; uint64_t iret_rax_probe(void): takes an int3 with RAX = -85 (the value
; of -ERESTART); the handler returns through HYPERVISOR_iret, which must
; restore RAX as it was.  Returns RAX as it came back.  Should RIP come
; back two bytes early, it runs the two NOPs and still returns.
iret_rax_probe:
    EXPECT_TRAP .after
    mov rax, -85
    int3
    nop
    nop
.after:
    ret
