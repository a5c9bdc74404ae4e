/*
 * xl console: attach to a domain's console through the console backend
 * (tools/console_attach.h), as Xen's xl execs xenconsole.  Only the PV
 * console 0 exists for a PV domain here; asking for another fails as
 * Xen's xl fails when libxl cannot find it ("Unable to attach console").
 * The command returns 0 when the user detaches (Ctrl-]) or the domain
 * ends, as xenconsole exits then.
 */
#include "common/errno.h"
#include "common/string.h"
#include "tools/console_attach.h"
#include "tools/print.h"
#include "tools/xl_console.h"
#include "tools/xl_utils.h"

int xl_console_attach(uint32_t domid)
{
    int rc = console_attach(domid);

    if (rc == -ENOSYS)
        tools_printf("xl: dom0 has no console backend\n");
    if (rc) {
        tools_printf("Unable to attach console\n");
        return XL_EXIT_FAILURE;
    }
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
