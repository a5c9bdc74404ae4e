; Copies that may fault: the only code that touches guest memory.
; A fault on a listed instruction resumes at its fixup (traps.c consults
; the .ex_table pairs), which turns it into -EFAULT.

EFAULT equ 14

global raw_copy
section .text

; int raw_copy(void *dst [rdi], const void *src [rsi], size_t len [rdx])
; returns 0, or -EFAULT if any byte faulted.  Clobbers rcx.
raw_copy:
    mov rcx, rdx
.copy:
    rep movsb
    xor eax, eax
    ret
.fault:
    mov eax, -EFAULT
    ret

section .ex_table progbits alloc noexec nowrite align=8
    dq raw_copy.copy, raw_copy.fault
