/*
 * xenstored's permissions (owner, n/r/w/b per domain, inheritance, what an
 * unprivileged domain may change, errors that do not leak) and its quotas
 * (nodes per domain, node size, permissions per node, path length).
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/tools/fake_xs_client.h"
#include "tools/xenstore/xenstored.h"

/* AddressSanitizer's count of live heap bytes (the tests always run under it). */
size_t __sanitizer_get_current_allocated_bytes(void);

static struct xs_daemon *d;
static struct xst_client dom0, dom1, dom2;

static bool exists_below_10(void *ctx, unsigned domid)
{
    return domid < 10;
}

static const struct xsd_hooks hooks = { .domain_exists = exists_below_10 };

static void home(unsigned id)
{
    char ids[8], path[32];
    struct xst_msg m;

    snprintf(ids, sizeof(ids), "%u", id);
    m = xst_callv(&dom0, XS_INTRODUCE, 0, ids, "1", "2", NULL);
    ck_assert(xst_ok(&m, XS_INTRODUCE));
    snprintf(path, sizeof(path), "/local/domain/%u", id);
    xst_callv(&dom0, XS_MKDIR, 0, path, NULL);
    snprintf(ids, sizeof(ids), "n%u", id);
    m = xst_callv(&dom0, XS_SET_PERMS, 0, path, ids, NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
}

static void setup(void)
{
    d = xsd_create(&hooks);
    ck_assert_ptr_nonnull(d);
    xst_init(&dom0, xsd_conn_local(d, 0));
    home(1);
    home(2);
    xst_init(&dom1, xsd_domain_conn(d, 1));
    xst_init(&dom2, xsd_domain_conn(d, 2));
}

static void teardown(void)
{
    xsd_destroy(d);
}

static const char *perms_of(const char *path)
{
    struct xst_msg m = xst_callv(&dom0, XS_GET_PERMS, 0, path, NULL);

    return m.hdr.type == XS_ERROR ? "error" : xst_strings(&m);
}

START_TEST(new_nodes_inherit_and_unprivileged_creators_own_them)
{
    struct xst_msg m;

    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/local/domain/1", "n1", "r2", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    m = xst_write(&dom1, 0, "a/b", "1");
    ck_assert(xst_ok(&m, XS_WRITE));
    ck_assert_str_eq(perms_of("/local/domain/1/a"), "n1 r2");
    ck_assert_str_eq(perms_of("/local/domain/1/a/b"), "n1 r2");
    /* dom0 writing under a domain's node: the node copies the parent's list, owner included. */
    m = xst_write(&dom0, 0, "/local/domain/1/a/c", "2");
    ck_assert_str_eq(perms_of("/local/domain/1/a/c"), "n1 r2");
    xst_callv(&dom0, XS_SET_PERMS, 0, "/local/domain/1/a", "r0", "w2", NULL);
    m = xst_write(&dom1, 0, "a/d", "3");
    ck_assert(xst_ok(&m, XS_WRITE) == false); /* 1 has only r0's default now: read */
    ck_assert_str_eq(xst_err(&m), "EACCES");
    m = xst_write(&dom2, 0, "/local/domain/1/a/d", "3");
    ck_assert(xst_ok(&m, XS_WRITE));
    ck_assert_str_eq(perms_of("/local/domain/1/a/d"), "r2 w2");
}
END_TEST

START_TEST(each_letter_grants_what_it_says)
{
    xst_write(&dom0, 0, "/g", "v");
    xst_callv(&dom0, XS_SET_PERMS, 0, "/g", "n0", "r1", "w2", NULL);
    ck_assert_str_eq(xst_read(&dom1, 0, "/g"), "v");
    ck_assert_str_eq(xst_put(&dom1, "/g", "x"), "EACCES");
    ck_assert_str_eq(xst_read(&dom2, 0, "/g"), "EACCES");
    ck_assert_str_eq(xst_put(&dom2, "/g", "y"), "OK");
    xst_callv(&dom0, XS_SET_PERMS, 0, "/g", "r0", "b1", "n2", NULL);
    ck_assert_str_eq(xst_put(&dom1, "/g", "z"), "OK");
    ck_assert_str_eq(xst_read(&dom1, 0, "/g"), "z");
    ck_assert_str_eq(xst_read(&dom2, 0, "/g"), "EACCES");
    /* The first entry is everybody else's. */
    xst_callv(&dom0, XS_SET_PERMS, 0, "/g", "b0", NULL);
    ck_assert_str_eq(xst_read(&dom2, 0, "/g"), "z");
    ck_assert_str_eq(xst_put(&dom2, "/g", "w"), "OK");
}
END_TEST

START_TEST(errors_do_not_tell_what_the_permissions_hide)
{
    struct xst_msg m;

    xst_write(&dom0, 0, "/hidden/x", "1");
    /* Below an unreadable node, missing and present look alike. */
    ck_assert_str_eq(xst_read(&dom1, 0, "/hidden/x"), "EACCES");
    ck_assert_str_eq(xst_read(&dom1, 0, "/hidden/nothing"), "EACCES");
    ck_assert_str_eq(xst_read(&dom1, 0, "/hidden/no/thing"), "EACCES");
    /* Below a readable one, missing is ENOENT. */
    xst_callv(&dom0, XS_SET_PERMS, 0, "/hidden", "r0", NULL);
    ck_assert_str_eq(xst_read(&dom1, 0, "/hidden/x"), "EACCES");
    ck_assert_str_eq(xst_read(&dom1, 0, "/hidden/nothing"), "ENOENT");
    /* Write follows the same rule with write permission. */
    m = xst_callv(&dom1, XS_RM, 0, "/hidden/x", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
    m = xst_write(&dom1, 0, "/hidden/new", "1");
    ck_assert_str_eq(xst_err(&m), "EACCES");
    m = xst_callv(&dom1, XS_DIRECTORY, 0, "/local/domain/2", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
    m = xst_callv(&dom1, XS_GET_PERMS, 0, "/local/domain/2", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
}
END_TEST

START_TEST(only_the_owner_sets_perms_and_only_dom0_gives_nodes_away)
{
    struct xst_msg m;

    xst_write(&dom1, 0, "mine", "1");
    m = xst_callv(&dom1, XS_SET_PERMS, 0, "mine", "n1", "r2", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    ck_assert_str_eq(xst_read(&dom2, 0, "/local/domain/1/mine"), "1");
    m = xst_callv(&dom1, XS_SET_PERMS, 0, "mine", "n2", NULL);
    ck_assert_str_eq(xst_err(&m), "EPERM");
    m = xst_callv(&dom2, XS_SET_PERMS, 0, "/local/domain/1/mine", "n2", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
    /* Write access is not ownership. */
    xst_callv(&dom1, XS_SET_PERMS, 0, "mine", "n1", "b2", NULL);
    m = xst_callv(&dom2, XS_SET_PERMS, 0, "/local/domain/1/mine", "n1", "b2", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/local/domain/1/mine", "n2", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    ck_assert_str_eq(xst_read(&dom1, 0, "mine"), "EACCES");
    m = xst_callv(&dom2, XS_SET_PERMS, 0, "/local/domain/1/mine", "b2", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
}
END_TEST

START_TEST(a_domains_nodes_pass_to_dom0_when_it_goes)
{
    struct xst_msg m;

    xst_write(&dom1, 0, "left", "1");
    xst_write(&dom0, 0, "/shared", "s");
    xst_callv(&dom0, XS_SET_PERMS, 0, "/shared", "n0", "r1", "r2", NULL);
    m = xst_callv(&dom0, XS_RELEASE, 0, "1", NULL);
    ck_assert(xst_ok(&m, XS_RELEASE));
    ck_assert_str_eq(perms_of("/local/domain/1/left"), "n0");
    ck_assert_str_eq(perms_of("/shared"), "n0 r1 r2"); /* r1 is kept, ignored */
    /* A new domain 1 inherits nothing. */
    home(1);
    xst_init(&dom1, xsd_domain_conn(d, 1));
    ck_assert_str_eq(xst_read(&dom1, 0, "/shared"), "EACCES");
    ck_assert_str_eq(xst_read(&dom1, 0, "left"), "EACCES");
}
END_TEST

/* Introducing and releasing a domain leaves nothing behind in the daemon. */
START_TEST(introduce_and_release_cycles_keep_no_memory)
{
    size_t before = 0;

    for (unsigned cycle = 0; cycle < 300; cycle++) {
        char ids[8], path[32];
        struct xst_msg m;

        if (cycle == 100) /* once the daemon's own buffers have grown */
            before = __sanitizer_get_current_allocated_bytes();
        home(3 + cycle);
        snprintf(ids, sizeof(ids), "%u", 3 + cycle);
        m = xst_callv(&dom0, XS_RELEASE, 0, ids, NULL);
        ck_assert(xst_ok(&m, XS_RELEASE));
        snprintf(path, sizeof(path), "/local/domain/%u", 3 + cycle);
        xst_callv(&dom0, XS_RM, 0, path, NULL);
    }
    ck_assert_uint_le(__sanitizer_get_current_allocated_bytes(), before);
}
END_TEST

START_TEST(a_domain_may_own_1000_nodes)
{
    char name[32];
    struct xst_msg m;
    int count = 1; /* its home */

    for (int j = 0; count < 1000; j++) {
        snprintf(name, sizeof(name), "d%d", j);
        m = xst_callv(&dom1, XS_MKDIR, 0, name, NULL);
        ck_assert_msg(xst_ok(&m, XS_MKDIR), "%s: %s", name, xst_err(&m));
        count++;
        for (int k = 0; k < 30 && count < 1000; k++, count++) {
            snprintf(name, sizeof(name), "d%d/%d", j, k);
            m = xst_write(&dom1, 0, name, "");
            ck_assert_msg(xst_ok(&m, XS_WRITE), "%s: %s", name, xst_err(&m));
        }
    }
    m = xst_write(&dom1, 0, "d0/more", "");
    ck_assert_str_eq(xst_err(&m), "ENOSPC");
    m = xst_callv(&dom1, XS_MKDIR, 0, "x/y", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOSPC");
    ck_assert_str_eq(xst_read(&dom1, 0, "x"), "ENOENT"); /* nothing half made */
    /* Overwriting is fine; removing frees room. */
    m = xst_write(&dom1, 0, "d0/0", "v");
    ck_assert(xst_ok(&m, XS_WRITE));
    m = xst_callv(&dom1, XS_RM, 0, "d0/0", NULL);
    ck_assert(xst_ok(&m, XS_RM));
    m = xst_write(&dom1, 0, "d0/more", "");
    ck_assert(xst_ok(&m, XS_WRITE));
    /* Nodes dom0 makes for it are dom0's to count: no limit there. */
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof(name), "/local/domain/1/z/%d", i);
        ck_assert_str_eq(xst_put(&dom0, name, ""), "OK");
    }
}
END_TEST

START_TEST(a_node_record_stays_under_2048_bytes)
{
    static char value[4000];
    struct xst_msg m;
    char payload[4100];

    /* 24 header + 8 per permission + data + children < 2048. */
    memset(value, 'v', sizeof(value) - 1);
    value[2015] = '\0';
    m = xst_write(&dom1, 0, "big", value);
    ck_assert(xst_ok(&m, XS_WRITE));
    value[2015] = 'v';
    value[2016] = '\0';
    m = xst_write(&dom1, 0, "big", value);
    ck_assert_str_eq(xst_err(&m), "ENOSPC");
    ck_assert_uint_eq(strlen(xst_read(&dom1, 0, "big")), 2015);
    /* A second permission costs 8 bytes. */
    value[2015] = '\0';
    m = xst_callv(&dom1, XS_SET_PERMS, 0, "big", "n1", "r2", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOSPC");
    /* dom0 is not limited. */
    memset(payload, 'w', sizeof(payload));
    memcpy(payload, "/local/domain/1/big", 20);
    m = xst_call(&dom0, XS_WRITE, 0, payload, 4096);
    ck_assert(xst_ok(&m, XS_WRITE));
}
END_TEST

START_TEST(a_node_may_list_five_permissions)
{
    struct xst_msg m;

    xst_write(&dom1, 0, "p", "");
    m = xst_callv(&dom1, XS_SET_PERMS, 0, "p", "n1", "r2", "r3", "r4", "r5", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    m = xst_callv(&dom1, XS_SET_PERMS, 0, "p", "n1", "r2", "r3", "r4", "r5", "r6", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOSPC");
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/local/domain/1/p", "n1", "r2", "r3", "r4", "r5", "r6",
                  "r7", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    ck_assert_str_eq(perms_of("/local/domain/1/p"), "n1 r2 r3 r4 r5 r6 r7");
}
END_TEST

START_TEST(paths_may_be_2048_characters_past_a_domains_home)
{
    char rel[XENSTORE_REL_PATH_MAX + 2], abs[XENSTORE_REL_PATH_MAX + 40];
    struct xst_msg m;

    /* In 64-character components: one long name would overflow its parent's record. */
    for (size_t i = 0; i < sizeof(rel); i++)
        rel[i] = i % 64 == 60 ? '/' : 'r';
    rel[XENSTORE_REL_PATH_MAX] = '\0';
    m = xst_callv(&dom1, XS_MKDIR, 0, rel, NULL);
    ck_assert(xst_ok(&m, XS_MKDIR));
    rel[XENSTORE_REL_PATH_MAX] = 'r';
    rel[XENSTORE_REL_PATH_MAX + 1] = '\0';
    m = xst_callv(&dom1, XS_MKDIR, 0, rel, NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    /* The same rule for an absolute name under any /local/domain/<id>/. */
    snprintf(abs, sizeof(abs), "/local/domain/77/%.*s", XENSTORE_REL_PATH_MAX, rel);
    ck_assert_str_eq(xst_read(&dom0, 0, abs), "ENOENT");
    snprintf(abs, sizeof(abs), "/local/domain/77/%s", rel);
    ck_assert_str_eq(xst_read(&dom0, 0, abs), "EINVAL");
    /* Six digits are no domain id: the whole name counts. */
    snprintf(abs, sizeof(abs), "/local/domain/12345/%.*s", XENSTORE_REL_PATH_MAX - 10, rel);
    ck_assert_str_eq(xst_read(&dom0, 0, abs), "ENOENT");
    snprintf(abs, sizeof(abs), "/local/domain/123456/%.*s", XENSTORE_REL_PATH_MAX - 10, rel);
    ck_assert_str_eq(xst_read(&dom0, 0, abs), "EINVAL");
}
END_TEST

/* Xen's hard memory quota: 2.5 MiB held for one domain. */
#define MEMORY_QUOTA (2 * 1024 * 1024 + 512 * 1024)

START_TEST(events_for_a_domain_that_does_not_read_are_bounded)
{
    static char token[2001];
    char path[32];
    struct xst_msg m;

    memset(token, 't', sizeof(token) - 1);
    xst_callv(&dom0, XS_MKDIR, 0, "/flood", NULL);
    xst_callv(&dom0, XS_SET_PERMS, 0, "/flood", "n0", "r1", NULL);
    m = xst_callv(&dom1, XS_WATCH, 0, "/flood", token, NULL);
    ck_assert(xst_ok(&m, XS_WATCH));
    for (int i = 0; i < 1500; i++) {
        snprintf(path, sizeof(path), "/flood/%d", i);
        ck_assert_str_eq(xst_put(&dom0, path, "x"), "OK");
    }
    /* About 2 KiB an event: 1250 fit, the rest were dropped. */
    ck_assert_uint_le(xsd_conn_output_pending(dom1.c), MEMORY_QUOTA);
    ck_assert_uint_gt(xsd_conn_output_pending(dom1.c), MEMORY_QUOTA - 4096);
    /* Full: a new watch is refused, as Xen refuses what it cannot account. */
    memset(token, 'u', sizeof(token) - 1);
    m = xst_callv(&dom1, XS_WATCH, 0, "/flood", token, NULL);
    ck_assert_str_eq(xst_err(&m), "ENOMEM");
    /* Once read (xst_callv read everything out), events flow again. */
    ck_assert_uint_eq(xsd_conn_output_pending(dom1.c), 0);
    ck_assert_str_eq(xst_put(&dom0, "/flood/again", "x"), "OK");
    ck_assert_uint_gt(xsd_conn_output_pending(dom1.c), 2000);
    m = xst_callv(&dom1, XS_WATCH, 0, "/flood", token, NULL);
    ck_assert(xst_ok(&m, XS_WATCH));
}
END_TEST

START_TEST(transaction_copies_count_against_the_memory_quota)
{
    static char value[2001];
    char path[32];
    uint32_t t1, t2, t3;
    int i, read2 = 0;

    memset(value, 'v', sizeof(value) - 1);
    xst_callv(&dom0, XS_MKDIR, 0, "/big", NULL);
    xst_callv(&dom0, XS_SET_PERMS, 0, "/big", "n0", "r1", NULL);
    for (i = 0; i < 1000; i++) {
        snprintf(path, sizeof(path), "/big/%d", i);
        ck_assert_str_eq(xst_put(&dom0, path, value), "OK");
    }
    t1 = xst_start(&dom1);
    for (i = 0; i < 1000; i++) {
        snprintf(path, sizeof(path), "/big/%d", i);
        ck_assert_uint_eq(strlen(xst_read(&dom1, t1, path)), 2000);
    }
    /* A second transaction runs out of room part way. */
    t2 = xst_start(&dom1);
    for (i = 0; i < 1000; i++) {
        snprintf(path, sizeof(path), "/big/%d", i);
        if (strcmp(xst_read(&dom1, t2, path), "ENOMEM") == 0)
            break;
        read2++;
    }
    ck_assert_int_gt(read2, 100);
    ck_assert_int_lt(read2, 1000);
    ck_assert_str_eq(xst_end(&dom1, t2, true), "ENOMEM");
    ck_assert_str_eq(xst_end(&dom1, t1, false), "OK");
    /* Ended transactions give their memory back. */
    t3 = xst_start(&dom1);
    for (i = 0; i < 1000; i++) {
        snprintf(path, sizeof(path), "/big/%d", i);
        ck_assert_uint_eq(strlen(xst_read(&dom1, t3, path)), 2000);
    }
    ck_assert_str_eq(xst_end(&dom1, t3, true), "OK");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xenstore_perms");
    TCase *tc = tcase_create("perms");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, new_nodes_inherit_and_unprivileged_creators_own_them);
    tcase_add_test(tc, each_letter_grants_what_it_says);
    tcase_add_test(tc, errors_do_not_tell_what_the_permissions_hide);
    tcase_add_test(tc, only_the_owner_sets_perms_and_only_dom0_gives_nodes_away);
    tcase_add_test(tc, a_domains_nodes_pass_to_dom0_when_it_goes);
    tcase_add_test(tc, introduce_and_release_cycles_keep_no_memory);
    tcase_add_test(tc, a_domain_may_own_1000_nodes);
    tcase_add_test(tc, a_node_record_stays_under_2048_bytes);
    tcase_add_test(tc, a_node_may_list_five_permissions);
    tcase_add_test(tc, paths_may_be_2048_characters_past_a_domains_home);
    tcase_add_test(tc, events_for_a_domain_that_does_not_read_are_bounded);
    tcase_add_test(tc, transaction_copies_count_against_the_memory_quota);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
