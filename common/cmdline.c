/*
 * Command line parsing.  The line is never modified: a token is a
 * (pointer, length) slice of it, split once at its first '='.  Each token
 * is handled on its own, so a bad token costs only itself.
 */
#include "common/cmdline.h"
#include "common/errno.h"
#include "common/string.h"

/* Longest token text handed to report(); longer ones end in "...". */
#define CMDLINE_REPORT_MAX 96

struct cmdline_token {
    const char *text; /* the whole token */
    size_t len;
    const char *name;
    size_t name_len;
    const char *value; /* after the '='; NULL when there is none */
    size_t value_len;
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Does the slice name[len] spell the option name, with '-' == '_'? */
static bool name_matches(const char *opt_name, const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        char a = opt_name[i], b = name[i];

        if (a == '\0')
            return false;
        if (a == '-')
            a = '_';
        if (b == '-')
            b = '_';
        if (a != b)
            return false;
    }
    return opt_name[len] == '\0';
}

static const struct cmdline_option *find_option(const struct cmdline_option *opts, size_t nr_opts,
                                                const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < nr_opts; i++) {
        if (name_matches(opts[i].name, name, len))
            return &opts[i];
    }
    return NULL;
}

/* Case-insensitive comparison of the slice s[len] with a lowercase word. */
static bool slice_is(const char *s, size_t len, const char *word)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (word[i] == '\0' || lower(s[i]) != word[i])
            return false;
    }
    return word[len] == '\0';
}

/* Returns 1 or 0 for a boolean spelling, -EINVAL for anything else. */
static int parse_bool(const char *s, size_t len)
{
    static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
    static const char *const no[] = { "0", "no", "off", "false", "disable" };
    size_t i;

    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (slice_is(s, len, yes[i]))
            return 1;
        if (slice_is(s, len, no[i]))
            return 0;
    }
    return -EINVAL;
}

static int digit_value(char c)
{
    c = lower(c);
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return 16;
}

/*
 * Reads a decimal or 0x-hex number from the front of s[len] and sets
 * *used to the characters consumed.  Returns 0, -EINVAL if there are no
 * digits, or -ERANGE if the number does not fit in 64 bits.
 */
static int parse_number(const char *s, size_t len, uint64_t *out, size_t *used)
{
    unsigned base = 10;
    size_t i = 0, first;
    uint64_t v = 0;

    if (len > 2 && s[0] == '0' && lower(s[1]) == 'x' && digit_value(s[2]) < 16) {
        base = 16;
        i = 2;
    }
    for (first = i; i < len; i++) {
        unsigned d = (unsigned)digit_value(s[i]);

        if (d >= base)
            break;
        if (v > (UINT64_MAX - d) / base)
            return -ERANGE;
        v = v * base + d;
    }
    if (i == first)
        return -EINVAL;
    *out = v;
    *used = i;
    return 0;
}

static const char *store_uint(const struct cmdline_option *opt, const char *s, size_t len)
{
    uint64_t v;
    size_t used;
    int rc = parse_number(s, len, &v, &used);

    if (rc == -ERANGE)
        return "number too large";
    if (rc < 0 || used != len)
        return "not a number";
    *(uint64_t *)opt->value = v;
    return NULL;
}

const char *cmdline_parse_size(const char *s, size_t len, uint64_t *out)
{
    uint64_t v;
    size_t used;
    unsigned shift = 0;
    int rc = parse_number(s, len, &v, &used);

    if (rc == -ERANGE)
        return "size too large";
    if (rc < 0)
        return "not a size (a number with an optional K, M, G or T suffix)";
    if (used + 1 == len) {
        switch (lower(s[used])) {
        case 'k':
            shift = 10;
            break;
        case 'm':
            shift = 20;
            break;
        case 'g':
            shift = 30;
            break;
        case 't':
            shift = 40;
            break;
        default:
            return "unknown size suffix (use K, M, G or T)";
        }
    } else if (used != len) {
        return "not a size (a number with an optional K, M, G or T suffix)";
    }
    if (v > (UINT64_MAX >> shift))
        return "size too large";
    *out = v << shift;
    return NULL;
}

static const char *store_size(const struct cmdline_option *opt, const char *s, size_t len)
{
    return cmdline_parse_size(s, len, (uint64_t *)opt->value);
}

static const char *store_string(const struct cmdline_option *opt, const char *s, size_t len)
{
    if (len >= opt->size)
        return "value too long";
    memcpy(opt->value, s, len);
    ((char *)opt->value)[len] = '\0';
    return NULL;
}

/* Stores the token's value into opt; returns a problem or NULL. */
static const char *store_value(const struct cmdline_option *opt, const struct cmdline_token *tok)
{
    int b;

    if (opt->kind == CMDLINE_BOOL) {
        b = tok->value ? parse_bool(tok->value, tok->value_len) : 1;
        if (b < 0)
            return "not a boolean (use yes/no, on/off, true/false, 1/0)";
        *(bool *)opt->value = b;
        return NULL;
    }
    if (!tok->value || (tok->value_len == 0 && opt->kind != CMDLINE_STRING))
        return "option needs a value";
    switch (opt->kind) {
    case CMDLINE_UINT:
        return store_uint(opt, tok->value, tok->value_len);
    case CMDLINE_SIZE:
        return store_size(opt, tok->value, tok->value_len);
    case CMDLINE_STRING:
        return store_string(opt, tok->value, tok->value_len);
    default:
        return "option has an unknown kind";
    }
}

static const char *handle_token(const struct cmdline_option *opts, size_t nr_opts,
                                const struct cmdline_token *tok)
{
    const struct cmdline_option *opt;

    opt = find_option(opts, nr_opts, tok->name, tok->name_len);
    if (opt)
        return store_value(opt, tok);

    /* `no-name` switches a boolean off. */
    if (tok->name_len > 3 && memcmp(tok->name, "no-", 3) == 0) {
        opt = find_option(opts, nr_opts, tok->name + 3, tok->name_len - 3);
        if (opt && opt->kind != CMDLINE_BOOL)
            return "no- prefix applies only to boolean options";
        if (opt && tok->value)
            return "no- form of a boolean takes no value";
        if (opt) {
            *(bool *)opt->value = false;
            return NULL;
        }
    }
    return "unknown option";
}

static void report_problem(void (*report)(void *ctx, const char *token, const char *problem),
                           void *ctx, const struct cmdline_token *tok, const char *problem)
{
    char text[CMDLINE_REPORT_MAX + 4];
    size_t n = tok->len;

    if (!report)
        return;
    if (n > CMDLINE_REPORT_MAX) {
        n = CMDLINE_REPORT_MAX;
        memcpy(text + n, "...", 3);
        memcpy(text, tok->text, n);
        n += 3;
    } else {
        memcpy(text, tok->text, n);
    }
    text[n] = '\0';
    report(ctx, text, problem);
}

int cmdline_parse(const char *line, const struct cmdline_option *opts, size_t nr_opts,
                  void (*report)(void *ctx, const char *token, const char *problem), void *ctx)
{
    const char *p = line ? line : "";
    int problems = 0;

    for (;;) {
        struct cmdline_token tok;
        const char *problem;
        size_t i;

        while (is_space(*p))
            p++;
        if (*p == '\0')
            return problems;

        tok.text = p;
        while (*p && !is_space(*p))
            p++;
        tok.len = (size_t)(p - tok.text);
        tok.name = tok.text;
        tok.name_len = tok.len;
        tok.value = NULL;
        tok.value_len = 0;
        for (i = 0; i < tok.len; i++) {
            if (tok.text[i] == '=') {
                tok.name_len = i;
                tok.value = tok.text + i + 1;
                tok.value_len = tok.len - i - 1;
                break;
            }
        }

        problem = handle_token(opts, nr_opts, &tok);
        if (problem) {
            problems++;
            report_problem(report, ctx, &tok, problem);
        }
    }
}
