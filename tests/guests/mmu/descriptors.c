/*
 * set_gdt (2) and update_descriptor (10): a GDT of our own in a
 * read-only frame, a selector loaded from it, descriptors rewritten.
 */
#include "mmu.h"

static long set_gdt(const uint64_t *frames, unsigned entries)
{
    return hypercall_2(__HYPERVISOR_set_gdt, frames, entries);
}

static long update_descriptor(uint64_t maddr, uint64_t desc)
{
    return hypercall_2(__HYPERVISOR_update_descriptor, maddr, desc);
}

/* A GDT page with entry 1 a flat data segment; its MFN or 0. */
static uint64_t gdt_page(uint64_t **virt)
{
    uint64_t *gdt = pt_spare_page();
    long rc;

    if (!gdt) {
        test_fail("no spare page left");
        return 0;
    }
    gdt[1] = DESC_FLAT_DATA_DPL3;
    rc = pt_set_readonly(gdt);
    if (rc) {
        test_fail("making the GDT page read-only returned %ld (%s)", rc, errno_name(rc));
        return 0;
    }
    *virt = gdt;
    return virt_to_mfn(gdt);
}

static void set_gdt_then_load_selector(void)
{
    uint64_t *gdt, frames[1];
    uint16_t seen;

    if (!(frames[0] = gdt_page(&gdt)))
        return;
    CHECK_RC(set_gdt(frames, 512), 0);
    load_ds(0x0b);
    seen = read_ds();
    load_ds(0);
    CHECK_EQ(seen, 0x0b);
    CHECK_RC(set_gdt(NULL, 0), 0);
    /* No longer a GDT: the page is an ordinary page again. */
    CHECK_RC(pt_set_writable(gdt), 0);
}

/* The flat selectors live in the hypervisor's part and keep working. */
static void set_gdt_keeps_flat_selectors(void)
{
    uint64_t *gdt, frames[1];
    uint16_t seen;

    if (!(frames[0] = gdt_page(&gdt)))
        return;
    CHECK_RC(set_gdt(frames, 16), 0);
    load_ds(FLAT_KERNEL_SS);
    seen = read_ds();
    load_ds(0);
    CHECK_EQ(seen, FLAT_KERNEL_SS);
    CHECK_RC(set_gdt(NULL, 0), 0);
}

static void update_descriptor_in_live_gdt(void)
{
    uint64_t *gdt, frames[1];
    uint16_t seen;

    if (!(frames[0] = gdt_page(&gdt)))
        return;
    CHECK_RC(set_gdt(frames, 512), 0);
    CHECK_RC(update_descriptor(frames[0] << 12 | 2 * 8, DESC_FLAT_DATA_DPL3), 0);
    CHECK_EQ(gdt[2], DESC_FLAT_DATA_DPL3);
    load_ds(0x13);
    seen = read_ds();
    load_ds(0);
    CHECK_EQ(seen, 0x13);
    CHECK_RC(update_descriptor(frames[0] << 12 | 2 * 8, 0), 0);
    CHECK_EQ(gdt[2], 0);
    CHECK_RC(set_gdt(NULL, 0), 0);
}

/* On an ordinary page of ours the descriptor is checked, then written. */
static void update_descriptor_on_ordinary_page(void)
{
    uint64_t mfn;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page)
        return;
    page[5] = 0;
    CHECK_RC(update_descriptor(mfn << 12 | 5 * 8, DESC_FLAT_DATA_DPL3), 0);
    CHECK_EQ(page[5], DESC_FLAT_DATA_DPL3);
}

/* A not-present descriptor is accepted whatever else it says. */
static void update_descriptor_not_present_accepted(void)
{
    uint64_t mfn;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page)
        return;
    CHECK_RC(update_descriptor(mfn << 12, 0x00CF7A000000FFFFUL & ~(1UL << 47)), 0);
}

const struct test_case descriptor_cases[] = {
    { "set_gdt_then_load_selector", set_gdt_then_load_selector },
    { "set_gdt_keeps_flat_selectors", set_gdt_keeps_flat_selectors },
    { "update_descriptor_in_live_gdt", update_descriptor_in_live_gdt },
    { "update_descriptor_on_ordinary_page", update_descriptor_on_ordinary_page },
    { "update_descriptor_not_present_accepted", update_descriptor_not_present_accepted },
};
const unsigned descriptor_count = ARRAY_SIZE(descriptor_cases);
