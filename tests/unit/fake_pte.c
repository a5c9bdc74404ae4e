/*
 * The PV MMU's entry rules (xen/arch/pte.h) over the fake arch's format
 * (fake_pte.h), with the same policy as x86's (arch/x86/pv/pte_rules.c):
 * a guest may set P, RW, US, A, D, NX and its own bits everywhere; G only
 * in an L1; a cache attribute only in an L1 and only with I/O privileges;
 * superpages never.  Installing an entry adds what Xen adds.
 */
#include "tests/unit/fake_pte.h"
#include "xen/arch/pte.h"

/* Bits a guest may never set above L1. */
#define UPPER_DISALLOWED (FAKE_PTE_ATTR_MASK | FAKE_PTE_HUGE | FAKE_PTE_G)

/* Bits that may differ without taking new references (see pte_same_mapping). */
#define FASTPATH_BITS                                                                       \
    (FAKE_PTE_NX | FAKE_PTE_SOFT | FAKE_PTE_KERNEL | FAKE_PTE_G | FAKE_PTE_D | FAKE_PTE_A | \
     FAKE_PTE_US)

static const pte_t *hypervisor_root;

mfn_t pte_invalid_mfn(void)
{
    return FAKE_PTE_MFN_MASK;
}

pte_t pte_disallowed_bits(pte_t e, unsigned level, bool io_caps)
{
    pte_t disallowed = UPPER_DISALLOWED;

    if (level == 1) {
        disallowed &= ~FAKE_PTE_G;
        if (io_caps)
            disallowed &= ~FAKE_PTE_ATTR_MASK;
    }
    return e & disallowed;
}

pte_t pte_adjust(pte_t e, unsigned level)
{
    if (!(e & FAKE_PTE_P))
        return e;
    switch (level) {
    case 1:
        /* Kernel mappings become user mappings tagged as kernel-only;
         * true user mappings become global. */
        if (!(e & FAKE_PTE_US))
            e |= FAKE_PTE_US | FAKE_PTE_KERNEL;
        if (!(e & FAKE_PTE_KERNEL))
            e |= FAKE_PTE_G | FAKE_PTE_US;
        return e;
    case PTE_LEVELS:
        return e | FAKE_PTE_US | FAKE_PTE_A;
    default:
        return e | FAKE_PTE_US;
    }
}

pte_t pte_for_grant(mfn_t mfn, bool readonly, bool user, unsigned avail, unsigned cache)
{
    pte_t e = fake_pte(mfn, FAKE_PTE_P | FAKE_PTE_A | FAKE_PTE_D | FAKE_PTE_NX);

    if (!readonly)
        e |= FAKE_PTE_RW;
    if (user)
        e |= FAKE_PTE_US;
    e |= ((pte_t)avail << 44) & FAKE_PTE_SOFT;
    return e | FAKE_PTE_ATTR(cache & 7);
}

bool pte_same_mapping(pte_t old, pte_t new)
{
    return !((old ^ new) & ~FASTPATH_BITS);
}

pte_t pte_preserve_ad(pte_t old, pte_t new)
{
    return new | (old & (FAKE_PTE_A | FAKE_PTE_D));
}

bool pte_cache_wb(pte_t e)
{
    return !(e & FAKE_PTE_ATTR_MASK);
}

bool pte_hypervisor_slot(unsigned root_slot)
{
    return root_slot >= FAKE_PTE_HV_SLOT_FIRST && root_slot <= FAKE_PTE_HV_SLOT_LAST;
}

void arch_pte_set_hypervisor_template(const pte_t *root)
{
    hypervisor_root = root;
}

void arch_fill_hypervisor_slots(pte_t *root, bool ro_m2p)
{
    for (unsigned slot = FAKE_PTE_HV_SLOT_FIRST; slot <= FAKE_PTE_HV_SLOT_LAST; slot++)
        root[slot] = hypervisor_root ? hypervisor_root[slot] : 0;
    if (!ro_m2p)
        root[FAKE_PTE_RO_M2P_SLOT] = 0;
}

void arch_set_ro_m2p_slot(pte_t *root, bool present)
{
    if (!present)
        root[FAKE_PTE_RO_M2P_SLOT] = 0;
    else if (!root[FAKE_PTE_RO_M2P_SLOT] && hypervisor_root)
        root[FAKE_PTE_RO_M2P_SLOT] = hypervisor_root[FAKE_PTE_RO_M2P_SLOT];
}
