/* The fake arch's processor: fixed feature words and a 40-bit address width. */
#include "tests/unit/fake_cpu_features.h"
#include "xen/arch/cpu_features.h"

const uint32_t fake_cpu_feature_words[8] = { 0x178bfbfd, 0xc6d82203, 0x28100800, 0x21, 1, 0x389 };

void arch_cpu_feature_words(uint32_t words[8])
{
    memcpy(words, fake_cpu_feature_words, sizeof(fake_cpu_feature_words));
}

unsigned arch_guest_paddr_bits(void)
{
    return FAKE_GUEST_PADDR_BITS;
}
