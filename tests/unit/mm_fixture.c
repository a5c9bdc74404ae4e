/* The PV MMU tests' machine (see mm_fixture.h). */
#include <stdlib.h>

#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_guest_memory.h"
#include "tests/unit/mm_fixture.h"
#include "xen/arch/mm.h"
#include "xen/page_alloc.h"

static struct page_info fix_table[FIX_FRAMES];
pte_t fix_hv_root[PTE_ENTRIES];

void fix_setup(void)
{
    fake_ram_init(FIX_FRAMES);
    memset(fake_ram, 0, FIX_FRAMES * PAGE_SIZE);
    page_alloc_init(fix_table, FIX_FRAMES);
    page_alloc_add_range(FIX_FIRST_FREE, FIX_FRAMES);
    free(m2p_table);
    m2p_table = malloc(FIX_FRAMES * sizeof(*m2p_table));
    memset(m2p_table, 0xFF, FIX_FRAMES * sizeof(*m2p_table));
    for (unsigned slot = 0; slot < PTE_ENTRIES; slot++)
        fix_hv_root[slot] = pte_hypervisor_slot(slot) ? 0xE000 + slot : 0;
    arch_pte_set_hypervisor_template(fix_hv_root);
    fake_mmu_reset();
    fake_guest_memory_reset();
    fake_current = NULL;
}

struct domain *fix_domain(domid_t id, bool privileged, uint64_t max_pages)
{
    struct domain *d = domain_create(id, 2, privileged);

    if (!d)
        abort();
    d->max_pages = max_pages;
    return d;
}

void fix_run_as(struct domain *d)
{
    fake_current = d->vcpus[0];
}

mfn_t fix_frame(struct domain *d)
{
    struct page_info *pg = alloc_pages(0);

    if (!pg || page_assign(d, pg))
        abort();
    memset(fix_tab(page_to_mfn(pg)), 0, PAGE_SIZE);
    return page_to_mfn(pg);
}

pte_t *fix_tab(mfn_t mfn)
{
    return arch_mfn_to_virt(mfn);
}

uint64_t fix_count(mfn_t mfn)
{
    return mfn_to_page(mfn)->count_info & PGC_count_mask;
}

uint64_t fix_type_count(mfn_t mfn)
{
    return mfn_to_page(mfn)->type_info & PGT_count_mask;
}

uint64_t fix_type(mfn_t mfn)
{
    return mfn_to_page(mfn)->type_info & PGT_type_mask;
}

void fix_tree(struct domain *d, struct fix_tree *t, uint64_t va)
{
    t->l4 = fix_frame(d);
    t->l3 = fix_frame(d);
    t->l2 = fix_frame(d);
    t->l1 = fix_frame(d);
    t->data = fix_frame(d);
    fix_tab(t->l4)[pte_index(va, 4)] = fake_pte(t->l3, F_P | F_RW | F_US);
    fix_tab(t->l3)[pte_index(va, 3)] = fake_pte(t->l2, F_P | F_RW | F_US);
    fix_tab(t->l2)[pte_index(va, 2)] = fake_pte(t->l1, F_P | F_RW | F_US);
    fix_tab(t->l1)[pte_index(va, 1)] = fake_pte(t->data, F_P | F_RW);
}
