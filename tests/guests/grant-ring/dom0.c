/*
 * dom0's role, the back end: for each front (d1, then d2) it waits for
 * the ring's grant, maps it, answers every request in order and checks
 * none is lost, repeated or corrupted.  Then the two teardown orders:
 * with d1 it unmaps first, d1 revokes and frees the page, and a new map
 * is refused; d2 shuts down while we still map its ring, which must stay
 * readable and writable until we unmap it, and only then is d2 destroyed.
 * We power off with nothing mapped: the frame audit must add up.
 */
#include "grant-ring.h"

#define WAIT_NS       (5 * NS_PER_S)
#define REAP_GRACE_NS (200 * NS_PER_MS) /* the reaper retries every millisecond */
#define GONE_NS       (2 * NS_PER_S)

struct front_end {
    domid_t domid;
    evtchn_port_t report, ring, step;
    uint64_t va;
    grant_handle_t handle;
    uint32_t answered;
};

static long setup_rc;
static struct front_end d1 = {
    .domid = REVOKER_ID, .report = PORT_D1_REPORT, .ring = PORT_D1_RING, .step = PORT_D1_STEP
};
static struct front_end d2 = {
    .domid = DIER_ID, .report = PORT_D2_REPORT, .ring = PORT_D2_RING, .step = PORT_D2_STEP
};

static int16_t query_size(domid_t domid)
{
    struct gnttab_query_size q = { .dom = domid, .status = 0x7777 };
    long rc = hypercall_grant_table_op(GNTTABOP_query_size, &q, 1);

    return rc ? GNT_CALL_FAILED : q.status;
}

static void ports_are_allocated_lowest_first(void)
{
    CHECK_RC(setup_rc, 0);
}

static void maps_the_ring(struct front_end *fe)
{
    CHECK(events_wait_count(fe->step, 1, FIRST_NS), "d%u did not grant its ring", fe->domid);
    fe->va = window_page();
    CHECK(fe->va, "no window page");
    CHECK_EQ(gnt_map(fe->va, GNTMAP_host_map, REF_RING, fe->domid, &fe->handle), GNTST_okay);
}

/* The requests that have arrived, each answered in its own slot; false at a bad one. */
static bool answer_requests(struct ring_back *back, struct front_end *fe)
{
    while (ring_back_unconsumed(back)) {
        struct ring_request req;

        memcpy(&req, (const void *)&back->shared->slot[back->req_cons % RING_SLOTS].req,
               sizeof(req));
        back->req_cons++;
        if (!ring_request_good(&req, fe->answered)) {
            test_fail("request %u from d%u is wrong: seq %u", fe->answered + 1, fe->domid, req.seq);
            return false;
        }
        ring_response_fill(&back->shared->slot[back->rsp_prod_pvt++ % RING_SLOTS].rsp, &req);
        fe->answered++;
    }
    return true;
}

static void answers_every_request(struct front_end *fe, uint32_t rounds)
{
    struct ring_back back = { .shared = (volatile struct ring_shared *)fe->va };
    const volatile uint32_t *events = events_counter(fe->ring);
    uint32_t notified = 0;
    uint64_t start = time_now();

    CHECK(fe->va, "the ring is not mapped");
    while (fe->answered < rounds) {
        uint32_t before = fe->answered, old;

        if (!answer_requests(&back, fe))
            return;
        if (fe->answered != before) {
            if (ring_back_push(&back)) {
                CHECK_RC(evtchn_send(fe->ring), 0);
                notified++;
            }
            continue;
        }
        old = *events;
        if (ring_back_final_check(&back))
            continue;
        CHECK(events_wait_until(0, fe->ring, events, old, time_now() + WAIT_NS),
              "no request %u of %u from d%u", fe->answered + 1, rounds, fe->domid);
    }
    info("answered d%u's %u requests in %lu us; %u notifications sent, %u taken", fe->domid, rounds,
         (time_now() - start) / NS_PER_US, notified, *events);
    /* One more look, after the front has seen its last response: nothing extra came. */
    time_spin_until(time_now() + 10 * NS_PER_MS);
    CHECK_EQ(back.shared->req_prod, rounds);
    CHECK_EQ(ring_back_unconsumed(&back), 0);
}

/* ---- d1: we unmap first, it revokes ---------------------------------------- */

static void maps_d1s_ring(void)
{
    maps_the_ring(&d1);
}

static void answers_d1s_10000_requests(void)
{
    answers_every_request(&d1, 10000);
}

static void unmaps_then_d1_revokes_and_frees(void)
{
    CHECK_EQ(gnt_unmap(d1.va, d1.handle), GNTST_okay);
    CHECK_EQ(pt_entry(d1.va, 1), 0);
    CHECK_RC(evtchn_send(d1.step), 0);
    CHECK(events_wait_count(d1.step, 2, STEP_NS), "d1 did not revoke and free its ring");
}

static void revoked_ring_refuses_a_map(void)
{
    CHECK_EQ(gnt_map(d1.va, GNTMAP_host_map, REF_RING, d1.domid, NULL), GNTST_general_error);
    CHECK_EQ(pt_entry(d1.va, 1), 0);
}

/* Each front's go-ahead, after its report; returns once its VIRQ_DOM_EXC came. */
static bool lets_it_finish(struct front_end *fe)
{
    uint32_t before = events_count(PORT_DOM_EXC);

    if (!events_wait_count(fe->report, 1, FIRST_NS)) {
        test_fail("d%u did not report", fe->domid);
        return false;
    }
    if (evtchn_send(fe->report) != 0) {
        test_fail("the go-ahead to d%u could not be sent", fe->domid);
        return false;
    }
    if (!events_wait_count(PORT_DOM_EXC, before + 1, STEP_NS)) {
        test_fail("no VIRQ_DOM_EXC after d%u's go-ahead", fe->domid);
        return false;
    }
    return true;
}

/* Asked without a pause: each lookup races the reaper's last domain_put. */
static bool goes_soon(domid_t domid)
{
    uint64_t deadline = time_now() + GONE_NS;

    while (query_size(domid) == GNTST_okay && time_now() < deadline)
        ;
    return query_size(domid) == GNTST_bad_domain;
}

static void d1_is_destroyed_when_it_finishes(void)
{
    CHECK(lets_it_finish(&d1), "d1 did not finish");
    CHECK(goes_soon(d1.domid), "d1 still exists %lu s after it shut down", GONE_NS / NS_PER_S);
}

/* ---- d2: it dies while we map its ring --------------------------------------- */

static void maps_d2s_ring(void)
{
    maps_the_ring(&d2);
}

static void answers_d2s_10000_requests(void)
{
    answers_every_request(&d2, 10000);
}

static void dying_d2s_ring_stays_mapped(void)
{
    volatile struct ring_shared *ring = (volatile struct ring_shared *)d2.va;

    CHECK(d2.va, "the ring is not mapped");
    CHECK(lets_it_finish(&d2), "d2 did not finish");
    time_spin_until(time_now() + REAP_GRACE_NS);
    CHECK_EQ(query_size(d2.domid), GNTST_okay); /* dying, not gone */
    CHECK_EQ(ring->req_prod, d2.answered);
    CHECK_EQ(ring->rsp_prod, d2.answered);
    ring->pad[0] = 0x5A;
    CHECK_EQ(ring->pad[0], 0x5A);
}

static void unmap_lets_d2_be_destroyed(void)
{
    CHECK_EQ(gnt_unmap(d2.va, d2.handle), GNTST_okay);
    CHECK_EQ(pt_entry(d2.va, 1), 0);
    CHECK(goes_soon(d2.domid), "d2 still exists %lu s after the unmap", GONE_NS / NS_PER_S);
}

static void setup(void)
{
    static const domid_t remote[NR_PORTS] = {
        [PORT_D1_REPORT] = REVOKER_ID, [PORT_D1_RING] = REVOKER_ID, [PORT_D1_STEP] = REVOKER_ID,
        [PORT_D2_REPORT] = DIER_ID,    [PORT_D2_RING] = DIER_ID,    [PORT_D2_STEP] = DIER_ID,
    };
    evtchn_port_t port = 0;

    setup_rc = evtchn_bind_virq(VIRQ_DOM_EXC, 0, &port);
    if (!setup_rc && port != PORT_DOM_EXC)
        setup_rc = -XEN_EINVAL;
    for (unsigned p = PORT_D1_REPORT; p < NR_PORTS && !setup_rc; p++) {
        setup_rc = evtchn_alloc_unbound(remote[p], &port);
        if (!setup_rc && port != p)
            setup_rc = -XEN_EINVAL;
    }
    events_unmask_upcalls(0);
}

void dom0_main(void)
{
    static const struct test_case cases[] = {
        { "ports_are_allocated_lowest_first", ports_are_allocated_lowest_first },
        { "maps_d1s_ring", maps_d1s_ring },
        { "answers_d1s_10000_requests", answers_d1s_10000_requests },
        { "unmaps_then_d1_revokes_and_frees", unmaps_then_d1_revokes_and_frees },
        { "revoked_ring_refuses_a_map", revoked_ring_refuses_a_map },
        { "d1_is_destroyed_when_it_finishes", d1_is_destroyed_when_it_finishes },
        { "maps_d2s_ring", maps_d2s_ring },
        { "answers_d2s_10000_requests", answers_d2s_10000_requests },
        { "dying_d2s_ring_stays_mapped", dying_d2s_ring_stays_mapped },
        { "unmap_lets_d2_be_destroyed", unmap_lets_d2_be_destroyed },
    };

    setup();
    test_main("grant-ring", cases, ARRAY_SIZE(cases));
}
