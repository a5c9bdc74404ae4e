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

typedef uint64_t paddr_t;
typedef uint64_t mfn_t;

#define PAGE_SHIFT  12
#define PAGE_SIZE   (1UL << PAGE_SHIFT)
#define PFN_UP(x)   (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)

#endif
