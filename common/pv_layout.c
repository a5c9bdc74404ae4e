/*
 * The shared half of every PV domain builder (see pv_layout.h).  The
 * notes are read with libelf's defaults: VIRT_BASE 0, PADDR_OFFSET 0
 * (VIRT_BASE for the legacy __xen_guest section), ENTRY the ELF entry.
 */
#include "common/errno.h"
#include "common/pv_layout.h"
#include "common/string.h"
#include "public/features.h"

uint64_t pv_blocks(uint64_t start, uint64_t end, unsigned shift)
{
    return ((end - 1) >> shift) - (start >> shift) + 1;
}

uint64_t pv_blocks_apart(uint64_t start, uint64_t end, uint64_t other_start, uint64_t other_end,
                         unsigned shift)
{
    uint64_t first = start >> shift, last = (end - 1) >> shift;
    uint64_t o_first = other_start >> shift, o_last = (other_end - 1) >> shift;
    uint64_t lo = first > o_first ? first : o_first, hi = last < o_last ? last : o_last;

    return last - first + 1 - (lo <= hi ? hi - lo + 1 : 0);
}

uint64_t pv_pt_frames_needed(uint64_t v_start, uint64_t v_end)
{
    uint64_t frames = 1; /* the root */

    /* One table below the root for each block an entry of the level above maps. */
    for (unsigned level = 2; level <= PV_PT_LEVELS; level++)
        frames += pv_blocks(v_start, v_end, pv_level_shift(level));
    return frames;
}

static int check_notes(const struct elf_xen_notes *n, bool dom0, const char **problem)
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
    if (!dom0 && (required & (1U << XENFEAT_auto_translated_physmap))) {
        *problem = "the kernel requires auto_translated_physmap (no longer supported for PV)";
        return -EINVAL;
    }
    if (dom0 && n->supported_features.present &&
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

int pv_kernel_place(const struct elf_xen_notes *n, const struct kernel_extent *k, bool dom0,
                    struct pv_kernel *out, const char **problem)
{
    uint64_t paddr_offset;
    int rc = check_notes(n, dom0, problem);

    if (rc)
        return rc;
    *out = (struct pv_kernel){ 0 };
    out->v_start = n->virt_base.present ? n->virt_base.value : 0;
    paddr_offset = n->paddr_offset.present ? n->paddr_offset.value : n->legacy ? out->v_start : 0;
    out->virt_offset = out->v_start - paddr_offset;
    out->kern_start = k->paddr_start + out->virt_offset;
    out->kern_end = k->paddr_end + out->virt_offset;
    out->entry = n->entry.present ? n->entry.value : k->elf_entry;
    if (out->kern_end < out->kern_start || out->entry < out->kern_start ||
        out->entry > out->kern_end || out->v_start > out->kern_start) {
        *problem = "the kernel's start or entry is out of bounds of its segments "
                   "(VIRT_BASE, PADDR_OFFSET, ENTRY)";
        return -EINVAL;
    }
    if (out->v_start & (PV_PAGE_SIZE - 1)) {
        *problem = "the kernel's VIRT_BASE is not page-aligned";
        return -EINVAL;
    }
    if (n->init_p2m.present && n->init_p2m.value >= out->kern_start &&
        n->init_p2m.value < out->kern_end) {
        *problem = "the kernel's INIT_P2M address lies inside its image";
        return -EINVAL;
    }
    out->hypercall_page = n->hypercall_page.present ? n->hypercall_page.value : 0;
    out->initrd_by_pfn = n->mod_start_pfn.present && n->mod_start_pfn.value;
    out->pae = n->pae;
    return 0;
}
