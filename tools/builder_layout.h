/*
 * Where everything goes in a PV domU's memory: the layout Xen 4.17's
 * toolstack (libxenguest's xc_dom_build_image and its x86 hooks) builds
 * for a 64-bit PV kernel, which differs from the hypervisor's dom0 layout
 * (xen/builder/layout.c).  From VIRT_BASE, PFN 0 up: padding to the
 * kernel's start, the kernel, the initrd (unless MOD_START_PFN), the P2M
 * list (unless INIT_P2M places it below VIRT_BASE), start_info, the
 * xenstore and console rings, the page tables, the boot stack, padding to
 * the end of the initial mapping (4 MiB aligned, at least 512 KiB spare);
 * then an unmapped initrd, then an INIT_P2M list followed by its own page
 * tables.  Pure logic: the host tests check it page by page.
 */
#ifndef TOOLS_BUILDER_LAYOUT_H
#define TOOLS_BUILDER_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "common/pv_layout.h"

/* A run of page tables at one level, mapping [from, to] (inclusive, 48-bit). */
struct pt_level_range {
    uint64_t from, to;
    uint64_t pfn;    /* its first table */
    uint64_t tables; /* how many (0: none) */
};

/* One virtual range the initial page tables map, and its tables per level. */
struct pt_mapping {
    struct pt_level_range area;   /* the mapped range; area.pfn is its first page, */
                                  /* area.tables all its tables */
    struct pt_level_range lvl[4]; /* [0] the L1 tables .. [3] the root (mapping 0 only) */
};

struct domu_layout {
    struct pv_kernel kernel;
    uint64_t nr_pages;
    uint64_t kern_pfn, kern_pages;
    uint64_t initrd_pfn, initrd_pages; /* initrd_pages 0: none */
    uint64_t p2m_pfn, p2m_pages;       /* the list (with its own tables when apart) */
    uint64_t p2m_va;                   /* start_info.mfn_list */
    bool p2m_apart;                    /* INIT_P2M: the list is mapped at p2m_va apart */
    uint64_t start_info_pfn, xenstore_pfn, console_pfn;
    uint64_t pt_pfn, nr_pt_frames; /* the initial mapping's tables (nr_pt_frames) */
    uint64_t stack_pfn;
    uint64_t v_end;   /* end of the initial mapping */
    uint64_t pfn_end; /* the first PFN the builder did not hand out */
    unsigned nr_maps; /* 1, or 2 with an INIT_P2M list */
    struct pt_mapping maps[2];
};

/*
 * Lay out a domU of nr_pages for a kernel placed as k (common/pv_layout.h),
 * with an initrd of initrd_len bytes (0: none) and the INIT_P2M note's
 * address (present or not).  0, or -EINVAL / -ENOMEM with *problem set.
 */
int domu_layout_compute(const struct pv_kernel *k, struct elf_xen_num init_p2m, uint64_t initrd_len,
                        uint64_t nr_pages, struct domu_layout *l, const char **problem);

/*
 * The page-table entries the initial tables hold, as Xen's toolstack
 * writes them: emit(ctx, table_pfn, slot, pfn, level) for every present
 * entry of every table (level 1 entries map pfn, higher ones point at the
 * table at pfn).  Tables not named are empty.
 */
void domu_layout_tables(const struct domu_layout *l,
                        void (*emit)(void *ctx, uint64_t table_pfn, unsigned slot, uint64_t pfn,
                                     unsigned level),
                        void *ctx);

/* Is pfn one of the initial page tables (mapped read-only in the initial mapping)? */
bool domu_layout_is_table(const struct domu_layout *l, uint64_t pfn);

#endif
