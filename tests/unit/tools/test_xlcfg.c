/*
 * The xl.cfg parser: good configurations with every key and the defaults,
 * xl.cfg's syntax (quotes, escapes, lists over lines, comments, ';', +=),
 * command-line overrides winning, and each error with xl's message and its
 * file:line.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "common/errno.h"
#include "tests/unit/tools/fake_print.h"
#include "tools/xlcfg.h"

static struct xlcfg cfg;

static int parse_with(const char *text, int n, char *const overrides[])
{
    fake_print_reset();
    return xlcfg_parse(&cfg, "/etc/xen/t.cfg", text, strlen(text), n, overrides);
}

static int parse(const char *text)
{
    return parse_with(text, 0, NULL);
}

START_TEST(full_config)
{
    const char *text = "# a domain\n"
                       "name = \"guest-1\"\n"
                       "type = 'pv'\n"
                       "kernel = \"/boot/hello\"\n"
                       "ramdisk = \"/boot/initrd\"\n"
                       "cmdline = \"console=hvc0 quiet\"\n"
                       "memory = 64\n"
                       "maxmem = 0x80\n"
                       "vcpus = 2\n"
                       "maxvcpus = 4\n"
                       "uuid = \"e858ae57-1b9c-40be-b486-4d678db8fd1e\"\n"
                       "on_poweroff = \"preserve\"\n"
                       "on_reboot = \"rename-restart\"\n"
                       "on_crash = \"restart\"\n";
    static const uint8_t uuid[16] = { 0xe8, 0x58, 0xae, 0x57, 0x1b, 0x9c, 0x40, 0xbe,
                                      0xb4, 0x86, 0x4d, 0x67, 0x8d, 0xb8, 0xfd, 0x1e };

    ck_assert_int_eq(parse(text), 0);
    ck_assert_str_eq(fake_print_output(), "");
    ck_assert_str_eq(cfg.name, "guest-1");
    ck_assert_str_eq(cfg.kernel, "/boot/hello");
    ck_assert_str_eq(cfg.ramdisk, "/boot/initrd");
    ck_assert_str_eq(cfg.cmdline, "console=hvc0 quiet");
    ck_assert_uint_eq(cfg.target_memkb, 64 * 1024);
    ck_assert_uint_eq(cfg.max_memkb, 128 * 1024);
    ck_assert_uint_eq(cfg.vcpus, 2);
    ck_assert_uint_eq(cfg.max_vcpus, 4);
    ck_assert(cfg.has_uuid);
    ck_assert_mem_eq(cfg.uuid, uuid, 16);
    ck_assert_int_eq(cfg.on_poweroff, XLCFG_ACTION_PRESERVE);
    ck_assert_int_eq(cfg.on_reboot, XLCFG_ACTION_RENAME_RESTART);
    ck_assert_int_eq(cfg.on_crash, XLCFG_ACTION_RESTART);
    ck_assert_str_eq(xlcfg_action_name(cfg.on_reboot), "rename-restart");
}
END_TEST

START_TEST(defaults_are_xls)
{
    ck_assert_int_eq(parse("name='a'\n"), 0);
    ck_assert_uint_eq(cfg.target_memkb, 32 * 1024);
    ck_assert_uint_eq(cfg.max_memkb, 32 * 1024);
    ck_assert_uint_eq(cfg.vcpus, 1);
    ck_assert_uint_eq(cfg.max_vcpus, 1);
    ck_assert(!cfg.has_uuid);
    ck_assert_int_eq(cfg.on_poweroff, XLCFG_ACTION_DESTROY);
    ck_assert_int_eq(cfg.on_reboot, XLCFG_ACTION_RESTART);
    ck_assert_int_eq(cfg.on_crash, XLCFG_ACTION_DESTROY);
    ck_assert_int_eq(cfg.on_watchdog, XLCFG_ACTION_DESTROY);
    ck_assert_int_eq(cfg.on_soft_reset, XLCFG_ACTION_SOFT_RESET);
    ck_assert_str_eq(cfg.kernel, "");
    ck_assert_str_eq(cfg.cmdline, "");

    /* maxmem alone sets memory too; vcpus alone sets maxvcpus */
    ck_assert_int_eq(parse("name='a'\nmaxmem=100\nvcpus=3\n"), 0);
    ck_assert_uint_eq(cfg.target_memkb, 100 * 1024);
    ck_assert_uint_eq(cfg.max_vcpus, 3);
}
END_TEST

START_TEST(syntax_variants)
{
    const char *text = "name='x'; memory=010 # octal, as strtol base 0\n"
                       "\n"
                       "  # indented comment\n"
                       "disk = [ 'a',\n"
                       "         'b', [ 'nested' ],\n"
                       "       ]\n"
                       "extra = \"tab\\there \\\"q\\\" \\x41\\101\\\\\"\n"
                       "extra += ' more'\n"
                       "vif = []\n";

    ck_assert_int_eq(parse(text), 0);
    ck_assert_uint_eq(cfg.target_memkb, 8 * 1024);
    ck_assert_str_eq(cfg.cmdline, "tab\there \"q\" AA\\ more");
    ck_assert_str_eq(fake_print_output(),
                     "/etc/xen/t.cfg:4: warning: unknown parameter `disk' ignored\n"
                     "/etc/xen/t.cfg:9: warning: unknown parameter `vif' ignored\n");
}
END_TEST

START_TEST(last_assignment_and_overrides_win)
{
    char *over[] = { "memory=96", "name=\"other\"" };

    ck_assert_int_eq(parse("name='a'\nmemory=16\nmemory=48\n"), 0);
    ck_assert_uint_eq(cfg.target_memkb, 48 * 1024);

    ck_assert_int_eq(parse_with("name='a'\nmemory=16\n", 2, over), 0);
    ck_assert_str_eq(cfg.name, "other");
    ck_assert_uint_eq(cfg.target_memkb, 96 * 1024);

    /* With overrides, a last line without newline is fine (xl adds one). */
    ck_assert_int_eq(parse_with("name='a'\nmemory=16", 1, over), 0);
    ck_assert_uint_eq(cfg.target_memkb, 96 * 1024);
}
END_TEST

START_TEST(override_errors_name_lines_after_the_file)
{
    char *over[] = { "vcpus=2", "memory=12M" };

    ck_assert_int_eq(parse_with("name='a'\n", 2, over), -EINVAL);
    ck_assert_str_eq(fake_print_output(),
                     "/etc/xen/t.cfg:4: config parsing error near `M': syntax error, "
                     "unexpected IDENT, expecting NEWLINE or ';'\n"
                     "Failed to parse config: Invalid argument\n");
}
END_TEST

START_TEST(cmdline_from_root_and_extra)
{
    ck_assert_int_eq(parse("name='a'\nroot='/dev/xvda1 ro'\nextra='quiet'\n"), 0);
    ck_assert_str_eq(cfg.cmdline, "root=/dev/xvda1 ro quiet");
    ck_assert_int_eq(parse("name='a'\nroot='/dev/xvda1'\n"), 0);
    ck_assert_str_eq(cfg.cmdline, "root=/dev/xvda1");
    ck_assert_int_eq(parse("name='a'\ncmdline='c'\nextra='quiet'\n"), 0);
    ck_assert_str_eq(cfg.cmdline, "c");
    ck_assert_str_eq(fake_print_output(),
                     "Warning: ignoring root= and extra= in favour of cmdline=\n");
}
END_TEST

/* One bad configuration: the result and everything printed. */
struct bad_case {
    const char *text;
    const char *output;
};

static const struct bad_case bad_cases[] = {
    { "name='a'\nmemory=32",
      "/etc/xen/t.cfg:2: config parsing error near : syntax error, unexpected $end, "
      "expecting NEWLINE or ';'\nFailed to parse config: Invalid argument\n" },
    { "name 'a'\n",
      "/etc/xen/t.cfg:1: config parsing error near `'a'': syntax error, unexpected STRING, "
      "expecting \"+=\" or '='\nFailed to parse config: Invalid argument\n" },
    { "name=\n",
      "/etc/xen/t.cfg:1: config parsing error near <newline>: syntax error, unexpected "
      "NEWLINE, expecting STRING or NUMBER or '['\nFailed to parse config: Invalid argument\n" },
    { "= 3\nname='a'\n7\n",
      "/etc/xen/t.cfg:1: config parsing error near `=': syntax error, unexpected '=', "
      "expecting $end or IDENT or NEWLINE or ';'\n"
      "/etc/xen/t.cfg:3: config parsing error near `7': syntax error, unexpected NUMBER, "
      "expecting $end or IDENT or NEWLINE or ';'\nFailed to parse config: Invalid argument\n" },
    { "name='a\n", "/etc/xen/t.cfg:1: config parsing error near `'a': lexical error\n"
                   "Failed to parse config: Invalid argument\n" },
    { "name='a'\nmemory=32 % 2\n",
      "/etc/xen/t.cfg:2: config parsing error near `%': lexical error\n"
      "Failed to parse config: Invalid argument\n" },
    { "disk=['a' 'b']\n",
      "/etc/xen/t.cfg:1: config parsing error near `'b'': syntax error, unexpected STRING, "
      "expecting NEWLINE or ']' or ','\nFailed to parse config: Invalid argument\n" },
    { "disk=[=]\n",
      "/etc/xen/t.cfg:1: config parsing error near `=': syntax error, unexpected '='\n"
      "Failed to parse config: Invalid argument\n" },
    { "name='a\\q'\n",
      "/etc/xen/t.cfg:1: config parsing error near `'a\\q'': invalid escape after backslash "
      "in quoted string\nFailed to parse config: Invalid argument\n" },
    { "name='a'\nname+=['b']\n",
      "/etc/xen/t.cfg:2: config parsing error near <newline>: can't add [list] to \"string\" "
      "or vice versa\nFailed to parse config: Invalid argument\n" },
    { "memory=32\n", "Domain name must be specified.\n" },
    { "name=['a']\n",
      "/etc/xen/t.cfg:1: warning: parameter `name' is a list but should be a single value\n"
      "Domain name must be specified.\n" },
    { "name='a'\ntype='hvm'\n",
      "Domain type hvm is not supported: this toolstack builds PV domains only.\n" },
    { "name='a'\ntype='xen'\n", "Invalid domain type xen.\n" },
    { "name='a'\nuuid='e858ae57-1b9c-40be-b486-4d678db8fd1'\n",
      "Failed to parse UUID: e858ae57-1b9c-40be-b486-4d678db8fd1\n" },
    { "name='a'\nmemory='lots'\n",
      "/etc/xen/t.cfg:2: warning: parameter `memory' is not a valid number\n" },
    { "name='a'\nmemory=99999999999999999999\n",
      "/etc/xen/t.cfg:2: warning: parameter `memory' could not be parsed as a number: "
      "Numerical result out of range\n" },
    { "name='a'\nvcpus=0\n",
      "/etc/xen/t.cfg:2: warning: value `0' is smaller than minimum bound '1'\n" },
    { "name='a'\nmaxvcpus=129\n",
      "/etc/xen/t.cfg:2: warning: value `129' is greater than maximum bound '128'\n" },
    { "name='a'\nmemory=1\nmemory+=2\n",
      "/etc/xen/t.cfg:3: warning: can't use += with numbers for parameter `memory'\n" },
    { "name='a'\nvcpus=4\nmaxvcpus=2\n", "xl: maxvcpus < vcpus\n" },
    { "name='a'\nmemory=64\nmaxmem=32\n", "xl: memory (64 MiB) is larger than maxmem (32 MiB)\n" },
    { "name='a'\non_crash='reboot'\n", "Unknown on_crash action \"reboot\" specified\n" },
    { "name='a'\non_poweroff=1\n", "Unknown on_poweroff action \"1\" specified\n" },
    { "name='0123456789012345678901234567890123456789012345678901234567890123'\n",
      "/etc/xen/t.cfg:1: warning: parameter `name' is longer than 63 bytes\n" },
};

START_TEST(bad_configs_are_refused_with_xls_messages)
{
    const struct bad_case *c = &bad_cases[_i];

    ck_assert_int_eq(parse(c->text), -EINVAL);
    ck_assert_str_eq(fake_print_output(), c->output);
}
END_TEST

START_TEST(too_many_settings_is_an_error)
{
    static char text[200 * 8];
    char *p = text;

    for (int i = 0; i < 200; i++)
        p += sprintf(p, "k%d=1\n", i % 1000);
    ck_assert_int_eq(parse(text), -ENOMEM);
    ck_assert_ptr_nonnull(strstr(fake_print_output(), "configuration too large"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xlcfg");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_test(tc, full_config);
    tcase_add_test(tc, defaults_are_xls);
    tcase_add_test(tc, syntax_variants);
    tcase_add_test(tc, last_assignment_and_overrides_win);
    tcase_add_test(tc, override_errors_name_lines_after_the_file);
    tcase_add_test(tc, cmdline_from_root_and_extra);
    tcase_add_loop_test(tc, bad_configs_are_refused_with_xls_messages, 0,
                        sizeof(bad_cases) / sizeof(bad_cases[0]));
    tcase_add_test(tc, too_many_settings_is_an_error);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
