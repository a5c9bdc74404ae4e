/*
 * TLB and cache flushes, on this CPU and on every CPU (xen/arch/mm.h).
 *
 * A guest's mapping may be cached in the TLB of any CPU one of its vCPUs
 * ran on; before a frame leaves a domain, and when a guest asks for a
 * flush on all its vCPUs, every CPU must drop what it cached.  The same
 * goes for MMUEXT_FLUSH_CACHE_GLOBAL and the caches.  The initiator sets
 * each other CPU's flush_wanted bits (FLUSH_*), sends the IPI, and waits
 * until all have cleared theirs.  A CPU spinning on a lock services its
 * bits in the spin loop (<asm/relax.h>), so two CPUs can never wait for
 * each other with interrupts off.
 */
#include "arch/x86/apic.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/smp.h"
#include "xen/arch/mm.h"
#include "xen/spinlock.h"

static spinlock_t flush_lock = SPINLOCK_INIT;

/* Every translation, global ones included. */
static void flush_tlb_full(void)
{
    uint64_t cr4 = read_cr4();

    if (cr4 & CR4_PGE) {
        write_cr4(cr4 & ~CR4_PGE);
        write_cr4(cr4);
    } else {
        write_cr3(read_cr3());
    }
}

static void flush_local(uint8_t what)
{
    if (what & FLUSH_CACHE)
        asm volatile("wbinvd" : : : "memory");
    if (what & FLUSH_TLB)
        write_cr3(read_cr3());
}

void flush_service(void)
{
    struct percpu *self = this_cpu();

    flush_local(__atomic_load_n(&self->flush_wanted, __ATOMIC_ACQUIRE));
    __atomic_store_n(&self->flush_wanted, 0, __ATOMIC_RELEASE);
}

static void flush_every_cpu(uint8_t what)
{
    unsigned self = this_cpu()->cpu_id;

    if (nr_cpus == 1) {
        flush_local(what);
        return;
    }
    spin_lock(&flush_lock);
    for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
        if (cpu == self)
            continue;
        __atomic_store_n(&percpu_of[cpu]->flush_wanted, what, __ATOMIC_RELEASE);
        apic_send_ipi(cpu_apic_id[cpu], VECTOR_FLUSH);
    }
    flush_local(what);
    for (unsigned cpu = 0; cpu < nr_cpus; cpu++)
        while (__atomic_load_n(&percpu_of[cpu]->flush_wanted, __ATOMIC_ACQUIRE))
            asm volatile("pause");
    spin_unlock(&flush_lock);
}

void arch_flush_tlb_local(void)
{
    flush_tlb_full();
}

void arch_flush_tlb_one_local(uint64_t va)
{
    invlpg((const void *)va);
}

void arch_flush_tlb_all(void)
{
    flush_every_cpu(FLUSH_TLB);
}

/* d's vCPUs may have run anywhere: reach every CPU (the mask only narrows vCPUs). */
void arch_flush_tlb_vcpus(struct domain *d, const uint64_t *vcpu_mask, bool one, uint64_t va)
{
    if (nr_cpus == 1 && one) {
        invlpg((const void *)va);
        return;
    }
    flush_every_cpu(FLUSH_TLB);
}

/* Caches are coherent with devices here: invalidating alone is refused, as on Xen. */
int arch_cache_flush_for_device(bool clean, bool invalidate)
{
    if (!clean)
        return -EOPNOTSUPP;
    flush_local(FLUSH_CACHE);
    return 0;
}

void arch_flush_cache(bool all_cpus)
{
    if (all_cpus)
        flush_every_cpu(FLUSH_CACHE);
    else
        flush_local(FLUSH_CACHE);
}
