/*
 * printk over console_io.  Output is collected in a line buffer and
 * written at each newline (or when the buffer fills), one hypercall per
 * line.
 */
#include <stdarg.h>
#include <stdint.h>

#include "common/format.h"
#include "guest/console.h"
#include "guest/hypercall.h"

struct line_buffer {
    char text[256];
    size_t len;
};

long console_write(const char *s, size_t len)
{
    return hypercall_console_io(CONSOLEIO_write, (unsigned)len, s);
}

static void line_flush(struct line_buffer *b)
{
    if (b->len)
        console_write(b->text, b->len);
    b->len = 0;
}

static void line_putc(void *ctx, char c)
{
    struct line_buffer *b = ctx;

    b->text[b->len++] = c;
    if (c == '\n' || b->len == sizeof(b->text))
        line_flush(b);
}

static int vprintk(const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
    struct line_buffer b = { .len = 0 };
    int n = 0;

    for (const char *p = prefix; *p; p++, n++)
        line_putc(&b, *p);
    n += fmt_vcbprintf(line_putc, &b, fmt, ap);
    for (const char *p = suffix; *p; p++, n++)
        line_putc(&b, *p);
    line_flush(&b);
    return n;
}

int printk(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintk("", fmt, ap, "");
    va_end(ap);
    return n;
}

void info(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk("info: ", fmt, ap, "\n");
    va_end(ap);
}
