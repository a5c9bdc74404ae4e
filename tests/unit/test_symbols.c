/*
 * Symbol lookup (xen/symbols.c) over the fake arch's table
 * (tests/unit/fake_symbols.c): three functions in a 256-byte text.
 */
#include <check.h>

#include "tests/unit/fake_arch.h"
#include "xen/symbols.h"

static uint64_t text(uint64_t offset)
{
    return (uint64_t)__text_start + offset;
}

START_TEST(test_finds_the_symbol_at_or_below)
{
    uint64_t offset = 99;

    ck_assert_str_eq(symbol_lookup(text(FAKE_SYM_ENTRY), &offset), "fake_entry");
    ck_assert_uint_eq(offset, 0);
    ck_assert_str_eq(symbol_lookup(text(FAKE_SYM_HANDLER - 1), &offset), "fake_entry");
    ck_assert_uint_eq(offset, FAKE_SYM_HANDLER - 1);
    ck_assert_str_eq(symbol_lookup(text(FAKE_SYM_HANDLER), &offset), "fake_handler");
    ck_assert_uint_eq(offset, 0);
    ck_assert_str_eq(symbol_lookup(text(FAKE_SYM_HANDLER + 5), &offset), "fake_handler");
    ck_assert_uint_eq(offset, 5);
    ck_assert_str_eq(symbol_lookup(text(FAKE_TEXT_SIZE - 1), &offset), "fake_tail");
    ck_assert_uint_eq(offset, FAKE_TEXT_SIZE - 1 - FAKE_SYM_TAIL);
}
END_TEST

START_TEST(test_nothing_outside_the_text)
{
    uint64_t offset = 99;

    ck_assert_ptr_null(symbol_lookup(text(FAKE_TEXT_SIZE), &offset));
    ck_assert_ptr_null(symbol_lookup(text(0) - 1, &offset));
    ck_assert_ptr_null(symbol_lookup(0, &offset));
    ck_assert_ptr_null(symbol_lookup(~0UL, &offset));
    ck_assert_uint_eq(offset, 99);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("symbols");
    TCase *tc = tcase_create("lookup");
    int failed;

    tcase_add_test(tc, test_finds_the_symbol_at_or_below);
    tcase_add_test(tc, test_nothing_outside_the_text);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
