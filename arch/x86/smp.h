#ifndef ARCH_X86_SMP_H
#define ARCH_X86_SMP_H

#include <stdint.h>

extern unsigned nr_cpus;
extern uint32_t cpu_apic_id[]; /* by CPU number */

/* Start every CPU the firmware lists, up to max_cpus in all. */
void smp_boot_cpus(unsigned max_cpus);

/* What a CPU does when it has nothing to run (and where an AP starts). */
noreturn void cpu_idle_loop(void);

#endif
