/*
 * The trap and callback hypercalls of x86_64 PV guests: the virtual IDT
 * (set_trap_table), callbacks (set_callbacks, callback_op), the kernel
 * stack for bounces (stack_switch), segment bases, the virtual CR0.TS
 * (fpu_taskswitch), and the iret hypercall that returns from a bounce.
 * Semantics and error codes are Xen 4.17's (public/arch-x86_64.h).
 */
#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/processor.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pv/domain.h"
#include "public/callback.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/hypercalls.h"
#include "xen/arch/mm.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/printk.h"

#define TRAP_TABLE_BATCH 64 /* entries per call before we continue */

long do_set_trap_table(uint64_t table, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct trap_info *idt = avcpu(current)->traps;
    struct trap_info entry;

    if (!table) {
        memset(idt, 0, sizeof(avcpu(current)->traps));
        return 0;
    }
    for (unsigned done = 0;; done++) {
        if (done == TRAP_TABLE_BATCH)
            return hypercall_continuation(table, 0, 0, 0, 0);
        if (copy_from_guest(&entry, table, sizeof(entry)))
            return -EFAULT;
        if (!entry.address)
            return 0;
        if (!arch_va_canonical(entry.address))
            return -EINVAL;
        entry.cs |= 3;
        idt[entry.vector] = entry;
        table += sizeof(entry);
    }
}

static long register_callback(const struct callback_register *reg)
{
    struct arch_vcpu *a = avcpu(current);
    bool mask = reg->flags & CALLBACKF_mask_events;

    if (!arch_va_canonical(reg->address))
        return -EINVAL;
    switch (reg->type) {
    case CALLBACKTYPE_event:
        a->event = (struct callback){ reg->address, true };
        return 0;
    case CALLBACKTYPE_failsafe:
        a->failsafe = (struct callback){ reg->address, mask };
        return 0;
    case CALLBACKTYPE_syscall:
        a->syscall = (struct callback){ reg->address, mask };
        return 0;
    case CALLBACKTYPE_nmi:
        a->traps[2] = (struct trap_info){
            .vector = 2, .flags = 4, .cs = GUEST_CS64, .address = reg->address
        };
        return 0;
    case CALLBACKTYPE_syscall32:
    case CALLBACKTYPE_sysenter:
        /* 32-bit user mode is not offered (no compat code segment in use). */
        return 0;
    }
    return -ENOSYS;
}

long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall, uint64_t a4, uint64_t a5)
{
    register_callback(&(struct callback_register){ .type = CALLBACKTYPE_event, .address = event });
    register_callback(
        &(struct callback_register){ .type = CALLBACKTYPE_failsafe, .address = failsafe });
    register_callback(
        &(struct callback_register){ .type = CALLBACKTYPE_syscall, .address = syscall });
    return 0;
}

long do_callback_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    switch (cmd) {
    case CALLBACKOP_register: {
        struct callback_register reg;
        if (copy_from_guest(&reg, arg, sizeof(reg)))
            return -EFAULT;
        return register_callback(&reg);
    }
    case CALLBACKOP_unregister: {
        struct callback_unregister unreg;
        if (copy_from_guest(&unreg, arg, sizeof(unreg)))
            return -EFAULT;
        if (unreg.type != CALLBACKTYPE_nmi)
            return -EINVAL;
        avcpu(current)->traps[2].address = 0;
        return 0;
    }
    }
    return -ENOSYS;
}

long do_stack_switch(uint64_t ss, uint64_t sp, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct arch_vcpu *a = avcpu(current);

    a->kernel_ss = ss | 3;
    a->kernel_sp = sp;
    return 0;
}

long do_fpu_taskswitch(uint64_t set, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    avcpu(current)->fpu_ts = set != 0;
    if (set)
        asm volatile("mov %%cr0, %%rax; or $8, %%rax; mov %%rax, %%cr0" : : : "rax");
    else
        asm volatile("clts");
    return 0;
}

long do_set_segment_base(uint64_t which, uint64_t base, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct arch_vcpu *a = avcpu(current);

    if (which != SEGBASE_GS_USER_SEL && !arch_va_canonical(base))
        return -EINVAL;
    switch (which) {
    case SEGBASE_FS:
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        a->gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        wrmsr(MSR_SHADOW_GS_BASE, base); /* the active base, see percpu.h */
        return 0;
    case SEGBASE_GS_USER_SEL:
        /* Only flat selectors exist for now: the user GS base becomes 0. */
        a->gs_sel_user = (base & 0xFFFF) ? ((base & 0xFFFF) | 3) : 0;
        a->gs_base_user = 0;
        return 0;
    }
    return -EINVAL;
}

long do_iret(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct vcpu *v = current;
    struct cpu_regs *regs = guest_regs();
    struct iret_context ctx;

    if (copy_from_guest(&ctx, regs->rsp, sizeof(ctx))) {
        guest_crash_dump(v, regs);
        domain_crash(v->domain, "fault reading the iret frame from the guest stack");
        return regs->rax;
    }
    if ((ctx.cs & 3) == 3 && guest_mode_toggle(v))
        return regs->rax;
    if (v->domain->vm_assist & (1UL << VMASST_TYPE_architectural_iopl))
        avcpu(v)->iopl = (ctx.rflags & RFLAGS_IOPL) >> 12;

    regs->rip = ctx.rip;
    regs->cs = ctx.cs | 3;
    regs->rflags = (ctx.rflags & ~(RFLAGS_IOPL | RFLAGS_VM)) | RFLAGS_IF;
    regs->rsp = ctx.rsp;
    regs->ss = ctx.ss | 3;
    if (!(ctx.flags & VGCF_in_syscall)) {
        regs->r11 = ctx.r11;
        regs->rcx = ctx.rcx;
    }
    v->vcpu_info->evtchn_upcall_mask = !(ctx.rflags & RFLAGS_IF);
    avcpu(v)->nmi_masked = false;
    return ctx.rax;
}
