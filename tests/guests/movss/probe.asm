; The MOV SS / POP SS shadow (CVE-2018-8897 class): a single-step trap that
; MOV SS holds back past the next instruction.  If that instruction is
; SYSCALL, the trap is taken at the hypervisor's first entry instruction,
; in ring 0, on the guest's RSP and GS.  The hypervisor must survive and
; give the trap back to the guest.

bits 64
default rel

extern hypercall_page
global movss_syscall_probe, db_handler, db_count

section .bss
align 8
db_count: resq 1

section .text

; long movss_syscall_probe(void): xen_version(XENVER_version) by SYSCALL
; right after MOV SS, single-stepping; returns the hypercall's result.
movss_syscall_probe:
    push rbx
    mov bx, ss
    pushfq
    or qword [rsp], 0x100           ; TF
    popfq
    mov eax, 17                     ; __HYPERVISOR_xen_version
    xor edi, edi                    ; XENVER_version
    xor esi, esi
    push rcx
    push r11
    mov ss, bx
    syscall
    pop r11
    pop rcx
    pushfq
    and qword [rsp], ~0x100
    popfq
    pop rbx
    ret

; #DB handler: count, then return through HYPERVISOR_iret keeping TF.
; The PV frame: RCX, R11, RIP, CS, RFLAGS, RSP, SS.
db_handler:
    lock inc qword [db_count]
    pop rcx
    pop r11
    push 0                          ; iret flags
    jmp hypercall_page + 23 * 32
