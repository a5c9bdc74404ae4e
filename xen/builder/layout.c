/*
 * A PV domain's start-of-day layout (see layout.h), as Xen 4.17's dom0
 * builder lays it out.  Order, from VIRT_BASE: kernel, initrd (unless
 * passed by PFN), P2M list (unless INIT_P2M places it apart), start_info,
 * bootstrap page tables, one stack page; the end rounded up to 4 MiB with
 * at least 512 KiB to spare after the stack.
 *
 * The notes are read with libelf's defaults: VIRT_BASE 0, PADDR_OFFSET 0
 * (VIRT_BASE for the legacy __xen_guest section), ENTRY the ELF entry.
 */
#include "public/elfnote.h"
#include "public/features.h"
#include "public/xen.h"
#include "xen/arch/mm.h"
#include "xen/arch/pte.h"
#include "xen/builder/layout.h"
#include "xen/guest_access.h"

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

/* Blocks of [start, end) not also touched by [other_start, other_end). */
static uint64_t blocks_apart(uint64_t start, uint64_t end, uint64_t other_start, uint64_t other_end,
                             unsigned shift)
{
    uint64_t first = start >> shift, last = (end - 1) >> shift;
    uint64_t o_first = other_start >> shift, o_last = (other_end - 1) >> shift;
    uint64_t lo = MAX(first, o_first), hi = MIN(last, o_last);

    return last - first + 1 - (lo <= hi ? hi - lo + 1 : 0);
}

static bool in_guest_space(uint64_t start, uint64_t end)
{
    return end > start && guest_range_ok(start, end - start);
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
    if (n->paddr_offset.present && !n->virt_base.present) {
        *problem = "the kernel's notes set PADDR_OFFSET without VIRT_BASE";
        return -EINVAL;
    }
    return 0;
}

/* Where the kernel goes (libelf's address calculation and its checks). */
static int place_kernel(const struct elf_xen_notes *n, const struct kernel_extent *k,
                        struct dom0_layout *l, const char **problem)
{
    uint64_t paddr_offset;

    l->v_start = n->virt_base.present ? n->virt_base.value : 0;
    paddr_offset = n->paddr_offset.present ? n->paddr_offset.value : n->legacy ? l->v_start : 0;
    l->virt_offset = l->v_start - paddr_offset;
    l->kern_start = k->paddr_start + l->virt_offset;
    l->kern_end = k->paddr_end + l->virt_offset;
    l->entry = n->entry.present ? n->entry.value : k->elf_entry;
    if (l->kern_end < l->kern_start || l->entry < l->kern_start || l->entry > l->kern_end ||
        l->v_start > l->kern_start) {
        *problem = "the kernel's start or entry is out of bounds of its segments "
                   "(VIRT_BASE, PADDR_OFFSET, ENTRY)";
        return -EINVAL;
    }
    if (l->v_start & (PAGE_SIZE - 1)) {
        *problem = "the kernel's VIRT_BASE is not page-aligned";
        return -EINVAL;
    }
    if (n->init_p2m.present && n->init_p2m.value >= l->kern_start &&
        n->init_p2m.value < l->kern_end) {
        *problem = "the kernel's INIT_P2M address lies inside its image";
        return -EINVAL;
    }
    return 0;
}

/*
 * Place the page tables, the stack and the end, growing the tables until
 * they fit.  A mapping that ran past the top of the address space ends
 * below its start: the caller refuses it (counting tables for it would
 * take 2^50 rounds).
 */
static void place_tables(struct dom0_layout *l)
{
    for (l->nr_pt_frames = 2;; l->nr_pt_frames++) {
        l->stack_start = l->pt_start + l->nr_pt_frames * PAGE_SIZE;
        l->v_end = ROUND_UP(l->stack_start + PAGE_SIZE, END_ALIGN);
        if (l->v_end - (l->stack_start + PAGE_SIZE) < SPARE_AFTER_STACK)
            l->v_end += END_ALIGN;
        if (l->v_end < l->v_start || l->v_end < l->pt_start ||
            dom0_pt_frames_needed(l->v_start, l->v_end) <= l->nr_pt_frames)
            return;
    }
}

/*
 * INIT_P2M: the list lives at the kernel's chosen address, in frames that
 * follow the initial mapping's, mapped by tables of its own where it does
 * not share a block with the initial mapping.
 */
static int place_p2m_apart(const struct elf_xen_notes *n, uint64_t nr_pages, struct dom0_layout *l,
                           const char **problem)
{
    uint64_t start = n->init_p2m.value & ~(PAGE_SIZE - 1);
    uint64_t end = ROUND_UP(n->init_p2m.value + nr_pages * sizeof(uint64_t), PAGE_SIZE);

    l->p2m_apart = true;
    l->p2m_start = n->init_p2m.value;
    l->p2m_end = n->init_p2m.value + nr_pages * sizeof(uint64_t);
    if (end <= start || !in_guest_space(start, end) || (start < l->v_end && l->v_start < end)) {
        *problem = "the kernel's INIT_P2M range overlaps its initial mapping or the hypervisor";
        return -EINVAL;
    }
    l->first_p2m_pfn = (l->v_end - l->v_start) >> PAGE_SHIFT;
    l->nr_p2m_frames = (end - start) >> PAGE_SHIFT;
    for (unsigned level = 2; level <= PTE_LEVELS; level++)
        l->nr_p2m_frames += blocks_apart(start, end, l->v_start, l->v_end, pte_level_shift(level));
    if (l->first_p2m_pfn + l->nr_p2m_frames > nr_pages) {
        *problem = "the kernel is too big for its memory (with its INIT_P2M list)";
        return -EINVAL;
    }
    return 0;
}

/* The initial mapping, from the end of the kernel (and initrd) on. */
static void place_rest(const struct elf_xen_notes *n, uint64_t initrd_len, uint64_t nr_pages,
                       struct dom0_layout *l)
{
    l->initrd_start = l->initrd_end = ROUND_UP(l->kern_end, PAGE_SIZE);
    if (!l->initrd_by_pfn)
        l->initrd_end += initrd_len;
    l->p2m_start = l->p2m_end = ROUND_UP(l->initrd_end, PAGE_SIZE);
    if (!n->init_p2m.present)
        l->p2m_end += nr_pages * sizeof(uint64_t);
    l->start_info = ROUND_UP(l->p2m_end, PAGE_SIZE);
    l->pt_start = ROUND_UP(l->start_info + START_INFO_BYTES, PAGE_SIZE);
    place_tables(l);
}

int dom0_layout_compute(const struct elf_xen_notes *notes, const struct kernel_extent *kernel,
                        uint64_t initrd_len, uint64_t nr_pages, struct dom0_layout *l,
                        const char **problem)
{
    int rc = check_notes(notes, problem);

    if (rc)
        return rc;
    *l = (struct dom0_layout){ 0 };
    rc = place_kernel(notes, kernel, l, problem);
    if (rc)
        return rc;
    l->hypercall_page = notes->hypercall_page.present ? notes->hypercall_page.value : 0;
    l->initrd_by_pfn = notes->mod_start_pfn.present && notes->mod_start_pfn.value;
    l->pae = notes->pae;

    /* Each piece must fit in memory before any sum is taken: nothing wraps. */
    if (l->kern_end - l->v_start > nr_pages * PAGE_SIZE ||
        (!l->initrd_by_pfn && initrd_len > nr_pages * PAGE_SIZE)) {
        *problem = "the kernel is too big for its memory";
        return -EINVAL;
    }
    place_rest(notes, initrd_len, nr_pages, l);
    if (l->v_end < l->v_start || !in_guest_space(l->v_start, l->v_end)) {
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
    return notes->init_p2m.present ? place_p2m_apart(notes, nr_pages, l, problem) : 0;
}
