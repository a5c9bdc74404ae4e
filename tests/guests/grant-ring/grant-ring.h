/*
 * What the grant-ring guest's roles share: the ports dom0 allocates, the
 * ref of the ring page, the ring itself (ring.c) and small grant helpers.
 *
 * dom0 (dom0.c) binds VIRQ_DOM_EXC (port 1), then allocates for each
 * front end a report port (guest/report.h), a ring port and a step port;
 * ports go lowest first, so the fronts get their numbers on their command
 * lines.  The ring port carries only the ring's notifications; the step
 * port carries the teardown's steps (one event each way, each side
 * waiting until its count of events reaches the step's number).
 */
#ifndef TESTS_GUESTS_GRANT_RING_H
#define TESTS_GUESTS_GRANT_RING_H

#include "common/string.h"
#include "guest/events.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "guest/time.h"
#include "guest/window.h"
#include "public/errno.h"
#include "public/grant_table.h"

#define REVOKER_ID 1 /* d1: dom0 unmaps first, then d1 revokes and frees the page */
#define DIER_ID    2 /* d2: shuts down while dom0 still maps its ring */

#define PORT_DOM_EXC   1
#define PORT_D1_REPORT 2
#define PORT_D1_RING   3
#define PORT_D1_STEP   4
#define PORT_D2_REPORT 5
#define PORT_D2_RING   6
#define PORT_D2_STEP   7
#define NR_PORTS       8

#define REF_RING 8 /* the ring page, in each front's own table */

#define FIRST_NS (120 * NS_PER_S) /* dom0 serves d1 first, then d2 */
#define STEP_NS  (10 * NS_PER_S)

/* ---- the ring (ring.c), laid out as Xen's public/io/ring.h does ---------- */

#define RING_SLOTS   32 /* the largest power of two that fits after the header */
#define RING_PAYLOAD 6  /* words of payload in a request */

struct ring_request {
    uint32_t seq;                   /* 0, 1, 2, ... in the order sent */
    uint32_t words;                 /* RING_PAYLOAD */
    uint64_t payload[RING_PAYLOAD]; /* ring_word(seq, i) */
    uint64_t checksum;              /* ring_checksum() of all of the above */
};

struct ring_response {
    uint32_t seq;                       /* the request's */
    int32_t status;                     /* 0 */
    uint64_t request_checksum;          /* the request's checksum, echoed */
    uint64_t payload[RING_PAYLOAD - 1]; /* ~ring_word(seq, i) */
    uint64_t checksum;                  /* ring_checksum() of all of the above */
};

union ring_slot {
    struct ring_request req;
    struct ring_response rsp;
};

/* The shared page: indices free-running, slots indexed modulo RING_SLOTS. */
struct ring_shared {
    uint32_t req_prod, req_event; /* front produces; back wants an event at req_event */
    uint32_t rsp_prod, rsp_event; /* back produces; front wants an event at rsp_event */
    uint8_t pad[48];
    union ring_slot slot[RING_SLOTS];
};
_Static_assert(sizeof(union ring_slot) == 64, "ring slot size");
_Static_assert(sizeof(struct ring_shared) <= PAGE_SIZE, "ring fits in a page");
_Static_assert(sizeof(struct ring_shared) + RING_SLOTS * 64 > PAGE_SIZE, "ring uses its page");

/* Each side's private indices. */
struct ring_front {
    volatile struct ring_shared *shared;
    uint32_t req_prod_pvt, rsp_cons;
};
struct ring_back {
    volatile struct ring_shared *shared;
    uint32_t rsp_prod_pvt, req_cons;
};

void ring_shared_init(volatile struct ring_shared *shared);

bool ring_front_full(const struct ring_front *front);
/* Publishes the requests written so far; true if the back must be notified. */
bool ring_front_push(struct ring_front *front);
/* Responses not yet consumed (reads after this see their contents). */
uint32_t ring_front_unconsumed(const struct ring_front *front);
/* Before sleeping: asks for an event at the next response; true if one came meanwhile. */
bool ring_front_final_check(struct ring_front *front);

uint32_t ring_back_unconsumed(const struct ring_back *back);
bool ring_back_push(struct ring_back *back);
bool ring_back_final_check(struct ring_back *back);

/* Message contents, and whether one received is exactly what was sent. */
uint64_t ring_word(uint32_t seq, unsigned i);
void ring_request_fill(volatile struct ring_request *req, uint32_t seq);
bool ring_request_good(const struct ring_request *req, uint32_t seq);
void ring_response_fill(volatile struct ring_response *rsp, const struct ring_request *req);
bool ring_response_good(const struct ring_response *rsp, uint32_t seq);

/* ---- helpers (main.c) ------------------------------------------------------ */

/* map_grant_ref / unmap_grant_ref of one ref: its status, or GNT_CALL_FAILED (case failed). */
#define GNT_CALL_FAILED INT16_MIN
int16_t gnt_map(uint64_t va, uint32_t flags, grant_ref_t ref, domid_t dom, grant_handle_t *handle);
int16_t gnt_unmap(uint64_t va, grant_handle_t handle);

void dom0_main(void) __attribute__((noreturn));
void front_main(void) __attribute__((noreturn));

#endif /* TESTS_GUESTS_GRANT_RING_H */
