/*
 * Interrupts: the local APIC timer (which runs this CPU's timer queue),
 * the reschedule IPI (whose only job is to bring the CPU out of a guest or
 * out of its idle halt so the exit path looks at the scheduler), and
 * spurious vectors.  Every handler runs with interrupts off.
 */
#include <asm/relax.h>

#include "arch/x86/apic.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pic.h"
#include "arch/x86/smp.h"
#include "arch/x86/traps.h"
#include "xen/arch/cpu.h"
#include "xen/printk.h"
#include "xen/time.h"
#include "xen/timer.h"

unsigned arch_cpu_id(void)
{
    return this_cpu()->cpu_id;
}

void arch_timer_program(uint64_t deadline_ns)
{
    apic_timer_at(deadline_ns ? time_ns_to_tsc(deadline_ns) : 0);
}

void arch_send_reschedule(unsigned cpu)
{
    if (cpu != arch_cpu_id())
        apic_send_ipi(cpu_apic_id[cpu], VECTOR_RESCHEDULE);
}

void interrupt_dispatch(struct cpu_regs *regs)
{
    switch (regs->vector) {
    case VECTOR_TIMER:
        apic_eoi();
        timers_run(arch_cpu_id());
        return;
    case VECTOR_RESCHEDULE:
        apic_eoi();
        return;
    case VECTOR_FLUSH:
        apic_eoi();
        flush_service();
        return;
    case VECTOR_SPURIOUS:
        return;
    }
    /* A masked 8259 can still raise a spurious IRQ 7 or 15. */
    if (regs->vector >= PIC_VECTOR_BASE && regs->vector < PIC_VECTOR_BASE + 16)
        return;
    printk(LOG_WARN "unexpected interrupt vector %lu on CPU%u\n", regs->vector, arch_cpu_id());
    apic_eoi();
}
