#ifndef ARCH_X86_SMP_H
#define ARCH_X86_SMP_H

extern unsigned nr_cpus;

/* Start every CPU the firmware lists, up to max_cpus in all. */
void smp_boot_cpus(unsigned max_cpus);

/* What a CPU does when it has nothing to run (and where an AP starts). */
noreturn void cpu_idle_loop(void);

#endif
