/*
 * The hypervisor's own page tables.  The boot code maps 4 GiB of the direct
 * map with 2 MiB pages; RAM above that is added here once the page
 * allocator can give us page-table frames.  The identity map the boot code
 * needed is dropped as soon as we run on the high mapping.
 */
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/layout.h"
#include "arch/x86/mm.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"

#define PTE_P       (1UL << 0)
#define PTE_RW      (1UL << 1)
#define PTE_PSE     (1UL << 7)
#define PTE_NX      (1UL << 63)
#define PTE_ADDR    0x000FFFFFFFFFF000UL
#define SUPERPAGE   (1UL << 21)
#define BOOT_DIRECTMAP_END  (4UL << 30)

/* The boot L4, seen through the image mapping (xen.lds defines it). */
extern uint64_t idle_l4[512];

void *arch_mfn_to_virt(mfn_t mfn)
{
    return (void *)(DIRECTMAP_VIRT_START + (mfn << PAGE_SHIFT));
}

mfn_t arch_virt_to_mfn(const void *va)
{
    uint64_t addr = (uint64_t)va;

    if (addr >= XEN_VIRT_START && addr < DIRECTMAP_VIRT_START)
        return (addr - XEN_VIRT_START) >> PAGE_SHIFT;
    return (addr - DIRECTMAP_VIRT_START) >> PAGE_SHIFT;
}

paddr_t idle_l4_paddr(void)
{
    return (uint64_t)idle_l4 - XEN_VIRT_START;
}

void mm_drop_identity_map(void)
{
    idle_l4[0] = 0;
    write_cr3(read_cr3());
}

/* The table an entry points at, allocating a zeroed one if absent. */
static uint64_t *next_table(uint64_t *entry)
{
    if (!(*entry & PTE_P)) {
        struct page_info *pg = alloc_pages(0);
        if (!pg)
            panic("out of memory mapping RAM above 4 GiB");
        void *table = arch_mfn_to_virt(page_to_mfn(pg));
        memset(table, 0, PAGE_SIZE);
        *entry = (page_to_mfn(pg) << PAGE_SHIFT) | PTE_P | PTE_RW;
    }
    return arch_mfn_to_virt((*entry & PTE_ADDR) >> PAGE_SHIFT);
}

void arch_directmap_add(paddr_t start, paddr_t end)
{
    start = MAX(ROUND_DOWN(start, SUPERPAGE), BOOT_DIRECTMAP_END);
    for (paddr_t pa = start; pa < end; pa += SUPERPAGE) {
        uint64_t va = DIRECTMAP_VIRT_START + pa;
        uint64_t *l3 = next_table(&idle_l4[(va >> 39) & 511]);
        uint64_t *l2 = next_table(&l3[(va >> 30) & 511]);
        l2[(va >> 21) & 511] = pa | PTE_P | PTE_RW | PTE_PSE | PTE_NX;
    }
}
