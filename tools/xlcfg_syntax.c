/*
 * xl.cfg's lexer and grammar (see xlcfg_syntax.h), by recursive descent.
 * Error messages take the shape of libxlutil's bison parser: the token the
 * parse stopped at, "syntax error, unexpected X, expecting Y or Z" with
 * bison's token names, one report per line; after an error the rest of the
 * line is skipped and parsing goes on, so every bad line is named, but the
 * result is an error.
 *
 * Invariant: the lexer never reads past the segment it is in; a token
 * ends at the latest where its segment does.
 */
#include "common/errno.h"
#include "common/format.h"
#include "common/string.h"
#include "tools/print.h"
#include "tools/xlcfg_syntax.h"

enum tok {
    T_END,
    T_IDENT,
    T_STRING,
    T_NUMBER,
    T_NEWLINE,
    T_ADD,
    T_EQ,
    T_SEMI,
    T_LBRACKET,
    T_RBRACKET,
    T_COMMA,
    T_LEXERR, /* already reported */
};

/* Bison's names for the tokens, as they appear in its messages. */
static const char *const tok_names[] = {
    [T_END] = "$end",        [T_IDENT] = "IDENT",  [T_STRING] = "STRING", [T_NUMBER] = "NUMBER",
    [T_NEWLINE] = "NEWLINE", [T_ADD] = "\"+=\"",   [T_EQ] = "'='",        [T_SEMI] = "';'",
    [T_LBRACKET] = "'['",    [T_RBRACKET] = "']'", [T_COMMA] = "','",     [T_LEXERR] = "error",
};

struct parser {
    struct xlcfg_doc *doc;
    const char *const *seg;
    const size_t *seglen;
    unsigned nseg;
    unsigned si;  /* current segment */
    size_t pos;   /* in it */
    int line;     /* the lexer's line, 1-based */
    enum tok tok; /* the lookahead token */
    const char *text;
    size_t len; /* its text, for messages and values */
    int tok_line;
    int err;           /* the first error: -EINVAL or -ENOMEM */
    int reported_line; /* the last line an error was reported on */
};

/* A parsed value before it is stored. */
struct value {
    const char *text; /* STRING / NUMBER token text (quotes included) */
    size_t len;
    enum tok kind; /* T_STRING, T_NUMBER or T_LBRACKET for a list */
    unsigned nitems;
};

static void report(struct parser *p, int line, const char *text, size_t len, const char *msg)
{
    const char *newline = "";

    if (!p->err)
        p->err = -EINVAL;
    if (line <= p->reported_line)
        return;
    p->reported_line = line;
    if (len > 0 && text[len - 1] == '\n') {
        len--;
        if (!len)
            newline = "<newline>";
    }
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    tools_printf("%s:%d: config parsing error near %s%.*s%s%s: %s\n", p->doc->source, line,
                 len ? "`" : "", (int)len, text, len ? "'" : "", newline, msg);
}

static void syntax_error(struct parser *p, const char *expecting)
{
    char msg[128];

    if (p->tok == T_LEXERR) { /* the lexer has said why */
        if (!p->err)
            p->err = -EINVAL;
        return;
    }
    if (expecting)
        fmt_snprintf(msg, sizeof(msg), "syntax error, unexpected %s, expecting %s",
                     tok_names[p->tok], expecting);
    else
        fmt_snprintf(msg, sizeof(msg), "syntax error, unexpected %s", tok_names[p->tok]);
    report(p, p->tok_line, p->text, p->len, msg);
}

static bool is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    return (unsigned)((c | 0x20) - 'a' + 10);
}

/* The length of the token starting at s[0] (s[0] is not a space), or 0 for none. */
static size_t scan_token(const char *s, size_t n, enum tok *kind)
{
    size_t i = 1;

    if (is_ident_start(s[0])) {
        while (i < n && is_ident_char(s[i]))
            i++;
        return *kind = T_IDENT, i;
    }
    if (s[0] >= '0' && s[0] <= '9') {
        if (s[0] == '0' && n > 2 && (s[1] | 0x20) == 'x' && is_hex(s[2])) {
            for (i = 3; i < n && is_hex(s[i]); i++)
                ;
        } else {
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
        }
        return *kind = T_NUMBER, i;
    }
    if (s[0] == '"' || s[0] == '\'') {
        while (i < n && s[i] != s[0] && s[i] != '\n')
            i += (s[i] == '\\' && i + 1 < n && s[i + 1] != '\n') ? 2 : 1;
        if (i < n && s[i] == s[0])
            return *kind = T_STRING, i + 1;
        return 0;
    }
    if (s[0] == '+')
        return (n > 1 && s[1] == '=') ? (*kind = T_ADD, 2) : 0;
    switch (s[0]) {
    case '=':
        return *kind = T_EQ, 1;
    case ';':
        return *kind = T_SEMI, 1;
    case '[':
        return *kind = T_LBRACKET, 1;
    case ']':
        return *kind = T_RBRACKET, 1;
    case ',':
        return *kind = T_COMMA, 1;
    }
    return 0;
}

/* Read the next token into p->tok / text / len / tok_line. */
static void next(struct parser *p)
{
    for (;;) {
        const char *s;
        size_t n, i;

        if (p->si >= p->nseg) {
            p->tok = T_END, p->text = "", p->len = 0, p->tok_line = p->line;
            return;
        }
        s = p->seg[p->si];
        n = p->seglen[p->si];
        i = p->pos;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
            i++;
        if (i >= n) {
            p->si++, p->pos = 0;
            continue;
        }
        p->text = s + i;
        p->tok_line = p->line;
        if (s[i] == '\n' || s[i] == '#') { /* a comment runs to its newline, which ends it */
            size_t j = i;

            while (j < n && s[j] != '\n')
                j++;
            if (j < n)
                j++, p->line++;
            p->tok = T_NEWLINE, p->len = j - i, p->pos = j;
            return;
        }
        p->len = scan_token(s + i, n - i, &p->tok);
        if (p->len) {
            p->pos = i + p->len;
            return;
        }
        /* Nothing xl.cfg knows: the word it starts is a lexical error. */
        for (p->len = 1; i + p->len < n && s[i + p->len] != ' ' && s[i + p->len] != '\t' &&
                         s[i + p->len] != '\n';
             p->len++)
            ;
        p->pos = i + p->len;
        report(p, p->line, p->text, p->len, "lexical error");
        p->tok = T_LEXERR;
        return;
    }
}

/*
 * Unquote a STRING token text[len] into dst (NULL: only check it); the
 * length of the result, or -1 after reporting a bad escape.
 */
static long unquote(struct parser *p, const char *text, size_t len, char *dst)
{
    static const char escapes[] = "\"\"''\\\\a\ab\bf\fn\nr\rt\tv\v";
    size_t out = 0;

    for (size_t i = 1; i + 1 < len; out++) {
        char c = text[i++];

        if (c == '\\') {
            const char *e;

            c = text[i++];
            for (e = escapes; *e && *e != c; e += 2)
                ;
            if (*e) {
                c = e[1];
            } else if (c == 'x' && i + 2 < len && is_hex(text[i]) && is_hex(text[i + 1])) {
                c = (char)(hex_value(text[i]) << 4 | hex_value(text[i + 1]));
                i += 2;
            } else if (c >= '0' && c <= '7') {
                unsigned v = (unsigned)(c - '0');

                for (int k = 0; k < 2 && i + 1 < len && text[i] >= '0' && text[i] <= '7'; k++)
                    v = v * 8 + (unsigned)(text[i++] - '0');
                c = (char)v;
            } else {
                report(p, p->tok_line, text, len,
                       "invalid escape after backslash in quoted string");
                return -1;
            }
        }
        if (dst)
            dst[out] = c;
    }
    if (dst)
        dst[out] = '\0';
    return (long)out;
}

static char *arena_alloc(struct parser *p, size_t size)
{
    struct xlcfg_doc *doc = p->doc;
    char *r;

    if (size > sizeof(doc->arena) - doc->used) {
        p->err = -ENOMEM;
        return NULL;
    }
    r = doc->arena + doc->used;
    doc->used += size;
    return r;
}

/* The value's text as stored: unquoted strings, numbers as written. */
static const char *value_text(struct parser *p, const struct value *v)
{
    long n = v->kind == T_STRING ? unquote(p, v->text, v->len, NULL) : (long)v->len;
    char *s;

    if (n < 0 || !(s = arena_alloc(p, (size_t)n + 1)))
        return NULL;
    if (v->kind == T_STRING)
        unquote(p, v->text, v->len, s);
    else
        memcpy(s, v->text, v->len), s[v->len] = '\0';
    return s;
}

static void skip_newlines(struct parser *p)
{
    while (p->tok == T_NEWLINE)
        next(p);
}

/* value := STRING | NUMBER | '[' nl* [ items [',' nl*] ] ']'; 0 or -1 (reported). */
static int parse_value(struct parser *p, struct value *v)
{
    struct value item;

    v->text = p->text, v->len = p->len, v->kind = p->tok, v->nitems = 0;
    if (p->tok == T_STRING || p->tok == T_NUMBER) {
        if (p->tok == T_STRING && unquote(p, p->text, p->len, NULL) < 0)
            return -1;
        next(p);
        return 0;
    }
    if (p->tok != T_LBRACKET) {
        syntax_error(p, "STRING or NUMBER or '['");
        return -1;
    }
    next(p);
    skip_newlines(p);
    while (p->tok != T_RBRACKET) {
        if (p->tok != T_STRING && p->tok != T_NUMBER && p->tok != T_LBRACKET) {
            syntax_error(p, NULL);
            return -1;
        }
        if (parse_value(p, &item))
            return -1;
        v->nitems++;
        skip_newlines(p);
        if (p->tok == T_COMMA) {
            next(p);
            skip_newlines(p);
        } else if (p->tok != T_RBRACKET) {
            syntax_error(p, "NEWLINE or ']' or ','");
            return -1;
        }
    }
    next(p);
    return 0;
}

/* Record name (op)= v, joining a += to the earlier value. */
static void store(struct parser *p, const char *name, bool add, const struct value *v, int line)
{
    struct xlcfg_doc *doc = p->doc;
    const struct xlcfg_setting *prev = add ? xlcfg_syntax_find(doc, name) : NULL;
    struct xlcfg_setting *s;
    bool is_list = v->kind == T_LBRACKET;

    if (prev && prev->is_list != is_list) {
        report(p, line, p->text, p->len, "can't add [list] to \"string\" or vice versa");
        return;
    }
    if (doc->nsettings >= XLCFG_SETTINGS_MAX) {
        p->err = -ENOMEM;
        return;
    }
    s = &doc->settings[doc->nsettings];
    s->name = name, s->add = add, s->line = line, s->is_list = is_list;
    s->nitems = v->nitems + (prev ? prev->nitems : 0);
    s->value = NULL;
    if (!is_list) {
        const char *tail = value_text(p, v);
        size_t head = prev ? strlen(prev->value) : 0;
        char *joined;

        if (!tail)
            return;
        if (!prev) {
            s->value = tail;
        } else {
            if (!(joined = arena_alloc(p, head + strlen(tail) + 1)))
                return;
            memcpy(joined, prev->value, head);
            memcpy(joined + head, tail, strlen(tail) + 1);
            s->value = joined;
        }
    }
    doc->nsettings++;
}

/* stmt := IDENT ('=' | '+=') value end; 0, or -1 with the line to skip. */
static int parse_assignment(struct parser *p)
{
    struct value name = { p->text, p->len, T_NUMBER, 0 }; /* copied as written */
    const char *key;
    int line = p->tok_line;
    struct value v;
    bool add;

    next(p);
    if (p->tok != T_EQ && p->tok != T_ADD) {
        syntax_error(p, "\"+=\" or '='");
        return -1;
    }
    add = p->tok == T_ADD;
    next(p);
    if (parse_value(p, &v))
        return -1;
    if (p->tok != T_NEWLINE && p->tok != T_SEMI) {
        syntax_error(p, "NEWLINE or ';'");
        return -1;
    }
    key = value_text(p, &name);
    if (key)
        store(p, key, add, &v, line);
    next(p);
    return 0;
}

int xlcfg_syntax_parse(struct xlcfg_doc *doc, const char *source, const char *const seg[],
                       const size_t len[], unsigned nseg)
{
    struct parser p = { .doc = doc, .seg = seg, .seglen = len, .nseg = nseg, .line = 1 };

    doc->source = source;
    doc->nsettings = 0;
    doc->used = 0;
    next(&p);
    while (p.tok != T_END && p.err != -ENOMEM) {
        if (p.tok == T_NEWLINE || p.tok == T_SEMI) {
            next(&p);
            continue;
        }
        if (p.tok == T_IDENT) {
            if (parse_assignment(&p) == 0)
                continue;
        } else {
            syntax_error(&p, "$end or IDENT or NEWLINE or ';'");
        }
        while (p.tok != T_NEWLINE && p.tok != T_END) /* recover at the next line */
            next(&p);
    }
    if (p.err == -ENOMEM)
        tools_printf("%s: configuration too large (more than %u settings or %u bytes)\n", source,
                     XLCFG_SETTINGS_MAX, XLCFG_ARENA_SIZE);
    return p.err;
}

const struct xlcfg_setting *xlcfg_syntax_find(const struct xlcfg_doc *doc, const char *name)
{
    for (unsigned i = doc->nsettings; i-- > 0;)
        if (strcmp(doc->settings[i].name, name) == 0)
            return &doc->settings[i];
    return NULL;
}
