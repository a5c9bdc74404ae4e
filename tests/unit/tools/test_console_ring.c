/*
 * The console backend's ring logic: output moved into the log in order and
 * across the ring's wrap, input bounded by the room the guest left, the log
 * shown once and losing only what it could not hold, and a hostile domain's
 * impossible indices refused without touching the log.
 */
#include <check.h>
#include <string.h>

#include "tools/console_ring.h"

static struct xencons_interface ring;
static struct console_log log_;
static char shown[4 * CONSOLE_LOG_SIZE];
static size_t shown_len, pieces;

static void reset(void)
{
    memset(&ring, 0, sizeof(ring));
    memset(&log_, 0, sizeof(log_));
    shown_len = pieces = 0;
}

static void collect(const char *s, size_t len, void *ctx)
{
    ck_assert_uint_le(shown_len + len, sizeof(shown));
    memcpy(shown + shown_len, s, len);
    shown_len += len;
    pieces++;
}

/* The guest's side: write s to the out ring. */
static void guest_writes(const char *s)
{
    for (size_t i = 0; s[i]; i++)
        ring.out[MASK_XENCONS_IDX(ring.out_prod++, ring.out)] = s[i];
}

START_TEST(output_reaches_the_log_in_order_across_the_wrap)
{
    reset();
    ring.out_cons = ring.out_prod = 0xFFFFFFF0u; /* the indices wrap too */
    guest_writes("hello, ");
    ck_assert_int_eq(console_ring_drain(&ring, &log_, 4096), 7);
    guest_writes("world\n");
    ck_assert_int_eq(console_ring_drain(&ring, &log_, 4096), 6);
    ck_assert_uint_eq(ring.out_cons, ring.out_prod);
    ck_assert_int_eq(console_ring_drain(&ring, &log_, 4096), 0);
    ck_assert_uint_eq(console_log_show(&log_, collect, NULL), 0);
    ck_assert_uint_eq(shown_len, 13);
    ck_assert_int_eq(memcmp(shown, "hello, world\n", 13), 0);
    /* Shown once: nothing new, nothing shown again. */
    console_log_show(&log_, collect, NULL);
    ck_assert_uint_eq(shown_len, 13);
}
END_TEST

START_TEST(the_budget_bounds_one_drain)
{
    reset();
    guest_writes("0123456789");
    ck_assert_int_eq(console_ring_drain(&ring, &log_, 4), 4);
    ck_assert_uint_eq(ring.out_cons, 4);
    ck_assert_int_eq(console_ring_drain(&ring, &log_, 100), 6);
    console_log_show(&log_, collect, NULL);
    ck_assert_int_eq(memcmp(shown, "0123456789", 10), 0);
}
END_TEST

START_TEST(impossible_indices_are_refused_and_change_nothing)
{
    reset();
    ring.out_cons = 5;
    ring.out_prod = 5 + XENCONS_OUT_SIZE + 1; /* more pending than the ring holds */
    ck_assert_int_eq(console_ring_drain(&ring, &log_, 1 << 20), -1);
    ck_assert_uint_eq(ring.out_cons, 5);
    ck_assert_uint_eq(log_.written, 0);
    ring.out_prod = 4; /* producer behind the consumer: 2^32 - 1 pending */
    ck_assert_int_eq(console_ring_drain(&ring, &log_, 1 << 20), -1);
    /* A full ring is possible. */
    ring.out_prod = 5 + XENCONS_OUT_SIZE;
    ck_assert_int_eq(console_ring_drain(&ring, &log_, 1 << 20), XENCONS_OUT_SIZE);
}
END_TEST

START_TEST(input_fills_only_the_room_the_guest_left)
{
    char big[2 * XENCONS_IN_SIZE];

    reset();
    memset(big, 'x', sizeof(big));
    ck_assert_uint_eq(console_ring_feed(&ring, "ls\r", 3), 3);
    ck_assert_uint_eq(ring.in_prod, 3);
    ck_assert_int_eq(memcmp(ring.in, "ls\r", 3), 0);
    ck_assert_uint_eq(console_ring_feed(&ring, big, sizeof(big)), XENCONS_IN_SIZE - 3);
    ck_assert_uint_eq(console_ring_feed(&ring, "y", 1), 0);
    ring.in_cons = 10; /* the guest read ten */
    ck_assert_uint_eq(console_ring_feed(&ring, big, sizeof(big)), 10);
    /* A guest claiming to have read more than was written gets nothing more. */
    ring.in_cons = ring.in_prod + 100;
    ck_assert_uint_eq(console_ring_feed(&ring, big, sizeof(big)), 0);
}
END_TEST

START_TEST(a_flood_keeps_the_newest_and_counts_the_lost)
{
    char chunk[1024];

    reset();
    for (unsigned i = 0; i < 40; i++) { /* 40 KiB through a 16 KiB log */
        memset(chunk, 'a' + i % 26, sizeof(chunk) - 1);
        chunk[sizeof(chunk) - 1] = 0;
        guest_writes(chunk);
        ck_assert_int_eq(console_ring_drain(&ring, &log_, 4096), sizeof(chunk) - 1);
    }
    ck_assert_uint_eq(console_log_show(&log_, collect, NULL), 40 * 1023 - CONSOLE_LOG_SIZE);
    ck_assert_uint_eq(shown_len, CONSOLE_LOG_SIZE);
    ck_assert_uint_le(pieces, 2);
    ck_assert_int_eq(shown[shown_len - 1], 'a' + 39 % 26);
    ck_assert_uint_eq(console_log_show(&log_, collect, NULL), 0);
    ck_assert_uint_eq(shown_len, CONSOLE_LOG_SIZE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("console_ring");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_test(tc, output_reaches_the_log_in_order_across_the_wrap);
    tcase_add_test(tc, the_budget_bounds_one_drain);
    tcase_add_test(tc, impossible_indices_are_refused_and_change_nothing);
    tcase_add_test(tc, input_fills_only_the_room_the_guest_left);
    tcase_add_test(tc, a_flood_keeps_the_newest_and_counts_the_lost);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures ? 1 : 0;
}
