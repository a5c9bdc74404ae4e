/*
 * GNTTABOP_transfer to ourselves: dom0 offers an accept_transfer entry in
 * its own table and gives one of its frames to it.  The frame leaves us
 * and comes back through the entry, which then names it.  A refused
 * transfer after the frame was taken loses the frame.
 */
#include "grants.h"

static int16_t transfer_one(uint64_t mfn, domid_t domid, grant_ref_t ref)
{
    struct gnttab_transfer op = { .mfn = mfn, .domid = domid, .ref = ref, .status = 0x7777 };
    long rc = hypercall_grant_table_op(GNTTABOP_transfer, &op, 1);

    if (rc) {
        test_fail("transfer returned %ld (%s)", rc, errno_name(rc));
        return GNT_CALL_FAILED;
    }
    return op.status;
}

static long pages_owned(void)
{
    domid_t self = DOMID_SELF;

    return hypercall_memory_op(XENMEM_current_reservation, &self);
}

static void transfer_to_self_completes(void)
{
    uint64_t mfn = new_frame(), pfn, va = window_page();
    grant_ref_t ref = mfn ? gnt_new_ref() : 0;
    long owned = pages_owned();

    if (!ref || !va)
        return;
    pfn = M2P[mfn];
    gnt_grant(ref, pfn, SELF_ID, GTF_accept_transfer);
    CHECK_EQ(transfer_one(mfn, SELF_ID, ref), GNTST_okay);
    CHECK_EQ(gnt_flags(ref), GTF_accept_transfer | GTF_transfer_committed | GTF_transfer_completed);
    CHECK_EQ(gnt_table[ref].frame, mfn);
    CHECK_EQ(M2P[mfn], pfn);
    CHECK_RC(pages_owned(), owned);
    CHECK_RC(pt_map(va, mfn, PTE_DATA_RW), 0);
    CHECK_RC(pt_unmap(va), 0);
}

/* A frame we still map elsewhere cannot be stolen from us. */
static void transfer_mapped_frame_bad_page(void)
{
    uint64_t mfn;
    volatile uint64_t *page = tagged_frame(&mfn, 60);
    grant_ref_t ref = page ? gnt_new_ref() : 0;

    if (!ref)
        return;
    gnt_grant(ref, M2P[mfn], SELF_ID, GTF_accept_transfer);
    CHECK_EQ((uint16_t)transfer_one(mfn, SELF_ID, ref), (uint16_t)GNTST_bad_page);
    CHECK_EQ(gnt_flags(ref), GTF_accept_transfer);
    CHECK(page_has(page, 60), "the frame changed");
}

static void transfer_frame_not_ours_bad_page(void)
{
    uint64_t foreign = foreign_frame();
    grant_ref_t ref = foreign ? gnt_new_ref() : 0;

    if (!ref)
        return;
    gnt_grant(ref, 0, SELF_ID, GTF_accept_transfer);
    CHECK_EQ((uint16_t)transfer_one(foreign, SELF_ID, ref), (uint16_t)GNTST_bad_page);
    CHECK_EQ((uint16_t)transfer_one(1UL << 40, SELF_ID, ref), (uint16_t)GNTST_bad_page);
    CHECK_EQ((uint16_t)transfer_one(image_l1_mfn(), SELF_ID, ref), (uint16_t)GNTST_bad_page);
    CHECK_EQ(gnt_flags(ref), GTF_accept_transfer);
}

/* Refused after the frame was taken from us: the frame is gone. */
static void transfer_refused_loses_frame(domid_t domid, uint16_t entry_flags, int16_t expected)
{
    uint64_t mfn = new_frame();
    grant_ref_t ref = mfn ? gnt_new_ref() : 0;
    long owned = pages_owned();

    if (!ref)
        return;
    gnt_grant(ref, M2P[mfn], SELF_ID, entry_flags);
    CHECK_EQ((uint16_t)transfer_one(mfn, domid, ref), (uint16_t)expected);
    CHECK_EQ(gnt_flags(ref), entry_flags);
    CHECK_RC(pages_owned(), owned - 1);
}

static void transfer_entry_not_accepting_general_error(void)
{
    transfer_refused_loses_frame(SELF_ID, GTF_permit_access, GNTST_general_error);
}

static void transfer_bad_domain_loses_frame(void)
{
    transfer_refused_loses_frame(1, GTF_accept_transfer, GNTST_bad_domain);
}

static void transfer_domid_self_bad_domain(void)
{
    transfer_refused_loses_frame(DOMID_SELF, GTF_accept_transfer, GNTST_bad_domain);
}

const struct test_case transfer_cases[] = {
    { "transfer_to_self_completes", transfer_to_self_completes },
    { "transfer_mapped_frame_bad_page", transfer_mapped_frame_bad_page },
    { "transfer_frame_not_ours_bad_page", transfer_frame_not_ours_bad_page },
    { "transfer_entry_not_accepting_general_error", transfer_entry_not_accepting_general_error },
    { "transfer_bad_domain_loses_frame", transfer_bad_domain_loses_frame },
    { "transfer_domid_self_bad_domain", transfer_domid_self_bad_domain },
};
const unsigned transfer_count = ARRAY_SIZE(transfer_cases);
