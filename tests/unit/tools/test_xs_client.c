/*
 * The toolstack's xenstore client (tools/xs.c) against the real daemon
 * library: what each call sends is what the daemon understands, replies
 * and "E..." errors come back as values and negative errnos, watch events
 * are kept in order across other calls.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "tools/xs.h"

static struct xs_daemon *d;
static struct xs_handle *h;

static bool exists_below_10(void *ctx, unsigned domid)
{
    return domid < 10;
}

static const struct xsd_hooks hooks = { .domain_exists = exists_below_10 };

static void setup(void)
{
    d = xsd_create(&hooks);
    ck_assert_ptr_nonnull(d);
    xs_set_daemon(d);
    h = xs_open();
    ck_assert_ptr_nonnull(h);
}

static void teardown(void)
{
    xs_close(h);
    xsd_destroy(d);
    xs_set_daemon(NULL);
    h = NULL;
    d = NULL;
}

/* The value at path, or "E<errno>" (static buffer). */
static const char *read_or_error(xs_transaction_t t, const char *path)
{
    static char out[256];
    char *v = NULL;
    int rc = xs_read(h, t, path, &v, NULL);

    if (rc)
        snprintf(out, sizeof(out), "E%d", -rc);
    else
        snprintf(out, sizeof(out), "%s", v);
    free(v);
    return out;
}

START_TEST(without_a_daemon_there_is_no_connection)
{
    xs_set_daemon(NULL);
    ck_assert_ptr_null(xs_open());
    xs_set_daemon(d);
}
END_TEST

START_TEST(written_values_read_back_with_their_length)
{
    char *v;
    size_t len;

    ck_assert_int_eq(xs_write(h, XBT_NULL, "/a/b", "hello", 5), 0);
    ck_assert_int_eq(xs_read(h, XBT_NULL, "/a/b", &v, &len), 0);
    ck_assert_uint_eq(len, 5);
    ck_assert_str_eq(v, "hello");
    free(v);
    ck_assert_int_eq(xs_write(h, XBT_NULL, "/a/bin", "x\0y", 3), 0);
    ck_assert_int_eq(xs_read(h, XBT_NULL, "/a/bin", &v, &len), 0);
    ck_assert_uint_eq(len, 3);
    ck_assert_mem_eq(v, "x\0y", 4);
    free(v);
    ck_assert_str_eq(read_or_error(XBT_NULL, "/a"), ""); /* made on the way */
    ck_assert_int_eq(xs_write_str(h, "/a/s", "str"), 0);
    ck_assert_int_eq(xs_read_str(h, "/a/s", &v), 0);
    ck_assert_str_eq(v, "str");
    free(v);
}
END_TEST

START_TEST(error_names_become_negative_errnos)
{
    char *v = NULL;

    ck_assert_int_eq(xs_read(h, XBT_NULL, "/nope", &v, NULL), -ENOENT);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(xs_write(h, XBT_NULL, "no-slash//x", "1", 1), -EINVAL);
    ck_assert_int_eq(xs_rm(h, XBT_NULL, "/nope/deeper"), -ENOENT);
    ck_assert_int_eq(xs_transaction_end(h, 4242, false), -ENOENT);
    ck_assert_int_eq(xs_release_domain(h, 7), -ENOENT);
    ck_assert_int_eq(xs_unwatch(h, "/x", "never"), -ENOENT);
}
END_TEST

START_TEST(mkdir_directory_and_rm)
{
    char **names;
    unsigned n;

    ck_assert_int_eq(xs_mkdir(h, XBT_NULL, "/d/one"), 0);
    ck_assert_int_eq(xs_mkdir(h, XBT_NULL, "/d/two"), 0);
    ck_assert_int_eq(xs_write_str(h, "/d/three", "3"), 0);
    ck_assert_int_eq(xs_directory(h, XBT_NULL, "/d", &names, &n), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(names[0], "one");
    ck_assert_str_eq(names[1], "two");
    ck_assert_str_eq(names[2], "three");
    ck_assert_ptr_null(names[3]);
    free(names);
    ck_assert_int_eq(xs_directory(h, XBT_NULL, "/d/one", &names, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(names[0]);
    free(names);
    ck_assert_int_eq(xs_rm(h, XBT_NULL, "/d"), 0);
    ck_assert_int_eq(xs_directory(h, XBT_NULL, "/d", &names, &n), -ENOENT);
}
END_TEST

START_TEST(permissions_round_trip)
{
    struct xs_permissions set[3] = { { 3, XS_PERM_NONE },
                                     { 0, XS_PERM_BOTH },
                                     { 5, XS_PERM_READ } };
    struct xs_permissions *got;
    unsigned n;

    ck_assert_int_eq(xs_write_str(h, "/p", "v"), 0);
    ck_assert_int_eq(xs_get_perms(h, XBT_NULL, "/p", &got, &n), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(got[0].id, 0);
    ck_assert_uint_eq(got[0].perms, XS_PERM_NONE);
    free(got);
    ck_assert_int_eq(xs_set_perms(h, XBT_NULL, "/p", set, 3), 0);
    ck_assert_int_eq(xs_get_perms(h, XBT_NULL, "/p", &got, &n), 0);
    ck_assert_uint_eq(n, 3);
    for (unsigned i = 0; i < 3; i++) {
        ck_assert_uint_eq(got[i].id, set[i].id);
        ck_assert_uint_eq(got[i].perms, set[i].perms);
    }
    free(got);
    set[0].perms = 9;
    ck_assert_int_eq(xs_set_perms(h, XBT_NULL, "/p", set, 3), -EINVAL);
    ck_assert_int_eq(xs_set_perms(h, XBT_NULL, "/nope", set + 1, 1), -ENOENT);
}
END_TEST

START_TEST(a_transaction_is_private_until_committed)
{
    xs_transaction_t t;

    ck_assert_int_eq(xs_transaction_start(h, &t), 0);
    ck_assert_uint_ne(t, XBT_NULL);
    ck_assert_int_eq(xs_write(h, t, "/t/x", "1", 1), 0);
    ck_assert_str_eq(read_or_error(t, "/t/x"), "1");
    ck_assert_str_eq(read_or_error(XBT_NULL, "/t/x"), "E2");
    ck_assert_int_eq(xs_transaction_end(h, t, false), 0);
    ck_assert_str_eq(read_or_error(XBT_NULL, "/t/x"), "1");

    ck_assert_int_eq(xs_transaction_start(h, &t), 0);
    ck_assert_int_eq(xs_write(h, t, "/t/x", "2", 1), 0);
    ck_assert_int_eq(xs_transaction_end(h, t, true), 0);
    ck_assert_str_eq(read_or_error(XBT_NULL, "/t/x"), "1");
}
END_TEST

START_TEST(a_conflicting_commit_answers_eagain)
{
    struct xs_handle *other = xs_open();
    xs_transaction_t t;

    ck_assert_ptr_nonnull(other);
    ck_assert_int_eq(xs_write_str(h, "/c", "0"), 0);
    ck_assert_int_eq(xs_transaction_start(h, &t), 0);
    ck_assert_str_eq(read_or_error(t, "/c"), "0");
    ck_assert_int_eq(xs_write_str(other, "/c", "changed"), 0);
    ck_assert_int_eq(xs_write(h, t, "/c", "mine", 4), 0);
    ck_assert_int_eq(xs_transaction_end(h, t, false), -EAGAIN);
    ck_assert_str_eq(read_or_error(XBT_NULL, "/c"), "changed");
    xs_close(other);
}
END_TEST

START_TEST(domains_are_introduced_and_released)
{
    char *path;

    ck_assert_int_eq(xs_is_domain_introduced(h, 3), 0);
    ck_assert_int_eq(xs_introduce_domain(h, 3, 0x1234, 5), 0);
    ck_assert_int_eq(xs_is_domain_introduced(h, 3), 1);
    ck_assert_int_eq(xs_get_domain_path(h, 3, &path), 0);
    ck_assert_str_eq(path, "/local/domain/3");
    free(path);
    ck_assert_int_eq(xs_release_domain(h, 3), 0);
    ck_assert_int_eq(xs_is_domain_introduced(h, 3), 0);
    ck_assert_int_eq(xs_release_domain(h, 3), -ENOENT);
}
END_TEST

START_TEST(watch_events_come_in_order_with_their_tokens)
{
    char *path, *token;

    ck_assert_uint_eq(xs_watch_pending(h), 0);
    ck_assert_int_eq(xs_read_watch(h, &path, &token), -EAGAIN);
    ck_assert_int_eq(xs_watch(h, "/w", "tok"), 0);
    ck_assert_int_eq(xs_watch(h, "@releaseDomain", "rel"), 0);
    ck_assert_int_eq(xs_write_str(h, "/w/a", "1"), 0); /* our own write fires our watch */
    ck_assert_int_eq(xs_introduce_domain(h, 4, 0x10, 2), 0);
    ck_assert_int_eq(xs_release_domain(h, 4), 0);
    ck_assert_uint_eq(xs_watch_pending(h), 4);
    const char *want[4][2] = {
        { "/w", "tok" }, { "@releaseDomain", "rel" }, { "/w/a", "tok" }, { "@releaseDomain", "rel" }
    };
    for (unsigned i = 0; i < 4; i++) {
        ck_assert_int_eq(xs_read_watch(h, &path, &token), 0);
        ck_assert_str_eq(path, want[i][0]);
        ck_assert_str_eq(token, want[i][1]);
        free(path);
    }
    ck_assert_int_eq(xs_unwatch(h, "/w", "tok"), 0);
    ck_assert_int_eq(xs_write_str(h, "/w/a", "2"), 0);
    ck_assert_uint_eq(xs_watch_pending(h), 0);
}
END_TEST

START_TEST(events_from_another_connection_wait_until_asked)
{
    struct xs_handle *other = xs_open();
    char *path, *token;

    ck_assert_int_eq(xs_watch(h, "/o", "t"), 0);
    ck_assert_int_eq(xs_read_watch(h, &path, &token), 0); /* the first event */
    free(path);
    ck_assert_int_eq(xs_write_str(other, "/o/x", "1"), 0);
    ck_assert_int_eq(xs_write_str(other, "/o/y", "2"), 0);
    ck_assert_uint_eq(xs_watch_pending(h), 2);
    ck_assert_int_eq(xs_read_watch(h, &path, &token), 0);
    ck_assert_str_eq(path, "/o/x");
    free(path);
    ck_assert_int_eq(xs_read_watch(h, &path, &token), 0);
    ck_assert_str_eq(path, "/o/y");
    free(path);
    xs_close(other);
}
END_TEST

START_TEST(too_many_waiting_events_are_counted_as_lost)
{
    char name[32];

    ck_assert_int_eq(xs_watch(h, "/many", "t"), 0);
    for (unsigned i = 0; i < XS_EVENTS_MAX + 5; i++) {
        snprintf(name, sizeof(name), "/many/%u", i);
        ck_assert_int_eq(xs_write_str(h, name, "x"), 0);
    }
    ck_assert_uint_eq(xs_watch_pending(h), XS_EVENTS_MAX);
    ck_assert_uint_eq(xs_watch_lost(h), 6); /* the first event and 5 writes were kept */
}
END_TEST

START_TEST(payloads_over_the_limit_are_refused_before_sending)
{
    static char big[XENSTORE_PAYLOAD_MAX + 1];

    memset(big, 'v', sizeof(big));
    ck_assert_int_eq(xs_write(h, XBT_NULL, "/big", big, sizeof(big)), -E2BIG);
    ck_assert_int_eq(xs_write_str(h, "/after", "fine"), 0); /* the connection lives on */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xs_client");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, without_a_daemon_there_is_no_connection);
    tcase_add_test(tc, written_values_read_back_with_their_length);
    tcase_add_test(tc, error_names_become_negative_errnos);
    tcase_add_test(tc, mkdir_directory_and_rm);
    tcase_add_test(tc, permissions_round_trip);
    tcase_add_test(tc, a_transaction_is_private_until_committed);
    tcase_add_test(tc, a_conflicting_commit_answers_eagain);
    tcase_add_test(tc, domains_are_introduced_and_released);
    tcase_add_test(tc, watch_events_come_in_order_with_their_tokens);
    tcase_add_test(tc, events_from_another_connection_wait_until_asked);
    tcase_add_test(tc, too_many_waiting_events_are_counted_as_lost);
    tcase_add_test(tc, payloads_over_the_limit_are_refused_before_sending);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures ? 1 : 0;
}
