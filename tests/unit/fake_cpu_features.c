/*
 * The fake arch's processor: an Intel CPU much like QEMU's Haswell model
 * (13 basic leaves, four caches, XSAVE of x87 and SSE state), its feature
 * words and a 40-bit address width.
 */
#include "tests/unit/fake_cpu_features.h"
#include "xen/arch/cpu_features.h"

const uint32_t fake_cpu_feature_words[8] = { 0x178bfbfd, 0xc6d82203, 0x28100800, 0x21, 1, 0x389 };

uint64_t fake_cpu_arch_caps;

struct fake_leaf {
    uint32_t leaf, subleaf;
    uint32_t regs[4];
};

#define ANY 0xffffffffU

static const struct fake_leaf leaves[] = {
    { 0x0, ANY, { 0xd, 0x756e6547, 0x6c65746e, 0x49656e69 } },
    { 0x1, ANY, { 0x306c1, 0x01000800, 0xc6d82203, 0x178bfbfd } },
    { 0x2, ANY, { 0x1, 0, 0x4d, 0x2c307d } },
    { 0x4, 0, { 0x121, 0x1c0003f, 0x3f, 0x1 } },
    { 0x4, 1, { 0x122, 0x1c0003f, 0x3f, 0x1 } },
    { 0x4, 2, { 0x143, 0x3c0003f, 0xfff, 0x1 } },
    { 0x4, 3, { 0x163, 0x3c0003f, 0x3fff, 0x6 } },
    { 0x7, 0, { 0, 0x389, 0, 0 } },
    { 0xb, 0, { 0x1, 0x1, 0x100, 0 } },
    { 0xb, 1, { 0x4, 0x1, 0x201, 0 } },
    { 0xd, 0, { 0x3, 0x240, 0x240, 0 } },
    { 0xd, 1, { 0x1, 0, 0, 0 } },
    { 0x80000000, ANY, { 0x80000008, 0, 0, 0 } },
    { 0x80000001, ANY, { 0, 0, 0x21, 0x28100800 } },
    { 0x80000006, ANY, { 0, 0, 0x2008140, 0 } },
    { 0x80000008, ANY, { 0x3028, 0, 0, 0 } },
};

void arch_cpu_feature_words(uint32_t words[8])
{
    memcpy(words, fake_cpu_feature_words, sizeof(fake_cpu_feature_words));
}

unsigned arch_guest_paddr_bits(void)
{
    return FAKE_GUEST_PADDR_BITS;
}

void arch_cpuid_raw(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    memset(regs, 0, 4 * sizeof(*regs));
    for (unsigned i = 0; i < ARRAY_SIZE(leaves); i++)
        if (leaves[i].leaf == leaf && (leaves[i].subleaf == ANY || leaves[i].subleaf == subleaf))
            memcpy(regs, leaves[i].regs, sizeof(leaves[i].regs));
}

uint64_t arch_cpu_arch_caps(void)
{
    return fake_cpu_arch_caps;
}
