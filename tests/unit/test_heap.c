/*
 * guest/heap.c's allocator on the host, over a buffer that a fake growth
 * function hands out a page at a time (the guest maps frames instead).
 * After every operation heap_check() walks the whole arena.  Stories:
 * alignment and sizes, reuse and merging of freed blocks, realloc in
 * place and by moving, growth and its failure, impossible sizes, bad
 * frees reported and ignored, and a long random run against a model.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

/* Under HOST_TEST only the allocator half of heap.c is compiled: no guest code. */
#include "guest/heap.c" /* NOLINT(bugprone-suspicious-include) */

#define ARENA_MAX (4u << 20)
#define PAGE      4096u

static _Alignas(4096) uint8_t arena[ARENA_MAX];
static size_t arena_limit, arena_grown;
static unsigned grow_calls, corrupt_calls;
static const char *corrupt_why;
static struct heap h;

static size_t fake_grow(void *at, size_t want)
{
    size_t pages = (want + PAGE - 1) / PAGE * PAGE;

    grow_calls++;
    ck_assert_ptr_eq(at, arena + arena_grown); /* the arena only ever grows at its end */
    if (arena_grown + pages > arena_limit)
        return 0;
    arena_grown += pages;
    return pages;
}

static void fake_corrupt(const char *why, const void *p)
{
    corrupt_calls++;
    corrupt_why = why;
}

static void fresh(size_t limit)
{
    arena_limit = limit;
    arena_grown = 0;
    grow_calls = corrupt_calls = 0;
    corrupt_why = NULL;
    memset(arena, 0xa5, sizeof(arena)); /* fresh memory is not zero */
    heap_init(&h, arena, fake_grow, fake_corrupt);
}

static void consistent(void)
{
    const char *why;

    ck_assert_msg(heap_check(&h, &why) == 0, "heap_check: %s", why);
}

START_TEST(blocks_are_aligned_and_usable)
{
    void *p[64];

    fresh(ARENA_MAX);
    for (unsigned i = 0; i < 64; i++) {
        p[i] = heap_alloc(&h, i * 7);
        ck_assert_ptr_nonnull(p[i]);
        ck_assert_uint_eq((uintptr_t)p[i] % HEAP_ALIGN, 0);
        memset(p[i], (int)i, i * 7);
        consistent();
    }
    for (unsigned i = 0; i < 64; i++)
        for (unsigned j = 0; j < i * 7; j++)
            ck_assert_uint_eq(((uint8_t *)p[i])[j], i);
    ck_assert_uint_eq(h.blocks, 64);
    for (unsigned i = 0; i < 64; i += 2)
        heap_free(&h, p[i]);
    consistent();
    for (unsigned i = 1; i < 64; i += 2)
        heap_free(&h, p[i]);
    consistent();
    ck_assert_uint_eq(h.used, 0);
    ck_assert_uint_eq(h.blocks, 0);
    ck_assert_uint_eq(corrupt_calls, 0);
}
END_TEST

START_TEST(freed_neighbours_merge_into_one_block)
{
    struct heap_stats s;
    void *a, *b, *c, *d;

    fresh(ARENA_MAX);
    a = heap_alloc(&h, 100);
    b = heap_alloc(&h, 100);
    c = heap_alloc(&h, 100);
    d = heap_alloc(&h, 100);
    heap_free(&h, a);
    heap_free(&h, c);
    consistent();
    heap_get_stats(&h, &s);
    ck_assert_uint_eq(s.free_blocks, 3); /* a, c, and the rest of the arena */
    heap_free(&h, b);                    /* joins a and c */
    consistent();
    heap_get_stats(&h, &s);
    ck_assert_uint_eq(s.free_blocks, 2);
    ck_assert_ptr_eq(heap_alloc(&h, 300), a); /* the merged block serves a bigger request */
    heap_free(&h, a);
    heap_free(&h, d);
    consistent();
    heap_get_stats(&h, &s);
    ck_assert_uint_eq(s.free_blocks, 1); /* the whole arena again */
    ck_assert_uint_eq(s.largest_free, s.arena - 2 * HDR);
}
END_TEST

START_TEST(arena_grows_on_demand_and_stops_at_its_limit)
{
    struct heap_stats s;
    void *p, *q;

    fresh(256 * 1024);
    ck_assert_uint_eq(grow_calls, 0); /* nothing is taken before the first request */
    p = heap_alloc(&h, 10);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(grow_calls, 1);
    heap_get_stats(&h, &s);
    ck_assert_uint_eq(s.arena, GROW_MIN);
    q = heap_alloc(&h, 100 * 1024); /* more than is left: grows, merging with the free tail */
    ck_assert_ptr_nonnull(q);
    consistent();
    heap_get_stats(&h, &s);
    ck_assert_uint_le(s.arena, 100 * 1024 + GROW_MIN + PAGE);
    ck_assert_ptr_null(heap_alloc(&h, 200 * 1024)); /* past the limit */
    consistent();
    ck_assert_ptr_nonnull(heap_alloc(&h, 1000)); /* smaller requests still work */
    consistent();
}
END_TEST

START_TEST(impossible_sizes_fail_cleanly)
{
    fresh(ARENA_MAX);
    ck_assert_ptr_null(heap_alloc(&h, SIZE_MAX));
    ck_assert_ptr_null(heap_alloc(&h, SIZE_MAX - 8));
    ck_assert_ptr_null(heap_alloc(&h, SIZE_MAX / 2 + 1));
    ck_assert_ptr_null(heap_alloc(&h, ARENA_MAX)); /* fits no arena this size */
    consistent();
    void *p = heap_alloc(&h, 0); /* a real, freeable block */
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_null(heap_realloc(&h, p, SIZE_MAX));
    consistent();
    heap_free(&h, p);
    consistent();
    ck_assert_uint_eq(corrupt_calls, 0);
}
END_TEST

START_TEST(realloc_keeps_contents)
{
    uint8_t *p, *q, *r;

    fresh(ARENA_MAX);
    p = heap_realloc(&h, NULL, 40); /* realloc(NULL, n) allocates */
    ck_assert_ptr_nonnull(p);
    for (int i = 0; i < 40; i++)
        p[i] = (uint8_t)i;
    q = heap_realloc(&h, p, 20); /* shrinks in place */
    ck_assert_ptr_eq(q, p);
    consistent();
    q = heap_realloc(&h, p, 2000); /* the arena's free tail follows: grows in place */
    ck_assert_ptr_eq(q, p);
    consistent();
    r = heap_alloc(&h, 16); /* now p cannot grow in place */
    q = heap_realloc(&h, p, 100000);
    ck_assert_ptr_nonnull(q);
    ck_assert_ptr_ne(q, p);
    for (int i = 0; i < 20; i++)
        ck_assert_uint_eq(q[i], i);
    consistent();
    ck_assert_ptr_null(heap_realloc(&h, q, 0)); /* realloc(p, 0) frees */
    heap_free(&h, r);
    consistent();
    ck_assert_uint_eq(h.used, 0);
}
END_TEST

START_TEST(bad_frees_are_reported_and_ignored)
{
    uint8_t *p, *q;
    _Alignas(16) uint8_t local[64] = { 0 };

    fresh(ARENA_MAX);
    p = heap_alloc(&h, 64);
    q = heap_alloc(&h, 64);
    heap_free(&h, p);
    heap_free(&h, p); /* twice */
    ck_assert_uint_eq(corrupt_calls, 1);
    ck_assert_ptr_nonnull(strstr(corrupt_why, "double free"));
    heap_free(&h, local + 16); /* not from the heap */
    ck_assert_uint_eq(corrupt_calls, 2);
    heap_free(&h, q + 8); /* inside a block */
    ck_assert_uint_eq(corrupt_calls, 3);
    heap_free(&h, arena + arena_grown + 64); /* past the arena */
    ck_assert_uint_eq(corrupt_calls, 4);
    ck_assert_ptr_null(heap_realloc(&h, p, 10)); /* realloc of a freed block */
    ck_assert_uint_eq(corrupt_calls, 5);
    consistent();
    ((size_t *)q)[-1] = 0x7fffffff1; /* an overrun trampled q's header */
    heap_free(&h, q);
    ck_assert_uint_eq(corrupt_calls, 6);
    ck_assert_ptr_nonnull(strstr(corrupt_why, "damaged"));
}
END_TEST

/* A model of what is allocated: pointer, size, fill byte. */
struct live {
    uint8_t *p;
    size_t size;
    uint8_t fill;
};

static void check_live(const struct live *l)
{
    size_t j = 0;

    while (j < l->size && l->p[j] == l->fill)
        j++;
    ck_assert_uint_eq(j, l->size); /* one assertion: Check is slow per call */
}

START_TEST(random_run_against_a_model)
{
    static struct live live[256];
    unsigned seed = 12345;

    fresh(ARENA_MAX);
    memset(live, 0, sizeof(live));
    for (unsigned step = 0; step < 20000; step++) {
        seed = seed * 1103515245 + 12345;
        struct live *l = &live[(seed >> 8) % 256];
        unsigned op = (seed >> 20) % 4;
        size_t size = (seed >> 4) % ((seed & 1) ? 64 : 8192);
        if (l->p)
            check_live(l);
        if (op == 0 && l->p) {
            heap_free(&h, l->p);
            l->p = NULL;
        } else if (op == 1 && l->p) {
            uint8_t *q = heap_realloc(&h, l->p, size + 1);
            ck_assert_ptr_nonnull(q);
            l->p = q;
            l->size = l->size < size + 1 ? l->size : size + 1;
            check_live(l);
            memset(l->p, l->fill, l->size = size + 1);
        } else if (!l->p) {
            l->p = heap_alloc(&h, size);
            ck_assert_ptr_nonnull(l->p);
            l->size = size;
            l->fill = (uint8_t)step;
            memset(l->p, l->fill, size);
        }
        if (step % 16 == 0)
            consistent();
    }
    for (unsigned i = 0; i < 256; i++)
        heap_free(&h, live[i].p);
    consistent();
    ck_assert_uint_eq(h.used, 0);
    ck_assert_uint_eq(corrupt_calls, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("heap");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_test(tc, blocks_are_aligned_and_usable);
    tcase_add_test(tc, freed_neighbours_merge_into_one_block);
    tcase_add_test(tc, arena_grows_on_demand_and_stops_at_its_limit);
    tcase_add_test(tc, impossible_sizes_fail_cleanly);
    tcase_add_test(tc, realloc_keeps_contents);
    tcase_add_test(tc, bad_frees_are_reported_and_ignored);
    tcase_add_test(tc, random_run_against_a_model);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
