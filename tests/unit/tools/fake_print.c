/* tools_printf into a buffer for the toolstack's host tests (see fake_print.h). */
#include "common/format.h"
#include "tests/unit/tools/fake_print.h"
#include "tools/print.h"

static char out[FAKE_PRINT_MAX];
static size_t out_len;
static int out_overflow;

void fake_print_reset(void)
{
    out[0] = '\0';
    out_len = 0;
    out_overflow = 0;
}

const char *fake_print_output(void)
{
    return out;
}

size_t fake_print_length(void)
{
    return out_len;
}

int fake_print_overflowed(void)
{
    return out_overflow;
}

static void emit(void *ctx, char c)
{
    (void)ctx;
    if (out_len + 1 < sizeof(out)) {
        out[out_len++] = c;
        out[out_len] = '\0';
    } else {
        out_overflow = 1;
    }
}

int tools_printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vcbprintf(emit, NULL, fmt, ap);
    va_end(ap);
    return n;
}
