/*
 * xl console: attach to a domain's console through the console backend
 * (tools/console_attach.h), as Xen's xl execs xenconsole.  Only the PV
 * console 0 exists for a PV domain here; asking for another fails as
 * Xen's xl fails when libxl cannot find it ("Unable to attach console").
 * The command returns 0 when the user detaches (Ctrl-]) or the domain
 * ends, as xenconsole exits then.
 *
 * When the console closes because a domain xl created has shut down, its
 * on_poweroff / on_crash / ... "destroy" is carried out here, as Xen's xl
 * leaves a monitoring process to do (its messages go to a log file, so
 * nothing is printed).  Other actions, and domains whose console nobody
 * watches, wait for `xl destroy` (or `xl create -F`).
 */
#include "common/errno.h"
#include "common/string.h"
#include "public/sched.h"
#include "tools/console_attach.h"
#include "tools/print.h"
#include "tools/xl_console.h"
#include "tools/xl_create.h"
#include "tools/xl_utils.h"

/* The action a domain's configuration names for the reason it shut down. */
static enum xlcfg_action action_for(const struct xlcfg *c, unsigned reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff:
        return c->on_poweroff;
    case SHUTDOWN_reboot:
        return c->on_reboot;
    case SHUTDOWN_crash:
        return c->on_crash;
    case SHUTDOWN_watchdog:
        return c->on_watchdog;
    case SHUTDOWN_soft_reset:
        return c->on_soft_reset;
    case SHUTDOWN_suspend:
        return XLCFG_ACTION_PRESERVE;
    default:
        return XLCFG_ACTION_DESTROY; /* an unknown reason: xl destroys */
    }
}

static void act_on_shutdown(uint32_t domid)
{
    const struct xlcfg *c = xl_created_config(domid);
    struct xen_domctl_getdomaininfo info;
    enum xlcfg_action action;

    if (!c || xl_domain_info(domid, &info) || !(info.flags & XEN_DOMINF_shutdown))
        return;
    action = action_for(c, (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask);
    if (action == XLCFG_ACTION_DESTROY || action == XLCFG_ACTION_COREDUMP_DESTROY)
        xl_destroy_domain(domid);
}

int xl_console_attach(uint32_t domid)
{
    int rc = console_attach(domid);

    if (rc == -ENOSYS)
        tools_printf("xl: dom0 has no console backend\n");
    if (rc) {
        tools_printf("Unable to attach console\n");
        return XL_EXIT_FAILURE;
    }
    act_on_shutdown(domid);
    return XL_EXIT_OK;
}

int xl_console(int argc, char **argv)
{
    struct xl_getopt g;
    bool other_console = false;
    uint32_t domid;
    int opt;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "n:t:", NULL, "console", 1)) >= 0) {
        if (opt == 't') {
            if (strcmp(g.optarg, "pv") && strcmp(g.optarg, "serial") && strcmp(g.optarg, "vuart")) {
                tools_printf("console type supported are: pv, serial, vuart\n");
                return XL_EXIT_FAILURE;
            }
            other_console |= strcmp(g.optarg, "pv") != 0; /* a PV domain has neither */
        } else if (opt == 'n') {
            other_console |= strcmp(g.optarg, "0") != 0;
        }
    }
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    if (xl_find_domain(g.argv[g.optind], &domid))
        return XL_EXIT_FAILURE;
    if (other_console) {
        tools_printf("Unable to attach console\n");
        return XL_EXIT_FAILURE;
    }
    return xl_console_attach(domid);
}
