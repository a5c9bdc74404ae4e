/*
 * Buddy allocator over frame_table.
 *
 * Invariants: a free block of order n starts at a frame number that is a
 * multiple of 2^n; its first frame has PGC_free, free_order = n and sits on
 * free_lists[n]; its other frames have PGC_free and free_order = the order
 * of a block they are no longer heads of, which is never read.  Frames that
 * were never added (PGC_reserved) never merge, so the image, modules and
 * firmware ranges cannot leak into the pool.  Only block heads have a
 * non-empty list node.
 */
#include "xen/arch/mm.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"
#include "xen/spinlock.h"

struct page_info *frame_table;
mfn_t max_page;

static struct list_head free_lists[MAX_ORDER + 1];
static uint64_t free_count;
static uint64_t total_count; /* frames added by page_alloc_add_range */
static spinlock_t heap_lock = SPINLOCK_INIT;

void page_alloc_init(struct page_info *table, mfn_t nr)
{
    frame_table = table;
    max_page = nr;
    for (mfn_t mfn = 0; mfn < nr; mfn++) {
        table[mfn] = (struct page_info){ .count_info = PGC_reserved };
        list_init(&table[mfn].list);
    }
    for (unsigned order = 0; order <= MAX_ORDER; order++)
        list_init(&free_lists[order]);
    free_count = 0;
    total_count = 0;
}

static bool buddy_is_free_head(mfn_t mfn, unsigned order)
{
    const struct page_info *pg;

    if (!mfn_valid(mfn))
        return false;
    pg = mfn_to_page(mfn);
    return (pg->count_info & PGC_free) && pg->free_order == order && !list_empty(&pg->list);
}

/* Put [mfn, mfn + 2^order) on the free lists, merging with free buddies. */
static void free_block(mfn_t mfn, unsigned order)
{
    ASSERT(order <= MAX_ORDER && !(mfn & ((1UL << order) - 1)));
    free_count += 1UL << order;
    for (mfn_t i = 0; i < (1UL << order); i++) {
        struct page_info *pg = mfn_to_page(mfn + i);
        pg->count_info = PGC_free;
        pg->owner = NULL;
        list_init(&pg->list);
    }

    while (order < MAX_ORDER) {
        mfn_t buddy = mfn ^ (1UL << order);
        if (!buddy_is_free_head(buddy, order))
            break;
        list_del(&mfn_to_page(buddy)->list);
        mfn &= ~(1UL << order);
        order++;
    }
    struct page_info *head = mfn_to_page(mfn);
    head->free_order = order;
    list_add(&head->list, &free_lists[order]);
}

void page_alloc_add_range(mfn_t start, mfn_t end)
{
    spin_lock(&heap_lock);
    end = MIN(end, max_page);
    while (start < end) {
        unsigned order = 0;
        while (order < MAX_ORDER && !(start & (1UL << order)) && start + (2UL << order) <= end)
            order++;
        free_block(start, order);
        total_count += 1UL << order;
        start += 1UL << order;
    }
    spin_unlock(&heap_lock);
}

struct page_info *alloc_pages(unsigned order)
{
    unsigned found;
    struct page_info *pg = NULL;

    if (order > MAX_ORDER)
        return NULL;
    spin_lock(&heap_lock);
    for (found = order; found <= MAX_ORDER; found++)
        if (!list_empty(&free_lists[found]))
            break;
    if (found <= MAX_ORDER) {
        pg = list_first_entry(&free_lists[found], struct page_info, list);
        /* A listed block: a free head, aligned to its order. */
        ASSERT((pg->count_info & PGC_free) && pg->free_order == found &&
               !(page_to_mfn(pg) & ((1UL << found) - 1)));
        list_del(&pg->list);
        /* Split: return the upper halves to the lists. */
        while (found > order) {
            found--;
            struct page_info *upper = pg + (1UL << found);
            upper->free_order = found;
            list_add(&upper->list, &free_lists[found]);
        }
        for (mfn_t i = 0; i < (1UL << order); i++) {
            ASSERT(pg[i].count_info == PGC_free);
            pg[i].count_info = 0;
        }
        ASSERT(free_count >= 1UL << order);
        free_count -= 1UL << order;
    }
    spin_unlock(&heap_lock);
    return pg;
}

void free_pages(struct page_info *pg, unsigned order)
{
    mfn_t mfn = page_to_mfn(pg);

    BUG_ON(order > MAX_ORDER || (mfn & ((1UL << order) - 1)) || mfn + (1UL << order) > max_page);
    for (mfn_t i = 0; i < (1UL << order); i++)
        BUG_ON(pg[i].count_info & (PGC_free | PGC_reserved));
    spin_lock(&heap_lock);
    free_block(mfn, order);
    spin_unlock(&heap_lock);
}

uint64_t page_alloc_free_count(void)
{
    return free_count;
}

uint64_t page_alloc_free_in_range(mfn_t start, mfn_t end)
{
    uint64_t n = 0;
    struct page_info *pg;

    spin_lock(&heap_lock);
    for (unsigned order = 0; order <= MAX_ORDER; order++)
        list_for_each_entry(pg, &free_lists[order], struct page_info, list) {
            mfn_t lo = page_to_mfn(pg), hi = lo + (1UL << order);

            if (lo < end && hi > start)
                n += MIN(hi, end) - MAX(lo, start);
        }
    spin_unlock(&heap_lock);
    return n;
}

uint64_t page_alloc_total_count(void)
{
    return total_count;
}

struct page_info *alloc_guest_pages(unsigned order)
{
    struct page_info *pg = alloc_pages(order);

    for (mfn_t i = 0; pg && i < (1UL << order); i++)
        memset(arch_mfn_to_virt(page_to_mfn(pg) + i), 0, PAGE_SIZE);
    return pg;
}
