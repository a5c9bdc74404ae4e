/*
 * The front end (d1, d2): grants dom0 one ring page, sends `rounds`
 * requests through it and checks every response, then takes the ring
 * down in the order its command line names: teardown=revoke waits for
 * dom0 to unmap, ends the grant (refused while dom0 maps it, as Linux's
 * gnttab_end_foreign_access_ref does) and gives the frame back with
 * decrease_reservation; teardown=die shuts down with the ring still
 * mapped by dom0.
 */
#include "grant-ring.h"
#include "guest/args.h"
#include "guest/grants.h"
#include "guest/report.h"
#include "public/memory.h"

#define WAIT_NS (5 * NS_PER_S) /* for a response once dom0 has begun answering */

static volatile struct grant_entry_v1 *table;
static evtchn_port_t ring_port, step_port;
static long connect_rc;
static unsigned rounds;
static struct ring_front front;
static uint64_t ring_mfn;

static long current_reservation(void)
{
    domid_t self = DOMID_SELF;

    return hypercall_memory_op(XENMEM_current_reservation, &self);
}

static void connects_to_dom0(void)
{
    CHECK_RC(connect_rc, 0);
    CHECK(ring_port && step_port, "no ring or step port");
    CHECK(rounds, "rounds=0");
}

static void grants_dom0_its_ring(void)
{
    volatile uint64_t *page;

    CHECK_RC(grants_map_own_table(&table), 0);
    page = new_mapped_frame(&ring_mfn);
    CHECK(page, "no frame for the ring");
    memset((void *)page, 0, PAGE_SIZE);
    front.shared = (volatile struct ring_shared *)page;
    ring_shared_init(front.shared);
    table[REF_RING].frame = (uint32_t)ring_mfn;
    table[REF_RING].domid = 0;
    asm volatile("" ::: "memory"); /* flags last: they make the entry live */
    table[REF_RING].flags = GTF_permit_access;
    CHECK_RC(evtchn_send(step_port), 0);
}

/* Every response that has arrived, checked in order; false at the first bad one. */
static bool take_responses(uint32_t *got)
{
    while (ring_front_unconsumed(&front)) {
        struct ring_response rsp;

        memcpy(&rsp, (const void *)&front.shared->slot[front.rsp_cons % RING_SLOTS].rsp,
               sizeof(rsp));
        if (!ring_response_good(&rsp, *got)) {
            test_fail("response %u of %u is wrong: seq %u, status %d", *got + 1, rounds, rsp.seq,
                      rsp.status);
            return false;
        }
        front.rsp_cons++;
        (*got)++;
    }
    return true;
}

/* Requests while there is room; responses as they come; sleeps only after a final check. */
static void exchanges_messages_losing_none(void)
{
    const volatile uint32_t *events = events_counter(ring_port);
    uint32_t sent = 0, got = 0, notified = 0, first = 0;
    uint64_t start = 0, took;

    CHECK(front.shared, "no ring");
    while (got < rounds) {
        uint32_t before = got, old;
        bool pushed = false;

        for (; sent < rounds && !ring_front_full(&front); sent++, pushed = true)
            ring_request_fill(&front.shared->slot[front.req_prod_pvt++ % RING_SLOTS].req, sent);
        if (pushed && ring_front_push(&front)) {
            CHECK_RC(evtchn_send(ring_port), 0);
            notified++;
        }
        if (!take_responses(&got))
            return;
        if (got && !first) { /* the clock starts when dom0 does: it serves d1 first */
            first = got;
            start = time_now();
        }
        if (pushed || got != before)
            continue;
        old = *events;
        if (ring_front_final_check(&front))
            continue;
        CHECK(events_wait_until(0, ring_port, events, old, time_now() + (got ? WAIT_NS : FIRST_NS)),
              "no response %u of %u from dom0 (%u sent)", got + 1, rounds, sent);
    }
    took = time_now() - start + 1;
    info("%u messages in %lu us of guest time after dom0's first answers: %lu messages/s; "
         "%u notifications sent, %u taken",
         rounds - first, took / NS_PER_US, (rounds - first) * NS_PER_S / took, notified, *events);
    CHECK_EQ(front.shared->req_prod, rounds);
    CHECK_EQ(front.shared->rsp_prod, rounds);
}

/* ---- teardown=revoke ------------------------------------------------------- */

/* gnttab_end_foreign_access_ref: the entry goes only if no one maps it. */
static bool end_access(grant_ref_t ref)
{
    uint16_t flags = table[ref].flags;

    if (flags & (GTF_reading | GTF_writing))
        return false;
    return __atomic_compare_exchange_n((uint16_t *)&table[ref].flags, &flags, 0, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static void revokes_and_frees_after_dom0_unmaps(void)
{
    long before = current_reservation();
    uint64_t *p2m = (uint64_t *)start_info->mfn_list;
    struct xen_memory_reservation back = { .extent_start = (uint64_t)&ring_mfn,
                                           .nr_extents = 1,
                                           .domid = DOMID_SELF };

    CHECK(events_wait_count(step_port, 1, FIRST_NS), "dom0 did not unmap the ring");
    CHECK_EQ(table[REF_RING].flags, GTF_permit_access);
    CHECK(end_access(REF_RING), "the grant could not be ended: flags %#x", table[REF_RING].flags);
    table[REF_RING].frame = 0;
    table[REF_RING].domid = 0;
    CHECK_RC(pt_unmap((uint64_t)front.shared), 0);
    front.shared = NULL;
    CHECK_RC(hypercall_memory_op(XENMEM_decrease_reservation, &back), 1);
    p2m[M2P[ring_mfn]] = ~0UL;
    CHECK_RC(current_reservation(), before - 1);
    CHECK_RC(evtchn_send(step_port), 0);
}

/* ---- teardown=die ---------------------------------------------------------- */

static void dom0_still_maps_the_ring(void)
{
    CHECK_EQ(table[REF_RING].flags, GTF_permit_access | GTF_reading | GTF_writing);
}

static void reports_to_dom0_last(void)
{
    CHECK_RC(report_finished(600 * NS_PER_S), 0);
}

void front_main(void)
{
    static const struct test_case revoke_cases[] = {
        { "connects_to_dom0", connects_to_dom0 },
        { "grants_dom0_its_ring", grants_dom0_its_ring },
        { "exchanges_messages_losing_none", exchanges_messages_losing_none },
        { "revokes_and_frees_after_dom0_unmaps", revokes_and_frees_after_dom0_unmaps },
        { "reports_to_dom0_last", reports_to_dom0_last },
    };
    static const struct test_case die_cases[] = {
        { "connects_to_dom0", connects_to_dom0 },
        { "grants_dom0_its_ring", grants_dom0_its_ring },
        { "exchanges_messages_losing_none", exchanges_messages_losing_none },
        { "dom0_still_maps_the_ring", dom0_still_maps_the_ring },
        { "reports_to_dom0_last", reports_to_dom0_last },
    };
    char teardown[16] = "";

    rounds = (unsigned)arg_uint("rounds", 10000);
    arg_string("teardown", teardown, sizeof(teardown));
    connect_rc = report_connect();
    if (!connect_rc)
        connect_rc =
            interdomain_connect(0, (evtchn_port_t)arg_uint("ring", 0), &ring_port, FIRST_NS);
    if (!connect_rc)
        connect_rc =
            interdomain_connect(0, (evtchn_port_t)arg_uint("step", 0), &step_port, FIRST_NS);
    events_unmask_upcalls(0);
    if (!strcmp(teardown, "revoke"))
        test_main("grant-ring", revoke_cases, ARRAY_SIZE(revoke_cases));
    if (!strcmp(teardown, "die"))
        test_main("grant-ring", die_cases, ARRAY_SIZE(die_cases));
    printk("FAIL grant-ring/teardown: unknown teardown \"%s\"\n", teardown);
    guest_poweroff();
}
