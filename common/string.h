/*
 * Byte and string primitives.
 *
 * On bare metal common/string.c supplies them (gcc may also emit calls to
 * memcpy, memmove, memset and memcmp on its own); in the host tests libc
 * does.  Either way code includes this header and nothing else.
 *
 * str_copy() has BSD strlcpy() semantics under a name of our own, because
 * the host's glibc (2.36) has no strlcpy; it lives in common/strutil.c so
 * both builds link the same code.
 */
#ifndef COMMON_STRING_H
#define COMMON_STRING_H

#include <stddef.h>

#ifdef HOST_TEST
#include <string.h>
#else

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

/*
 * -ffreestanding turns off gcc's built-in knowledge of these, so a 16-byte
 * struct copy would become a call.  Routing them through the builtins lets
 * gcc inline small constant cases and call string.c for the rest.
 */
#ifndef COMMON_STRING_IMPL
#define memcpy(d, s, n)  __builtin_memcpy(d, s, n)
#define memmove(d, s, n) __builtin_memmove(d, s, n)
#define memset(d, c, n)  __builtin_memset(d, c, n)
#define memcmp(a, b, n)  __builtin_memcmp(a, b, n)
#define strlen(s)        __builtin_strlen(s)
#endif

#endif /* HOST_TEST */

/*
 * Copy the string src into dst[size], truncating if needed; dst is always
 * NUL-terminated when size > 0.  Returns strlen(src): a result >= size
 * means the copy was truncated.
 */
size_t str_copy(char *dst, const char *src, size_t size);

#endif /* COMMON_STRING_H */
