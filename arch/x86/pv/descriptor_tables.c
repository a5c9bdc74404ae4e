/*
 * Guest descriptor tables (public/arch-x86_64.h): the descriptor check, GDT frames
 * (set_gdt), single descriptors (update_descriptor), the LDT, and which
 * selectors a return to the guest may load.
 *
 * Invariants: every frame a vCPU uses as GDT or LDT holds a seg_desc type
 * reference, so it is never writable by the guest and every descriptor in
 * it passed check_descriptor; the hypervisor maps those frames only into
 * its per-CPU windows.
 */
#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/layout.h"
#include "arch/x86/include/pte_bits.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pv/domain.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/hypercalls.h"
#include "xen/arch/mm.h"
#include "xen/arch/pte.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/page_types.h"
#include "xen/pagetable.h"

#define SEG_P              (1UL << 47)
#define SEG_S              (1UL << 44) /* code/data (vs system) */
#define SEG_CODE           (1UL << 43)
#define SEG_WRITABLE       (1UL << 41) /* data: writable */
#define SEG_DPL_SHIFT      45
#define SEG_TYPE_MASK      (0xFUL << 40)
#define SEG_TYPE_CALL_GATE (0xCUL << 40)
#define GDT_MAX_ENTRIES    (GDT_GUEST_FRAMES * 512) /* FIRST_RESERVED_GDT_ENTRY */
#define LDT_MAX_ENTRIES    8192

/* A call gate may only lead to a guest selector or the flat kernel code. */
static bool gate_target_ok(uint16_t sel)
{
    return (sel >> 3) < GDT_MAX_ENTRIES || sel == GUEST_CS64 || (sel & 4);
}

/*
 * Xen's check, for a 64-bit guest: not-present is harmless; DPL is raised
 * to 3; code/data need nothing more; type 0 (a gate's upper half) is
 * harmless; of system descriptors only call gates pass, with their DPL
 * moved into the target selector's RPL (so using the gate traps).
 * Returns false to refuse; may rewrite *desc.
 */
bool check_descriptor(uint64_t *desc)
{
    uint64_t d = *desc;
    unsigned dpl;

    if (!(d & SEG_P))
        return true;
    dpl = 3; /* every guest descriptor runs in ring 3 */
    d = (d & ~(3UL << SEG_DPL_SHIFT)) | ((uint64_t)dpl << SEG_DPL_SHIFT);
    if (!(d & SEG_S)) {
        if ((d & SEG_TYPE_MASK) == 0)
            return true;
        if ((d & SEG_TYPE_MASK) != SEG_TYPE_CALL_GATE)
            return false;
        uint16_t target = (d >> 16) & 0xFFFF;
        if (!gate_target_ok(target))
            return false;
        unsigned gate_dpl = (*desc >> SEG_DPL_SHIFT) & 3;
        d &= ~(3UL << SEG_DPL_SHIFT);
        target = (target & ~3) | gate_dpl;
        d = (d & ~(0xFFFFUL << 16)) | ((uint64_t)target << 16);
        if (d & (0xFFUL << 32)) /* reserved bits of a 64-bit gate */
            return false;
    }
    *desc = d;
    return true;
}

int arch_validate_segdesc_page(struct domain *d, void *page)
{
    uint64_t *descs = page;

    for (unsigned i = 0; i < 512; i++)
        if (!check_descriptor(&descs[i]))
            return -EINVAL;
    return 0;
}

static void release_frames(const uint64_t *frames, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        put_page_and_type(mfn_to_page(frames[i]));
}

long do_set_gdt(uint64_t frame_list, uint64_t entries, uint64_t a3, uint64_t a4, uint64_t a5)
{
    uint64_t frames[GDT_GUEST_FRAMES];

    entries = (uint32_t)entries;
    if (entries > GDT_MAX_ENTRIES)
        return -EINVAL;
    if (copy_from_guest(frames, frame_list, (entries + 511) / 512 * sizeof(frames[0])))
        return -EFAULT;
    return vcpu_set_gdt(current, frames, entries);
}

long vcpu_set_gdt(struct vcpu *v, const uint64_t *frames, unsigned entries)
{
    struct arch_vcpu *a = avcpu(v);
    unsigned nr = (entries + 511) / 512, i;

    if (entries > GDT_MAX_ENTRIES)
        return -EINVAL;
    for (i = 0; i < nr; i++)
        if (!mfn_valid(frames[i]) ||
            get_page_and_type(mfn_to_page(frames[i]), v->domain, PGT_seg_desc_page))
            break;
    if (i < nr) {
        release_frames(frames, i);
        return -EINVAL;
    }
    release_frames(a->gdt_frames, (a->gdt_ents + 511) / 512);
    memcpy(a->gdt_frames, frames, nr * sizeof(frames[0]));
    a->gdt_ents = entries;
    if (v == current)
        desc_load_guest_gdt(a->gdt_frames, nr);
    return 0;
}

long do_update_descriptor(uint64_t maddr, uint64_t desc, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct page_info *pg;
    long rc = -EINVAL;

    if ((maddr & 7) || !check_descriptor(&desc))
        return -EINVAL;
    pg = get_page_from_mfn(maddr >> PAGE_SHIFT, current->domain);
    if (!pg)
        return -EINVAL;
    uint64_t type = (pg->type_info & PGT_type_mask) == PGT_seg_desc_page ? PGT_seg_desc_page
                                                                         : PGT_writable_page;
    if (!get_page_type(pg, type)) {
        uint64_t *slot =
            (uint64_t *)((uint8_t *)arch_mfn_to_virt(page_to_mfn(pg)) + (maddr & (PAGE_SIZE - 1)));
        __atomic_store_n(slot, desc, __ATOMIC_RELEASE);
        put_page_type(pg);
        rc = 0;
    }
    put_page(pg);
    return rc;
}

/* The descriptor a selector names in v's GDT, if v has one there. */
static bool guest_gdt_descriptor(struct vcpu *v, uint16_t sel, uint64_t *desc)
{
    unsigned index = sel >> 3;

    if ((sel & 4) || index >= avcpu(v)->gdt_ents)
        return false;
    *desc = ((const uint64_t *)arch_mfn_to_virt(avcpu(v)->gdt_frames[index / 512]))[index % 512];
    return true;
}

/* Selectors a ring-3 return can load without faulting: Xen's flat ones, or the guest's. */
bool guest_code_selector_ok(struct vcpu *v, uint16_t sel)
{
    uint64_t d;

    if (sel == GUEST_CS64 || sel == GUEST_CS32)
        return true;
    return (sel & 3) == 3 && guest_gdt_descriptor(v, sel, &d) && (d & SEG_P) && (d & SEG_S) &&
           (d & SEG_CODE) && ((d >> SEG_DPL_SHIFT) & 3) == 3;
}

bool guest_stack_selector_ok(struct vcpu *v, uint16_t sel)
{
    uint64_t d;

    if (sel == GUEST_DS)
        return true;
    return (sel & 3) == 3 && guest_gdt_descriptor(v, sel, &d) && (d & SEG_P) && (d & SEG_S) &&
           !(d & SEG_CODE) && (d & SEG_WRITABLE) && ((d >> SEG_DPL_SHIFT) & 3) == 3;
}

/*
 * The LDT.  Its frames are found through the guest's page tables when it
 * is set, take a seg_desc reference each, and show in this CPU's LDT
 * window whenever the vCPU runs.  A page that is not mapped (or cannot be
 * a descriptor page) ends the usable part: a selector beyond it makes the
 * CPU fault on the window (#PF, error code 0), as on Xen.
 */
static mfn_t ldt_frame_of(struct vcpu *v, uint64_t va)
{
    mfn_t l1;

    if (pt_walk_to_l1(v, va, &l1))
        return 0;
    pte_t e = ((const pte_t *)arch_mfn_to_virt(l1))[pte_index(va, 1)];
    return pte_present(e) ? pte_mfn(e) : 0;
}

void ldt_load(struct vcpu *v)
{
    const struct arch_vcpu *a = v ? avcpu(v) : NULL;
    unsigned nr = a ? a->ldt_nr : 0;

    desc_load_ldt(a ? a->ldt_frames : NULL, nr, a ? a->ldt_ents : 0);
}

void arch_set_ldt(struct vcpu *v, uint64_t base, unsigned ents)
{
    struct arch_vcpu *a = avcpu(v);

    release_frames(a->ldt_frames, a->ldt_nr);
    a->ldt_nr = 0;
    a->ldt_ents = ents;
    a->ldt_base = base;
    for (unsigned i = 0; i < (ents + 511) / 512; i++) {
        mfn_t mfn = ldt_frame_of(v, base + i * PAGE_SIZE);
        if (!mfn || !mfn_valid(mfn) ||
            get_page_and_type(mfn_to_page(mfn), v->domain, PGT_seg_desc_page))
            break;
        a->ldt_frames[a->ldt_nr++] = mfn;
    }
    if (v == current)
        ldt_load(v);
}

void descriptors_release(struct vcpu *v)
{
    struct arch_vcpu *a = avcpu(v);

    release_frames(a->gdt_frames, (a->gdt_ents + 511) / 512);
    release_frames(a->ldt_frames, a->ldt_nr);
    a->gdt_ents = a->ldt_nr = 0;
}
