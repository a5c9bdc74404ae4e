/*
 * The shell's commands.  Each prints its own errors as "NAME: CAUSE" (or
 * "NAME: PATH: CAUSE") and returns an exit status: 0 on success, 1 on
 * failure, 2 for a usage error.
 */
#include "common/errno.h"
#include "common/string.h"
#include "dom0/commands.h"
#include "dom0/loop.h"
#include "dom0/rootfs.h"
#include "guest/console.h"
#include "guest/heap.h"
#include "guest/runtime.h"
#include "guest/time.h"
#include "public/sched.h"
#include "tools/xenstore_cli.h"
#include "tools/xl.h"

static int cmd_help(int argc, char **argv);

static int usage(const char *name);

static int cmd_echo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printk("%s%s", argv[i], i + 1 < argc ? " " : "");
    printk("\n");
    return 0;
}

static int ls_one(const char *path, bool heading)
{
    const struct rootfs_node *n;
    int rc = rootfs_lookup(path, &n);

    if (rc) {
        printk("ls: %s: %s\n", path, rootfs_strerror(rc));
        return 1;
    }
    if (!n->is_dir) {
        printk("%s\n", path);
        return 0;
    }
    if (heading)
        printk("%s:\n", path);
    for (const struct rootfs_node *c = n->children; c; c = c->next)
        printk("%s%s\n", c->name, c->is_dir ? "/" : "");
    return 0;
}

static int cmd_ls(int argc, char **argv)
{
    int status = 0;

    if (argc == 1)
        return ls_one("/", false);
    for (int i = 1; i < argc; i++)
        status |= ls_one(argv[i], argc > 2);
    return status;
}

static int cmd_cat(int argc, char **argv)
{
    int status = 0;

    if (argc == 1)
        return usage(argv[0]);
    for (int i = 1; i < argc; i++) {
        const struct rootfs_node *n;
        int rc = rootfs_lookup(argv[i], &n);
        if (!rc && n->is_dir)
            rc = -EISDIR;
        if (rc) {
            printk("cat: %s: %s\n", argv[i], rootfs_strerror(rc));
            status = 1;
            continue;
        }
        for (size_t at = 0; at < n->size; at += 4096)
            console_write((const char *)n->data + at, n->size - at < 4096 ? n->size - at : 4096);
    }
    return status;
}

/* Seconds with up to 9 decimals ("1", "0.25") as ns; false if malformed or over a day. */
static bool parse_seconds(const char *s, uint64_t *ns)
{
    uint64_t whole = 0, frac = 0, scale = NS_PER_S;
    const char *p = s;

    for (; *p >= '0' && *p <= '9'; p++)
        if ((whole = whole * 10 + (uint64_t)(*p - '0')) > 86400)
            return false;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            if (scale >= 10) {
                scale /= 10;
                frac += (uint64_t)(*p - '0') * scale;
            }
    if (*p || p == s || (p == s + 1 && *s == '.'))
        return false;
    *ns = whole * NS_PER_S + frac;
    return true;
}

static int cmd_sleep(int argc, char **argv)
{
    uint64_t ns;

    if (argc != 2)
        return usage(argv[0]);
    if (!parse_seconds(argv[1], &ns)) {
        printk("sleep: invalid time interval '%s'\n", argv[1]);
        return 1;
    }
    loop_sleep_until(time_now() + ns);
    return 0;
}

static int cmd_uptime(int argc, char **argv)
{
    uint64_t s = time_now() / NS_PER_S;

    if (argc != 1)
        return usage(argv[0]);
    printk("up %lu day%s, %02lu:%02lu:%02lu\n", s / 86400, s / 86400 == 1 ? "" : "s", s / 3600 % 24,
           s / 60 % 60, s % 60);
    return 0;
}

static int cmd_free(int argc, char **argv)
{
    struct heap_stats st;

    if (argc != 1)
        return usage(argv[0]);
    heap_stats(&st);
    printk("heap: %zu KiB mapped, %zu KiB in %zu blocks, %zu free blocks (largest %zu bytes)\n",
           st.arena >> 10, st.used >> 10, st.blocks, st.free_blocks, st.largest_free);
    return 0;
}

static int cmd_poweroff(int argc, char **argv)
{
    if (argc != 1)
        return usage(argv[0]);
    guest_poweroff();
}

static int cmd_reboot(int argc, char **argv)
{
    if (argc != 1)
        return usage(argv[0]);
    guest_shutdown(SHUTDOWN_reboot);
}

/* xl reads configurations and kernels from the root file system. */
static int xl_read_file(const char *path, const void **data, size_t *len)
{
    const struct rootfs_node *n;
    int rc = rootfs_lookup(path, &n);

    if (rc)
        return rc;
    if (n->is_dir)
        return -EISDIR;
    *data = n->data;
    *len = n->size;
    return 0;
}

/* The wall clock now: its value at system time 0 plus the system time. */
static uint64_t xl_wallclock(void)
{
    uint64_t sec;
    uint32_t nsec, version;

    time_wallclock(&sec, &nsec, &version);
    return sec + (nsec + time_now()) / NS_PER_S;
}

static int cmd_xl(int argc, char **argv)
{
    xl_set_file_reader(xl_read_file);
    xl_set_clock(time_now, xl_wallclock);
    return xl_main(argc, argv);
}

static const struct shell_command commands[] = {
    { "help", cmd_help, "help", "list the commands" },
    { "ls", cmd_ls, "ls [PATH...]", "list a directory of the root file system" },
    { "cat", cmd_cat, "cat FILE...", "print files" },
    { "echo", cmd_echo, "echo [WORD...]", "print the words" },
    { "sleep", cmd_sleep, "sleep SECONDS", "wait (e.g. 2 or 0.5 seconds)" },
    { "uptime", cmd_uptime, "uptime", "time since the hypervisor started" },
    { "free", cmd_free, "free", "dom0's heap" },
    { "xl", cmd_xl, "xl SUBCOMMAND [ARGS...]", "the toolstack ('xl help' lists it)" },
    { "xenstore-read", xenstore_cli, "xenstore-read [-p] KEY", "print xenstore values" },
    { "xenstore-write", xenstore_cli, "xenstore-write KEY VALUE", "write xenstore values" },
    { "xenstore-rm", xenstore_cli, "xenstore-rm KEY...", "remove xenstore nodes" },
    { "xenstore-exists", xenstore_cli, "xenstore-exists KEY...", "status 0 if the nodes exist" },
    { "xenstore-list", xenstore_cli, "xenstore-list [-p] KEY", "list a node's children" },
    { "xenstore-ls", xenstore_cli, "xenstore-ls [-f] [PATH]", "print a xenstore tree" },
    { "poweroff", cmd_poweroff, "poweroff", "shut dom0, and so the machine, down" },
    { "reboot", cmd_reboot, "reboot", "restart the machine" },
};

const struct shell_command *commands_find(const char *name)
{
    for (unsigned i = 0; i < ARRAY_SIZE(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int usage(const char *name)
{
    printk("usage: %s\n", commands_find(name)->usage);
    return 2;
}

static int cmd_help(int argc, char **argv)
{
    printk("Commands:\n");
    for (unsigned i = 0; i < ARRAY_SIZE(commands); i++)
        printk("  %-24s %s\n", commands[i].usage, commands[i].summary);
    printk("Keys: Backspace, Ctrl-U (erase line), Ctrl-C (abandon line), Up/Down (history)\n");
    return 0;
}
