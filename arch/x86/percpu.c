/*
 * Per-CPU data (see percpu.h) and the per-CPU machine state every CPU
 * sets up for itself: GS base, SYSCALL MSRs, FPU control bits, TSS stack.
 */
#include <stddef.h>

#include <asm/relax.h>

#include "arch/x86/asm_linkage.h"
#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/percpu.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/sched.h"

/* Cleared on SYSCALL entry. */
#define RFLAGS_SYSCALL_MASK (RFLAGS_TF | RFLAGS_IF | RFLAGS_DF | RFLAGS_NT | RFLAGS_AC)

static struct percpu boot_percpu;
struct percpu *percpu_of[MAX_CPUS] = { &boot_percpu };

/*
 * SYSCALL enters at syscall_entry on CS 0xE008; SYSRET returns to 0xE033
 * (STAR's user base 0xE023 + 16), as the ABI's GDT layout requires.  Both
 * 64-bit and compat SYSCALL take the same path (no 32-bit guests yet).
 */
static void syscall_init(void)
{
    wrmsr(MSR_STAR, ((uint64_t)GUEST_CS32 << 48) | ((uint64_t)HV_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_CSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_FMASK, RFLAGS_SYSCALL_MASK);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

void percpu_init(struct percpu *p, unsigned cpu, uint64_t stack_top)
{
    p->self = p;
    p->stack_top = stack_top;
    p->cpu_id = cpu;
    percpu_of[cpu] = p;
    wrmsr(MSR_GS_BASE, (uint64_t)p);
    wrmsr(MSR_SHADOW_GS_BASE, 0);
    desc_set_kernel_stack(cpu, stack_top);
    syscall_init();
    /* Guests use x87/SSE; the hypervisor itself never does. */
    write_cr0((read_cr0() & ~CR0_EM) | CR0_MP | CR0_NE);
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

void percpu_init_boot_cpu(uint64_t stack_top)
{
    percpu_init(&boot_percpu, 0, stack_top);
}

_Static_assert(offsetof(struct percpu, vcpu) == PERCPU_VCPU_OFFSET, "arch/current.h");
_Static_assert(offsetof(struct percpu, flush_wanted) == PERCPU_FLUSH_WANTED_OFFSET, "arch/relax.h");
