/*
 * The hypervisor's own page tables.  The boot code maps 4 GiB of the direct
 * map with 2 MiB pages; RAM above that is added here once the page
 * allocator can give us page-table frames.  The identity map the boot code
 * needed is dropped as soon as we run on the high mapping.  Slots 256-271
 * of this L4 are copied into every guest L4; only slot 256 (the read-only
 * M2P) is reachable from guest mode.
 */
#include "arch/x86/asm_linkage.h"
#include "arch/x86/cpu_tables.h"
#include "arch/x86/hv_pagetables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/layout.h"
#include "arch/x86/include/pte_bits.h"
#include "xen/arch/pte.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"

#define SUPERPAGE          (1UL << 21)
#define BOOT_DIRECTMAP_END (4UL << 30)
#define HV_TABLE_PROT      (PTE_P | PTE_RW)

/* NX only where the CPU has it (head.asm enabled EFER.NXE then). */
static uint64_t pte_nx(void)
{
    return (rdmsr(MSR_EFER) & EFER_NXE) ? PTE_NX : 0;
}

uint64_t *m2p_table;

/* The boot L4, seen through the image mapping (xen.lds defines it). */

mfn_t arch_virt_to_mfn(const void *va)
{
    uint64_t addr = (uint64_t)va;

    if (addr >= XEN_VIRT_START && addr < DIRECTMAP_VIRT_START)
        return (addr - XEN_VIRT_START) >> PAGE_SHIFT;
    return (addr - DIRECTMAP_VIRT_START) >> PAGE_SHIFT;
}

paddr_t mm_idle_l4_paddr(void)
{
    return (uint64_t)idle_l4 - XEN_VIRT_START;
}

void mm_drop_identity_map(void)
{
    idle_l4[0] = 0;
    write_cr3(read_cr3());
}

/* The table an entry points at, allocating a zeroed one if absent. */
static uint64_t *next_table(uint64_t *entry, uint64_t prot)
{
    if (!(*entry & PTE_P)) {
        struct page_info *pg = alloc_pages(0);
        if (!pg)
            panic("out of memory for the hypervisor's page tables");
        memset(arch_mfn_to_virt(page_to_mfn(pg)), 0, PAGE_SIZE);
        *entry = (page_to_mfn(pg) << PAGE_SHIFT) | prot;
    }
    return arch_mfn_to_virt((*entry & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

void arch_directmap_add(paddr_t start, paddr_t end)
{
    start = MAX(ROUND_DOWN(start, SUPERPAGE), BOOT_DIRECTMAP_END);
    for (paddr_t pa = start; pa < end; pa += SUPERPAGE) {
        uint64_t va = DIRECTMAP_VIRT_START + pa;
        uint64_t *l3 = next_table(&idle_l4[l4_index(va)], HV_TABLE_PROT);
        uint64_t *l2 = next_table(&l3[l3_index(va)], HV_TABLE_PROT);
        l2[l2_index(va)] = pa | PTE_P | PTE_RW | PTE_PSE | pte_nx();
    }
}

void pagetable_map_hypervisor_page(uint64_t va, mfn_t mfn, uint64_t flags)
{
    /* Upper levels stay permissive; the leaf decides (US only for guest-visible). */
    uint64_t prot = HV_TABLE_PROT | (flags & PTE_US);
    uint64_t *l3 = next_table(&idle_l4[l4_index(va)], prot);
    uint64_t *l2 = next_table(&l3[l3_index(va)], prot);
    uint64_t *l1 = next_table(&l2[l2_index(va)], prot);

    l1[l1_index(va)] = (mfn << PAGE_SHIFT) | flags;
}

/*
 * The M2P: one u64 per frame, written through the direct map, and mapped
 * read-only for guests at RO_MPT_VIRT_START.  The L4 slot is populated
 * before any guest L4 copies it, so later growth stays shared.
 */
void arch_mm_init(void)
{
    uint64_t bytes = ROUND_UP(max_page * sizeof(uint64_t), PAGE_SIZE);
    unsigned order = 0;

    while ((PAGE_SIZE << order) < bytes)
        order++;
    struct page_info *pg = alloc_pages(order);
    if (!pg)
        panic("out of memory for the machine-to-phys table");
    m2p_table = arch_mfn_to_virt(page_to_mfn(pg));
    memset(m2p_table, 0xFF, PAGE_SIZE << order);
    for (uint64_t off = 0; off < bytes; off += PAGE_SIZE)
        pagetable_map_hypervisor_page(RO_MPT_VIRT_START + off, page_to_mfn(pg) + off / PAGE_SIZE,
                                      PTE_P | PTE_US | pte_nx());
    /* As Xen: the slot itself read-only and not executable for guests. */
    uint64_t *slot = &idle_l4[l4_index(RO_MPT_VIRT_START)];
    *slot = (*slot & PTE_ADDR_MASK) | PTE_P | PTE_US | PTE_A | pte_nx();

    desc_init_gdt_window();
    arch_pte_set_hypervisor_template(idle_l4);
}
