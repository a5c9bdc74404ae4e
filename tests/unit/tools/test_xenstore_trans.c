/*
 * xenstored's transactions, with the C xenstored's conflict rules: a
 * transaction sees its first reads and its own writes, commits only if what
 * it touched is unchanged (EAGAIN otherwise), fires its watches at commit,
 * and is limited in number and size for unprivileged domains.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/tools/fake_xs_client.h"
#include "tools/xenstore/xenstored.h"

static struct xs_daemon *d;
static struct xst_client dom0, other, dom1;

static void setup(void)
{
    struct xst_msg m;

    d = xsd_create(NULL);
    ck_assert_ptr_nonnull(d);
    xst_init(&dom0, xsd_conn_local(d, 0));
    xst_init(&other, xsd_conn_local(d, 0));
    m = xst_callv(&dom0, XS_INTRODUCE, 0, "1", "77", "3", NULL);
    ck_assert(xst_ok(&m, XS_INTRODUCE));
    xst_init(&dom1, xsd_domain_conn(d, 1));
    m = xst_callv(&dom0, XS_MKDIR, 0, "/local/domain/1", NULL);
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/local/domain/1", "n1", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    xst_write(&dom0, 0, "/a", "a0");
    xst_write(&dom0, 0, "/b", "b0");
}

static void teardown(void)
{
    xsd_destroy(d);
}

START_TEST(ids_start_at_one_and_are_echoed)
{
    struct xst_msg m = xst_callv(&dom0, XS_TRANSACTION_START, 0, "", NULL);

    ck_assert_uint_eq(m.hdr.type, XS_TRANSACTION_START);
    ck_assert_str_eq(m.body, "1");
    ck_assert_uint_eq(m.hdr.len, 2);
    ck_assert_uint_eq(xst_start(&dom0), 2);
    ck_assert_uint_eq(xst_start(&other), 1); /* per connection */
    m = xst_callv(&dom0, XS_READ, 2, "/a", NULL);
    ck_assert_uint_eq(m.hdr.tx_id, 2);
    ck_assert_str_eq(m.body, "a0");
}
END_TEST

START_TEST(changes_are_private_until_commit)
{
    uint32_t t = xst_start(&dom0);
    struct xst_msg m;

    m = xst_write(&dom0, t, "/a", "a1");
    ck_assert(xst_ok(&m, XS_WRITE));
    m = xst_write(&dom0, t, "/new/deep", "n");
    ck_assert(xst_ok(&m, XS_WRITE));
    ck_assert_str_eq(xst_read(&dom0, t, "/a"), "a1");
    ck_assert_str_eq(xst_read(&dom0, 0, "/a"), "a0");
    ck_assert_str_eq(xst_read(&other, 0, "/new/deep"), "ENOENT");
    m = xst_callv(&dom0, XS_DIRECTORY, t, "/", NULL);
    ck_assert_str_eq(xst_strings(&m), "tool local a b new");
    ck_assert_str_eq(xst_end(&dom0, t, true), "OK");
    ck_assert_str_eq(xst_read(&other, 0, "/a"), "a1");
    ck_assert_str_eq(xst_read(&other, 0, "/new/deep"), "n");
    m = xst_callv(&other, XS_DIRECTORY, 0, "/", NULL);
    ck_assert_str_eq(xst_strings(&m), "tool local a b new");
    /* The id is gone once ended. */
    m = xst_callv(&dom0, XS_READ, t, "/a", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
}
END_TEST

START_TEST(an_aborted_transaction_leaves_nothing)
{
    uint32_t t = xst_start(&dom0);

    xst_write(&dom0, t, "/a", "a1");
    xst_callv(&dom0, XS_RM, t, "/b", NULL);
    ck_assert_str_eq(xst_read(&dom0, t, "/b"), "ENOENT");
    ck_assert_str_eq(xst_end(&dom0, t, false), "OK");
    ck_assert_str_eq(xst_read(&dom0, 0, "/a"), "a0");
    ck_assert_str_eq(xst_read(&dom0, 0, "/b"), "b0");
}
END_TEST

START_TEST(a_change_to_what_was_read_is_eagain)
{
    uint32_t t = xst_start(&dom0);

    ck_assert_str_eq(xst_read(&dom0, t, "/a"), "a0");
    xst_write(&other, 0, "/a", "changed");
    xst_write(&dom0, t, "/b", "b1");
    ck_assert_str_eq(xst_end(&dom0, t, true), "EAGAIN");
    ck_assert_str_eq(xst_read(&other, 0, "/b"), "b0");
    ck_assert_str_eq(xst_read(&other, 0, "/a"), "changed");
}
END_TEST

START_TEST(an_unrelated_change_does_not_conflict)
{
    uint32_t t = xst_start(&dom0);

    ck_assert_str_eq(xst_read(&dom0, t, "/a"), "a0");
    xst_write(&other, 0, "/c", "elsewhere");
    xst_write(&dom0, t, "/b", "b1");
    ck_assert_str_eq(xst_end(&dom0, t, true), "OK");
    ck_assert_str_eq(xst_read(&other, 0, "/b"), "b1");
}
END_TEST

START_TEST(creation_and_removal_behind_its_back_conflict)
{
    uint32_t t = xst_start(&dom0);

    ck_assert_str_eq(xst_read(&dom0, t, "/x"), "ENOENT");
    xst_write(&other, 0, "/x", "appeared");
    ck_assert_str_eq(xst_end(&dom0, t, true), "EAGAIN");

    t = xst_start(&dom0);
    ck_assert_str_eq(xst_read(&dom0, t, "/a"), "a0");
    xst_callv(&other, XS_RM, 0, "/a", NULL);
    ck_assert_str_eq(xst_read(&dom0, t, "/a"), "a0"); /* still what it first saw */
    ck_assert_str_eq(xst_end(&dom0, t, true), "EAGAIN");
}
END_TEST

START_TEST(a_write_to_a_node_written_meanwhile_conflicts)
{
    uint32_t t = xst_start(&dom0);

    xst_write(&dom0, t, "/a", "mine"); /* reads /a first, as Xen does */
    xst_write(&other, 0, "/a", "theirs");
    ck_assert_str_eq(xst_end(&dom0, t, true), "EAGAIN");
    ck_assert_str_eq(xst_read(&other, 0, "/a"), "theirs");
}
END_TEST

START_TEST(two_interfering_transactions_first_commit_wins)
{
    uint32_t t1 = xst_start(&dom0), t2 = xst_start(&other);

    xst_read(&dom0, t1, "/a");
    xst_read(&other, t2, "/b");
    xst_write(&dom0, t1, "/b", "from-t1");
    xst_write(&other, t2, "/a", "from-t2");
    ck_assert_str_eq(xst_end(&dom0, t1, true), "OK");
    ck_assert_str_eq(xst_end(&other, t2, true), "EAGAIN");
    ck_assert_str_eq(xst_read(&dom0, 0, "/a"), "a0");
    ck_assert_str_eq(xst_read(&dom0, 0, "/b"), "from-t1");
}
END_TEST

START_TEST(end_checks_its_argument_and_start_refuses_nesting)
{
    uint32_t t = xst_start(&dom0);
    struct xst_msg m;

    m = xst_callv(&dom0, XS_TRANSACTION_END, t, "X", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_call(&dom0, XS_TRANSACTION_END, t, "T", 1);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_TRANSACTION_END, 0, "T", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    m = xst_callv(&dom0, XS_TRANSACTION_END, 99, "T", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    m = xst_callv(&dom0, XS_TRANSACTION_START, t, "", NULL);
    ck_assert_str_eq(xst_err(&m), "EBUSY");
    ck_assert_str_eq(xst_end(&dom0, t, true), "OK");
}
END_TEST

START_TEST(watches_fire_at_commit_and_not_on_abort)
{
    uint32_t t;
    struct xst_msg m;

    m = xst_callv(&other, XS_WATCH, 0, "/a", "tok", NULL);
    ck_assert(xst_ok(&m, XS_WATCH));
    ck_assert_str_eq(xst_event(&other), "/a tok");
    t = xst_start(&dom0);
    xst_write(&dom0, t, "/a", "a1");
    xst_write(&dom0, t, "/a/sub", "s");
    ck_assert_uint_eq(xst_events_pending(&other), 0);
    ck_assert_str_eq(xst_end(&dom0, t, false), "OK");
    ck_assert_uint_eq(xst_events_pending(&other), 0);

    t = xst_start(&dom0);
    xst_write(&dom0, t, "/a", "a2");
    xst_write(&dom0, t, "/a/sub", "s");
    ck_assert_uint_eq(xst_events_pending(&other), 0);
    ck_assert_str_eq(xst_end(&dom0, t, true), "OK");
    ck_assert_str_eq(xst_event(&other), "/a tok");
    ck_assert_str_eq(xst_event(&other), "/a/sub tok");
    ck_assert_ptr_null(xst_event(&other));
}
END_TEST

START_TEST(rm_inside_a_transaction)
{
    uint32_t t;

    xst_write(&dom0, 0, "/tree/x/y", "1");
    t = xst_start(&dom0);
    ck_assert_str_eq(xst_callv(&dom0, XS_RM, t, "/tree", NULL).body, "OK");
    ck_assert_str_eq(xst_read(&dom0, t, "/tree/x/y"), "ENOENT");
    ck_assert_str_eq(xst_read(&dom0, 0, "/tree/x/y"), "1");
    ck_assert_str_eq(xst_end(&dom0, t, true), "OK");
    ck_assert_str_eq(xst_read(&dom0, 0, "/tree/x/y"), "ENOENT");
    ck_assert_str_eq(xst_read(&dom0, 0, "/tree"), "ENOENT");
}
END_TEST

START_TEST(a_domain_may_hold_eleven_transactions_dom0_more)
{
    struct xst_msg m;

    for (int i = 0; i < 11; i++)
        ck_assert_uint_ne(xst_start(&dom1), 0);
    m = xst_callv(&dom1, XS_TRANSACTION_START, 0, "", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOSPC");
    ck_assert_str_eq(xst_end(&dom1, 3, false), "OK");
    ck_assert_uint_ne(xst_start(&dom1), 0);
    for (int i = 0; i < 30; i++)
        ck_assert_uint_ne(xst_start(&dom0), 0);
}
END_TEST

START_TEST(a_transaction_may_touch_1024_nodes)
{
    uint32_t t = xst_start(&dom1);
    char name[32];
    struct xst_msg m;
    int i;

    /*
     * A read of a missing node touches it and the ancestor it asks about
     * (/local/domain/1, once): 1 + 1023 nodes.
     */
    for (i = 0; i < 1023; i++) {
        snprintf(name, sizeof(name), "n%d", i);
        ck_assert_str_eq(xst_read(&dom1, t, name), "ENOENT");
    }
    snprintf(name, sizeof(name), "n%d", i);
    m = xst_callv(&dom1, XS_READ, t, name, NULL);
    ck_assert_str_eq(xst_err(&m), "ENOSPC");
    ck_assert_str_eq(xst_end(&dom1, t, true), "ENOMEM");
    /* dom0 has no such limit. */
    t = xst_start(&dom0);
    for (i = 0; i < 1100; i++) {
        snprintf(name, sizeof(name), "/m%d", i);
        ck_assert_str_eq(xst_read(&dom0, t, name), "ENOENT");
    }
    ck_assert_str_eq(xst_end(&dom0, t, true), "OK");
}
END_TEST

START_TEST(node_quota_is_settled_at_commit)
{
    char name[32];
    uint32_t t;
    struct xst_msg m;
    int made = 0;

    /*
     * Domain 1 owns its home (1 node); fill it to 999, in directories (a
     * node's children list counts against the node size quota).
     */
    for (int j = 0, count = 1; count < 999; j++) {
        snprintf(name, sizeof(name), "s%d", j);
        m = xst_callv(&dom1, XS_MKDIR, 0, name, NULL);
        ck_assert(xst_ok(&m, XS_MKDIR));
        count++;
        for (int k = 0; k < 20 && count < 999; k++, count++) {
            snprintf(name, sizeof(name), "s%d/k%d", j, k);
            m = xst_write(&dom1, 0, name, "");
            ck_assert_msg(xst_ok(&m, XS_WRITE), "%s: %s", name, xst_err(&m));
        }
    }
    t = xst_start(&dom1);
    m = xst_write(&dom1, t, "last", "");
    if (xst_ok(&m, XS_WRITE))
        made++;
    ck_assert_int_eq(made, 1); /* 999 < 1000: allowed inside */
    /* The commit would leave 1000 nodes: Xen refuses that (cnt >= quota). */
    ck_assert_str_eq(xst_end(&dom1, t, true), "ENOSPC");
    ck_assert_str_eq(xst_read(&dom1, 0, "last"), "ENOENT");
}
END_TEST

START_TEST(reset_watches_ends_transactions)
{
    uint32_t t = xst_start(&dom1);
    struct xst_msg m = xst_callv(&dom1, XS_RESET_WATCHES, 0, "", NULL);

    ck_assert(xst_ok(&m, XS_RESET_WATCHES));
    m = xst_callv(&dom1, XS_READ, t, "x", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    ck_assert_uint_eq(xst_start(&dom1), t + 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xenstore_trans");
    TCase *tc = tcase_create("transactions");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ids_start_at_one_and_are_echoed);
    tcase_add_test(tc, changes_are_private_until_commit);
    tcase_add_test(tc, an_aborted_transaction_leaves_nothing);
    tcase_add_test(tc, a_change_to_what_was_read_is_eagain);
    tcase_add_test(tc, an_unrelated_change_does_not_conflict);
    tcase_add_test(tc, creation_and_removal_behind_its_back_conflict);
    tcase_add_test(tc, a_write_to_a_node_written_meanwhile_conflicts);
    tcase_add_test(tc, two_interfering_transactions_first_commit_wins);
    tcase_add_test(tc, end_checks_its_argument_and_start_refuses_nesting);
    tcase_add_test(tc, watches_fire_at_commit_and_not_on_abort);
    tcase_add_test(tc, rm_inside_a_transaction);
    tcase_add_test(tc, a_domain_may_hold_eleven_transactions_dom0_more);
    tcase_add_test(tc, a_transaction_may_touch_1024_nodes);
    tcase_add_test(tc, node_quota_is_settled_at_commit);
    tcase_add_test(tc, reset_watches_ends_transactions);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
