; Instruction sequences the platform guest needs exactly as written
; (declared in tests/guests/platform/platform.h).

bits 64
default rel

%include "guest/trap.inc"

%define FLAT_KERNEL_CS_RPL0 0xe030  ; kernel CS as a bounce frame shows it: RPL 0 = kernel
%define FLAT_KERNEL_SS      0xe02b
%define HYPERVISOR_multicall 13

global multicall_iret
global port_inb, port_inb_insn
global port_inb_80, port_inb_80_insn
global port_outb, port_outb_insn
global guest_cli, guest_cli_insn
global guest_sti, guest_sti_insn
global xen_cpuid

section .text

; void multicall_iret(list (RDI), nr_calls (RSI), uint64_t out[2] (RDX)):
; an iret_context on the stack (lowest first: rax r11 rcx flags rip cs
; rflags rsp ss), then a raw SYSCALL multicall with RSP pointing at it, as
; an iret hypercall would have it.  out[0] = RAX afterwards; out[1] = 1 if
; the multicall returned to the instruction after its SYSCALL, 0 if the
; iret entry sent us to .through_frame.
multicall_iret:
    push rbx
    push rbp
    mov rbx, rdx
    mov rbp, rsp
    push FLAT_KERNEL_SS                 ; ss
    push rbp                            ; rsp: as it is now
    pushfq
    and qword [rsp], ~0x200             ; IF clear: events stay masked
    push FLAT_KERNEL_CS_RPL0            ; cs
    lea rax, [.through_frame]
    push rax                            ; rip
    push 0                              ; flags: restore RCX and R11 too
    push 0                              ; rcx
    push 0                              ; r11
    mov rax, 0x5a5a5a5a5a5a5a5a
    push rax                            ; rax
    mov eax, HYPERVISOR_multicall
    syscall
    mov [rbx], rax
    mov qword [rbx + 8], 1
    mov rsp, rbp
    jmp .done
.through_frame:
    mov [rbx], rax
    mov qword [rbx + 8], 0
.done:
    pop rbp
    pop rbx
    ret

; uint64_t port_inb(uint16_t port (DI)): in al, dx with RAX preloaded.
port_inb:
    EXPECT_TRAP port_inb_done
    mov edx, edi
    mov rax, 0x1122334455667700
port_inb_insn:
    in al, dx
port_inb_done:
    ret

; uint64_t port_inb_80(void): the immediate form, in al, 0x80.
port_inb_80:
    EXPECT_TRAP port_inb_80_done
    mov rax, 0x1122334455667700
port_inb_80_insn:
    in al, 0x80
port_inb_80_done:
    ret

; void port_outb(uint16_t port (DI), uint8_t value (SIL)): out dx, al.
port_outb:
    EXPECT_TRAP port_outb_done
    mov edx, edi
    mov eax, esi
port_outb_insn:
    out dx, al
port_outb_done:
    ret

; void guest_cli(void), void guest_sti(void)
guest_cli:
    EXPECT_TRAP guest_cli_done
guest_cli_insn:
    cli
guest_cli_done:
    ret

guest_sti:
    EXPECT_TRAP guest_sti_done
guest_sti_insn:
    sti
guest_sti_done:
    ret

; void xen_cpuid(uint32_t leaf (EDI), uint32_t out[4] (RSI)): CPUID with
; the forced-emulation prefix, subleaf 0.
xen_cpuid:
    push rbx
    mov eax, edi
    xor ecx, ecx
    ud2
    db 'xen'
    cpuid
    mov [rsi + 0], eax
    mov [rsi + 4], ebx
    mov [rsi + 8], ecx
    mov [rsi + 12], edx
    pop rbx
    ret
