/*
 * The domUs' roles.  d1 (granter) grants five pages to dom0 in its own
 * table and checks, step by step, what dom0's maps, copies and unmaps
 * leave in the entries and pages; it dies with REF_TEARDOWN still mapped.
 * d2 (holder) grants one page and is still alive, that page mapped by
 * dom0, when dom0 powers off.
 */
#include "grant-domains.h"
#include "guest/args.h"
#include "guest/grants.h"
#include "guest/report.h"

static volatile struct grant_entry_v1 *table;
static evtchn_port_t step_port;
static long connect_rc;
static volatile uint64_t *shared_page, *copy_page, *teardown_page, *hold_page;

/* A fresh frame filled with tag, granted to domid as ref; its mapping or NULL. */
static volatile uint64_t *grant_page(grant_ref_t ref, uint64_t tag, domid_t domid, uint16_t flags)
{
    uint64_t mfn;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page)
        return NULL;
    fill_page(page, tag);
    table[ref].frame = (uint32_t)mfn;
    table[ref].domid = domid;
    asm volatile("" ::: "memory"); /* flags last: they make the entry live */
    table[ref].flags = flags;
    return page;
}

static uint16_t flags_of(grant_ref_t ref)
{
    return table[ref].flags;
}

static void connects_to_dom0(void)
{
    CHECK_RC(connect_rc, 0);
    CHECK(step_port, "no step port");
}

/* ---- role=granter (d1) ----------------------------------------------------- */

static void grants_pages_to_dom0(void)
{
    CHECK_RC(grants_map_own_table(&table), 0);
    shared_page = grant_page(REF_SHARED, TAG_SHARED, 0, GTF_permit_access);
    CHECK(shared_page, "no frame for REF_SHARED");
    CHECK(grant_page(REF_READONLY, TAG_READONLY, 0, GTF_permit_access | GTF_readonly),
          "no frame for REF_READONLY");
    CHECK(grant_page(REF_OTHER, TAG_OTHER, OTHER_ID, GTF_permit_access), "no frame for REF_OTHER");
    copy_page = grant_page(REF_COPY, 0, 0, GTF_permit_access);
    CHECK(copy_page, "no frame for REF_COPY");
    teardown_page = grant_page(REF_TEARDOWN, TAG_TEARDOWN, 0, GTF_permit_access);
    CHECK(teardown_page, "no frame for REF_TEARDOWN");
    CHECK_RC(step_send(step_port), 0);
}

/* Step 1: dom0 holds REF_SHARED writable and REF_READONLY read-only, and copied into REF_COPY. */
static void sees_dom0s_mappings_and_copy(void)
{
    CHECK(events_wait_count(step_port, 1, FIRST_STEP_NS), "dom0 did not map our grants");
    CHECK_EQ(flags_of(REF_SHARED), GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(flags_of(REF_READONLY), GTF_permit_access | GTF_readonly | GTF_reading);
    CHECK_EQ(flags_of(REF_OTHER), GTF_permit_access);
    CHECK_EQ(flags_of(REF_COPY), GTF_permit_access);
    CHECK_EQ(shared_page[ANSWER_WORD], ANSWER_SHARED);
    CHECK(page_has(shared_page, TAG_SHARED, ANSWER_WORD), "dom0 changed more than its answer");
    CHECK(page_has(copy_page, TAG_COPY, PAGE_SIZE / 8), "dom0's copy did not arrive");
    CHECK_RC(step_send(step_port), 0);
}

/* Step 2: dom0 unmapped both. */
static void flags_clear_after_dom0_unmaps(void)
{
    CHECK(events_wait_count(step_port, 2, STEP_NS), "dom0 did not unmap");
    CHECK_EQ(flags_of(REF_SHARED), GTF_permit_access);
    CHECK_EQ(flags_of(REF_READONLY), GTF_permit_access | GTF_readonly);
    CHECK_EQ(flags_of(REF_OTHER), GTF_permit_access);
    CHECK_EQ(flags_of(REF_COPY), GTF_permit_access);
    CHECK_RC(step_send(step_port), 0);
}

/* Step 3: dom0 maps REF_TEARDOWN, and keeps it while we die. */
static void dom0_maps_the_teardown_page(void)
{
    CHECK(events_wait_count(step_port, 3, STEP_NS), "dom0 did not map REF_TEARDOWN");
    CHECK_EQ(flags_of(REF_TEARDOWN), GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(teardown_page[ANSWER_WORD], ANSWER_TEARDOWN);
}

static void reports_to_dom0_last(void)
{
    CHECK_RC(report_finished(600 * NS_PER_S), 0);
}

void granter_main(void)
{
    static const struct test_case cases[] = {
        { "connects_to_dom0", connects_to_dom0 },
        { "grants_pages_to_dom0", grants_pages_to_dom0 },
        { "sees_dom0s_mappings_and_copy", sees_dom0s_mappings_and_copy },
        { "flags_clear_after_dom0_unmaps", flags_clear_after_dom0_unmaps },
        { "dom0_maps_the_teardown_page", dom0_maps_the_teardown_page },
        { "reports_to_dom0_last", reports_to_dom0_last },
    };

    connect_rc = report_connect();
    if (!connect_rc)
        connect_rc =
            interdomain_connect(0, (evtchn_port_t)arg_uint("step", 0), &step_port, FIRST_STEP_NS);
    events_unmask_upcalls(0);
    test_main("grant-domains", cases, ARRAY_SIZE(cases));
}

/* ---- role=holder (d2) ------------------------------------------------------ */

static void grants_a_page_to_dom0(void)
{
    CHECK_RC(grants_map_own_table(&table), 0);
    hold_page = grant_page(REF_HOLD, TAG_HOLD, 0, GTF_permit_access);
    CHECK(hold_page, "no frame for REF_HOLD");
    CHECK_RC(step_send(step_port), 0);
}

/* dom0 comes to us last, after d1 is gone. */
static void sees_dom0_holding_its_page(void)
{
    CHECK(events_wait_count(step_port, 1, 300 * NS_PER_S), "dom0 did not map REF_HOLD");
    CHECK_EQ(flags_of(REF_HOLD), GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(hold_page[ANSWER_WORD], ANSWER_HOLD);
    CHECK(page_has(hold_page, TAG_HOLD, ANSWER_WORD), "dom0 changed more than its answer");
}

/* Told only now, so the line above is out before dom0 powers off; no answer comes. */
static void stays_alive_while_dom0_powers_off(void)
{
    CHECK_RC(step_send(step_port), 0);
    CHECK(!events_wait_count(step_port, 2, 600 * NS_PER_S), "dom0 answered");
}

void holder_main(void)
{
    static const struct test_case cases[] = {
        { "connects_to_dom0", connects_to_dom0 },
        { "grants_a_page_to_dom0", grants_a_page_to_dom0 },
        { "sees_dom0_holding_its_page", sees_dom0_holding_its_page },
        { "stays_alive_while_dom0_powers_off", stays_alive_while_dom0_powers_off },
    };

    connect_rc =
        interdomain_connect(0, (evtchn_port_t)arg_uint("step", 0), &step_port, FIRST_STEP_NS);
    events_unmask_upcalls(0);
    test_main("grant-domains", cases, ARRAY_SIZE(cases));
}
