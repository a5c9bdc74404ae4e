/*
 * xl's part of xenstore (tools/xl_xenstore.c) against the real daemon
 * library: a built domain's tree and introduction, names looked up both
 * ways, and everything undone (console backend told first) before destroy.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "tools/console_attach.h"
#include "tools/xl_xenstore.h"
#include "tools/xs.h"

static struct xs_daemon *d;
static struct xs_handle *h;
static uint32_t released[8];
static unsigned nreleased;

static void fake_release(uint32_t domid)
{
    if (nreleased < 8)
        released[nreleased++] = domid;
}

static const struct console_backend fake_backend = { NULL, fake_release };
static const struct builder_result built = { .domid = 7,
                                             .store_mfn = 0x1234,
                                             .console_mfn = 0x1235,
                                             .store_port = 3,
                                             .console_port = 4,
                                             .nr_pages = 8192 };
static const uint8_t uuid[16] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0x4d, 0xef,
                                  0x81, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
static const uint8_t uuid2[16] = {
    0xaa, 0xbb, 0xcc, 0xdd, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 1
};
static struct xlcfg cfg;

static void setup(void)
{
    d = xsd_create(&(struct xsd_hooks){ 0 });
    ck_assert_ptr_nonnull(d);
    xs_set_daemon(d);
    ck_assert_int_eq(xsd_tree_dom0(d, 524288, 524288), 0);
    h = xs_open();
    ck_assert_ptr_nonnull(h);
    memset(&cfg, 0, sizeof(cfg));
    strcpy(cfg.name, "hello");
    strcpy(cfg.kernel, "/boot/hello-domu");
    cfg.target_memkb = cfg.max_memkb = 32768;
    cfg.vcpus = cfg.max_vcpus = 1;
    nreleased = 0;
    console_backend_set(&fake_backend);
}

static void teardown(void)
{
    console_backend_set(NULL);
    xs_close(h);
    xsd_destroy(d);
    xs_set_daemon(NULL);
}

static const char *value(const char *path)
{
    static char out[128];
    char *v;
    int rc = xs_read_str(h, path, &v);

    if (rc) {
        snprintf(out, sizeof(out), "E%d", -rc);
        return out;
    }
    snprintf(out, sizeof(out), "%s", v);
    free(v);
    return out;
}

START_TEST(a_built_domain_gets_libxls_tree_and_is_introduced)
{
    ck_assert_int_eq(xl_xenstore_add_domain(&built, &cfg, uuid), 0);
    ck_assert_str_eq(value("/local/domain/7/name"), "hello");
    ck_assert_str_eq(value("/local/domain/7/domid"), "7");
    ck_assert_str_eq(value("/local/domain/7/vm"), "/vm/12345678-9abc-4def-8123-456789abcdef");
    ck_assert_str_eq(value("/vm/12345678-9abc-4def-8123-456789abcdef/name"), "hello");
    ck_assert_str_eq(value("/local/domain/7/console/ring-ref"), "4661");
    ck_assert_str_eq(value("/local/domain/7/console/port"), "4");
    ck_assert_str_eq(value("/local/domain/7/store/ring-ref"), "4660");
    ck_assert_str_eq(value("/local/domain/7/store/port"), "3");
    ck_assert_int_eq(xs_is_domain_introduced(h, 7), 1);
}
END_TEST

START_TEST(names_are_found_both_ways)
{
    char name[64];
    uint32_t domid = 99;

    ck_assert_int_eq(xl_xenstore_add_domain(&built, &cfg, uuid), 0);
    ck_assert_int_eq(xl_xenstore_name(7, name, sizeof(name)), 0);
    ck_assert_str_eq(name, "hello");
    ck_assert_int_eq(xl_xenstore_name(0, name, sizeof(name)), 0);
    ck_assert_str_eq(name, "Domain-0");
    ck_assert_int_eq(xl_xenstore_name(7, name, 5), -ENAMETOOLONG);
    ck_assert_int_eq(xl_xenstore_name(8, name, sizeof(name)), -ENOENT);
    ck_assert_int_eq(xl_xenstore_lookup("hello", &domid), 0);
    ck_assert_uint_eq(domid, 7);
    ck_assert_int_eq(xl_xenstore_lookup("Domain-0", &domid), 0);
    ck_assert_uint_eq(domid, 0);
    ck_assert_int_eq(xl_xenstore_lookup("hell", &domid), -ENOENT);
}
END_TEST

START_TEST(removing_a_domain_releases_it_everywhere)
{
    ck_assert_int_eq(xl_xenstore_add_domain(&built, &cfg, uuid), 0);
    xl_xenstore_remove_domain(7);
    ck_assert_uint_eq(nreleased, 1);
    ck_assert_uint_eq(released[0], 7);
    ck_assert_int_eq(xs_is_domain_introduced(h, 7), 0);
    ck_assert_str_eq(value("/local/domain/7"), "E2");
    ck_assert_str_eq(value("/vm/12345678-9abc-4def-8123-456789abcdef"), "E2");
    ck_assert_str_eq(value("/libxl/7"), "E2");
    ck_assert_str_eq(value("/local/domain/0/backend/console/7"), "E2");
    ck_assert_str_eq(value("/local/domain/0/name"), "Domain-0"); /* dom0's stays */
}
END_TEST

START_TEST(a_name_that_is_taken_twice_is_found_once)
{
    struct builder_result other = built;
    uint32_t domid;

    other.domid = 9;
    ck_assert_int_eq(xl_xenstore_add_domain(&built, &cfg, uuid), 0);
    strcpy(cfg.name, "other");
    ck_assert_int_eq(xl_xenstore_add_domain(&other, &cfg, uuid), 0);
    ck_assert_int_eq(xl_xenstore_lookup("other", &domid), 0);
    ck_assert_uint_eq(domid, 9);
    xl_xenstore_remove_domain(9);
    ck_assert_int_eq(xl_xenstore_lookup("other", &domid), -ENOENT);
    ck_assert_int_eq(xl_xenstore_lookup("hello", &domid), 0);
    ck_assert_uint_eq(domid, 7);
}
END_TEST

START_TEST(a_rename_changes_both_names_and_refuses_a_taken_one)
{
    struct builder_result other = built;
    uint32_t domid;

    other.domid = 9;
    ck_assert_int_eq(xl_xenstore_add_domain(&built, &cfg, uuid), 0);
    strcpy(cfg.name, "other");
    ck_assert_int_eq(xl_xenstore_add_domain(&other, &cfg, uuid2), 0);
    ck_assert_int_eq(xl_xenstore_rename(7, "renamed"), 0);
    ck_assert_str_eq(value("/local/domain/7/name"), "renamed");
    ck_assert_str_eq(value("/vm/12345678-9abc-4def-8123-456789abcdef/name"), "renamed");
    ck_assert_int_eq(xl_xenstore_lookup("renamed", &domid), 0);
    ck_assert_uint_eq(domid, 7);
    ck_assert_int_eq(xl_xenstore_lookup("hello", &domid), -ENOENT);
    ck_assert_int_eq(xl_xenstore_rename(7, "other"), -EEXIST);
    ck_assert_int_eq(xl_xenstore_rename(7, "renamed"), 0); /* its own name */
    ck_assert_int_eq(xl_xenstore_rename(8, "nobody"), -ENOENT);
    ck_assert_str_eq(value("/local/domain/9/name"), "other");
}
END_TEST

START_TEST(without_a_daemon_nothing_is_done)
{
    char name[8];
    uint32_t domid;

    xs_set_daemon(NULL);
    ck_assert_int_eq(xl_xenstore_add_domain(&built, &cfg, uuid), 0);
    xl_xenstore_remove_domain(7);
    ck_assert_uint_eq(nreleased, 1); /* the console backend is still told */
    ck_assert_int_eq(xl_xenstore_name(0, name, sizeof(name)), -ENOENT);
    ck_assert_int_eq(xl_xenstore_lookup("Domain-0", &domid), -ENOENT);
    xs_set_daemon(d);
    ck_assert_str_eq(value("/local/domain/7/name"), "E2");
}
END_TEST

START_TEST(without_a_console_backend_attach_says_enosys)
{
    console_backend_set(NULL);
    ck_assert_int_eq(console_attach(7), -ENOSYS);
    console_release(7); /* nothing to tell, nothing breaks */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xl_xenstore");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_built_domain_gets_libxls_tree_and_is_introduced);
    tcase_add_test(tc, names_are_found_both_ways);
    tcase_add_test(tc, removing_a_domain_releases_it_everywhere);
    tcase_add_test(tc, a_name_that_is_taken_twice_is_found_once);
    tcase_add_test(tc, a_rename_changes_both_names_and_refuses_a_taken_one);
    tcase_add_test(tc, without_a_daemon_nothing_is_done);
    tcase_add_test(tc, without_a_console_backend_attach_says_enosys);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures ? 1 : 0;
}
