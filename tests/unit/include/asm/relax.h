/* Spinning on the host: nothing to service. */
#ifndef ARCH_RELAX_H
#define ARCH_RELAX_H

static inline void arch_cpu_relax(void)
{
    __builtin_ia32_pause();
}

#endif
