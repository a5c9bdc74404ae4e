; The multiboot2 entry point.
;
; GRUB jumps to start32 in 32-bit protected mode with paging off,
; eax = multiboot2 magic, ebx = physical address of the boot information.
; We check the CPU, build the boot page tables, enter long mode, jump to
; the high mapping and call start_xen(mbi_paddr) on the boot stack.
;
; Everything in this file up to start64_high runs at its physical address
; (sections .boot.*, linked low); the rest of the hypervisor is linked at
; XEN_VIRT_START + physical address.

%include "asm-offsets.inc"

MB2_MAGIC         equ 0xE85250D6
MB2_LOADER_MAGIC  equ 0x36D76289
MB2_ARCH_I386     equ 0

PTE_P             equ 1 << 0
PTE_RW            equ 1 << 1
PTE_PSE           equ 1 << 7
COM1              equ 0x3F8

extern start_xen
extern __bss_start, __bss_end
global start32, boot_stack, boot_l4, boot_l3_ident

section .multiboot
align 8
mb2_header:
    dd MB2_MAGIC, MB2_ARCH_I386, mb2_header_end - mb2_header
    dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    ; entry address tag: be explicit, the ELF entry is a physical address
    align 8
    dw 3, 0
    dd 12
    dd start32
    ; end tag
    align 8
    dw 0, 0
    dd 8
mb2_header_end:

section .boot.text exec
bits 32
start32:
    cli
    cld
    mov esp, boot_stack_low_top
    cmp eax, MB2_LOADER_MAGIC
    jne .not_multiboot2
    mov edi, ebx                        ; keep the boot information pointer

    ; Long mode and NX (which guest PTEs use) are required.
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb .no_long_mode
    mov eax, 0x80000001
    cpuid
    test edx, 1 << 29
    jz .no_long_mode
    mov esi, edx                        ; bit 20 = NX available

    ; The boot page tables are .boot.bss: zero them ourselves.
    push edi
    mov edi, boot_l4
    mov ecx, (boot_tables_end - boot_l4) / 4
    xor eax, eax
    rep stosd
    pop edi

    ; 4 GiB of 2 MiB pages in boot_l2[0..3]; the first GiB also backs the
    ; identity map and the image mapping (see layout.h).
    mov ecx, 0
.fill_l2:
    mov eax, ecx
    shl eax, 21
    or eax, PTE_P | PTE_RW | PTE_PSE
    mov [boot_l2 + ecx * 8], eax
    mov eax, ecx
    shr eax, 11                         ; bits 32+ of (ecx << 21)
    mov [boot_l2 + ecx * 8 + 4], eax
    inc ecx
    cmp ecx, 4 * 512
    jne .fill_l2

    mov ecx, 0
.fill_l3_direct:
    mov eax, ecx
    shl eax, 12
    add eax, boot_l2 + (PTE_P | PTE_RW)
    mov [boot_l3_direct + ecx * 8], eax
    inc ecx
    cmp ecx, 4
    jne .fill_l3_direct

    mov dword [boot_l3_ident], boot_l2 + (PTE_P | PTE_RW)
    mov dword [boot_l3_xen + L3_INDEX_XEN * 8], boot_l2 + (PTE_P | PTE_RW)
    mov dword [boot_l4], boot_l3_ident + (PTE_P | PTE_RW)
    mov dword [boot_l4 + L4_INDEX_XEN * 8], boot_l3_xen + (PTE_P | PTE_RW)
    mov dword [boot_l4 + L4_INDEX_DIRECTMAP * 8], boot_l3_direct + (PTE_P | PTE_RW)

    mov eax, cr4
    or eax, 1 << 5                      ; PAE
    mov cr4, eax
    mov eax, boot_l4
    mov cr3, eax
    mov ecx, 0xC0000080                 ; EFER
    rdmsr
    or eax, 1 << 8                      ; LME
    test esi, 1 << 20
    jz .no_nx
    or eax, 1 << 11                     ; NXE
.no_nx:
    wrmsr
    mov eax, cr0
    or eax, (1 << 31) | (1 << 16) | 1   ; PG, WP, PE
    mov cr0, eax
    lgdt [boot_gdt_ptr]
    jmp 0x08:start64_low

.not_multiboot2:
    mov esi, msg_not_mb2
    jmp early_fatal
.no_long_mode:
    mov esi, msg_no_lm
    ; fall through

; Print the NUL-terminated string at esi on COM1 (polled, no init: the
; firmware leaves it usable) and halt.  Nothing else works yet.
early_fatal:
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    lodsb
    test al, al
    jz .halt
    mov dx, COM1
    out dx, al
    jmp early_fatal
.halt:
    hlt
    jmp .halt

bits 64
start64_low:
    mov rax, start64_high
    jmp rax

section .boot.data write
align 8
boot_gdt:
    dq 0
    dq 0x00AF9A000000FFFF               ; 0x08: 64-bit code, ring 0
    dq 0x00CF92000000FFFF               ; 0x10: data, ring 0
boot_gdt_end:
boot_gdt_ptr:
    dw boot_gdt_end - boot_gdt - 1
    dd boot_gdt
msg_not_mb2:
    db "Fatal: not started by a multiboot2 boot loader", 13, 10, 0
msg_no_lm:
    db "Fatal: this CPU cannot run 64-bit code (no long mode)", 13, 10, 0

section .boot.bss nobits write
alignb 4096
boot_l4:        resb 4096
boot_l3_ident:  resb 4096
boot_l3_xen:    resb 4096
boot_l3_direct: resb 4096
boot_l2:        resb 4 * 4096
boot_tables_end:
                resb 1024
boot_stack_low_top:

section .text
start64_high:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor eax, eax
    mov fs, ax
    mov gs, ax
    ; C runs below the guest register frame, which lives at the stack top
    mov rsp, boot_stack + STACK_SIZE - REGS_SIZE
    ; zero .bss (the boot page tables live outside it)
    mov rsi, rdi
    mov rdi, __bss_start
    mov rcx, __bss_end
    sub rcx, rdi
    shr rcx, 3
    xor eax, eax
    rep stosq
    mov edi, esi                        ; start_xen(mbi_paddr)
    xor ebp, ebp                        ; ends backtraces here
    call start_xen
.halt:
    cli
    hlt
    jmp .halt

section .bss
alignb STACK_SIZE                       ; traps find the stack bounds by masking
boot_stack: resb STACK_SIZE
