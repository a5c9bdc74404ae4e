/* The buddy allocator of machine frames. */
#ifndef XEN_PAGE_ALLOC_H
#define XEN_PAGE_ALLOC_H

#include "xen/mm.h"

#define MAX_ORDER 20 /* largest block: 2^20 frames = 4 GiB */

/*
 * Start with a frame table of nr frames, all reserved; then hand the
 * allocator the ranges it may use with page_alloc_add_range().
 */
void page_alloc_init(struct page_info *table, mfn_t nr);
void page_alloc_add_range(mfn_t start, mfn_t end);

struct page_info *alloc_pages(unsigned order);
void free_pages(struct page_info *pg, unsigned order);

/*
 * Frames for a guest: zeroed, so nothing of the domain or the hypervisor
 * that used them before can be read.
 */
struct page_info *alloc_guest_pages(unsigned order);

uint64_t page_alloc_free_count(void);
uint64_t page_alloc_total_count(void);                     /* frames ever handed to the allocator */
uint64_t page_alloc_free_in_range(mfn_t start, mfn_t end); /* free frames in [start, end) */

#endif
