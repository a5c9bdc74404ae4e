/*
 * dom0's start-of-day layout (see dom0_layout.h).  Order, from VIRT_BASE:
 * kernel, initrd (unless passed by PFN), P2M list, start_info, bootstrap
 * page tables, one stack page; the end rounded up to 4 MiB with at least
 * 512 KiB to spare after the stack.
 */
#include "public/elfnote.h"
#include "public/features.h"
#include "public/xen.h"
#include "xen/arch/pte.h"
#include "xen/builder/layout.h"

#define SPARE_AFTER_STACK (512UL << 10)
#define END_ALIGN         (4UL << 20)
#define START_INFO_BYTES  (sizeof(struct start_info) + sizeof(struct dom0_vga_console_info))

/* Number of 2^shift-aligned blocks [start, end) touches. */
static uint64_t blocks(uint64_t start, uint64_t end, unsigned shift)
{
    return ((end - 1) >> shift) - (start >> shift) + 1;
}

uint64_t dom0_pt_frames_needed(uint64_t v_start, uint64_t v_end)
{
    uint64_t frames = 1; /* the root */

    /* One table below the root for each block an entry of the level above maps. */
    for (unsigned level = 2; level <= PTE_LEVELS; level++)
        frames += blocks(v_start, v_end, pte_level_shift(level));
    return frames;
}

static bool overlaps_hypervisor(uint64_t start, uint64_t end)
{
    return start < HYPERVISOR_VIRT_END && end > HYPERVISOR_VIRT_START;
}

static int check_notes(const struct elf_xen_notes *n, const char **problem)
{
    uint32_t supported = 0, required = 0;

    if (!n->any) {
        *problem = "the kernel has no Xen ELF notes";
        return -EINVAL;
    }
    if (strncmp(n->loader, "generic", 7) && strncmp(n->guest_os, "linux", 5)) {
        *problem = "the kernel's LOADER note is not \"generic\" (nor GUEST_OS \"linux\")";
        return -EINVAL;
    }
    if (strncmp(n->xen_version, "xen-3.0", 7)) {
        *problem = "the kernel's XEN_VERSION note is not \"xen-3.0\"";
        return -EINVAL;
    }
    if (elf_xen_features(n->features, &supported, &required)) {
        *problem = "the kernel's FEATURES note requires an unknown feature";
        return -EINVAL;
    }
    if (required & (1U << XENFEAT_supervisor_mode_kernel)) {
        *problem = "the kernel requires supervisor_mode_kernel";
        return -EINVAL;
    }
    if (n->supported_features.present &&
        !((n->supported_features.value | supported) & (1U << XENFEAT_dom0))) {
        *problem = "the kernel does not support dom0 operation";
        return -EINVAL;
    }
    return 0;
}

/* Place the page tables, the stack and the end, growing the tables until they fit. */
static void place_tables(struct dom0_layout *l)
{
    for (l->nr_pt_frames = 2;; l->nr_pt_frames++) {
        l->stack_start = l->pt_start + l->nr_pt_frames * PAGE_SIZE;
        l->v_end = ROUND_UP(l->stack_start + PAGE_SIZE, END_ALIGN);
        if (l->v_end - (l->stack_start + PAGE_SIZE) < SPARE_AFTER_STACK)
            l->v_end += END_ALIGN;
        if (dom0_pt_frames_needed(l->v_start, l->v_end) <= l->nr_pt_frames)
            return;
    }
}

int dom0_layout_compute(const struct elf_xen_notes *notes, uint64_t paddr_start, uint64_t paddr_end,
                        uint64_t initrd_len, uint64_t nr_pages, struct dom0_layout *l,
                        const char **problem)
{
    int rc = check_notes(notes, problem);

    if (rc)
        return rc;
    *l = (struct dom0_layout){ 0 };
    l->v_start = notes->virt_base.present ? notes->virt_base.value : 0;
    l->virt_offset = l->v_start - (notes->paddr_offset.present ? notes->paddr_offset.value : 0);
    l->kern_start = paddr_start + l->virt_offset;
    l->kern_end = paddr_end + l->virt_offset;
    l->entry = notes->entry.present ? notes->entry.value : 0;
    l->hypercall_page = notes->hypercall_page.present ? notes->hypercall_page.value : 0;
    l->initrd_by_pfn = notes->mod_start_pfn.present && notes->mod_start_pfn.value;
    l->pae_mode = notes->pae_mode[0] && strcmp(notes->pae_mode, "no");

    if (l->kern_end < l->kern_start || l->v_start > l->kern_start ||
        (l->v_start & (PAGE_SIZE - 1))) {
        *problem = "the kernel's VIRT_BASE/PADDR_OFFSET notes do not fit its segments";
        return -EINVAL;
    }
    if (l->entry < l->kern_start || l->entry > l->kern_end) {
        *problem = "the kernel's entry point is outside its image";
        return -EINVAL;
    }
    if (notes->init_p2m.present) {
        *problem = "the kernel asks for a separately mapped P2M (INIT_P2M), not supported";
        return -EINVAL;
    }

    /* Each piece must fit in memory before any sum is taken: nothing wraps. */
    if (l->kern_end - l->v_start > nr_pages * PAGE_SIZE ||
        (!l->initrd_by_pfn && initrd_len > nr_pages * PAGE_SIZE)) {
        *problem = "the kernel is too big for its memory";
        return -EINVAL;
    }
    l->initrd_start = l->initrd_end = ROUND_UP(l->kern_end, PAGE_SIZE);
    if (!l->initrd_by_pfn)
        l->initrd_end += initrd_len;
    l->p2m_start = ROUND_UP(l->initrd_end, PAGE_SIZE);
    l->p2m_end = l->p2m_start + nr_pages * sizeof(uint64_t);
    l->start_info = ROUND_UP(l->p2m_end, PAGE_SIZE);
    l->pt_start = ROUND_UP(l->start_info + START_INFO_BYTES, PAGE_SIZE);
    place_tables(l);

    if (l->v_end < l->v_start || overlaps_hypervisor(l->v_start, l->v_end)) {
        *problem = "the kernel's initial mapping overlaps the hypervisor's address range";
        return -EINVAL;
    }
    if (l->hypercall_page && (l->hypercall_page < l->v_start || l->hypercall_page >= l->v_end ||
                              (l->hypercall_page & (PAGE_SIZE - 1)))) {
        *problem = "the kernel's HYPERCALL_PAGE is not a page of its initial mapping";
        return -EINVAL;
    }
    if ((l->v_end - l->v_start) >> PAGE_SHIFT > nr_pages) {
        *problem = "the kernel is too big for its memory";
        return -EINVAL;
    }
    return 0;
}
