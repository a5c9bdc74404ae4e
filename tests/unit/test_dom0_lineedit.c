/*
 * dom0/lineedit.c on the host: keys in, lines and echo out.  Stories:
 * typing and Enter (CR, LF, CR LF once), Backspace and DEL, Ctrl-U,
 * Ctrl-C, Up/Down through the history with the draft kept, repeats and
 * blank lines not remembered, the history's limit, long lines, and
 * ignored control keys and escape sequences.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "dom0/lineedit.c" /* NOLINT(bugprone-suspicious-include) */

static char screen[4096];
static size_t shown;
static struct lineedit le;

static void echo_to_screen(const char *text, size_t len)
{
    ck_assert_uint_lt(shown + len, sizeof(screen));
    memcpy(screen + shown, text, len);
    shown += len;
    screen[shown] = '\0';
}

static void fresh(void)
{
    shown = 0;
    screen[0] = '\0';
    lineedit_init(&le, echo_to_screen);
}

/* Feeds keys; the last result. */
static enum lineedit_result type(const char *keys)
{
    enum lineedit_result r = LINEEDIT_MORE;

    for (; *keys; keys++)
        r = lineedit_key(&le, *keys);
    return r;
}

START_TEST(typing_and_enter)
{
    fresh();
    ck_assert_int_eq(type("ls /etc"), LINEEDIT_MORE);
    ck_assert_int_eq(type("\r"), LINEEDIT_LINE);
    ck_assert_str_eq(lineedit_text(&le), "ls /etc");
    ck_assert_str_eq(screen, "ls /etc\n");
    ck_assert_int_eq(type("\n"), LINEEDIT_MORE); /* the LF of CR LF */
    ck_assert_int_eq(type("a\n"), LINEEDIT_LINE);
    ck_assert_str_eq(lineedit_text(&le), "a");
    ck_assert_int_eq(type("\n"), LINEEDIT_LINE); /* LF alone: an empty line */
    ck_assert_str_eq(lineedit_text(&le), "");
}
END_TEST

START_TEST(backspace_and_ctrl_u)
{
    fresh();
    ck_assert_int_eq(type("echo abd\x7f"
                          "c\r"),
                     LINEEDIT_LINE);
    ck_assert_str_eq(lineedit_text(&le), "echo abc");
    ck_assert_str_eq(screen, "echo abd\b \bc\n");
    fresh();
    ck_assert_int_eq(type("\b\bx\b\by\r"), LINEEDIT_LINE); /* ^H, and nothing to erase */
    ck_assert_str_eq(lineedit_text(&le), "y");
    ck_assert_str_eq(screen, "x\b \by\n");
    fresh();
    ck_assert_int_eq(type("wrong\x15right\r"), LINEEDIT_LINE);
    ck_assert_str_eq(lineedit_text(&le), "right");
    ck_assert_str_eq(screen, "wrong\b \b\b \b\b \b\b \b\b \bright\n");
}
END_TEST

START_TEST(ctrl_c_abandons_the_line)
{
    fresh();
    ck_assert_int_eq(type("never"), LINEEDIT_MORE);
    ck_assert_int_eq(type("\x03"), LINEEDIT_CANCEL);
    ck_assert_str_eq(screen, "never^C\n");
    ck_assert_int_eq(type("\x1b[A"), LINEEDIT_MORE); /* not in the history */
    ck_assert_int_eq(type("\r"), LINEEDIT_LINE);
    ck_assert_str_eq(lineedit_text(&le), "");
}
END_TEST

START_TEST(history_up_and_down)
{
    fresh();
    type("one\rtwo\rthree\r");
    type("dra");
    type("\x1b[A");
    ck_assert_str_eq(le.line, "three");
    type("\x1bOA\x1b[A"); /* both spellings of Up */
    ck_assert_int_eq(type("\x1b[A"), LINEEDIT_MORE);
    ck_assert_int_eq(type("\r"), LINEEDIT_LINE);
    ck_assert_str_eq(lineedit_text(&le), "one"); /* stops at the oldest */
    type("\x1b[A\x1b[A\x1b[B");                  /* one, three, one: back to "one" */
    ck_assert_int_eq(type("\r"), LINEEDIT_LINE);
    ck_assert_str_eq(lineedit_text(&le), "one");
    type("dra\x1b[A\x1b[B\x1b[B"); /* Down past the newest: the draft again */
    ck_assert_int_eq(type("ft\r"), LINEEDIT_LINE);
    ck_assert_str_eq(lineedit_text(&le), "draft");
}
END_TEST

START_TEST(history_skips_blanks_and_repeats_and_is_bounded)
{
    char line[16];

    fresh();
    type("same\rsame\r\r");
    ck_assert_uint_eq(le.history_count, 1);
    for (int i = 0; i < LINEEDIT_HISTORY + 5; i++) {
        snprintf(line, sizeof(line), "cmd%d\r", i);
        type(line);
    }
    ck_assert_uint_eq(le.history_count, LINEEDIT_HISTORY);
    ck_assert_str_eq(le.history[0], "cmd5"); /* the oldest went first */
    for (int i = 0; i < LINEEDIT_HISTORY + 3; i++)
        type("\x1b[A");
    ck_assert_str_eq(le.line, "cmd5");
}
END_TEST

START_TEST(long_lines_and_other_keys)
{
    fresh();
    for (int i = 0; i < LINEEDIT_MAX + 50; i++)
        type("x");
    ck_assert_int_eq(type("\r"), LINEEDIT_LINE);
    ck_assert_uint_eq(strlen(lineedit_text(&le)), LINEEDIT_MAX - 1);
    fresh();
    /* Tab, ^D, Left/Right, Ctrl-Right (parameters), an 8-bit byte: all ignored. */
    ck_assert_int_eq(type("a\t\x04\x1b[D\x1b[C\x1b[1;5C\xe9"
                          "b\r"),
                     LINEEDIT_LINE);
    ck_assert_str_eq(lineedit_text(&le), "ab");
    ck_assert_str_eq(screen, "ab\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dom0_lineedit");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_test(tc, typing_and_enter);
    tcase_add_test(tc, backspace_and_ctrl_u);
    tcase_add_test(tc, ctrl_c_abandons_the_line);
    tcase_add_test(tc, history_up_and_down);
    tcase_add_test(tc, history_skips_blanks_and_repeats_and_is_bounded);
    tcase_add_test(tc, long_lines_and_other_keys);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
