/*
 * mmu_update (hypercall 1): checked page-table writes, M2P updates, the
 * A/D-preserving write, success counts, a long batch, foreigndom.
 */
#include "mmu.h"

/* Xen's marker for kernel (non-user) mappings of a 64-bit PV guest. */
#define PTE_GUEST_KERNEL (1UL << 52)

#define BATCH_LONG 100000
static struct mmu_update batch[BATCH_LONG];

static void normal_update_maps_free_frame(void)
{
    uint64_t va = window_page(), mfn = new_frame();
    volatile uint64_t *page = (volatile uint64_t *)va;

    if (!va || !mfn)
        return;
    CHECK_RC(pt_mmu_update(pt_entry_maddr(va, 1), mfn << 12 | PTE_DATA_RW), 0);
    fill_page(page, 1);
    CHECK(page_has(page, 1), "the new mapping does not read back what was written");
    info("mapped mfn %#lx at %#lx", mfn, va);
}

/* A kernel mapping gets US and the guest-kernel marker (public/xen.h). */
static void normal_update_entry_reads_back_adjusted(void)
{
    uint64_t va = window_page(), mfn = new_frame();

    if (!va || !mfn)
        return;
    CHECK_RC(pt_mmu_update(pt_entry_maddr(va, 1), mfn << 12 | PTE_DATA_RW), 0);
    info("wrote %#lx, reads back %#lx", mfn << 12 | PTE_DATA_RW, l1_entry_of(va));
    CHECK_EQ(l1_entry_of(va), mfn << 12 | PTE_DATA_RW | PTE_USER | PTE_GUEST_KERNEL);
}

static void normal_update_unmap_then_access_faults(void)
{
    uint64_t mfn, value;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page)
        return;
    page[0] = 42;
    CHECK_RC(pt_mmu_update(pt_entry_maddr((uint64_t)page, 1), 0), 0);
    CHECK_RC(pt_invlpg((uint64_t)page), 0);
    CHECK_EQ(l1_entry_of((uint64_t)page), 0);
    CHECK(!probe_read(page, &value), "the unmapped page is still readable");
    CHECK_EQ(trap_last.vector, TRAP_PF);
    CHECK_EQ(trap_last.error, 0); /* not present, read, kernel mode */
}

static void two_mappings_share_the_frame(void)
{
    uint64_t mfn, va2 = 0;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page || !(va2 = window_page()))
        return;
    CHECK_RC(pt_map(va2, mfn, PTE_DATA_RW), 0);
    fill_page(page, 2);
    CHECK(page_has((volatile uint64_t *)va2, 2), "the second mapping shows other data");
}

static void read_only_mapping_faults_on_write(void)
{
    uint64_t mfn, va2 = 0;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page || !(va2 = window_page()))
        return;
    CHECK_RC(pt_map(va2, mfn, PTE_PRESENT | PTE_ACCESSED), 0);
    page[0] = 7;
    CHECK_EQ(*(volatile uint64_t *)va2, 7);
    CHECK(!probe_write((volatile uint64_t *)va2, 8), "a read-only mapping took a write");
    CHECK_EQ(trap_last.vector, TRAP_PF);
    CHECK_EQ(trap_last.error, PFEC_PRESENT | PFEC_WRITE);
}

static void machphys_update_sets_m2p(void)
{
    uint64_t mfn = new_frame(), pfn;

    if (!mfn)
        return;
    pfn = M2P[mfn];
    CHECK_RC(pt_mmu_update(mfn << 12 | MMU_MACHPHYS_UPDATE, 0x12345), 0);
    CHECK_EQ(M2P[mfn], 0x12345);
    CHECK_RC(pt_mmu_update(mfn << 12 | MMU_MACHPHYS_UPDATE, pfn), 0);
    CHECK_EQ(M2P[mfn], pfn);
}

/* The offset bits of ptr are ignored by MMU_MACHPHYS_UPDATE: only the frame counts. */
static void machphys_update_ignores_offset(void)
{
    uint64_t mfn = new_frame(), pfn;

    if (!mfn)
        return;
    pfn = M2P[mfn];
    CHECK_RC(pt_mmu_update(mfn << 12 | 0xff8 | MMU_MACHPHYS_UPDATE, 0x54321), 0);
    CHECK_EQ(M2P[mfn], 0x54321);
    CHECK_RC(pt_mmu_update(mfn << 12 | MMU_MACHPHYS_UPDATE, pfn), 0);
}

/* The CPU sets A and D on a write; PRESERVE_AD keeps them, a normal update does not. */
static void preserve_ad_keeps_accessed_dirty(void)
{
    uint64_t va = window_page(), mfn = new_frame(), slot;
    uint64_t plain = PTE_PRESENT | PTE_RW;

    if (!va || !mfn)
        return;
    slot = pt_entry_maddr(va, 1);
    CHECK_RC(pt_mmu_update(slot, mfn << 12 | plain), 0);
    CHECK_EQ(l1_entry_of(va) & (PTE_ACCESSED | PTE_DIRTY), 0);
    *(volatile uint64_t *)va = 1;
    CHECK_EQ(l1_entry_of(va) & (PTE_ACCESSED | PTE_DIRTY), PTE_ACCESSED | PTE_DIRTY);
    CHECK_RC(pt_mmu_update(slot | MMU_PT_UPDATE_PRESERVE_AD, mfn << 12 | plain), 0);
    CHECK_EQ(l1_entry_of(va) & (PTE_ACCESSED | PTE_DIRTY), PTE_ACCESSED | PTE_DIRTY);
    CHECK_RC(pt_mmu_update(slot, mfn << 12 | plain), 0);
    CHECK_EQ(l1_entry_of(va) & (PTE_ACCESSED | PTE_DIRTY), 0);
    CHECK_RC(pt_invlpg(va), 0);
}

static void success_count_is_requests_done(void)
{
    uint64_t va = window_page(), mfn = new_frame();
    struct mmu_update reqs[3];
    unsigned done = 0xdead;

    if (!va || !mfn)
        return;
    for (unsigned i = 0; i < 3; i++)
        reqs[i] = (struct mmu_update){ pt_entry_maddr(va, 1), mfn << 12 | PTE_DATA_RW };
    CHECK_RC(hypercall_mmu_update(reqs, 3, &done, DOMID_SELF), 0);
    CHECK_EQ(done, 3);
}

/* The second request writes a hypervisor L4 slot: one done, -EINVAL. */
static void success_count_stops_at_failure(void)
{
    uint64_t va = window_page(), mfn = new_frame();
    uint64_t l4 = pt_read_cr3() & PTE_ADDR_MASK;
    struct mmu_update reqs[3];
    unsigned done = 0xdead;

    if (!va || !mfn)
        return;
    reqs[0] = (struct mmu_update){ pt_entry_maddr(va, 1), mfn << 12 | PTE_DATA_RW };
    reqs[1] = (struct mmu_update){ l4 + 256 * 8, 0 };
    reqs[2] = (struct mmu_update){ pt_entry_maddr(va, 1), 0 };
    CHECK_RC(hypercall_mmu_update(reqs, 3, &done, DOMID_SELF), -XEN_EINVAL);
    CHECK_EQ(done, 1);
    CHECK_EQ(pte_mfn(l1_entry_of(va)), mfn);
}

static void count_zero_does_nothing(void)
{
    unsigned done = 0xdead;

    CHECK_RC(hypercall_mmu_update(NULL, 0, &done, DOMID_SELF), 0);
    CHECK_EQ(done, 0);
}

/* 100000 requests in one call, alternating one page between two frames. */
static void batch_of_100000_all_done(void)
{
    uint64_t a, b, slot;
    volatile uint64_t *page = new_mapped_frame(&a);
    volatile uint64_t *other = new_mapped_frame(&b);
    unsigned done = 0;

    if (!page || !other)
        return;
    fill_page(page, 3);
    fill_page(other, 4);
    slot = pt_entry_maddr((uint64_t)page, 1);
    for (unsigned i = 0; i < BATCH_LONG; i++)
        batch[i] = (struct mmu_update){ slot, (i & 1 ? a : b) << 12 | PTE_DATA_RW };
    CHECK_RC(hypercall_mmu_update(batch, BATCH_LONG, &done, DOMID_SELF), 0);
    CHECK_EQ(done, BATCH_LONG);
    CHECK_RC(pt_invlpg((uint64_t)page), 0);
    CHECK(page_has(page, 3), "after the batch the page does not show the last frame");
    CHECK_EQ(pte_mfn(l1_entry_of((uint64_t)page)), a);
}

static void foreigndom_self(void)
{
    uint64_t va = window_page(), mfn = new_frame();
    struct mmu_update req;

    if (!va || !mfn)
        return;
    req = (struct mmu_update){ pt_entry_maddr(va, 1), mfn << 12 | PTE_DATA_RW };
    CHECK_RC(hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    CHECK_EQ(pte_mfn(l1_entry_of(va)), mfn);
}

/* Our own id is not DOMID_SELF: a domain cannot name itself as foreign. */
static void foreigndom_own_id_esrch(void)
{
    uint64_t va = window_page(), mfn = new_frame();
    struct mmu_update req;
    unsigned done = 0xdead;

    if (!va || !mfn)
        return;
    req = (struct mmu_update){ pt_entry_maddr(va, 1), mfn << 12 | PTE_DATA_RW };
    CHECK_RC(hypercall_mmu_update(&req, 1, &done, 0), -XEN_ESRCH);
    CHECK_EQ(done, 0);
    CHECK_EQ(l1_entry_of(va), 0);
}

/* A data page of ours (writable type): the write is unchecked. */
static void update_of_data_page_is_plain_write(void)
{
    uint64_t mfn;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page)
        return;
    CHECK_RC(pt_mmu_update(mfn << 12 | 16, 0x1234567890abcdefUL), 0);
    CHECK_EQ(page[2], 0x1234567890abcdefUL);
}

/* NO_TRANSLATE behaves as a normal update for a PV guest. */
static void no_translate_update_maps_frame(void)
{
    uint64_t va = window_page(), mfn = new_frame();

    if (!va || !mfn)
        return;
    CHECK_RC(
        pt_mmu_update(pt_entry_maddr(va, 1) | MMU_PT_UPDATE_NO_TRANSLATE, mfn << 12 | PTE_DATA_RW),
        0);
    CHECK_RC(pt_invlpg(va), 0);
    fill_page((volatile uint64_t *)va, 5);
    CHECK(page_has((volatile uint64_t *)va, 5), "the mapping does not read back");
}

const struct test_case mmu_update_cases[] = {
    { "normal_update_maps_free_frame", normal_update_maps_free_frame },
    { "normal_update_entry_reads_back_adjusted", normal_update_entry_reads_back_adjusted },
    { "normal_update_unmap_then_access_faults", normal_update_unmap_then_access_faults },
    { "two_mappings_share_the_frame", two_mappings_share_the_frame },
    { "read_only_mapping_faults_on_write", read_only_mapping_faults_on_write },
    { "machphys_update_sets_m2p", machphys_update_sets_m2p },
    { "machphys_update_ignores_offset", machphys_update_ignores_offset },
    { "preserve_ad_keeps_accessed_dirty", preserve_ad_keeps_accessed_dirty },
    { "success_count_is_requests_done", success_count_is_requests_done },
    { "success_count_stops_at_failure", success_count_stops_at_failure },
    { "count_zero_does_nothing", count_zero_does_nothing },
    { "batch_of_100000_all_done", batch_of_100000_all_done },
    { "foreigndom_self", foreigndom_self },
    { "foreigndom_own_id_esrch", foreigndom_own_id_esrch },
    { "update_of_data_page_is_plain_write", update_of_data_page_is_plain_write },
    { "no_translate_update_maps_frame", no_translate_update_maps_frame },
};
const unsigned mmu_update_count = ARRAY_SIZE(mmu_update_cases);
