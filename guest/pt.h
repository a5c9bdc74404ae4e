/*
 * Page-table helpers for guests that build their own mappings (public/xen.h).
 *
 * Two pools of memory, both ours at start of day:
 *  - spare pages: the pages of the initial region after the boot stack.
 *    They are mapped read-write at a known address, so a guest can fill
 *    one and then make it read-only to use it as a page table, GDT or LDT.
 *    Every table a guest builds comes from here, which keeps every table
 *    readable through mfn_to_virt() (guest/mm.h).
 *  - free frames: the frames after the initial region, mapped nowhere; a
 *    guest maps them where it likes with mmu_update.
 * Both are handed out once and never taken back.
 *
 * The walk helpers read the current kernel page tables (CR3), so every
 * table on the path must lie in the initial region.
 */
#ifndef GUEST_PT_H
#define GUEST_PT_H

#include <stdint.h>

#include "guest/mm.h"

/* The flags of an ordinary read-write kernel data mapping. */
#define PTE_DATA_RW (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY)
/* The flags of a table entry pointing at the next level. */
#define PTE_TABLE (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED)

/* CR3 (reading it is emulated by the hypervisor). */
uint64_t pt_read_cr3(void);

/* The MFN of a pfn of ours, through the P2M. */
uint64_t pt_pfn_to_mfn(uint64_t pfn);

/*
 * Machine address of the entry of `level` (4..1) that maps va in the
 * current tables, or 0 if a level above it is not present.
 */
uint64_t pt_entry_maddr(uint64_t va, int level);

/* Value of that entry, 0 if a level above it is not present. */
uint64_t pt_entry(uint64_t va, int level);

/* A zeroed spare page (mapped read-write), or NULL when none is left. */
void *pt_spare_page(void);

/* The next free frame's pfn, or 0 when none is left. */
uint64_t pt_free_pfn(void);

/*
 * A RAM frame below max_page that is not ours (its M2P entry does not
 * lead back to it through our P2M), searched upwards from 1 MiB; 0 if
 * there is none.
 */
uint64_t pt_foreign_frame(uint64_t max_page);

/* One mmu_update request; its result. */
long pt_mmu_update(uint64_t ptr, uint64_t val);

/* One mmuext_op with the given arguments; its result. */
long pt_mmuext(unsigned cmd, uint64_t arg1, uint64_t arg2);

/*
 * Remaps a page of the initial region read-only or read-write again
 * (update_va_mapping with UVMF_INVLPG); its result.
 */
long pt_set_readonly(const void *page);
long pt_set_writable(const void *page);

/*
 * Builds an empty L1 from a spare page and installs it in the current L2
 * slot covering va (2 MiB aligned), so that va's 512 pages can be mapped
 * with pt_map(); 0 or the failing call's result.  The L4 and L3 entries
 * above va must already be present.
 */
long pt_new_l1(uint64_t va);

/*
 * Maps mfn at va (whose L1 exists) with the given flags, or clears the
 * entry, then flushes va from the TLB; 0 or the failing call's result.
 */
long pt_map(uint64_t va, uint64_t mfn, uint64_t flags);
long pt_unmap(uint64_t va);

/* invlpg va through mmuext_op; its result. */
long pt_invlpg(uint64_t va);

#endif /* GUEST_PT_H */
