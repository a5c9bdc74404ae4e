/*
 * grants: grant_table_op (hypercall 20) with a version 1 table, as a
 * 64-bit PV dom0 sees it, on good arguments and hostile ones: the table
 * itself (query_size, setup_table, versions), map_grant_ref and
 * unmap_grant_ref into our own page tables, unmap_and_replace, copy,
 * transfer and batches.  Every grant is a self-grant (dom0 to dom0).
 * Expected values are Xen 4.17's answers.  The last case unmaps
 * everything, so the hypervisor's final frame audit sees a clean dom0.
 */
#include "grants.h"

volatile struct grant_entry_v1 *gnt_table;
uint64_t gnt_frames[GNT_FRAMES];
static grant_ref_t next_ref = GNTTAB_NR_RESERVED_ENTRIES;
static uint64_t table_va;

long gnt_table_map(void)
{
    struct gnttab_setup_table setup = { .dom = DOMID_SELF,
                                        .nr_frames = GNT_FRAMES,
                                        .frame_list = (uint64_t)gnt_frames };
    long rc = hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1);

    if (rc || setup.status != GNTST_okay) {
        test_fail("setup_table returned %ld (%s), status %d", rc, errno_name(rc), setup.status);
        return rc ? rc : -XEN_EINVAL;
    }
    for (unsigned i = 0; i < GNT_FRAMES; i++) {
        uint64_t va = window_page();

        if (!va)
            return -XEN_ENOMEM;
        if (i == 0)
            table_va = va;
        rc = pt_map(va, gnt_frames[i], PTE_DATA_RW);
        if (rc) {
            test_fail("mapping table frame %u returned %ld (%s)", i, rc, errno_name(rc));
            return rc;
        }
    }
    gnt_table = (volatile struct grant_entry_v1 *)table_va;
    return 0;
}

long gnt_table_unmap(void)
{
    long rc = 0;

    for (unsigned i = 0; i < GNT_FRAMES && table_va && !rc; i++)
        rc = pt_unmap(table_va + i * PAGE_SIZE);
    gnt_table = NULL;
    return rc;
}

grant_ref_t gnt_new_ref(void)
{
    if (!gnt_table) {
        test_fail("our grant table is not mapped");
        return 0;
    }
    if (next_ref >= GNT_ENTRIES) {
        test_fail("out of grant refs");
        return 0;
    }
    return next_ref++;
}

void gnt_grant(grant_ref_t ref, uint64_t frame, domid_t domid, uint16_t flags)
{
    gnt_table[ref].frame = (uint32_t)frame;
    gnt_table[ref].domid = domid;
    asm volatile("" ::: "memory"); /* flags last: they make the entry live */
    gnt_table[ref].flags = flags;
}

grant_ref_t gnt_grant_new(uint64_t mfn, uint16_t flags)
{
    grant_ref_t ref = gnt_new_ref();

    if (ref)
        gnt_grant(ref, mfn, SELF_ID, flags);
    return ref;
}

int16_t gnt_map(uint64_t host_addr, uint32_t flags, grant_ref_t ref, domid_t dom,
                grant_handle_t *handle, uint64_t *dev_bus_addr)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = host_addr, .flags = flags, .ref = ref, .dom = dom, .status = 0x7777
    };
    long rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    if (rc) {
        test_fail("map_grant_ref returned %ld (%s)", rc, errno_name(rc));
        return GNT_CALL_FAILED;
    }
    if (handle)
        *handle = op.handle;
    if (dev_bus_addr)
        *dev_bus_addr = op.dev_bus_addr;
    return op.status;
}

int16_t gnt_unmap(uint64_t host_addr, uint64_t dev_bus_addr, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = {
        .host_addr = host_addr, .dev_bus_addr = dev_bus_addr, .handle = handle, .status = 0x7777
    };
    long rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

    if (rc) {
        test_fail("unmap_grant_ref returned %ld (%s)", rc, errno_name(rc));
        return GNT_CALL_FAILED;
    }
    return op.status;
}

void fill_page(volatile uint64_t *page, uint64_t tag)
{
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        page[i] = tag * 0x9E3779B97F4A7C15UL + i;
}

bool page_has(const volatile uint64_t *page, uint64_t tag)
{
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        if (page[i] != tag * 0x9E3779B97F4A7C15UL + i)
            return false;
    return true;
}

volatile uint64_t *tagged_frame(uint64_t *mfn, uint64_t tag)
{
    volatile uint64_t *page = new_mapped_frame(mfn);

    if (page)
        fill_page(page, tag);
    return page;
}

uint64_t image_l1_mfn(void)
{
    return pte_mfn(pt_entry(GUEST_VIRT_BASE, 2));
}

uint64_t foreign_frame(void)
{
    static uint64_t found;

    if (!found)
        found = pt_foreign_frame(hypercall_memory_op(XENMEM_maximum_ram_page, NULL));
    if (!found)
        test_fail("found no RAM frame that is not ours");
    return found;
}

/*
 * Last: no access grant any case used is still in use; every entry is
 * revoked and the table unmapped.
 */
static void teardown_nothing_left_mapped(void)
{
    for (grant_ref_t ref = GNTTAB_NR_RESERVED_ENTRIES; gnt_table && ref < next_ref; ref++) {
        uint16_t flags = gnt_flags(ref);

        if ((flags & GTF_type_mask) == GTF_permit_access)
            CHECK((flags & (GTF_reading | GTF_writing)) == 0, "ref %u still has flags %#x", ref,
                  flags);
        gnt_grant(ref, 0, 0, 0);
    }
    CHECK_RC(gnt_table_unmap(), 0);
}

int guest_main(const struct start_info *si)
{
    static const struct test_case last[] = {
        { "teardown_nothing_left_mapped", teardown_nothing_left_mapped },
    };
    static struct test_case cases[200];
    struct test_list all = { cases, 0, ARRAY_SIZE(cases) };

    test_list_add(&all, table_cases, table_count);
    test_list_add(&all, map_cases, map_count);
    test_list_add(&all, unmap_cases, unmap_count);
    test_list_add(&all, hostile_cases, hostile_count);
    test_list_add(&all, copy_cases, copy_count);
    test_list_add(&all, transfer_cases, transfer_count);
    test_list_add(&all, batch_cases, batch_count);
    test_list_add(&all, resource_cases, resource_count);
    test_list_add(&all, last, ARRAY_SIZE(last));
    test_main("grants", all.cases, all.count);
}
