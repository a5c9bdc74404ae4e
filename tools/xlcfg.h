/*
 * The xl.cfg parser: a domain configuration file in xl.cfg(5)'s syntax,
 * read the way Xen 4.17's xl reads it (libxlutil's grammar, then xl's
 * parse_config_data for the keys), into the struct that `xl create` and the
 * domain builder consume.
 *
 * Syntax: one `key = value` per line (or separated by ';'); a value is a
 * number (decimal, 0x hex, or octal with a leading 0, as strtol base 0), a
 * string in single or double quotes (C escapes), or a list `[v, v, ...]`
 * that may span lines; `key += value` appends to an earlier string or list;
 * `#` starts a comment.  As in xl, the last assignment of a key wins, and
 * `key=value` overrides given after the file on xl's command line are read
 * as extra lines after it (so they win, and their errors name lines past
 * the file's end).  A statement must end with a newline or ';', so a file
 * whose last line has no newline is a syntax error, as in xl, unless
 * overrides follow.
 *
 * Keys: name (required), type ("pv"; "hvm"/"pvh" are refused here), kernel,
 * ramdisk, cmdline / root / extra (combined as xl does), memory and maxmem
 * (MiB; default 32, maxmem defaults to memory), vcpus and maxvcpus (default
 * 1; maxvcpus defaults to vcpus), uuid, on_poweroff / on_reboot / on_crash /
 * on_watchdog / on_soft_reset.  Any other key is warned about and ignored.
 *
 * Messages go to tools_printf in xl's shapes: "FILE:LINE: config parsing
 * error near `TOKEN': syntax error, ..." then "Failed to parse config:
 * Invalid argument"; "FILE:LINE: warning: ..." for values; xl's own
 * sentences ("Domain name must be specified.", "Unknown on_poweroff action
 * \"x\" specified", "xl: maxvcpus < vcpus", ...).  Where xl would warn about
 * a malformed memory or vcpus value and go on with the default, this parser
 * refuses the configuration instead: creating a 32 MiB domain because
 * `memory="1G"` did not parse helps nobody.
 */
#ifndef TOOLS_XLCFG_H
#define TOOLS_XLCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XLCFG_NAME_MAX    64   /* bytes of a domain name, NUL included */
#define XLCFG_PATH_MAX    256  /* kernel and ramdisk paths, NUL included */
#define XLCFG_CMDLINE_MAX 1024 /* the guest command line (start_info's), NUL included */
#define XLCFG_VCPUS_MAX   128  /* vcpus / maxvcpus upper bound (HVM_MAX_VCPUS) */

/* What to do when the domain shuts down for a reason (xl.cfg's on_*). */
enum xlcfg_action {
    XLCFG_ACTION_DESTROY,
    XLCFG_ACTION_RESTART,
    XLCFG_ACTION_RENAME_RESTART,
    XLCFG_ACTION_PRESERVE,
    XLCFG_ACTION_COREDUMP_DESTROY,
    XLCFG_ACTION_COREDUMP_RESTART,
    XLCFG_ACTION_SOFT_RESET,
};

/* A parsed domain configuration. */
struct xlcfg {
    char name[XLCFG_NAME_MAX];       /* the domain's name */
    char kernel[XLCFG_PATH_MAX];     /* kernel image path; "" if none was given */
    char ramdisk[XLCFG_PATH_MAX];    /* initial ramdisk path; "" for none */
    char cmdline[XLCFG_CMDLINE_MAX]; /* guest command line: cmdline, or root=/extra */
    uint64_t target_memkb;           /* memory, KiB */
    uint64_t max_memkb;              /* maxmem, KiB (>= target_memkb) */
    unsigned vcpus;                  /* vCPUs online at start */
    unsigned max_vcpus;              /* vCPUs the domain may have (>= vcpus) */
    bool has_uuid;                   /* uuid was given (else the creator makes one) */
    uint8_t uuid[16];                /* the domain handle, in string order */
    enum xlcfg_action on_poweroff;   /* default destroy */
    enum xlcfg_action on_reboot;     /* default restart */
    enum xlcfg_action on_crash;      /* default destroy */
    enum xlcfg_action on_watchdog;   /* default destroy */
    enum xlcfg_action on_soft_reset; /* default soft-reset */
};

/*
 * Parse text[len], named source in messages (the file name), followed by the
 * overrides (each "key=value", may be NULL when noverrides is 0), into *cfg.
 * Returns 0, -EINVAL (a syntax or key error, already reported), or -ENOMEM
 * (the configuration is larger than the parser's fixed tables).
 */
int xlcfg_parse(struct xlcfg *cfg, const char *source, const char *text, size_t len, int noverrides,
                char *const overrides[]);

/* xl.cfg's name for an action ("destroy", "rename-restart", ...). */
const char *xlcfg_action_name(enum xlcfg_action action);

#endif /* TOOLS_XLCFG_H */
