/*
 * The page-table entry format, as the PV MMU core (xen/page_types.c,
 * xen/pagetable.c, xen/mmu.c) needs to see it.  arch/x86/pv/pte_rules.c implements
 * it in plain C, without touching hardware, so the host unit tests link the
 * very same rules the hypervisor enforces.
 *
 * Levels are numbered 1 (the table of 4 KiB mappings) to PTE_LEVELS (the
 * root).  An entry is a 64-bit value; only arch/x86/pv/pte_rules.c knows its bits.
 */
#ifndef XEN_ARCH_PTE_H
#define XEN_ARCH_PTE_H

#include "xen/lib.h"

/* pte_t, PTE_ENTRIES, PTE_LEVELS and the inline pte_present/writable/mfn/superpage/index. */
#include <asm/pte.h>

/* The MFN pattern that means "no frame" (all address bits set). */
mfn_t pte_invalid_mfn(void);

/*
 * Bits of a present entry a guest may not set at this level (reserved or
 * unsupported: PSE in L2/L3, G above L1, cache attributes unless the
 * domain has I/O privileges).  0 means the flags are acceptable.
 */
pte_t pte_disallowed_bits(pte_t e, unsigned level, bool io_caps);

/* The entry as installed: the adjustments a guest can read back. */
pte_t pte_adjust(pte_t e, unsigned level);

/*
 * The L1 entry a grant mapping installs, before pte_adjust: frame mfn,
 * present, accessed, dirty and not executable; writable unless readonly;
 * a user mapping when user; the guest's software bits from avail (as many
 * as the arch has, lowest first); cache attribute cache, Xen's GTF_PWT,
 * GTF_PCD and GTF_PAT bits shifted down to bits 0-2 (0 = write-back).
 */
pte_t pte_for_grant(mfn_t mfn, bool readonly, bool user, unsigned avail, unsigned cache);

/*
 * True if old and new map the same frame with the same permissions and
 * cache attributes, differing only in bits that need no new references
 * (accessed/dirty, software bits, NX, global, user).
 */
bool pte_same_mapping(pte_t old, pte_t new);

/* new with the accessed/dirty bits of old OR-ed in. */
pte_t pte_preserve_ad(pte_t old, pte_t new);

/* Is the entry's cache attribute write-back (the default)? */
bool pte_cache_wb(pte_t e);

/* Root-table slots that belong to the hypervisor, never to a guest. */
bool pte_hypervisor_slot(unsigned root_slot);

/*
 * The hypervisor's own root-table entries, copied into every guest root
 * table when it is validated.  The arch hands its idle root table over once
 * at boot; the copy includes the read-only M2P slot only when asked.
 */
void arch_pte_set_hypervisor_template(const pte_t *root);
void arch_fill_hypervisor_slots(pte_t *root, bool ro_m2p);
void arch_set_ro_m2p_slot(pte_t *root, bool present);

#endif
