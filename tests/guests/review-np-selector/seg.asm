; Data segment register access for the review-np-selector guest.

bits 64
default rel

global set_ds
global get_ds

section .text

; void set_ds(uint16_t sel)
set_ds:
    mov ds, di
    ret

; uint64_t get_ds(void)
get_ds:
    mov ax, ds
    movzx eax, ax
    ret
