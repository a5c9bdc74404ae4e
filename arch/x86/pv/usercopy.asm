; Copies that may fault: the only code that touches guest memory.
; A fault on a listed instruction resumes at its fixup (traps.c consults
; the .ex_table pairs), which turns it into -EFAULT.

EFAULT equ 14

global raw_copy
section .text

; int raw_copy(void *dst [rdi], const void *src [rsi], size_t len [rdx])
; returns 0, or -EFAULT if any byte faulted.  Quadwords first, then the
; tail: guest arguments are mostly 8-byte multiples.  Clobbers rcx.
raw_copy:
    mov rcx, rdx
    shr rcx, 3
.copy_quads:
    rep movsq
    mov ecx, edx
    and ecx, 7
.copy_bytes:
    rep movsb
    xor eax, eax
    ret
.fault:
    mov eax, -EFAULT
    ret

section .ex_table progbits alloc noexec nowrite align=8
    dq raw_copy.copy_quads, raw_copy.fault
    dq raw_copy.copy_bytes, raw_copy.fault
