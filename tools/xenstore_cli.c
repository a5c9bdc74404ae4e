/*
 * xenstore-read, -write, -rm, -exists, -list and -ls (tools/xenstore_cli.h).
 * Values are shown as Xen's tools show them: printable ASCII as it is, a
 * backslash doubled, tab, newline and return as \t \n \r, any other byte
 * as a backslash and three octal digits; xenstore-write takes the same
 * escapes back.  xenstore-ls prints the tree one node a line, indented one
 * space per level, values cut to fit 80 columns.  Unlike Xen's, the tools
 * do not wrap several keys in one transaction.
 */
#include "common/errno.h"
#include "common/format.h"
#include "common/string.h"
#include "guest/heap.h"
#include "tools/print.h"
#include "tools/xenstore_cli.h"
#include "tools/xs.h"

#define LS_WIDTH     80
#define LS_TAG_LEN   8 /* strlen(" = \"...\"") */
#define PATH_MAX_LEN (XENSTORE_ABS_PATH_MAX + 1)

struct cli {
    const char *tool; /* argv[0] */
    struct xs_handle *h;
    bool prefix, flat;
};

/* The shown form of value[len] (malloc'd; NULL if out of memory). */
static char *sanitise(const char *value, size_t len)
{
    char *out = malloc(len * 4 + 1), *p = out;

    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)value[i];

        if (c >= ' ' && c <= '~' && c != '\\') {
            *p++ = (char)c;
            continue;
        }
        *p++ = '\\';
        if (c == '\\' || c == '\t' || c == '\n' || c == '\r')
            *p++ = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
        else
            p += fmt_snprintf(p, 4, "%03o", c);
    }
    *p = '\0';
    return out;
}

/* The escapes of sanitise() undone in place; the length. */
static size_t unsanitise(char *s)
{
    char *out = s;

    for (const char *in = s; *in;) {
        if (*in != '\\' || !in[1]) {
            *out++ = *in++;
            continue;
        }
        in++;
        if (*in >= '0' && *in <= '7') {
            unsigned v = 0;
            for (int n = 0; n < 3 && *in >= '0' && *in <= '7'; n++)
                v = v * 8 + (unsigned)(*in++ - '0');
            *out++ = (char)v;
            continue;
        }
        *out++ = *in == 't' ? '\t' : *in == 'n' ? '\n' : *in == 'r' ? '\r' : *in;
        in++;
    }
    *out = '\0';
    return (size_t)(out - s);
}

static int do_read(struct cli *c, const char *path)
{
    char *value, *shown;
    size_t len;

    if (xs_read(c->h, XBT_NULL, path, &value, &len)) {
        tools_printf("%s: couldn't read path %s\n", c->tool, path);
        return 1;
    }
    shown = sanitise(value, len);
    free(value);
    if (!shown)
        return 1;
    if (c->prefix)
        tools_printf("%s: ", path);
    tools_printf("%s\n", shown);
    free(shown);
    return 0;
}

static int do_list(struct cli *c, const char *path)
{
    char **names;
    unsigned n;

    if (xs_directory(c->h, XBT_NULL, path, &names, &n)) {
        tools_printf("%s: could not list path %s\n", c->tool, path);
        return 1;
    }
    for (unsigned i = 0; i < n; i++) {
        if (c->prefix)
            tools_printf("%s/", path);
        tools_printf("%s\n", names[i]);
    }
    free(names);
    return 0;
}

/* One node of xenstore-ls: its name (or path) and value, cut as Xen cuts them. */
static void ls_line(struct cli *c, const char *path, const char *name, int depth)
{
    char *value, *shown = NULL;
    size_t len;
    int width = c->flat ? 0x3fffffff : LS_WIDTH, used;

    if (c->flat)
        used = tools_printf("%s", path);
    else
        used = tools_printf("%*s%.*s", depth, "", width - LS_TAG_LEN - depth, name);
    if (xs_read(c->h, XBT_NULL, path, &value, &len)) {
        tools_printf(":\n");
        return;
    }
    shown = sanitise(value, len);
    free(value);
    if (shown && (size_t)width < (size_t)used + len + LS_TAG_LEN)
        tools_printf(" = \"%.*s\\...\"\n", width - LS_TAG_LEN - used, shown);
    else if (shown)
        tools_printf(" = \"%s\"\n", shown);
    else
        tools_printf("\n");
    free(shown);
}

static int do_ls(struct cli *c, const char *path, int depth)
{
    char **names, *child = malloc(PATH_MAX_LEN);
    unsigned n;
    int rc = 0;

    if (!child)
        return 1;
    if (xs_directory(c->h, XBT_NULL, path, &names, &n)) {
        tools_printf("%s: xs_directory (%s): No such file or directory\n", c->tool, path);
        free(child);
        return 1;
    }
    for (unsigned i = 0; i < n && !rc; i++) {
        size_t plen = strlen(path);

        fmt_snprintf(child, PATH_MAX_LEN, "%s%s%s", path, plen && path[plen - 1] == '/' ? "" : "/",
                     names[i]);
        ls_line(c, child, names[i], depth);
        rc = do_ls(c, child, depth + 1);
    }
    free(names);
    free(child);
    return rc;
}

static int usage(const char *tool)
{
    static const struct {
        const char *tool, *args;
    } usages[] = {
        { "xenstore-read", "[-h] [-p] [-s] key [...]" },
        { "xenstore-write", "[-h] [-s] key value [...]" },
        { "xenstore-rm", "[-h] [-s] [-t] key [...]" },
        { "xenstore-exists", "[-h] [-p] [-s] key [...]" },
        { "xenstore-list", "[-h] [-p] [-s] key [...]" },
        { "xenstore-ls", "[-h] [-f] [-p] [-s] [path]" },
    };

    for (size_t i = 0; i < sizeof(usages) / sizeof(usages[0]); i++)
        if (!strcmp(tool, usages[i].tool))
            tools_printf("%s: Usage: %s %s\n", tool, tool, usages[i].args);
    return 1;
}

/* Options: -p (read, list, ls), -f (ls), -s accepted (there is only the daemon). */
static int options(struct cli *c, int argc, char **argv, int *first)
{
    bool may_prefix = !strcmp(c->tool, "xenstore-read") || !strcmp(c->tool, "xenstore-list") ||
                      !strcmp(c->tool, "xenstore-ls");
    int i = 1;

    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'p' && may_prefix)
                c->prefix = true;
            else if (*o == 'f' && !strcmp(c->tool, "xenstore-ls"))
                c->flat = true;
            else if (*o != 's')
                return -EINVAL;
        }
    }
    *first = i;
    return 0;
}

static int run(struct cli *c, int argc, char **argv, int i)
{
    const char *t = c->tool + strlen("xenstore-");
    int rc = 0;

    if (!strcmp(t, "ls"))
        return do_ls(c, i < argc ? argv[i] : "/", 0);
    if (!strcmp(t, "write") && (argc - i) % 2)
        return usage(c->tool);
    for (; i < argc && !rc; i++) {
        if (!strcmp(t, "read")) {
            rc = do_read(c, argv[i]);
        } else if (!strcmp(t, "list")) {
            rc = do_list(c, argv[i]);
        } else if (!strcmp(t, "exists")) {
            char *v;
            rc = xs_read_str(c->h, argv[i], &v) ? 1 : 0;
            if (!rc)
                free(v);
        } else if (!strcmp(t, "rm")) {
            rc = xs_rm(c->h, XBT_NULL, argv[i]) ? 1 : 0;
            if (rc)
                tools_printf("%s: could not remove path %s\n", c->tool, argv[i]);
        } else {
            size_t len = unsanitise(argv[i + 1]);
            rc = xs_write(c->h, XBT_NULL, argv[i], argv[i + 1], len) ? 1 : 0;
            if (rc)
                tools_printf("%s: could not write path %s\n", c->tool, argv[i]);
            i++;
        }
    }
    return rc;
}

int xenstore_cli(int argc, char **argv)
{
    struct cli c = { .tool = argv[0] };
    int first, rc;

    if (strncmp(c.tool, "xenstore-", 9) != 0)
        return 1;
    if (options(&c, argc, argv, &first) || (first == argc && strcmp(c.tool, "xenstore-ls") != 0))
        return usage(c.tool);
    c.h = xs_open();
    if (!c.h) {
        tools_printf("%s: xs_domain_open: No such file or directory\n", c.tool);
        return 1;
    }
    rc = run(&c, argc, argv, first);
    xs_close(c.h);
    return rc;
}
