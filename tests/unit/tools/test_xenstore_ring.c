/*
 * xenstored on a domain's ring page: requests in, replies and events out,
 * messages split across the ring's wrap and larger than the ring, the
 * outstanding-request quota, and a hostile domain (indices out of range, a
 * length field claiming 4 GB, half a header, garbage types) that loses its
 * own connection while the daemon and the other domains go on.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/tools/fake_xs_client.h"
#include "tools/xenstore/xenstored.h"

#define NDOMS 4

static struct xs_daemon *d;
static struct xst_client dom0;
static struct xenstore_domain_interface rings[NDOMS];
static int mapped[NDOMS], notified[NDOMS], barriers;
static uint64_t mapped_mfn[NDOMS];

static struct xenstore_domain_interface *map_ring(void *ctx, unsigned domid, uint64_t mfn,
                                                  unsigned port, int *err)
{
    if (domid >= NDOMS || mfn == 0) {
        *err = 22; /* XEN_EINVAL */
        return NULL;
    }
    mapped[domid]++;
    mapped_mfn[domid] = mfn;
    return &rings[domid];
}

static void unmap_ring(void *ctx, unsigned domid, struct xenstore_domain_interface *ring)
{
    ck_assert_ptr_eq(ring, &rings[domid]);
    mapped[domid]--;
}

static void notify(void *ctx, unsigned domid)
{
    notified[domid]++;
}

static void barrier(void)
{
    barriers++;
}

static const struct xsd_hooks hooks = {
    .map_ring = map_ring, .unmap_ring = unmap_ring, .notify = notify, .barrier = barrier
};

static void introduce(unsigned id)
{
    char ids[8], home[32];
    struct xst_msg m;

    snprintf(ids, sizeof(ids), "%u", id);

    m = xst_callv(&dom0, XS_INTRODUCE, 0, ids, "0x1234", "5", NULL);
    ck_assert(xst_ok(&m, XS_INTRODUCE));
    snprintf(home, sizeof(home), "/local/domain/%u", id);
    xst_callv(&dom0, XS_MKDIR, 0, home, NULL);
    snprintf(ids, sizeof(ids), "n%u", id);
    xst_callv(&dom0, XS_SET_PERMS, 0, home, ids, NULL);
}

static void setup(void)
{
    memset(rings, 0, sizeof(rings));
    memset(mapped, 0, sizeof(mapped));
    memset(notified, 0, sizeof(notified));
    barriers = 0;
    d = xsd_create(&hooks);
    ck_assert_ptr_nonnull(d);
    xst_init(&dom0, xsd_conn_local(d, 0));
    xst_write(&dom0, 0, "/shared", "value");
    xst_callv(&dom0, XS_SET_PERMS, 0, "/shared", "r0", NULL);
    introduce(1);
    introduce(2);
}

static void teardown(void)
{
    xsd_destroy(d);
    for (int i = 0; i < NDOMS; i++)
        ck_assert_int_eq(mapped[i], 0);
}

/* A guest's request: header and payload bytes. */
static size_t build(char *buf, uint32_t type, uint32_t req_id, const void *payload, uint32_t len)
{
    struct xsd_sockmsg hdr = { .type = type, .req_id = req_id, .len = len };

    memcpy(buf, &hdr, sizeof(hdr));
    memcpy(buf + sizeof(hdr), payload, len);
    return sizeof(hdr) + len;
}

/* The next message in the response ring (type XS_INVALID if none). */
static struct xst_msg take(unsigned domid)
{
    struct xst_msg m;

    memset(&m, 0, sizeof(m));
    if (xst_ring_take(&rings[domid], &m.hdr, sizeof(m.hdr)) != sizeof(m.hdr)) {
        m.hdr.type = XS_INVALID;
        return m;
    }
    ck_assert_uint_le(m.hdr.len, XENSTORE_PAYLOAD_MAX);
    ck_assert_uint_eq(xst_ring_take(&rings[domid], m.body, m.hdr.len), m.hdr.len);
    return m;
}

START_TEST(introduce_maps_the_ring_and_a_request_is_answered_through_it)
{
    char buf[64];
    size_t n = build(buf, XS_READ, 42, "/shared", 8);
    struct xst_msg m;

    ck_assert_int_eq(mapped[1], 1);
    ck_assert_uint_eq(mapped_mfn[1], 0x1234);
    ck_assert_uint_eq(xst_ring_put(&rings[1], buf, n), n);
    ck_assert_int_eq(xsd_ring_service(d, 1), 0);
    ck_assert_uint_eq(rings[1].req_cons, n);
    ck_assert_int_gt(notified[1], 0);
    ck_assert_int_gt(barriers, 0);
    m = take(1);
    ck_assert_uint_eq(m.hdr.type, XS_READ);
    ck_assert_uint_eq(m.hdr.req_id, 42);
    ck_assert_str_eq(m.body, "value");
    /* Nothing to do: nothing moves, nobody is woken. */
    notified[1] = 0;
    ck_assert_int_eq(xsd_ring_service(d, 1), 0);
    ck_assert_int_eq(notified[1], 0);
    /* An unknown domain has no ring to serve. */
    ck_assert_int_lt(xsd_ring_service(d, 3), 0);
}
END_TEST

START_TEST(a_failed_mapping_is_the_introductions_error)
{
    struct xst_msg m = xst_callv(&dom0, XS_INTRODUCE, 0, "3", "0", "5", NULL);

    ck_assert_str_eq(xst_err(&m), "EINVAL");
    ck_assert_ptr_null(xsd_domain_conn(d, 3));
}
END_TEST

START_TEST(messages_cross_the_wrap_and_outgrow_the_ring)
{
    static char buf[XENSTORE_PAYLOAD_MAX + 32], value[1500]; /* under the node size quota */
    size_t n, put = 0;
    struct xst_msg m;

    /* Start near the end of the index space so the indices wrap past 2^32 too. */
    rings[1].req_cons = rings[1].req_prod = 0xfffffff0u;
    rings[1].rsp_cons = rings[1].rsp_prod = 0xfffffe00u;
    memset(value, 'x', sizeof(value));
    memcpy(buf + sizeof(struct xsd_sockmsg), "data", 5);
    memcpy(buf + sizeof(struct xsd_sockmsg) + 5, value, sizeof(value));
    n = build(buf, XS_WRITE, 1, buf + sizeof(struct xsd_sockmsg), 5 + sizeof(value));
    for (int rounds = 0; put < n && rounds < 10; rounds++) {
        put += xst_ring_put(&rings[1], buf + put, n - put);
        ck_assert_int_eq(xsd_ring_service(d, 1), 0);
    }
    ck_assert_uint_eq(put, n);
    m = take(1);
    ck_assert(xst_ok(&m, XS_WRITE));
    /* The reply is longer than the ring: it comes in pieces as the guest reads. */
    n = build(buf, XS_READ, 2, "data", 5);
    xst_ring_put(&rings[1], buf, n);
    ck_assert_int_eq(xsd_ring_service(d, 1), 0);
    {
        static char got[sizeof(struct xsd_sockmsg) + sizeof(value)];
        size_t have = 0;

        for (int rounds = 0; have < sizeof(got) && rounds < 10; rounds++) {
            have += xst_ring_take(&rings[1], got + have, sizeof(got) - have);
            ck_assert_int_eq(xsd_ring_service(d, 1), 0);
        }
        ck_assert_uint_eq(have, sizeof(got));
        ck_assert_mem_eq(got + sizeof(struct xsd_sockmsg), value, sizeof(value));
    }
}
END_TEST

START_TEST(half_a_header_waits_for_the_rest)
{
    char buf[64];
    size_t n = build(buf, XS_READ, 3, "/shared", 8);
    struct xst_msg m;

    xst_ring_put(&rings[1], buf, 7);
    ck_assert_int_eq(xsd_ring_service(d, 1), 0);
    ck_assert_uint_eq(take(1).hdr.type, XS_INVALID);
    xst_ring_put(&rings[1], buf + 7, n - 7);
    ck_assert_int_eq(xsd_ring_service(d, 1), 0);
    m = take(1);
    ck_assert_str_eq(m.body, "value");
}
END_TEST

START_TEST(garbage_types_get_errors_not_disconnection)
{
    char buf[64];
    size_t n = build(buf, 0x41414141, 4, "AAAA", 4);
    struct xst_msg m;

    xst_ring_put(&rings[1], buf, n);
    n = build(buf, XS_READ, 5, "/shared", 8);
    xst_ring_put(&rings[1], buf, n);
    ck_assert_int_eq(xsd_ring_service(d, 1), 0);
    m = take(1);
    ck_assert_str_eq(xst_err(&m), "ENOSYS");
    ck_assert_uint_eq(m.hdr.req_id, 4);
    m = take(1);
    ck_assert_str_eq(m.body, "value");
}
END_TEST

/* Whatever domain 1 does, dom0 and domain 2 carry on. */
static void others_still_work(void)
{
    char buf[64];
    size_t n = build(buf, XS_READ, 9, "/shared", 8);
    struct xst_msg m;

    xst_ring_put(&rings[2], buf, n);
    ck_assert_int_eq(xsd_ring_service(d, 2), 0);
    m = take(2);
    ck_assert_str_eq(m.body, "value");
    ck_assert_str_eq(xst_read(&dom0, 0, "/shared"), "value");
}

START_TEST(a_length_over_the_payload_limit_costs_the_connection)
{
    struct xsd_sockmsg hdr = { .type = XS_READ, .req_id = 1, .len = 0xffffffffu };
    char buf[64];
    size_t n = build(buf, XS_READ, 2, "/shared", 8);

    xst_ring_put(&rings[1], &hdr, sizeof(hdr));
    xst_ring_put(&rings[1], buf, n);
    ck_assert_int_lt(xsd_ring_service(d, 1), 0);
    ck_assert_uint_eq(take(1).hdr.type, XS_INVALID);
    /* Ignored from now on: no more reading, no more answers. */
    ck_assert_int_lt(xsd_ring_service(d, 1), 0);
    ck_assert_uint_eq(take(1).hdr.type, XS_INVALID);
    others_still_work();
    /* dom0 releases it; a new introduction starts clean. */
    xst_callv(&dom0, XS_RELEASE, 0, "1", NULL);
    ck_assert_int_eq(mapped[1], 0);
    introduce(1);
    ck_assert_uint_eq(rings[1].req_prod, 0);
    xst_ring_put(&rings[1], buf, n);
    ck_assert_int_eq(xsd_ring_service(d, 1), 0);
    ck_assert_str_eq(take(1).body, "value");
}
END_TEST

START_TEST(request_indices_out_of_range_cost_the_connection)
{
    rings[1].req_cons = 0;
    rings[1].req_prod = XENSTORE_RING_SIZE + 1;
    ck_assert_int_lt(xsd_ring_service(d, 1), 0);
    ck_assert_uint_eq(rings[1].req_cons, 0); /* nothing was taken */
    others_still_work();
    /* Producer behind the consumer: a huge unsigned distance too. */
    xst_callv(&dom0, XS_RELEASE, 0, "1", NULL);
    introduce(1);
    rings[1].req_cons = 100;
    rings[1].req_prod = 50;
    ck_assert_int_lt(xsd_ring_service(d, 1), 0);
    others_still_work();
}
END_TEST

START_TEST(response_indices_out_of_range_cost_the_connection)
{
    char buf[64];
    size_t n = build(buf, XS_READ, 2, "/shared", 8);

    rings[1].rsp_cons = 5000;
    rings[1].rsp_prod = 0;
    xst_ring_put(&rings[1], buf, n);
    ck_assert_int_lt(xsd_ring_service(d, 1), 0);
    ck_assert_uint_eq(rings[1].rsp_prod, 0);
    others_still_work();
}
END_TEST

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

START_TEST(well_framed_random_requests_are_all_answered)
{
    static const char *const paths[] = { "/shared",        "x", "/local/domain/1/y",
                                         "@releaseDomain", "/", "/local/domain/2" };
    unsigned seed = 99;

    for (int i = 0; i < 3000; i++) {
        char payload[300], buf[400];
        uint32_t len = next_random(&seed) % sizeof(payload), type = next_random(&seed) % 25;
        struct xsd_sockmsg hdr = { .type = type,
                                   .req_id = (uint32_t)i,
                                   .tx_id = next_random(&seed) % 8 < 2 ? 1 : 0,
                                   .len = len };
        size_t off = 0;

        for (uint32_t j = 0; j < len; j++) {
            unsigned r = next_random(&seed) % 8;

            payload[j] = r == 0 ? '\0' : r == 1 ? '/' : (char)('a' + next_random(&seed) % 26);
        }
        if (len > 20 && next_random(&seed) % 4) {
            const char *p = paths[next_random(&seed) % 6];

            memcpy(payload, p, strlen(p) + 1);
        }
        memcpy(buf, &hdr, sizeof(hdr));
        memcpy(buf + sizeof(hdr), payload, len);
        while (off < sizeof(hdr) + len) {
            off += xst_ring_put(&rings[1], buf + off, sizeof(hdr) + len - off);
            ck_assert_int_eq(xsd_ring_service(d, 1), 0);
            while (take(1).hdr.type != XS_INVALID)
                ;
        }
    }
    others_still_work();
}
END_TEST

START_TEST(random_bytes_are_no_threat)
{
    char junk[XENSTORE_RING_SIZE];
    unsigned seed = 12345;
    int rc = 0;

    /* Answered or refused, never a crash or a leak (the sanitizers watch). */
    for (int round = 0; round < 50 && rc == 0; round++) {
        for (size_t i = 0; i < sizeof(junk); i++)
            junk[i] = (char)next_random(&seed);
        xst_ring_put(&rings[1], junk, sizeof(junk));
        rc = xsd_ring_service(d, 1);
        while (take(1).hdr.type != XS_INVALID)
            ;
    }
    ck_assert_int_lt(rc, 0);
    others_still_work();
}
END_TEST

START_TEST(requests_wait_while_twenty_replies_are_unread)
{
    static char value[1000];
    char buf[64];
    size_t n;
    int replies = 0;

    memset(value, 'v', sizeof(value) - 1);
    xst_write(&dom0, 0, "/big", value);
    xst_callv(&dom0, XS_SET_PERMS, 0, "/big", "r0", NULL);
    n = build(buf, XS_READ, 0, "/big", 5);
    for (int i = 0; i < 25; i++)
        ck_assert_uint_eq(xst_ring_put(&rings[1], buf, n), n);
    ck_assert_int_eq(xsd_ring_service(d, 1), 0);
    /* One reply fits in the ring; 20 more wait; 4 requests stay unread. */
    ck_assert_uint_eq(rings[1].req_prod - rings[1].req_cons, 4 * n);
    for (int rounds = 0; rounds < 100 && replies < 25; rounds++) {
        struct xst_msg m = take(1);

        if (m.hdr.type == XS_READ) {
            ck_assert_uint_eq(m.hdr.len, sizeof(value) - 1);
            replies++;
        }
        ck_assert_int_eq(xsd_ring_service(d, 1), 0);
    }
    ck_assert_int_eq(replies, 25);
    ck_assert_uint_eq(rings[1].req_prod, rings[1].req_cons);
}
END_TEST

START_TEST(watch_events_travel_on_the_ring)
{
    char buf[64];
    size_t n = build(buf, XS_WATCH, 7, "/shared\0tok", 12);
    struct xst_msg m;

    xst_ring_put(&rings[2], buf, n);
    ck_assert_int_eq(xsd_ring_service(d, 2), 0);
    m = take(2);
    ck_assert(xst_ok(&m, XS_WATCH));
    m = take(2);
    ck_assert_uint_eq(m.hdr.type, XS_WATCH_EVENT);
    ck_assert_str_eq(m.body, "/shared");
    xst_write(&dom0, 0, "/shared", "new");
    /* Events wait for the next service of the domain's ring. */
    ck_assert_uint_eq(take(2).hdr.type, XS_INVALID);
    ck_assert_int_eq(xsd_ring_service(d, 2), 0);
    m = take(2);
    ck_assert_uint_eq(m.hdr.type, XS_WATCH_EVENT);
    ck_assert_str_eq(m.body + 8, "tok");
}
END_TEST

START_TEST(a_gone_domain_is_unmapped)
{
    xsd_domain_gone(d, 2);
    ck_assert_int_eq(mapped[2], 0);
    ck_assert_ptr_null(xsd_domain_conn(d, 2));
    ck_assert_int_lt(xsd_ring_service(d, 2), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xenstore_ring");
    TCase *tc = tcase_create("ring");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, introduce_maps_the_ring_and_a_request_is_answered_through_it);
    tcase_add_test(tc, a_failed_mapping_is_the_introductions_error);
    tcase_add_test(tc, messages_cross_the_wrap_and_outgrow_the_ring);
    tcase_add_test(tc, half_a_header_waits_for_the_rest);
    tcase_add_test(tc, garbage_types_get_errors_not_disconnection);
    tcase_add_test(tc, a_length_over_the_payload_limit_costs_the_connection);
    tcase_add_test(tc, request_indices_out_of_range_cost_the_connection);
    tcase_add_test(tc, response_indices_out_of_range_cost_the_connection);
    tcase_add_test(tc, well_framed_random_requests_are_all_answered);
    tcase_add_test(tc, random_bytes_are_no_threat);
    tcase_add_test(tc, requests_wait_while_twenty_replies_are_unread);
    tcase_add_test(tc, watch_events_travel_on_the_ring);
    tcase_add_test(tc, a_gone_domain_is_unmapped);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
