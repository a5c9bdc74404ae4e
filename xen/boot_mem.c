/*
 * Start-of-day memory: place the frame table in free RAM, then give the
 * buddy allocator every RAM frame that is not reserved, and DOMID_IO every
 * frame that is not RAM.  Reserved: the
 * first MiB (firmware), the hypervisor image, the boot information, the
 * modules, and the frame table itself.  RAM below 4 GiB goes first, so the
 * frames that map RAM above it come from memory that is already mapped.
 */
#include "xen/arch/mm.h"
#include "xen/page_alloc.h"
#include "xen/page_types.h"
#include "xen/printk.h"
#include "xen/setup.h"

#define LOW_RESERVED (1UL << 20)
#define FOUR_GIB     (4UL << 30)
#define MAX_RESERVED (BOOT_MAX_MODULES + 8)

static struct phys_range reserved[MAX_RESERVED];
static unsigned nr_reserved;

void boot_mem_reserve(paddr_t start, paddr_t end)
{
    unsigned i;

    BUG_ON(nr_reserved == MAX_RESERVED);
    /* Keep the list sorted by start: carving free pieces walks it in order. */
    for (i = nr_reserved; i > 0 && reserved[i - 1].start > start; i--)
        reserved[i] = reserved[i - 1];
    reserved[i] = (struct phys_range){ start, end };
    nr_reserved++;
}

uint64_t boot_mem_total_ram(const struct boot_info *bi)
{
    uint64_t total = 0;

    for (unsigned i = 0; i < bi->nr_mem; i++)
        if (bi->mem[i].type == BOOT_MEM_RAM)
            total += bi->mem[i].size;
    return total;
}

/* The map is sanitized (sorted, merged), so one range must hold it all. */
bool boot_mem_is_ram(const struct boot_info *bi, paddr_t start, paddr_t end)
{
    for (unsigned i = 0; i < bi->nr_mem; i++) {
        const struct boot_memrange *r = &bi->mem[i];
        if (r->type == BOOT_MEM_RAM && start >= r->base && end <= r->base + r->size)
            return true;
    }
    return false;
}

/* The first reserved range overlapping [start, end), or NULL. */
static const struct phys_range *reserved_overlap(paddr_t start, paddr_t end)
{
    for (unsigned i = 0; i < nr_reserved; i++)
        if (reserved[i].start < end && start < reserved[i].end)
            return &reserved[i];
    return NULL;
}

/* Lowest page-aligned free RAM of `size` bytes below `limit`; 0 if none. */
static paddr_t find_free(const struct boot_info *bi, uint64_t size, paddr_t limit)
{
    for (unsigned i = 0; i < bi->nr_mem; i++) {
        const struct boot_memrange *r = &bi->mem[i];
        paddr_t end = MIN(r->base + r->size, limit);
        paddr_t at = ROUND_UP(MAX(r->base, LOW_RESERVED), PAGE_SIZE);
        const struct phys_range *busy;

        if (r->type != BOOT_MEM_RAM)
            continue;
        while (at + size <= end) {
            busy = reserved_overlap(at, at + size);
            if (!busy)
                return at;
            at = ROUND_UP(busy->end, PAGE_SIZE);
        }
    }
    return 0;
}

/* Free every whole frame of [start, end) that no reserved range touches. */
static void add_free_pieces(paddr_t start, paddr_t end)
{
    for (unsigned i = 0; i < nr_reserved && start < end; i++) {
        const struct phys_range *r = &reserved[i];
        if (r->end <= start || r->start >= end)
            continue;
        if (r->start > start)
            page_alloc_add_range(PFN_UP(start), PFN_DOWN(r->start));
        start = MAX(start, r->end);
    }
    if (start < end)
        page_alloc_add_range(PFN_UP(start), PFN_DOWN(end));
}

static void add_ram(const struct boot_info *bi, paddr_t lo, paddr_t hi)
{
    for (unsigned i = 0; i < bi->nr_mem; i++) {
        const struct boot_memrange *r = &bi->mem[i];
        paddr_t start = MAX(r->base, lo), end = MIN(r->base + r->size, hi);
        if (r->type == BOOT_MEM_RAM && start < end)
            add_free_pieces(start, end);
    }
}

/*
 * Frames that are not RAM (holes, firmware tables) and the first MiB
 * belong to DOMID_IO: the hardware domain may map them, as on Xen.
 */
static void mark_io_frames(const struct boot_info *bi)
{
    for (mfn_t mfn = 0; mfn < max_page; mfn++) {
        paddr_t pa = mfn << PAGE_SHIFT;
        if (pa < LOW_RESERVED || !boot_mem_is_ram(bi, pa, pa + PAGE_SIZE))
            page_set_io(mfn_to_page(mfn));
    }
}

void boot_mem_init(const struct boot_info *bi)
{
    paddr_t ram_end = 0, table;
    uint64_t table_size;

    for (unsigned i = 0; i < bi->nr_mem; i++)
        if (bi->mem[i].type == BOOT_MEM_RAM)
            ram_end = MAX(ram_end, bi->mem[i].base + bi->mem[i].size);

    boot_mem_reserve(0, LOW_RESERVED);
    table_size = ROUND_UP(PFN_DOWN(ram_end) * sizeof(struct page_info), PAGE_SIZE);
    table = find_free(bi, table_size, FOUR_GIB);
    if (!table)
        boot_fatal("too little memory: no room below 4 GiB for a %lu KiB frame table",
                   table_size >> 10);
    boot_mem_reserve(table, table + table_size);
    page_alloc_init(arch_mfn_to_virt(PFN_DOWN(table)), PFN_DOWN(ram_end));

    add_ram(bi, 0, FOUR_GIB);
    for (unsigned i = 0; i < bi->nr_mem; i++) {
        const struct boot_memrange *r = &bi->mem[i];
        if (r->type == BOOT_MEM_RAM && r->base + r->size > FOUR_GIB)
            arch_directmap_add(r->base, r->base + r->size);
    }
    add_ram(bi, FOUR_GIB, ~0UL);
    mark_io_frames(bi);
}
