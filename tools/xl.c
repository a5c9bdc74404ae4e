/*
 * xl's command line: the table of subcommands with Xen 4.17 xl's names,
 * descriptions, usage and option texts (the subset this toolstack has),
 * `help`, and the dispatch.  Exit codes are xl's: 0 on success, 1 on
 * failure, 2 for bad options or missing arguments.
 */
#include "common/string.h"
#include "tools/print.h"
#include "tools/xl.h"
#include "tools/xl_cmds.h"
#include "tools/xl_console.h"
#include "tools/xl_utils.h"

struct xl_command {
    const char *name;
    int (*run)(int argc, char **argv);
    bool can_dryrun; /* takes -N */
    bool modifies;   /* takes -f */
    const char *desc;
    const char *usage;
    const char *options; /* NULL: none listed */
};

static int main_help(int argc, char **argv);

static const struct xl_command commands[] = {
    { "create", main_create, true, true, "Create a domain from config file <filename>",
      "<ConfigFile> [options] [vars]",
      "-h                      Print this help.\n"
      "-p                      Leave the domain paused after it is created.\n"
      "-c                      Connect to the console after the domain is created.\n"
      "-F                      Run in foreground until death of the domain." },
    { "list", main_list, false, false, "List information about all/some domains",
      "[options] [Domain]\n",
      "-l, --long              Output all VM details\n"
      "-v, --verbose           Prints out UUIDs and security context" },
    { "destroy", main_destroy, false, true, "Terminate a domain immediately",
      "[options] <Domain>\n",
      "-f                      Permit destroying domain 0, which will only succeed\n"
      "                        when run from disaggregated toolstack domain with a\n"
      "                        hardware domain distinct from domain 0." },
    { "shutdown", main_shutdown, false, true, "Issue a shutdown signal to a domain",
      "[options] <-a|Domain>",
      "-a, --all               Shutdown all guest domains.\n"
      "-h                      Print this help.\n"
      "-w, --wait              Wait for guest(s) to shutdown.\n" },
    { "reboot", main_reboot, false, true, "Issue a reboot signal to a domain",
      "[options] <-a|Domain>",
      "-a, --all               Shutdown all guest domains.\n"
      "-h                      Print this help.\n"
      "-w, --wait              Wait for guest(s) to reboot.\n" },
    { "pause", main_pause, false, true, "Pause execution of a domain", "<Domain>", NULL },
    { "unpause", main_unpause, false, true, "Unpause a paused domain", "<Domain>", NULL },
    { "console", xl_console, false, false, "Attach to domain's console",
      "[options] <Domain>\n"
      "-t <type>       console type, pv , serial or vuart\n"
      "-n <number>     console number",
      NULL },
    { "mem-set", main_memset, false, true, "Set the current memory usage for a domain",
      "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>", NULL },
    { "vcpu-list", main_vcpulist, false, false, "List the VCPUs for all/some domains",
      "[Domain, ...]", NULL },
    { "vcpu-pin", main_vcpupin, true, true, "Set which CPUs a VCPU can use",
      "[option] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft affinity|-|all>",
      "-f, --force        undo an override pinning done by the kernel" },
    { "info", main_info, false, false, "Get information about Xen host",
      "-n, --numa         List host NUMA topology information", NULL },
    { "sched-credit", main_sched_credit, false, true, "Get/set credit scheduler parameters",
      "[-d <Domain> [-w[=WEIGHT]|-c[=CAP]]] [-s [-t TSLICE] [-r RATELIMIT]] [-p CPUPOOL]",
      "-d DOMAIN, --domain=DOMAIN        Domain to modify\n"
      "-w WEIGHT, --weight=WEIGHT        Weight (int)\n"
      "-c CAP, --cap=CAP                 Cap (int)" },
    { "sched-credit2", main_sched_credit2, false, true, "Get/set credit2 scheduler parameters",
      "[-d <Domain> [-w[=WEIGHT]]] [-p CPUPOOL]",
      "-d DOMAIN, --domain=DOMAIN     Domain to modify\n"
      "-w WEIGHT, --weight=WEIGHT     Weight (int)\n"
      "-c CAP,    --cap=CAP           Cap (int)" },
    { "domid", main_domid, false, false, "Convert a domain name to domain id", "<DomainName>",
      NULL },
    { "domname", main_domname, false, false, "Convert a domain id to domain name", "<DomainId>",
      NULL },
    { "rename", main_rename, false, true, "Rename a domain", "<Domain> <NewDomainName>", NULL },
    { "dmesg", main_dmesg, false, false, "Read and/or clear dmesg buffer", "[-c]",
      "  -c                        Clear dmesg buffer as well as printing it" },
    { "top", main_top, false, false, "Monitor a host and the domains in real time", "", NULL },
    { "uptime", main_uptime, false, false, "Print uptime for all/some domains", "[-s] [Domain]",
      NULL },
    { "help", main_help, false, false, "Print this help", "", NULL },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct xl_command *lookup(const char *name)
{
    for (unsigned i = 0; i < NR_COMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

void xl_help(const char *name)
{
    const struct xl_command *cmd;

    if (!name || strcmp(name, "help") == 0) {
        tools_printf("Usage xl [-vfNtT] <subcommand> [args]\n\n");
        tools_printf("xl full list of subcommands:\n\n");
        for (unsigned i = 0; i < NR_COMMANDS; i++) {
            tools_printf(" %-19s ", commands[i].name);
            if (strlen(commands[i].name) > 19)
                tools_printf("\n %-19s ", "");
            tools_printf("%s\n", commands[i].desc);
        }
        return;
    }
    cmd = lookup(name);
    if (!cmd) {
        tools_printf("command \"%s\" not implemented\n", name);
        return;
    }
    tools_printf("Usage: xl [-v%s%s] %s %s\n\n%s.\n\n", cmd->modifies ? "f" : "",
                 cmd->can_dryrun ? "N" : "", cmd->name, cmd->usage, cmd->desc);
    if (cmd->options)
        tools_printf("Options:\n\n%s\n", cmd->options);
}

static int main_help(int argc, char **argv)
{
    xl_help(argc > 1 ? argv[1] : NULL);
    return XL_EXIT_OK;
}

int xl_main(int argc, char **argv)
{
    const struct xl_command *cmd;

    xl_lifecycle_poll(); /* what xl's watching daemon would have done by now */
    if (argc < 2) {
        xl_help(NULL);
        return XL_EXIT_FAILURE;
    }
    cmd = lookup(argv[1]);
    if (!cmd) {
        tools_printf("xl: command not implemented\n");
        return XL_EXIT_FAILURE;
    }
    return cmd->run(argc - 1, argv + 1);
}
