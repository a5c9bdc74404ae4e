/*
 * x86 side of domains and vCPUs: creation of the arch state, the switch
 * between guest kernel and guest user mode, the way back into a guest
 * (guest_exit_prepare, called by entry.asm), and SYSCALL dispatch.
 */
#include "arch/x86/asm_linkage.h"
#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/processor.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pv/domain.h"
#include "arch/x86/smp.h"
#include "arch/x86/traps.h"
#include "public/sched.h"
#include "xen/arch/console.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/hypercall.h"
#include "xen/page_types.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/xmalloc.h"

int arch_domain_create(struct domain *d)
{
    d->arch = xmalloc_obj(struct arch_domain);
    return d->arch ? 0 : -ENOMEM;
}

void arch_domain_destroy(struct domain *d)
{
    xfree(d->arch);
}

int arch_vcpu_create(struct vcpu *v)
{
    v->arch = xmalloc_obj(struct arch_vcpu);
    if (!v->arch)
        return -ENOMEM;
    v->arch->in_kernel = true;
    context_init_fpu(v);
    return 0;
}

void arch_domain_relinquish(struct domain *d)
{
    for (unsigned i = 0; i < d->max_vcpus; i++)
        descriptors_release(d->vcpus[i]);
}

void arch_domain_held_frames(struct domain *d, void (*held)(void *ctx, mfn_t mfn, uint64_t type),
                             void *ctx)
{
    for (unsigned i = 0; i < d->max_vcpus; i++) {
        const struct arch_vcpu *a = avcpu(d->vcpus[i]);
        for (unsigned f = 0; f < (a->gdt_ents + 511) / 512; f++)
            held(ctx, a->gdt_frames[f], PGT_seg_desc_page);
        for (unsigned f = 0; f < a->ldt_nr; f++)
            held(ctx, a->ldt_frames[f], PGT_seg_desc_page);
    }
}

void arch_vcpu_destroy(struct vcpu *v)
{
    if (v->arch)
        descriptors_release(v);
    xfree(v->arch);
}

/* The hardware domain's end is the machine's, with Xen's messages. */
void arch_domain_shutdown(struct domain *d)
{
    static const struct {
        const char *message;
        enum machine_status status;
    } outcome[] = {
        [SHUTDOWN_poweroff] = { "halted: halting machine", MACHINE_POWEROFF },
        [SHUTDOWN_reboot] = { "shutdown: rebooting machine", MACHINE_REBOOT },
        [SHUTDOWN_suspend] = { "suspended: halting machine", MACHINE_POWEROFF },
        [SHUTDOWN_crash] = { "crashed: halting machine", MACHINE_DOM0_CRASH },
        [SHUTDOWN_watchdog] = { "watchdog fired: halting machine", MACHINE_DOM0_CRASH },
        [SHUTDOWN_soft_reset] = { "soft reset: halting machine", MACHINE_REBOOT },
    };
    unsigned reason = d->shutdown_reason;

    if (d->domain_id != 0)
        return; /* the scheduler has stopped its vCPUs */
    if (reason >= ARRAY_SIZE(outcome))
        reason = SHUTDOWN_crash;
    /* Whatever the guest did, every count must still add up. */
    printk("Frame audit of d%u: %d inconsistencies\n", d->domain_id, page_audit_domain(d));
    printk("Hardware Dom0 %s\n", outcome[reason].message);
    arch_machine_exit(outcome[reason].status);
}

static void load_guest_table(struct vcpu *v)
{
    write_cr3((avcpu(v)->in_kernel ? v->guest_table : v->guest_table_user) << PAGE_SHIFT);
}

void arch_set_guest_table(struct vcpu *v)
{
    if (v != current)
        return;
    load_guest_table(v);
    arch_flush_tlb_local(); /* the hypervisor's global entries too */
}

int guest_mode_toggle(struct vcpu *v)
{
    struct arch_vcpu *a = avcpu(v);

    if (a->in_kernel && !v->guest_table_user) {
        domain_crash(v->domain, "return to user mode without a user page table");
        return -EINVAL;
    }
    /* The active GS base is in SHADOW_GS_BASE while we run (percpu.h). */
    if (a->in_kernel) {
        a->gs_base_kernel = rdmsr(MSR_SHADOW_GS_BASE);
        wrmsr(MSR_SHADOW_GS_BASE, a->gs_base_user);
    } else {
        a->gs_base_user = rdmsr(MSR_SHADOW_GS_BASE);
        wrmsr(MSR_SHADOW_GS_BASE, a->gs_base_kernel);
    }
    a->in_kernel = !a->in_kernel;
    load_guest_table(v);
    return 0;
}

/*
 * Last stop before the guest: deliver a pending event upcall, then make
 * sure the frame cannot make IRET or SYSRET fault in ring 0.  Returns
 * true if SYSRET may be used.
 */
/*
 * Make sure this CPU has a vCPU to return to: switch when the scheduler
 * wants it, else halt until an interrupt gives it a reason.  Interrupts
 * are off; "sti; hlt" opens them only for the halt, so no wakeup is lost.
 */
static void schedule(void)
{
    unsigned cpu = arch_cpu_id();

    for (;;) {
        if (sched_need_resched(cpu)) {
            struct vcpu *prev = current, *next = sched_pick_next(cpu);
            if (next != prev) {
                context_switch(prev, next);
                if (prev)
                    sched_context_saved(prev);
            }
        }
        if (current)
            return;
        if (!sched_need_resched(cpu))
            asm volatile("sti; hlt; cli" : : : "memory");
    }
}

static bool upcall_due(const struct vcpu *v)
{
    const struct vcpu_info *vi = v->vcpu_info;

    return vi && vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask;
}

static bool sysret_allowed(const struct cpu_regs *regs)
{
    return regs->cs == GUEST_CS64 && regs->rcx == regs->rip && regs->r11 == regs->rflags;
}

/* The general way back: schedule, deliver, validate, until a vCPU can go. */
static __attribute__((noinline)) bool guest_exit_slow(struct cpu_regs *regs)
{
    for (;;) {
        schedule();
        struct vcpu *v = current;

        if (this_cpu()->guest_debug_pending) {
            this_cpu()->guest_debug_pending = false;
            guest_bounce_exception(regs, TRAP_DB, 0);
        }
        if (upcall_due(v))
            guest_bounce_event(regs);
        regs->cs |= 3;
        regs->ss |= 3;
        regs->rflags = (regs->rflags & ~(RFLAGS_IOPL | RFLAGS_VM)) | RFLAGS_IF;
        if (!arch_va_canonical(regs->rip) || !guest_code_selector_ok(v, regs->cs) ||
            !guest_stack_selector_ok(v, regs->ss)) {
            guest_crash_dump(v, regs);
            domain_crash(v->domain, "return to an invalid context");
        }
        if (vcpu_runnable(v))
            return sysret_allowed(regs);
    }
}

/*
 * Last stop before the guest: pick who runs, deliver a pending event
 * upcall, then make sure the frame cannot make IRET or SYSRET fault in
 * ring 0.  Returns true if SYSRET may be used.  regs is the frame at the
 * top of this CPU's stack, which a switch refills.  The common case (the
 * same vCPU goes on with Xen's flat selectors, nothing to deliver) is
 * checked first, on the path every hypercall takes.
 */
bool guest_exit_prepare(struct cpu_regs *regs)
{
    struct vcpu *v = current;

    if (likely(v && regs->cs == GUEST_CS64 && regs->ss == GUEST_DS &&
               arch_va_canonical(regs->rip) && !upcall_due(v) &&
               !sched_resched[this_cpu()->cpu_id] && !this_cpu()->guest_debug_pending &&
               vcpu_runnable(v))) {
        regs->rflags = (regs->rflags & ~(RFLAGS_IOPL | RFLAGS_VM)) | RFLAGS_IF;
        return sysret_allowed(regs);
    }
    return guest_exit_slow(regs);
}

/* An event for v: wake it if it sleeps, interrupt it if it runs elsewhere. */
void arch_vcpu_kick(struct vcpu *v)
{
    vcpu_wake(v);
    if (v->sched_running && v->processor != arch_cpu_id())
        arch_send_reschedule(v->processor);
}

/* SYSCALL: a hypercall from guest kernel mode, a system call from user mode. */
void syscall_dispatch(struct cpu_regs *regs)
{
    struct vcpu *v = current;
    uint64_t nr = regs->rax;
    long rc;

    if (!avcpu(v)->in_kernel) {
        guest_bounce_syscall(regs);
        return;
    }
    v->continuation = false;
    rc = hypercall_dispatch(nr, regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8);
    if (v->continuation) {
        /* Re-execute the SYSCALL with the recorded progress. */
        regs->rip -= 2;
        regs->rax = nr;
        regs->rdi = v->continuation_args[0];
        regs->rsi = v->continuation_args[1];
        regs->rdx = v->continuation_args[2];
        regs->r10 = v->continuation_args[3];
        regs->r8 = v->continuation_args[4];
        return;
    }
    regs->rax = rc;
}

/* Enter the guest for the first time: regs is the vCPU's initial frame. */

/* A CPU with no vCPU yet (an AP, or the boot CPU once dom0 is built). */
noreturn void cpu_idle_loop(void)
{
    schedule();
    return_to_guest_from(guest_regs());
}

noreturn void arch_domain_start(struct domain *d)
{
    cpu_idle_loop();
}
