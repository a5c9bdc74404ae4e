; Application-processor start.  smp.c copies trampoline_start ..
; trampoline_end to TRAMPOLINE_PADDR and points the startup IPI at it:
; the AP arrives in real mode at TRAMPOLINE_PADDR with CS = PADDR >> 4,
; IP = 0.  It goes to protected mode, then long mode on tramp_cr3 (a page
; table mapping this page 1:1 and the hypervisor as usual), and jumps to
; tramp_entry on tramp_stack.  Everything is addressed relative to the
; copy, so the code runs wherever the constant says.

TRAMPOLINE_PADDR equ 0x8000
%define T(label) (TRAMPOLINE_PADDR + (label) - trampoline_start)

global trampoline_start, trampoline_end
global tramp_cr3, tramp_efer, tramp_stack, tramp_entry

section .rodata
align 16
bits 16
trampoline_start:
    cli
    cld
    mov ax, cs
    mov ds, ax
    lgdt [tramp_gdt_ptr - trampoline_start]
    mov eax, cr0
    or eax, 1                           ; PE
    mov cr0, eax
    jmp dword 0x08:T(.protected)

bits 32
.protected:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov eax, cr4
    or eax, 1 << 5                      ; PAE
    mov cr4, eax
    mov eax, [T(tramp_cr3)]
    mov cr3, eax
    mov ecx, 0xC0000080                 ; EFER, as the boot CPU has it
    mov eax, [T(tramp_efer)]
    xor edx, edx
    wrmsr
    mov eax, cr0
    or eax, (1 << 31) | (1 << 16) | 1   ; PG, WP, PE
    mov cr0, eax
    jmp 0x18:T(.long_mode)

bits 64
.long_mode:
    mov rsp, [T(tramp_stack)]
    mov rax, [T(tramp_entry)]
    jmp rax

align 8
tramp_gdt:
    dq 0
    dq 0x00CF9A000000FFFF               ; 0x08: 32-bit code
    dq 0x00CF92000000FFFF               ; 0x10: data
    dq 0x00AF9A000000FFFF               ; 0x18: 64-bit code
tramp_gdt_ptr:
    dw 4 * 8 - 1
    dd T(tramp_gdt)
align 8
tramp_cr3:      dq 0
tramp_efer:     dq 0
tramp_stack:    dq 0
tramp_entry:    dq 0
trampoline_end:
