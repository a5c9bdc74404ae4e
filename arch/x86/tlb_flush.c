/*
 * TLB flushes that reach every CPU.  A guest's mapping may be cached in the
 * TLB of any CPU one of its vCPUs ran on; before a frame leaves a domain,
 * and when a guest asks for a flush on all its vCPUs, every CPU must drop
 * what it cached.  The initiator sets each other CPU's flush_wanted flag,
 * sends the IPI, and waits until all have cleared theirs.  A CPU spinning
 * on a lock services its flag in the spin loop (<asm/relax.h>), so two
 * CPUs can never wait for each other with interrupts off.
 */
#include "arch/x86/apic.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/smp.h"
#include "xen/arch.h"
#include "xen/spinlock.h"

static spinlock_t flush_lock = SPINLOCK_INIT;

static void flush_local(void)
{
    write_cr3(read_cr3());
}

void flush_service(void)
{
    flush_local();
    __atomic_store_n(&this_cpu()->flush_wanted, false, __ATOMIC_RELEASE);
}

static void flush_every_cpu(void)
{
    unsigned self = this_cpu()->cpu_id;

    if (nr_cpus == 1) {
        flush_local();
        return;
    }
    spin_lock(&flush_lock);
    for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
        if (cpu == self)
            continue;
        __atomic_store_n(&percpu_of[cpu]->flush_wanted, true, __ATOMIC_RELEASE);
        apic_send_ipi(cpu_apic_id[cpu], VECTOR_FLUSH);
    }
    flush_local();
    for (unsigned cpu = 0; cpu < nr_cpus; cpu++)
        while (__atomic_load_n(&percpu_of[cpu]->flush_wanted, __ATOMIC_ACQUIRE))
            asm volatile("pause");
    spin_unlock(&flush_lock);
}

void arch_flush_tlb_all(void)
{
    flush_every_cpu();
}

/* d's vCPUs may have run anywhere: reach every CPU (the mask only narrows vCPUs). */
void arch_flush_tlb_vcpus(struct domain *d, const uint64_t *vcpu_mask, bool one, uint64_t va)
{
    if (nr_cpus == 1 && one) {
        invlpg((const void *)va);
        return;
    }
    flush_every_cpu();
}
