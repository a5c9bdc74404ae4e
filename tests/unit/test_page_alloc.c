/* The buddy allocator and the heap, on a fake frame table. */
#include <check.h>
#include <stdlib.h>

#include "tests/unit/fake_arch.h"
#include "xen/page_alloc.h"
#include "xen/xmalloc.h"

#define FRAMES 4096

static struct page_info table[FRAMES];

static void setup(void)
{
    fake_ram_init(FRAMES);
    page_alloc_init(table, FRAMES);
}

START_TEST(test_nothing_free_until_added)
{
    ck_assert_uint_eq(page_alloc_free_count(), 0);
    ck_assert_ptr_null(alloc_pages(0));
}
END_TEST

START_TEST(test_add_range_counts_frames)
{
    page_alloc_add_range(3, 1000);
    ck_assert_uint_eq(page_alloc_free_count(), 997);
}
END_TEST

START_TEST(test_blocks_are_aligned_to_their_order)
{
    page_alloc_add_range(1, FRAMES);
    for (unsigned order = 0; order <= 8; order++) {
        struct page_info *pg = alloc_pages(order);
        ck_assert_ptr_nonnull(pg);
        ck_assert_uint_eq(page_to_mfn(pg) & ((1UL << order) - 1), 0);
    }
}
END_TEST

START_TEST(test_never_returns_reserved_frames)
{
    /* Only [100, 200) and [300, 301) are usable. */
    page_alloc_add_range(100, 200);
    page_alloc_add_range(300, 301);
    for (;;) {
        struct page_info *pg = alloc_pages(0);
        if (!pg)
            break;
        mfn_t mfn = page_to_mfn(pg);
        ck_assert(mfn == 300 || (mfn >= 100 && mfn < 200));
    }
    ck_assert_uint_eq(page_alloc_free_count(), 0);
}
END_TEST

START_TEST(test_free_merges_buddies_back)
{
    struct page_info *pages[64];

    page_alloc_add_range(0, 64);
    ck_assert_ptr_null(alloc_pages(7));
    for (unsigned i = 0; i < 64; i++)
        ck_assert_ptr_nonnull(pages[i] = alloc_pages(0));
    ck_assert_ptr_null(alloc_pages(0));
    for (unsigned i = 0; i < 64; i++)
        free_pages(pages[63 - i], 0);
    ck_assert_uint_eq(page_alloc_free_count(), 64);
    /* Fully merged: the whole range comes back as one order-6 block. */
    struct page_info *all = alloc_pages(6);
    ck_assert_ptr_nonnull(all);
    ck_assert_uint_eq(page_to_mfn(all), 0);
}
END_TEST

START_TEST(test_reserved_neighbour_does_not_merge)
{
    page_alloc_add_range(1, 2); /* frame 0, the buddy of 1, stays reserved */
    struct page_info *pg = alloc_pages(0);
    ck_assert_uint_eq(page_to_mfn(pg), 1);
    free_pages(pg, 0);
    ck_assert_ptr_null(alloc_pages(1));
    ck_assert_uint_eq(page_alloc_free_count(), 1);
}
END_TEST

START_TEST(test_order_too_large_fails)
{
    page_alloc_add_range(0, FRAMES);
    ck_assert_ptr_null(alloc_pages(MAX_ORDER + 1));
    ck_assert_ptr_null(alloc_pages(13)); /* 8192 frames > 4096 */
    ck_assert_ptr_nonnull(alloc_pages(12));
}
END_TEST

START_TEST(test_double_free_panics)
{
    page_alloc_add_range(0, 16);
    struct page_info *pg = alloc_pages(0);
    free_pages(pg, 0);
    fake_console_reset();
    ck_assert_int_eq(FAKE_EXPECT_EXIT(free_pages(pg, 0)), MACHINE_PANIC);
    ck_assert_ptr_nonnull(strstr(fake_console, "BUG"));
}
END_TEST

START_TEST(test_random_alloc_free_keeps_count)
{
    struct {
        struct page_info *pg;
        unsigned order;
    } held[256];
    unsigned nr = 0;

    page_alloc_add_range(5, FRAMES - 7);
    uint64_t total = page_alloc_free_count();
    srand(1234);
    for (unsigned step = 0; step < 20000; step++) {
        if (nr < 256 && (rand() & 1)) {
            unsigned order = rand() % 6;
            struct page_info *pg = alloc_pages(order);
            if (pg)
                held[nr++] = (typeof(held[0])){ pg, order };
        } else if (nr) {
            unsigned i = rand() % nr;
            free_pages(held[i].pg, held[i].order);
            held[i] = held[--nr];
        }
    }
    while (nr--)
        free_pages(held[nr].pg, held[nr].order);
    ck_assert_uint_eq(page_alloc_free_count(), total);
}
END_TEST

START_TEST(test_xmalloc_small_and_large)
{
    page_alloc_add_range(0, FRAMES);
    uint64_t before = page_alloc_free_count();
    char *small = xmalloc(24);
    char *large = xmalloc(3 * PAGE_SIZE);
    ck_assert_ptr_nonnull(small);
    ck_assert_ptr_nonnull(large);
    ck_assert_uint_eq((uintptr_t)small % 16, 0);
    for (unsigned i = 0; i < 3 * PAGE_SIZE; i++)
        ck_assert_int_eq(large[i], 0);
    memset(small, 0xAA, 24);
    memset(large, 0xBB, 3 * PAGE_SIZE);
    xfree(large);
    xfree(small);
    xfree(NULL);
    /* The large block's pages went back; the small class keeps its page. */
    ck_assert_uint_eq(page_alloc_free_count(), before - 1);
    ck_assert_ptr_eq(xmalloc(24), small);
}
END_TEST

START_TEST(test_xmalloc_out_of_memory)
{
    page_alloc_add_range(0, 4);
    ck_assert_ptr_null(xmalloc(5 * PAGE_SIZE));
    ck_assert_ptr_null(xmalloc((size_t)1 << 50));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("page_alloc");
    TCase *tc = tcase_create("buddy");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_nothing_free_until_added);
    tcase_add_test(tc, test_add_range_counts_frames);
    tcase_add_test(tc, test_blocks_are_aligned_to_their_order);
    tcase_add_test(tc, test_never_returns_reserved_frames);
    tcase_add_test(tc, test_free_merges_buddies_back);
    tcase_add_test(tc, test_reserved_neighbour_does_not_merge);
    tcase_add_test(tc, test_order_too_large_fails);
    tcase_add_test(tc, test_double_free_panics);
    tcase_add_test(tc, test_random_alloc_free_keeps_count);
    tcase_add_test(tc, test_xmalloc_small_and_large);
    tcase_add_test(tc, test_xmalloc_out_of_memory);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
