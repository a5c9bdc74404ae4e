/*
 * String helpers that libc lacks, so they are built for both the bare-metal
 * binaries and the host tests (unlike string.c, which the host replaces
 * with libc).
 */
#include "common/string.h"

size_t str_copy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
