/*
 * A single-producer, single-consumer request/response ring in one shared
 * page, with the index and event protocol of Xen's public/io/ring.h: the
 * front produces requests and consumes responses, the back the reverse; a
 * response takes the slot of the request it answers.  Invariants:
 *     rsp_cons <= rsp_prod <= req_cons <= req_prod, req_prod - rsp_cons <= RING_SLOTS
 * (modulo 2^32).  A producer notifies only when its new index passes the
 * consumer's event index, which the consumer sets just before it sleeps
 * and then checks the ring once more, so no wake-up is lost.
 */
#include "grant-ring.h"

/* x86 keeps stores in order and loads in order; only store-then-load needs a fence. */
#define barrier() asm volatile("" ::: "memory")
#define wmb()     barrier()
#define rmb()     barrier()
#define mb()      asm volatile("mfence" ::: "memory")

void ring_shared_init(volatile struct ring_shared *shared)
{
    shared->req_prod = shared->rsp_prod = 0;
    shared->req_event = shared->rsp_event = 1;
    memset((void *)shared->pad, 0, sizeof(shared->pad));
}

bool ring_front_full(const struct ring_front *front)
{
    return front->req_prod_pvt - front->rsp_cons == RING_SLOTS;
}

/* RING_PUSH_*_AND_CHECK_NOTIFY: did the index pass the event index? */
static bool push(volatile uint32_t *prod, const volatile uint32_t *event, uint32_t new)
{
    uint32_t old = *prod;

    wmb(); /* the consumer sees the slots before the index */
    *prod = new;
    mb(); /* the index is out before we read the consumer's event index */
    return (uint32_t)(new - *event) < (uint32_t)(new - old);
}

bool ring_front_push(struct ring_front *front)
{
    return push(&front->shared->req_prod, &front->shared->req_event, front->req_prod_pvt);
}

uint32_t ring_front_unconsumed(const struct ring_front *front)
{
    uint32_t n = front->shared->rsp_prod - front->rsp_cons;

    rmb(); /* the slots are read after the index */
    return n;
}

bool ring_front_final_check(struct ring_front *front)
{
    if (ring_front_unconsumed(front))
        return true;
    front->shared->rsp_event = front->rsp_cons + 1;
    mb(); /* the event index is out before we look again */
    return ring_front_unconsumed(front) != 0;
}

uint32_t ring_back_unconsumed(const struct ring_back *back)
{
    uint32_t reqs = back->shared->req_prod - back->req_cons;
    uint32_t room = RING_SLOTS - (back->req_cons - back->rsp_prod_pvt);

    rmb();
    return reqs < room ? reqs : room;
}

bool ring_back_push(struct ring_back *back)
{
    return push(&back->shared->rsp_prod, &back->shared->rsp_event, back->rsp_prod_pvt);
}

bool ring_back_final_check(struct ring_back *back)
{
    if (ring_back_unconsumed(back))
        return true;
    back->shared->req_event = back->req_cons + 1;
    mb();
    return ring_back_unconsumed(back) != 0;
}

/* ---- message contents -------------------------------------------------- */

uint64_t ring_word(uint32_t seq, unsigned i)
{
    uint64_t x = ((uint64_t)seq << 8 | i) * 0x9E3779B97F4A7C15UL;

    return x ^ (x >> 29);
}

/* FNV-1a over 64-bit words. */
static uint64_t checksum(const volatile uint64_t *words, unsigned n)
{
    uint64_t h = 0xCBF29CE484222325UL;

    for (unsigned i = 0; i < n; i++)
        h = (h ^ words[i]) * 0x100000001B3UL;
    return h;
}

#define WORDS_BEFORE(type, field) (offsetof(type, field) / 8)

void ring_request_fill(volatile struct ring_request *req, uint32_t seq)
{
    req->seq = seq;
    req->words = RING_PAYLOAD;
    for (unsigned i = 0; i < RING_PAYLOAD; i++)
        req->payload[i] = ring_word(seq, i);
    req->checksum =
        checksum((const volatile uint64_t *)req, WORDS_BEFORE(struct ring_request, checksum));
}

bool ring_request_good(const struct ring_request *req, uint32_t seq)
{
    if (req->seq != seq || req->words != RING_PAYLOAD)
        return false;
    for (unsigned i = 0; i < RING_PAYLOAD; i++)
        if (req->payload[i] != ring_word(seq, i))
            return false;
    return req->checksum ==
           checksum((const uint64_t *)req, WORDS_BEFORE(struct ring_request, checksum));
}

void ring_response_fill(volatile struct ring_response *rsp, const struct ring_request *req)
{
    rsp->seq = req->seq;
    rsp->status = 0;
    rsp->request_checksum = req->checksum;
    for (unsigned i = 0; i < RING_PAYLOAD - 1; i++)
        rsp->payload[i] = ~req->payload[i];
    rsp->checksum =
        checksum((const volatile uint64_t *)rsp, WORDS_BEFORE(struct ring_response, checksum));
}

bool ring_response_good(const struct ring_response *rsp, uint32_t seq)
{
    struct ring_request req;

    ring_request_fill(&req, seq);
    if (rsp->seq != seq || rsp->status != 0 || rsp->request_checksum != req.checksum)
        return false;
    for (unsigned i = 0; i < RING_PAYLOAD - 1; i++)
        if (rsp->payload[i] != ~req.payload[i])
            return false;
    return rsp->checksum ==
           checksum((const uint64_t *)rsp, WORDS_BEFORE(struct ring_response, checksum));
}
