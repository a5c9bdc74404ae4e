/*
 * What the mmu guest's files share: a window of fresh virtual pages to map
 * frames at, frames to map, and page patterns to tell frames apart.
 */
#ifndef TESTS_GUESTS_MMU_H
#define TESTS_GUESTS_MMU_H

#include "common/string.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "guest/traps.h"
#include "guest/window.h"
#include "public/errno.h"
#include "public/memory.h"

/* Fills a mapped page with a pattern derived from tag / checks it. */
void fill_page(volatile uint64_t *page, uint64_t tag);
bool page_has(const volatile uint64_t *page, uint64_t tag);

/* The entry of va's L1 as the hypervisor wrote it. */
static inline uint64_t l1_entry_of(uint64_t va)
{
    return pt_entry(va, 1);
}

/* Segment registers, for the descriptor-table cases. */
static inline void load_ds(uint16_t sel)
{
    asm volatile("mov %0, %%ds" : : "r"(sel) : "memory");
}

static inline uint16_t read_ds(void)
{
    uint16_t sel;

    asm volatile("mov %%ds, %0" : "=r"(sel));
    return sel;
}

/* A flat, present, writable data segment with DPL 3. */
#define DESC_FLAT_DATA_DPL3 0x00CFF2000000FFFFUL

/* The cases, one table per file. */
extern const struct test_case mmu_update_cases[];
extern const unsigned mmu_update_count;
extern const struct test_case mmuext_cases[];
extern const unsigned mmuext_count;
extern const struct test_case va_mapping_cases[];
extern const unsigned va_mapping_count;
extern const struct test_case memory_cases[];
extern const unsigned memory_count;
extern const struct test_case descriptor_cases[];
extern const unsigned descriptor_count;

#endif /* TESTS_GUESTS_MMU_H */
