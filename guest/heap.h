/*
 * The guest's heap: malloc, free, calloc and realloc with C's meaning, for
 * dom0 and any guest that wants them (the toolstack in tools/ is written
 * against them and links libc's on the host).
 *
 * NOT thread-safe: call them from one vCPU at a time and never from an
 * event handler (an upcall can interrupt a malloc in progress).  dom0 runs
 * its shell and toolstack on one vCPU, outside the upcall.
 *
 * Memory comes from the free frames after the initial region
 * (pt_free_pfn(), guest/pt.h), mapped on demand just above the initial
 * mapping, each 2 MiB with an L1 from a spare page; as long as nothing
 * else takes free frames they sit at their 1:1 address (GUEST_VIRT_BASE +
 * pfn * PAGE_SIZE), so virt_to_mfn() works on them.  The heap grows up to
 * the first GiB above GUEST_VIRT_BASE, and stops at the first page that is
 * already mapped (e.g. guest/window.h's window).  Blocks are 16-byte
 * aligned; a bad free() (not from the heap, twice, or after an overrun
 * has trampled a block's header) is reported and crashes the guest.
 *
 * Underneath is an allocator over one growing arena, struct heap, which
 * the host tests drive with a fake growth function.
 */
#ifndef GUEST_HEAP_H
#define GUEST_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);

/* ---- the allocator ---------------------------------------------------- */

#define HEAP_ALIGN 16

struct heap_free_block;

/*
 * Makes [at, at + want) usable (at is the arena's end); returns how many
 * bytes from `at` on are now usable (at least want), or 0 if it cannot.
 */
typedef size_t (*heap_grow_fn)(void *at, size_t want);

/* Called with a description when free() or realloc() is handed a bad pointer. */
typedef void (*heap_corrupt_fn)(const char *why, const void *p);

struct heap {
    uint8_t *start, *end; /* the arena; the last HEAP_ALIGN bytes are an end marker */
    struct heap_free_block *free_list;
    heap_grow_fn grow;
    heap_corrupt_fn corrupt;
    size_t used;   /* bytes in allocated blocks, headers included */
    size_t blocks; /* allocated blocks */
};

struct heap_stats {
    size_t arena; /* bytes the arena spans */
    size_t used;  /* in allocated blocks, headers included */
    size_t blocks;
    size_t free_blocks;
    size_t largest_free; /* the largest request that fits without growing */
};

/* An empty heap whose arena will start at `start` (HEAP_ALIGN-aligned). */
void heap_init(struct heap *h, void *start, heap_grow_fn grow, heap_corrupt_fn corrupt);

void *heap_alloc(struct heap *h, size_t size);
void heap_free(struct heap *h, void *p);
void *heap_realloc(struct heap *h, void *p, size_t size);

/* Walks every block: 0 if all is consistent, else -EINVAL (with *why set). */
int heap_check(const struct heap *h, const char **why);
void heap_get_stats(const struct heap *h, struct heap_stats *s);

/* The guest heap's statistics (what malloc uses). */
void heap_stats(struct heap_stats *s);

#endif /* GUEST_HEAP_H */
