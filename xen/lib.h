/* Small helpers every core file uses. */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/errno.h"
#include "common/string.h"

#define ARRAY_SIZE(a)                 (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)                     ((a) < (b) ? (a) : (b))
#define MAX(a, b)                     ((a) > (b) ? (a) : (b))
#define ROUND_UP(x, a)                (((x) + (a)-1) / (a) * (a))
#define ROUND_DOWN(x, a)              ((x) / (a) * (a))
#define container_of(p, type, member) ((type *)((char *)(p)-offsetof(type, member)))

#define noreturn    __attribute__((noreturn))
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/*
 * ASSERT(cond): an invariant the code relies on.  In the debug hypervisor
 * (make DEBUG=1) and in the host tests a false cond panics, naming it and
 * its file:line; in a release build cond is type-checked but never
 * evaluated, so it must have no side effects.
 */
#ifdef DEBUG
#define ASSERT(cond)                                  \
    do {                                              \
        if (unlikely(!(cond)))                        \
            assert_failed(#cond, __FILE__, __LINE__); \
    } while (0)
#else
#define ASSERT(cond) ((void)sizeof(!(cond)))
#endif

/* Panics with "Assertion '<cond>' failed at <file>:<line>" (xen/printk.c). */
noreturn void assert_failed(const char *cond, const char *file, int line);

typedef uint64_t paddr_t;
typedef uint64_t mfn_t;

#define PAGE_SHIFT  12
#define PAGE_SIZE   (1UL << PAGE_SHIFT)
#define PFN_UP(x)   (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)

#endif
