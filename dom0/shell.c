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
static evtchn_port_t console_port; /* VIRQ_CONSOLE's, once bound */
static bool interactive;           /* the prompt is up: keys are the shell's */

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

/*
 * Keys read from the hypervisor and not yet used: a command run from the
 * middle of them (after an Enter) may take the rest with shell_read_keys().
 */
static char keys[64];
static unsigned keys_at, keys_len;

static long fill_keys(void)
{
    long n = hypercall_console_io(CONSOLEIO_read, sizeof(keys), keys);

    keys_at = 0;
    keys_len = n > 0 && n <= (long)sizeof(keys) ? (unsigned)n : 0;
    return n;
}

/* VIRQ_CONSOLE: read everything that has come and feed it to the editor. */
static void console_input(evtchn_port_t port, void *data)
{
    if (!interactive)
        return; /* the keys wait in the hypervisor's ring for the prompt */
    while (keys_at < keys_len || fill_keys() > 0) {
        while (keys_at < keys_len) {
            enum lineedit_result r = lineedit_key(&editor, keys[keys_at++]);
            if (r == LINEEDIT_LINE)
                shell_run_line(lineedit_text(&editor));
            if (r != LINEEDIT_MORE)
                prompt();
        }
    }
}

long shell_init(void)
{
    long rc = evtchn_bind_virq(VIRQ_CONSOLE, 0, &console_port);

    if (rc)
        return rc;
    lineedit_init(&editor, echo);
    return loop_watch(console_port, console_input, NULL);
}

void shell_start(void)
{
    interactive = true;
    prompt();
    if (console_port)
        loop_kick(console_port); /* what was typed before the prompt */
}

long shell_read_keys(char *buf, unsigned size, uint64_t deadline)
{
    for (;;) {
        long n = keys_at < keys_len ? 0 : fill_keys();
        if (n < 0)
            return n;
        if (keys_at < keys_len) {
            for (n = 0; n < size && keys_at < keys_len; n++)
                buf[n] = keys[keys_at++];
            return n;
        }
        if (!console_port || !loop_wait_port(console_port, deadline))
            return 0;
    }
}
