/*
 * Frame ownership, reference counts and page types: what keeps a PV guest
 * from ever writing a page table or touching a frame that is not its own.
 *
 * Every frame a domain owns carries, in count_info, a general reference
 * count: one for the allocation (PGC_allocated, dropped by
 * decrease_reservation or at teardown), one per mapping in a validated
 * page table, one per pin and base pointer, one per temporary use.  In
 * type_info it carries one type (none, writable, L1-L4, segment
 * descriptor) with its own count: one per writable mapping for "writable",
 * one per referencing entry of the level above, pin or base pointer for a
 * page table.
 *
 * Invariants (checked by page_audit_domain and the unit tests):
 *  1. A frame with a non-zero general count has an owner; at zero it goes
 *     back to the heap (except hypervisor pages shared with a guest).
 *     Counts never wrap: a reference that would overflow is refused, a put
 *     at zero is a hypervisor bug (BUG_ON).
 *  2. Every type reference comes with a general reference.
 *  3. The type changes only while its count is zero.
 *  4. A page-table frame with a non-zero type count is validated: each
 *     present entry passed the checks of its level and holds the
 *     references it needs (L1: general, plus writable type if RW; Ln: type
 *     L(n-1) of its target, or a read-only "linear" reference to a
 *     validated table of level n).  Dropping the last type reference
 *     devalidates it, dropping those references.
 *  5. Hence a frame in use as a page table (or GDT/LDT) is never mapped
 *     writable, and a writable-mapped frame cannot become a page table.
 *  6. Validation only descends levels and a table being validated cannot
 *     be referenced again at its own level, so loops cannot validate.
 *     Linear entries only reach already validated tables, and a table
 *     holding linear entries cannot itself be a linear target, so linear
 *     references form no cycles either (linear_pt_count).
 *  7. The hypervisor's root-table slots are never taken from a guest page:
 *     they are filled by the hypervisor when a root table is validated.
 *
 * Type changes and page-table updates run under mm_lock; general counts
 * are atomic, so lookups elsewhere need no lock.
 */
#include "public/xen.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/grant_table.h"
#include "xen/page_alloc.h"
#include "xen/page_types.h"
#include "xen/pagetable.h"
#include "xen/printk.h"
#include "xen/xmalloc.h"

static struct domain dom_io_struct = {
    .domain_id = DOMID_IO,
    .refcount = 1,
    .page_list = LIST_HEAD_INIT(dom_io_struct.page_list),
};
static struct domain dom_xen_struct = {
    .domain_id = DOMID_XEN,
    .refcount = 1,
    .page_list = LIST_HEAD_INIT(dom_xen_struct.page_list),
};
struct domain *const dom_io = &dom_io_struct;
struct domain *const dom_xen = &dom_xen_struct;

static spinlock_t mm_spinlock = SPINLOCK_INIT;

void mm_lock(void)
{
    spin_lock(&mm_spinlock);
}

void mm_unlock(void)
{
    spin_unlock(&mm_spinlock);
}

bool mm_lock_held(void)
{
    return spin_is_locked(&mm_spinlock);
}

bool domain_has_io_caps(const struct domain *d)
{
    return d->is_privileged;
}

/* General references. */

bool page_ref_if_live(struct page_info *pg)
{
    uint64_t x = __atomic_load_n(&pg->count_info, __ATOMIC_RELAXED);

    do {
        /* Count 0: not allocated.  Near the top: would overflow. */
        if (((x + 2) & PGC_count_mask) <= 2)
            return false;
    } while (!__atomic_compare_exchange_n(&pg->count_info, &x, x + 1, false, __ATOMIC_ACQUIRE,
                                          __ATOMIC_RELAXED));
    return true;
}

struct domain *page_get_owner_and_reference(struct page_info *pg)
{
    if (!page_ref_if_live(pg))
        return NULL;
    if (!pg->owner) {
        put_page(pg);
        return NULL;
    }
    return pg->owner;
}

bool get_page(struct page_info *pg, struct domain *d)
{
    struct domain *owner = page_get_owner_and_reference(pg);

    if (owner == d)
        return true;
    if (owner)
        put_page(pg);
    return false;
}

struct page_info *get_page_from_mfn(mfn_t mfn, struct domain *d)
{
    struct page_info *pg;

    if (!mfn_valid(mfn))
        return NULL;
    pg = mfn_to_page(mfn);
    return get_page(pg, d) ? pg : NULL;
}

void page_free_guest_frame(struct page_info *pg)
{
    set_gpfn_from_mfn(page_to_mfn(pg), INVALID_M2P_ENTRY);
    /* No CPU may still reach the frame through a stale TLB entry. */
    arch_flush_tlb_all();
    free_pages(pg, 0);
}

void page_free_guest_frames(struct list_head *frames)
{
    struct page_info *pg;

    list_for_each_entry(pg, frames, struct page_info, list)
        set_gpfn_from_mfn(page_to_mfn(pg), INVALID_M2P_ENTRY);
    /* One flush for the batch: an IPI to every CPU per frame made XENMEM_exchange crawl. */
    arch_flush_tlb_all();
    while (!list_empty(frames)) {
        pg = list_first_entry(frames, struct page_info, list);
        list_del(&pg->list);
        free_pages(pg, 0);
    }
}

/*
 * The last reference went: the frame leaves its owner.  A dying owner's
 * frames wait on its dying_freed list, to go back to the heap together
 * after one TLB flush (page_free_dying): a flush IPI per frame made the
 * teardown of a large domain crawl.
 */
static void page_release(struct page_info *pg)
{
    struct domain *d = pg->owner;
    bool dying;

    if (pg->count_info & PGC_xen_heap) {
        /* The hypervisor frees its own page; the type it set goes with it. */
        pg->owner = NULL;
        pg->type_info = 0;
        __atomic_and_fetch(&pg->count_info, ~PGC_xen_heap, __ATOMIC_RELEASE);
        return;
    }
    BUG_ON(pg->type_info & PGT_count_mask);
    BUG_ON(pg->count_info & PGC_allocated);
    BUG_ON(!d || d == dom_io || d == dom_xen);
    spin_lock(&d->lock);
    list_del(&pg->list);
    d->tot_pages--;
    pg->owner = NULL;
    pg->type_info = 0;
    pg->linear_pt_count = 0;
    dying = d->state == DOMAIN_DYING;
    if (dying)
        list_add_tail(&pg->list, &d->dying_freed);
    spin_unlock(&d->lock);
    if (!dying)
        page_free_guest_frame(pg);
}

void page_free_dying(struct domain *d)
{
    struct list_head freed;

    list_init(&freed);
    spin_lock(&d->lock);
    while (!list_empty(&d->dying_freed)) {
        struct page_info *pg = list_first_entry(&d->dying_freed, struct page_info, list);

        list_del(&pg->list);
        list_add_tail(&pg->list, &freed);
    }
    spin_unlock(&d->lock);
    if (!list_empty(&freed))
        page_free_guest_frames(&freed);
}

void put_page(struct page_info *pg)
{
    uint64_t x = __atomic_load_n(&pg->count_info, __ATOMIC_RELAXED);

    do {
        BUG_ON(!(x & PGC_count_mask));
    } while (!__atomic_compare_exchange_n(&pg->count_info, &x, x - 1, false, __ATOMIC_RELEASE,
                                          __ATOMIC_RELAXED));
    if (!((x - 1) & PGC_count_mask))
        page_release(pg);
}

/* Type references. */

static bool domain_dying(const struct domain *d)
{
    return d && d->state == DOMAIN_DYING;
}

static int page_validate(struct page_info *pg, uint64_t type)
{
    if (type == PGT_seg_desc_page)
        return arch_validate_segdesc_page(pg->owner, arch_mfn_to_virt(page_to_mfn(pg)));
    pg->linear_pt_count = 0;
    return pt_validate(pg, PGT_level(type));
}

int page_type_get_locked(struct page_info *pg, uint64_t type)
{
    uint64_t x = pg->type_info, nx = x + 1;
    int rc;

    /* Invariant 2: a type reference comes with a general one. */
    ASSERT(mm_lock_held() && (pg->count_info & PGC_count_mask));
    if ((x & PGT_count_mask) == PGT_count_mask)
        return -EINVAL;
    if (!(x & PGT_count_mask)) {
        if ((x & PGT_type_mask) != type) {
            /* Stale writable TLB entries must not outlive the type. */
            if ((x & PGT_type_mask) == PGT_writable_page)
                arch_flush_tlb_all();
            nx = type | 1;
            if (type == PGT_writable_page || type == PGT_none)
                nx |= PGT_validated;
        }
    } else if ((x & PGT_type_mask) != type || !(x & PGT_validated)) {
        /* A conflict, or a table still being validated below us: a loop. */
        return -EINVAL;
    }
    pg->type_info = nx;
    if (nx & PGT_validated)
        return 0;
    rc = page_validate(pg, type);
    if (rc) {
        pg->type_info = 0;
        return rc;
    }
    pg->type_info |= PGT_validated;
    return 0;
}

void page_type_put_locked(struct page_info *pg, struct page_info *linear_from)
{
    uint64_t x = pg->type_info;

    ASSERT(mm_lock_held() && (pg->count_info & PGC_count_mask));
    BUG_ON(!(x & PGT_count_mask));
    BUG_ON(PGT_is_pt(x) && !(x & PGT_validated) && !domain_dying(pg->owner));
    if (linear_from && !((x ^ linear_from->type_info) & PGT_type_mask)) {
        BUG_ON(pg->linear_pt_count >= 0 || linear_from->linear_pt_count <= 0);
        pg->linear_pt_count++;
        linear_from->linear_pt_count--;
    }
    if ((x & PGT_count_mask) == 1 && PGT_is_pt(x) && (x & PGT_validated)) {
        /* Still counted while its entries let go, so nothing can retake it. */
        pg->type_info = x & ~PGT_validated;
        pt_devalidate(pg, PGT_level(x));
    }
    pg->type_info--;
}

int page_and_type_get_locked(mfn_t mfn, uint64_t type, struct domain *d)
{
    struct page_info *pg = get_page_from_mfn(mfn, d);
    int rc;

    if (!pg)
        return -EINVAL;
    rc = page_type_get_locked(pg, type);
    if (rc)
        put_page(pg);
    return rc;
}

void page_and_type_put_locked(struct page_info *pg)
{
    page_type_put_locked(pg, NULL);
    put_page(pg);
}

int get_page_type(struct page_info *pg, uint64_t type)
{
    int rc;

    mm_lock();
    rc = page_type_get_locked(pg, type);
    mm_unlock();
    return rc;
}

void put_page_type(struct page_info *pg)
{
    mm_lock();
    page_type_put_locked(pg, NULL);
    mm_unlock();
}

int get_page_and_type(struct page_info *pg, struct domain *d, uint64_t type)
{
    int rc;

    if (!get_page(pg, d))
        return -EINVAL;
    rc = get_page_type(pg, type);
    if (rc)
        put_page(pg);
    return rc;
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

/*
 * A read-only entry of `table` referencing `target`, a table of the same
 * level: target must be validated already, must hold no linear entries
 * itself, and table must not be a linear target.  Takes a type reference;
 * the caller holds a general one.
 */
bool page_linear_get(struct page_info *table, struct page_info *target, uint64_t type)
{
    uint64_t x = target->type_info;

    ASSERT(mm_lock_held() && (target->count_info & PGC_count_mask));
    if (table->linear_pt_count < 0 || table->linear_pt_count == INT16_MAX ||
        target->linear_pt_count > 0 || target->linear_pt_count == INT16_MIN)
        return false;
    if ((x & PGT_count_mask) == PGT_count_mask ||
        (x & (PGT_type_mask | PGT_validated)) != (type | PGT_validated))
        return false;
    table->linear_pt_count++;
    target->linear_pt_count--;
    target->type_info = x + 1;
    return true;
}

/* Assignment. */

int page_assign(struct domain *d, struct page_info *pg)
{
    int rc = domain_assign_page(d, pg);

    if (rc)
        return rc;
    pg->type_info = 0;
    pg->linear_pt_count = 0;
    __atomic_store_n(&pg->count_info, PGC_allocated | 1, __ATOMIC_RELEASE);
    return 0;
}

int page_drop_allocation(struct page_info *pg)
{
    uint64_t old = __atomic_fetch_and(&pg->count_info, ~PGC_allocated, __ATOMIC_ACQ_REL);

    if (!(old & PGC_allocated))
        return -EINVAL;
    put_page(pg);
    return 0;
}

void page_share_xen(struct page_info *pg, struct domain *d)
{
    set_gpfn_from_mfn(page_to_mfn(pg), INVALID_M2P_ENTRY);
    pg->owner = d;
    pg->type_info = PGT_writable_page | PGT_validated | 1;
    pg->linear_pt_count = 0;
    __atomic_store_n(&pg->count_info, PGC_xen_heap | PGC_allocated | 1, __ATOMIC_RELEASE);
}

int page_steal(struct domain *d, struct page_info *pg)
{
    uint64_t x;

    if (!get_page(pg, d))
        return -EINVAL;
    spin_lock(&d->lock);
    x = __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE);
    if ((x & (PGC_count_mask | PGC_allocated | PGC_xen_heap)) != (2 | PGC_allocated) ||
        (pg->type_info & PGT_count_mask) ||
        !__atomic_compare_exchange_n(&pg->count_info, &x, x & ~(PGC_count_mask | PGC_allocated),
                                     false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
        spin_unlock(&d->lock);
        put_page(pg);
        return -EINVAL;
    }
    list_del(&pg->list);
    pg->owner = NULL;
    pg->type_info = 0;
    spin_unlock(&d->lock);
    return 0;
}

void page_give_back(struct domain *d, struct page_info *pg)
{
    spin_lock(&d->lock);
    pg->owner = d;
    pg->type_info = 0;
    list_add_tail(&pg->list, &d->page_list);
    __atomic_store_n(&pg->count_info, PGC_allocated | 1, __ATOMIC_RELEASE);
    spin_unlock(&d->lock);
}

void page_unshare_xen(struct page_info *pg, struct domain *d)
{
    ASSERT(mm_lock_held());
    if (pg->owner == d &&
        (pg->count_info & (PGC_xen_heap | PGC_allocated)) == (PGC_xen_heap | PGC_allocated)) {
        page_type_put_locked(pg, NULL);
        page_drop_allocation(pg);
    }
}

void page_set_io(struct page_info *pg)
{
    pg->owner = dom_io;
    pg->type_info = PGT_writable_page | PGT_validated | 1;
    __atomic_store_n(&pg->count_info, PGC_allocated | 1, __ATOMIC_RELEASE);
}

/*
 * Audit: recount, from every validated page table in the machine and from
 * d's pins and base pointers, the references d's frames should hold, and
 * compare.  References held by others (grant mappings, the GDT/LDT the
 * arch holds as segment descriptor type) show up as excess general counts,
 * so the audit is exact only when none exist; segment descriptor type
 * counts are not checked.
 */
struct audit_refs {
    uint32_t general;     /* general references expected */
    uint32_t table;       /* page-table type references expected */
    uint32_t writable;    /* writable mappings */
    uint32_t wrong_level; /* entries referencing it at a level its type does not fit */
    uint32_t segdesc;     /* GDT/LDT uses */
};

static int audit_bad(mfn_t mfn, const struct page_info *pg, const char *what)
{
    printk(LOG_ERR "audit d%u mfn %#lx: %s (count_info %#lx type_info %#lx)\n",
           pg->owner ? pg->owner->domain_id : DOMID_INVALID, (unsigned long)mfn, what,
           (unsigned long)pg->count_info, (unsigned long)pg->type_info);
    return 1;
}

static void audit_entry(struct audit_refs *refs, const struct domain *d, mfn_t table,
                        unsigned level, pte_t e)
{
    mfn_t mfn = pte_mfn(e);
    const struct page_info *target;
    struct audit_refs *r;

    if (!pte_present(e) || !mfn_valid(mfn) || (level > 1 && mfn == table))
        return;
    target = mfn_to_page(mfn);
    if (target->owner != d)
        return;
    r = &refs[mfn];
    r->general++;
    if (level == 1) {
        r->writable += pte_writable(e);
        return;
    }
    r->table++;
    if (PGT_level(target->type_info) != level - 1 &&
        (PGT_level(target->type_info) != level || pte_writable(e)))
        r->wrong_level++;
}

/* Count what every validated table holds on d's frames. */
static void audit_scan_tables(struct audit_refs *refs, const struct domain *d)
{
    for (mfn_t mfn = 0; mfn < max_page; mfn++) {
        const struct page_info *pg = mfn_to_page(mfn);
        unsigned level = PGT_level(pg->type_info);
        const pte_t *t;

        if (!PGT_is_pt(pg->type_info) || !(pg->type_info & PGT_validated) ||
            !(pg->type_info & PGT_count_mask))
            continue;
        t = arch_mfn_to_virt(mfn);
        for (unsigned i = 0; i < PTE_ENTRIES; i++)
            if (level != PTE_LEVELS || !pte_hypervisor_slot(i))
                audit_entry(refs, d, mfn, level, t[i]);
    }
}

/* A reference the hypervisor holds outside page tables (vcpu_info, GDT/LDT). */
static void audit_hold(void *ctx, mfn_t mfn, uint64_t type)
{
    struct audit_refs *r = (struct audit_refs *)ctx + mfn;

    if (!mfn_valid(mfn))
        return;
    r->general++;
    if (type == PGT_writable_page)
        r->writable++;
    else if (type == PGT_seg_desc_page)
        r->segdesc++;
}

static void audit_count_holders(struct audit_refs *refs, struct domain *d)
{
    struct page_info *pg;

    list_for_each_entry(pg, &d->page_list, struct page_info, list) {
        mfn_t mfn = page_to_mfn(pg);

        refs[mfn].general += !!(pg->count_info & PGC_allocated);
        if (pg->type_info & PGT_pinned) {
            refs[mfn].general++;
            refs[mfn].table++;
        }
    }
    for (unsigned i = 0; i < d->max_vcpus && d->vcpus; i++) {
        const struct vcpu *v = d->vcpus[i];
        mfn_t base[2] = { v ? v->guest_table : 0, v ? v->guest_table_user : 0 };

        for (unsigned j = 0; j < 2; j++)
            if (base[j] && mfn_valid(base[j])) {
                refs[base[j]].general++;
                refs[base[j]].table++;
            }
        if (v && v->vcpu_info_mfn)
            audit_hold(refs, v->vcpu_info_mfn, PGT_writable_page);
    }
    arch_domain_held_frames(d, audit_hold, refs);
}

static int audit_frame(const struct audit_refs *r, mfn_t mfn, const struct page_info *pg)
{
    uint64_t type = pg->type_info & PGT_type_mask;
    uint64_t tcount = pg->type_info & PGT_count_mask;
    int bad = 0;

    if (pg->count_info & PGC_free)
        bad += audit_bad(mfn, pg, "free frame on a domain's list");
    if (!(pg->count_info & PGC_count_mask))
        bad += audit_bad(mfn, pg, "unreferenced frame still owned");
    if ((pg->count_info & PGC_count_mask) != r->general)
        bad += audit_bad(mfn, pg, "general count differs from its holders");
    if (tcount > (pg->count_info & PGC_count_mask))
        bad += audit_bad(mfn, pg, "more type than general references");
    if (r->writable && type != PGT_writable_page)
        bad += audit_bad(mfn, pg, "mapped writable but not of writable type");
    if (r->wrong_level)
        bad += audit_bad(mfn, pg, "referenced by a table at the wrong level");
    if ((pg->type_info & PGT_pinned) && !PGT_is_pt(type))
        bad += audit_bad(mfn, pg, "pinned but not a page table");
    if (PGT_is_pt(type) && tcount && !(pg->type_info & PGT_validated))
        bad += audit_bad(mfn, pg, "page table in use but not validated");
    if (PGT_is_pt(type) && tcount != r->table)
        bad += audit_bad(mfn, pg, "table type count differs from its holders");
    if (type == PGT_writable_page && tcount != r->writable)
        bad += audit_bad(mfn, pg, "writable count differs from its mappings");
    if (type == PGT_seg_desc_page && tcount != r->segdesc)
        bad += audit_bad(mfn, pg, "descriptor-table count differs from its GDT/LDT uses");
    return bad;
}

int page_audit_domain(struct domain *d)
{
    struct audit_refs *refs = xmalloc(max_page * sizeof(*refs));
    struct page_info *pg;
    uint64_t listed = 0, owned = 0;
    int bad = 0;

    if (!refs)
        return -ENOMEM;
    grant_table_held_frames(d, audit_hold, refs);
    mm_lock();
    audit_scan_tables(refs, d);
    audit_count_holders(refs, d);
    list_for_each_entry(pg, &d->page_list, struct page_info, list) {
        if (pg->owner != d)
            bad += audit_bad(page_to_mfn(pg), pg, "on the list of another domain");
        bad += audit_frame(&refs[page_to_mfn(pg)], page_to_mfn(pg), pg);
        listed++;
    }
    for (mfn_t mfn = 0; mfn < max_page; mfn++)
        owned += mfn_to_page(mfn)->owner == d && !(mfn_to_page(mfn)->count_info & PGC_xen_heap);
    mm_unlock();
    xfree(refs);
    if (listed != d->tot_pages || owned != listed) {
        printk(LOG_ERR "audit d%u: %lu frames listed, %lu owned, tot_pages %lu\n", d->domain_id,
               (unsigned long)listed, (unsigned long)owned, (unsigned long)d->tot_pages);
        bad++;
    }
    if (d->tot_pages > d->max_pages) {
        printk(LOG_ERR "audit d%u: tot_pages %lu above max_pages %lu\n", d->domain_id,
               (unsigned long)d->tot_pages, (unsigned long)d->max_pages);
        bad++;
    }
    return bad;
}
