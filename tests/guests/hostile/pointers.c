/*
 * Attacks with arguments: request arrays, success counts and memory_op
 * structures at addresses that are not ours, arrays that run off the end
 * of our mapping, counts near 2^32 and with Xen's continuation bit,
 * forged domain ids and misaligned entry pointers.
 */
#include "hostile.h"

/* Pointers no hypercall may read or write through. */
static const struct {
    const char *name;
    uint64_t address;
} bad_pointers[] = {
    { "unmapped low page", 0x1000 },
    { "M2P (guest-readable)", MACH2PHYS_VIRT_START },
    { "hypervisor text", 0xFFFF82D040000000UL },
    { "hypervisor direct map", HYPERVISOR_DIRECT_MAP },
    { "non-canonical", NONCANONICAL },
    { "non-canonical top bit", 0x8000000000000000UL },
};

/* The last page of our initial mapping; the page after it is unmapped. */
static uint64_t last_page(void)
{
    return initial_end - PAGE_SIZE;
}

/* `n` harmless requests (rewriting a window entry with its value) that end where our mapping ends. */
static struct mmu_update *requests_at_end(unsigned n)
{
    uint64_t mfn;
    volatile uint64_t *page = new_mapped_frame(&mfn);
    struct mmu_update *reqs = (struct mmu_update *)(last_page() + PAGE_SIZE) - n;

    if (!page)
        return NULL;
    for (unsigned i = 0; i < n; i++)
        reqs[i] = (struct mmu_update){ window_slot((uint64_t)page), pt_entry((uint64_t)page, 1) };
    return reqs;
}

/* One harmless request: rewriting a fresh window entry. */
static bool harmless_request(struct mmu_update *req, uint64_t *va)
{
    uint64_t mfn;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page)
        return false;
    *va = (uint64_t)page;
    *req = (struct mmu_update){ window_slot(*va), mfn << 12 | PTE_DATA_RW };
    return true;
}

static void mmu_update_reqs_bad_pointers(void)
{
    unsigned done = 0xdead;

    CHECK_RC(hypercall_mmu_update(NULL, 1, &done, DOMID_SELF), -XEN_EFAULT);
    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = hypercall_mmu_update((void *)bad_pointers[i].address, 1, &done, DOMID_SELF);
        CHECK(rc == -XEN_EFAULT, "%s: %ld (%s)", bad_pointers[i].name, rc, errno_name(rc));
    }
    CHECK_EQ(done, 0);
}

static void mmu_update_reqs_run_off_mapping(void)
{
    struct mmu_update *reqs = requests_at_end(2);
    unsigned done = 0xdead;

    if (reqs) {
        CHECK_RC(hypercall_mmu_update(reqs, 3, &done, DOMID_SELF), -XEN_EFAULT);
        CHECK_EQ(done, 2);
    }
}

static void mmu_update_count_0x7fffffff(void)
{
    struct mmu_update *reqs = requests_at_end(2);
    unsigned done = 0xdead;

    if (reqs) {
        CHECK_RC(hypercall_mmu_update(reqs, 0x7fffffffu, &done, DOMID_SELF), -XEN_EFAULT);
        CHECK_EQ(done, 2);
    }
}

/* Bit 31 is Xen's "continuation" mark: the count so far is read from pdone. */
static void mmu_update_count_0xffffffff(void)
{
    struct mmu_update *reqs = requests_at_end(2);
    unsigned done = 100;

    if (reqs) {
        CHECK_RC(hypercall_mmu_update(reqs, 0xffffffffu, &done, DOMID_SELF), -XEN_EFAULT);
        info("count 0xffffffff with *pdone 100 leaves *pdone %u", done);
        CHECK_EQ(done, 102);
    }
}

static void mmu_update_count_bit31_set(void)
{
    struct mmu_update req;
    uint64_t va;
    unsigned done = 7;

    if (!harmless_request(&req, &va))
        return;
    CHECK_RC(hypercall_mmu_update(&req, 0x80000001u, &done, DOMID_SELF), 0);
    CHECK_EQ(done, 8);
    CHECK_RC(hypercall_mmu_update(&req, 0x80000001u, NULL, DOMID_SELF), 0);
}

/* A success count the hypervisor cannot write: the update is still done. */
static void mmu_update_pdone_bad_pointers(void)
{
    struct mmu_update req;
    uint64_t va;

    if (!harmless_request(&req, &va))
        return;
    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = hypercall_mmu_update(&req, 1, (unsigned *)bad_pointers[i].address, DOMID_SELF);
        CHECK(rc == 0, "%s: %ld (%s)", bad_pointers[i].name, rc, errno_name(rc));
    }
}

/* A success count in a read-only page of ours (our L4): left untouched. */
static void mmu_update_pdone_read_only(void)
{
    struct mmu_update req;
    uint64_t va;
    volatile uint64_t *slot = (volatile uint64_t *)start_info->pt_base + 500;
    uint64_t before = *slot;

    if (!harmless_request(&req, &va))
        return;
    CHECK_RC(hypercall_mmu_update(&req, 1, (unsigned *)slot, DOMID_SELF), 0);
    CHECK_EQ(*slot, before);
}

/*
 * The command is ptr & 7 (the low bits below an entry's alignment): an
 * entry pointer misaligned by 4 reads as command 4, which does not exist.
 */
static void mmu_update_misaligned_ptr(void)
{
    uint64_t va = window_page(), mfn = new_frame();

    if (!va || !mfn)
        return;
    CHECK_RC(pt_mmu_update(window_slot(va) + 4, mfn << 12 | PTE_DATA_RW), -XEN_ENOSYS);
    CHECK_EQ(pt_entry(va, 1), 0);
    CHECK_EQ(pt_entry(va + PAGE_SIZE, 1), 0);
}

static void mmu_update_commands_4_to_7(void)
{
    uint64_t va = window_page(), mfn = new_frame();

    if (!va || !mfn)
        return;
    for (unsigned cmd = 4; cmd < 8; cmd++) {
        long rc = pt_mmu_update(window_slot(va) | cmd, mfn << 12 | PTE_DATA_RW);
        CHECK(rc == -XEN_ENOSYS, "command %u: %ld (%s)", cmd, rc, errno_name(rc));
    }
    CHECK_EQ(pt_entry(va, 1), 0);
}

static void mmu_update_foreigndom(unsigned fd, long expected)
{
    uint64_t va = window_page(), mfn = new_frame();

    if (!va || !mfn)
        return;
    CHECK_RC(mmu_update_fd(window_slot(va), mfn << 12 | PTE_DATA_RW, fd), expected);
    CHECK_EQ(pt_entry(va, 1), 0);
}

static void foreigndom_unknown_domain(void)
{
    mmu_update_foreigndom(77, -XEN_ESRCH);
}
/* Our own frame presented as the hypervisor's or as I/O memory. */
static void foreigndom_domid_xen(void)
{
    mmu_update_foreigndom(DOMID_XEN, -XEN_EBUSY);
}
static void foreigndom_domid_io(void)
{
    mmu_update_foreigndom(DOMID_IO, -XEN_EBUSY);
}
static void foreigndom_domid_invalid(void)
{
    mmu_update_foreigndom(DOMID_INVALID, -XEN_ESRCH);
}
static void foreigndom_domid_cow(void)
{
    mmu_update_foreigndom(DOMID_COW, -XEN_ESRCH);
}
/* Bits 31:16 name (1 +) the owner of the page tables. */
static void foreigndom_unknown_table_owner(void)
{
    mmu_update_foreigndom((77 + 1) << 16 | DOMID_SELF, -XEN_ESRCH);
}

static void mmuext_ops_bad_pointers(void)
{
    unsigned done = 0xdead;

    CHECK_RC(hypercall_mmuext_op(NULL, 1, &done, DOMID_SELF), -XEN_EFAULT);
    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = hypercall_mmuext_op((void *)bad_pointers[i].address, 1, &done, DOMID_SELF);
        CHECK(rc == -XEN_EFAULT, "%s: %ld (%s)", bad_pointers[i].name, rc, errno_name(rc));
    }
}

/* Two TLB flushes that end where our mapping ends, then a huge count. */
static void mmuext_count_0x7fffffff(void)
{
    struct mmuext_op *ops = (struct mmuext_op *)(last_page() + PAGE_SIZE) - 2;
    unsigned done = 0xdead;

    ops[0] = ops[1] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    CHECK_RC(hypercall_mmuext_op(ops, 0x7fffffffu, &done, DOMID_SELF), -XEN_EFAULT);
    CHECK_EQ(done, 2);
}

static void mmuext_count_0xffffffff(void)
{
    struct mmuext_op *ops = (struct mmuext_op *)(last_page() + PAGE_SIZE) - 2;
    unsigned done = 100;

    ops[0] = ops[1] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    CHECK_RC(hypercall_mmuext_op(ops, 0xffffffffu, &done, DOMID_SELF), -XEN_EFAULT);
    info("mmuext count 0xffffffff with *pdone 100 leaves *pdone %u", done);
    CHECK_EQ(done, 102);
}

static void mmuext_pdone_bad_pointers(void)
{
    struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = hypercall_mmuext_op(&op, 1, (unsigned *)bad_pointers[i].address, DOMID_SELF);
        CHECK(rc == 0, "%s: %ld (%s)", bad_pointers[i].name, rc, errno_name(rc));
    }
}

static void mmuext_foreigndom_unknown(void)
{
    CHECK_RC(mmuext_fd(MMUEXT_TLB_FLUSH_LOCAL, 0, 0, 77), -XEN_ESRCH);
}

/* A vCPU mask that cannot be read is -EINVAL here (update_va_mapping says -EFAULT). */
static void mmuext_multi_bad_mask_pointer(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = pt_mmuext(MMUEXT_TLB_FLUSH_MULTI, 0, bad_pointers[i].address);
        CHECK(rc == -XEN_EINVAL, "flush, %s: %ld (%s)", bad_pointers[i].name, rc, errno_name(rc));
        rc = pt_mmuext(MMUEXT_INVLPG_MULTI, GUEST_VIRT_BASE, bad_pointers[i].address);
        CHECK(rc == -XEN_EINVAL, "invlpg, %s: %ld (%s)", bad_pointers[i].name, rc, errno_name(rc));
    }
}

/* ---- memory_op -------------------------------------------------------- */

static long reservation_at(unsigned op, uint64_t arg)
{
    return hypercall_memory_op(op, (void *)arg);
}

/* Even the reservation itself: a copy fault is a count of 0, not -EFAULT. */
static void reservation_struct_bad_pointers(void)
{
    static const unsigned ops[] = { XENMEM_increase_reservation, XENMEM_decrease_reservation,
                                    XENMEM_populate_physmap };

    for (unsigned o = 0; o < ARRAY_SIZE(ops); o++)
        for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
            long rc = reservation_at(ops[o], bad_pointers[i].address);
            CHECK(rc == 0, "op %u, %s: %ld (%s)", ops[o], bad_pointers[i].name, rc, errno_name(rc));
        }
}

/* An extent list the hypervisor cannot use: a count of 0, never an errno. */
static void extent_list_bad_pointers_count_0(void)
{
    static const unsigned ops[] = { XENMEM_increase_reservation, XENMEM_decrease_reservation,
                                    XENMEM_populate_physmap };
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };

    for (unsigned o = 0; o < ARRAY_SIZE(ops); o++)
        for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
            long rc;
            r.extent_start = bad_pointers[i].address;
            rc = hypercall_memory_op(ops[o], &r);
            CHECK(rc == 0, "op %u, %s: %ld (%s)", ops[o], bad_pointers[i].name, rc, errno_name(rc));
        }
}

/* One good extent, then the end of our mapping: one done. */
static void extent_list_runs_off_mapping(void)
{
    uint64_t *list = (uint64_t *)(last_page() + PAGE_SIZE) - 1;
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)list,
        .nr_extents = 2,
        .domid = DOMID_SELF,
    };

    *list = new_frame();
    if (*list)
        CHECK_RC(hypercall_memory_op(XENMEM_decrease_reservation, &r), 1);
}

static void nr_extents_huge(void)
{
    uint64_t mfn = 0;
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)&mfn,
        .nr_extents = 1UL << 40,
        .domid = DOMID_SELF,
    };

    CHECK_RC(hypercall_memory_op(XENMEM_increase_reservation, &r), 0);
    r.nr_extents = ~0UL;
    CHECK_RC(hypercall_memory_op(XENMEM_decrease_reservation, &r), 0);
}

/* cmd bits 6+ carry a start extent: past nr_extents, nothing is done. */
static void start_extent_beyond_nr_extents(void)
{
    uint64_t mfn = new_frame();
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)&mfn,
        .nr_extents = 1,
        .domid = DOMID_SELF,
    };

    if (mfn)
        CHECK_RC(hypercall_memory_op(XENMEM_decrease_reservation | 5 << MEMOP_EXTENT_SHIFT, &r), 5);
}

/* Common ops that never continue refuse a start extent... */
static void start_extent_on_query_op(void)
{
    domid_t self = DOMID_SELF;

    CHECK_RC(hypercall_memory_op(XENMEM_current_reservation | 1 << MEMOP_EXTENT_SHIFT, &self),
             -XEN_EINVAL);
    CHECK_RC(hypercall_memory_op(XENMEM_maximum_ram_page | 1 << MEMOP_EXTENT_SHIFT, NULL),
             -XEN_EINVAL);
}

/* ...while x86's own ops see the whole cmd, which then names no op. */
static void start_extent_on_arch_op(void)
{
    struct xen_machphys_mapping m;
    static struct xen_e820_entry map[32];
    struct xen_memory_map mm = { .nr_entries = ARRAY_SIZE(map), .buffer = (uint64_t)map };

    CHECK_RC(hypercall_memory_op(XENMEM_machphys_mapping | 1 << MEMOP_EXTENT_SHIFT, &m),
             -XEN_ENOSYS);
    CHECK_RC(hypercall_memory_op(XENMEM_machine_memory_map | 1 << MEMOP_EXTENT_SHIFT, &mm),
             -XEN_ENOSYS);
}

static void memory_op_unknown_cmd(void)
{
    CHECK_RC(hypercall_memory_op(63, NULL), -XEN_ENOSYS);
    CHECK_RC(hypercall_memory_op(8, NULL), -XEN_ENOSYS);
}

static void query_unknown_domain(void)
{
    domid_t dom = 77;

    CHECK_RC(hypercall_memory_op(XENMEM_current_reservation, &dom), -XEN_ESRCH);
    CHECK_RC(hypercall_memory_op(XENMEM_maximum_reservation, &dom), -XEN_ESRCH);
    CHECK_RC(hypercall_memory_op(XENMEM_maximum_gpfn, &dom), -XEN_ESRCH);
}

static void query_domid_bad_pointers(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = hypercall_memory_op(XENMEM_current_reservation, (void *)bad_pointers[i].address);
        CHECK(rc == -XEN_EFAULT, "%s: %ld (%s)", bad_pointers[i].name, rc, errno_name(rc));
    }
}

static void machine_memory_map_bad_buffers(void)
{
    struct xen_memory_map map = { .nr_entries = 16 };

    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc;
        map.buffer = bad_pointers[i].address;
        map.nr_entries = 16;
        rc = hypercall_memory_op(XENMEM_machine_memory_map, &map);
        CHECK(rc == -XEN_EFAULT, "%s: %ld (%s)", bad_pointers[i].name, rc, errno_name(rc));
    }
    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = hypercall_memory_op(XENMEM_machine_memory_map, (void *)bad_pointers[i].address);
        CHECK(rc == -XEN_EFAULT, "struct at %s: %ld (%s)", bad_pointers[i].name, rc,
              errno_name(rc));
    }
}

static void machine_memory_map_buffer_runs_off_mapping(void)
{
    struct xen_memory_map map = {
        .nr_entries = 64,
        .buffer = last_page() + PAGE_SIZE - 2 * sizeof(struct xen_e820_entry),
    };

    CHECK_RC(hypercall_memory_op(XENMEM_machine_memory_map, &map), -XEN_EFAULT);
}

static void machphys_mapping_bad_pointers(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = hypercall_memory_op(XENMEM_machphys_mapping, (void *)bad_pointers[i].address);
        CHECK(rc == -XEN_EFAULT, "%s: %ld (%s)", bad_pointers[i].name, rc, errno_name(rc));
    }
}

static void exchange_struct_bad_pointers(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = hypercall_memory_op(XENMEM_exchange, (void *)bad_pointers[i].address);
        CHECK(rc == -XEN_EFAULT, "%s: %ld (%s)", bad_pointers[i].name, rc, errno_name(rc));
    }
}

static void exchange(uint64_t *in, unsigned in_order, uint64_t *out, unsigned out_order,
                     uint64_t nr_exchanged, long expected)
{
    struct xen_memory_exchange x = {
        .in = { .extent_start = (uint64_t)in,
                .nr_extents = 1,
                .extent_order = in_order,
                .domid = DOMID_SELF },
        .out = { .extent_start = (uint64_t)out,
                 .nr_extents = 1,
                 .extent_order = out_order,
                 .domid = DOMID_SELF },
        .nr_exchanged = nr_exchanged,
    };

    CHECK_RC(hypercall_memory_op(XENMEM_exchange, &x), expected);
    CHECK_EQ(x.nr_exchanged, nr_exchanged);
}

/*
 * nr_exchanged is where the exchange starts (Xen continues with it): a
 * count already covering every extent exchanges nothing; one beyond it
 * is refused.
 */
static void exchange_nr_exchanged_preset(void)
{
    uint64_t in = new_frame(), out = 0x3000;

    if (!in)
        return;
    exchange(&in, 0, &out, 0, 1, 0);
    CHECK_EQ(out, 0x3000);
    CHECK_EQ(pt_pfn_to_mfn(M2P[in]), in);
    exchange(&in, 0, &out, 0, 2, -XEN_EINVAL);
}

static void exchange_sizes_differ(void)
{
    uint64_t in = new_frame(), out = 0x3000;

    if (in)
        exchange(&in, 0, &out, 1, 0, -XEN_EINVAL);
}

static void exchange_foreign_frame(void)
{
    uint64_t in = foreign_frame(), out = 0x3000;

    if (in)
        exchange(&in, 0, &out, 0, 0, -XEN_EINVAL);
}

static void exchange_page_table_frame(void)
{
    uint64_t in = boot_table_mfn(1), out = 0x3000;

    exchange(&in, 0, &out, 0, 0, -XEN_EINVAL);
    CHECK_EQ(pte_mfn(pt_entry(GUEST_VIRT_BASE, 2)), in);
}

const struct test_case pointer_cases[] = {
    { "mmu_update_reqs_bad_pointers", mmu_update_reqs_bad_pointers },
    { "mmu_update_reqs_run_off_mapping", mmu_update_reqs_run_off_mapping },
    { "mmu_update_count_0x7fffffff", mmu_update_count_0x7fffffff },
    { "mmu_update_count_0xffffffff", mmu_update_count_0xffffffff },
    { "mmu_update_count_bit31_set", mmu_update_count_bit31_set },
    { "mmu_update_pdone_bad_pointers", mmu_update_pdone_bad_pointers },
    { "mmu_update_pdone_read_only", mmu_update_pdone_read_only },
    { "mmu_update_misaligned_ptr", mmu_update_misaligned_ptr },
    { "mmu_update_commands_4_to_7", mmu_update_commands_4_to_7 },
    { "foreigndom_unknown_domain", foreigndom_unknown_domain },
    { "foreigndom_domid_xen", foreigndom_domid_xen },
    { "foreigndom_domid_io", foreigndom_domid_io },
    { "foreigndom_domid_invalid", foreigndom_domid_invalid },
    { "foreigndom_domid_cow", foreigndom_domid_cow },
    { "foreigndom_unknown_table_owner", foreigndom_unknown_table_owner },
    { "mmuext_ops_bad_pointers", mmuext_ops_bad_pointers },
    { "mmuext_count_0x7fffffff", mmuext_count_0x7fffffff },
    { "mmuext_count_0xffffffff", mmuext_count_0xffffffff },
    { "mmuext_pdone_bad_pointers", mmuext_pdone_bad_pointers },
    { "mmuext_foreigndom_unknown", mmuext_foreigndom_unknown },
    { "mmuext_multi_bad_mask_pointer", mmuext_multi_bad_mask_pointer },
    { "reservation_struct_bad_pointers", reservation_struct_bad_pointers },
    { "extent_list_bad_pointers_count_0", extent_list_bad_pointers_count_0 },
    { "extent_list_runs_off_mapping", extent_list_runs_off_mapping },
    { "nr_extents_huge", nr_extents_huge },
    { "start_extent_beyond_nr_extents", start_extent_beyond_nr_extents },
    { "start_extent_on_query_op", start_extent_on_query_op },
    { "start_extent_on_arch_op", start_extent_on_arch_op },
    { "memory_op_unknown_cmd", memory_op_unknown_cmd },
    { "query_unknown_domain", query_unknown_domain },
    { "query_domid_bad_pointers", query_domid_bad_pointers },
    { "machine_memory_map_bad_buffers", machine_memory_map_bad_buffers },
    { "machine_memory_map_buffer_runs_off_mapping", machine_memory_map_buffer_runs_off_mapping },
    { "machphys_mapping_bad_pointers", machphys_mapping_bad_pointers },
    { "exchange_struct_bad_pointers", exchange_struct_bad_pointers },
    { "exchange_nr_exchanged_preset", exchange_nr_exchanged_preset },
    { "exchange_sizes_differ", exchange_sizes_differ },
    { "exchange_foreign_frame", exchange_foreign_frame },
    { "exchange_page_table_frame", exchange_page_table_frame },
};
const unsigned pointer_count = ARRAY_SIZE(pointer_cases);
