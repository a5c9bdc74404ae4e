/*
 * cmdline_parse: every boolean spelling, numbers and sizes with their
 * limits, strings, and that a bad token is reported and skipped without
 * disturbing the rest of the line.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/cmdline.h"

static bool opt_flag;
static bool opt_other;
static uint64_t opt_count;
static uint64_t opt_mem;
static char opt_console[8];

static const struct cmdline_option opts[] = {
    { "flag", CMDLINE_BOOL, &opt_flag, 0 },
    { "other_flag", CMDLINE_BOOL, &opt_other, 0 },
    { "count", CMDLINE_UINT, &opt_count, 0 },
    { "dom0_mem", CMDLINE_SIZE, &opt_mem, 0 },
    { "console", CMDLINE_STRING, opt_console, sizeof(opt_console) },
};
#define NR_OPTS (sizeof(opts) / sizeof(opts[0]))

/* What report() was told, most recent last. */
static struct {
    unsigned calls;
    char token[128];
    char problem[128];
} seen;

static void record(void *ctx, const char *token, const char *problem)
{
    ck_assert_ptr_eq(ctx, &seen);
    seen.calls++;
    strncpy(seen.token, token, sizeof(seen.token) - 1);
    strncpy(seen.problem, problem, sizeof(seen.problem) - 1);
}

static void reset(void)
{
    opt_flag = false;
    opt_other = true;
    opt_count = 1234;
    opt_mem = 5678;
    strcpy(opt_console, "old");
    memset(&seen, 0, sizeof(seen));
}

static int parse(const char *line)
{
    return cmdline_parse(line, opts, NR_OPTS, record, &seen);
}

/* The line must produce exactly one problem, for this token. */
static void expect_one_problem(const char *line, const char *token)
{
    ck_assert_int_eq(parse(line), 1);
    ck_assert_uint_eq(seen.calls, 1);
    ck_assert_str_eq(seen.token, token);
    ck_assert_str_ne(seen.problem, "");
}

START_TEST(bare_boolean_sets_true)
{
    reset();
    ck_assert_int_eq(parse("flag"), 0);
    ck_assert(opt_flag);
    ck_assert_uint_eq(seen.calls, 0);
}
END_TEST

START_TEST(no_prefix_sets_false)
{
    reset();
    ck_assert_int_eq(parse("no-other_flag"), 0);
    ck_assert(!opt_other);
    reset();
    ck_assert_int_eq(parse("no-other-flag"), 0);
    ck_assert(!opt_other);
}
END_TEST

START_TEST(boolean_spellings)
{
    static const char *const truths[] = {
        "yes", "on", "true", "1", "enable", "YES", "On", "TRUE",
    };
    static const char *const falsehoods[] = {
        "no", "off", "false", "0", "disable", "NO", "Off", "False",
    };
    char line[64];

    for (size_t i = 0; i < sizeof(truths) / sizeof(truths[0]); i++) {
        reset();
        snprintf(line, sizeof(line), "flag=%s", truths[i]);
        ck_assert_int_eq(parse(line), 0);
        ck_assert_msg(opt_flag, "%s", line);
    }
    for (size_t i = 0; i < sizeof(falsehoods) / sizeof(falsehoods[0]); i++) {
        reset();
        opt_flag = true;
        snprintf(line, sizeof(line), "flag=%s", falsehoods[i]);
        ck_assert_int_eq(parse(line), 0);
        ck_assert_msg(!opt_flag, "%s", line);
    }
}
END_TEST

START_TEST(malformed_booleans_are_reported)
{
    reset();
    expect_one_problem("flag=maybe", "flag=maybe");
    ck_assert(!opt_flag);
    reset();
    expect_one_problem("flag=", "flag=");
    reset();
    expect_one_problem("flag=yess", "flag=yess");
    reset();
    expect_one_problem("flag=2", "flag=2");
    reset();
    expect_one_problem("no-flag=1", "no-flag=1");
    reset();
    expect_one_problem("no-count", "no-count");
    ck_assert_uint_eq(opt_count, 1234);
}
END_TEST

START_TEST(unsigned_numbers)
{
    reset();
    ck_assert_int_eq(parse("count=0"), 0);
    ck_assert_uint_eq(opt_count, 0);
    ck_assert_int_eq(parse("count=42"), 0);
    ck_assert_uint_eq(opt_count, 42);
    ck_assert_int_eq(parse("count=0x1F"), 0);
    ck_assert_uint_eq(opt_count, 31);
    ck_assert_int_eq(parse("count=18446744073709551615"), 0);
    ck_assert_uint_eq(opt_count, UINT64_MAX);
    ck_assert_int_eq(parse("count=0xffffffffffffffff"), 0);
    ck_assert_uint_eq(opt_count, UINT64_MAX);
}
END_TEST

START_TEST(bad_numbers_are_reported)
{
    reset();
    expect_one_problem("count=18446744073709551616", "count=18446744073709551616");
    ck_assert_uint_eq(opt_count, 1234);
    ck_assert_str_eq(seen.problem, "number too large");
    reset();
    expect_one_problem("count=0x10000000000000000", "count=0x10000000000000000");
    reset();
    expect_one_problem("count=12abc", "count=12abc");
    ck_assert_str_eq(seen.problem, "not a number");
    reset();
    expect_one_problem("count=-1", "count=-1");
    reset();
    expect_one_problem("count=0x", "count=0x");
    reset();
    expect_one_problem("count", "count");
    ck_assert_str_eq(seen.problem, "option needs a value");
    reset();
    expect_one_problem("count=", "count=");
    ck_assert_str_eq(seen.problem, "option needs a value");
    ck_assert_uint_eq(opt_count, 1234);
}
END_TEST

START_TEST(sizes_with_suffixes)
{
    static const struct {
        const char *line;
        uint64_t bytes;
    } cases[] = {
        { "dom0_mem=512M", 512ull << 20 },
        { "dom0_mem=1G", 1ull << 30 },
        { "dom0_mem=1g", 1ull << 30 },
        { "dom0_mem=4096", 4096 },
        { "dom0_mem=0x1000", 0x1000 },
        { "dom0_mem=0x10M", 16ull << 20 },
        { "dom0_mem=64k", 64ull << 10 },
        { "dom0_mem=2T", 2ull << 40 },
        { "dom0_mem=0", 0 },
        { "dom0_mem=16777215T", 16777215ull << 40 },
        { "dom0-mem=3K", 3ull << 10 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        ck_assert_int_eq(parse(cases[i].line), 0);
        ck_assert_msg(opt_mem == cases[i].bytes, "%s gave %llu", cases[i].line,
                      (unsigned long long)opt_mem);
    }
}
END_TEST

START_TEST(bad_sizes_are_reported)
{
    static const char *const lines[] = {
        "dom0_mem=16777216T", /* 2^64 */
        "dom0_mem=99999999999999999999",
        "dom0_mem=0x20000000000000000",
        "dom0_mem=1X",
        "dom0_mem=1MB",
        "dom0_mem=M",
        "dom0_mem=",
        "dom0_mem",
    };

    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        reset();
        ck_assert_msg(parse(lines[i]) >= 1, "%s", lines[i]);
        ck_assert_uint_eq(opt_mem, 5678);
    }
    reset();
    expect_one_problem("dom0_mem=16777216T", "dom0_mem=16777216T");
    ck_assert_str_eq(seen.problem, "size too large");
    /* A space ends the token: the suffix becomes an option of its own. */
    reset();
    expect_one_problem("dom0_mem=1 M", "M");
    ck_assert_uint_eq(opt_mem, 1);
}
END_TEST

START_TEST(strings)
{
    reset();
    ck_assert_int_eq(parse("console=com1"), 0);
    ck_assert_str_eq(opt_console, "com1");
    /* Seven characters plus the NUL fill the buffer exactly. */
    ck_assert_int_eq(parse("console=1234567"), 0);
    ck_assert_str_eq(opt_console, "1234567");
    ck_assert_int_eq(parse("console="), 0);
    ck_assert_str_eq(opt_console, "");
    /* Only the first '=' splits. */
    ck_assert_int_eq(parse("console=a=b"), 0);
    ck_assert_str_eq(opt_console, "a=b");
}
END_TEST

START_TEST(string_too_long_is_reported)
{
    reset();
    expect_one_problem("console=12345678", "console=12345678");
    ck_assert_str_eq(seen.problem, "value too long");
    ck_assert_str_eq(opt_console, "old");
    reset();
    expect_one_problem("console", "console");
}
END_TEST

START_TEST(unknown_options_are_reported)
{
    reset();
    expect_one_problem("bogus", "bogus");
    ck_assert_str_eq(seen.problem, "unknown option");
    reset();
    expect_one_problem("bogus=1", "bogus=1");
    reset();
    expect_one_problem("no-bogus", "no-bogus");
    reset();
    expect_one_problem("=5", "=5");
    reset();
    expect_one_problem("flagx", "flagx");
    reset();
    expect_one_problem("fla", "fla");
    ck_assert(!opt_flag);
}
END_TEST

START_TEST(empty_and_blank_lines)
{
    reset();
    ck_assert_int_eq(parse(""), 0);
    ck_assert_int_eq(parse("   \t  "), 0);
    ck_assert_int_eq(cmdline_parse(NULL, opts, NR_OPTS, record, &seen), 0);
    ck_assert_uint_eq(seen.calls, 0);
    ck_assert(!opt_flag);
    ck_assert_uint_eq(opt_count, 1234);
}
END_TEST

START_TEST(any_mix_of_spaces_and_tabs)
{
    reset();
    ck_assert_int_eq(parse("  \t flag\t\t count=7   \tdom0_mem=1M  console=vga\t"), 0);
    ck_assert(opt_flag);
    ck_assert_uint_eq(opt_count, 7);
    ck_assert_uint_eq(opt_mem, 1ull << 20);
    ck_assert_str_eq(opt_console, "vga");
}
END_TEST

START_TEST(last_occurrence_wins)
{
    reset();
    ck_assert_int_eq(parse("count=1 flag count=2 no-flag count=3"), 0);
    ck_assert_uint_eq(opt_count, 3);
    ck_assert(!opt_flag);
    /* A bad later occurrence does not undo a good earlier one. */
    ck_assert_int_eq(parse("count=9 count=junk"), 1);
    ck_assert_uint_eq(opt_count, 9);
}
END_TEST

START_TEST(parsing_continues_after_problems)
{
    reset();
    ck_assert_int_eq(
        parse("bogus count=5 flag=maybe console=toolongvalue dom0_mem=2G no-other_flag"), 3);
    ck_assert_uint_eq(seen.calls, 3);
    ck_assert_uint_eq(opt_count, 5);
    ck_assert_uint_eq(opt_mem, 2ull << 30);
    ck_assert(!opt_other);
    ck_assert_str_eq(seen.token, "console=toolongvalue");
}
END_TEST

START_TEST(report_may_be_null)
{
    reset();
    ck_assert_int_eq(cmdline_parse("bogus flag count=x", opts, NR_OPTS, NULL, NULL), 2);
    ck_assert(opt_flag);
}
END_TEST

START_TEST(long_tokens_are_cut_short_in_reports)
{
    char line[400];

    reset();
    memset(line, 'z', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    ck_assert_int_eq(parse(line), 1);
    ck_assert_uint_le(strlen(seen.token), 100);
    ck_assert_str_eq(seen.token + strlen(seen.token) - 3, "...");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cmdline");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_test(tc, bare_boolean_sets_true);
    tcase_add_test(tc, no_prefix_sets_false);
    tcase_add_test(tc, boolean_spellings);
    tcase_add_test(tc, malformed_booleans_are_reported);
    tcase_add_test(tc, unsigned_numbers);
    tcase_add_test(tc, bad_numbers_are_reported);
    tcase_add_test(tc, sizes_with_suffixes);
    tcase_add_test(tc, bad_sizes_are_reported);
    tcase_add_test(tc, strings);
    tcase_add_test(tc, string_too_long_is_reported);
    tcase_add_test(tc, unknown_options_are_reported);
    tcase_add_test(tc, empty_and_blank_lines);
    tcase_add_test(tc, any_mix_of_spaces_and_tabs);
    tcase_add_test(tc, last_occurrence_wins);
    tcase_add_test(tc, parsing_continues_after_problems);
    tcase_add_test(tc, report_may_be_null);
    tcase_add_test(tc, long_tokens_are_cut_short_in_reports);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
