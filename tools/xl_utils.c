/*
 * xl's shared helpers (see xl_utils.h).  Messages and exit codes are Xen
 * 4.17 xl's; where xl shows a libxl log line, the text is libxl's without
 * its source file and line.
 */
#include <stdarg.h>

#include "common/errno.h"
#include "common/format.h"
#include "common/string.h"
#include "tools/domains.h"
#include "tools/print.h"
#include "tools/xl_utils.h"

void xl_getopt_init(struct xl_getopt *g, int argc, char **argv)
{
    memset(g, 0, sizeof(*g));
    g->argc = argc;
    g->argv = argv;
    g->next = 1;
    g->optind = 1;
}

static int opt_exit(struct xl_getopt *g, int code)
{
    g->exit_code = code;
    return XL_OPT_EXIT;
}

/* Put the arguments seen (and any after "--") at the end of argv and check their number. */
static int finish(struct xl_getopt *g, const char *cmd, int reqargs)
{
    while (g->next < g->argc && g->npos < XL_ARGS_MAX)
        g->pos[g->npos++] = g->argv[g->next++];
    g->optind = g->argc - g->npos;
    for (int i = 0; i < g->npos; i++)
        g->argv[g->optind + i] = g->pos[i];
    if (g->argc - g->optind <= reqargs - 1) {
        tools_printf("'xl %s' requires at least %d argument%s.\n\n", cmd, reqargs,
                     reqargs > 1 ? "s" : "");
        xl_help(cmd);
        return opt_exit(g, XL_EXIT_USAGE);
    }
    return XL_OPT_DONE;
}

static int long_option(struct xl_getopt *g, const struct xl_option *longopts, const char *cmd)
{
    const char *word = g->argv[g->next++] + 2;
    const char *eq = strchr(word, '=');
    size_t len = eq ? (size_t)(eq - word) : strlen(word);

    if (len == 4 && strncmp(word, "help", 4) == 0) {
        xl_help(cmd);
        return opt_exit(g, XL_EXIT_OK);
    }
    for (const struct xl_option *o = longopts; o && o->name; o++) {
        if (strlen(o->name) != len || strncmp(word, o->name, len) != 0)
            continue;
        g->optarg = NULL;
        if (o->has_arg) {
            if (eq)
                g->optarg = eq + 1;
            else if (g->next < g->argc)
                g->optarg = g->argv[g->next++];
            else
                break;
        } else if (eq) {
            break;
        }
        return o->val;
    }
    tools_printf("option `%.*s' not supported.\n", (int)len, word);
    return opt_exit(g, XL_EXIT_USAGE);
}

static int short_option(struct xl_getopt *g, const char *optstring, const char *cmd)
{
    const char *word = g->argv[g->next];
    char c = word[g->subpos++];
    const char *spec = c != ':' ? strchr(optstring, c) : NULL;

    if (!word[g->subpos]) /* the cluster is used up */
        g->next++, g->subpos = 0;
    if (c == 'h') {
        xl_help(cmd);
        return opt_exit(g, XL_EXIT_OK);
    }
    if (!spec) {
        tools_printf("option `%c' not supported.\n", c);
        return opt_exit(g, XL_EXIT_USAGE);
    }
    g->optarg = NULL;
    if (spec[1] == ':') {
        if (g->subpos) { /* -d0 */
            g->optarg = word + g->subpos;
            g->next++, g->subpos = 0;
        } else if (g->next < g->argc) {
            g->optarg = g->argv[g->next++];
        } else {
            tools_printf("option `%c' not supported.\n", c);
            return opt_exit(g, XL_EXIT_USAGE);
        }
    }
    return c;
}

int xl_getopt(struct xl_getopt *g, const char *optstring, const struct xl_option *longopts,
              const char *cmd, int reqargs)
{
    for (;;) {
        const char *word;

        if (g->subpos)
            return short_option(g, optstring, cmd);
        if (g->next >= g->argc)
            return finish(g, cmd, reqargs);
        word = g->argv[g->next];
        if (strcmp(word, "--") == 0) {
            g->next++;
            return finish(g, cmd, reqargs);
        }
        if (word[0] == '-' && word[1] == '-')
            return long_option(g, longopts, cmd);
        if (word[0] == '-' && word[1]) {
            g->subpos = 1;
            continue;
        }
        if (g->npos >= XL_ARGS_MAX) {
            tools_printf("xl: too many arguments\n");
            return opt_exit(g, XL_EXIT_FAILURE);
        }
        g->pos[g->npos++] = g->argv[g->next++];
    }
}

int xl_find_domain(const char *qualifier, uint32_t *domid)
{
    const char *p = qualifier;
    unsigned long id = 0;

    while (*p >= '0' && *p <= '9')
        id = id * 10 + (unsigned long)(*p++ - '0'), id = id > 0xffffffffUL ? 0xffffffffUL : id;
    if (!*p) { /* all digits (or empty, which strtoul reads as 0) */
        *domid = (uint32_t)id;
        return 0;
    }
    if (domains_lookup(qualifier, domid) == 0)
        return 0;
    tools_printf("%s is an invalid domain identifier (rc=%d)\n", qualifier, LIBXL_ERROR_INVAL);
    return -1;
}

int xl_domain_info(uint32_t domid, struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_getdomaininfo, .domain = (domid_t)domid };
    long rc;

    if (domid >= DOMID_FIRST_RESERVED)
        return -ESRCH;
    rc = xc_domctl(&op);
    if (rc)
        return (int)rc;
    if (op.u.getdomaininfo.domain != domid) /* Xen answers with the next domain up */
        return -ESRCH;
    *info = op.u.getdomaininfo;
    return 0;
}

int xl_domain_list(struct xen_domctl_getdomaininfo *buf, unsigned max)
{
    unsigned n = 0;
    domid_t first = 0;

    while (n < max) {
        struct xen_sysctl op = { .cmd = XEN_SYSCTL_getdomaininfolist };
        unsigned got;
        long rc;

        op.u.getdomaininfolist.first_domain = first;
        op.u.getdomaininfolist.max_domains = max - n;
        op.u.getdomaininfolist.buffer = (uint64_t)(uintptr_t)(buf + n);
        rc = xc_sysctl(&op);
        if (rc < 0)
            return (int)rc;
        got = op.u.getdomaininfolist.num_domains;
        if (got > max - n)
            return -EIO;
        n += got;
        if (got == 0 || got < max - (n - got))
            break;
        first = (domid_t)(buf[n - 1].domain + 1);
    }
    return (int)n;
}

const char *xl_strerror(long err)
{
    static const struct {
        int err;
        const char *text;
    } texts[] = {
        { EPERM, "Operation not permitted" },
        { ENOENT, "No such file or directory" },
        { ESRCH, "No such process" },
        { EIO, "Input/output error" },
        { ENOEXEC, "Exec format error" },
        { E2BIG, "Argument list too long" },
        { EAGAIN, "Resource temporarily unavailable" },
        { ENOMEM, "Cannot allocate memory" },
        { EACCES, "Permission denied" },
        { EFAULT, "Bad address" },
        { EBUSY, "Device or resource busy" },
        { EEXIST, "File exists" },
        { ENOTDIR, "Not a directory" },
        { EISDIR, "Is a directory" },
        { EINVAL, "Invalid argument" },
        { ENOSPC, "No space left on device" },
        { ERANGE, "Numerical result out of range" },
        { ENOSYS, "Function not implemented" },
        { ENAMETOOLONG, "File name too long" },
        { EOPNOTSUPP, "Operation not supported" },
    };

    if (err < 0)
        err = -err;
    for (unsigned i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        if (texts[i].err == err)
            return texts[i].text;
    return "Unknown error";
}

void xl_libxl_error(const char *fmt, ...)
{
    char line[256];
    va_list ap;

    va_start(ap, fmt);
    fmt_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    tools_printf("libxl: error: %s\n", line);
}

void xl_format_seconds(char *buf, size_t size, uint64_t ns, int width)
{
    uint64_t tenths = (ns + 50000000) / 100000000;

    fmt_snprintf(buf, size, "%*llu.%llu", width - 2, (unsigned long long)(tenths / 10),
                 (unsigned long long)(tenths % 10));
}

void xl_format_uuid(char *buf, const uint8_t u[16])
{
    fmt_snprintf(buf, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
                 u[13], u[14], u[15]);
}

const char *xl_scheduler_name(uint32_t sched_id)
{
    switch (sched_id) {
    case XEN_SCHEDULER_CREDIT:
        return "credit";
    case XEN_SCHEDULER_CREDIT2:
        return "credit2";
    case XEN_SCHEDULER_ARINC653:
        return "arinc653";
    case XEN_SCHEDULER_RTDS:
        return "rtds";
    case XEN_SCHEDULER_NULL:
        return "null";
    }
    return NULL;
}

int xl_parse_ulong(const char *s, unsigned long *out)
{
    unsigned long v = 0;

    if (!*s)
        return -EINVAL;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (~0UL - 9) / 10)
            return -EINVAL;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = v;
    return 0;
}
