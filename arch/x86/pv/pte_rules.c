/*
 * x86_64 page-table entries for the PV MMU (xen/arch/pte.h): which bits a
 * 64-bit PV guest may use at each level, and how the hypervisor adjusts an
 * entry as it installs it.  Pure C, no hardware: the host unit tests link
 * this file too.
 *
 * The rules are Xen 4.17's (public/xen.h): a guest may set P, RW, US, A, D,
 * the software bits 9-11 and 52-62, and NX everywhere; G only in L1; the
 * cache attribute bits (PWT, PCD, PAT) only in L1 and only with I/O
 * privileges; PSE never (no superpages for PV guests).
 */
#include "arch/x86/include/layout.h"
#include "arch/x86/include/pte_bits.h"
#include "xen/arch/pte.h"

#define PTE_PAT        PTE_PSE /* the PSE bit, in an L1 */
#define PTE_AVAIL      (7UL << 9)
#define PTE_AVAIL_HIGH (0x7FFUL << 52)

/* The low 12 flag bits a guest may never set at L2-L4. */
#define BASE_DISALLOWED (PTE_PWT | PTE_PCD | PTE_PSE | PTE_G)
#define CACHE_ATTRS     (PTE_PWT | PTE_PCD | PTE_PAT)

/* Bits that may differ without taking new references (see pte_same_mapping). */
#define FASTPATH_BITS (PTE_NX | PTE_AVAIL_HIGH | PTE_AVAIL | PTE_G | PTE_D | PTE_A | PTE_US)

#define RO_M2P_SLOT ((RO_MPT_VIRT_START >> 39) & 511)

static const pte_t *hypervisor_root;

mfn_t pte_invalid_mfn(void)
{
    return PTE_ADDR_MASK >> PAGE_SHIFT;
}

pte_t pte_disallowed_bits(pte_t e, unsigned level, bool io_caps)
{
    pte_t disallowed = BASE_DISALLOWED;

    if (level == 1) {
        disallowed &= ~PTE_G;
        if (io_caps)
            disallowed &= ~CACHE_ATTRS;
    }
    return e & disallowed;
}

pte_t pte_adjust(pte_t e, unsigned level)
{
    if (!(e & PTE_P))
        return e;
    switch (level) {
    case 1:
        /* Kernel mappings become user mappings tagged as kernel-only;
         * true user mappings become global. */
        if (!(e & PTE_US))
            e |= PTE_US | PTE_GUEST_KERNEL;
        if (!(e & PTE_GUEST_KERNEL))
            e |= PTE_G | PTE_US;
        return e;
    case 4:
        return e | PTE_US | PTE_A;
    default:
        return e | PTE_US;
    }
}

pte_t pte_for_grant(mfn_t mfn, bool readonly, bool user, unsigned avail, unsigned cache)
{
    pte_t e = (mfn << PAGE_SHIFT) | PTE_P | PTE_A | PTE_D | PTE_NX;

    if (!readonly)
        e |= PTE_RW;
    if (user)
        e |= PTE_US;
    e |= ((pte_t)avail << 9) & PTE_AVAIL;
    /* Index bits 0-2 are PWT, PCD and PAT, as in a PAT index. */
    e |= (cache & 1 ? PTE_PWT : 0) | (cache & 2 ? PTE_PCD : 0) | (cache & 4 ? PTE_PAT : 0);
    return e;
}

bool pte_same_mapping(pte_t old, pte_t new)
{
    return !((old ^ new) & ~FASTPATH_BITS);
}

pte_t pte_preserve_ad(pte_t old, pte_t new)
{
    return new | (old & (PTE_A | PTE_D));
}

bool pte_cache_wb(pte_t e)
{
    return !(e & CACHE_ATTRS);
}

bool pte_hypervisor_slot(unsigned root_slot)
{
    return root_slot >= HV_SLOT_FIRST && root_slot <= HV_SLOT_LAST;
}

void arch_pte_set_hypervisor_template(const pte_t *root)
{
    hypervisor_root = root;
}

void arch_fill_hypervisor_slots(pte_t *root, bool ro_m2p)
{
    for (unsigned slot = HV_SLOT_FIRST; slot <= HV_SLOT_LAST; slot++)
        root[slot] = hypervisor_root ? hypervisor_root[slot] : 0;
    if (!ro_m2p)
        root[RO_M2P_SLOT] = 0;
}

void arch_set_ro_m2p_slot(pte_t *root, bool present)
{
    if (!present)
        root[RO_M2P_SLOT] = 0;
    else if (!root[RO_M2P_SLOT] && hypervisor_root)
        root[RO_M2P_SLOT] = hypervisor_root[RO_M2P_SLOT];
}
