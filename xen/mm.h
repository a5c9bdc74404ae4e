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
    struct list_head list;   /* free list, or the owner's page list */
    struct domain *owner;    /* NULL when free or the hypervisor's */
    uint64_t count_info;     /* PGC_* flags | general reference count */
    uint64_t type_info;      /* page type | type count (PV MMU) */
    uint32_t free_order;     /* order of the free block this frame heads */
    int16_t linear_pt_count; /* PV MMU: >0 linear entries held, <0 linear uses */
    uint16_t pad;
};

#define PGC_free       (1UL << 63) /* in the buddy allocator */
#define PGC_reserved   (1UL << 62) /* never given out: firmware, image, modules */
#define PGC_allocated  (1UL << 61) /* the owner's allocation reference is held */
#define PGC_xen_heap   (1UL << 60) /* a hypervisor page shared with its owner */
#define PGC_count_mask ((1UL << 48) - 1)

/*
 * type_info (see xen/page_types.c for the rules): the type in the top three
 * bits, Xen's encoding; pinned and validated flags; a type reference count.
 */
#define PGT_none          (0UL << 61) /* no special use */
#define PGT_l1_page_table (1UL << 61)
#define PGT_l2_page_table (2UL << 61)
#define PGT_l3_page_table (3UL << 61)
#define PGT_l4_page_table (4UL << 61)
#define PGT_seg_desc_page (5UL << 61) /* GDT or LDT frame */
#define PGT_writable_page (7UL << 61) /* has writable mappings */
#define PGT_type_mask     (7UL << 61)
#define PGT_pinned        (1UL << 59) /* MMUEXT_PIN_*: holds one type reference */
#define PGT_validated     (1UL << 58) /* every entry checked, references taken */
#define PGT_count_mask    ((1UL << 55) - 1)

/* Page-table type of level 1-4, and back. */
#define PGT_pt_of_level(l) ((uint64_t)(l) << 61)
#define PGT_level(t)       ((unsigned)(((t)&PGT_type_mask) >> 61))
#define PGT_is_pt(t)       (PGT_level(t) >= 1 && PGT_level(t) <= 4)

extern struct page_info *frame_table;
extern mfn_t max_page; /* one past the highest frame in frame_table */

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

/*
 * The machine-to-phys table: one u64 per MFN holding the guest PFN that
 * frame backs, read-only mapped into every PV guest.  The arch allocates
 * it (covering max_page frames); until then it is NULL and updates are
 * dropped.  Storage is defined in xen/memory.c.
 */
#define INVALID_M2P_ENTRY (~0UL)
#define SHARED_M2P_ENTRY  (~0UL - 1)

extern uint64_t *m2p_table;

static inline void set_gpfn_from_mfn(mfn_t mfn, uint64_t pfn)
{
    if (m2p_table && mfn < max_page)
        m2p_table[mfn] = pfn;
}

static inline uint64_t get_gpfn_from_mfn(mfn_t mfn)
{
    return m2p_table && mfn < max_page ? m2p_table[mfn] : INVALID_M2P_ENTRY;
}

#endif
