/*
 * xenstored's watches: tokens, the first event on WATCH, the subtree rule,
 * relative paths, who may see an event, removal events, the special paths
 * @introduceDomain / @releaseDomain, RESET_WATCHES and the watch quota.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/tools/fake_xs_client.h"
#include "tools/xenstore/xenstored.h"

static struct xs_daemon *d;
static struct xst_client dom0, other, dom1, dom2;

static void introduce(unsigned id)
{
    char ids[8], home[32];
    struct xst_msg m;

    snprintf(ids, sizeof(ids), "%u", id);
    m = xst_callv(&dom0, XS_INTRODUCE, 0, ids, "1", "2", NULL);
    ck_assert(xst_ok(&m, XS_INTRODUCE));
    snprintf(home, sizeof(home), "/local/domain/%u", id);
    xst_callv(&dom0, XS_MKDIR, 0, home, NULL);
    snprintf(ids, sizeof(ids), "n%u", id);
    m = xst_callv(&dom0, XS_SET_PERMS, 0, home, ids, NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
}

static void setup(void)
{
    d = xsd_create(NULL);
    ck_assert_ptr_nonnull(d);
    xst_init(&dom0, xsd_conn_local(d, 0));
    xst_init(&other, xsd_conn_local(d, 0));
    introduce(1);
    introduce(2);
    xst_init(&dom1, xsd_domain_conn(d, 1));
    xst_init(&dom2, xsd_domain_conn(d, 2));
}

static void teardown(void)
{
    xsd_destroy(d);
}

static void watch(struct xst_client *cl, const char *path, const char *token)
{
    struct xst_msg m = xst_callv(cl, XS_WATCH, 0, path, token, NULL);

    ck_assert_msg(xst_ok(&m, XS_WATCH), "watch %s: %s", path, xst_err(&m));
}

START_TEST(a_watch_fires_once_at_once_after_its_ack)
{
    struct xsd_sockmsg hdr = { .type = XS_WATCH, .req_id = 9, .len = 11 };
    struct xsd_sockmsg rep;
    char body[16];

    xsd_conn_feed(other.c, &hdr, sizeof(hdr));
    xsd_conn_feed(other.c, "/nowhere\0t", 11);
    xsd_conn_output(other.c, &rep, sizeof(rep));
    ck_assert_uint_eq(rep.type, XS_WATCH);
    ck_assert_uint_eq(rep.req_id, 9);
    xsd_conn_output(other.c, body, rep.len);
    xsd_conn_output(other.c, &rep, sizeof(rep));
    ck_assert_uint_eq(rep.type, XS_WATCH_EVENT);
    ck_assert_uint_eq(rep.req_id, 0);
    ck_assert_uint_eq(rep.tx_id, 0);
    ck_assert_uint_eq(rep.len, 11);
    xsd_conn_output(other.c, body, rep.len);
    ck_assert_mem_eq(body, "/nowhere\0t\0", 11);
}
END_TEST

START_TEST(a_watch_covers_the_node_and_its_subtree_only)
{
    watch(&other, "/w", "tok");
    ck_assert_str_eq(xst_event(&other), "/w tok");
    xst_write(&dom0, 0, "/w/a/b", "1");
    xst_write(&dom0, 0, "/wx", "1");
    xst_write(&dom0, 0, "/w", "2");
    xst_write(&dom0, 0, "/", "root");
    ck_assert_str_eq(xst_event(&other), "/w/a/b tok");
    ck_assert_str_eq(xst_event(&other), "/w tok");
    ck_assert_ptr_null(xst_event(&other));
    /* Two watches on one path with different tokens both fire. */
    watch(&other, "/w", "second");
    ck_assert_str_eq(xst_event(&other), "/w second");
    xst_callv(&dom0, XS_MKDIR, 0, "/w/m", NULL);
    ck_assert_str_eq(xst_event(&other), "/w/m tok");
    ck_assert_str_eq(xst_event(&other), "/w/m second");
    /* MKDIR of a node that exists changes nothing: no event. */
    xst_callv(&dom0, XS_MKDIR, 0, "/w/m", NULL);
    ck_assert_ptr_null(xst_event(&other));
}
END_TEST

START_TEST(the_writer_sees_its_own_events_before_its_reply)
{
    struct xst_msg m;

    watch(&dom0, "/own", "t");
    ck_assert_str_eq(xst_event(&dom0), "/own t");
    m = xst_write(&dom0, 0, "/own", "x");
    ck_assert(xst_ok(&m, XS_WRITE));
    ck_assert_uint_eq(dom0.nevents, 2); /* arrived before the reply */
    ck_assert_str_eq(xst_event(&dom0), "/own t");
}
END_TEST

START_TEST(relative_watches_report_relative_paths)
{
    watch(&dom1, "data", "rel");
    ck_assert_str_eq(xst_event(&dom1), "data rel");
    watch(&dom1, "/local/domain/1/data", "abs");
    ck_assert_str_eq(xst_event(&dom1), "/local/domain/1/data abs");
    xst_write(&dom1, 0, "data/x", "1");
    ck_assert_str_eq(xst_event(&dom1), "data/x rel");
    ck_assert_str_eq(xst_event(&dom1), "/local/domain/1/data/x abs");
    /* UNWATCH finds it by the same relative name. */
    {
        struct xst_msg m = xst_callv(&dom1, XS_UNWATCH, 0, "data", "rel", NULL);

        ck_assert(xst_ok(&m, XS_UNWATCH));
    }
    xst_write(&dom1, 0, "data/x", "2");
    ck_assert_str_eq(xst_event(&dom1), "/local/domain/1/data/x abs");
    ck_assert_ptr_null(xst_event(&dom1));
}
END_TEST

START_TEST(watch_arguments_are_checked)
{
    struct xst_msg m;

    m = xst_callv(&other, XS_WATCH, 0, "/p", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&other, XS_WATCH, 0, "/p", "t", "extra", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&other, XS_WATCH, 0, "/p/", "t", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    watch(&other, "/p", "t");
    m = xst_callv(&other, XS_WATCH, 0, "/p", "t", NULL);
    ck_assert_str_eq(xst_err(&m), "EEXIST");
    m = xst_callv(&other, XS_UNWATCH, 0, "/p", "other-token", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    m = xst_callv(&other, XS_UNWATCH, 0, "/p", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&other, XS_UNWATCH, 0, "/p", "t", NULL);
    ck_assert(xst_ok(&m, XS_UNWATCH));
    m = xst_callv(&other, XS_UNWATCH, 0, "/p", "t", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    /* Special paths longer than XENSTORE_REL_PATH_MAX are refused. */
    {
        char special[XENSTORE_REL_PATH_MAX + 2];

        memset(special, 'x', sizeof(special) - 1);
        special[0] = '@';
        special[sizeof(special) - 1] = '\0';
        m = xst_callv(&other, XS_WATCH, 0, special, "t", NULL);
        ck_assert_str_eq(xst_err(&m), "EINVAL");
    }
}
END_TEST

START_TEST(events_go_only_where_the_node_or_its_parent_is_readable)
{
    xst_write(&dom0, 0, "/priv/secret", "s");
    watch(&dom1, "/priv", "t");
    ck_assert_str_eq(xst_event(&dom1), "/priv t"); /* the first event always comes */
    xst_write(&dom0, 0, "/priv/secret", "t");
    ck_assert_ptr_null(xst_event(&dom1));
    /* Readable parent: the event comes even for an unreadable child. */
    xst_callv(&dom0, XS_SET_PERMS, 0, "/priv", "n0", "r1", NULL);
    ck_assert_str_eq(xst_event(&dom1), "/priv t");
    xst_write(&dom0, 0, "/priv/secret", "u");
    ck_assert_str_eq(xst_event(&dom1), "/priv/secret t");
    /* Losing read access is itself reported (the old permissions count). */
    xst_callv(&dom0, XS_SET_PERMS, 0, "/priv", "n0", NULL);
    ck_assert_str_eq(xst_event(&dom1), "/priv t");
    xst_write(&dom0, 0, "/priv", "v");
    ck_assert_ptr_null(xst_event(&dom1));
}
END_TEST

START_TEST(removal_fires_every_node_children_only_for_exact_watches)
{
    xst_write(&dom0, 0, "/r/a/b", "1");
    xst_write(&dom0, 0, "/r/a/c", "2");
    watch(&other, "/r", "top");
    watch(&other, "/r/a/b", "exact");
    watch(&other, "/r/a", "mid");
    while (xst_event(&other))
        ;
    xst_callv(&dom0, XS_RM, 0, "/r/a", NULL);
    ck_assert_str_eq(xst_event(&other), "/r/a/b exact");
    ck_assert_str_eq(xst_event(&other), "/r/a top");
    ck_assert_str_eq(xst_event(&other), "/r/a mid");
    ck_assert_ptr_null(xst_event(&other));
}
END_TEST

START_TEST(special_paths_fire_for_dom0_and_whom_their_perms_let_read)
{
    struct xst_msg m;

    watch(&other, "@introduceDomain", "intro");
    watch(&other, "@releaseDomain", "rel");
    watch(&dom2, "@releaseDomain", "rel2");
    ck_assert_str_eq(xst_event(&other), "@introduceDomain intro");
    ck_assert_str_eq(xst_event(&other), "@releaseDomain rel");
    ck_assert_str_eq(xst_event(&dom2), "@releaseDomain rel2");
    introduce(3);
    ck_assert_str_eq(xst_event(&other), "@introduceDomain intro");
    /* Domain 2 may not see @releaseDomain until dom0 lets it. */
    m = xst_callv(&dom0, XS_RELEASE, 0, "3", NULL);
    ck_assert(xst_ok(&m, XS_RELEASE));
    ck_assert_str_eq(xst_event(&other), "@releaseDomain rel");
    ck_assert_ptr_null(xst_event(&dom2));
    m = xst_callv(&dom2, XS_SET_PERMS, 0, "@releaseDomain", "n0", "r2", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "@releaseDomain", "n0", "r2", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    xsd_domain_shutdown(d, 1);
    xsd_domain_shutdown(d, 1); /* once per shutdown */
    ck_assert_str_eq(xst_event(&other), "@releaseDomain rel");
    ck_assert_str_eq(xst_event(&dom2), "@releaseDomain rel2");
    ck_assert_ptr_null(xst_event(&dom2));
    xst_callv(&dom0, XS_RESUME, 0, "1", NULL);
    xsd_domain_gone(d, 1);
    ck_assert_str_eq(xst_event(&dom2), "@releaseDomain rel2");
    ck_assert_ptr_null(xsd_domain_conn(d, 1));
}
END_TEST

START_TEST(a_watch_on_the_root_sees_everything)
{
    watch(&other, "/", "all");
    ck_assert_str_eq(xst_event(&other), "/ all");
    xst_write(&dom0, 0, "/any/where", "1");
    ck_assert_str_eq(xst_event(&other), "/any/where all");
    introduce(4);
    /* introduce() made /local/domain/4 and set its permissions: one event, still pending. */
    ck_assert_str_eq(xst_event(&other), "@introduceDomain all");
    ck_assert_str_eq(xst_event(&other), "/local/domain/4 all");
    ck_assert_ptr_null(xst_event(&other));
}
END_TEST

START_TEST(pending_duplicates_are_merged)
{
    watch(&other, "/dup", "t");
    ck_assert_str_eq(xst_event(&other), "/dup t");
    xst_write(&dom0, 0, "/dup", "1");
    xst_write(&dom0, 0, "/dup", "2");
    xst_write(&dom0, 0, "/dup", "3");
    ck_assert_str_eq(xst_event(&other), "/dup t");
    ck_assert_ptr_null(xst_event(&other));
    xst_write(&dom0, 0, "/dup", "4");
    ck_assert_str_eq(xst_event(&other), "/dup t");
}
END_TEST

START_TEST(reset_watches_drops_them_all)
{
    struct xst_msg m;

    watch(&dom1, "/local/domain/1", "a");
    watch(&dom1, "x", "b");
    m = xst_callv(&dom1, XS_RESET_WATCHES, 0, "", NULL);
    ck_assert(xst_ok(&m, XS_RESET_WATCHES));
    while (xst_event(&dom1))
        ;
    xst_write(&dom1, 0, "x", "1");
    ck_assert_ptr_null(xst_event(&dom1));
    watch(&dom1, "x", "b"); /* no longer a duplicate */
}
END_TEST

START_TEST(a_domain_may_hold_129_watches)
{
    char tok[16];
    struct xst_msg m;

    for (int i = 0; i < 129; i++) {
        snprintf(tok, sizeof(tok), "t%d", i);
        watch(&dom1, "x", tok);
    }
    m = xst_callv(&dom1, XS_WATCH, 0, "x", "one-more", NULL);
    ck_assert_str_eq(xst_err(&m), "E2BIG");
    m = xst_callv(&dom1, XS_UNWATCH, 0, "x", "t0", NULL);
    ck_assert(xst_ok(&m, XS_UNWATCH));
    watch(&dom1, "x", "one-more");
    for (int i = 0; i < 300; i++) {
        snprintf(tok, sizeof(tok), "t%d", i);
        watch(&dom0, "/x", tok);
    }
}
END_TEST

START_TEST(an_event_longer_than_a_payload_is_dropped)
{
    char token[3000], path[2100];

    memset(token, 't', sizeof(token) - 1);
    token[sizeof(token) - 1] = '\0';
    watch(&other, "/long", token);
    ck_assert_uint_eq(xst_events_pending(&other), 1);
    xst_event(&other);
    path[0] = '/';
    memcpy(path + 1, "long/", 5);
    memset(path + 6, 'p', sizeof(path) - 7);
    path[sizeof(path) - 1] = '\0';
    xst_write(&dom0, 0, path, "x");
    ck_assert_ptr_null(xst_event(&other));
    xst_write(&dom0, 0, "/long", "x");
    ck_assert_uint_eq(xst_events_pending(&other), 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xenstore_watch");
    TCase *tc = tcase_create("watches");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_watch_fires_once_at_once_after_its_ack);
    tcase_add_test(tc, a_watch_covers_the_node_and_its_subtree_only);
    tcase_add_test(tc, the_writer_sees_its_own_events_before_its_reply);
    tcase_add_test(tc, relative_watches_report_relative_paths);
    tcase_add_test(tc, watch_arguments_are_checked);
    tcase_add_test(tc, events_go_only_where_the_node_or_its_parent_is_readable);
    tcase_add_test(tc, removal_fires_every_node_children_only_for_exact_watches);
    tcase_add_test(tc, special_paths_fire_for_dom0_and_whom_their_perms_let_read);
    tcase_add_test(tc, a_watch_on_the_root_sees_everything);
    tcase_add_test(tc, pending_duplicates_are_merged);
    tcase_add_test(tc, reset_watches_drops_them_all);
    tcase_add_test(tc, a_domain_may_hold_129_watches);
    tcase_add_test(tc, an_event_longer_than_a_payload_is_dropped);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
