/*
 * The toolstack's shared fakes: the control seam answers what a test set
 * (callback or canned reply, -ENOSYS otherwise) and logs every call in
 * order; tools_printf lands in a buffer.
 */
#include <check.h>
#include <string.h>

#include "common/errno.h"
#include "tests/unit/tools/fake_print.h"
#include "tests/unit/tools/fake_xc.h"
#include "tools/print.h"

static long pause_answer(struct xen_domctl *op, void *ctx)
{
    (*(int *)ctx)++;
    return op->domain == 7 ? 0 : -ESRCH;
}

START_TEST(unset_commands_answer_enosys)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_pausedomain, .domain = 1 };
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_physinfo };

    fake_xc_reset();
    ck_assert_int_eq(xc_domctl(&d), -ENOSYS);
    ck_assert_int_eq(xc_sysctl(&s), -ENOSYS);
    ck_assert_int_eq(xc_memory_op(0, NULL), -ENOSYS);
    ck_assert_uint_eq(d.interface_version, XEN_DOMCTL_INTERFACE_VERSION);
    ck_assert_uint_eq(s.interface_version, XEN_SYSCTL_INTERFACE_VERSION);
}
END_TEST

START_TEST(callbacks_and_replies_answer_and_calls_are_logged)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_pausedomain, .domain = 7 };
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_sched_id };
    struct xen_sysctl_sched_id id = { .sched_id = 9 };
    int calls = 0;

    fake_xc_reset();
    fake_xc_on_domctl(XEN_DOMCTL_pausedomain, pause_answer, &calls);
    fake_xc_reply_sysctl(XEN_SYSCTL_sched_id, 0, &id, sizeof(id));
    ck_assert_int_eq(xc_domctl(&d), 0);
    d.domain = 8;
    ck_assert_int_eq(xc_domctl(&d), -ESRCH);
    ck_assert_int_eq(xc_sysctl(&s), 0);
    ck_assert_uint_eq(s.u.sched_id.sched_id, 9);
    ck_assert_int_eq(calls, 2);

    ck_assert_uint_eq(fake_xc_call_count(), 3);
    ck_assert_int_eq(fake_xc_call(0)->kind, FAKE_XC_DOMCTL);
    ck_assert_uint_eq(fake_xc_call(0)->domain, 7);
    ck_assert_int_eq(fake_xc_call(1)->rc, -ESRCH);
    ck_assert_int_eq(fake_xc_call(2)->kind, FAKE_XC_SYSCTL);
    ck_assert_uint_eq(fake_xc_call(2)->op.sysctl.u.sched_id.sched_id, 0); /* as passed in */
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_DOMCTL, XEN_DOMCTL_pausedomain), 2);
    ck_assert_ptr_null(fake_xc_call(3));
}
END_TEST

START_TEST(printing_is_captured)
{
    fake_print_reset();
    tools_printf("%s\t%5d\n", "Domain-0", 0);
    tools_printf("x");
    ck_assert_str_eq(fake_print_output(), "Domain-0\t    0\nx");
    ck_assert_uint_eq(fake_print_length(), 16);
    fake_print_reset();
    ck_assert_str_eq(fake_print_output(), "");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tools_fakes");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_test(tc, unset_commands_answer_enosys);
    tcase_add_test(tc, callbacks_and_replies_answer_and_calls_are_logged);
    tcase_add_test(tc, printing_is_captured);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
