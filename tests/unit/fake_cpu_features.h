/* The fake arch's processor (tests/unit/fake_cpu_features.c). */
#ifndef TESTS_UNIT_FAKE_CPU_FEATURES_H
#define TESTS_UNIT_FAKE_CPU_FEATURES_H

#include <stdint.h>

#define FAKE_GUEST_PADDR_BITS 40

extern const uint32_t fake_cpu_feature_words[8];

/* What arch_cpu_arch_caps() answers (0 unless a test sets it). */
extern uint64_t fake_cpu_arch_caps;

#endif
