/*
 * Where everything goes in dom0's initial virtual address space: the
 * layout Xen 4.17 builds for a 64-bit PV dom0 (public/xen.h), computed from
 * the kernel's ELF notes and sizes alone so it can be tested on the host.
 * The notes and the kernel's place are read by common/pv_layout.c, which
 * the toolstack's builder shares; the rest is Xen's dom0 builder's own.
 */
#ifndef XEN_DOM0_LAYOUT_H
#define XEN_DOM0_LAYOUT_H

#include "common/elf.h"
#include "common/pv_layout.h"
#include "xen/lib.h"

struct dom0_layout {
    uint64_t virt_offset; /* ELF physical address + this = virtual */
    uint64_t v_start;     /* VIRT_BASE: PFN 0 is mapped here */
    uint64_t kern_start, kern_end;
    uint64_t initrd_start, initrd_end; /* equal when the initrd is not mapped */
    uint64_t p2m_start, p2m_end;
    uint64_t start_info;
    uint64_t pt_start; /* the bootstrap L4, then the other tables */
    uint64_t nr_pt_frames;
    uint64_t stack_start; /* one page; the initial RSP is its end */
    uint64_t v_end;       /* end of the initial mapping */
    uint64_t entry;
    uint64_t hypercall_page; /* 0 if the kernel has none */
    bool initrd_by_pfn;      /* MOD_START_PFN: initrd frames appended, unmapped */
    enum elf_xen_pae pae;    /* not NONE: dom0's start_info magic gets the "p" */
    bool p2m_apart;          /* INIT_P2M: [p2m_start, p2m_end) is outside [v_start, v_end) */
    uint64_t first_p2m_pfn;  /* INIT_P2M: the frames holding the list and its tables, */
    uint64_t nr_p2m_frames;  /* which follow the initial mapping's */
};

/*
 * Check the notes as Xen's dom0 builder does and lay a domain out for a
 * kernel of this extent, an initrd of initrd_len bytes, and nr_pages of
 * memory.  0, or -EINVAL with *problem naming what is wrong.
 */
int dom0_layout_compute(const struct elf_xen_notes *notes, const struct kernel_extent *kernel,
                        uint64_t initrd_len, uint64_t nr_pages, struct dom0_layout *out,
                        const char **problem);

/* Bootstrap page-table frames needed to map [v_start, v_end) (plus the L4). */
uint64_t dom0_pt_frames_needed(uint64_t v_start, uint64_t v_end);

#endif
