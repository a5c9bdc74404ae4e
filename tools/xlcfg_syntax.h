/*
 * xl.cfg's syntax (libxlutil's grammar), apart from what the keys mean: the
 * text becomes a table of settings.  Used by tools/xlcfg.c only.
 *
 * Grammar, as Xen 4.17's:
 *   file      := { stmt }
 *   stmt      := IDENT ('=' | '+=') value end | end | <error> NEWLINE
 *   end       := NEWLINE | ';'
 *   value     := STRING | NUMBER | '[' nl* [ items [',' nl*] ] ']'
 *   items     := value nl* { ',' nl* value nl* }
 * where NEWLINE is a newline or a comment (`#` to the end of the line).
 */
#ifndef TOOLS_XLCFG_SYNTAX_H
#define TOOLS_XLCFG_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

#define XLCFG_SETTINGS_MAX 128   /* assignments in one configuration */
#define XLCFG_ARENA_SIZE   16384 /* bytes for names and values */

/* One assignment, in file order; a later one of the same name wins. */
struct xlcfg_setting {
    const char *name;  /* the key */
    const char *value; /* a string's or number's text, unquoted; NULL for a list */
    unsigned nitems;   /* a list's length (a += list counts both parts) */
    bool is_list;      /* the value is a list */
    bool add;          /* written with += (numbers refuse it) */
    int line;          /* where the assignment is, for messages */
};

struct xlcfg_doc {
    const char *source; /* the file's name, for messages */
    unsigned nsettings;
    struct xlcfg_setting settings[XLCFG_SETTINGS_MAX];
    size_t used; /* of arena */
    char arena[XLCFG_ARENA_SIZE];
};

/*
 * Parse the concatenation of the nseg segments seg[i][len[i]] into *doc
 * (segments let the caller append command-line lines without copying the
 * file; no token may span two).  Errors are reported with tools_printf, in
 * xl's shape, with source and line.  Returns 0, -EINVAL after a syntax or
 * lexical error, -ENOMEM when the tables are full.
 */
int xlcfg_syntax_parse(struct xlcfg_doc *doc, const char *source, const char *const seg[],
                       const size_t len[], unsigned nseg);

/* The winning (last) assignment of name, or NULL. */
const struct xlcfg_setting *xlcfg_syntax_find(const struct xlcfg_doc *doc, const char *name);

#endif /* TOOLS_XLCFG_SYNTAX_H */
