/*
 * The entry accessors every page-table walk uses, inline, in the fake
 * arch's own format (tests/unit/fake_pte.h): not x86's, so a core file
 * that reads x86's bits itself fails a host test.
 */
#ifndef ARCH_PTE_H
#define ARCH_PTE_H

#include <stdbool.h>
#include <stdint.h>

#include "tests/unit/fake_pte.h"

typedef uint64_t pte_t;

#define PTE_ENTRIES 512 /* entries per table (one page) */
#define PTE_LEVELS  4

/* Address bits one entry at this level maps: 12, 21, 30, 39. */
static inline unsigned pte_level_shift(unsigned level)
{
    return 12 + 9 * (level - 1);
}

static inline bool pte_present(pte_t e)
{
    return e & FAKE_PTE_P;
}

static inline bool pte_writable(pte_t e)
{
    return e & FAKE_PTE_RW;
}

static inline uint64_t pte_mfn(pte_t e)
{
    return e & FAKE_PTE_MFN_MASK;
}

static inline bool pte_superpage(pte_t e, unsigned level)
{
    return (level == 2 || level == 3) && (e & FAKE_PTE_HUGE);
}

static inline unsigned pte_index(uint64_t va, unsigned level)
{
    return (va >> pte_level_shift(level)) & (PTE_ENTRIES - 1);
}

#endif
