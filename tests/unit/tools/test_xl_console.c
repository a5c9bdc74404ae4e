/*
 * xl console against the simulated host and a fake console backend: the
 * domain named is attached, a console that does not exist fails as xl's
 * does, and when the console closes because a domain xl created has
 * powered off, its on_poweroff "destroy" is carried out (xl's monitoring
 * process's part) and nothing else is.
 */
#include <check.h>
#include <string.h>

#include "common/errno.h"
#include "public/sched.h"
#include "tests/unit/tools/fake_print.h"
#include "tests/unit/tools/fake_xc.h"
#include "tests/unit/tools/xl_fixture.h"
#include "tools/console_attach.h"
#include "tools/xl.h"
#include "tools/xl_create.h"

#define OUT fake_print_output()

static int attach_answer;
static uint32_t attached_to;
static unsigned attaches;
static bool power_off_while_attached;

static int fake_attach(uint32_t domid)
{
    attaches++;
    attached_to = domid;
    if (power_off_while_attached && domid < FIX_DOMAINS_MAX)
        fix_domains[domid].info.flags =
            XEN_DOMINF_shutdown | (SHUTDOWN_poweroff << XEN_DOMINF_shutdownshift);
    return attach_answer;
}

static const struct console_backend backend = { fake_attach, NULL };
static struct xlcfg cfg;

static void setup(void)
{
    fix_setup();
    console_backend_set(&backend);
    attach_answer = 0;
    attached_to = 0;
    attaches = 0;
    power_off_while_attached = false;
    memset(&cfg, 0, sizeof(cfg));
    strcpy(cfg.name, "ref");
    cfg.on_poweroff = XLCFG_ACTION_DESTROY;
}

static void teardown(void)
{
    console_backend_set(NULL);
    xl_create_forget(1);
}

START_TEST(the_named_domain_is_attached_and_detaching_leaves_it)
{
    xl_created_add(1, &cfg);
    ck_assert_int_eq(fix_xl("console", "ref", NULL), 0);
    ck_assert_str_eq(OUT, "");
    ck_assert_uint_eq(attaches, 1);
    ck_assert_uint_eq(attached_to, 1);
    ck_assert(fix_domains[1].exists);
    ck_assert_int_eq(fix_xl("console", "-t", "pv", "-n", "0", "1", NULL), 0);
    ck_assert_uint_eq(attaches, 2);
}
END_TEST

START_TEST(a_created_domain_that_powers_off_is_destroyed_as_configured)
{
    xl_created_add(1, &cfg);
    power_off_while_attached = true;
    ck_assert_int_eq(fix_xl("console", "ref", NULL), 0);
    ck_assert_str_eq(OUT, "");
    ck_assert(!fix_domains[1].exists);
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_DOMCTL, XEN_DOMCTL_destroydomain), 1);
}
END_TEST

START_TEST(preserve_or_a_domain_xl_did_not_create_stays)
{
    cfg.on_poweroff = XLCFG_ACTION_PRESERVE;
    xl_created_add(1, &cfg);
    power_off_while_attached = true;
    ck_assert_int_eq(fix_xl("console", "ref", NULL), 0);
    ck_assert(fix_domains[1].exists);
    xl_create_forget(1);
    ck_assert_int_eq(fix_xl("console", "ref", NULL), 0);
    ck_assert(fix_domains[1].exists);
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_DOMCTL, XEN_DOMCTL_destroydomain), 0);
}
END_TEST

START_TEST(consoles_that_do_not_exist_fail_as_xl)
{
    attach_answer = -ENOENT;
    ck_assert_int_eq(fix_xl("console", "ref", NULL), 1);
    ck_assert_str_eq(OUT, "Unable to attach console\n");
    attach_answer = 0;
    ck_assert_int_eq(fix_xl("console", "-t", "serial", "ref", NULL), 1);
    ck_assert_str_eq(OUT, "Unable to attach console\n");
    ck_assert_int_eq(fix_xl("console", "-n", "1", "ref", NULL), 1);
    ck_assert_str_eq(OUT, "Unable to attach console\n");
    ck_assert_int_eq(fix_xl("console", "-t", "tty", "ref", NULL), 1);
    ck_assert_str_eq(OUT, "console type supported are: pv, serial, vuart\n");
    ck_assert_int_eq(fix_xl("console", "nosuch", NULL), 1);
    ck_assert_str_eq(OUT, "nosuch is an invalid domain identifier (rc=-6)\n");
    ck_assert_uint_eq(attaches, 1); /* only the first: the others fail before */
    console_backend_set(NULL);
    ck_assert_int_eq(fix_xl("console", "ref", NULL), 1);
    ck_assert_str_eq(OUT, "xl: dom0 has no console backend\nUnable to attach console\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xl_console");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, the_named_domain_is_attached_and_detaching_leaves_it);
    tcase_add_test(tc, a_created_domain_that_powers_off_is_destroyed_as_configured);
    tcase_add_test(tc, preserve_or_a_domain_xl_did_not_create_stays);
    tcase_add_test(tc, consoles_that_do_not_exist_fail_as_xl);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures ? 1 : 0;
}
