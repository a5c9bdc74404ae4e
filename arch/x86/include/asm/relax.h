/*
 * What a CPU does while it spins on a lock: answer a TLB-flush request
 * aimed at it (arch/x86/tlb_flush.c), so a CPU that holds a lock and waits for
 * everyone's flush cannot deadlock with one spinning for that lock with
 * interrupts off.  Found through the include path as <asm/relax.h>.
 */
#ifndef ARCH_RELAX_H
#define ARCH_RELAX_H

/* Offset of struct percpu's flush_wanted field, checked there. */
#define PERCPU_FLUSH_WANTED_OFFSET 36

void flush_service(void);

static inline void arch_cpu_relax(void)
{
    unsigned char wanted;

    asm volatile("movb %%gs:%c1, %0" : "=q"(wanted) : "i"(PERCPU_FLUSH_WANTED_OFFSET));
    if (wanted)
        flush_service();
    __builtin_ia32_pause();
}

#endif
