/*
 * The hypervisor console (xen/printk.c): the "(XEN) " prefix on every line,
 * log levels, guests' output prefixed by domain, panic and boot_fatal.
 */
#include <check.h>

#include "tests/unit/fake_arch.h"
#include "xen/printk.h"

static void setup(void)
{
    fake_console_reset();
}

START_TEST(test_every_line_gets_the_prefix)
{
    printk("one\ntwo\n");
    printk("three, ");
    printk("continued %d\n", 4);
    ck_assert_str_eq(fake_console, "(XEN) one\n(XEN) two\n(XEN) three, continued 4\n");
}
END_TEST

START_TEST(test_levels_filter_messages)
{
    printk(LOG_DEBUG "hidden\n");
    printk(LOG_INFO "info\n");
    ck_assert_str_eq(fake_console, "(XEN) info\n");
    ck_assert_int_eq(console_set_level("warning"), 0);
    fake_console_reset();
    printk(LOG_INFO "dropped\n");
    printk(LOG_WARN "warned\n");
    printk(LOG_ERR "failed\n");
    printk("plain is info\n");
    ck_assert_str_eq(fake_console, "(XEN) warned\n(XEN) failed\n");
    ck_assert_int_eq(console_set_level("all"), 0);
    printk(LOG_DEBUG "debug\n");
    ck_assert_ptr_nonnull(strstr(fake_console, "(XEN) debug\n"));
    ck_assert_int_eq(console_set_level("none"), 0);
    fake_console_reset();
    printk(LOG_ERR "silence\n");
    ck_assert_str_eq(fake_console, "");
    ck_assert_int_eq(console_set_level("loud"), -EINVAL);
    ck_assert_int_eq(console_set_level(""), -EINVAL);
}
END_TEST

START_TEST(test_long_messages_are_cut)
{
    char text[700];

    memset(text, 'x', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    printk("%s", text);
    ck_assert_uint_eq(fake_console_len, 6 + 511);
}
END_TEST

START_TEST(test_guest_lines_carry_their_domain)
{
    console_write_guest(3, "hello\nwor", 9);
    console_write_guest(3, "ld\n", 3);
    ck_assert_str_eq(fake_console, "(d3) hello\n(d3) world\n");
}
END_TEST

START_TEST(test_guest_control_characters_are_dropped)
{
    console_write_guest(2, "a\033[31mb\tc\r\x7f\n", 13);
    ck_assert_str_eq(fake_console, "(d2) a[31mb\tc\n");
}
END_TEST

START_TEST(test_another_writer_ends_an_unfinished_line)
{
    console_write_guest(1, "half", 4);
    console_write_guest(2, "other\n", 6);
    console_write_guest(1, "rest\n", 5);
    ck_assert_str_eq(fake_console, "(d1) half\n(d2) other\n(d1) rest\n");
}
END_TEST

START_TEST(test_the_hypervisor_starts_a_line_after_an_unfinished_guest_line)
{
    console_write_guest(1, "half", 4);
    printk("note\n");
    console_write_guest(1, "rest\n", 5);
    ck_assert_str_eq(fake_console, "(d1) half\n(XEN) note\n(d1) rest\n");
}
END_TEST

START_TEST(test_a_guest_starts_a_line_after_an_unfinished_hypervisor_line)
{
    printk("partial");
    console_write_guest(2, "x\n", 2);
    console_write_guest(1, "half", 4);
    console_write_raw("dom0\n", 5);
    ck_assert_str_eq(fake_console, "(XEN) partial\n(d2) x\n(d1) half\ndom0\n");
}
END_TEST

START_TEST(test_dom0_writes_raw)
{
    console_write_raw("[    0.000000] Linux", 20);
    printk("after\n");
    console_write_raw("line\n", 5);
    printk("next\n");
    console_write_raw("", 0);
    ck_assert_str_eq(fake_console, "[    0.000000] Linuxafter\nline\n(XEN) next\n");
}
END_TEST

START_TEST(test_panic_ends_the_machine)
{
    ck_assert_int_eq(FAKE_EXPECT_EXIT(panic("broken %s", "thing")), MACHINE_PANIC);
    ck_assert_ptr_nonnull(strstr(fake_console, "(XEN) Panic: broken thing\n"));
    ck_assert_ptr_nonnull(strstr(fake_console, "System halted.\n"));
    fake_console_reset();
    ck_assert_int_eq(FAKE_EXPECT_EXIT(BUG_ON(1 + 1 == 2)), MACHINE_PANIC);
    ck_assert_ptr_nonnull(strstr(fake_console, "BUG at tests/unit/test_printk.c:"));
    ck_assert_ptr_nonnull(strstr(fake_console, ": 1 + 1 == 2\n"));
}
END_TEST

START_TEST(test_panic_is_shown_at_any_level)
{
    ck_assert_int_eq(console_set_level("none"), 0);
    ck_assert_int_eq(FAKE_EXPECT_EXIT(panic("quiet %d", 1)), MACHINE_PANIC);
    ck_assert_ptr_nonnull(strstr(fake_console, "(XEN) Panic: quiet 1\n"));
    ck_assert_ptr_nonnull(strstr(fake_console, "(XEN) System halted.\n"));
    fake_console_reset();
    ck_assert_int_eq(console_set_level("error"), 0);
    ck_assert_int_eq(FAKE_EXPECT_EXIT(panic("errors only")), MACHINE_PANIC);
    ck_assert_ptr_nonnull(strstr(fake_console, "(XEN) Panic: errors only\n"));
}
END_TEST

START_TEST(test_boot_fatal_is_a_bad_boot)
{
    ck_assert_int_eq(FAKE_EXPECT_EXIT(boot_fatal("no %s", "kernel")), MACHINE_BAD_BOOT);
    ck_assert_str_eq(fake_console, "(XEN) Fatal: no kernel\n(XEN) System halted.\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("printk");
    TCase *tc = tcase_create("console");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_every_line_gets_the_prefix);
    tcase_add_test(tc, test_levels_filter_messages);
    tcase_add_test(tc, test_long_messages_are_cut);
    tcase_add_test(tc, test_guest_lines_carry_their_domain);
    tcase_add_test(tc, test_guest_control_characters_are_dropped);
    tcase_add_test(tc, test_another_writer_ends_an_unfinished_line);
    tcase_add_test(tc, test_the_hypervisor_starts_a_line_after_an_unfinished_guest_line);
    tcase_add_test(tc, test_a_guest_starts_a_line_after_an_unfinished_hypervisor_line);
    tcase_add_test(tc, test_dom0_writes_raw);
    tcase_add_test(tc, test_panic_ends_the_machine);
    tcase_add_test(tc, test_panic_is_shown_at_any_level);
    tcase_add_test(tc, test_boot_fatal_is_a_bad_boot);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
