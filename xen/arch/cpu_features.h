/*
 * What the toolstack is told about the processor (sysctl physinfo,
 * domctl getdomaininfo), read from the boot CPU.
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

#endif
