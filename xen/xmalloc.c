/*
 * The heap.  Each allocation carries a 16-byte header recording its size
 * class.  Classes of 32 bytes to 2 KiB are carved from single pages onto
 * per-class free lists; anything larger takes whole pages from the buddy
 * allocator and gives them back on free.  Freed memory is reused, never
 * returned to the page pool while in a small class (the heap is small).
 */
#include "xen/arch/mm.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"
#include "xen/spinlock.h"
#include "xen/xmalloc.h"

#define MIN_CLASS_SHIFT 5  /* 32 bytes */
#define MAX_CLASS_SHIFT 11 /* 2 KiB */
#define NR_CLASSES      (MAX_CLASS_SHIFT - MIN_CLASS_SHIFT + 1)
#define HEADER_MAGIC    0x58484541u /* "XHEA" */

struct heap_header {
    uint32_t magic;
    uint32_t shift; /* log2 of the block size, header included */
    uint64_t pad;
};

struct free_block {
    struct free_block *next;
};

static struct free_block *free_blocks[NR_CLASSES];
static spinlock_t xmalloc_lock = SPINLOCK_INIT;

static unsigned size_shift(size_t size)
{
    unsigned shift = MIN_CLASS_SHIFT;

    while ((1UL << shift) < size)
        shift++;
    return shift;
}

static void *small_alloc(unsigned shift)
{
    struct free_block **list = &free_blocks[shift - MIN_CLASS_SHIFT];
    struct free_block *block;

    spin_lock(&xmalloc_lock);
    if (!*list) {
        struct page_info *pg = alloc_pages(0);
        if (!pg) {
            spin_unlock(&xmalloc_lock);
            return NULL;
        }
        char *page = arch_mfn_to_virt(page_to_mfn(pg));
        for (size_t off = 0; off < PAGE_SIZE; off += 1UL << shift) {
            block = (struct free_block *)(page + off);
            block->next = *list;
            *list = block;
        }
    }
    block = *list;
    *list = block->next;
    spin_unlock(&xmalloc_lock);
    return block;
}

void *xmalloc(size_t size)
{
    struct heap_header *hdr;
    unsigned shift;

    if (size > (1UL << 40))
        return NULL;
    shift = size_shift(size + sizeof(*hdr));
    if (shift <= MAX_CLASS_SHIFT) {
        hdr = small_alloc(shift);
    } else {
        struct page_info *pg = alloc_pages(shift - PAGE_SHIFT);
        hdr = pg ? arch_mfn_to_virt(page_to_mfn(pg)) : NULL;
    }
    if (!hdr)
        return NULL;
    memset(hdr, 0, 1UL << shift);
    hdr->magic = HEADER_MAGIC;
    hdr->shift = shift;
    return hdr + 1;
}

void xfree(void *ptr)
{
    struct heap_header *hdr;

    if (!ptr)
        return;
    hdr = (struct heap_header *)ptr - 1;
    BUG_ON(hdr->magic != HEADER_MAGIC);
    hdr->magic = 0;
    if (hdr->shift > MAX_CLASS_SHIFT) {
        free_pages(mfn_to_page(arch_virt_to_mfn(hdr)), hdr->shift - PAGE_SHIFT);
        return;
    }
    struct free_block *block = (struct free_block *)hdr;
    unsigned cls = hdr->shift - MIN_CLASS_SHIFT;
    spin_lock(&xmalloc_lock);
    block->next = free_blocks[cls];
    free_blocks[cls] = block;
    spin_unlock(&xmalloc_lock);
}
