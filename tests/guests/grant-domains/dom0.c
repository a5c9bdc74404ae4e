/*
 * dom0's role: maps, copies and is refused d1's grants, each step
 * answered by d1's own checks (grant-domains.h); watches d1 die while
 * it still maps REF_TEARDOWN, which must outlive d1 until it is unmapped;
 * then maps d2's page and powers off with it mapped, so the hypervisor's
 * frame audit sees a live foreign grant mapping in our tables.
 */
#include "grant-domains.h"

#define REAP_GRACE_NS (200 * NS_PER_MS) /* the reaper retries every millisecond */
#define GONE_NS       (2 * NS_PER_S)

static long setup_rc;
static evtchn_port_t ports[5]; /* [PORT_*]: what each allocation gave */
static uint64_t shared_va, readonly_va, teardown_va;
static grant_handle_t shared_h, readonly_h, teardown_h;

static int16_t d1_query_size(void)
{
    struct gnttab_query_size q = { .dom = GRANTER_ID, .status = 0x7777 };
    long rc = hypercall_grant_table_op(GNTTABOP_query_size, &q, 1);

    return rc ? GNT_CALL_FAILED : q.status;
}

static int16_t copy(uint64_t src, domid_t src_dom, uint64_t dst, domid_t dst_dom, uint16_t flags)
{
    struct gnttab_copy op = {
        .source = { .u.gmfn = src, .domid = src_dom },
        .dest = { .u.gmfn = dst, .domid = dst_dom },
        .len = PAGE_SIZE,
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

static void ports_are_allocated_lowest_first(void)
{
    CHECK_RC(setup_rc, 0);
    CHECK_EQ(ports[PORT_DOM_EXC], PORT_DOM_EXC);
    CHECK_EQ(ports[PORT_D1_REPORT], PORT_D1_REPORT);
    CHECK_EQ(ports[PORT_D1_STEP], PORT_D1_STEP);
    CHECK_EQ(ports[PORT_D2_STEP], PORT_D2_STEP);
}

static void granter_is_ready(void)
{
    CHECK(events_wait_count(PORT_D1_STEP, 1, FIRST_STEP_NS), "d1 did not grant in time");
}

static void map_domu_grant_reads_and_answers(void)
{
    volatile uint64_t *page;

    shared_va = window_page();
    CHECK(shared_va, "no window page");
    page = (volatile uint64_t *)shared_va;
    CHECK_EQ(gnt_map(shared_va, GNTMAP_host_map, REF_SHARED, GRANTER_ID, &shared_h), GNTST_okay);
    CHECK(page_has(page, TAG_SHARED, PAGE_SIZE / 8), "the mapping does not show d1's page");
    page[ANSWER_WORD] = ANSWER_SHARED;
    CHECK_EQ(page[ANSWER_WORD], ANSWER_SHARED);
}

static void readonly_grant_refuses_writable_map(void)
{
    volatile uint64_t *page;
    uint64_t value;

    readonly_va = window_page();
    CHECK(readonly_va, "no window page");
    page = (volatile uint64_t *)readonly_va;
    CHECK_EQ(gnt_map(readonly_va, GNTMAP_host_map, REF_READONLY, GRANTER_ID, NULL),
             GNTST_general_error);
    CHECK_EQ(pt_entry(readonly_va, 1), 0);
    CHECK_EQ(gnt_map(readonly_va, GNTMAP_host_map | GNTMAP_readonly, REF_READONLY, GRANTER_ID,
                     &readonly_h),
             GNTST_okay);
    CHECK(page_has(page, TAG_READONLY, PAGE_SIZE / 8), "the mapping does not show d1's page");
    CHECK(!probe_write(page, 5), "a write through the read-only mapping worked");
    CHECK_EQ(trap_last.vector, TRAP_PF);
    CHECK(probe_read(page, &value), "the read-only mapping no longer reads");
    CHECK_EQ(value, tag_word(TAG_READONLY, 0));
}

static void grant_to_another_domain_refused(void)
{
    uint64_t va = window_page(), mfn;
    volatile uint64_t *frame = new_mapped_frame(&mfn);

    CHECK(va && frame, "no window page or frame");
    CHECK_EQ(gnt_map(va, GNTMAP_host_map, REF_OTHER, GRANTER_ID, NULL), GNTST_general_error);
    CHECK_EQ(gnt_map(va, GNTMAP_host_map | GNTMAP_readonly, REF_OTHER, GRANTER_ID, NULL),
             GNTST_general_error);
    CHECK_EQ(pt_entry(va, 1), 0);
    CHECK_EQ(copy(REF_OTHER, GRANTER_ID, mfn, DOMID_SELF, GNTCOPY_source_gref),
             GNTST_general_error);
}

/* d1's page into a frame of ours, and another of ours into REF_COPY; REF_READONLY takes no copy. */
static void copy_from_domu_grant_and_back(void)
{
    uint64_t mfn;
    volatile uint64_t *frame = new_mapped_frame(&mfn);

    CHECK(frame, "no frame");
    memset((void *)frame, 0, PAGE_SIZE);
    CHECK_EQ(copy(REF_SHARED, GRANTER_ID, mfn, DOMID_SELF, GNTCOPY_source_gref), GNTST_okay);
    CHECK_EQ(frame[ANSWER_WORD], ANSWER_SHARED);
    CHECK(page_has(frame, TAG_SHARED, ANSWER_WORD), "the copy is not d1's page");
    fill_page(frame, TAG_COPY);
    CHECK_EQ(copy(mfn, DOMID_SELF, REF_COPY, GRANTER_ID, GNTCOPY_dest_gref), GNTST_okay);
    CHECK_EQ(copy(mfn, DOMID_SELF, REF_READONLY, GRANTER_ID, GNTCOPY_dest_gref),
             GNTST_general_error);
}

/* Step 1 to d1, which checks its entries' flags and pages and answers. */
static void granter_sees_mappings_and_copy(void)
{
    CHECK_RC(step_send(PORT_D1_STEP), 0);
    CHECK(events_wait_count(PORT_D1_STEP, 2, STEP_NS), "d1 did not answer step 1");
}

static void unmaps_clear_the_flags(void)
{
    CHECK_EQ(gnt_unmap(shared_va, shared_h), GNTST_okay);
    CHECK_EQ(gnt_unmap(readonly_va, readonly_h), GNTST_okay);
    CHECK_EQ(pt_entry(shared_va, 1), 0);
    CHECK_EQ(pt_entry(readonly_va, 1), 0);
    CHECK_RC(step_send(PORT_D1_STEP), 0);
    CHECK(events_wait_count(PORT_D1_STEP, 3, STEP_NS), "d1 did not answer step 2");
}

static void teardown_page_mapped(void)
{
    volatile uint64_t *page;

    teardown_va = window_page();
    CHECK(teardown_va, "no window page");
    page = (volatile uint64_t *)teardown_va;
    CHECK_EQ(gnt_map(teardown_va, GNTMAP_host_map, REF_TEARDOWN, GRANTER_ID, &teardown_h),
             GNTST_okay);
    CHECK(page_has(page, TAG_TEARDOWN, PAGE_SIZE / 8), "the mapping does not show d1's page");
    page[ANSWER_WORD] = ANSWER_TEARDOWN;
    CHECK_RC(step_send(PORT_D1_STEP), 0);
    CHECK(events_wait_count(PORT_D1_REPORT, 1, STEP_NS), "d1 did not report");
}

/* d1 finishes and shuts down; its page stays ours to read and write until we unmap it. */
static void dying_granters_page_stays_mapped(void)
{
    volatile uint64_t *page = (volatile uint64_t *)teardown_va;
    uint32_t before = events_count(PORT_DOM_EXC);

    CHECK(teardown_va, "REF_TEARDOWN is not mapped");
    CHECK_RC(evtchn_send(PORT_D1_REPORT), 0);
    CHECK(events_wait_count(PORT_DOM_EXC, before + 1, STEP_NS),
          "no VIRQ_DOM_EXC after d1's go-ahead");
    time_spin_until(time_now() + REAP_GRACE_NS);
    CHECK_EQ(d1_query_size(), GNTST_okay); /* d1 is dying, not gone */
    CHECK_EQ(page[ANSWER_WORD], ANSWER_TEARDOWN);
    CHECK(page_has(page, TAG_TEARDOWN, ANSWER_WORD), "d1's page changed after it died");
    page[ANSWER_WORD] = 0;
    CHECK_EQ(page[ANSWER_WORD], 0);
}

/* The unmap lets the reaper free d1's last frame, and d1 goes. */
static void unmap_lets_the_granter_go(void)
{
    uint64_t deadline = time_now() + GONE_NS;

    CHECK_EQ(gnt_unmap(teardown_va, teardown_h), GNTST_okay);
    CHECK_EQ(pt_entry(teardown_va, 1), 0);
    /* Asked without a pause: each lookup races the reaper's last domain_put. */
    while (d1_query_size() == GNTST_okay && time_now() < deadline)
        ;
    CHECK_EQ(d1_query_size(), GNTST_bad_domain);
}

/* d2's page is left mapped: the frame audit at our poweroff must still add up. */
static void holder_page_mapped_until_poweroff(void)
{
    uint64_t va = window_page();
    volatile uint64_t *page = (volatile uint64_t *)va;
    grant_handle_t h;

    CHECK(va, "no window page");
    CHECK(events_wait_count(PORT_D2_STEP, 1, FIRST_STEP_NS), "d2 did not grant in time");
    CHECK_EQ(gnt_map(va, GNTMAP_host_map, REF_HOLD, HOLDER_ID, &h), GNTST_okay);
    CHECK(page_has(page, TAG_HOLD, PAGE_SIZE / 8), "the mapping does not show d2's page");
    page[ANSWER_WORD] = ANSWER_HOLD;
    CHECK_RC(step_send(PORT_D2_STEP), 0);
    CHECK(events_wait_count(PORT_D2_STEP, 2, STEP_NS), "d2 did not answer");
}

static void setup(void)
{
    static const domid_t remote[] = {
        [PORT_D1_REPORT] = GRANTER_ID, [PORT_D1_STEP] = GRANTER_ID, [PORT_D2_STEP] = HOLDER_ID
    };

    setup_rc = evtchn_bind_virq(VIRQ_DOM_EXC, 0, &ports[PORT_DOM_EXC]);
    for (unsigned p = PORT_D1_REPORT; p <= PORT_D2_STEP && !setup_rc; p++)
        setup_rc = evtchn_alloc_unbound(remote[p], &ports[p]);
    events_unmask_upcalls(0);
}

void dom0_main(void)
{
    static const struct test_case cases[] = {
        { "ports_are_allocated_lowest_first", ports_are_allocated_lowest_first },
        { "granter_is_ready", granter_is_ready },
        { "map_domu_grant_reads_and_answers", map_domu_grant_reads_and_answers },
        { "readonly_grant_refuses_writable_map", readonly_grant_refuses_writable_map },
        { "grant_to_another_domain_refused", grant_to_another_domain_refused },
        { "copy_from_domu_grant_and_back", copy_from_domu_grant_and_back },
        { "granter_sees_mappings_and_copy", granter_sees_mappings_and_copy },
        { "unmaps_clear_the_flags", unmaps_clear_the_flags },
        { "teardown_page_mapped", teardown_page_mapped },
        { "dying_granters_page_stays_mapped", dying_granters_page_stays_mapped },
        { "unmap_lets_the_granter_go", unmap_lets_the_granter_go },
        { "holder_page_mapped_until_poweroff", holder_page_mapped_until_poweroff },
    };

    setup();
    test_main("grant-domains", cases, ARRAY_SIZE(cases));
}
