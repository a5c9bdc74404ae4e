/*
 * The hypervisor command line: the options we understand, where their
 * values live (boot_params), and the line itself for XENVER_commandline.
 */
#include "common/cmdline.h"
#include "xen/printk.h"
#include "xen/setup.h"

struct boot_params boot_params = {
    .console = "com1",
    .loglvl = "info",
};

static const struct cmdline_option options[] = {
    { "console", CMDLINE_STRING, boot_params.console, sizeof(boot_params.console) },
    { "com1", CMDLINE_STRING, boot_params.com1, sizeof(boot_params.com1) },
    { "loglvl", CMDLINE_STRING, boot_params.loglvl, sizeof(boot_params.loglvl) },
    { "dom0_mem", CMDLINE_SIZE, &boot_params.dom0_mem, 0 },
    { "noreboot", CMDLINE_BOOL, &boot_params.noreboot, 0 },
    { "maxcpus", CMDLINE_UINT, &boot_params.maxcpus, 0 },
    { "dom0_max_vcpus", CMDLINE_UINT, &boot_params.dom0_max_vcpus, 0 },
    { "domus", CMDLINE_STRING, boot_params.domus, sizeof(boot_params.domus) },
};

static const char *cmdline_text = "";

const char *boot_cmdline(void)
{
    return cmdline_text;
}

static void report_option(void *ctx, const char *token, const char *problem)
{
    printk(LOG_WARN "Command line: ignoring \"%s\": %s\n", token, problem);
}

void params_parse(const char *cmdline)
{
    cmdline_text = cmdline;
    cmdline_parse(cmdline, options, ARRAY_SIZE(options), report_option, NULL);
}
