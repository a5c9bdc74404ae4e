/*
 * A small machine for the PV MMU tests: fake RAM with a frame table, an
 * M2P, the hypervisor's root-table template, and helpers to hand frames
 * to domains and build page tables in them.  x86 entry bits by name.
 */
#ifndef TESTS_UNIT_MM_FIXTURE_H
#define TESTS_UNIT_MM_FIXTURE_H

#include "xen/domain.h"
#include "xen/page_types.h"

#define FIX_FRAMES     2048
#define FIX_FIRST_FREE 16 /* frames below are reserved (firmware) */

#define F_P    (1UL << 0)
#define F_RW   (1UL << 1)
#define F_US   (1UL << 2)
#define F_PWT  (1UL << 3)
#define F_PCD  (1UL << 4)
#define F_A    (1UL << 5)
#define F_D    (1UL << 6)
#define F_PSE  (1UL << 7)
#define F_PAT  (1UL << 7)
#define F_G    (1UL << 8)
#define F_KERN (1UL << 52) /* the guest-kernel marker Xen adds */
#define F_NX   (1UL << 63)

extern pte_t fix_hv_root[PTE_ENTRIES]; /* hypervisor slots: 0xE000 + slot */

void fix_setup(void);

/* A domain with room for max_pages frames; vCPU 0 is `current` if run is set. */
struct domain *fix_domain(domid_t id, bool privileged, uint64_t max_pages);
void fix_run_as(struct domain *d);

/* A zeroed frame of d's (allocation reference only). */
mfn_t fix_frame(struct domain *d);
pte_t *fix_tab(mfn_t mfn);
pte_t fix_pte(mfn_t mfn, uint64_t flags);

uint64_t fix_count(mfn_t mfn); /* general reference count */
uint64_t fix_type_count(mfn_t mfn);
uint64_t fix_type(mfn_t mfn); /* PGT_* type bits */

/* Four tables mapping va to data (RW), each linked RW into the one above. */
struct fix_tree {
    mfn_t l4, l3, l2, l1, data;
};
void fix_tree(struct domain *d, struct fix_tree *t, uint64_t va);

#endif
