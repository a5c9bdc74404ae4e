/*
 * The guest's view of memory at start of day (public/arch-x86_64.h, public/xen.h).
 *
 * The builder maps our initial region 1:1 from PFN 0 at GUEST_VIRT_BASE,
 * gives us the P2M (pfn -> mfn) at start_info.mfn_list, and the hypervisor
 * keeps the read-only M2P (mfn -> pfn) at MACH2PHYS_VIRT_START.  These
 * helpers translate inside the initial region only.
 */
#ifndef GUEST_MM_H
#define GUEST_MM_H

#include <stdint.h>

#include "guest/runtime.h"
#include "public/xen.h"

#define M2P ((const volatile uint64_t *)MACH2PHYS_VIRT_START)

/* Page-table entry bits. */
#define PTE_PRESENT   (1UL << 0)
#define PTE_RW        (1UL << 1)
#define PTE_USER      (1UL << 2)
#define PTE_ACCESSED  (1UL << 5)
#define PTE_DIRTY     (1UL << 6)
#define PTE_PSE       (1UL << 7)
#define PTE_GLOBAL    (1UL << 8)
#define PTE_NX        (1UL << 63)
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000UL

/* Index of va in the table of the given level (4 = L4 ... 1 = L1). */
static inline unsigned pt_index(uint64_t va, int level)
{
    return (unsigned)(va >> (12 + 9 * (level - 1))) & 511;
}

static inline uint64_t pte_mfn(uint64_t pte)
{
    return (pte & PTE_ADDR_MASK) >> 12;
}

/* PFN of an address in the initial region. */
static inline uint64_t virt_to_pfn(const void *va)
{
    return ((uint64_t)va - GUEST_VIRT_BASE) >> 12;
}

/* MFN of an address in the initial region, through the P2M. */
static inline uint64_t virt_to_mfn(const void *va)
{
    return ((const uint64_t *)start_info->mfn_list)[virt_to_pfn(va)];
}

/* Where a frame of ours is mapped in the initial region, through the M2P. */
static inline void *mfn_to_virt(uint64_t mfn)
{
    return (void *)(GUEST_VIRT_BASE + (M2P[mfn] << 12));
}

/*
 * The first unmapped page at or after `va` (page aligned), probing at
 * most `limit` bytes; va + limit if all of them are mapped.
 */
uint64_t mapped_end(uint64_t va, uint64_t limit);

#endif /* GUEST_MM_H */
