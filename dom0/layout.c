/*
 * A description of the start-of-day layout the builder gave us: where each
 * piece sits relative to VIRT_BASE, what each bootstrap page-table frame
 * is, and the attributes of a few entries.  Reading it is how we check
 * that our domain builder matches Xen's.
 */
#include "dom0/dom0.h"
#include "guest/console.h"
#include "guest/mm.h"
#include "guest/runtime.h"

/* The entry of the given level that maps va in the bootstrap tables; 0 if absent. */
static uint64_t pte_of(uint64_t va, int level)
{
    const uint64_t *table = (const uint64_t *)start_info->pt_base;

    for (int l = 4; l > level; l--) {
        uint64_t e = table[pt_index(va, l)];
        if (!(e & PTE_PRESENT))
            return 0;
        table = mfn_to_virt(pte_mfn(e));
    }
    return table[pt_index(va, level)];
}

/* Level of the table in frame mfn, found by walking from the L4; 0 if not found. */
static int table_level(uint64_t mfn)
{
    const uint64_t *l4 = (const uint64_t *)start_info->pt_base;

    if (mfn == virt_to_mfn(l4))
        return 4;
    for (unsigned i4 = 0; i4 < 512; i4++) {
        if (i4 >= 256 && i4 < 272)
            continue; /* the hypervisor's slots */
        if (!(l4[i4] & PTE_PRESENT))
            continue;
        if (pte_mfn(l4[i4]) == mfn)
            return 3;
        const uint64_t *l3 = mfn_to_virt(pte_mfn(l4[i4]));
        for (unsigned i3 = 0; i3 < 512; i3++) {
            if (!(l3[i3] & PTE_PRESENT))
                continue;
            if (pte_mfn(l3[i3]) == mfn)
                return 2;
            const uint64_t *l2 = mfn_to_virt(pte_mfn(l3[i3]));
            for (unsigned i2 = 0; i2 < 512; i2++)
                if ((l2[i2] & PTE_PRESENT) && pte_mfn(l2[i2]) == mfn)
                    return 1;
        }
    }
    return 0;
}

static void describe_tables(const struct start_info *si)
{
    char kinds[3 * 64 + 1];
    size_t len = 0;

    for (uint64_t i = 0; i < si->nr_pt_frames && len + 3 < sizeof(kinds); i++) {
        int level = table_level(virt_to_mfn((const void *)(si->pt_base + i * PAGE_SIZE)));
        kinds[len++] = level ? 'L' : '?';
        kinds[len++] = (char)('0' + level);
        kinds[len++] = ' ';
    }
    kinds[len ? len - 1 : 0] = '\0';
    printk("dom0:   page-table frames in order: %s\n", kinds);

    uint64_t base = GUEST_VIRT_BASE;
    printk("dom0:   L4 entry for VIRT_BASE %#lx (slot %u), L3 %#lx, L2 %#lx\n",
           pte_of(base, 4) & ~PTE_ADDR_MASK, pt_index(base, 4), pte_of(base, 3) & ~PTE_ADDR_MASK,
           pte_of(base, 2) & ~PTE_ADDR_MASK);
    printk("dom0:   L1 flags: kernel text %#lx, start_info %#lx, p2m %#lx, L4 page %#lx, "
           "stack %#lx\n",
           pte_of(base, 1) & ~PTE_ADDR_MASK, pte_of((uint64_t)si, 1) & ~PTE_ADDR_MASK,
           pte_of(si->mfn_list, 1) & ~PTE_ADDR_MASK, pte_of(si->pt_base, 1) & ~PTE_ADDR_MASK,
           pte_of(si->pt_base + si->nr_pt_frames * PAGE_SIZE, 1) & ~PTE_ADDR_MASK);
    printk("dom0:   L4 slot 256 (M2P) %#lx, slot 511 %#lx\n",
           ((const uint64_t *)si->pt_base)[256] & ~PTE_ADDR_MASK,
           ((const uint64_t *)si->pt_base)[511] & ~PTE_ADDR_MASK);
}

void dom0_describe_layout(const struct start_info *si)
{
    uint64_t base = GUEST_VIRT_BASE;
    uint64_t stack = si->pt_base + si->nr_pt_frames * PAGE_SIZE;
    uint64_t end = mapped_end(stack + PAGE_SIZE, 64UL << 20);
    const uint64_t *p2m = (const uint64_t *)si->mfn_list;

    printk("dom0: start-of-day layout, offsets from VIRT_BASE %#lx:\n", base);
    printk("dom0:   kernel image   [0, %#lx)\n", (uint64_t)_end - base);
    printk("dom0:   p2m list       [%#lx, %#lx)\n", si->mfn_list - base,
           si->mfn_list - base + si->nr_pages * 8);
    printk("dom0:   start_info     %#lx\n", (uint64_t)si - base);
    printk("dom0:   page tables    [%#lx, %#lx) = %lu frames\n", si->pt_base - base, stack - base,
           si->nr_pt_frames);
    printk("dom0:   boot stack     [%#lx, %#lx), entry rsp %#lx\n", stack - base,
           stack + PAGE_SIZE - base, entry_regs.rsp - base);
    printk("dom0:   mapped up to   %#lx (%lu KiB after the boot stack)\n", end - base,
           (end - stack - PAGE_SIZE) >> 10);
    printk("dom0:   pfn 0 -> mfn %#lx, pfn of pt_base %#lx -> mfn %#lx\n", p2m[0],
           virt_to_pfn((const void *)si->pt_base), virt_to_mfn((const void *)si->pt_base));
    printk("dom0:   entry: cs %#lx ss %#lx ds %#lx es %#lx fs %#lx gs %#lx rflags %#lx\n",
           entry_regs.cs, entry_regs.ss, entry_regs.ds, entry_regs.es, entry_regs.fs, entry_regs.gs,
           entry_regs.rflags);
    describe_tables(si);
}
