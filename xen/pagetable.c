/*
 * PV page tables: what each entry of a guest page table must satisfy, the
 * references it holds, and the adjustments the hypervisor makes as it
 * installs it (Xen 4.17's rules, public/xen.h; the bit-level rules live in
 * arch/x86/pv/pte_rules.c).  Everything here runs under mm_lock, and keeps the
 * invariants stated in xen/page_types.c:
 *
 *  - an L1 entry holds a general reference on its frame (none for I/O
 *    frames), plus a writable type reference if it is writable;
 *  - an Ln entry (n > 1) holds a general and an L(n-1) type reference on
 *    its target, or is a read-only linear entry: itself (no references) or
 *    another validated Ln table (a general and an Ln type reference);
 *  - the root table's hypervisor slots are never read from the guest and
 *    are rewritten by the hypervisor when the table is validated.
 */
#include "public/xen.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/page_types.h"
#include "xen/pagetable.h"
#include "xen/printk.h"

static pte_t *table_of(const struct page_info *pg)
{
    return arch_mfn_to_virt(page_to_mfn(pg));
}

static bool root_hypervisor_slot(unsigned level, unsigned slot)
{
    return level == PTE_LEVELS && pte_hypervisor_slot(slot);
}

static bool domain_m2p_strict(const struct domain *d)
{
    return d->vm_assist & (1UL << VMASST_TYPE_m2p_strict);
}

/*
 * An L1 entry mapping I/O memory: allowed at the privileges of both owners,
 * and only for frames the machine lets guests reach.
 */
static int l1e_check_io(mfn_t mfn, struct domain *l1e_owner, struct domain *pg_owner)
{
    if (pg_owner == dom_io)
        pg_owner = current ? current->domain : l1e_owner;
    if (domain_has_io_caps(pg_owner) && domain_has_io_caps(l1e_owner) && arch_iomem_allowed(mfn))
        return 0;
    return mfn == pte_invalid_mfn() ? -EINVAL : -EPERM;
}

/*
 * Take what a present L1 entry needs.  l1e_owner owns the table; pg_owner
 * is whose frames the caller said it maps (the foreign domain, or itself).
 */
static int l1e_get_refs(pte_t e, struct domain *l1e_owner, struct domain *pg_owner)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;
    struct domain *real;

    if (pte_disallowed_bits(e, 1, domain_has_io_caps(l1e_owner)))
        return -EINVAL;
    if (!mfn_valid(mfn))
        return l1e_check_io(mfn, l1e_owner, pg_owner);
    pg = mfn_to_page(mfn);
    real = page_get_owner_and_reference(pg);
    if (real == dom_io) {
        put_page(pg);
        return l1e_check_io(mfn, l1e_owner, pg_owner);
    }
    /* Only a privileged foreign owner may hand on the right to map a third's frames. */
    if (real != pg_owner && (!real || pg_owner == l1e_owner || !pg_owner->is_privileged))
        goto busy;
    if (pte_writable(e) && page_type_get_locked(pg, PGT_writable_page))
        goto busy;
    if (!pte_cache_wb(e) && (pg->count_info & PGC_xen_heap)) {
        if (pte_writable(e))
            page_type_put_locked(pg, NULL);
        put_page(pg);
        return -EACCES;
    }
    return 0;

busy:
    if (real)
        put_page(pg);
    return -EBUSY;
}

static void l1e_put_refs(pte_t e)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;

    if (!pte_present(e) || !mfn_valid(mfn))
        return;
    pg = mfn_to_page(mfn);
    if (pg->owner == dom_io)
        return;
    if (pte_writable(e))
        page_and_type_put_locked(pg);
    else
        put_page(pg);
}

/* A read-only entry of table pointing at itself or another table of its level. */
static bool lne_get_linear(pte_t e, unsigned level, struct page_info *table, struct domain *d)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *target;

    if (pte_writable(e))
        return false;
    if (mfn == page_to_mfn(table))
        return true;
    if (table->owner != d || !(target = get_page_from_mfn(mfn, d)))
        return false;
    if (!page_linear_get(table, target, PGT_pt_of_level(level))) {
        put_page(target);
        return false;
    }
    return true;
}

/* Take what a present entry of a table of level 2-4 needs. */
static int lne_get_refs(pte_t e, unsigned level, struct page_info *table, struct domain *d)
{
    int rc;

    if (pte_disallowed_bits(e, level, false))
        return -EINVAL;
    rc = page_and_type_get_locked(pte_mfn(e), PGT_pt_of_level(level - 1), d);
    if (rc == -EINVAL && lne_get_linear(e, level, table, d))
        rc = 0;
    return rc;
}

static void lne_put_refs(pte_t e, struct page_info *table)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *target;

    if (!pte_present(e) || mfn == page_to_mfn(table))
        return;
    target = mfn_to_page(mfn);
    page_type_put_locked(target, table);
    put_page(target);
}

static int entry_get_refs(pte_t e, unsigned level, struct page_info *table, struct domain *pt_dom,
                          struct domain *pg_owner)
{
    if (level == 1)
        return l1e_get_refs(e, pt_dom, pg_owner);
    return lne_get_refs(e, level, table, pt_dom);
}

static void entry_put_refs(pte_t e, unsigned level, struct page_info *table)
{
    if (level == 1)
        l1e_put_refs(e);
    else
        lne_put_refs(e, table);
}

int pt_validate(struct page_info *pg, unsigned level)
{
    struct domain *d = pg->owner;
    pte_t *t = table_of(pg);
    unsigned i;
    int rc = 0;

    ASSERT(mm_lock_held() && level >= 1 && level <= PTE_LEVELS);
    for (i = 0; i < PTE_ENTRIES; i++) {
        if (!pte_present(t[i]) || root_hypervisor_slot(level, i))
            continue;
        rc = entry_get_refs(t[i], level, pg, d, d);
        if (rc)
            break;
        t[i] = pte_adjust(t[i], level);
    }
    if (rc) {
        while (i--)
            if (pte_present(t[i]) && !root_hypervisor_slot(level, i))
                entry_put_refs(t[i], level, pg);
        return rc;
    }
    if (level == PTE_LEVELS)
        arch_fill_hypervisor_slots(t, domain_m2p_strict(d));
    return 0;
}

void pt_devalidate(struct page_info *pg, unsigned level)
{
    pte_t *t = table_of(pg);

    ASSERT(mm_lock_held() && level >= 1 && level <= PTE_LEVELS);
    for (unsigned i = 0; i < PTE_ENTRIES; i++)
        if (pte_present(t[i]) && !root_hypervisor_slot(level, i))
            entry_put_refs(t[i], level, pg);
}

int pt_update_entry(struct page_info *table, unsigned slot, pte_t new, bool preserve_ad,
                    struct domain *pt_dom, struct domain *pg_owner)
{
    unsigned level = PGT_level(table->type_info);
    pte_t *entry = table_of(table) + slot;
    pte_t old = *entry;
    int rc;

    /* Only a table in use and validated holds the references its entries trade. */
    ASSERT(mm_lock_held() && PGT_is_pt(table->type_info) && (table->type_info & PGT_validated) &&
           (table->type_info & PGT_count_mask));
    if (root_hypervisor_slot(level, slot))
        return -EINVAL;
    if (pte_present(new)) {
        if (pte_disallowed_bits(new, level, level == 1 && domain_has_io_caps(pt_dom)))
            return -EINVAL;
        /* Same frame and rights: the references old holds still do. */
        if (pte_same_mapping(old, new)) {
            new = pte_adjust(new, level);
            *entry = preserve_ad ? pte_preserve_ad(old, new) : new;
            return 0;
        }
        rc = entry_get_refs(new, level, table, pt_dom, pg_owner);
        if (rc)
            return rc;
        new = pte_adjust(new, level);
    }
    *entry = preserve_ad ? pte_preserve_ad(old, new) : new;
    entry_put_refs(old, level, table);
    return 0;
}

struct page_info *pt_get_l1(struct domain *d, mfn_t mfn)
{
    struct page_info *pg = get_page_from_mfn(mfn, d);
    uint64_t x;

    if (!pg)
        return NULL;
    x = pg->type_info;
    if ((x & PGT_validated) && (x & PGT_count_mask) && (x & PGT_type_mask) == PGT_l1_page_table)
        return pg;
    put_page(pg);
    return NULL;
}

pte_t pt_exchange_l1_entry(struct page_info *l1, unsigned slot, pte_t e)
{
    pte_t *entry = table_of(l1) + slot;
    pte_t old = *entry;

    ASSERT(mm_lock_held() && PGT_level(l1->type_info) == 1);
    *entry = e;
    return old;
}

pte_t pt_l1_entry(const struct page_info *l1, unsigned slot)
{
    return table_of(l1)[slot];
}

void pt_put_l1_refs(pte_t e)
{
    l1e_put_refs(e);
}

int pt_walk_to_l1(struct vcpu *v, uint64_t va, mfn_t *l1)
{
    mfn_t mfn = v->guest_table;

    if (!mfn || !mfn_valid(mfn))
        return -EINVAL;
    for (unsigned level = PTE_LEVELS; level > 1; level--) {
        pte_t e = ((const pte_t *)arch_mfn_to_virt(mfn))[pte_index(va, level)];

        if (!pte_present(e) || pte_superpage(e, level))
            return -EINVAL;
        mfn = pte_mfn(e);
        if (!mfn_valid(mfn))
            return -EINVAL;
    }
    *l1 = mfn;
    return 0;
}

int pt_install_boot_root(struct vcpu *v, mfn_t root)
{
    struct domain *d = v->domain;
    int rc;

    mm_lock();
    rc = page_and_type_get_locked(root, PGT_l4_page_table, d);
    if (!rc) {
        /* The pin: a second reference of each kind, which cannot fail now. */
        BUG_ON(!get_page(mfn_to_page(root), d));
        BUG_ON(page_type_get_locked(mfn_to_page(root), PGT_l4_page_table));
        mfn_to_page(root)->type_info |= PGT_pinned;
        arch_set_ro_m2p_slot(arch_mfn_to_virt(root), true);
        v->guest_table = root;
    }
    mm_unlock();
    return rc;
}

/* Teardown of a dying domain. */

static void drop_base_pointers(struct domain *d)
{
    for (unsigned i = 0; i < d->max_vcpus && d->vcpus; i++) {
        struct vcpu *v = d->vcpus[i];
        mfn_t *base[2] = { v ? &v->guest_table : NULL, v ? &v->guest_table_user : NULL };

        for (unsigned j = 0; j < 2; j++)
            if (base[j] && *base[j]) {
                page_and_type_put_locked(mfn_to_page(*base[j]));
                *base[j] = 0;
            }
    }
}

/*
 * The first frame from node on that is still referenced, now held by us;
 * NULL at the end.  A frame whose last reference just went is skipped: it
 * leaves the list as soon as we drop d->lock (held by the caller).
 */
static struct page_info *hold_from(struct domain *d, struct list_head *node)
{
    for (; node != &d->page_list; node = node->next) {
        struct page_info *pg = container_of(node, struct page_info, list);

        if (page_ref_if_live(pg))
            return pg;
    }
    return NULL;
}

/*
 * Run fn on every frame of d.  Each is held while fn runs and until its
 * successor is held, so fn may free any frame without breaking the walk.
 */
static void for_each_frame(struct domain *d, void (*fn)(struct page_info *, unsigned), unsigned arg)
{
    struct page_info *pg, *next;

    spin_lock(&d->lock);
    pg = hold_from(d, d->page_list.next);
    spin_unlock(&d->lock);
    while (pg) {
        fn(pg, arg);
        spin_lock(&d->lock);
        next = hold_from(d, pg->list.next);
        spin_unlock(&d->lock);
        put_page(pg);
        pg = next;
    }
}

static void frame_unpin(struct page_info *pg, unsigned unused)
{
    if (pg->type_info & PGT_pinned) {
        pg->type_info &= ~PGT_pinned;
        page_and_type_put_locked(pg);
    }
}

/* Drop what a still valid table of this level holds, whoever references it. */
static void frame_force_devalidate(struct page_info *pg, unsigned level)
{
    uint64_t x = pg->type_info;

    if (PGT_level(x) == level && (x & PGT_validated) && (x & PGT_count_mask)) {
        pg->type_info = x & ~PGT_validated;
        pt_devalidate(pg, level);
    }
}

static void frame_drop_allocation(struct page_info *pg, unsigned unused)
{
    page_drop_allocation(pg);
}

uint64_t domain_relinquish_memory(struct domain *d)
{
    struct page_info *shared = d->shared_info_page;
    uint64_t left;

    BUG_ON(d->state != DOMAIN_DYING);
    mm_lock();
    drop_base_pointers(d);
    for_each_frame(d, frame_unpin, 0);
    /* Top-down, so whatever is left validated is held only by a cycle. */
    for (unsigned level = PTE_LEVELS; level >= 1; level--)
        for_each_frame(d, frame_force_devalidate, level);
    for_each_frame(d, frame_drop_allocation, 0);
    /* The hypervisor's own hold on shared_info, once (this may run again). */
    if (shared)
        page_unshare_xen(shared, d);
    mm_unlock();
    page_free_dying(d);
    spin_lock(&d->lock);
    left = d->tot_pages;
    spin_unlock(&d->lock);
    return left;
}
