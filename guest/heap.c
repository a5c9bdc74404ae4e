/*
 * The heap (guest/heap.h): a boundary-tag allocator over one arena that
 * grows upward, and, for guests, the page source and the C names.
 *
 * Every block starts with a header: the previous block's size (0 for the
 * first) and its own size, headers included, a multiple of HEAP_ALIGN,
 * with bit 0 set while allocated.  A free block also holds its links in
 * the free list.  The arena ends with a header of size 0, allocated: the
 * end marker.  Invariants (heap_check() tests them all): the blocks tile
 * the arena exactly; each block's prev_size is its predecessor's size; no
 * two free blocks are neighbours (free() merges them); the free list holds
 * exactly the free blocks.  Allocation is first fit from the free list,
 * splitting off the tail when it is big enough to be a block.
 */
#include "common/errno.h"
#include "common/string.h"
#include "guest/heap.h"

#define HDR       sizeof(struct block_header)
#define MIN_BLOCK (HDR + sizeof(struct heap_free_block *) * 2)
#define USED      ((size_t)1)
#define GROW_MIN  ((size_t)64 << 10) /* the arena grows by at least this much */

struct block_header {
    size_t prev_size;
    size_t size;
};

struct heap_free_block {
    struct block_header hdr;
    struct heap_free_block *next, *prev;
};

_Static_assert(sizeof(struct block_header) == HEAP_ALIGN, "payloads stay aligned");

static size_t bsize(const struct block_header *b)
{
    return b->size & ~(size_t)(HEAP_ALIGN - 1);
}

static bool bused(const struct block_header *b)
{
    return b->size & USED;
}

static struct block_header *bnext(const struct block_header *b)
{
    return (struct block_header *)((uint8_t *)b + bsize(b));
}

static struct block_header *end_marker(const struct heap *h)
{
    return (struct block_header *)(h->end - HDR);
}

static void list_insert(struct heap *h, struct block_header *b)
{
    struct heap_free_block *f = (struct heap_free_block *)b;

    f->prev = NULL;
    f->next = h->free_list;
    if (f->next)
        f->next->prev = f;
    h->free_list = f;
}

static void list_remove(struct heap *h, struct block_header *b)
{
    struct heap_free_block *f = (struct heap_free_block *)b;

    if (f->prev)
        f->prev->next = f->next;
    else
        h->free_list = f->next;
    if (f->next)
        f->next->prev = f->prev;
}

/* b is free and in no list: merge it with free neighbours, list the result. */
static void release(struct heap *h, struct block_header *b)
{
    struct block_header *n = bnext(b);

    if (!bused(n)) {
        list_remove(h, n);
        b->size += bsize(n);
    }
    if (b->prev_size) {
        struct block_header *p = (struct block_header *)((uint8_t *)b - b->prev_size);
        if (!bused(p)) {
            list_remove(h, p);
            p->size += bsize(b);
            b = p;
        }
    }
    bnext(b)->prev_size = bsize(b);
    list_insert(h, b);
}

void heap_init(struct heap *h, void *start, heap_grow_fn grow, heap_corrupt_fn corrupt)
{
    *h = (struct heap){ .start = start, .end = start, .grow = grow, .corrupt = corrupt };
}

/* Grows the arena so that a free block of at least `need` bytes ends it. */
static bool extend(struct heap *h, size_t need)
{
    bool empty = h->end == h->start;
    size_t want = need + (empty ? HDR : 0), got;
    struct block_header *b;

    if (want < GROW_MIN)
        want = GROW_MIN;
    got = h->grow(h->end, want);
    if (got < want)
        return false;
    got &= ~(size_t)(HEAP_ALIGN - 1);
    if (empty) {
        b = (struct block_header *)h->start;
        b->prev_size = 0;
        b->size = got - HDR;
    } else {
        b = end_marker(h); /* the old end marker becomes the new block's header */
        b->size = got;
    }
    h->end += got;
    end_marker(h)->size = USED;
    end_marker(h)->prev_size = bsize(b);
    release(h, b);
    return true;
}

/* Block size for a request of `size` bytes; 0 if it cannot be one. */
static size_t block_size(size_t size)
{
    size_t need;

    if (size > SIZE_MAX / 2)
        return 0;
    need = (size + HDR + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);
    return need < MIN_BLOCK ? MIN_BLOCK : need;
}

/* An allocated block b of at least `need` bytes gives back its tail if that can be a block. */
static void trim(struct heap *h, struct block_header *b, size_t need)
{
    size_t extra = bsize(b) - need;
    struct block_header *rest;

    if (extra < MIN_BLOCK)
        return;
    b->size = need | USED;
    rest = bnext(b);
    rest->prev_size = need;
    rest->size = extra;
    h->used -= extra;
    release(h, rest);
}

void *heap_alloc(struct heap *h, size_t size)
{
    size_t need = block_size(size);

    if (!need)
        return NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        for (struct heap_free_block *f = h->free_list; f; f = f->next) {
            struct block_header *b = &f->hdr;
            if (bsize(b) < need)
                continue;
            list_remove(h, b);
            b->size |= USED;
            h->used += bsize(b);
            h->blocks++;
            trim(h, b, need);
            return (uint8_t *)b + HDR;
        }
        if (!extend(h, need))
            return NULL;
    }
    return NULL;
}

/* The block of p if p is an allocated block's payload; else NULL and *why. */
static struct block_header *lookup(const struct heap *h, const void *p, const char **why)
{
    const uint8_t *q = p;
    struct block_header *b;

    *why = "pointer is not from the heap";
    if (q < h->start + HDR || q >= h->end || ((uintptr_t)q & (HEAP_ALIGN - 1)))
        return NULL;
    b = (struct block_header *)(q - HDR);
    *why = "block is not allocated (double free?)";
    if (!bused(b))
        return NULL;
    *why = "block header is damaged (overrun?)";
    if (bsize(b) < MIN_BLOCK || bsize(b) > (size_t)((uint8_t *)end_marker(h) - (uint8_t *)b) ||
        bnext(b)->prev_size != bsize(b) || b->prev_size > (size_t)((uint8_t *)b - h->start))
        return NULL;
    return b;
}

void heap_free(struct heap *h, void *p)
{
    struct block_header *b;
    const char *why;

    if (!p)
        return;
    b = lookup(h, p, &why);
    if (!b) {
        if (h->corrupt)
            h->corrupt(why, p);
        return;
    }
    b->size &= ~USED;
    h->used -= bsize(b);
    h->blocks--;
    release(h, b);
}

void *heap_realloc(struct heap *h, void *p, size_t size)
{
    struct block_header *b, *n;
    size_t need = block_size(size);
    const char *why;
    void *q;

    if (!p)
        return heap_alloc(h, size);
    if (size == 0) {
        heap_free(h, p);
        return NULL;
    }
    b = lookup(h, p, &why);
    if (!b) {
        if (h->corrupt)
            h->corrupt(why, p);
        return NULL;
    }
    if (!need)
        return NULL;
    n = bnext(b);
    if (bsize(b) < need && !bused(n) && bsize(b) + bsize(n) >= need) {
        list_remove(h, n); /* grow in place into the free neighbour */
        h->used += bsize(n);
        b->size += bsize(n);
        bnext(b)->prev_size = bsize(b);
    }
    if (bsize(b) >= need) {
        trim(h, b, need);
        return p;
    }
    q = heap_alloc(h, size);
    if (!q)
        return NULL;
    memcpy(q, p, bsize(b) - HDR);
    heap_free(h, p);
    return q;
}

int heap_check(const struct heap *h, const char **why)
{
    const struct block_header *b = (const struct block_header *)h->start, *last = NULL;
    size_t free_blocks = 0, listed = 0, used = 0, blocks = 0;
    const struct heap_free_block *prev = NULL;

    *why = NULL;
    if (h->end == h->start)
        return h->free_list || h->used ? (*why = "empty arena with blocks", -EINVAL) : 0;
    while (b != end_marker(h)) {
        size_t size = bsize(b);
        if (size < MIN_BLOCK || size > (size_t)((uint8_t *)end_marker(h) - (uint8_t *)b))
            return *why = "block size out of range", -EINVAL;
        if (b->prev_size != (last ? bsize(last) : 0))
            return *why = "prev_size does not match the previous block", -EINVAL;
        if (!bused(b) && last && !bused(last))
            return *why = "two free blocks side by side", -EINVAL;
        if (bused(b))
            used += size, blocks++;
        else
            free_blocks++;
        last = b;
        b = bnext(b);
    }
    if (b->size != USED || b->prev_size != (last ? bsize(last) : 0))
        return *why = "end marker damaged", -EINVAL;
    for (const struct heap_free_block *f = h->free_list; f; prev = f, f = f->next) {
        if ((const uint8_t *)f < h->start || (const uint8_t *)f >= h->end || bused(&f->hdr))
            return *why = "free list holds a block that is not free", -EINVAL;
        if (f->prev != prev || ++listed > free_blocks)
            return *why = "free list links broken", -EINVAL;
    }
    if (listed != free_blocks)
        return *why = "a free block is missing from the free list", -EINVAL;
    if (used != h->used || blocks != h->blocks)
        return *why = "usage counters disagree with the blocks", -EINVAL;
    return 0;
}

void heap_get_stats(const struct heap *h, struct heap_stats *s)
{
    *s = (struct heap_stats){ .arena = (size_t)(h->end - h->start),
                              .used = h->used,
                              .blocks = h->blocks };
    for (const struct heap_free_block *f = h->free_list; f; f = f->next) {
        s->free_blocks++;
        if (bsize(&f->hdr) - HDR > s->largest_free)
            s->largest_free = bsize(&f->hdr) - HDR;
    }
}

#ifndef HOST_TEST
/* ---- the guest's heap: pages and the C names ---------------------------- */

#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/runtime.h"

#define HEAP_LIMIT (GUEST_VIRT_BASE + (1UL << 30)) /* the L2 the builder made */
#define BATCH      16

static struct heap guest_heap;
static uint64_t mapped_to; /* the heap's pages below it are mapped */
static uint64_t held_pfn;  /* taken to place the heap, not yet mapped */
static bool cannot_grow;   /* a mapping failed: leave the page tables alone */

static long flush(struct mmu_update *req, unsigned *n)
{
    long rc = *n ? hypercall_mmu_update(req, *n, NULL, DOMID_SELF) : 0;

    *n = 0;
    return rc;
}

static uint64_t next_pfn(void)
{
    uint64_t pfn = held_pfn;

    held_pfn = 0;
    return pfn ? pfn : pt_free_pfn();
}

/* Maps free frames from mapped_to on until `want` bytes from `at` are usable. */
static size_t map_pages(void *at, size_t want)
{
    uint64_t goal = (uint64_t)at + want, batch_va = mapped_to;
    struct mmu_update req[BATCH];
    unsigned n = 0;

    while (!cannot_grow && mapped_to < goal && mapped_to < HEAP_LIMIT) {
        uint64_t va = mapped_to, slot, pfn;
        if (!(pt_entry(va, 2) & PTE_PRESENT) && pt_new_l1(va) != 0)
            break; /* no spare page left for an L1 */
        slot = pt_entry_maddr(va, 1);
        if (!slot || (pt_entry(va, 1) & PTE_PRESENT) || !(pfn = next_pfn()))
            break; /* someone else's page, or no memory left */
        if (n == 0)
            batch_va = va;
        req[n++] =
            (struct mmu_update){ .ptr = slot, .val = pt_pfn_to_mfn(pfn) << 12 | PTE_DATA_RW };
        mapped_to += PAGE_SIZE;
        if (n == BATCH && flush(req, &n))
            cannot_grow = true;
    }
    if (flush(req, &n))
        cannot_grow = true;
    if (cannot_grow && mapped_to > batch_va)
        mapped_to = batch_va; /* what the failed batch held may or may not be mapped */
    return mapped_to - (uint64_t)at >= want ? mapped_to - (uint64_t)at : 0;
}

static void heap_corrupt(const char *why, const void *p)
{
    printk("heap: free/realloc(%p): %s\n", p, why);
    guest_crash();
}

static struct heap *heap(void)
{
    if (!guest_heap.start) {
        /* The heap starts where the initial region ends: the first free frame's 1:1 address. */
        held_pfn = pt_free_pfn();
        mapped_to = held_pfn ? GUEST_VIRT_BASE + held_pfn * PAGE_SIZE : HEAP_LIMIT;
        heap_init(&guest_heap, (void *)mapped_to, map_pages, heap_corrupt);
    }
    return &guest_heap;
}

void *malloc(size_t size)
{
    return heap_alloc(heap(), size);
}

void free(void *p)
{
    heap_free(heap(), p);
}

void *calloc(size_t n, size_t size)
{
    void *p;

    if (size && n > SIZE_MAX / size)
        return NULL;
    p = heap_alloc(heap(), n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *realloc(void *p, size_t size)
{
    return heap_realloc(heap(), p, size);
}

void heap_stats(struct heap_stats *s)
{
    heap_get_stats(heap(), s);
}
#endif /* HOST_TEST */
