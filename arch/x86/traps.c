/*
 * Exceptions and interrupts taken by the hypervisor.
 *
 * A fault in hypervisor context is a bug in the hypervisor: we print the
 * registers and a symbolized backtrace and end the machine.  Faults raised
 * by guests are routed to the guest trap code (later issues).
 */
#include "arch/x86/asm_linkage.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/layout.h"
#include "arch/x86/include/regs.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pic.h"
#include "arch/x86/pv/domain.h"
#include "arch/x86/traps.h"
#include "xen/arch/console.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/symbols.h"

static const char *const exception_names[32] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor segment overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack fault",
    "#GP general protection",
    "#PF page fault",
    "reserved (15)",
    "#MF x87 floating point",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD floating point",
    "#VE virtualization",
    "#CP control protection",
};

static void print_address(const char *label, uint64_t addr)
{
    uint64_t offset;
    const char *name = symbol_lookup(addr, &offset);

    if (name)
        printk("%s[<%016lx>] %s+%#lx\n", label, addr, name, offset);
    else
        printk("%s[<%016lx>]\n", label, addr);
}

/*
 * Follow the frame-pointer chain while it stays inside the stack that
 * holds sp and moves strictly upwards, so a corrupt chain ends the walk
 * instead of faulting inside the fault handler.
 */
static void backtrace_from(uint64_t rbp, uint64_t sp)
{
    uint64_t stack_lo = sp & ~(uint64_t)(STACK_SIZE - 1);
    uint64_t stack_hi = stack_lo + STACK_SIZE;

    printk("Backtrace:\n");
    for (unsigned depth = 0; depth < 32; depth++) {
        if (rbp < stack_lo || rbp + 16 > stack_hi || (rbp & 7))
            break;
        uint64_t next = ((uint64_t *)rbp)[0];
        uint64_t ret = ((uint64_t *)rbp)[1];
        if (ret < XEN_VIRT_START)
            break;
        print_address("  ", ret);
        if (next <= rbp)
            break;
        rbp = next;
    }
}

void arch_backtrace(void)
{
    backtrace_from((uint64_t)__builtin_frame_address(0), (uint64_t)__builtin_frame_address(0));
}

static void dump_registers(const struct cpu_regs *r)
{
    printk("RFLAGS: %016lx   CS: %04lx   SS: %04lx\n", r->rflags, r->cs, r->ss);
    print_address("RIP:    ", r->rip);
    printk("rax: %016lx   rbx: %016lx   rcx: %016lx\n", r->rax, r->rbx, r->rcx);
    printk("rdx: %016lx   rsi: %016lx   rdi: %016lx\n", r->rdx, r->rsi, r->rdi);
    printk("rbp: %016lx   rsp: %016lx   r8:  %016lx\n", r->rbp, r->rsp, r->r8);
    printk("r9:  %016lx   r10: %016lx   r11: %016lx\n", r->r9, r->r10, r->r11);
    printk("r12: %016lx   r13: %016lx   r14: %016lx\n", r->r12, r->r13, r->r14);
    printk("r15: %016lx   cr0: %016lx   cr4: %016lx\n", r->r15, read_cr0(), read_cr4());
    printk("cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());
}

static noreturn void hypervisor_fault(const struct cpu_regs *regs)
{
    const char *name = regs->vector < 32 && exception_names[regs->vector]
                           ? exception_names[regs->vector]
                           : "interrupt";

    console_force_unlock();
    printk(LOG_ERR "\n----[ Hypervisor fault: vector %lu (%s), error code %#lx ]----\n",
           regs->vector, name, regs->error_code);
    dump_registers(regs);
    backtrace_from(regs->rbp, regs->rsp);
    printk(LOG_ERR "Panic: fatal fault in the hypervisor\nSystem halted.\n");
    arch_machine_exit(MACHINE_PANIC);
}

/*
 * The hypervisor sets no breakpoints and runs with TF clear, so a #DB in
 * hypervisor context is a guest's: a single-step trap that MOV SS or POP
 * SS held back past a SYSCALL or INT, taken at our first entry
 * instruction, maybe still on the guest's GS.  Find this CPU's data
 * through whichever GS base holds it and deliver the trap to the guest on
 * its way back (guest_exit_prepare).
 */
static void defer_guest_debug_trap(void)
{
    uint64_t bases[2] = { rdmsr(MSR_GS_BASE), rdmsr(MSR_SHADOW_GS_BASE) };

    for (unsigned cpu = 0; cpu < MAX_CPUS && percpu_of[cpu]; cpu++)
        for (unsigned i = 0; i < 2; i++)
            if (bases[i] == (uint64_t)percpu_of[cpu])
                percpu_of[cpu]->guest_debug_pending = true;
}

struct exception_fixup {
    uint64_t insn;  /* an instruction allowed to fault */
    uint64_t fixup; /* where it resumes if it does */
};

extern const struct exception_fixup __ex_table_start[], __ex_table_end[];

/* A fault on an instruction that copies guest memory becomes -EFAULT. */
static bool fixup_exception(struct cpu_regs *regs)
{
    for (const struct exception_fixup *f = __ex_table_start; f < __ex_table_end; f++) {
        if (f->insn == regs->rip) {
            regs->rip = f->fixup;
            return true;
        }
    }
    return false;
}

void trap_dispatch(struct cpu_regs *regs)
{
    if (regs->vector >= 32) {
        interrupt_dispatch(regs);
        return;
    }
    if (regs->cs & 3) {
        guest_trap(regs);
        return;
    }
    /* A guest's selector or address may make a listed instruction raise any of these. */
    if ((regs->vector == TRAP_PF || regs->vector == TRAP_GP || regs->vector == TRAP_NP ||
         regs->vector == TRAP_SS) &&
        fixup_exception(regs))
        return;
    if (regs->vector == TRAP_DB) {
        defer_guest_debug_trap();
        return;
    }
    if (regs->vector == TRAP_NMI) {
        printk(LOG_WARN "NMI received and ignored (RIP %#lx)\n", regs->rip);
        return;
    }
    hypervisor_fault(regs);
}
