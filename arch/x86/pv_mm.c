/*
 * The machine side of the PV MMU hooks declared in xen/arch.h: TLB and
 * cache maintenance, loading a vCPU's page-table base.  (Descriptor
 * tables are in descriptors.c.)
 *
 * Flushes that must reach other CPUs are in flush.c.
 */
#include "arch/x86/pv/domain.h"
#include "arch/x86/include/cpu.h"
#include "xen/arch.h"

#define CR4_PGE (1UL << 7)

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

void arch_flush_tlb_local(void)
{
    flush_tlb_full();
}

void arch_flush_tlb_one_local(uint64_t va)
{
    invlpg((const void *)va);
}

void arch_flush_cache(bool all_cpus)
{
    asm volatile("wbinvd" : : : "memory");
}

void arch_set_guest_table(struct vcpu *v)
{
    if (v != current)
        return;
    write_cr3((avcpu(v)->in_kernel ? v->guest_table : v->guest_table_user) << PAGE_SHIFT);
    flush_tlb_full();
}
