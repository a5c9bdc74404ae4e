/*
 * Where assembly and C meet: every C function the assembly calls, and
 * every assembly routine or symbol C uses, declared once here with its
 * register contract in the .asm file that defines or calls it.
 */
#ifndef ARCH_X86_ASM_LINKAGE_H
#define ARCH_X86_ASM_LINKAGE_H

#include "arch/x86/include/regs.h"
#include "xen/lib.h"

/* C called from assembly. */
void start_xen(uint32_t mbi_paddr);             /* boot/head.asm, on the boot stack */
void trap_dispatch(struct cpu_regs *regs);      /* pv/entry.asm: every exception and IRQ */
void syscall_dispatch(struct cpu_regs *regs);   /* pv/entry.asm: SYSCALL from a guest */
bool guest_exit_prepare(struct cpu_regs *regs); /* pv/entry.asm: true = SYSRET allowed */
void guest_iret_failed(struct cpu_regs *regs);  /* pv/entry.asm: IRET to the guest faulted */

/* Assembly called from C. */
noreturn void return_to_guest_from(const struct cpu_regs *frame); /* pv/entry.asm */
void load_data_selectors(uint16_t ds, uint16_t es, uint16_t fs);  /* pv/entry.asm, fault-safe */
void load_gs_selector_keep_base(uint16_t gs, uint64_t active_gs_base); /* pv/entry.asm */
int raw_copy(void *dst, const void *src, size_t len); /* pv/usercopy.asm: 0 or -EFAULT */

/* Assembly data C reads or patches. */
extern const uint64_t exception_stubs[256]; /* pv/entry.asm: the IDT's targets */
extern const char syscall_entry[];          /* pv/entry.asm: LSTAR/CSTAR */
extern uint8_t boot_stack[];                /* boot/head.asm */
extern uint64_t idle_l4[512]; /* xen.lds: head.asm's boot_l4, the hypervisor's own L4 */
extern const char trampoline_start[], trampoline_end[]; /* boot/trampoline.asm */
extern const uint64_t tramp_cr3, tramp_efer, tramp_stack, tramp_entry;

#endif
