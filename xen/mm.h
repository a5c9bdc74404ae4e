/*
 * Machine frames: one page_info per frame of RAM, in frame_table[].
 *
 * count_info holds the state flags (PGC_*) above a general reference count;
 * type_info the page type and its own count (used by the PV MMU).  A free
 * frame is owned by nobody, has PGC_free set, and if it heads a free block
 * of the buddy allocator, its order in free_order.
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include "xen/lib.h"
#include "xen/list.h"

struct domain;

struct page_info {
    struct list_head list;      /* free list, or the owner's page list */
    struct domain *owner;       /* NULL when free or the hypervisor's */
    uint64_t count_info;        /* PGC_* flags | general reference count */
    uint64_t type_info;         /* page type | type count (PV MMU) */
    uint32_t free_order;        /* order of the free block this frame heads */
    uint32_t pad;
};

#define PGC_free            (1UL << 63)     /* in the buddy allocator */
#define PGC_reserved        (1UL << 62)     /* never given out: firmware, image, modules */
#define PGC_count_mask      ((1UL << 48) - 1)

extern struct page_info *frame_table;
extern mfn_t max_page;          /* one past the highest frame in frame_table */

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
    return &frame_table[mfn];
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
    return (mfn_t)(pg - frame_table);
}

static inline bool mfn_valid(mfn_t mfn)
{
    return mfn < max_page;
}

#endif
