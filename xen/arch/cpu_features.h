/*
 * What the toolstack is told about the processor (sysctl physinfo,
 * get_cpu_featureset / get_cpu_policy, domctl getdomaininfo), read from
 * the boot CPU.
 */
#ifndef XEN_ARCH_CPU_FEATURES_H
#define XEN_ARCH_CPU_FEATURES_H

#include "xen/lib.h"

/*
 * The first eight feature words, in Xen's featureset order: leaf 1 EDX and
 * ECX, leaf 0x80000001 EDX and ECX, leaf 0xd[1] EAX, leaf 7[0] EBX and
 * ECX, leaf 0x80000007 EDX.
 */
void arch_cpu_feature_words(uint32_t words[8]);

/* The guest physical address width (Xen's hap_paddr_bits). */
unsigned arch_guest_paddr_bits(void);

/*
 * The boot CPU's own CPUID answer for leaf/subleaf, as the hardware gives
 * it: regs = EAX, EBX, ECX, EDX.  Leaves past the CPU's maximum answer
 * whatever the CPU answers for them (the caller keeps to the maxima).
 */
void arch_cpuid_raw(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);

/* MSR_ARCH_CAPABILITIES, or 0 when leaf 7[0] EDX does not list it. */
uint64_t arch_cpu_arch_caps(void);

#endif
