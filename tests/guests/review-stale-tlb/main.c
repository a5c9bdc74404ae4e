/*
 * review-stale-tlb (security review): a frame a guest gives away must not
 * stay reachable through a translation its TLB still caches.
 *
 * The guest maps a free frame of its own, touches it (the TLB now holds
 * the translation), clears the mapping with update_va_mapping and no
 * flush (allowed: the guest only hurts itself while the frame is still
 * its own), then hands the frame back with XENMEM_exchange.  It then makes
 * the hypervisor allocate a page (XENMEM_set_memory_map with 128 entries
 * needs one) and reads the old address again.  Xen flushes TLBs before a
 * freed frame is used again, so the read either faults or still sees the
 * guest's own old data; anything else is memory the guest no longer owns.
 */
#include "common/string.h"
#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "guest/traps.h"
#include "public/errno.h"
#include "public/memory.h"

#define WINDOW_BASE  (GUEST_VIRT_BASE + 0x4000000UL)
#define OLD_DATA     0x0123456789ABCDEFUL
#define MAP_ENTRIES  128
#define HEAP_MAGIC   0x58484541UL /* our hypervisor's xmalloc header, "XHEA" */
#define E820_PATTERN 0x5245564945570000UL

static struct xen_e820_entry map[MAP_ENTRIES];

static void given_away_frame_not_readable(void)
{
    uint64_t va = WINDOW_BASE, pfn = pt_free_pfn(), out_pfn = pt_free_pfn(), mfn, out, value;
    volatile uint64_t *page = (volatile uint64_t *)va;
    struct xen_memory_exchange x;
    struct xen_foreign_memory_map fmap;
    bool readable;

    CHECK(pfn && out_pfn, "no free frame left");
    CHECK_RC(pt_new_l1(WINDOW_BASE), 0);
    mfn = pt_pfn_to_mfn(pfn);
    CHECK_RC(pt_map(va, mfn, PTE_DATA_RW), 0);
    for (unsigned i = 0; i < 512; i++)
        page[i] = OLD_DATA;
    CHECK_EQ(page[0], OLD_DATA);

    /* Unmapped, but no flush asked for: the TLB may still translate va. */
    CHECK_RC(hypercall_update_va_mapping(va, 0, UVMF_NONE), 0);

    out = out_pfn;
    x = (struct xen_memory_exchange){
        .in = { .extent_start = (uint64_t)&mfn, .nr_extents = 1, .domid = DOMID_SELF },
        .out = { .extent_start = (uint64_t)&out, .nr_extents = 1, .domid = DOMID_SELF },
    };
    CHECK_RC(hypercall_memory_op(XENMEM_exchange, &x), 0);
    CHECK_EQ(x.nr_exchanged, 1);

    /* The hypervisor now needs a page of its own, and fills it. */
    for (unsigned i = 0; i < MAP_ENTRIES; i++)
        map[i] = (struct xen_e820_entry){ E820_PATTERN | i, E820_PATTERN | i, 1 };
    fmap = (struct xen_foreign_memory_map){
        .domid = DOMID_SELF,
        .map = { .nr_entries = MAP_ENTRIES, .buffer = (uint64_t)map },
    };
    CHECK_RC(hypercall_memory_op(XENMEM_set_memory_map, &fmap), 0);

    readable = probe_read(page, &value);
    if (readable)
        info("old address still reads %#lx (%s)", value,
             (value & 0xFFFFFFFFUL) == HEAP_MAGIC ? "a hypervisor heap header" : "no heap header");
    else
        info("old address faults (%s)", trap_name(trap_last.vector));
    CHECK(!readable || value == OLD_DATA,
          "read %#lx through a stale translation of a frame given away", value);
    CHECK_RC(pt_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
}

static const struct test_case cases[] = {
    { "given_away_frame_not_readable", given_away_frame_not_readable },
};

int guest_main(const struct start_info *si)
{
    test_main("review-stale-tlb", cases, ARRAY_SIZE(cases));
    return 0;
}
