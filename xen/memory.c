/*
 * memory_op (hypercall 12): growing and shrinking a domain's memory,
 * trading frames, and the memory maps (public/memory.h, Xen 4.17's semantics).
 *
 * cmd bits 0-5 pick the sub-op; bits 6 and up are the start extent of a
 * continued reservation op.  The reservation ops (increase, decrease,
 * populate) return the number of extents done, never an error: any
 * failure just stops early.  A domain's frames come and go through
 * page_assign() and page_drop_allocation() (xen/page_types.c): a frame
 * given back while still referenced (mapped, a page table) stays until its
 * last reference goes, so nothing in use is ever freed.
 */
#include "public/memory.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/grant_table.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/memory.h"
#include "xen/page_alloc.h"
#include "xen/page_types.h"
#include "xen/xmalloc.h"

#define DOMU_MAX_ORDER  9  /* 2 MiB extents */
#define PRIV_MAX_ORDER  18 /* control and hardware domain */
#define RESERVATION_MAX (UINT32_MAX >> MEMOP_EXTENT_SHIFT)
#define NUMA_NO_NODE    0xFF
#define MAX_NUMNODES    64

struct memop {
    struct domain *d;
    uint64_t list; /* guest pointer to xen_pfn_t[nr_extents], may be 0 */
    unsigned nr_extents;
    unsigned order;
    unsigned done; /* extents done so far (the start extent on entry) */
    bool pod;      /* populate-on-demand requested */
    bool preempted;
};

static unsigned max_order(const struct domain *d)
{
    return d->is_privileged ? PRIV_MAX_ORDER : DOMU_MAX_ORDER;
}

/* Elements [first, nr) of a guest array are addressable (a NULL array is). */
static bool subrange_ok(uint64_t va, uint64_t first, uint64_t nr, size_t size)
{
    return !va || guest_array_ok(va + first * size, nr - first, size);
}

static int may_target(const struct domain *target)
{
    const struct domain *src = current->domain;

    return src == target || src->is_privileged ? 0 : -EPERM;
}

/* 2^order contiguous frames for d, each with its allocation reference. */
static struct page_info *alloc_domain_pages(struct domain *d, unsigned order)
{
    uint64_t n = 1UL << order, i;
    struct page_info *pg;
    bool room;

    spin_lock(&d->lock);
    room = d->state != DOMAIN_DYING && d->tot_pages + n <= d->max_pages;
    spin_unlock(&d->lock);
    if (!room || !(pg = alloc_guest_pages(order)))
        return NULL;
    for (i = 0; i < n; i++)
        if (page_assign(d, pg + i))
            break;
    if (i == n)
        return pg;
    for (uint64_t j = 0; j < n; j++) {
        if (j < i)
            page_drop_allocation(pg + j);
        else
            free_pages(pg + j, 0);
    }
    return NULL;
}

static void increase_reservation(struct memop *a)
{
    unsigned i;

    if (!subrange_ok(a->list, a->done, a->nr_extents, sizeof(xen_pfn_t)) ||
        a->order > max_order(current->domain))
        return;
    for (i = a->done; i < a->nr_extents; i++) {
        struct page_info *pg;
        xen_pfn_t mfn;

        if (i != a->done && hypercall_preempt_check()) {
            a->preempted = true;
            break;
        }
        pg = alloc_domain_pages(a->d, a->order);
        if (!pg)
            break;
        mfn = page_to_mfn(pg);
        if (a->list && copy_to_guest(a->list + i * sizeof(mfn), &mfn, sizeof(mfn)))
            break;
    }
    a->done = i;
}

static void populate_physmap(struct memop *a)
{
    unsigned i;

    if (!subrange_ok(a->list, a->done, a->nr_extents, sizeof(xen_pfn_t)) ||
        a->order > max_order(current->domain))
        return;
    for (i = a->done; i < a->nr_extents; i++) {
        uint64_t slot = a->list + i * sizeof(xen_pfn_t);
        struct page_info *pg;
        xen_pfn_t gpfn, mfn;

        if (i != a->done && hypercall_preempt_check()) {
            a->preempted = true;
            break;
        }
        /* Populate-on-demand is for translated guests only. */
        if (copy_from_guest(&gpfn, slot, sizeof(gpfn)) || a->pod)
            break;
        pg = alloc_domain_pages(a->d, a->order);
        if (!pg)
            break;
        mfn = page_to_mfn(pg);
        for (uint64_t j = 0; j < (1UL << a->order); j++)
            set_gpfn_from_mfn(mfn + j, gpfn + j);
        if (copy_to_guest(slot, &mfn, sizeof(mfn)))
            break;
    }
    a->done = i;
}

/* Give back one frame: drop its allocation reference (others keep theirs). */
static int remove_page(struct domain *d, xen_pfn_t gmfn)
{
    struct page_info *pg;

    if (!mfn_valid(gmfn))
        return -EINVAL;
    pg = mfn_to_page(gmfn);
    if (!get_page(pg, d))
        return -ENXIO;
    page_drop_allocation(pg);
    put_page(pg);
    return 0;
}

static void decrease_reservation(struct memop *a)
{
    unsigned i;

    if (!subrange_ok(a->list, a->done, a->nr_extents, sizeof(xen_pfn_t)) ||
        a->order > max_order(current->domain))
        return;
    for (i = a->done; i < a->nr_extents; i++) {
        xen_pfn_t gmfn;

        if (i != a->done && hypercall_preempt_check()) {
            a->preempted = true;
            break;
        }
        if (copy_from_guest(&gmfn, a->list + i * sizeof(gmfn), sizeof(gmfn)))
            break;
        for (uint64_t j = 0; j < (1UL << a->order); j++)
            if (remove_page(a->d, gmfn + j))
                goto out;
    }
out:
    a->done = i;
}

/*
 * mem_flags Xen refuses: an address limit of a page or less, a NUMA node
 * out of range, an exact node from an unprivileged caller.  (Address
 * limits and node hints are otherwise not honoured: one node, and the
 * allocator has no zones.)
 */
static bool flags_ok(unsigned mem_flags)
{
    unsigned bits = XENMEMF_get_address_bits(mem_flags);
    unsigned node = XENMEMF_get_node(mem_flags);

    if (bits && bits <= PAGE_SHIFT)
        return false;
    if (node == NUMA_NO_NODE || (mem_flags & XENMEMF_vnode))
        return true;
    if (current->domain->is_privileged)
        return node < MAX_NUMNODES;
    return !(mem_flags & XENMEMF_exact_node_request);
}

static long reservation_op(unsigned op, unsigned start, uint64_t arg)
{
    struct xen_memory_reservation r;
    struct memop a = { .done = start };

    if (copy_from_guest(&r, arg, sizeof(r)) || r.nr_extents > RESERVATION_MAX ||
        start >= r.nr_extents)
        return start;
    if (!flags_ok(r.mem_flags))
        return start;
    a.d = domain_lookup_any(r.domid);
    if (!a.d)
        return start;
    if (may_target(a.d)) {
        domain_put(a.d);
        return start;
    }
    a.list = r.extent_start;
    a.nr_extents = r.nr_extents;
    a.order = r.extent_order;
    a.pod = op == XENMEM_populate_physmap && (r.mem_flags & XENMEMF_populate_on_demand);
    if (op == XENMEM_increase_reservation)
        increase_reservation(&a);
    else if (op == XENMEM_decrease_reservation)
        decrease_reservation(&a);
    else
        populate_physmap(&a);
    domain_put(a.d);
    if (a.preempted)
        return hypercall_continuation(op | ((uint64_t)a.done << MEMOP_EXTENT_SHIFT), arg, 0, 0, 0);
    return a.done;
}

/* XENMEM_exchange */

struct exchange {
    struct xen_memory_exchange x;
    struct domain *d;
    unsigned in_chunk, out_chunk; /* log2 of extents per chunk on each side */
    struct list_head in, out;     /* stolen frames; allocated blocks */
};

static int exchange_steal(struct exchange *e, uint64_t chunk)
{
    for (uint64_t j = 0; j < (1UL << e->in_chunk); j++) {
        uint64_t idx = (chunk << e->in_chunk) + j;
        xen_pfn_t gmfn;

        if (copy_from_guest(&gmfn, e->x.in.extent_start + idx * sizeof(gmfn), sizeof(gmfn)))
            return -EFAULT;
        for (uint64_t k = 0; k < (1UL << e->x.in.extent_order); k++) {
            struct page_info *pg;

            if (!mfn_valid(gmfn + k))
                return -EINVAL;
            pg = mfn_to_page(gmfn + k);
            if (page_steal(e->d, pg))
                return -EINVAL;
            list_add_tail(&pg->list, &e->in);
        }
    }
    return 0;
}

static int exchange_alloc(struct exchange *e)
{
    for (uint64_t j = 0; j < (1UL << e->out_chunk); j++) {
        struct page_info *pg = alloc_guest_pages(e->x.out.extent_order);

        if (!pg)
            return -ENOMEM;
        list_add_tail(&pg->list, &e->out);
    }
    return 0;
}

/* The chunk cannot fail any more: free the old frames, hand out the new. */
static int exchange_commit(struct exchange *e, uint64_t chunk)
{
    unsigned order = e->x.out.extent_order;
    int rc = 0;

    page_free_guest_frames(&e->in);
    for (uint64_t j = 0; !list_empty(&e->out); j++) {
        struct page_info *pg = list_first_entry(&e->out, struct page_info, list);
        uint64_t slot = e->x.out.extent_start + ((chunk << e->out_chunk) + j) * sizeof(xen_pfn_t);
        xen_pfn_t gpfn, mfn = page_to_mfn(pg);

        list_del(&pg->list);
        for (uint64_t k = 0; k < (1UL << order); k++)
            page_give_back(e->d, pg + k);
        if (copy_from_guest(&gpfn, slot, sizeof(gpfn))) {
            rc = -EFAULT;
            continue;
        }
        for (uint64_t k = 0; k < (1UL << order); k++)
            set_gpfn_from_mfn(mfn + k, gpfn + k);
        if (copy_to_guest(slot, &mfn, sizeof(mfn)))
            rc = -EFAULT;
    }
    return rc;
}

/* A chunk failed before commit: return what was stolen, free what was allocated. */
static void exchange_undo(struct exchange *e)
{
    while (!list_empty(&e->in)) {
        struct page_info *pg = list_first_entry(&e->in, struct page_info, list);

        list_del(&pg->list);
        page_give_back(e->d, pg);
    }
    while (!list_empty(&e->out)) {
        struct page_info *pg = list_first_entry(&e->out, struct page_info, list);

        list_del(&pg->list);
        free_pages(pg, e->x.out.extent_order);
    }
}

static int exchange_check(const struct xen_memory_exchange *x)
{
    const struct xen_memory_reservation *in = &x->in, *out = &x->out;

    if (MAX(in->extent_order, out->extent_order) > max_order(current->domain))
        return -EPERM;
    if (x->nr_exchanged > in->nr_extents || in->domid != out->domid ||
        (~0UL >> in->extent_order) < in->nr_extents ||
        (~0UL >> out->extent_order) < out->nr_extents ||
        (in->nr_extents << in->extent_order) != (out->nr_extents << out->extent_order))
        return -EINVAL;
    return 0;
}

static long exchange_run(struct exchange *e, uint64_t arg)
{
    uint64_t first = e->x.nr_exchanged >> e->in_chunk;
    uint64_t end = e->x.in.nr_extents >> e->in_chunk, i;
    int rc = 0;

    for (i = first; i < end; i++) {
        if (i != first && hypercall_preempt_check()) {
            e->x.nr_exchanged = i << e->in_chunk;
            if (copy_to_guest(arg + offsetof(struct xen_memory_exchange, nr_exchanged),
                              &e->x.nr_exchanged, sizeof(e->x.nr_exchanged)))
                return -EFAULT;
            return hypercall_continuation(XENMEM_exchange, arg, 0, 0, 0);
        }
        rc = exchange_steal(e, i);
        if (!rc)
            rc = exchange_alloc(e);
        if (rc) {
            exchange_undo(e);
            break;
        }
        rc = exchange_commit(e, i);
        if (rc)
            break;
    }
    /* On failure, the chunks before the failing one are the ones done. */
    e->x.nr_exchanged = rc ? i << e->in_chunk : e->x.in.nr_extents;
    return rc;
}

static long memory_exchange(uint64_t arg)
{
    struct exchange e;
    long rc;

    if (copy_from_guest(&e.x, arg, sizeof(e.x)))
        return -EFAULT;
    rc = exchange_check(&e.x);
    if (rc)
        goto out;
    e.in_chunk = e.x.in.extent_order <= e.x.out.extent_order
                     ? e.x.out.extent_order - e.x.in.extent_order
                     : 0;
    e.out_chunk =
        e.x.in.extent_order > e.x.out.extent_order ? e.x.in.extent_order - e.x.out.extent_order : 0;
    if (!subrange_ok(e.x.in.extent_start, e.x.nr_exchanged, e.x.in.nr_extents, sizeof(xen_pfn_t)) ||
        !subrange_ok(e.x.out.extent_start, (e.x.nr_exchanged >> e.in_chunk) << e.out_chunk,
                     e.x.out.nr_extents, sizeof(xen_pfn_t))) {
        rc = -EFAULT;
        goto out;
    }
    e.d = domain_lookup_any(e.x.in.domid);
    if (!e.d) {
        rc = -ESRCH;
        goto out;
    }
    rc = may_target(e.d);
    list_init(&e.in);
    list_init(&e.out);
    if (!rc)
        rc = exchange_run(&e, arg);
    domain_put(e.d);
    if (rc == -ERESTART)
        return rc;
out:
    if (copy_to_guest(arg + offsetof(struct xen_memory_exchange, nr_exchanged), &e.x.nr_exchanged,
                      sizeof(e.x.nr_exchanged)))
        rc = -EFAULT;
    return rc;
}

/* Simple queries */

static long domain_query(unsigned op, uint64_t arg)
{
    domid_t id;
    struct domain *d;
    long rc;

    if (copy_from_guest(&id, arg, sizeof(id)))
        return -EFAULT;
    d = domain_lookup_any(id);
    if (!d)
        return -ESRCH;
    rc = may_target(d);
    if (!rc) {
        if (op == XENMEM_current_reservation)
            rc = d->tot_pages;
        else if (op == XENMEM_maximum_reservation)
            rc = d->max_pages;
        else /* PV: the guest's P2M size, as the guest wrote it in shared_info */
            rc = (d->shared_info && d->shared_info->arch.max_pfn ? d->shared_info->arch.max_pfn
                                                                 : 1) -
                 1;
    }
    domain_put(d);
    return rc;
}

static long add_to_physmap(unsigned start, uint64_t arg)
{
    struct xen_add_to_physmap xatp;
    struct domain *d;

    if (start != (uint16_t)start)
        return -EDOM;
    if (copy_from_guest(&xatp, arg, sizeof(xatp)))
        return -EFAULT;
    if (xatp.space == XENMAPSPACE_gmfn_foreign)
        return -ENOSYS;
    d = domain_lookup_any(xatp.domid);
    if (!d)
        return -ESRCH;
    domain_put(d);
    /* Only translated guests have a physmap to add to. */
    return -EACCES;
}

/* Memory maps */

static long memory_map(uint64_t arg)
{
    struct domain *d = current->domain;
    struct xen_memory_map map;
    long rc = 0;

    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    spin_lock(&d->lock);
    if (!d->nr_e820) {
        rc = -ENOSYS;
    } else {
        map.nr_entries = MIN(map.nr_entries, d->nr_e820);
        if (copy_to_guest(map.buffer, d->e820, map.nr_entries * sizeof(*d->e820)) ||
            copy_to_guest(arg, &map, sizeof(map)))
            rc = -EFAULT;
    }
    spin_unlock(&d->lock);
    return rc;
}

static long set_memory_map(uint64_t arg)
{
    struct xen_foreign_memory_map fmap;
    struct xen_e820_entry *e820, *old;
    struct domain *d;
    long rc;

    if (copy_from_guest(&fmap, arg, sizeof(fmap)))
        return -EFAULT;
    if (fmap.map.nr_entries > XENMEM_MAX_E820_ENTRIES)
        return -EINVAL;
    d = domain_lookup_any(fmap.domid);
    if (!d)
        return -ESRCH;
    rc = may_target(d);
    if (rc)
        goto out;
    e820 = xmalloc(fmap.map.nr_entries * sizeof(*e820) + 1);
    rc = -ENOMEM;
    if (!e820)
        goto out;
    rc = -EFAULT;
    if (copy_from_guest(e820, fmap.map.buffer, fmap.map.nr_entries * sizeof(*e820))) {
        xfree(e820);
        goto out;
    }
    spin_lock(&d->lock);
    old = d->e820;
    d->e820 = e820;
    d->nr_e820 = fmap.map.nr_entries;
    spin_unlock(&d->lock);
    xfree(old);
    rc = 0;
out:
    domain_put(d);
    return rc;
}

static long machine_memory_map(uint64_t arg)
{
    const struct xen_e820_entry *e820;
    size_t n = arch_machine_memory_map(&e820);
    struct xen_memory_map map;

    if (!current->domain->is_privileged)
        return -EPERM;
    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    if (map.buffer) {
        /* Xen wants room for one more entry than it has. */
        if (map.nr_entries < n + 1)
            return -EINVAL;
        if (copy_to_guest(map.buffer, e820, n * sizeof(*e820)))
            return -EFAULT;
    }
    map.nr_entries = n;
    return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

static long machphys_mapping(uint64_t arg)
{
    struct xen_machphys_mapping m = {
        .v_start = GUEST_M2P_VIRT_START,
        .v_end = GUEST_M2P_VIRT_END,
        .max_mfn = GUEST_M2P_ENTRIES - 1,
    };

    /* The hardware domain is told the real end of RAM (no memory hotplug). */
    if (current->domain->is_privileged && current->domain->domain_id == 0)
        m.max_mfn = max_page - 1;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/* The MFNs of the M2P, one per 2 MiB of it (the M2P is one contiguous block). */
static long machphys_mfn_list(uint64_t arg)
{
    struct xen_machphys_mfn_list l;
    uint64_t per_chunk = (2UL << 20) / sizeof(*m2p_table), i;
    uint64_t chunks = (max_page + per_chunk - 1) / per_chunk;

    if (copy_from_guest(&l, arg, sizeof(l)))
        return -EFAULT;
    for (i = 0; i < l.max_extents && i < chunks && m2p_table; i++) {
        xen_pfn_t mfn =
            arch_virt_to_mfn(m2p_table) + i * (per_chunk * sizeof(*m2p_table) / PAGE_SIZE);

        if (copy_to_guest(l.extent_start + i * sizeof(mfn), &mfn, sizeof(mfn)))
            return -EFAULT;
    }
    l.nr_extents = i;
    return copy_to_guest(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

/* XENMEM_acquire_resource */

/*
 * Frames [frame, frame + nr) of d's resource into list, the table growing
 * to reach them: nr, or -EINVAL.  Only the grant table's shared frames
 * exist for a PV domain.
 */
static long resource_frames(struct domain *d, uint64_t frame, unsigned nr, xen_pfn_t *list)
{
    for (unsigned i = nr; i-- > 0;) { /* the last first: the table grows once */
        mfn_t mfn;

        if (frame + i < frame || frame + i > UINT32_MAX || grant_table_frame(d, frame + i, &mfn))
            return -EINVAL;
        list[i] = mfn;
    }
    return nr;
}

static unsigned resource_size(const struct domain *d, const struct xen_mem_acquire_resource *r)
{
    if (r->type == XENMEM_resource_grant_table && r->id == XENMEM_resource_grant_table_id_shared)
        return grant_table_max_frames(d);
    return 0;
}

/* Returns 0, -errno, or the frames done so far when preempted (a continuation). */
static long acquire_resource(unsigned start, uint64_t arg)
{
    struct xen_mem_acquire_resource r;
    struct domain *d;
    long rc;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    if (r.pad)
        return -EINVAL;
    if (r.domid == current->domain->domain_id)
        return -EPERM;
    d = domain_lookup(r.domid);
    if (!d)
        return -ESRCH;
    rc = may_target(d);
    if (!rc && !resource_size(d, &r))
        rc = -EINVAL;
    if (!rc && !r.frame_list) {
        if (r.nr_frames || start) {
            rc = -EINVAL;
        } else {
            r.nr_frames = resource_size(d, &r);
            rc = copy_to_guest(arg + offsetof(struct xen_mem_acquire_resource, nr_frames),
                               &r.nr_frames, sizeof(r.nr_frames))
                     ? -EFAULT
                     : 0;
        }
        goto out;
    }
    if (!rc && (start >= r.nr_frames || r.nr_frames > (UINT32_MAX >> MEMOP_EXTENT_SHIFT)))
        rc = -EINVAL;
    while (!rc && start < r.nr_frames) {
        xen_pfn_t list[32];
        unsigned todo = r.nr_frames - start < 32 ? r.nr_frames - start : 32;

        rc = resource_frames(d, r.frame + start, todo, list);
        if (rc < 0)
            break;
        if (copy_to_guest(r.frame_list + start * sizeof(xen_pfn_t), list, todo * sizeof(*list))) {
            rc = -EFAULT;
            break;
        }
        start += todo;
        rc = 0;
        if (start < r.nr_frames && hypercall_preempt_check())
            rc = start;
    }
out:
    domain_put(d);
    return rc;
}

void memory_domain_destroy(struct domain *d)
{
    xfree(d->e820);
    d->e820 = NULL;
    d->nr_e820 = 0;
}

long do_memory_op(uint64_t cmd, uint64_t arg, uint64_t unused3, uint64_t unused4, uint64_t unused5)
{
    unsigned op = cmd & MEMOP_CMD_MASK;
    unsigned start = cmd >> MEMOP_EXTENT_SHIFT;

    switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return reservation_op(op, start, arg);
    case XENMEM_add_to_physmap:
        return add_to_physmap(start, arg);
    case XENMEM_acquire_resource: {
        long rc = acquire_resource(start, arg);

        if (rc > 0)
            return hypercall_continuation(op | ((uint64_t)rc << MEMOP_EXTENT_SHIFT), arg, 0, 0, 0);
        return rc;
    }
    case XENMEM_exchange:
    case XENMEM_maximum_ram_page:
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        if (start)
            return -EINVAL;
        if (op == XENMEM_exchange)
            return memory_exchange(arg);
        if (op == XENMEM_maximum_ram_page)
            return max_page;
        return domain_query(op, arg);
    }
    /* The machine-level ops take the whole cmd: continuation bits do not match. */
    switch (cmd) {
    case XENMEM_memory_map:
        return memory_map(arg);
    case XENMEM_set_memory_map:
        return set_memory_map(arg);
    case XENMEM_machine_memory_map:
        return machine_memory_map(arg);
    case XENMEM_machphys_mapping:
        return machphys_mapping(arg);
    case XENMEM_machphys_mfn_list:
        return machphys_mfn_list(arg);
    default:
        return -ENOSYS;
    }
}
