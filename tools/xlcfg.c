/*
 * The keys of an xl.cfg file (see xlcfg.h): what each means and its default,
 * read in the order and with the messages of Xen 4.17's xl
 * (parse_config_data), over the settings tools/xlcfg_syntax.c produced.
 */
#include <limits.h>

#include "common/errno.h"
#include "common/string.h"
#include "tools/print.h"
#include "tools/xlcfg.h"
#include "tools/xlcfg_syntax.h"

#define XLCFG_MEMORY_MAX_MIB (1L << 24) /* 16 TiB: keeps the KiB count far from overflow */

static const char *const action_names[] = {
    [XLCFG_ACTION_DESTROY] = "destroy",
    [XLCFG_ACTION_RESTART] = "restart",
    [XLCFG_ACTION_RENAME_RESTART] = "rename-restart",
    [XLCFG_ACTION_PRESERVE] = "preserve",
    [XLCFG_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
    [XLCFG_ACTION_COREDUMP_RESTART] = "coredump-restart",
    [XLCFG_ACTION_SOFT_RESET] = "soft-reset",
};

/* The keys this parser reads; any other is warned about. */
static const char *const known_keys[] = {
    "name",        "type",      "kernel",   "ramdisk",     "cmdline",       "root",
    "extra",       "memory",    "maxmem",   "vcpus",       "maxvcpus",      "uuid",
    "on_poweroff", "on_reboot", "on_crash", "on_watchdog", "on_soft_reset",
};

/* Large: one parse at a time (xl is single-threaded), kept off the stack. */
static struct xlcfg_doc doc;

const char *xlcfg_action_name(enum xlcfg_action action)
{
    if ((unsigned)action < sizeof(action_names) / sizeof(action_names[0]))
        return action_names[action];
    return "unknown";
}

/* A single value: 0; -ESRCH if absent; -EINVAL if a list (warned). */
static int get_string(const char *key, const char **out)
{
    const struct xlcfg_setting *s = xlcfg_syntax_find(&doc, key);

    if (!s)
        return -ESRCH;
    if (s->is_list) {
        tools_printf("%s:%d: warning: parameter `%s' is a list but should be a single value\n",
                     doc.source, s->line, key);
        return -EINVAL;
    }
    *out = s->value;
    return 0;
}

/* strtol(s, &end, 0) with the whole string consumed: 0, -EINVAL or -ERANGE. */
static int parse_long(const char *s, long *out)
{
    unsigned long v = 0, limit;
    unsigned base = 10;
    bool neg = false, digits = false;

    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        s++;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    if (s[0] == '0' && (s[1] | 0x20) == 'x' &&
        ((s[2] >= '0' && s[2] <= '9') || ((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'f')))
        base = 16, s += 2;
    else if (s[0] == '0')
        base = 8;
    limit = neg ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
    for (;; s++, digits = true) {
        unsigned d;

        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
            d = (unsigned)((*s | 0x20) - 'a' + 10);
        else
            break;
        if (d >= base)
            break;
        if (v > (limit - d) / base)
            return -ERANGE;
        v = v * base + d;
    }
    if (!digits || *s)
        return -EINVAL;
    *out = neg ? (long)(0 - v) : (long)v;
    return 0;
}

/* A number in [min, max]: 0; -ESRCH if absent; -EINVAL / -ERANGE (warned). */
static int get_long(const char *key, long min, long max, long *out)
{
    const struct xlcfg_setting *s;
    const char *text;
    long l;
    int rc = get_string(key, &text);

    if (rc)
        return rc;
    s = xlcfg_syntax_find(&doc, key);
    if (s->add) {
        tools_printf("%s:%d: warning: can't use += with numbers for parameter `%s'\n", doc.source,
                     s->line, key);
        return -EINVAL;
    }
    rc = parse_long(text, &l);
    if (rc == -ERANGE) {
        tools_printf("%s:%d: warning: parameter `%s' could not be parsed as a number: "
                     "Numerical result out of range\n",
                     doc.source, s->line, key);
        return rc;
    }
    if (rc) {
        tools_printf("%s:%d: warning: parameter `%s' is not a valid number\n", doc.source, s->line,
                     key);
        return rc;
    }
    if (l < min) {
        tools_printf("%s:%d: warning: value `%ld' is smaller than minimum bound '%ld'\n",
                     doc.source, s->line, l, min);
        return -EINVAL;
    }
    if (l > max) {
        tools_printf("%s:%d: warning: value `%ld' is greater than maximum bound '%ld'\n",
                     doc.source, s->line, l, max);
        return -EINVAL;
    }
    *out = l;
    return 0;
}

/* A string into dst[size]: 0 (also when absent: dst untouched), or -EINVAL. */
static int copy_string(const char *key, char *dst, size_t size)
{
    const char *text;
    int rc = get_string(key, &text);

    if (rc == -ESRCH)
        return 0;
    if (rc)
        return rc;
    if (str_copy(dst, text, size) >= size) {
        tools_printf("%s:%d: warning: parameter `%s' is longer than %zu bytes\n", doc.source,
                     xlcfg_syntax_find(&doc, key)->line, key, size - 1);
        return -EINVAL;
    }
    return 0;
}

static void warn_unknown_keys(void)
{
    for (unsigned i = 0; i < doc.nsettings; i++) {
        const char *name = doc.settings[i].name;
        bool known = false, seen = false;

        for (unsigned k = 0; k < sizeof(known_keys) / sizeof(known_keys[0]); k++)
            known = known || strcmp(name, known_keys[k]) == 0;
        for (unsigned j = 0; j < i; j++)
            seen = seen || strcmp(name, doc.settings[j].name) == 0;
        if (!known && !seen)
            tools_printf("%s:%d: warning: unknown parameter `%s' ignored\n", doc.source,
                         doc.settings[i].line, name);
    }
}

/* type=: xl matches any prefix of "hvm", "pv", "pvh" in that order. */
static int read_type(void)
{
    static const char *const types[] = { "hvm", "pv", "pvh" };
    const char *buf;

    if (get_string("type", &buf))
        return 0; /* absent (or a list, warned): PV, x86's default */
    for (unsigned i = 0; i < 3; i++) {
        if (strncmp(buf, types[i], strlen(buf)) == 0) {
            if (i == 1)
                return 0;
            tools_printf("Domain type %s is not supported: this toolstack builds PV domains "
                         "only.\n",
                         types[i]);
            return -EINVAL;
        }
    }
    tools_printf("Invalid domain type %s.\n", buf);
    return -EINVAL;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/* xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx into 16 bytes: 0 or -EINVAL. */
static int parse_uuid(const char *s, uint8_t out[16])
{
    unsigned byte = 0;

    for (unsigned i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;

        if (dash) {
            if (s[i] != '-')
                return -EINVAL;
            continue;
        }
        if (hex_digit(s[i]) < 0 || hex_digit(s[i + 1]) < 0)
            return -EINVAL;
        out[byte++] = (uint8_t)(hex_digit(s[i]) << 4 | hex_digit(s[i + 1]));
        i++;
    }
    return s[36] ? -EINVAL : 0;
}

static int read_memory_and_vcpus(struct xlcfg *cfg)
{
    long l;
    int rc;

    if (!(rc = get_long("memory", 1, XLCFG_MEMORY_MAX_MIB, &l)))
        cfg->target_memkb = (uint64_t)l * 1024;
    if (rc && rc != -ESRCH)
        return -EINVAL;
    if (!(rc = get_long("maxmem", 1, XLCFG_MEMORY_MAX_MIB, &l)))
        cfg->max_memkb = (uint64_t)l * 1024;
    if (rc && rc != -ESRCH)
        return -EINVAL;
    if (!(rc = get_long("vcpus", 1, XLCFG_VCPUS_MAX, &l)))
        cfg->vcpus = (unsigned)l;
    if (rc && rc != -ESRCH)
        return -EINVAL;
    if (!(rc = get_long("maxvcpus", 1, XLCFG_VCPUS_MAX, &l)))
        cfg->max_vcpus = (unsigned)l;
    if (rc && rc != -ESRCH)
        return -EINVAL;

    /* Unset maxima follow the values; libxl's defaults are 32 MiB and one vCPU. */
    if (!cfg->target_memkb)
        cfg->target_memkb = cfg->max_memkb ? cfg->max_memkb : 32 * 1024;
    if (!cfg->max_memkb)
        cfg->max_memkb = cfg->target_memkb;
    if (!cfg->vcpus)
        cfg->vcpus = 1;
    if (!cfg->max_vcpus)
        cfg->max_vcpus = cfg->vcpus;
    if (cfg->max_vcpus < cfg->vcpus) {
        tools_printf("xl: maxvcpus < vcpus\n");
        return -EINVAL;
    }
    if (cfg->target_memkb > cfg->max_memkb) {
        tools_printf("xl: memory (%lu MiB) is larger than maxmem (%lu MiB)\n",
                     (unsigned long)(cfg->target_memkb / 1024),
                     (unsigned long)(cfg->max_memkb / 1024));
        return -EINVAL;
    }
    return 0;
}

/* on_<event>: the named action, or the default; -EINVAL for an unknown one. */
static int read_action(const char *event, enum xlcfg_action dflt, enum xlcfg_action *out)
{
    char key[24] = "on_";
    const char *buf;

    str_copy(key + 3, event, sizeof(key) - 3);
    *out = dflt;
    if (get_string(key, &buf))
        return 0;
    for (unsigned i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++) {
        if (strcmp(buf, action_names[i]) == 0) {
            *out = (enum xlcfg_action)i;
            return 0;
        }
    }
    tools_printf("Unknown %s action \"%s\" specified\n", key, buf);
    return -EINVAL;
}

/* cmdline wins over root= and extra=, which combine as "root=R E". */
static int read_cmdline(struct xlcfg *cfg)
{
    const char *cmdline = NULL, *root = NULL, *extra = NULL;
    size_t n;

    get_string("cmdline", &cmdline);
    get_string("root", &root);
    get_string("extra", &extra);
    if (cmdline) {
        if (root || extra)
            tools_printf("Warning: ignoring root= and extra= in favour of cmdline=\n");
        n = str_copy(cfg->cmdline, cmdline, sizeof(cfg->cmdline));
    } else {
        char *end = cfg->cmdline + sizeof(cfg->cmdline);
        char *p = cfg->cmdline;

        n = 0;
        if (root) {
            n += str_copy(p, "root=", (size_t)(end - p));
            p = n < sizeof(cfg->cmdline) ? cfg->cmdline + n : end - 1;
            n += str_copy(p, root, (size_t)(end - p));
            p = n < sizeof(cfg->cmdline) ? cfg->cmdline + n : end - 1;
            if (extra) {
                n += str_copy(p, " ", (size_t)(end - p));
                p = n < sizeof(cfg->cmdline) ? cfg->cmdline + n : end - 1;
            }
        }
        if (extra)
            n += str_copy(p, extra, (size_t)(end - p));
    }
    if (n >= sizeof(cfg->cmdline)) {
        tools_printf("%s: the guest command line is longer than %zu bytes\n", doc.source,
                     sizeof(cfg->cmdline) - 1);
        return -EINVAL;
    }
    return 0;
}

/* The keys, in xl's order; the first error ends it, as xl exits there. */
static int read_keys(struct xlcfg *cfg)
{
    const char *buf;

    if (read_type())
        return -EINVAL;
    if (get_string("name", &buf)) {
        tools_printf("Domain name must be specified.\n");
        return -EINVAL;
    }
    if (copy_string("name", cfg->name, sizeof(cfg->name)))
        return -EINVAL;
    if (!get_string("uuid", &buf)) {
        if (parse_uuid(buf, cfg->uuid)) {
            tools_printf("Failed to parse UUID: %s\n", buf);
            return -EINVAL;
        }
        cfg->has_uuid = true;
    }
    if (read_memory_and_vcpus(cfg))
        return -EINVAL;
    if (read_action("poweroff", XLCFG_ACTION_DESTROY, &cfg->on_poweroff) ||
        read_action("reboot", XLCFG_ACTION_RESTART, &cfg->on_reboot) ||
        read_action("watchdog", XLCFG_ACTION_DESTROY, &cfg->on_watchdog) ||
        read_action("crash", XLCFG_ACTION_DESTROY, &cfg->on_crash) ||
        read_action("soft_reset", XLCFG_ACTION_SOFT_RESET, &cfg->on_soft_reset))
        return -EINVAL;
    if (copy_string("kernel", cfg->kernel, sizeof(cfg->kernel)) ||
        copy_string("ramdisk", cfg->ramdisk, sizeof(cfg->ramdisk)))
        return -EINVAL;
    return read_cmdline(cfg);
}

int xlcfg_parse(struct xlcfg *cfg, const char *source, const char *text, size_t len, int noverrides,
                char *const overrides[])
{
    /* xl reads the file, then "\n", then each override and "\n", then "\n". */
    enum { MAX_SEGMENTS = 2 * 32 + 2 };
    const char *seg[MAX_SEGMENTS];
    size_t seglen[MAX_SEGMENTS];
    unsigned n = 0;
    int rc;

    if (noverrides > 32) {
        tools_printf("xl: too many key=value overrides (at most 32)\n");
        return -EINVAL;
    }
    memset(cfg, 0, sizeof(*cfg));
    seg[n] = text, seglen[n++] = len;
    if (noverrides > 0) {
        seg[n] = "\n", seglen[n++] = 1;
        for (int i = 0; i < noverrides; i++) {
            seg[n] = overrides[i], seglen[n++] = strlen(overrides[i]);
            seg[n] = "\n", seglen[n++] = 1;
        }
        seg[n] = "\n", seglen[n++] = 1;
    }
    rc = xlcfg_syntax_parse(&doc, source, seg, seglen, n);
    if (rc == -EINVAL)
        tools_printf("Failed to parse config: Invalid argument\n");
    if (rc)
        return rc;
    warn_unknown_keys();
    return read_keys(cfg);
}
