/*
 * grant_table_op (hypercall 20), grant table version 1, with Xen 4.17's
 * answers (public/grant_table.h).
 *
 * A domain's table is a run of frames it maps itself (setup_table), each
 * holding 512 entries it fills: "domain G may map or copy frame F, maybe
 * only for reading".  Beside each entry the hypervisor keeps an active
 * entry the granter cannot touch: the frame while pinned and pin counts of
 * the mappings and copies in progress, and sets GTF_reading/GTF_writing in
 * the shared entry while they last, so the granter knows when it may take
 * the grant back.  The mapper keeps a maptrack table: one record per
 * mapping, whose index is the handle it unmaps with.
 *
 * References: a mapping holds, for as long as it lasts, a general
 * reference to the granted frame (two for a host and device mapping), and
 * for a writable one a writable type reference, exactly what an L1 entry
 * mapping the frame holds: the page-table entry a host mapping writes owns
 * them, so the frame cannot be freed, reused or retyped under it (a
 * page-table or descriptor frame cannot be mapped writable at all), and a
 * dying mapper's page-table teardown releases them like any other entry's.
 *
 * Version 2 is refused (-ENOSYS), as by a Xen built with gnttab=max-ver:1:
 * Linux asks for it only when some frame number does not fit v1's 32 bits
 * (machines above 16 TiB) and Mini-OS never does.
 *
 * Locking: one lock for every table, as mm_lock is one for every page
 * table, and taken before it; guests change their shared entries at any
 * time, so the flags there change by atomic operations only.
 */
#include "public/grant_table.h"
#include "xen/arch/cpu.h"
#include "xen/arch/mm.h"
#include "xen/grant_table.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/page_alloc.h"
#include "xen/page_types.h"
#include "xen/pagetable.h"
#include "xen/printk.h"
#include "xen/xmalloc.h"

#define ENTRIES_PER_FRAME  (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define MAPTRACK_PER_FRAME (PAGE_SIZE / sizeof(struct grant_mapping))
#define MAPTRACK_END       (~0U)
#define ACTIVE_ORDER       1 /* 2^1 pages hold a frame's active entries */

/* The command's low 12 bits; the rest carries a continuation's state (cache_flush only). */
#define GNTTABOP_CMD_MASK 0xFFFU

/* Unmaps done between TLB flushes, and so before their references go. */
#define UNMAP_BATCH 32

/* Pin counts of an active entry: four 8-bit counters, Xen's layout. */
#define PIN_HOST_W        0x00000001U
#define PIN_HOST_R        0x00000100U
#define PIN_DEV_W         0x00010000U
#define PIN_DEV_R         0x01000000U
#define PIN_WRITERS       0x00FF00FFU
#define PIN_NEAR_OVERFLOW 0x80808080U

struct active_grant {
    uint32_t pin;  /* PIN_* counts; 0 = not in use */
    domid_t domid; /* the domain the pins are for */
    mfn_t mfn;     /* the frame, fixed while pinned */
};

struct grant_mapping {
    grant_ref_t ref; /* the entry mapped; the next free handle when flags is 0 */
    uint16_t flags;  /* GNTMAP_* of the mapping; 0 = free */
    domid_t domid;   /* the granter */
};

struct grant_table {
    unsigned nr_frames;
    unsigned max_frames;
    struct page_info **frames;    /* [max_frames]: the shared entries */
    struct active_grant **active; /* [max_frames]: ENTRIES_PER_FRAME each, in ACTIVE_ORDER pages */
    struct grant_mapping **maptrack; /* [max_maptrack_frames], from the first mapping on */
    unsigned maptrack_limit;         /* handles that exist */
    unsigned max_maptrack_frames;
    uint32_t maptrack_free; /* first free handle, or MAPTRACK_END */
};

static spinlock_t gnttab_lock = SPINLOCK_INIT;

/* Table frames, entries and maptrack */

static unsigned nr_entries(const struct grant_table *gt)
{
    return gt->nr_frames * ENTRIES_PER_FRAME;
}

static struct grant_entry_v1 *shared_entry(const struct grant_table *gt, grant_ref_t ref)
{
    struct grant_entry_v1 *frame =
        arch_mfn_to_virt(page_to_mfn(gt->frames[ref / ENTRIES_PER_FRAME]));

    return &frame[ref % ENTRIES_PER_FRAME];
}

static struct active_grant *active_entry(const struct grant_table *gt, grant_ref_t ref)
{
    return &gt->active[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

/* Grow d's table to nr frames, each shared with d: 0 or -ENOMEM. */
static int grow(struct domain *d, unsigned nr)
{
    struct grant_table *gt = d->grant_table;

    ASSERT(nr <= gt->max_frames);
    _Static_assert(ENTRIES_PER_FRAME * sizeof(struct active_grant) == PAGE_SIZE << ACTIVE_ORDER,
                   "active entries fill their pages");
    while (gt->nr_frames < nr) {
        struct page_info *act = alloc_pages(ACTIVE_ORDER), *pg = alloc_pages(0);

        if (!act || !pg) {
            if (act)
                free_pages(act, ACTIVE_ORDER);
            if (pg)
                free_pages(pg, 0);
            return -ENOMEM;
        }
        memset(arch_mfn_to_virt(page_to_mfn(act)), 0, PAGE_SIZE << ACTIVE_ORDER);
        memset(arch_mfn_to_virt(page_to_mfn(pg)), 0, PAGE_SIZE);
        page_share_xen(pg, d);
        gt->active[gt->nr_frames] = arch_mfn_to_virt(page_to_mfn(act));
        gt->frames[gt->nr_frames++] = pg;
    }
    return 0;
}

static struct grant_mapping *maptrack_entry(const struct grant_table *gt, grant_handle_t h)
{
    return &gt->maptrack[h / MAPTRACK_PER_FRAME][h % MAPTRACK_PER_FRAME];
}

/* A free handle of gt, the maptrack growing by a frame when it must; MAPTRACK_END if none. */
static grant_handle_t maptrack_get(struct grant_table *gt)
{
    grant_handle_t h;

    if (gt->maptrack_free == MAPTRACK_END) {
        unsigned frame = gt->maptrack_limit / MAPTRACK_PER_FRAME;
        struct grant_mapping *m;

        if (frame >= gt->max_maptrack_frames)
            return MAPTRACK_END;
        if (!gt->maptrack && !(gt->maptrack = xmalloc(gt->max_maptrack_frames * sizeof(m))))
            return MAPTRACK_END;
        if (!(m = xmalloc(PAGE_SIZE)))
            return MAPTRACK_END;
        for (unsigned i = 0; i < MAPTRACK_PER_FRAME; i++)
            m[i].ref = i + 1 < MAPTRACK_PER_FRAME ? gt->maptrack_limit + i + 1 : MAPTRACK_END;
        gt->maptrack[frame] = m;
        gt->maptrack_free = gt->maptrack_limit;
        gt->maptrack_limit += MAPTRACK_PER_FRAME;
    }
    h = gt->maptrack_free;
    gt->maptrack_free = maptrack_entry(gt, h)->ref;
    return h;
}

static void maptrack_put(struct grant_table *gt, grant_handle_t h)
{
    struct grant_mapping *m = maptrack_entry(gt, h);

    m->flags = 0;
    m->ref = gt->maptrack_free;
    gt->maptrack_free = h;
}

/* Xen's default policy for a table of another domain: only the privileged. */
static bool may_use_table_of(const struct domain *d)
{
    return d == current->domain || current->domain->is_privileged;
}

/* Pins and the flags the granter sees */

static uint16_t entry_flags(const struct grant_entry_v1 *e)
{
    return __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
}

static void entry_clear_flags(struct grant_entry_v1 *e, uint16_t flags)
{
    __atomic_and_fetch(&e->flags, (uint16_t)~flags, __ATOMIC_RELEASE);
}

/* May ldom use entry e, of these flags and domid, for this access? */
static bool entry_grants(uint16_t flags, domid_t domid, domid_t ldom, bool readonly, bool map)
{
    uint16_t type = flags & (GTF_type_mask | (map ? GTF_sub_page : 0));

    return (type == GTF_permit_access || type == GTF_transitive) && domid == ldom &&
           (readonly || !(flags & GTF_readonly));
}

/*
 * The first pin of an entry, or its first writable one: check that it
 * grants the access, mark it GTF_reading (and GTF_writing), and check
 * again, since the granter may have changed it in between.
 */
static int16_t entry_claim(struct grant_entry_v1 *e, const struct active_grant *act, domid_t ldom,
                           bool readonly, bool map)
{
    uint16_t mark = readonly ? GTF_reading : GTF_reading | GTF_writing;

    if (!act->pin && !entry_grants(entry_flags(e), e->domid, ldom, true, map))
        return GNTST_general_error;
    if (!readonly && (entry_flags(e) & GTF_readonly))
        return GNTST_general_error;
    __atomic_or_fetch(&e->flags, mark, __ATOMIC_SEQ_CST);
    if (!act->pin && !entry_grants(entry_flags(e), __atomic_load_n(&e->domid, __ATOMIC_ACQUIRE),
                                   ldom, readonly, map)) {
        entry_clear_flags(e, GTF_reading | GTF_writing);
        return GNTST_general_error;
    }
    if (act->pin && (entry_flags(e) & GTF_readonly)) {
        entry_clear_flags(e, GTF_writing);
        return GNTST_general_error;
    }
    return GNTST_okay;
}

/* After pins went: GTF_writing goes with the last writer, GTF_reading with the last pin. */
static void entry_settle(struct grant_entry_v1 *e, const struct active_grant *act, bool was_writer)
{
    uint16_t clear = 0;

    if (was_writer && !(act->pin & PIN_WRITERS))
        clear |= GTF_writing;
    if (!act->pin)
        clear |= GTF_reading;
    if (clear)
        entry_clear_flags(e, clear);
}

/*
 * Pin entry ref of rd for ld (pin = the PIN_* count to add) and take a
 * general reference to its frame, which must still be rd's.  Under
 * gnttab_lock.  GNTST_okay with *mfn set, or the status.
 */
static int16_t pin_entry(struct domain *rd, grant_ref_t ref, domid_t ldom, uint32_t pin, bool map,
                         mfn_t *mfn)
{
    struct grant_table *rgt = rd->grant_table;
    bool readonly = !(pin & PIN_WRITERS);
    struct active_grant *act;
    struct grant_entry_v1 *e;
    struct page_info *pg;
    int16_t rc;

    if (ref >= nr_entries(rgt))
        return GNTST_bad_gntref;
    act = active_entry(rgt, ref);
    e = shared_entry(rgt, ref);
    if (act->pin && (act->domid != ldom || (act->pin & PIN_NEAR_OVERFLOW)))
        return GNTST_general_error;
    if (!act->pin || (!readonly && !(act->pin & PIN_WRITERS))) {
        rc = entry_claim(e, act, ldom, readonly, map);
        if (rc != GNTST_okay)
            return rc;
    }
    if (!act->pin) {
        mfn_t frame = e->frame;

        pg = mfn_valid(frame) ? mfn_to_page(frame) : NULL;
        if (!pg || !get_page(pg, rd)) {
            entry_settle(e, act, !readonly);
            return GNTST_bad_page;
        }
        act->domid = ldom;
        act->mfn = frame;
    } else {
        pg = mfn_to_page(act->mfn);
        if (!get_page(pg, rd)) {
            entry_settle(e, act, !readonly);
            return GNTST_bad_domain;
        }
    }
    act->pin += pin;
    *mfn = act->mfn;
    return GNTST_okay;
}

/* Undo pin_entry's pin (its reference is the caller's to drop). Under gnttab_lock. */
static void unpin_entry(struct domain *rd, grant_ref_t ref, uint32_t pin)
{
    struct active_grant *act = active_entry(rd->grant_table, ref);

    act->pin -= pin;
    entry_settle(shared_entry(rd->grant_table, ref), act, pin & PIN_WRITERS);
}

/* Host mappings: the caller's L1 entries */

/*
 * The validated L1 table of ld holding the entry for addr (a linear
 * address, or with contains_pte the entry's machine address), with a
 * reference, and the entry's slot.  Under mm_lock.  NULL if none.
 */
static struct page_info *host_l1(struct vcpu *v, uint64_t addr, bool contains_pte, unsigned *slot)
{
    mfn_t l1;

    if (contains_pte) {
        if (addr % sizeof(pte_t))
            return NULL;
        l1 = addr >> PAGE_SHIFT;
        *slot = (addr & (PAGE_SIZE - 1)) / sizeof(pte_t);
    } else {
        if (!guest_addr_ok(addr) || pt_walk_to_l1(v, addr, &l1))
            return NULL;
        *slot = pte_index(addr, 1);
    }
    return pt_get_l1(v->domain, l1);
}

static pte_t grant_pte(mfn_t mfn, unsigned flags)
{
    return pte_adjust(pte_for_grant(mfn, flags & GNTMAP_readonly, flags & GNTMAP_application_map,
                                    flags >> _GNTMAP_guest_avail0, 0),
                      1);
}

/* Point the caller's entry at addr to mfn; what it mapped before is let go. */
static int16_t host_map(uint64_t addr, mfn_t mfn, unsigned flags)
{
    struct page_info *l1;
    unsigned slot;

    mm_lock();
    l1 = host_l1(current, addr, flags & GNTMAP_contains_pte, &slot);
    if (l1) {
        pt_put_l1_refs(pt_exchange_l1_entry(l1, slot, grant_pte(mfn, flags)));
        put_page(l1);
    }
    mm_unlock();
    return l1 ? GNTST_okay : GNTST_general_error;
}

/*
 * Take the mapping of mfn at addr away (its references stay the grant's
 * to drop), putting in its place the entry at new_addr, which that slot
 * loses (unmap_and_replace), or nothing.  The entry must still be the
 * grant's: that frame, present, as writable as the grant mapped it.
 */
static int16_t host_unmap(uint64_t addr, mfn_t mfn, uint64_t new_addr, unsigned flags)
{
    bool contains_pte = flags & GNTMAP_contains_pte;
    pte_t expected = grant_pte(mfn, flags), replacement = 0, old;
    struct page_info *l1, *new_l1 = NULL;
    unsigned slot, new_slot;
    int16_t rc = GNTST_general_error;

    if (new_addr && contains_pte)
        return rc;
    mm_lock();
    if (new_addr) {
        new_l1 = host_l1(current, new_addr, false, &new_slot);
        if (!new_l1)
            goto out;
        replacement = pt_exchange_l1_entry(new_l1, new_slot, 0);
    }
    l1 = host_l1(current, addr, contains_pte, &slot);
    if (l1) {
        old = pt_l1_entry(l1, slot);
        if (pte_present(old) && pte_mfn(old) == mfn &&
            pte_writable(old) == pte_writable(expected)) {
            pt_exchange_l1_entry(l1, slot, replacement);
            rc = GNTST_okay;
        }
        put_page(l1);
    }
    if (new_l1) {
        if (rc != GNTST_okay)
            pt_put_l1_refs(replacement); /* the stolen entry is lost, as on Xen */
        put_page(new_l1);
    }
out:
    mm_unlock();
    return rc;
}

/* map_grant_ref */

static uint32_t map_pins(unsigned flags)
{
    bool ro = flags & GNTMAP_readonly;
    uint32_t pin = 0;

    if (flags & GNTMAP_device_map)
        pin += ro ? PIN_DEV_R : PIN_DEV_W;
    if (flags & GNTMAP_host_map)
        pin += ro ? PIN_HOST_R : PIN_HOST_W;
    return pin;
}

/* Drop what a mapping of these flags holds on pg: its general and type references. */
static void mapping_put_refs(struct page_info *pg, unsigned flags)
{
    unsigned kinds = !!(flags & GNTMAP_device_map) + !!(flags & GNTMAP_host_map);

    mm_lock();
    for (unsigned i = 0; i < kinds; i++) {
        if (flags & GNTMAP_readonly)
            put_page(pg);
        else
            page_and_type_put_locked(pg);
    }
    mm_unlock();
}

/*
 * Take the rest of what a mapping holds: pin_entry took one general
 * reference; host and device mapping together take a second, and each
 * writable kind a writable type reference.  0, or GNTST_general_error with
 * nothing more taken.
 */
static int16_t mapping_get_refs(struct page_info *pg, unsigned flags)
{
    bool both = (flags & GNTMAP_device_map) && (flags & GNTMAP_host_map);
    int16_t rc = GNTST_okay;

    mm_lock();
    if (both && !page_ref_if_live(pg)) {
        rc = GNTST_general_error;
    } else if (!(flags & GNTMAP_readonly)) {
        if (page_type_get_locked(pg, PGT_writable_page)) {
            rc = GNTST_general_error;
        } else if (both && page_type_get_locked(pg, PGT_writable_page)) {
            page_type_put_locked(pg, NULL);
            rc = GNTST_general_error;
        }
        if (rc && both)
            put_page(pg);
    }
    mm_unlock();
    return rc;
}

static void map_one(struct gnttab_map_grant_ref *op)
{
    struct domain *ld = current->domain, *rd;
    struct grant_table *lgt = ld->grant_table;
    uint32_t pin = map_pins(op->flags);
    grant_handle_t handle;
    struct page_info *pg;
    mfn_t mfn;
    int16_t rc;

    if (!(op->flags & (GNTMAP_device_map | GNTMAP_host_map))) {
        op->status = GNTST_bad_gntref;
        return;
    }
    rd = op->dom == DOMID_SELF ? NULL : domain_lookup(op->dom);
    if (!rd) {
        op->status = GNTST_bad_domain;
        return;
    }
    spin_lock(&gnttab_lock);
    handle = maptrack_get(lgt);
    if (handle == MAPTRACK_END) {
        spin_unlock(&gnttab_lock);
        domain_put(rd);
        op->status = GNTST_no_device_space;
        return;
    }
    rc = pin_entry(rd, op->ref, ld->domain_id, pin, true, &mfn);
    if (rc != GNTST_okay)
        goto release_handle;
    pg = mfn_to_page(mfn);
    rc = mapping_get_refs(pg, op->flags);
    if (rc != GNTST_okay)
        put_page(pg);
    else if ((op->flags & GNTMAP_host_map) &&
             (rc = host_map(op->host_addr, mfn, op->flags)) != GNTST_okay)
        mapping_put_refs(pg, op->flags);
    if (rc != GNTST_okay) {
        unpin_entry(rd, op->ref, pin);
        goto release_handle;
    }
    *maptrack_entry(lgt, handle) = (struct grant_mapping){
        .ref = op->ref,
        .flags = op->flags,
        .domid = op->dom,
    };
    spin_unlock(&gnttab_lock);
    domain_put(rd);
    op->dev_bus_addr = mfn << PAGE_SHIFT;
    op->handle = handle;
    op->status = GNTST_okay;
    return;

release_handle:
    maptrack_put(lgt, handle);
    spin_unlock(&gnttab_lock);
    domain_put(rd);
    op->status = rc;
}

/* unmap_grant_ref and unmap_and_replace */

struct unmap {
    uint64_t host_addr, dev_bus_addr, new_addr; /* IN */
    grant_handle_t handle;                      /* IN */
    int16_t status;                             /* OUT */
    unsigned done;                              /* GNTMAP_* kinds undone, and readonly */
    struct domain *rd;                          /* their granter, referenced */
    grant_ref_t ref;
    mfn_t mfn;
};

/* Take the mapping away; its references go in unmap_complete, after a TLB flush. */
static void unmap_one(struct unmap *op)
{
    struct domain *ld = current->domain;
    struct grant_table *lgt = ld->grant_table;
    struct grant_mapping *map;
    unsigned flags;
    int16_t rc;

    op->done = 0;
    op->rd = NULL;
    spin_lock(&gnttab_lock);
    map = op->handle < lgt->maptrack_limit ? maptrack_entry(lgt, op->handle) : NULL;
    if (!map || !map->flags) {
        rc = GNTST_bad_handle;
        goto out;
    }
    op->rd = domain_lookup(map->domid);
    if (!op->rd) {
        spin_unlock(&gnttab_lock);
        domain_crash(ld, "unmapping a grant of a domain that is gone");
        op->status = GNTST_general_error;
        return;
    }
    op->ref = map->ref;
    if (op->ref >= nr_entries(op->rd->grant_table)) {
        rc = GNTST_bad_handle;
        goto out;
    }
    op->mfn = active_entry(op->rd->grant_table, op->ref)->mfn;
    if (op->dev_bus_addr && op->dev_bus_addr != op->mfn << PAGE_SHIFT) {
        rc = GNTST_bad_dev_addr;
        goto out;
    }
    flags = map->flags;
    if (op->host_addr && (flags & GNTMAP_host_map)) {
        rc = host_unmap(op->host_addr, op->mfn, op->new_addr, flags);
        if (rc != GNTST_okay)
            goto out;
        map->flags &= ~GNTMAP_host_map;
        op->done |= GNTMAP_host_map | (flags & GNTMAP_readonly);
    }
    if (op->dev_bus_addr && (flags & GNTMAP_device_map)) {
        map->flags &= ~GNTMAP_device_map;
        op->done |= GNTMAP_device_map | (flags & GNTMAP_readonly);
    }
    if (!(map->flags & (GNTMAP_device_map | GNTMAP_host_map)))
        maptrack_put(lgt, op->handle);
    rc = GNTST_okay;
out:
    spin_unlock(&gnttab_lock);
    op->status = rc;
}

static void unmap_complete(struct unmap *op)
{
    if (op->done) {
        spin_lock(&gnttab_lock);
        mapping_put_refs(mfn_to_page(op->mfn), op->done);
        unpin_entry(op->rd, op->ref, map_pins(op->done));
        spin_unlock(&gnttab_lock);
    }
    if (op->rd)
        domain_put(op->rd);
    op->rd = NULL;
}

/* The caller's CPUs may still cache the mappings just removed. */
static void flush_caller_tlbs(void)
{
    arch_flush_tlb_vcpus(current->domain, NULL, false, 0);
}

typedef int read_unmap_fn(uint64_t uop, struct unmap *op);
typedef int write_status_fn(uint64_t uop, int16_t status);

static int read_unmap(uint64_t uop, struct unmap *op)
{
    struct gnttab_unmap_grant_ref u;

    if (copy_from_guest(&u, uop, sizeof(u)))
        return -EFAULT;
    *op = (struct unmap){ .host_addr = u.host_addr,
                          .dev_bus_addr = u.dev_bus_addr,
                          .handle = u.handle };
    return 0;
}

static int read_unmap_and_replace(uint64_t uop, struct unmap *op)
{
    struct gnttab_unmap_and_replace u;

    if (copy_from_guest(&u, uop, sizeof(u)))
        return -EFAULT;
    *op = (struct unmap){ .host_addr = u.host_addr, .new_addr = u.new_addr, .handle = u.handle };
    return 0;
}

/* Both unmap commands: batches of UNMAP_BATCH, one flush each, preemptible between them. */
static long unmap_batch(uint64_t uop, unsigned count, size_t size, size_t status_offset,
                        read_unmap_fn *read, unsigned *done)
{
    struct unmap ops[UNMAP_BATCH];
    long rc = 0;

    *done = 0;
    while (*done < count && !rc) {
        unsigned n = 0, batch = count - *done < UNMAP_BATCH ? count - *done : UNMAP_BATCH;

        for (; n < batch; n++, uop += size) {
            if (read(uop, &ops[n])) {
                rc = -EFAULT;
                break;
            }
            unmap_one(&ops[n]);
            if (copy_to_guest(uop + status_offset, &ops[n].status, sizeof(int16_t))) {
                n++;
                rc = -EFAULT;
                break;
            }
        }
        flush_caller_tlbs();
        for (unsigned i = 0; i < n; i++)
            unmap_complete(&ops[i]);
        *done += n;
        if (!rc && *done < count && hypercall_preempt_check())
            break;
    }
    return rc;
}

/* setup_table, query_size, versions */

static long setup_table(uint64_t uop, unsigned count)
{
    struct gnttab_setup_table op;
    struct domain *d;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    if (!guest_array_ok(op.frame_list, op.nr_frames, sizeof(xen_pfn_t)))
        return -EFAULT;
    d = domain_lookup_any(op.dom);
    if (!d) {
        op.status = GNTST_bad_domain;
    } else if (!may_use_table_of(d)) {
        op.status = GNTST_permission_denied;
    } else {
        struct grant_table *gt = d->grant_table;

        spin_lock(&gnttab_lock);
        if (op.nr_frames > gt->max_frames || grow(d, op.nr_frames)) {
            op.status = GNTST_general_error;
        } else {
            op.status = GNTST_okay;
            for (unsigned i = 0; i < op.nr_frames; i++) {
                xen_pfn_t mfn = page_to_mfn(gt->frames[i]);

                if (copy_to_guest(op.frame_list + i * sizeof(mfn), &mfn, sizeof(mfn)))
                    op.status = GNTST_bad_virt_addr;
            }
        }
        spin_unlock(&gnttab_lock);
    }
    if (d)
        domain_put(d);
    if (copy_to_guest(uop + offsetof(struct gnttab_setup_table, status), &op.status,
                      sizeof(op.status)))
        return -EFAULT;
    return 0;
}

static long query_size(uint64_t uop, unsigned count)
{
    struct gnttab_query_size op;
    struct domain *d;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    d = domain_lookup_any(op.dom);
    if (!d) {
        op.status = GNTST_bad_domain;
    } else if (!may_use_table_of(d)) {
        op.status = GNTST_permission_denied;
    } else {
        spin_lock(&gnttab_lock);
        op.nr_frames = d->grant_table->nr_frames;
        op.max_nr_frames = d->grant_table->max_frames;
        spin_unlock(&gnttab_lock);
        op.status = GNTST_okay;
    }
    if (d)
        domain_put(d);
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long set_version(uint64_t uop)
{
    struct gnttab_set_version op;
    long rc;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    rc = op.version == 1 ? 0 : op.version == 2 ? -ENOSYS : -EINVAL;
    op.version = 1;
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long get_version(uint64_t uop)
{
    struct gnttab_get_version op;
    struct domain *d;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    d = domain_lookup_any(op.dom);
    if (!d)
        return -ESRCH;
    if (!may_use_table_of(d)) {
        domain_put(d);
        return -EPERM;
    }
    domain_put(d);
    op.version = 1;
    return copy_to_guest(uop + offsetof(struct gnttab_get_version, version), &op.version,
                         sizeof(op.version))
               ? -EFAULT
               : 0;
}

/* Version 2's status frames: a v1 table has none, so only zero of them can be had. */
static long get_status_frames(uint64_t uop, unsigned count)
{
    struct gnttab_get_status_frames op;
    struct domain *d;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    d = domain_lookup_any(op.dom);
    if (!d)
        op.status = GNTST_bad_domain;
    else if (!may_use_table_of(d))
        op.status = GNTST_permission_denied;
    else
        op.status = op.nr_frames ? GNTST_general_error : GNTST_okay;
    if (d)
        domain_put(d);
    if (copy_to_guest(uop + offsetof(struct gnttab_get_status_frames, status), &op.status,
                      sizeof(op.status)))
        return -EFAULT;
    return 0;
}

static int16_t swap_one(grant_ref_t a, grant_ref_t b)
{
    struct grant_table *gt = current->domain->grant_table;
    int16_t rc = GNTST_okay;

    spin_lock(&gnttab_lock);
    if (a >= nr_entries(gt) || b >= nr_entries(gt)) {
        rc = GNTST_bad_gntref;
    } else if (a != b) {
        if (active_entry(gt, a)->pin || active_entry(gt, b)->pin) {
            rc = GNTST_eagain;
        } else {
            struct grant_entry_v1 t = *shared_entry(gt, a);

            *shared_entry(gt, a) = *shared_entry(gt, b);
            *shared_entry(gt, b) = t;
        }
    }
    spin_unlock(&gnttab_lock);
    return rc;
}

/* copy */

/* One side of a copy, claimed: a grant pinned, or the caller's own frame. */
struct copy_side {
    struct domain *d;
    bool is_gref, have_pin, have_type;
    grant_ref_t ref;
    struct page_info *pg;
};

static void copy_release(struct copy_side *s, bool readonly)
{
    if (s->have_pin) {
        spin_lock(&gnttab_lock);
        unpin_entry(s->d, s->ref, readonly ? PIN_HOST_R : PIN_HOST_W);
        spin_unlock(&gnttab_lock);
    }
    if (s->have_type) {
        mm_lock();
        page_type_put_locked(s->pg, NULL);
        mm_unlock();
    }
    if (s->pg)
        put_page(s->pg);
    if (s->d)
        domain_put(s->d);
    *s = (struct copy_side){ 0 };
}

/* The side's domain, referenced: GNTST_okay or the status. */
static int16_t copy_domain(const struct gnttab_copy_ptr *p, bool is_gref, struct copy_side *s)
{
    /* Only the caller's own frames may be named by number, and only as DOMID_SELF. */
    if (p->domid != DOMID_SELF && !is_gref)
        return GNTST_permission_denied;
    s->d = domain_lookup_any(p->domid);
    return s->d ? GNTST_okay : GNTST_bad_domain;
}

/* Pin the side's grant or reference its frame, and type it writable if written. */
static int16_t copy_claim(const struct gnttab_copy_ptr *p, bool is_gref, bool readonly,
                          struct copy_side *s)
{
    struct domain *ld = current->domain;
    mfn_t mfn;
    int16_t rc;

    if (is_gref) {
        spin_lock(&gnttab_lock);
        rc = pin_entry(s->d, p->u.ref, ld->domain_id, readonly ? PIN_HOST_R : PIN_HOST_W, false,
                       &mfn);
        spin_unlock(&gnttab_lock);
        if (rc != GNTST_okay)
            return rc;
        s->have_pin = true;
        s->ref = p->u.ref;
        s->pg = mfn_to_page(mfn);
    } else {
        s->pg = mfn_valid(p->u.gmfn) ? mfn_to_page(p->u.gmfn) : NULL;
        if (!s->pg || !get_page(s->pg, s->d)) {
            s->pg = NULL;
            return GNTST_bad_page;
        }
    }
    if (!readonly) {
        mm_lock();
        s->have_type = !page_type_get_locked(s->pg, PGT_writable_page);
        mm_unlock();
        if (!s->have_type)
            return GNTST_general_error;
    }
    return GNTST_okay;
}

static int16_t copy_one(const struct gnttab_copy *op)
{
    struct copy_side src = { 0 }, dst = { 0 };
    int16_t rc;

    bool src_gref = op->flags & GNTCOPY_source_gref, dst_gref = op->flags & GNTCOPY_dest_gref;

    rc = copy_domain(&op->source, src_gref, &src);
    if (rc == GNTST_okay)
        rc = copy_domain(&op->dest, dst_gref, &dst);
    if (rc == GNTST_okay)
        rc = copy_claim(&op->source, src_gref, true, &src);
    if (rc == GNTST_okay)
        rc = copy_claim(&op->dest, dst_gref, false, &dst);
    if (rc == GNTST_okay) {
        if (op->source.offset + op->len > PAGE_SIZE || op->dest.offset + op->len > PAGE_SIZE) {
            rc = GNTST_bad_copy_arg;
        } else {
            const uint8_t *from = arch_mfn_to_virt(page_to_mfn(src.pg));
            uint8_t *to = arch_mfn_to_virt(page_to_mfn(dst.pg));

            if (op->len == PAGE_SIZE && from != to)
                arch_copy_page(to, from); /* the common case: a whole page, fast */
            else
                memmove(to + op->dest.offset, from + op->source.offset, op->len);
        }
    }
    copy_release(&dst, false);
    copy_release(&src, true);
    return rc;
}

static long copy_elem(void *elem)
{
    struct gnttab_copy *op = elem;

    op->status = copy_one(op);
    return 0;
}

/* transfer */

/*
 * Commit receiver e's entry ref, which must offer ldom to accept a
 * transfer and nothing more, and must not change under us.  Under gnttab_lock.
 */
static bool transfer_commit(struct domain *e, grant_ref_t ref, domid_t ldom)
{
    uint32_t *combo, seen; /* flags in the low half, domid in the high, as laid out */

    if (ref >= nr_entries(e->grant_table))
        return false;
    combo = (uint32_t *)shared_entry(e->grant_table, ref);
    for (unsigned tries = 0; tries < 5; tries++) {
        seen = __atomic_load_n(combo, __ATOMIC_ACQUIRE);
        if ((seen & 0xFFFF) != GTF_accept_transfer || seen >> 16 != ldom)
            return false;
        if (__atomic_compare_exchange_n(combo, &seen, seen | GTF_transfer_committed, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
            return true;
    }
    return false;
}

/*
 * Give the caller's frame to the domain whose entry accepts it.  As on
 * Xen, once the frame is taken a refusal does not give it back: it is
 * freed, and the caller has one frame less.
 */
static int16_t transfer_one(const struct gnttab_transfer *op)
{
    struct domain *d = current->domain, *e;
    struct page_info *pg = mfn_valid(op->mfn) ? mfn_to_page(op->mfn) : NULL;
    struct grant_entry_v1 *entry;
    int16_t rc = GNTST_general_error;

    if (!pg || page_steal(d, pg))
        return GNTST_bad_page;
    spin_lock(&d->lock);
    d->tot_pages--;
    spin_unlock(&d->lock);
    set_gpfn_from_mfn(op->mfn, INVALID_M2P_ENTRY);
    flush_caller_tlbs();
    e = domain_lookup(op->domid);
    if (!e) {
        page_free_guest_frame(pg);
        return GNTST_bad_domain;
    }
    if (e->state == DOMAIN_DYING || page_assign(e, pg)) {
        page_free_guest_frame(pg);
        goto out;
    }
    spin_lock(&gnttab_lock);
    if (!transfer_commit(e, op->ref, d->domain_id)) {
        spin_unlock(&gnttab_lock);
        page_drop_allocation(pg); /* frees it */
        goto out;
    }
    entry = shared_entry(e->grant_table, op->ref);
    set_gpfn_from_mfn(op->mfn, entry->frame);
    entry->frame = op->mfn;
    __atomic_or_fetch(&entry->flags, GTF_transfer_completed, __ATOMIC_RELEASE);
    spin_unlock(&gnttab_lock);
    rc = GNTST_okay;
out:
    domain_put(e);
    return rc;
}

static long transfer_elem(void *elem)
{
    struct gnttab_transfer *op = elem;

    op->status = transfer_one(op);
    return 0;
}

/* cache_flush */

/* Does ld map rd's frame mfn through one of rd's grants?  Under gnttab_lock. */
static bool grant_maps_frame(const struct domain *ld, const struct domain *rd, mfn_t mfn)
{
    const struct grant_table *rgt = rd->grant_table;

    for (grant_ref_t ref = 0; ref < nr_entries(rgt); ref++) {
        const struct active_grant *act = active_entry(rgt, ref);

        if (act->pin && act->domid == ld->domain_id && act->mfn == mfn)
            return true;
    }
    return false;
}

/* Clean and/or invalidate part of a frame the caller owns or maps by grant (the arch decides how). */
static long cache_flush_one(const struct gnttab_cache_flush *op)
{
    struct domain *d = current->domain, *owner;
    mfn_t mfn = op->a.dev_bus_addr >> PAGE_SHIFT;
    struct page_info *pg;
    long rc = 0;

    if (op->offset >= PAGE_SIZE || op->length > PAGE_SIZE || op->offset + op->length > PAGE_SIZE ||
        (op->op & ~(GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN)))
        return -EINVAL;
    if (!op->length || !op->op)
        return 0;
    if (!mfn_valid(mfn))
        return -EINVAL;
    pg = mfn_to_page(mfn);
    owner = page_get_owner_and_reference(pg);
    if (!owner || owner == dom_io || owner == dom_xen) {
        if (owner)
            put_page(pg);
        return -EPERM;
    }
    if (owner != d) {
        spin_lock(&gnttab_lock);
        if (!grant_maps_frame(d, owner, mfn))
            rc = -EINVAL;
        spin_unlock(&gnttab_lock);
    }
    if (!rc)
        rc = arch_cache_flush_for_device(op->op & GNTTAB_CACHE_CLEAN, op->op & GNTTAB_CACHE_INVAL);
    put_page(pg);
    return rc;
}

/* No status: an element that fails ends the call with its error. */
static long cache_flush_elem(void *elem)
{
    const struct gnttab_cache_flush *op = elem;

    if (op->op & GNTTAB_CACHE_SOURCE_GREF)
        return -EOPNOTSUPP;
    return cache_flush_one(op);
}

/* map and swap */

static long map_elem(void *elem)
{
    map_one(elem);
    return 0;
}

static long swap_elem(void *elem)
{
    struct gnttab_swap_grant_ref *op = elem;

    op->status = swap_one(op->ref_a, op->ref_b);
    return 0;
}

static long unmap_grant_batch(uint64_t uop, unsigned count, unsigned *done)
{
    return unmap_batch(uop, count, sizeof(struct gnttab_unmap_grant_ref),
                       offsetof(struct gnttab_unmap_grant_ref, status), read_unmap, done);
}

static long unmap_and_replace_batch(uint64_t uop, unsigned count, unsigned *done)
{
    return unmap_batch(uop, count, sizeof(struct gnttab_unmap_and_replace),
                       offsetof(struct gnttab_unmap_and_replace, status), read_unmap_and_replace,
                       done);
}

/* Dispatch */

typedef long batch_fn(uint64_t uop, unsigned count, unsigned *done);

#define STATUS_NONE  (-1) /* nothing is copied back */
#define STATUS_WHOLE (-2) /* the whole element is copied back */

/*
 * An array command: either one element at a time in place (elem: 0, or
 * -errno to end the call; then status_at says what goes back to the
 * guest), or a whole-batch handler (the unmaps, which flush between
 * their two halves).
 */
struct batch_op {
    long (*elem)(void *elem);
    batch_fn *batch;
    size_t size;   /* of one element */
    int status_at; /* offset of its int16_t status, or STATUS_* */
};

static const struct batch_op batch_ops[] = {
    [GNTTABOP_map_grant_ref] = { map_elem, NULL, sizeof(struct gnttab_map_grant_ref),
                                 STATUS_WHOLE },
    [GNTTABOP_unmap_grant_ref] = { NULL, unmap_grant_batch, sizeof(struct gnttab_unmap_grant_ref),
                                   0 },
    [GNTTABOP_copy] = { copy_elem, NULL, sizeof(struct gnttab_copy),
                        offsetof(struct gnttab_copy, status) },
    [GNTTABOP_unmap_and_replace] = { NULL, unmap_and_replace_batch,
                                     sizeof(struct gnttab_unmap_and_replace), 0 },
    [GNTTABOP_swap_grant_ref] = { swap_elem, NULL, sizeof(struct gnttab_swap_grant_ref),
                                  offsetof(struct gnttab_swap_grant_ref, status) },
    [GNTTABOP_transfer] = { transfer_elem, NULL, sizeof(struct gnttab_transfer),
                            offsetof(struct gnttab_transfer, status) },
    [GNTTABOP_cache_flush] = { cache_flush_elem, NULL, sizeof(struct gnttab_cache_flush),
                               STATUS_NONE },
};

/* What of a handled element goes back to the guest: 0 or -EFAULT. */
static int copy_back(const struct batch_op *op, uint64_t uop, const void *elem)
{
    if (op->status_at == STATUS_WHOLE)
        return copy_to_guest(uop, elem, op->size);
    if (op->status_at == STATUS_NONE)
        return 0;
    return copy_to_guest(uop + op->status_at, (const char *)elem + op->status_at, sizeof(int16_t));
}

/* The element loop every per-element command shares: preemptible between elements. */
static long element_batch(const struct batch_op *op, uint64_t uop, unsigned count, unsigned *done)
{
    uint64_t elem[5]; /* the largest element, gnttab_copy's 40 bytes */
    long rc;

    _Static_assert(sizeof(elem) >= sizeof(struct gnttab_copy), "element buffer");
    for (*done = 0; *done < count; (*done)++, uop += op->size) {
        if (*done && hypercall_preempt_check())
            return 0;
        if (copy_from_guest(elem, uop, op->size))
            return -EFAULT;
        rc = op->elem(elem);
        if (rc)
            return rc;
        if (copy_back(op, uop, elem))
            return -EFAULT;
    }
    return 0;
}

/* An array command: elements until done or preempted, the rest a continuation. */
static long run_batch(unsigned cmd, uint64_t uop, unsigned count)
{
    const struct batch_op *op = &batch_ops[cmd];
    unsigned done;
    long rc;

    if (!guest_array_ok(uop, count, op->size))
        return -EFAULT;
    rc = op->elem ? element_batch(op, uop, count, &done) : op->batch(uop, count, &done);
    if (rc || done == count)
        return rc;
    return hypercall_continuation(cmd, uop + done * op->size, count - done, 0, 0);
}

long do_grant_table_op(uint64_t cmd_arg, uint64_t uop, uint64_t count_arg, uint64_t a4, uint64_t a5)
{
    unsigned cmd = cmd_arg, count = count_arg;

    if ((int)count < 0)
        return -EINVAL;
    /* Only cache_flush may carry state above the command (Xen's scan position; we need none). */
    if (cmd & ~GNTTABOP_CMD_MASK) {
        if ((cmd & GNTTABOP_CMD_MASK) != GNTTABOP_cache_flush)
            return -EINVAL;
        cmd &= GNTTABOP_CMD_MASK;
    }
    switch (cmd) {
    case GNTTABOP_setup_table:
        return setup_table(uop, count);
    case GNTTABOP_query_size:
        return query_size(uop, count);
    case GNTTABOP_set_version:
        return set_version(uop);
    case GNTTABOP_get_version:
        return get_version(uop);
    case GNTTABOP_get_status_frames:
        return get_status_frames(uop, count);
    }
    if (cmd < ARRAY_SIZE(batch_ops) && batch_ops[cmd].size)
        return run_batch(cmd, uop, count);
    /* dump_table and numbers nobody knows: Xen 4.17 answers -ENOSYS too. */
    printk(LOG_DEBUG "d%u: grant_table_op %u unknown\n", current->domain->domain_id, cmd);
    return -ENOSYS;
}

/* Life of a table */

int grant_table_init(struct domain *d, unsigned max_frames, unsigned max_maptrack_frames)
{
    struct grant_table *gt;
    int rc;

    if (max_frames < 1)
        return -EINVAL;
    gt = xmalloc_obj(struct grant_table);
    if (!gt)
        return -ENOMEM;
    d->grant_table = gt;
    gt->max_frames = max_frames;
    gt->max_maptrack_frames = max_maptrack_frames;
    gt->maptrack_free = MAPTRACK_END;
    gt->frames = xmalloc(max_frames * sizeof(*gt->frames));
    gt->active = xmalloc(max_frames * sizeof(*gt->active));
    if (!gt->frames || !gt->active)
        return -ENOMEM;
    spin_lock(&gnttab_lock);
    rc = grow(d, 1);
    spin_unlock(&gnttab_lock);
    return rc;
}

unsigned grant_table_max_frames(const struct domain *d)
{
    return d->grant_table->max_frames;
}

int grant_table_frame(struct domain *d, unsigned idx, mfn_t *mfn)
{
    struct grant_table *gt = d->grant_table;
    int rc = 0;

    spin_lock(&gnttab_lock);
    if (idx >= gt->nr_frames && (idx >= gt->max_frames || grow(d, idx + 1)))
        rc = -EINVAL;
    else
        *mfn = page_to_mfn(gt->frames[idx]);
    spin_unlock(&gnttab_lock);
    return rc;
}

void grant_table_relinquish(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt)
        return;
    spin_lock(&gnttab_lock);
    for (grant_handle_t h = 0; h < gt->maptrack_limit; h++) {
        struct grant_mapping *map = maptrack_entry(gt, h);
        struct domain *rd;

        if (!map->flags)
            continue;
        rd = domain_lookup(map->domid);
        if (rd) {
            mfn_t mfn = active_entry(rd->grant_table, map->ref)->mfn;

            /* A host mapping's references are its page-table entry's, released with the tables. */
            if (map->flags & GNTMAP_device_map)
                mapping_put_refs(mfn_to_page(mfn), map->flags & ~GNTMAP_host_map);
            unpin_entry(rd, map->ref, map_pins(map->flags));
            domain_put(rd);
        }
        maptrack_put(gt, h);
    }
    mm_lock();
    for (unsigned i = 0; i < gt->nr_frames; i++)
        page_unshare_xen(gt->frames[i], d);
    mm_unlock();
    spin_unlock(&gnttab_lock);
}

/* What grant_table_held_frames is gathering; under gnttab_lock. */
static struct {
    struct domain *granter;
    void (*held)(void *ctx, mfn_t mfn, uint64_t type);
    void *ctx;
} held_query;

static void held_by_mapper(struct domain *ld)
{
    struct grant_table *lgt = ld->grant_table, *rgt = held_query.granter->grant_table;

    for (grant_handle_t h = 0; lgt && h < lgt->maptrack_limit; h++) {
        const struct grant_mapping *map = maptrack_entry(lgt, h);

        if ((map->flags & GNTMAP_device_map) && map->domid == held_query.granter->domain_id &&
            map->ref < nr_entries(rgt))
            held_query.held(held_query.ctx, active_entry(rgt, map->ref)->mfn,
                            map->flags & GNTMAP_readonly ? PGT_none : PGT_writable_page);
    }
}

void grant_table_held_frames(struct domain *d, void (*held)(void *ctx, mfn_t mfn, uint64_t type),
                             void *ctx)
{
    spin_lock(&gnttab_lock);
    held_query.granter = d;
    held_query.held = held;
    held_query.ctx = ctx;
    domain_for_each(held_by_mapper);
    spin_unlock(&gnttab_lock);
}

void grant_table_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt)
        return;
    for (unsigned i = 0; i < gt->nr_frames; i++) {
        /* Still mapped by another domain: better lost than handed out again. */
        if (!(gt->frames[i]->count_info & PGC_count_mask))
            free_pages(gt->frames[i], 0);
        free_pages(mfn_to_page(arch_virt_to_mfn(gt->active[i])), ACTIVE_ORDER);
    }
    for (unsigned i = 0; i < gt->maptrack_limit / MAPTRACK_PER_FRAME; i++)
        xfree(gt->maptrack[i]);
    xfree(gt->frames);
    xfree(gt->active);
    xfree(gt->maptrack);
    xfree(gt);
    d->grant_table = NULL;
}
