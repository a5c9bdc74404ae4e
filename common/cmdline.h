/*
 * The hypervisor command line: whitespace-separated tokens, each `name`,
 * `name=value` or, for booleans, `no-name`.  The caller describes the
 * options it knows in a table; cmdline_parse() stores each value it finds
 * and reports each token it cannot use.
 *
 * Option names match with '-' and '_' treated alike (as Xen does), so
 * `dom0-mem=` and `dom0_mem=` are the same option.  When an option appears
 * more than once the last good occurrence wins; a bad occurrence leaves
 * the stored value alone.
 */
#ifndef COMMON_CMDLINE_H
#define COMMON_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cmdline_kind {
    CMDLINE_BOOL,   /* bool: `name`, `no-name`, `name=yes|no|on|off|
			 *  true|false|enable|disable|1|0` (any case) */
    CMDLINE_UINT,   /* uint64_t: decimal or 0x-prefixed hex */
    CMDLINE_SIZE,   /* uint64_t bytes: a UINT with an optional K/M/G/T
			 *  suffix (any case, powers of 1024) */
    CMDLINE_STRING, /* char[size]: copied NUL-terminated; may be empty */
};

struct cmdline_option {
    const char *name;       /* option name, without "no-" */
    enum cmdline_kind kind; /* how to read the value */
    void *value;            /* where to store it (type per kind) */
    size_t size;            /* buffer size, CMDLINE_STRING only */
};

/*
 * Parses line (NULL counts as empty) against opts[nr_opts].  For each
 * token that is unknown or has a missing, malformed, out-of-range or
 * too-long value, calls report(ctx, token, problem) if report is not NULL,
 * where token is the offending token (cut short with "..." if very long)
 * and problem a short static phrase, and goes on with the next token.
 * Returns the number of such tokens.
 */
int cmdline_parse(const char *line, const struct cmdline_option *opts, size_t nr_opts,
                  void (*report)(void *ctx, const char *token, const char *problem), void *ctx);

/*
 * A size: a decimal or 0x number with an optional K, M, G or T suffix, in
 * s[len].  NULL, or a short text saying what is wrong (*out untouched).
 */
const char *cmdline_parse_size(const char *s, size_t len, uint64_t *out);

#endif /* COMMON_CMDLINE_H */
