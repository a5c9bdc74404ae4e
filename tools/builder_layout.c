/*
 * The domU layout of Xen 4.17's toolstack (see builder_layout.h).  Pages are
 * handed out in order from PFN 0, virtual addresses from VIRT_BASE alongside,
 * as libxenguest's segment allocator does: a segment may ask to start at a
 * virtual address, and the pages up to it are skipped (padding).
 *
 * Page tables: each mapping counts, per level, the aligned span of tables
 * its range needs; a second mapping (the INIT_P2M list) leaves out the
 * spans the first one's tables already cover, and only the first has a
 * root.  Addresses are taken modulo 2^48, so the upper half's tables sit
 * at the root's top slots.
 */
#include "common/errno.h"
#include "common/string.h"
#include "tools/builder_layout.h"

#define VA_MASK    ((1UL << 48) - 1)
#define PAGE       PV_PAGE_SIZE
#define SPARE      ((512UL << 10) / PAGE) /* pages kept free after the boot stack */
#define END_ALIGN  ((4UL << 20) - 1)      /* the initial mapping ends 4 MiB aligned */
#define PAGES(len) (((len) + PAGE - 1) / PAGE)

struct allocator {
    struct domu_layout *l;
    uint64_t virt_end; /* the virtual address of PFN pfn_end */
    const char **problem;
};

static int take_pages(struct allocator *a, uint64_t pages)
{
    struct domu_layout *l = a->l;

    if (pages > l->nr_pages || l->pfn_end > l->nr_pages || pages > l->nr_pages - l->pfn_end) {
        *a->problem = "the kernel and its initial mapping do not fit in the domain's memory";
        return -ENOMEM;
    }
    l->pfn_end += pages;
    a->virt_end += pages * PAGE;
    return 0;
}

/* Skip pages up to virtual address va. */
static int pad_to(struct allocator *a, uint64_t va)
{
    if (va & (PAGE - 1) || va < a->virt_end) {
        *a->problem = "the kernel's segments do not start on a page boundary past VIRT_BASE";
        return -EINVAL;
    }
    return take_pages(a, (va - a->virt_end) / PAGE);
}

/* pages pages at va (0: where the last one ended); their first PFN in *pfn. */
static int segment(struct allocator *a, uint64_t va, uint64_t pages, uint64_t *pfn)
{
    int rc = va ? pad_to(a, va) : 0;

    if (rc)
        return rc;
    *pfn = a->l->pfn_end;
    return take_pages(a, pages);
}

/*
 * Count the tables mapping m (of l->maps, the nr_maps-th) needs to map
 * [from, to] from PFN pfn on, its tables numbered from first_table on.
 */
static int count_tables(struct domu_layout *l, uint64_t from, uint64_t to, uint64_t pfn,
                        uint64_t first_table, const char **problem)
{
    struct pt_mapping *m = &l->maps[l->nr_maps];

    if (pfn + ((to - from) >> PV_PAGE_SHIFT) >= l->nr_pages) {
        *problem = "the domain's memory is too small for its initial mapping";
        return -ENOMEM;
    }
    *m = (struct pt_mapping){ .area = { from & VA_MASK, to & VA_MASK, pfn, 0 } };
    for (int lv = PV_PT_LEVELS - 1; lv >= 0; lv--) {
        struct pt_level_range *r = &m->lvl[lv];
        unsigned bits = pv_level_shift(lv + 2);
        uint64_t mask = (1UL << bits) - 1;

        r->pfn = first_table + m->area.tables;
        if (lv == PV_PT_LEVELS - 1) {
            if (l->nr_maps == 0)
                *r = (struct pt_level_range){ 0, VA_MASK, r->pfn, 1 };
            m->area.tables += r->tables;
            continue;
        }
        r->from = m->area.from & ~mask;
        r->to = m->area.to | mask;
        for (unsigned i = 0; i < l->nr_maps; i++) {
            const struct pt_level_range *o = &l->maps[i].lvl[lv];

            if (o->from == o->to)
                continue;
            if (r->from >= o->from && r->to <= o->to) {
                r->from = r->to = 0;
                break;
            }
            if (r->from >= o->from && r->from <= o->to)
                r->from = o->to + 1;
            if (r->to >= o->from && r->to <= o->to)
                r->to = o->from - 1;
        }
        if (r->from < r->to)
            r->tables = ((r->to - r->from) >> bits) + 1;
        m->area.tables += r->tables;
    }
    return 0;
}

/* The initial mapping's tables, grown until the mapping they cover holds them. */
static int place_tables(struct allocator *a)
{
    struct domu_layout *l = a->l;
    uint64_t extra = 1 + SPARE, pages = extra, end;
    int rc;

    for (;;) {
        end = (a->virt_end + pages * PAGE) | END_ALIGN;
        if (end < a->virt_end) {
            *a->problem = "the kernel's initial mapping runs past the top of the address space";
            return -EINVAL;
        }
        rc = count_tables(l, l->kernel.v_start, end, 0, l->pfn_end, a->problem);
        if (rc)
            return rc;
        pages = l->maps[0].area.tables + extra;
        if (a->virt_end + pages * PAGE <= end + 1)
            break;
    }
    l->nr_maps = 1;
    l->v_end = end + 1;
    l->nr_pt_frames = l->maps[0].area.tables;
    return segment(a, 0, l->nr_pt_frames, &l->pt_pfn);
}

/* INIT_P2M: the list at its own address, then its own tables. */
static int place_p2m_apart(struct allocator *a, uint64_t list_pages)
{
    struct domu_layout *l = a->l;
    uint64_t from = l->p2m_va, to = from + list_pages * PAGE - 1;
    struct pt_mapping *m = &l->maps[1];
    int rc;

    if (to < from || to >= l->kernel.v_start) {
        *a->problem = "the kernel's INIT_P2M list would overlap its initial mapping";
        return -EINVAL;
    }
    rc = count_tables(l, from, to, l->pfn_end, l->pfn_end + list_pages, a->problem);
    if (rc)
        return rc;
    l->nr_maps = 2;
    l->p2m_pages = list_pages + m->area.tables;
    return segment(a, 0, l->p2m_pages, &l->p2m_pfn);
}

static int place_rest(struct allocator *a, uint64_t initrd_len)
{
    struct domu_layout *l = a->l;
    uint64_t list_pages = PAGES(l->nr_pages * sizeof(uint64_t));
    int rc;

    if (initrd_len && !l->kernel.initrd_by_pfn &&
        (rc = segment(a, 0, l->initrd_pages, &l->initrd_pfn)))
        return rc;
    if (!l->p2m_apart) {
        l->p2m_pages = list_pages;
        if ((rc = segment(a, 0, list_pages, &l->p2m_pfn)))
            return rc;
        l->p2m_va = l->kernel.v_start + l->p2m_pfn * PAGE;
    }
    if ((rc = segment(a, 0, 1, &l->start_info_pfn)) || (rc = segment(a, 0, 1, &l->xenstore_pfn)) ||
        (rc = segment(a, 0, 1, &l->console_pfn)) || (rc = place_tables(a)) ||
        (rc = segment(a, 0, 1, &l->stack_pfn)) || (rc = pad_to(a, l->v_end)))
        return rc;
    if (initrd_len && l->kernel.initrd_by_pfn &&
        (rc = segment(a, 0, l->initrd_pages, &l->initrd_pfn)))
        return rc;
    return l->p2m_apart ? place_p2m_apart(a, list_pages) : 0;
}

int domu_layout_compute(const struct pv_kernel *k, struct elf_xen_num init_p2m, uint64_t initrd_len,
                        uint64_t nr_pages, struct domu_layout *l, const char **problem)
{
    struct allocator a = { l, k->v_start, problem };
    int rc;

    *l = (struct domu_layout){ .kernel = *k, .nr_pages = nr_pages };
    /* Only a list below VIRT_BASE, page-aligned, is placed apart; else it is ignored. */
    l->p2m_apart =
        init_p2m.present && init_p2m.value < k->v_start && !(init_p2m.value & (PAGE - 1));
    l->p2m_va = l->p2m_apart ? init_p2m.value : 0;
    l->initrd_pages = PAGES(initrd_len);
    if (initrd_len > nr_pages * PAGE) {
        *problem = "the initrd is larger than the domain's memory";
        return -ENOMEM;
    }
    l->kern_pages = PAGES(k->kern_end - k->kern_start);
    rc = segment(&a, k->kern_start, l->kern_pages, &l->kern_pfn);
    if (!rc)
        rc = place_rest(&a, initrd_len);
    if (!rc && k->hypercall_page &&
        (k->hypercall_page < k->v_start || k->hypercall_page >= l->v_end)) {
        *problem = "the kernel's HYPERCALL_PAGE is not a page of its initial mapping";
        rc = -EINVAL;
    }
    return rc;
}

bool domu_layout_is_table(const struct domu_layout *l, uint64_t pfn)
{
    for (unsigned i = 0; i < l->nr_maps; i++) {
        uint64_t first = l->maps[i].lvl[PV_PT_LEVELS - 1].pfn;

        if (pfn >= first && pfn < first + l->maps[i].area.tables)
            return true;
    }
    return false;
}

void domu_layout_tables(const struct domu_layout *l,
                        void (*emit)(void *ctx, uint64_t table_pfn, unsigned slot, uint64_t pfn,
                                     unsigned level),
                        void *ctx)
{
    for (int lv = PV_PT_LEVELS - 1; lv >= 0; lv--) {
        unsigned shift = pv_level_shift(lv + 1);

        for (unsigned i = 0; i < l->nr_maps; i++) {
            const struct pt_level_range *t = &l->maps[i].lvl[lv];

            for (unsigned j = 0; j < l->nr_maps; j++) {
                const struct pt_level_range *c = lv ? &l->maps[j].lvl[lv - 1] : &l->maps[j].area;
                uint64_t lo, hi, pfn;

                if ((lv && !c->tables) || c->from >= t->to || c->to <= t->from)
                    continue;
                lo = c->from > t->from ? c->from : t->from;
                hi = c->to < t->to ? c->to : t->to;
                pfn = ((lo - c->from) >> shift) + c->pfn;
                for (uint64_t p = (lo - t->from) >> shift; p <= (hi - t->from) >> shift; p++)
                    emit(ctx, t->pfn + p / 512, (unsigned)(p % 512), pfn++, lv + 1);
            }
        }
    }
}
