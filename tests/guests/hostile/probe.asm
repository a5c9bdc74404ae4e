; Selector loads that may fault, for the descriptor-table cases.

bits 64
default rel

%include "guest/trap.inc"

global ds_load_probe

section .text

; uint64_t ds_load_probe(uint16_t sel): loads sel (DI) into DS, reads DS
; back into RAX and loads the null selector again.  If the load faults,
; execution resumes at .done with RAX holding the fixup address and DS
; unchanged: the caller asks trap_disarm() which happened.
ds_load_probe:
    EXPECT_TRAP .done
    mov ds, di
    mov ax, ds
    movzx eax, ax
    xor ecx, ecx
    mov ds, cx
.done:
    ret
