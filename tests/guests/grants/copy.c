/*
 * GNTTABOP_copy: between a grant and one of our frames in both directions
 * and between two grants, at offsets, and the refusals: crossing a page,
 * writing through a read-only grant, frames named with a numeric domid,
 * bad refs, frames and domains.
 */
#include "grants.h"

struct copy_side {
    uint64_t ref_or_gmfn;
    domid_t domid;
    uint16_t offset;
};

static int16_t copy_one(struct copy_side src, struct copy_side dst, uint16_t len, uint16_t flags)
{
    struct gnttab_copy op = {
        .source = { .u.gmfn = src.ref_or_gmfn, .domid = src.domid, .offset = src.offset },
        .dest = { .u.gmfn = dst.ref_or_gmfn, .domid = dst.domid, .offset = dst.offset },
        .len = len,
        .flags = flags,
        .status = 0x7777,
    };
    long rc = hypercall_grant_table_op(GNTTABOP_copy, &op, 1);

    if (rc) {
        test_fail("copy returned %ld (%s)", rc, errno_name(rc));
        return GNT_CALL_FAILED;
    }
    return op.status;
}

static struct copy_side gref(grant_ref_t ref, uint16_t offset)
{
    return (struct copy_side){ ref, DOMID_SELF, offset };
}

static struct copy_side gmfn(uint64_t mfn, uint16_t offset)
{
    return (struct copy_side){ mfn, DOMID_SELF, offset };
}

/* Two tagged frames, the first granted with grant_flags; false if the case failed. */
static bool two_frames(volatile uint64_t **a, uint64_t *a_mfn, grant_ref_t *a_ref,
                       volatile uint64_t **b, uint64_t *b_mfn, uint16_t grant_flags)
{
    *a = tagged_frame(a_mfn, 50);
    *b = tagged_frame(b_mfn, 51);
    *a_ref = *a && *b ? gnt_grant_new(*a_mfn, grant_flags) : 0;
    return *a_ref != 0;
}

static void copy_gmfn_to_gref(void)
{
    volatile uint64_t *a, *b;
    uint64_t a_mfn, b_mfn;
    grant_ref_t ref;

    if (!two_frames(&a, &a_mfn, &ref, &b, &b_mfn, GTF_permit_access))
        return;
    CHECK_EQ(copy_one(gmfn(b_mfn, 0), gref(ref, 0), PAGE_SIZE, GNTCOPY_dest_gref), GNTST_okay);
    CHECK(page_has(a, 51), "the granted frame did not get the copy");
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

static void copy_gref_to_gmfn(void)
{
    volatile uint64_t *a, *b;
    uint64_t a_mfn, b_mfn;
    grant_ref_t ref;

    if (!two_frames(&a, &a_mfn, &ref, &b, &b_mfn, GTF_permit_access | GTF_readonly))
        return;
    CHECK_EQ(copy_one(gref(ref, 0), gmfn(b_mfn, 0), PAGE_SIZE, GNTCOPY_source_gref), GNTST_okay);
    CHECK(page_has(b, 50), "our frame did not get the copy");
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_readonly);
}

static void copy_gref_to_gref(void)
{
    volatile uint64_t *a, *b;
    uint64_t a_mfn, b_mfn;
    grant_ref_t ref, dst;

    if (!two_frames(&a, &a_mfn, &ref, &b, &b_mfn, GTF_permit_access))
        return;
    dst = gnt_grant_new(b_mfn, GTF_permit_access);
    if (!dst)
        return;
    /* Numeric domid 0 is fine for a grant ref. */
    CHECK_EQ(copy_one((struct copy_side){ ref, SELF_ID, 0 }, gref(dst, 0), PAGE_SIZE,
                      GNTCOPY_source_gref | GNTCOPY_dest_gref),
             GNTST_okay);
    CHECK(page_has(b, 50), "the destination grant did not get the copy");
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
    CHECK_EQ(gnt_flags(dst), GTF_permit_access);
}

/* Byte i of a page filled with tag's pattern (fill_page). */
static uint8_t pattern_byte(uint64_t tag, unsigned i)
{
    return (uint8_t)((tag * 0x9E3779B97F4A7C15UL + i / 8) >> (8 * (i % 8)));
}

/* Only the bytes asked for move. */
static void copy_at_offsets(void)
{
    volatile uint64_t *a, *b;
    uint64_t a_mfn, b_mfn;
    grant_ref_t ref;
    const volatile uint8_t *dst;

    if (!two_frames(&a, &a_mfn, &ref, &b, &b_mfn, GTF_permit_access))
        return;
    CHECK_EQ(copy_one(gref(ref, 100), gmfn(b_mfn, 2001), 77, GNTCOPY_source_gref), GNTST_okay);
    dst = (const volatile uint8_t *)b;
    for (unsigned i = 0; i < 77; i++)
        CHECK(dst[2001 + i] == pattern_byte(50, 100 + i), "byte %u was not copied", i);
    CHECK_EQ(dst[2000], pattern_byte(51, 2000));
    CHECK_EQ(dst[2078], pattern_byte(51, 2078));
    /* Up to the last byte of the page is fine; zero bytes too. */
    CHECK_EQ(copy_one(gref(ref, 4000), gmfn(b_mfn, 4000), 96, GNTCOPY_source_gref), GNTST_okay);
    CHECK_EQ(b[4088 / 8], a[4088 / 8]);
    CHECK_EQ(copy_one(gref(ref, 0), gmfn(b_mfn, 0), 0, GNTCOPY_source_gref), GNTST_okay);
    CHECK_EQ(b[0], 51 * 0x9E3779B97F4A7C15UL);
}

static void copy_crossing_page_bad_copy_arg(void)
{
    volatile uint64_t *a, *b;
    uint64_t a_mfn, b_mfn;
    grant_ref_t ref;

    if (!two_frames(&a, &a_mfn, &ref, &b, &b_mfn, GTF_permit_access))
        return;
    CHECK_EQ((uint16_t)copy_one(gref(ref, 4000), gmfn(b_mfn, 0), 97, GNTCOPY_source_gref),
             (uint16_t)GNTST_bad_copy_arg);
    CHECK_EQ((uint16_t)copy_one(gref(ref, 0), gmfn(b_mfn, 4095), 2, GNTCOPY_source_gref),
             (uint16_t)GNTST_bad_copy_arg);
    CHECK_EQ((uint16_t)copy_one(gmfn(b_mfn, 0), gref(ref, 0), PAGE_SIZE + 1, GNTCOPY_dest_gref),
             (uint16_t)GNTST_bad_copy_arg);
    CHECK_EQ((uint16_t)copy_one(gmfn(b_mfn, 0xFFFF), gmfn(a_mfn, 0), 1, 0),
             (uint16_t)GNTST_bad_copy_arg);
    CHECK(page_has(a, 50) && page_has(b, 51), "a refused copy changed a frame");
    CHECK_EQ(gnt_flags(ref), GTF_permit_access);
}

static void copy_to_readonly_grant_refused(void)
{
    volatile uint64_t *a, *b;
    uint64_t a_mfn, b_mfn;
    grant_ref_t ref;
    int16_t status;

    if (!two_frames(&a, &a_mfn, &ref, &b, &b_mfn, GTF_permit_access | GTF_readonly))
        return;
    status = copy_one(gmfn(b_mfn, 0), gref(ref, 0), 8, GNTCOPY_dest_gref);
    CHECK_EQ((uint16_t)status, (uint16_t)GNTST_general_error);
    CHECK(page_has(a, 50), "the read-only grant was written");
    CHECK_EQ(gnt_flags(ref), GTF_permit_access | GTF_readonly);
}

/* A frame (not a grant) may only be named with DOMID_SELF. */
static void copy_gmfn_numeric_domid_permission_denied(void)
{
    volatile uint64_t *a, *b;
    uint64_t a_mfn, b_mfn;
    grant_ref_t ref;

    if (!two_frames(&a, &a_mfn, &ref, &b, &b_mfn, GTF_permit_access))
        return;
    CHECK_EQ((uint16_t)copy_one((struct copy_side){ b_mfn, SELF_ID, 0 }, gref(ref, 0), 8,
                                GNTCOPY_dest_gref),
             (uint16_t)GNTST_permission_denied);
    CHECK_EQ((uint16_t)copy_one(gref(ref, 0), (struct copy_side){ b_mfn, SELF_ID, 0 }, 8,
                                GNTCOPY_source_gref),
             (uint16_t)GNTST_permission_denied);
    CHECK(page_has(a, 50) && page_has(b, 51), "a refused copy changed a frame");
}

static void copy_bad_ref_domain_frame(void)
{
    volatile uint64_t *a, *b;
    uint64_t a_mfn, b_mfn, foreign = foreign_frame();
    grant_ref_t ref;

    if (!foreign || !two_frames(&a, &a_mfn, &ref, &b, &b_mfn, GTF_permit_access))
        return;
    CHECK_EQ((uint16_t)copy_one(gref(GNT_ENTRIES, 0), gmfn(b_mfn, 0), 8, GNTCOPY_source_gref),
             (uint16_t)GNTST_bad_gntref);
    CHECK_EQ(
        (uint16_t)copy_one((struct copy_side){ ref, 1, 0 }, gmfn(b_mfn, 0), 8, GNTCOPY_source_gref),
        (uint16_t)GNTST_bad_domain);
    CHECK_EQ((uint16_t)copy_one(gmfn(foreign, 0), gmfn(b_mfn, 0), 8, 0), (uint16_t)GNTST_bad_page);
    CHECK_EQ((uint16_t)copy_one(gmfn(0xFFFFFFFFFFUL, 0), gmfn(b_mfn, 0), 8, 0),
             (uint16_t)GNTST_bad_page);
    CHECK_EQ((uint16_t)copy_one(gmfn(b_mfn, 0), gmfn(foreign, 0), 8, 0), (uint16_t)GNTST_bad_page);
    CHECK(page_has(b, 51), "a refused copy changed our frame");
}

/* Our page tables may be read by copy but not written. */
static void copy_into_page_table_general_error(void)
{
    volatile uint64_t *a, *b;
    uint64_t a_mfn, b_mfn, l1 = image_l1_mfn();
    grant_ref_t ref;

    if (!two_frames(&a, &a_mfn, &ref, &b, &b_mfn, GTF_permit_access))
        return;
    CHECK_EQ((uint16_t)copy_one(gmfn(b_mfn, 0), gmfn(l1, 0), 8, 0), (uint16_t)GNTST_general_error);
    CHECK_EQ(copy_one(gmfn(l1, 0), gmfn(b_mfn, 0), 8, 0), GNTST_okay);
    CHECK_EQ(b[0], *(volatile uint64_t *)mfn_to_virt(l1));
}

/* The entry must grant us access: other domain's or invalid entries refuse. */
static void copy_entry_refused_general_error(void)
{
    volatile uint64_t *a, *b;
    uint64_t a_mfn, b_mfn;
    grant_ref_t ref;

    if (!two_frames(&a, &a_mfn, &ref, &b, &b_mfn, GTF_permit_access))
        return;
    gnt_grant(ref, a_mfn, 5, GTF_permit_access);
    CHECK_EQ((uint16_t)copy_one(gref(ref, 0), gmfn(b_mfn, 0), 8, GNTCOPY_source_gref),
             (uint16_t)GNTST_general_error);
    gnt_grant(ref, a_mfn, SELF_ID, GTF_invalid);
    CHECK_EQ((uint16_t)copy_one(gref(ref, 0), gmfn(b_mfn, 0), 8, GNTCOPY_source_gref),
             (uint16_t)GNTST_general_error);
    CHECK_EQ(gnt_flags(ref), GTF_invalid);
    CHECK(page_has(b, 51), "a refused copy changed our frame");
}

const struct test_case copy_cases[] = {
    { "copy_gmfn_to_gref", copy_gmfn_to_gref },
    { "copy_gref_to_gmfn", copy_gref_to_gmfn },
    { "copy_gref_to_gref", copy_gref_to_gref },
    { "copy_at_offsets", copy_at_offsets },
    { "copy_crossing_page_bad_copy_arg", copy_crossing_page_bad_copy_arg },
    { "copy_to_readonly_grant_refused", copy_to_readonly_grant_refused },
    { "copy_gmfn_numeric_domid_permission_denied", copy_gmfn_numeric_domid_permission_denied },
    { "copy_bad_ref_domain_frame", copy_bad_ref_domain_frame },
    { "copy_into_page_table_general_error", copy_into_page_table_general_error },
    { "copy_entry_refused_general_error", copy_entry_refused_general_error },
};
const unsigned copy_count = ARRAY_SIZE(copy_cases);
