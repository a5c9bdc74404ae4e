/* The shell (dom0/shell.h): words, the prompt, console input. */
#include "common/errno.h"
#include "common/string.h"
#include "dom0/commands.h"
#include "dom0/lineedit.h"
#include "dom0/loop.h"
#include "dom0/rootfs.h"
#include "dom0/shell.h"
#include "guest/console.h"
#include "guest/events.h"
#include "guest/hypercall.h"

static struct lineedit editor;

/* Splits line into words in buf (same size); their count, or -EINVAL with *why. */
static int split(const char *line, char *buf, char **argv, const char **why)
{
    int argc = 0;
    char *out = buf;

    for (const char *p = line;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            return argc;
        if (argc == SHELL_MAX_ARGS - 1)
            return *why = "too many words", -EINVAL;
        argv[argc++] = out;
        argv[argc] = NULL;
        while (*p && *p != ' ' && *p != '\t') {
            char quote = *p;
            if (quote == '\'' || quote == '"') {
                for (p++; *p && *p != quote; p++)
                    *out++ =
                        (quote == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\')) ? *++p : *p;
                if (!*p)
                    return *why = "unterminated quote", -EINVAL;
                p++;
            } else if (quote == '\\' && p[1]) {
                *out++ = p[1];
                p += 2;
            } else {
                *out++ = *p++;
            }
        }
        *out++ = '\0';
    }
}

int shell_run_line(const char *line)
{
    char buf[LINEEDIT_MAX * 2], *argv[SHELL_MAX_ARGS];
    const struct shell_command *cmd;
    const char *why = NULL;
    int argc;

    if (strlen(line) >= LINEEDIT_MAX) {
        printk("sh: line too long (at most %u bytes)\n", (unsigned)LINEEDIT_MAX - 1);
        return 2;
    }
    argc = split(line, buf, argv, &why);
    if (argc < 0) {
        printk("sh: %s\n", why);
        return 2;
    }
    if (argc == 0)
        return 0;
    cmd = commands_find(argv[0]);
    if (!cmd) {
        printk("sh: %s: command not found\n", argv[0]);
        return 127;
    }
    return cmd->run(argc, argv);
}

int shell_run_script(const char *path)
{
    const struct rootfs_node *n;
    char line[LINEEDIT_MAX];
    int rc = rootfs_lookup(path, &n);

    if (rc)
        return rc;
    if (n->is_dir)
        return -EISDIR;
    for (size_t at = 0; at < n->size;) {
        size_t len = 0;
        while (at < n->size && n->data[at] != '\n') {
            if (len + 1 < sizeof(line))
                line[len++] = (char)n->data[at];
            at++;
        }
        at++; /* the newline */
        line[len] = '\0';
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        printk(SHELL_PROMPT "%s\n", line);
        shell_run_line(line);
    }
    return 0;
}

static void echo(const char *text, size_t len)
{
    console_write(text, len);
}

static void prompt(void)
{
    console_write(SHELL_PROMPT, sizeof(SHELL_PROMPT) - 1);
}

/* VIRQ_CONSOLE: read everything that has come and feed it to the editor. */
static void console_input(evtchn_port_t port, void *data)
{
    char keys[64] = { 0 }; /* written by the hypervisor, which the analyser cannot see */
    long n;

    while ((n = hypercall_console_io(CONSOLEIO_read, sizeof(keys), keys)) > 0 &&
           n <= (long)sizeof(keys)) {
        for (long i = 0; i < n; i++) {
            enum lineedit_result r = lineedit_key(&editor, keys[i]);
            if (r == LINEEDIT_LINE)
                shell_run_line(lineedit_text(&editor));
            if (r != LINEEDIT_MORE)
                prompt();
        }
    }
}

long shell_start(void)
{
    evtchn_port_t port;
    long rc = evtchn_bind_virq(VIRQ_CONSOLE, 0, &port);

    if (rc)
        return rc;
    lineedit_init(&editor, echo);
    rc = loop_watch(port, console_input, NULL);
    if (rc)
        return rc;
    prompt();
    loop_kick(port); /* input that came before we listened */
    return 0;
}
