/*
 * The xenstore command-line tools (tools/xenstore_cli.c) against the real
 * daemon: output and messages as Xen's xenstore-read/-write/-rm/-exists/
 * -list/-ls print them, exit statuses, escapes both ways.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/tools/fake_print.h"
#include "tools/xenstore_cli.h"
#include "tools/xs.h"

static struct xs_daemon *d;
static struct xs_handle *h;

static void setup(void)
{
    d = xsd_create(&(struct xsd_hooks){ 0 });
    ck_assert_ptr_nonnull(d);
    xs_set_daemon(d);
    h = xs_open();
    ck_assert_int_eq(xs_write_str(h, "/vm/abc/name", "hello"), 0);
    ck_assert_int_eq(xs_write_str(h, "/vm/abc/image/ostype", "linux"), 0);
    ck_assert_int_eq(xs_write(h, XBT_NULL, "/vm/abc/odd", "a\\b\tc\001", 6), 0);
    fake_print_reset();
}

static void teardown(void)
{
    xs_close(h);
    xsd_destroy(d);
    xs_set_daemon(NULL);
}

/* Runs the tool with the words of line (at most 8). */
static int run(const char *line)
{
    char buf[256], *argv[9];
    int argc = 0;

    snprintf(buf, sizeof(buf), "%s", line);
    for (char *w = strtok(buf, " "); w && argc < 8; w = strtok(NULL, " "))
        argv[argc++] = w;
    argv[argc] = NULL;
    fake_print_reset();
    return xenstore_cli(argc, argv);
}

START_TEST(read_prints_values_and_names_a_missing_path)
{
    ck_assert_int_eq(run("xenstore-read /vm/abc/name"), 0);
    ck_assert_str_eq(fake_print_output(), "hello\n");
    ck_assert_int_eq(run("xenstore-read -p /vm/abc/name /vm/abc/image/ostype"), 0);
    ck_assert_str_eq(fake_print_output(), "/vm/abc/name: hello\n/vm/abc/image/ostype: linux\n");
    ck_assert_int_eq(run("xenstore-read /vm/abc/name /nope /vm/abc/name"), 1);
    ck_assert_str_eq(fake_print_output(), "hello\nxenstore-read: couldn't read path /nope\n");
    ck_assert_int_eq(run("xenstore-read /vm/abc/odd"), 0);
    ck_assert_str_eq(fake_print_output(), "a\\\\b\\tc\\001\n");
}
END_TEST

START_TEST(write_takes_pairs_and_unescapes)
{
    char *v;
    size_t len;

    ck_assert_int_eq(run("xenstore-write /a 1 /b x\\ty\\101"), 0);
    ck_assert_str_eq(fake_print_output(), "");
    ck_assert_int_eq(xs_read(h, XBT_NULL, "/b", &v, &len), 0);
    ck_assert_uint_eq(len, 4);
    ck_assert_str_eq(v, "x\tyA");
    free(v);
    ck_assert_int_eq(run("xenstore-write /a"), 1);
    ck_assert_str_eq(fake_print_output(),
                     "xenstore-write: Usage: xenstore-write [-h] [-s] key value [...]\n");
    ck_assert_int_eq(run("xenstore-write bad//path 1"), 1);
    ck_assert_str_eq(fake_print_output(), "xenstore-write: could not write path bad//path\n");
}
END_TEST

START_TEST(rm_exists_and_list)
{
    ck_assert_int_eq(run("xenstore-list /vm/abc"), 0);
    ck_assert_str_eq(fake_print_output(), "name\nimage\nodd\n");
    ck_assert_int_eq(run("xenstore-list -p /vm/abc/image"), 0);
    ck_assert_str_eq(fake_print_output(), "/vm/abc/image/ostype\n");
    ck_assert_int_eq(run("xenstore-exists /vm/abc/image"), 0);
    ck_assert_int_eq(run("xenstore-rm /vm/abc/image"), 0);
    ck_assert_int_eq(run("xenstore-exists /vm/abc/image"), 1);
    ck_assert_str_eq(fake_print_output(), "");
    ck_assert_int_eq(run("xenstore-list /vm/abc/image"), 1);
    ck_assert_str_eq(fake_print_output(), "xenstore-list: could not list path /vm/abc/image\n");
    ck_assert_int_eq(run("xenstore-rm /vm/abc/image/deeper"), 1);
    ck_assert_str_eq(fake_print_output(),
                     "xenstore-rm: could not remove path /vm/abc/image/deeper\n");
}
END_TEST

START_TEST(ls_prints_the_tree_indented_and_cut_at_80_columns)
{
    char longer[100];

    memset(longer, 'v', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    ck_assert_int_eq(xs_write_str(h, "/vm/abc/long", longer), 0);
    ck_assert_int_eq(run("xenstore-ls /vm"), 0);
    ck_assert_str_eq(
        fake_print_output(),
        "abc = \"\"\n"
        " name = \"hello\"\n"
        " image = \"\"\n"
        "  ostype = \"linux\"\n"
        " odd = \"a\\\\b\\tc\\001\"\n"
        " long = \"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\\...\"\n");
    ck_assert_int_eq(run("xenstore-ls -f /vm/abc/image"), 0);
    ck_assert_str_eq(fake_print_output(), "/vm/abc/image/ostype = \"linux\"\n");
    ck_assert_int_eq(run("xenstore-ls /nope"), 1);
    ck_assert_str_eq(fake_print_output(),
                     "xenstore-ls: xs_directory (/nope): No such file or directory\n");
}
END_TEST

START_TEST(bad_options_and_no_daemon)
{
    ck_assert_int_eq(run("xenstore-read"), 1);
    ck_assert_str_eq(fake_print_output(),
                     "xenstore-read: Usage: xenstore-read [-h] [-p] [-s] key [...]\n");
    ck_assert_int_eq(run("xenstore-rm -p /x"), 1);
    ck_assert_str_eq(fake_print_output(),
                     "xenstore-rm: Usage: xenstore-rm [-h] [-s] [-t] key [...]\n");
    xs_set_daemon(NULL);
    ck_assert_int_eq(run("xenstore-read /x"), 1);
    ck_assert_str_eq(fake_print_output(),
                     "xenstore-read: xs_domain_open: No such file or directory\n");
    xs_set_daemon(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xenstore_cli");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, read_prints_values_and_names_a_missing_path);
    tcase_add_test(tc, write_takes_pairs_and_unescapes);
    tcase_add_test(tc, rm_exists_and_list);
    tcase_add_test(tc, ls_prints_the_tree_indented_and_cut_at_80_columns);
    tcase_add_test(tc, bad_options_and_no_daemon);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures ? 1 : 0;
}
