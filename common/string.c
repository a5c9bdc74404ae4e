/*
 * memcpy & co. for the bare-metal binaries (the host tests use libc's).
 *
 * gcc may call memcpy, memmove, memset and memcmp by itself (struct copies,
 * zero-initialisers), so these must exist and must never call themselves:
 * the pragma stops gcc from recognising the loops below as memset/memcpy
 * idioms and turning them back into calls.
 *
 * The bulk routines move 8 bytes at a time when both pointers share 8-byte
 * alignment (page copies and clears are the common case; memcpy eight
 * words a round) and fall back to bytes otherwise.
 */
#define COMMON_STRING_IMPL
#include <stdint.h>

#include "common/string.h"

#pragma GCC optimize("no-tree-loop-distribute-patterns")

/* A 64-bit word that may alias any object, for the word-at-a-time loops. */
typedef uint64_t __attribute__((may_alias)) word_t;

static int both_aligned(const void *a, const void *b)
{
    return (((uintptr_t)a | (uintptr_t)b) & (sizeof(word_t) - 1)) == 0;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (both_aligned(d, s)) {
        /* Eight words a round: a page is 64 short rounds (grant copies, page copies). */
        for (; n >= 8 * sizeof(word_t); n -= 8 * sizeof(word_t)) {
            word_t *dw = (word_t *)d;
            const word_t *sw = (const word_t *)s;

            dw[0] = sw[0];
            dw[1] = sw[1];
            dw[2] = sw[2];
            dw[3] = sw[3];
            dw[4] = sw[4];
            dw[5] = sw[5];
            dw[6] = sw[6];
            dw[7] = sw[7];
            d += 8 * sizeof(word_t);
            s += 8 * sizeof(word_t);
        }
        for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
            *(word_t *)d = *(const word_t *)s;
            d += sizeof(word_t);
            s += sizeof(word_t);
        }
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    /* Forward is safe unless dst starts inside [src, src + n). */
    if ((uintptr_t)d - (uintptr_t)s >= n)
        return memcpy(dst, src, n);

    d += n;
    s += n;
    if (both_aligned(d, s)) {
        for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
            d -= sizeof(word_t);
            s -= sizeof(word_t);
            *(word_t *)d = *(const word_t *)s;
        }
    }
    while (n--)
        *--d = *--s;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

    if (both_aligned(d, d)) {
        word_t w = (unsigned char)c * 0x0101010101010101ull;

        for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
            *(word_t *)d = w;
            d += sizeof(word_t);
        }
    }
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n > 0; n--, x++, y++) {
        if (*x != *y)
            return *x - *y;
    }
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    const unsigned char *x = (const void *)a, *y = (const void *)b;

    while (*x && *x == *y) {
        x++;
        y++;
    }
    return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *x = (const void *)a, *y = (const void *)b;

    for (; n > 0; n--, x++, y++) {
        if (*x != *y || !*x)
            return *x - *y;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    const char *found = NULL;

    for (;; s++) {
        if (*s == (char)c)
            found = s;
        if (!*s)
            return (char *)found;
    }
}

char *strstr(const char *haystack, const char *needle)
{
    size_t len = strlen(needle);

    for (; *haystack; haystack++)
        if (strncmp(haystack, needle, len) == 0)
            return (char *)haystack;
    return len ? NULL : (char *)haystack;
}
