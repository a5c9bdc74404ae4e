/*
 * xl's subcommands, one table.  Each takes the words after its name and
 * returns xl's exit code: 0 on success, 1 on failure (EXIT_FAILURE), as
 * Xen's xl.
 */
#include "common/string.h"
#include "tools/print.h"
#include "tools/xl.h"

struct xl_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static int xl_help(int argc, char **argv);

static const struct xl_command commands[] = {
    { "help", xl_help, "Print this help" },
};

static int xl_help(int argc, char **argv)
{
    tools_printf("Usage xl [-v] [-f] [-N] <subcommand> [args]\n\nxl full list of subcommands:\n\n");
    for (unsigned i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        tools_printf(" %-19s %s\n", commands[i].name, commands[i].summary);
    return 0;
}

int xl_main(int argc, char **argv)
{
    if (argc < 2)
        return xl_help(0, NULL), 1;
    for (unsigned i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    tools_printf("xl: command not implemented\n");
    return 1;
}
