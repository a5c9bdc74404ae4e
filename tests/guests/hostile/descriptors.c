/*
 * Attacks on descriptor tables: set_gdt with too many entries, writable
 * or bad frames, and update_descriptor with misaligned addresses, gates
 * and system descriptors a guest may not have.
 */
#include "hostile.h"

#define DESC_FLAT_DATA_DPL3   0x00CFF2000000FFFFUL
#define DESC_FLAT_CODE64_DPL0 0x00AF9A000000FFFFUL

static long set_gdt(const uint64_t *frames, unsigned long entries)
{
    return hypercall_2(__HYPERVISOR_set_gdt, frames, entries);
}

static long update_descriptor(uint64_t maddr, uint64_t desc)
{
    return hypercall_2(__HYPERVISOR_update_descriptor, maddr, desc);
}

/* A 64-bit call gate to sel:offset with the given DPL (16 bytes). */
static void call_gate(uint64_t out[2], uint16_t sel, uint64_t offset, unsigned dpl)
{
    out[0] = (offset & 0xffff) | (uint64_t)sel << 16 | 0xCUL << 40 | (uint64_t)dpl << 45 |
             1UL << 47 | ((offset >> 16) & 0xffff) << 48;
    out[1] = offset >> 32;
}

static void set_gdt_7169_entries(void)
{
    uint64_t frames[15] = { 0 };

    CHECK_RC(set_gdt(frames, FIRST_RESERVED_GDT_ENTRY + 1), -XEN_EINVAL);
    CHECK_RC(set_gdt(frames, 0xffffffffUL), -XEN_EINVAL);
}

static void set_gdt_writable_frame(void)
{
    uint64_t frames[1];

    if (new_mapped_frame(&frames[0]))
        CHECK_RC(set_gdt(frames, 512), -XEN_EINVAL);
}

static void set_gdt_page_table_frame(void)
{
    uint64_t frames[1] = { boot_table_mfn(1) };

    CHECK_RC(set_gdt(frames, 512), -XEN_EINVAL);
}

static void set_gdt_foreign_frame(void)
{
    uint64_t frames[1] = { foreign_frame() };

    if (frames[0])
        CHECK_RC(set_gdt(frames, 512), -XEN_EINVAL);
}

/* A read-only frame holding a descriptor the guest may not have (a TSS). */
static void set_gdt_frame_with_tss(void)
{
    uint64_t *gdt = pt_spare_page(), frames[1];

    CHECK(gdt, "no spare page left");
    gdt[3] = 0x00008B0000000067UL; /* present 64-bit TSS */
    CHECK_RC(pt_set_readonly(gdt), 0);
    frames[0] = virt_to_mfn(gdt);
    CHECK_RC(set_gdt(frames, 512), -XEN_EINVAL);
}

static void set_gdt_bad_frame_list_pointer(void)
{
    CHECK_RC(set_gdt((const uint64_t *)HYPERVISOR_DIRECT_MAP, 512), -XEN_EFAULT);
    CHECK_RC(set_gdt((const uint64_t *)NONCANONICAL, 512), -XEN_EFAULT);
    CHECK_RC(set_gdt((const uint64_t *)0x1000, 512), -XEN_EFAULT);
}

/* While a frame is our GDT, it cannot be mapped writable. */
static void gdt_frame_made_writable(void)
{
    uint64_t *gdt = pt_spare_page(), frames[1];

    CHECK(gdt, "no spare page left");
    gdt[1] = DESC_FLAT_DATA_DPL3;
    CHECK_RC(pt_set_readonly(gdt), 0);
    frames[0] = virt_to_mfn(gdt);
    CHECK_RC(set_gdt(frames, 512), 0);
    CHECK_RC(pt_set_writable(gdt), -XEN_EBUSY);
    CHECK_RC(set_gdt(NULL, 0), 0);
}

/* ---- update_descriptor ----------------------------------------------- */

/* A writable page of ours to aim update_descriptor at. */
static uint64_t descriptor_page(volatile uint64_t **page)
{
    uint64_t mfn = 0;

    *page = new_mapped_frame(&mfn);
    return *page ? mfn : 0;
}

static void update_descriptor_misaligned(void)
{
    volatile uint64_t *page;
    uint64_t mfn = descriptor_page(&page);

    if (!mfn)
        return;
    CHECK_RC(update_descriptor(mfn << 12 | 4, DESC_FLAT_DATA_DPL3), -XEN_EINVAL);
    CHECK_RC(update_descriptor(mfn << 12 | 1, DESC_FLAT_DATA_DPL3), -XEN_EINVAL);
    CHECK_EQ(page[0], 0);
}

/* A code segment with DPL 0: accepted, with the DPL raised to 3. */
static void update_descriptor_dpl0_code(void)
{
    volatile uint64_t *page;
    uint64_t mfn = descriptor_page(&page);

    if (!mfn)
        return;
    CHECK_RC(update_descriptor(mfn << 12 | 8, DESC_FLAT_CODE64_DPL0), 0);
    info("DPL 0 code descriptor %#lx stored as %#lx", DESC_FLAT_CODE64_DPL0, page[1]);
    CHECK_EQ(page[1], DESC_FLAT_CODE64_DPL0 | 3UL << 45);
}

static void update_descriptor_tss(void)
{
    volatile uint64_t *page;
    uint64_t mfn = descriptor_page(&page);

    if (!mfn)
        return;
    CHECK_RC(update_descriptor(mfn << 12, 0x00008B0000000067UL), -XEN_EINVAL);
    CHECK_EQ(page[0], 0);
}

static void update_descriptor_ldt_descriptor(void)
{
    volatile uint64_t *page;
    uint64_t mfn = descriptor_page(&page);

    if (!mfn)
        return;
    CHECK_RC(update_descriptor(mfn << 12, 0x0000820000000fffUL), -XEN_EINVAL);
    CHECK_EQ(page[0], 0);
}

static void update_descriptor_interrupt_gate(void)
{
    volatile uint64_t *page;
    uint64_t mfn = descriptor_page(&page);

    if (!mfn)
        return;
    CHECK_RC(update_descriptor(mfn << 12, 0x0000EE00E0330000UL), -XEN_EINVAL);
    CHECK_EQ(page[0], 0);
}

/* A call gate into the hypervisor's ring-0 code selector. */
static void update_descriptor_call_gate_to_ring0_cs(void)
{
    volatile uint64_t *page;
    uint64_t mfn = descriptor_page(&page), gate[2];

    if (!mfn)
        return;
    call_gate(gate, 0xe008, GUEST_VIRT_BASE, 3);
    CHECK_RC(update_descriptor(mfn << 12, gate[0]), -XEN_EINVAL);
    CHECK_EQ(page[0], 0);
}

/* A call gate to a selector in the hypervisor's part of the GDT other than the flat CS. */
static void update_descriptor_call_gate_to_reserved_selector(void)
{
    volatile uint64_t *page;
    uint64_t mfn = descriptor_page(&page), gate[2];

    if (!mfn)
        return;
    call_gate(gate, 0xe040, GUEST_VIRT_BASE, 3);
    CHECK_RC(update_descriptor(mfn << 12, gate[0]), -XEN_EINVAL);
    CHECK_EQ(page[0], 0);
}

/* A call gate to our flat code selector is fine (Xen emulates the call). */
static void update_descriptor_call_gate_to_flat_cs_allowed(void)
{
    volatile uint64_t *page;
    uint64_t mfn = descriptor_page(&page), gate[2];

    if (!mfn)
        return;
    call_gate(gate, FLAT_KERNEL_CS, GUEST_VIRT_BASE, 3);
    CHECK_RC(update_descriptor(mfn << 12, gate[0]), 0);
    info("call gate %#lx stored as %#lx", gate[0], page[0]);
}

static void update_descriptor_on_page_table(void)
{
    uint64_t l1 = boot_table_mfn(1), first = *(const uint64_t *)mfn_to_virt(l1);

    CHECK_RC(update_descriptor(l1 << 12, DESC_FLAT_DATA_DPL3), -XEN_EINVAL);
    CHECK_EQ(*(const uint64_t *)mfn_to_virt(l1), first);
}

static void update_descriptor_foreign_frame(void)
{
    uint64_t mfn = foreign_frame();

    if (mfn)
        CHECK_RC(update_descriptor(mfn << 12, DESC_FLAT_DATA_DPL3), -XEN_EINVAL);
}

static void update_descriptor_beyond_ram(void)
{
    CHECK_RC(update_descriptor(((uint64_t)max_ram_page() + 0x1000) << 12, DESC_FLAT_DATA_DPL3),
             -XEN_EINVAL);
}

/* In a live GDT a TSS is refused too, and the old descriptor stays. */
static void update_descriptor_tss_in_live_gdt(void)
{
    uint64_t *gdt = pt_spare_page(), frames[1];

    CHECK(gdt, "no spare page left");
    gdt[1] = DESC_FLAT_DATA_DPL3;
    CHECK_RC(pt_set_readonly(gdt), 0);
    frames[0] = virt_to_mfn(gdt);
    CHECK_RC(set_gdt(frames, 512), 0);
    CHECK_RC(update_descriptor(frames[0] << 12 | 8, 0x00008B0000000067UL), -XEN_EINVAL);
    CHECK_EQ(gdt[1], DESC_FLAT_DATA_DPL3);
    ds_load_probe(0x0b);
    CHECK(!trap_disarm(), "the untouched descriptor no longer loads");
    CHECK_RC(set_gdt(NULL, 0), 0);
}

const struct test_case descriptor_cases[] = {
    { "set_gdt_7169_entries", set_gdt_7169_entries },
    { "set_gdt_writable_frame", set_gdt_writable_frame },
    { "set_gdt_page_table_frame", set_gdt_page_table_frame },
    { "set_gdt_foreign_frame", set_gdt_foreign_frame },
    { "set_gdt_frame_with_tss", set_gdt_frame_with_tss },
    { "set_gdt_bad_frame_list_pointer", set_gdt_bad_frame_list_pointer },
    { "gdt_frame_made_writable", gdt_frame_made_writable },
    { "update_descriptor_misaligned", update_descriptor_misaligned },
    { "update_descriptor_dpl0_code", update_descriptor_dpl0_code },
    { "update_descriptor_tss", update_descriptor_tss },
    { "update_descriptor_ldt_descriptor", update_descriptor_ldt_descriptor },
    { "update_descriptor_interrupt_gate", update_descriptor_interrupt_gate },
    { "update_descriptor_call_gate_to_ring0_cs", update_descriptor_call_gate_to_ring0_cs },
    { "update_descriptor_call_gate_to_reserved_selector",
      update_descriptor_call_gate_to_reserved_selector },
    { "update_descriptor_call_gate_to_flat_cs_allowed",
      update_descriptor_call_gate_to_flat_cs_allowed },
    { "update_descriptor_on_page_table", update_descriptor_on_page_table },
    { "update_descriptor_foreign_frame", update_descriptor_foreign_frame },
    { "update_descriptor_beyond_ram", update_descriptor_beyond_ram },
    { "update_descriptor_tss_in_live_gdt", update_descriptor_tss_in_live_gdt },
};
const unsigned descriptor_count = ARRAY_SIZE(descriptor_cases);
