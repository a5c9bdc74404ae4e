/* x86-64 page-table entries and indices. */
#ifndef ARCH_X86_PAGETABLE_H
#define ARCH_X86_PAGETABLE_H

#include "xen/lib.h"

#define PTE_P            (1UL << 0)
#define PTE_RW           (1UL << 1)
#define PTE_US           (1UL << 2)
#define PTE_PWT          (1UL << 3)
#define PTE_PCD          (1UL << 4)
#define PTE_A            (1UL << 5)
#define PTE_D            (1UL << 6)
#define PTE_PSE          (1UL << 7)
#define PTE_G            (1UL << 8)
#define PTE_GUEST_KERNEL (1UL << 52) /* Xen's marker: a guest-kernel mapping */
#define PTE_NX           (1UL << 63)
#define PTE_ADDR_MASK    0x000FFFFFFFFFF000UL

static inline unsigned l4_index(uint64_t va)
{
    return (va >> 39) & 511;
}
static inline unsigned l3_index(uint64_t va)
{
    return (va >> 30) & 511;
}
static inline unsigned l2_index(uint64_t va)
{
    return (va >> 21) & 511;
}
static inline unsigned l1_index(uint64_t va)
{
    return (va >> 12) & 511;
}

/* Map one 4 KiB page in the hypervisor's slots (upper tables made as needed). */
void pagetable_map_hypervisor_page(uint64_t va, mfn_t mfn, uint64_t flags);

#endif
