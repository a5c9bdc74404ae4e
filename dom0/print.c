/* The toolstack's output (tools/print.h) goes to dom0's console. */
#include <stdarg.h>

#include "common/format.h"
#include "guest/console.h"
#include "tools/print.h"

static void emit(void *ctx, char c)
{
    console_write(&c, 1);
}

int tools_printf(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < (int)sizeof(line)) {
        console_write(line, n);
        return n;
    }
    va_start(ap, fmt); /* longer than a line: one character at a time */
    n = fmt_vcbprintf(emit, NULL, fmt, ap);
    va_end(ap);
    return n;
}
