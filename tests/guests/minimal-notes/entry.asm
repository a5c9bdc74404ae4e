; The ELF entry point of the minimal-notes image (guest.lds), reached only
; if the builder takes the entry from the ELF header.  Without a
; HYPERCALL_PAGE note nobody has written the hypercall page: note whether
; it is still blank, write the stubs Xen 4.17 writes (stub n: push rcx;
; push r11; mov eax, n; syscall; pop r11; pop rcx; ret, then int3s; the
; iret stub pushes rax too and does not return), then go on to the
; runtime's _start with every register and flag as the builder left them.
;
; Register contract: none changed (the builder's stack holds them meanwhile).

bits 64
default rel

extern _start
extern hypercall_page

global minimal_notes_entry
global minimal_notes_entered
global minimal_notes_page_was_blank

%define HYPERCALL_IRET 23

section .text
minimal_notes_entry:
    pushfq
    push rax
    push rcx
    push rdi
    push rsi
    cld

    ; Blank: every byte 0 (the builder zeroes the image's pages).
    lea rsi, [hypercall_page]
    mov ecx, 4096
    xor eax, eax
.scan:
    or al, [rsi]
    inc rsi
    dec ecx
    jnz .scan
    test al, al
    setz byte [minimal_notes_page_was_blank]

    lea rdi, [hypercall_page]
    mov al, 0xcc
    mov ecx, 4096
    rep stosb
    xor ecx, ecx                    ; ecx = n
.stub:
    lea rdi, [hypercall_page]
    mov eax, ecx
    shl eax, 5
    add rdi, rax
    mov byte [rdi], 0x51            ; push rcx
    mov word [rdi + 1], 0x5341      ; push r11
    cmp ecx, HYPERCALL_IRET
    je .iret
    mov byte [rdi + 3], 0xb8        ; mov eax, n
    mov [rdi + 4], ecx
    mov word [rdi + 8], 0x050f      ; syscall
    mov word [rdi + 10], 0x5b41     ; pop r11
    mov byte [rdi + 12], 0x59       ; pop rcx
    mov byte [rdi + 13], 0xc3       ; ret
    jmp .next
.iret:
    mov byte [rdi + 3], 0x50        ; push rax
    mov byte [rdi + 4], 0xb8        ; mov eax, 23
    mov [rdi + 5], ecx
    mov word [rdi + 9], 0x050f      ; syscall
.next:
    inc ecx
    cmp ecx, 128
    jb .stub

    mov byte [minimal_notes_entered], 1
    pop rsi
    pop rdi
    pop rcx
    pop rax
    popfq
    jmp _start

section .data
minimal_notes_entered:
    db 0
minimal_notes_page_was_blank:
    db 0
