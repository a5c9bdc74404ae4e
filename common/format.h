/*
 * printf-style formatting without floating point, shared by the
 * hypervisor's printk, the guests and the tools.
 *
 * One formatter, fmt_vcbprintf(), hands each output character to a
 * callback; the snprintf family is built on it.
 *
 * Conversions: d i u x X o c s p %.  Length modifiers: hh h l ll z j t.
 * Flags: - 0 space + #.  Width and precision, either may be '*'.
 * %s of NULL prints "(null)"; a precision on %s bounds how many bytes are
 * read.  %p prints "0x" and 16 lowercase hex digits.  An unknown
 * conversion (including %n) is printed verbatim, from the '%' on.
 *
 * Results follow C99: the number of characters produced (for snprintf, the
 * number that would have been written with unlimited room), or -EOVERFLOW
 * if that exceeds INT_MAX.
 */
#ifndef COMMON_FORMAT_H
#define COMMON_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Format into a callback, one character at a time. */
int fmt_vcbprintf(void (*emit)(void *ctx, char c), void *ctx, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/*
 * Format into buf[size].  At most size - 1 characters are stored and the
 * result is always NUL-terminated when size > 0; buf may be NULL when
 * size is 0 (to measure).
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* COMMON_FORMAT_H */
