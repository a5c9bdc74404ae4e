/*
 * Command-line words (guest/args.h).
 */
#include "common/string.h"
#include "guest/args.h"
#include "guest/runtime.h"

/* The value after `name=` (or the end of a bare `name`), or NULL. */
static const char *arg_find(const char *name, size_t *len)
{
    const char *p = start_info->cmd_line;
    const char *end = p + strnlen(p, sizeof(start_info->cmd_line));
    size_t n = strlen(name);

    while (p < end) {
        const char *word = p;

        while (p < end && *p != ' ')
            p++;
        if ((size_t)(p - word) >= n && strncmp(word, name, n) == 0 &&
            (word + n == p || word[n] == '=')) {
            const char *value = word + n + (word + n < p);
            *len = (size_t)(p - value);
            return value;
        }
        while (p < end && *p == ' ')
            p++;
    }
    return NULL;
}

bool arg_present(const char *name)
{
    size_t len;

    return arg_find(name, &len) != NULL;
}

uint64_t arg_uint(const char *name, uint64_t dflt)
{
    size_t len;
    const char *v = arg_find(name, &len);
    uint64_t n = 0, base = 10;

    if (!v || !len)
        return dflt;
    if (len > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
        base = 16;
        v += 2;
        len -= 2;
    }
    for (size_t i = 0; i < len; i++) {
        char c = v[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 99;
        if (d >= base)
            return dflt;
        n = n * base + d;
    }
    return n;
}

bool arg_string(const char *name, char *buf, size_t size)
{
    size_t len;
    const char *v = arg_find(name, &len);

    if (!v || !size)
        return false;
    if (len >= size)
        len = size - 1;
    memcpy(buf, v, len);
    buf[len] = '\0';
    return true;
}
