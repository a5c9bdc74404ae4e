/*
 * The little of libc xenstored needs, written so that it builds freestanding
 * (dom0: malloc and friends come from the guest heap) and on the host (libc).
 * Also the wire's string conventions: payloads are NUL-terminated strings,
 * numbers are parsed as C's atoi/strtol parse them, errors travel as names.
 */
#include <stdarg.h>

#include "common/format.h"
#include "common/string.h"
#include "tools/xenstore/core.h"

#ifdef HOST_TEST
#include <stdlib.h>
#else
#include "guest/heap.h"
#endif

void *xs_malloc(size_t size)
{
    return malloc(size ? size : 1);
}

void *xs_zalloc(size_t size)
{
    return calloc(1, size ? size : 1);
}

void *xs_realloc(void *p, size_t size)
{
    return realloc(p, size ? size : 1);
}

void xs_free(void *p)
{
    free(p);
}

char *xs_memdup(const void *p, size_t len)
{
    char *copy = xs_malloc(len + 1);

    if (copy) {
        memcpy(copy, p, len);
        copy[len] = '\0';
    }
    return copy;
}

char *xs_strdup(const char *s)
{
    return xs_memdup(s, strlen(s));
}

char *xs_asprintf(const char *fmt, ...)
{
    va_list ap;
    int len;
    char *s;

    va_start(ap, fmt);
    len = fmt_vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return NULL;
    s = xs_malloc((size_t)len + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    fmt_vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return s;
}

static bool is_space(char ch)
{
    return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

static int digit_value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A' + 10;
    return 99;
}

/*
 * strtol(s, &end, base) for base 10, or 0 (C's prefixes) when base0: white
 * space, a sign, digits; saturates at LONG_MIN/LONG_MAX; *end is s when no
 * digit was found.
 */
static long parse_long(const char *s, const char **end, bool base0)
{
    const char *p = s;
    unsigned long acc = 0, limit;
    bool neg = false, any = false, over = false;
    int base = 10, v;

    while (is_space(*p))
        p++;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (base0 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
        base = 16;
        p += 2;
    } else if (base0 && p[0] == '0') {
        base = 8;
    }
    limit = neg ? (unsigned long)__LONG_MAX__ + 1 : (unsigned long)__LONG_MAX__;
    for (; (v = digit_value(*p)) < base; p++) {
        any = true;
        if (acc > (limit - (unsigned long)v) / (unsigned long)base)
            over = true;
        else
            acc = acc * (unsigned long)base + (unsigned long)v;
    }
    if (end)
        *end = any ? p : s;
    if (over)
        return neg ? -__LONG_MAX__ - 1 : __LONG_MAX__;
    return neg ? (long)(0 - acc) : (long)acc;
}

int xs_atoi(const char *s)
{
    return (int)parse_long(s, NULL, false);
}

long xs_strtol0(const char *s, const char **end)
{
    return parse_long(s, end, true);
}

const char *xs_error_name(int err)
{
    static const struct {
        int err;
        const char *name;
    } names[] = {
#define XS_ERROR_ENTRY(e) { XEN_##e, #e },
        XSD_ERROR_LIST(XS_ERROR_ENTRY)
#undef XS_ERROR_ENTRY
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].err == err)
            return names[i].name;
    return names[0].name; /* Xen answers EINVAL for an error it cannot name */
}

/* The first NUL of buf[0..len), or NULL (memchr is not in common/string.h). */
static const char *find_nul(const char *buf, unsigned len)
{
    for (unsigned i = 0; i < len; i++)
        if (buf[i] == '\0')
            return buf + i;
    return NULL;
}

unsigned xs_count_strings(const char *buf, unsigned len)
{
    unsigned num = 0;

    for (unsigned i = 0; i < len; i++)
        if (buf[i] == '\0')
            num++;
    return num;
}

/* The NUL-terminated strings at the start of the payload; returns how many there are. */
unsigned xs_get_strings(const struct xs_req *in, const char **vec, unsigned num)
{
    unsigned off = 0, i = 0;
    const char *nul;

    while (off < in->len && (nul = find_nul(in->buf + off, in->len - off)) != NULL) {
        if (i < num)
            vec[i] = in->buf + off;
        i++;
        off = (unsigned)(nul - in->buf) + 1;
    }
    return i;
}

/* The payload as one string: exactly one NUL, at the end; NULL otherwise. */
const char *xs_onearg(const struct xs_req *in)
{
    if (!in->len || find_nul(in->buf, in->len) != in->buf + in->len - 1)
        return NULL;
    return in->buf;
}
