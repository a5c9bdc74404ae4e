/*
 * What every PV domain builder does the same way, whoever builds: the
 * hypervisor's boot builder for dom0 and boot-time domUs (xen/builder/),
 * and the toolstack's domain builder run from dom0 (tools/builder.c).
 * Reading the kernel's Xen notes as libelf does, placing the kernel in the
 * guest's virtual address space, and counting the page tables a mapping
 * needs in the PV ABI's four-level, 512-entry tables.  Where the rest goes
 * differs between Xen's dom0 builder and its toolstack: each builder lays
 * that out itself.
 */
#ifndef COMMON_PV_LAYOUT_H
#define COMMON_PV_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "common/elf.h"

#define PV_PAGE_SHIFT 12
#define PV_PAGE_SIZE  (1UL << PV_PAGE_SHIFT)
#define PV_PT_LEVELS  4 /* L1 (4 KiB pages) .. L4 (the root) */

/* Address bits one entry of a table at this level maps: 12, 21, 30, 39. */
static inline unsigned pv_level_shift(unsigned level)
{
    return PV_PAGE_SHIFT + 9 * (level - 1);
}

/* What the builder needs of a kernel image besides its notes. */
struct kernel_extent {
    uint64_t paddr_start, paddr_end; /* the PT_LOAD segments' physical span */
    uint64_t elf_entry;              /* e_entry: the entry when there is no ENTRY note */
};

/* Where the kernel goes, by libelf's address calculation. */
struct pv_kernel {
    uint64_t virt_offset; /* ELF physical address + this = virtual */
    uint64_t v_start;     /* VIRT_BASE: PFN 0 is mapped here */
    uint64_t kern_start, kern_end;
    uint64_t entry;
    uint64_t hypercall_page; /* 0 if the kernel has none */
    bool initrd_by_pfn;      /* MOD_START_PFN: the initrd goes unmapped, by PFN */
    enum elf_xen_pae pae;
};

/*
 * Check the notes as Xen does (for dom0, Xen's dom0 builder's extra
 * demand: the kernel supports running as dom0) and place the kernel.
 * 0, or -EINVAL with *problem naming what is wrong.
 */
int pv_kernel_place(const struct elf_xen_notes *notes, const struct kernel_extent *kernel,
                    bool dom0, struct pv_kernel *out, const char **problem);

/* Number of 2^shift-aligned blocks [start, end) touches (end > start). */
uint64_t pv_blocks(uint64_t start, uint64_t end, unsigned shift);

/* Blocks of [start, end) not also touched by [other_start, other_end). */
uint64_t pv_blocks_apart(uint64_t start, uint64_t end, uint64_t other_start, uint64_t other_end,
                         unsigned shift);

/* Page-table frames needed to map [v_start, v_end), the root included. */
uint64_t pv_pt_frames_needed(uint64_t v_start, uint64_t v_end);

#endif
