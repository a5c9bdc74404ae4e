/*
 * A small machine for the PV MMU tests: fake RAM with a frame table, an
 * M2P, the hypervisor's root-table template, and helpers to hand frames
 * to domains and build page tables in them (entries in the fake arch's
 * format, made with fake_pte()).
 */
#ifndef TESTS_UNIT_MM_FIXTURE_H
#define TESTS_UNIT_MM_FIXTURE_H

#include "tests/unit/fake_pte.h"
#include "xen/domain.h"
#include "xen/page_types.h"

#define FIX_FRAMES     2048
#define FIX_FIRST_FREE 16 /* frames below are reserved (firmware) */

/* The fake arch's entry bits (tests/unit/fake_pte.h), by short names. */
#define F_P    FAKE_PTE_P
#define F_RW   FAKE_PTE_RW
#define F_US   FAKE_PTE_US
#define F_A    FAKE_PTE_A
#define F_D    FAKE_PTE_D
#define F_HUGE FAKE_PTE_HUGE
#define F_G    FAKE_PTE_G
#define F_KERN FAKE_PTE_KERNEL /* the guest-kernel marker Xen adds */
#define F_NX   FAKE_PTE_NX
#define F_WT   FAKE_PTE_ATTR(1) /* cache attributes other than write-back */
#define F_UC   FAKE_PTE_ATTR(2)
#define F_WC   FAKE_PTE_ATTR(7)

extern pte_t fix_hv_root[PTE_ENTRIES]; /* hypervisor slots: 0xE000 + slot */

void fix_setup(void);

/* A domain with room for max_pages frames; vCPU 0 is `current` if run is set. */
struct domain *fix_domain(domid_t id, bool privileged, uint64_t max_pages);
void fix_run_as(struct domain *d);

/* A zeroed frame of d's (allocation reference only). */
mfn_t fix_frame(struct domain *d);
pte_t *fix_tab(mfn_t mfn);

uint64_t fix_count(mfn_t mfn); /* general reference count */
uint64_t fix_type_count(mfn_t mfn);
uint64_t fix_type(mfn_t mfn); /* PGT_* type bits */

/* Four tables mapping va to data (RW), each linked RW into the one above. */
struct fix_tree {
    mfn_t l4, l3, l2, l1, data;
};
void fix_tree(struct domain *d, struct fix_tree *t, uint64_t va);

#endif
