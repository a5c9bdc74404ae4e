/*
 * Faults raised by PV guests, and their delivery ("bounce") to the guest
 * kernel's handlers through the 64-bit PV frame (public/arch-x86_64.h):
 *
 *   new RSP -> RCX, R11, [error code], RIP, CS | saved_mask << 32,
 *              RFLAGS, RSP, SS
 *
 * written on the guest kernel stack (the current one in kernel mode, the
 * stack_switch one from user mode).  A vector without a handler, or a
 * frame that cannot be written, crashes the domain: never the hypervisor.
 */
#include "arch/x86/asm_linkage.h"
#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/processor.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pv/domain.h"
#include "arch/x86/pv/emulate.h"
#include "arch/x86/traps.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/guest_access.h"
#include "xen/printk.h"

/* Write the frame and point the guest at handler; false if it failed. */
static bool bounce(struct cpu_regs *regs, uint64_t handler, const uint64_t *error_code,
                   bool mask_events)
{
    struct vcpu *v = current;
    struct arch_vcpu *a = avcpu(v);
    uint8_t saved_mask = v->vcpu_info->evtchn_upcall_mask;
    bool from_user = !a->in_kernel;
    uint64_t frame[8], sp;
    unsigned n = 0;

    if (!handler)
        return false;
    if (from_user && guest_mode_toggle(v))
        return false;
    sp = (from_user ? a->kernel_sp : regs->rsp) & ~15UL;

    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    if (error_code)
        frame[n++] = *error_code;
    frame[n++] = regs->rip;
    frame[n++] = (from_user ? (regs->cs | 3) : (regs->cs & ~3UL)) | (uint64_t)saved_mask << 32;
    frame[n++] =
        (regs->rflags & ~(RFLAGS_IF | RFLAGS_IOPL)) | (saved_mask ? 0 : RFLAGS_IF) |
        ((v->domain->vm_assist & (1UL << VMASST_TYPE_architectural_iopl)) ? (uint64_t)a->iopl << 12
                                                                          : 0);
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;
    sp -= n * sizeof(uint64_t);
    if (copy_to_guest(sp, frame, n * sizeof(uint64_t)))
        return false;

    regs->rsp = sp;
    regs->ss = GUEST_DS;
    regs->rip = handler;
    regs->cs = GUEST_CS64;
    regs->rflags = (regs->rflags &
                    ~(RFLAGS_TF | RFLAGS_NT | RFLAGS_AC | RFLAGS_RF | RFLAGS_VM | RFLAGS_IOPL)) |
                   RFLAGS_IF;
    if (mask_events)
        v->vcpu_info->evtchn_upcall_mask = 1;
    return true;
}

void guest_bounce_exception(struct cpu_regs *regs, unsigned vector, uint64_t error_code)
{
    struct vcpu *v = current;
    const struct trap_info *t = &avcpu(v)->traps[vector];
    bool has_error = vector_has_error_code(vector);

    if (!t->address) {
        printk(LOG_ERR "d%uv%u: unhandled trap %u (error code %#lx) at %#lx\n",
               v->domain->domain_id, v->vcpu_id, vector, error_code, regs->rip);
        guest_crash_dump(v, regs);
        domain_crash(v->domain, "no handler for a trap");
        return;
    }
    if (!bounce(regs, t->address, has_error ? &error_code : NULL, TI_GET_IF(t))) {
        guest_crash_dump(v, regs);
        domain_crash(v->domain, "cannot write a trap frame on the guest kernel stack");
    }
}

void guest_bounce_event(struct cpu_regs *regs)
{
    struct vcpu *v = current;

    if (!bounce(regs, avcpu(v)->event.address, NULL, true)) {
        guest_crash_dump(v, regs);
        domain_crash(v->domain, "cannot deliver an event upcall");
    }
}

/* A SYSCALL from guest user mode goes to the kernel's syscall callback. */
void guest_bounce_syscall(struct cpu_regs *regs)
{
    struct vcpu *v = current;
    struct callback *cb = &avcpu(v)->syscall;

    if (!cb->address) {
        regs->rip -= 2; /* #UD at the SYSCALL itself */
        guest_bounce_exception(regs, TRAP_UD, 0);
        return;
    }
    if (!bounce(regs, cb->address, NULL, cb->mask_events)) {
        guest_crash_dump(v, regs);
        domain_crash(v->domain, "cannot deliver a system call");
        return;
    }
    /* The frame keeps the user's DF; the callback starts with it clear. */
    regs->rflags &= ~RFLAGS_DF;
}

static void guest_page_fault(struct cpu_regs *regs)
{
    struct vcpu *v = current;
    uint64_t error = regs->error_code, cr2 = read_cr2();

    if (pv_ro_page_fault(regs, error, cr2))
        return;
    v->vcpu_info->arch.cr2 = cr2;
    /* The guest kernel runs in ring 3 too: report which mode faulted. */
    if (avcpu(v)->in_kernel)
        error &= ~PFEC_USER;
    else
        error |= PFEC_USER;
    guest_bounce_exception(regs, TRAP_PF, error);
}

static void guest_device_not_available(struct cpu_regs *regs)
{
    struct arch_vcpu *a = avcpu(current);

    asm volatile("clts");
    if (a->fpu_ts) {
        a->fpu_ts = false;
        guest_bounce_exception(regs, TRAP_NM, 0);
    }
}

void guest_trap(struct cpu_regs *regs)
{
    switch (regs->vector) {
    case TRAP_PF:
        guest_page_fault(regs);
        break;
    case TRAP_UD:
        if (!emulate_forced_cpuid(regs))
            guest_bounce_exception(regs, TRAP_UD, 0);
        break;
    case TRAP_GP:
        if (!emulate_gp_fault(regs))
            guest_bounce_exception(regs, TRAP_GP, regs->error_code);
        break;
    case TRAP_NM:
        guest_device_not_available(regs);
        break;
    case TRAP_DB:
        debugreg_latch_dr6(avcpu(current));
        guest_bounce_exception(regs, TRAP_DB, 0);
        break;
    default:
        guest_bounce_exception(regs, regs->vector, regs->error_code);
        break;
    }
}

void guest_crash_dump(struct vcpu *v, const struct cpu_regs *r)
{
    printk("----[ d%uv%u guest state ]----\n", v->domain->domain_id, v->vcpu_id);
    printk("RIP:    %04lx:[<%016lx>]   RFLAGS: %016lx   %s mode\n", r->cs, r->rip, r->rflags,
           avcpu(v)->in_kernel ? "kernel" : "user");
    printk("rax: %016lx   rbx: %016lx   rcx: %016lx\n", r->rax, r->rbx, r->rcx);
    printk("rdx: %016lx   rsi: %016lx   rdi: %016lx\n", r->rdx, r->rsi, r->rdi);
    printk("rbp: %016lx   rsp: %016lx   r8:  %016lx\n", r->rbp, r->rsp, r->r8);
    printk("r9:  %016lx   r10: %016lx   r11: %016lx\n", r->r9, r->r10, r->r11);
    printk("r12: %016lx   r13: %016lx   r14: %016lx\n", r->r12, r->r13, r->r14);
    printk("r15: %016lx   cr2: %016lx   cr3: %016lx\n", r->r15, v->vcpu_info->arch.cr2,
           v->guest_table << 12);
}

/* The final IRET faulted (entry.asm): the context was not one we can load. */
void guest_iret_failed(struct cpu_regs *regs)
{
    struct vcpu *v = current;

    guest_crash_dump(v, regs);
    domain_crash(v->domain, "the CPU refused the context to return to");
}
