; Entry and exit paths between guests and the hypervisor.
;
; Every way in (exception, interrupt, SYSCALL) leaves a struct cpu_regs
; (regs.h) on the stack: general registers, vector, error code, then the
; iret frame.  From a guest (ring 3) that frame sits at the top of this
; CPU's stack (TSS rsp0 = percpu stack_top), which is where C finds the
; guest's registers (guest_regs()), and we leave through return_to_guest.
; GS: see percpu.h; swapgs exactly once on each guest entry and exit.

%include "asm-offsets.inc"

extern trap_dispatch, syscall_dispatch, guest_exit_prepare
extern guest_iret_failed
global exception_stubs, syscall_entry, return_to_guest

section .text

%macro SAVE_GPRS 0
    push rdi
    push rsi
    push rdx
    push rcx
    push rax
    push r8
    push r9
    push r10
    push r11
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
%endmacro

%macro RESTORE_GPRS 0
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    pop r11
    pop r10
    pop r9
    pop r8
    pop rax
    pop rcx
    pop rdx
    pop rsi
    pop rdi
%endmacro

exception_common:
    SAVE_GPRS
    cld
    test byte [rsp + REGS_CS], 3
    jnz .from_guest
    mov rdi, rsp
    call trap_dispatch
    RESTORE_GPRS
    add rsp, 16                         ; vector, error code
    iretq
.from_guest:
    swapgs
    ; An IST vector (NMI, #DB, #MC) left the frame on its own stack: move
    ; it to the stack top, where the exit path and vCPU switches expect it.
    mov rdx, [gs:PERCPU_STACK_TOP]
    sub rdx, REGS_SIZE
    cmp rdx, rsp
    je .on_stack
    mov rsi, rsp
    mov rdi, rdx
    mov ecx, REGS_SIZE / 8
    rep movsq
    mov rsp, rdx
.on_stack:
    xor ebp, ebp                        ; backtraces stop at the guest
    mov rdi, rsp
    call trap_dispatch
    jmp return_to_guest

; SYSCALL from the guest: RCX = guest RIP, R11 = guest RFLAGS, RSP still
; the guest's, IF/DF/TF/AC cleared by FMASK.  Build the frame by hand.
syscall_entry:
    swapgs
    mov [gs:PERCPU_SYSCALL_SCRATCH], rsp
    mov rsp, [gs:PERCPU_STACK_TOP]
    push GUEST_DS                       ; ss
    push qword [gs:PERCPU_SYSCALL_SCRATCH]
    push r11                            ; rflags
    push GUEST_CS64                     ; cs
    push rcx                            ; rip
    push 0                              ; error code
    push VECTOR_SYSCALL
    SAVE_GPRS
    xor ebp, ebp
    mov rdi, rsp
    call syscall_dispatch
    ; fall through

; rsp = the guest's frame.  guest_exit_prepare() delivers pending work
; (event upcalls) and says whether SYSRET may be used: only when RCX/R11
; already equal RIP/RFLAGS and RIP is canonical (else the CPU would fault
; in ring 0 on the guest's stack).
return_to_guest:
    cli
    mov rdi, rsp
    call guest_exit_prepare
    test al, al                         ; a C bool: the rest of eax is undefined
    RESTORE_GPRS
    jnz .sysret
    add rsp, 16
    swapgs
.iret:
    iretq
; The CPU refused the guest's context (a selector changed under our check,
; a limit): back on our GS and frame, the domain is crashed and the CPU
; goes on with whoever can run.
.iret_fault:
    swapgs
    sub rsp, REGS_RIP                   ; the iret frame is the tail of the struct
    mov rdi, rsp
    call guest_iret_failed
    jmp return_to_guest
.sysret:
    mov rsp, [rsp + REGS_RSP - REGS_VECTOR]
    swapgs
    o64 sysret

; Vectors for which the CPU pushes an error code (processor.h).
%define HAS_ERROR(v) ((v) < 32 && ((ERROR_CODE_VECTORS >> ((v) & 31)) & 1))

%assign v 0
%rep 256
align 16
stub_ %+ v:
%if HAS_ERROR(v) == 0
    push 0
%endif
    push v
    jmp exception_common
%assign v v + 1
%endrep

section .rodata
align 8
exception_stubs:
%assign v 0
%rep 256
    dq stub_ %+ v
%assign v v + 1
%endrep

section .text
global return_to_guest_from
; noreturn void return_to_guest_from(struct cpu_regs *frame [rdi]):
; start a vCPU whose registers are already in the frame at the stack top.
return_to_guest_from:
    mov rsp, rdi
    jmp return_to_guest

; Loading a data segment selector the new guest's GDT does not allow must
; not fault in the hypervisor: each load has a fixup that loads null.

global load_data_selectors, load_gs_selector_keep_base

; void load_data_selectors(u16 ds [di], u16 es [si], u16 fs [dx])
load_data_selectors:
.ds:
    mov ds, di
.es:
    mov es, si
.fs:
    mov fs, dx
    ret
.ds_fixup:
    xor edi, edi
    jmp .ds
.es_fixup:
    xor esi, esi
    jmp .es
.fs_fixup:
    xor edx, edx
    jmp .fs

; void load_gs_selector_keep_base(u16 gs [di], u64 active_gs_base [rsi])
; Loading %gs rewrites GS_BASE, which holds our per-CPU pointer: do it on
; the guest's side of swapgs, then put the guest's base back.
load_gs_selector_keep_base:
    swapgs
.gs:
    mov gs, di
    mov ecx, 0xC0000101                 ; GS_BASE (the guest's, now)
    mov eax, esi
    shr rsi, 32
    mov edx, esi
    wrmsr
    swapgs
    ret
.gs_fixup:
    xor edi, edi
    jmp .gs

section .ex_table progbits alloc noexec nowrite align=8
    dq return_to_guest.iret, return_to_guest.iret_fault
    dq load_data_selectors.ds, load_data_selectors.ds_fixup
    dq load_data_selectors.es, load_data_selectors.es_fixup
    dq load_data_selectors.fs, load_data_selectors.fs_fixup
    dq load_gs_selector_keep_base.gs, load_gs_selector_keep_base.gs_fixup
