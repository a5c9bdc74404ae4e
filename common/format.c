/*
 * The one printf engine.  A conversion is parsed into a struct fmt_spec and
 * then rendered; every character leaves through put(), which also counts,
 * so the count is right whatever the sink does with the characters.
 *
 * Integers are widened to 64 bits (magnitude plus sign) before rendering,
 * so INT64_MIN needs no special case: its magnitude is computed unsigned.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/errno.h"
#include "common/format.h"

enum {
    FLAG_LEFT = 1 << 0,  /* '-': pad on the right */
    FLAG_ZERO = 1 << 1,  /* '0': pad numbers with zeros */
    FLAG_SPACE = 1 << 2, /* ' ': space before a non-negative signed */
    FLAG_PLUS = 1 << 3,  /* '+': '+' before a non-negative signed */
    FLAG_ALT = 1 << 4,   /* '#': 0x prefix, or a leading 0 for octal */
};

struct fmt_spec {
    unsigned flags;
    int width;   /* 0 when absent */
    int prec;    /* -1 when absent */
    char length; /* 0, 'H' (hh), 'h', 'l', 'q' (ll), 'z', 'j', 't' */
    char conv;
};

struct fmt_out {
    void (*emit)(void *ctx, char c);
    void *ctx;
    size_t count;
};

static void put(struct fmt_out *o, char c)
{
    o->emit(o->ctx, c);
    o->count++;
}

static void put_repeat(struct fmt_out *o, char c, size_t n)
{
    while (n--)
        put(o, c);
}

static void put_chars(struct fmt_out *o, const char *s, size_t n)
{
    while (n--)
        put(o, *s++);
}

/* How much padding a field of body_len characters needs. */
static size_t pad_len(const struct fmt_spec *sp, size_t body_len)
{
    return (size_t)sp->width > body_len ? (size_t)sp->width - body_len : 0;
}

/* Reads a decimal number, saturating at INT_MAX. */
static int parse_decimal(const char **pp)
{
    const char *p = *pp;
    long long v = 0;

    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        if (v > INT_MAX)
            v = INT_MAX;
    }
    *pp = p;
    return (int)v;
}

/*
 * Parses flags, width, precision and length of the conversion starting
 * just after a '%'.  Returns a pointer to the conversion character.
 */
static const char *parse_spec(const char *p, va_list *ap, struct fmt_spec *sp)
{
    sp->flags = 0;
    sp->width = 0;
    sp->prec = -1;
    sp->length = 0;

    for (;; p++) {
        if (*p == '-')
            sp->flags |= FLAG_LEFT;
        else if (*p == '0')
            sp->flags |= FLAG_ZERO;
        else if (*p == ' ')
            sp->flags |= FLAG_SPACE;
        else if (*p == '+')
            sp->flags |= FLAG_PLUS;
        else if (*p == '#')
            sp->flags |= FLAG_ALT;
        else
            break;
    }

    if (*p == '*') {
        int w = va_arg(*ap, int);

        p++;
        /* A negative '*' width means left-justify. */
        if (w < 0) {
            sp->flags |= FLAG_LEFT;
            w = w == INT_MIN ? INT_MAX : -w;
        }
        sp->width = w;
    } else {
        sp->width = parse_decimal(&p);
    }

    if (*p == '.') {
        p++;
        if (*p == '*') {
            int prec = va_arg(*ap, int);

            p++;
            sp->prec = prec < 0 ? -1 : prec;
        } else {
            sp->prec = parse_decimal(&p);
        }
    }

    switch (*p) {
    case 'h':
        p++;
        sp->length = 'h';
        if (*p == 'h') {
            p++;
            sp->length = 'H';
        }
        break;
    case 'l':
        p++;
        sp->length = 'l';
        if (*p == 'l') {
            p++;
            sp->length = 'q';
        }
        break;
    case 'z':
    case 'j':
    case 't':
        sp->length = *p++;
        break;
    }
    sp->conv = *p;
    return p;
}

static uint64_t fetch_unsigned(va_list *ap, char length)
{
    switch (length) {
    case 'H':
        return (unsigned char)va_arg(*ap, unsigned int);
    case 'h':
        return (unsigned short)va_arg(*ap, unsigned int);
    case 'l':
        return va_arg(*ap, unsigned long);
    case 'q':
        return va_arg(*ap, unsigned long long);
    /* NOLINTNEXTLINE(bugprone-branch-clone): distinct C types, one width on x86-64 */
    case 'z':
        return va_arg(*ap, size_t);
    case 'j':
        return va_arg(*ap, uintmax_t);
    case 't':
        return (uint64_t)va_arg(*ap, ptrdiff_t);
    default:
        return va_arg(*ap, unsigned int);
    }
}

static int64_t fetch_signed(va_list *ap, char length)
{
    switch (length) {
    case 'H':
        return (signed char)va_arg(*ap, int);
    case 'h':
        return (short)va_arg(*ap, int);
    case 'l':
        return va_arg(*ap, long);
    case 'q':
        return va_arg(*ap, long long);
    case 'z':
        /* The signed type matching size_t. */
        return (int64_t)va_arg(*ap, size_t);
    /* NOLINTNEXTLINE(bugprone-branch-clone): distinct C types, one width on x86-64 */
    case 'j':
        return va_arg(*ap, intmax_t);
    case 't':
        return va_arg(*ap, ptrdiff_t);
    default:
        return va_arg(*ap, int);
    }
}

/*
 * Renders an integer: [pad][sign or 0x][zeros][digits][pad].  'sign' is
 * '-', '+', ' ' or 0.
 */
static void put_integer(struct fmt_out *o, const struct fmt_spec *sp, uint64_t value, char sign)
{
    const char *digit_set = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned base = 10;
    char digits[24]; /* 2^64 needs 22 octal digits */
    char prefix[3];
    size_t ndigits = 0, nprefix = 0, zeros = 0, len;
    uint64_t rest = value;

    if (sp->conv == 'o')
        base = 8;
    else if (sp->conv == 'x' || sp->conv == 'X')
        base = 16;

    /* Precision 0 with the value 0 prints no digits at all. */
    if (value != 0 || sp->prec != 0) {
        do {
            digits[ndigits++] = digit_set[rest % base];
            rest /= base;
        } while (rest != 0);
    }

    if (sign)
        prefix[nprefix++] = sign;
    if (base == 16 && (sp->flags & FLAG_ALT) && value != 0) {
        prefix[nprefix++] = '0';
        prefix[nprefix++] = sp->conv;
    }

    if (sp->prec > 0 && (size_t)sp->prec > ndigits)
        zeros = (size_t)sp->prec - ndigits;
    /* '#' with octal: the first digit printed must be a 0. */
    if (base == 8 && (sp->flags & FLAG_ALT) && zeros == 0 && (value != 0 || ndigits == 0))
        zeros = 1;

    len = nprefix + zeros + ndigits;
    if ((sp->flags & (FLAG_ZERO | FLAG_LEFT)) == FLAG_ZERO && sp->prec < 0) {
        zeros += pad_len(sp, len);
        len = nprefix + zeros + ndigits;
    }

    if (!(sp->flags & FLAG_LEFT))
        put_repeat(o, ' ', pad_len(sp, len));
    put_chars(o, prefix, nprefix);
    put_repeat(o, '0', zeros);
    while (ndigits > 0)
        put(o, digits[--ndigits]);
    if (sp->flags & FLAG_LEFT)
        put_repeat(o, ' ', pad_len(sp, len));
}

/* Renders n characters of s, padded to the field width. */
static void put_padded(struct fmt_out *o, const struct fmt_spec *sp, const char *s, size_t n)
{
    if (!(sp->flags & FLAG_LEFT))
        put_repeat(o, ' ', pad_len(sp, n));
    put_chars(o, s, n);
    if (sp->flags & FLAG_LEFT)
        put_repeat(o, ' ', pad_len(sp, n));
}

static void put_string(struct fmt_out *o, const struct fmt_spec *sp, const char *s)
{
    size_t n = 0;

    if (!s)
        s = "(null)";
    /* Never look past the precision: the array need not be terminated. */
    while ((sp->prec < 0 || n < (size_t)sp->prec) && s[n])
        n++;
    put_padded(o, sp, s, n);
}

static void put_pointer(struct fmt_out *o, const struct fmt_spec *sp, const void *ptr)
{
    uint64_t v = (uintptr_t)ptr;
    char text[18];
    int i;

    text[0] = '0';
    text[1] = 'x';
    for (i = 17; i >= 2; i--, v >>= 4)
        text[i] = "0123456789abcdef"[v & 0xf];
    put_padded(o, sp, text, sizeof(text));
}

/* Renders one conversion; returns false if it is not one we know. */
static bool put_conversion(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
    switch (sp->conv) {
    case 'd':
    case 'i': {
        int64_t v = fetch_signed(ap, sp->length);
        char sign = 0;

        if (v < 0)
            sign = '-';
        else if (sp->flags & FLAG_PLUS)
            sign = '+';
        else if (sp->flags & FLAG_SPACE)
            sign = ' ';
        put_integer(o, sp, v < 0 ? -(uint64_t)v : (uint64_t)v, sign);
        return true;
    }
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        put_integer(o, sp, fetch_unsigned(ap, sp->length), 0);
        return true;
    case 'c': {
        char c = (char)va_arg(*ap, int);

        put_padded(o, sp, &c, 1);
        return true;
    }
    case 's':
        put_string(o, sp, va_arg(*ap, const char *));
        return true;
    case 'p':
        put_pointer(o, sp, va_arg(*ap, const void *));
        return true;
    case '%':
        put(o, '%');
        return true;
    default:
        return false;
    }
}

int fmt_vcbprintf(void (*emit)(void *ctx, char c), void *ctx, const char *fmt, va_list ap)
{
    struct fmt_out o = { .emit = emit, .ctx = ctx, .count = 0 };
    struct fmt_spec sp;
    va_list args;
    const char *p = fmt;

    /* A copy we can pass by address to the helpers. */
    va_copy(args, ap);
    while (*p) {
        const char *start = p, *conv;

        if (*p != '%') {
            put(&o, *p++);
            continue;
        }
        conv = parse_spec(p + 1, &args, &sp);
        if (*conv == '\0') {
            /* A '%' sequence cut off by the end of the format. */
            put_chars(&o, start, (size_t)(conv - start));
            break;
        }
        if (!put_conversion(&o, &sp, &args))
            put_chars(&o, start, (size_t)(conv + 1 - start));
        p = conv + 1;
    }
    va_end(args);

    return o.count > INT_MAX ? -EOVERFLOW : (int)o.count;
}

struct fmt_buf {
    char *buf;
    size_t size;
    size_t pos;
};

static void emit_to_buf(void *ctx, char c)
{
    struct fmt_buf *b = ctx;

    /* Keep the last byte for the terminator. */
    if (b->pos + 1 < b->size)
        b->buf[b->pos] = c;
    b->pos++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct fmt_buf b = { .buf = buf, .size = size, .pos = 0 };
    int ret = fmt_vcbprintf(emit_to_buf, &b, fmt, ap);

    if (size > 0)
        buf[b.pos < size ? b.pos : size - 1] = '\0';
    return ret;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int ret;

    va_start(ap, fmt);
    ret = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return ret;
}
