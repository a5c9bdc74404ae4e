/*
 * The boot CPU's features as Xen reports them to the toolstack: raw CPUID,
 * except OSXSAVE, which Xen reads before it sets CR4.OSXSAVE.
 */
#include "arch/x86/include/cpu.h"
#include "xen/arch/cpu_features.h"

#define CPUID_1_ECX_OSXSAVE   (1U << 27)
#define CPUID_7_EDX_ARCH_CAPS (1U << 29)
#define MSR_ARCH_CAPABILITIES 0x10a

static uint32_t max_leaf(uint32_t base)
{
    uint32_t a, b, c, d;

    cpuid(base, 0, &a, &b, &c, &d);
    return a;
}

void arch_cpu_feature_words(uint32_t words[8])
{
    uint32_t a, b, c, d;
    uint32_t basic = max_leaf(0), extended = max_leaf(0x80000000);

    memset(words, 0, 8 * sizeof(*words));
    cpuid(1, 0, &a, &b, &c, &d);
    words[0] = d;
    words[1] = c & ~CPUID_1_ECX_OSXSAVE;
    if (extended >= 0x80000001) {
        cpuid(0x80000001, 0, &a, &b, &c, &d);
        words[2] = d;
        words[3] = c;
    }
    if (basic >= 0xd) {
        cpuid(0xd, 1, &a, &b, &c, &d);
        words[4] = a;
    }
    if (basic >= 7) {
        cpuid(7, 0, &a, &b, &c, &d);
        words[5] = b;
        words[6] = c;
    }
    if (extended >= 0x80000007) {
        cpuid(0x80000007, 0, &a, &b, &c, &d);
        words[7] = d;
    }
}

void arch_cpuid_raw(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    cpuid(leaf, subleaf, &regs[0], &regs[1], &regs[2], &regs[3]);
}

uint64_t arch_cpu_arch_caps(void)
{
    uint32_t a, b, c, d;

    if (max_leaf(0) < 7)
        return 0;
    cpuid(7, 0, &a, &b, &c, &d);
    return d & CPUID_7_EDX_ARCH_CAPS ? rdmsr(MSR_ARCH_CAPABILITIES) : 0;
}

unsigned arch_guest_paddr_bits(void)
{
    uint32_t a, b, c, d;

    if (max_leaf(0x80000000) < 0x80000008)
        return 36;
    cpuid(0x80000008, 0, &a, &b, &c, &d);
    return (a >> 16) & 0xff ? (a >> 16) & 0xff : a & 0xff;
}
