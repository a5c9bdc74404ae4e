/*
 * PV page tables (xen/pagetable.c): validation and devalidation of whole
 * tables, checked updates of single entries, the walk update_va_mapping
 * needs, and the teardown of a dying domain's memory.  Everything but
 * domain_relinquish_memory() expects mm_lock held.
 */
#ifndef XEN_PAGETABLE_H
#define XEN_PAGETABLE_H

#include "xen/page_types.h"

/* Check every entry of pg as a table of this level, taking their references. */
int pt_validate(struct page_info *pg, unsigned level);
/* Drop the references pg's entries hold (its last type reference went). */
void pt_devalidate(struct page_info *pg, unsigned level);

/*
 * Write new into entry slot of the validated table `table`, checking it
 * for the table's level: pt_dom owns the table, pg_owner the frames new
 * may map (L1 only).  0 or -errno, Xen's codes.
 */
int pt_update_entry(struct page_info *table, unsigned slot, pte_t new, bool preserve_ad,
                    struct domain *pt_dom, struct domain *pg_owner);

/* d's validated L1 table at mfn, with a general reference taken; NULL if it is not one. */
struct page_info *pt_get_l1(struct domain *d, mfn_t mfn);

/*
 * Grant mappings (xen/grant_table.c) own the references of the entries
 * they install: write e into slot of the L1 table l1 as it is, taking
 * nothing, and return the entry it replaced, whose references the caller
 * keeps or drops (pt_put_l1_refs).
 */
pte_t pt_exchange_l1_entry(struct page_info *l1, unsigned slot, pte_t e);
pte_t pt_l1_entry(const struct page_info *l1, unsigned slot);
void pt_put_l1_refs(pte_t e);

/* The L1 frame mapping va in v's kernel page tables: 0, or -EINVAL. */
int pt_walk_to_l1(struct vcpu *v, uint64_t va, mfn_t *l1);

/*
 * For a domain builder: validate root as v's first kernel root table, make
 * it v's base pointer, and pin it as Xen's builder does (a PV kernel such
 * as Linux unpins it itself later), with the read-only M2P mapped.  Takes
 * mm_lock.  0, or the validation error.
 */
int pt_install_boot_root(struct vcpu *v, mfn_t root);

/*
 * A dying domain gives up its memory: base pointers, pins, page tables
 * (cycles through linear entries are broken) and allocation references.
 * Returns 0 when every frame went back to the heap, else the number of
 * frames others still reference (they go when those references do; the
 * domain must stay allocated until then).
 */
uint64_t domain_relinquish_memory(struct domain *d);

#endif
