/*
 * A PV domain's start-of-day layout (see layout.h), as Xen 4.17's dom0
 * builder lays it out.  Order, from VIRT_BASE: kernel, initrd (unless
 * passed by PFN), P2M list (unless INIT_P2M places it apart), start_info,
 * bootstrap page tables, one stack page; the end rounded up to 4 MiB with
 * at least 512 KiB to spare after the stack.
 *
 * The notes and the kernel's place come from common/pv_layout.c.
 */
#include "public/xen.h"
#include "xen/arch/mm.h"
#include "xen/builder/layout.h"
#include "xen/guest_access.h"

#define SPARE_AFTER_STACK (512UL << 10)
#define END_ALIGN         (4UL << 20)
#define START_INFO_BYTES  (sizeof(struct start_info) + sizeof(struct dom0_vga_console_info))

uint64_t dom0_pt_frames_needed(uint64_t v_start, uint64_t v_end)
{
    return pv_pt_frames_needed(v_start, v_end);
}

static bool in_guest_space(uint64_t start, uint64_t end)
{
    return end > start && guest_range_ok(start, end - start);
}

/* The kernel's place, as every PV builder finds it (common/pv_layout.c). */
static int place_kernel(const struct elf_xen_notes *n, const struct kernel_extent *k,
                        struct dom0_layout *l, const char **problem)
{
    struct pv_kernel pk;
    int rc = pv_kernel_place(n, k, true, &pk, problem);

    if (rc)
        return rc;
    *l = (struct dom0_layout){ 0 };
    l->virt_offset = pk.virt_offset;
    l->v_start = pk.v_start;
    l->kern_start = pk.kern_start;
    l->kern_end = pk.kern_end;
    l->entry = pk.entry;
    l->hypercall_page = pk.hypercall_page;
    l->initrd_by_pfn = pk.initrd_by_pfn;
    l->pae = pk.pae;
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
    for (unsigned level = 2; level <= PV_PT_LEVELS; level++)
        l->nr_p2m_frames +=
            pv_blocks_apart(start, end, l->v_start, l->v_end, pv_level_shift(level));
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
    int rc = place_kernel(notes, kernel, l, problem);

    if (rc)
        return rc;

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
