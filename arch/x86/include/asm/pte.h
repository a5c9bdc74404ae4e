/*
 * The x86-64 entry accessors every page-table walk uses, inline (found
 * as <asm/pte.h> through the include path; xen/arch/pte.h has the rest
 * of the interface, in arch/x86/pv/pte_rules.c).
 */
#ifndef ARCH_PTE_H
#define ARCH_PTE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/include/pte_bits.h"

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
    return e & 1;
}

static inline bool pte_writable(pte_t e)
{
    return e & 2;
}

static inline uint64_t pte_mfn(pte_t e)
{
    return (e & 0x000FFFFFFFFFF000UL) >> 12;
}

/* Does a present entry at this level map a large page instead of a table? */
static inline bool pte_superpage(pte_t e, unsigned level)
{
    return (level == 2 || level == 3) && (e & PTE_PSE);
}

/* Index of va in a table of this level. */
static inline unsigned pte_index(uint64_t va, unsigned level)
{
    return (va >> pte_level_shift(level)) & (PTE_ENTRIES - 1);
}

#endif
