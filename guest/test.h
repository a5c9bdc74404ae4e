/*
 * A tiny test framework for test guests.
 *
 * A test guest is a table of cases, each a function named after the
 * behaviour it checks.  test_main() runs them in order and prints exactly
 * one line per case:
 *
 *     PASS <area>/<case>
 *     FAIL <area>/<case>: <why>
 *
 * then "<N> passed, <M> failed", and powers off.  Result lines must be the
 * same on every correct hypervisor: values that may differ (addresses,
 * version strings) go on "info: " lines.  An unexpected exception inside a
 * case fails that case and the run goes on with the next one.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest/console.h"
#include "guest/runtime.h"

struct test_case {
    const char *name;
    void (*run)(void);
};

void test_main(const char *area, const struct test_case *cases, size_t count)
    __attribute__((noreturn));

/* A table of cases gathered from several files for test_main(). */
struct test_list {
    struct test_case *cases;
    size_t count, capacity;
};

/* Appends cases to the table; one that does not fit crashes the guest
 * rather than being dropped without a word. */
void test_list_add(struct test_list *list, const struct test_case *cases, size_t count);

/* Fails the running case; the first reason given is the one printed. */
void test_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Inside a case function: fail and return unless the condition holds. */
#define CHECK(cond, ...)            \
    do {                            \
        if (!(cond)) {              \
            test_fail(__VA_ARGS__); \
            return;                 \
        }                           \
    } while (0)

#define CHECK_EQ(actual, expected)                                   \
    do {                                                             \
        uint64_t _a = (uint64_t)(actual), _e = (uint64_t)(expected); \
        if (_a != _e) {                                              \
            test_fail("%s is %#lx, expected %#lx", #actual, _a, _e); \
            return;                                                  \
        }                                                            \
    } while (0)

/* A hypercall's result: compared as a signed long, errors by name. */
#define CHECK_RC(call, expected)                                                                \
    do {                                                                                        \
        long _r = (long)(call), _x = (long)(expected);                                          \
        if (_r != _x) {                                                                         \
            test_fail("%s returned %ld (%s), expected %ld (%s)", #call, _r, errno_name(_r), _x, \
                      errno_name(_x));                                                          \
            return;                                                                             \
        }                                                                                       \
    } while (0)

#endif /* GUEST_TEST_H */
