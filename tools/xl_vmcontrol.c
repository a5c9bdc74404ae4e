/*
 * xl pause, unpause, destroy, shutdown, reboot and rename, with Xen 4.17
 * xl's messages and exit codes (pause and unpause report a failure and
 * still exit 0, as xl does).
 *
 * shutdown and reboot: on Xen, libxl asks a PV guest through xenstore
 * (control/shutdown = "poweroff" or "reboot") and the guest shuts itself
 * down.  This toolstack asks so when the guest has said it listens
 * (control/feature-poweroff or feature-reboot is "1", as Linux writes);
 * otherwise, where Xen's request would go unheard, it shuts the domain down
 * from outside with SCHEDOP_remote_shutdown (libxc's xc_domain_shutdown),
 * which the guest cannot refuse: the domain stops at once with the reason.
 */
#include "common/errno.h"
#include "common/format.h"
#include "common/string.h"
#include "guest/heap.h"
#include "public/sched.h"
#include "tools/domains.h"
#include "tools/print.h"
#include "tools/xl.h"
#include "tools/xl_cmds.h"
#include "tools/xl_create.h"
#include "tools/xl_utils.h"
#include "tools/xl_xenstore.h"
#include "tools/xs.h"

static long simple_domctl(uint32_t cmd, uint32_t domid)
{
    struct xen_domctl op = { .cmd = cmd, .domain = (domid_t)domid };

    return xc_domctl(&op);
}

/* pause / unpause: one domain argument, no options. */
static int pause_or_unpause(int argc, char **argv, const char *cmd, uint32_t domctl,
                            const char *what)
{
    struct xl_getopt g;
    uint32_t domid;
    long rc;
    int opt;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "", NULL, cmd, 1)) >= 0)
        ;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    if (xl_find_domain(g.argv[g.optind], &domid))
        return XL_EXIT_FAILURE;
    rc = simple_domctl(domctl, domid);
    if (rc < 0)
        xl_libxl_error("Domain %u:%s: %s", domid, what, xl_strerror(rc));
    return XL_EXIT_OK;
}

int main_pause(int argc, char **argv)
{
    return pause_or_unpause(argc, argv, "pause", XEN_DOMCTL_pausedomain, "Pausing domain");
}

int main_unpause(int argc, char **argv)
{
    return pause_or_unpause(argc, argv, "unpause", XEN_DOMCTL_unpausedomain, "Unpausing domain");
}

/* libxl_domain_destroy: the domain must exist; it is paused, then destroyed. */
int xl_destroy_domain(uint32_t domid)
{
    struct xen_domctl_getdomaininfo info;
    long rc = xl_domain_info(domid, &info);

    if (rc == -ESRCH) {
        xl_libxl_error("Domain %u:Non-existant domain", domid);
        return LIBXL_ERROR_DOMAIN_NOTFOUND;
    }
    if (rc) {
        xl_libxl_error("Domain %u:Unable to get domain info: %s", domid, xl_strerror(rc));
        return LIBXL_ERROR_FAIL;
    }
    rc = simple_domctl(XEN_DOMCTL_pausedomain, domid);
    if (rc < 0)
        xl_libxl_error("Domain %u:xc_domain_pause failed: %s", domid, xl_strerror(rc));
    xl_xenstore_remove_domain(domid); /* the backends let go, the tree goes */
    do /* Xen continues a long destroy itself; -EAGAIN asks again, as libxc does */
        rc = simple_domctl(XEN_DOMCTL_destroydomain, domid);
    while (rc == -EAGAIN);
    if (rc < 0) {
        xl_libxl_error("Domain %u:xc_domain_destroy failed: %s", domid, xl_strerror(rc));
        return LIBXL_ERROR_FAIL;
    }
    domains_forget(domid);
    xl_create_forget(domid);
    return 0;
}

int main_destroy(int argc, char **argv)
{
    struct xl_getopt g;
    bool force = false;
    uint32_t domid;
    int opt, rc;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "f", NULL, "destroy", 1)) >= 0)
        force = true;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    if (xl_find_domain(g.argv[g.optind], &domid))
        return XL_EXIT_FAILURE;
    if (domid == 0 && !force) {
        tools_printf("Not destroying domain 0; use -f to force.\n"
                     "This can only be done when using a disaggregated hardware domain and "
                     "toolstack.\n\n");
        return XL_EXIT_FAILURE;
    }
    rc = xl_destroy_domain(domid);
    if (rc) {
        tools_printf("destroy failed (rc=%d)\n", rc);
        return XL_EXIT_FAILURE;
    }
    return XL_EXIT_OK;
}

/* Ask the guest through xenstore, if it listens: true when asked. */
static bool pv_control(uint32_t domid, const char *cmd)
{
    struct xs_handle *h = xs_open();
    char path[64], *value = NULL;
    bool asked = false;

    if (!h)
        return false;
    fmt_snprintf(path, sizeof(path), "/local/domain/%u/control/feature-%s", domid, cmd);
    if (xs_read_str(h, path, &value) == 0 && strcmp(value, "1") == 0) {
        fmt_snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
        asked = xs_write_str(h, path, cmd) == 0;
    }
    free(value);
    xs_close(h);
    return asked;
}

static int remote_shutdown(uint32_t domid, unsigned reason)
{
    struct sched_remote_shutdown arg = { .domain_id = (domid_t)domid, .reason = reason };
    struct xen_domctl_getdomaininfo info;
    long rc = xl_domain_info(domid, &info);

    if (rc == 0 && pv_control(domid, reason == SHUTDOWN_reboot ? "reboot" : "poweroff"))
        return 0;
    if (rc == 0)
        rc = xc_sched_op(SCHEDOP_remote_shutdown, &arg);
    if (rc < 0) {
        xl_libxl_error("Domain %u:%s: %s", domid,
                       reason == SHUTDOWN_reboot ? "Rebooting domain" : "Shutting down domain",
                       xl_strerror(rc));
        return LIBXL_ERROR_FAIL;
    }
    return 0;
}

/* -w: wait until each domain has shut down or gone, as xl's wait_for_domain_deaths. */
static void wait_for_deaths(const uint32_t *doms, int n)
{
    tools_printf("Waiting for %d domains\n", n);
    for (int i = 0; i < n; i++) {
        for (;;) {
            struct xen_domctl_getdomaininfo info;
            int rc = xl_domain_info(doms[i], &info);

            if (rc) {
                tools_printf("Domain %u has been destroyed\n", doms[i]);
                break;
            }
            if (info.flags & XEN_DOMINF_shutdown) {
                tools_printf("Domain %u has been shut down, reason code %u\n", doms[i],
                             (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask);
                break;
            }
            xc_sched_op(SCHEDOP_yield, NULL);
        }
    }
}

static int shutdown_or_reboot(int argc, char **argv, bool reboot)
{
    static const struct xl_option opts[] = { { "all", false, 'a' },
                                             { "wait", false, 'w' },
                                             { NULL, false, 0 } };
    static struct xen_domctl_getdomaininfo doms[256];
    static uint32_t targets[256];
    const char *what = reboot ? "reboot" : "shutdown";
    bool all = false, wait = false;
    struct xl_getopt g;
    int opt, n = 0;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "awF", opts, what, 0)) >= 0) {
        if (opt == 'a')
            all = true;
        else if (opt == 'w')
            wait = true;
    }
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    if (g.optind >= g.argc && !all) {
        tools_printf("You must specify -a or a domain id.\n\n");
        return XL_EXIT_FAILURE;
    }
    if (all) {
        int nb = xl_domain_list(doms, 256);

        if (nb < 0) {
            tools_printf("libxl_list_domain failed.\n");
            return XL_EXIT_FAILURE;
        }
        for (int i = 0; i < nb; i++)
            if (doms[i].domain != 0)
                targets[n++] = doms[i].domain;
    } else {
        if (xl_find_domain(g.argv[g.optind], &targets[0]))
            return XL_EXIT_FAILURE;
        n = 1;
    }
    for (int i = 0; i < n; i++) {
        int rc;

        tools_printf("%s domain %u\n", reboot ? "Rebooting" : "Shutting down", targets[i]);
        rc = remote_shutdown(targets[i], reboot ? SHUTDOWN_reboot : SHUTDOWN_poweroff);
        if (rc) {
            tools_printf("%s failed (rc=%d)\n", what, rc);
            return XL_EXIT_FAILURE;
        }
    }
    if (wait)
        wait_for_deaths(targets, n);
    return XL_EXIT_OK;
}

int main_shutdown(int argc, char **argv)
{
    return shutdown_or_reboot(argc, argv, false);
}

int main_reboot(int argc, char **argv)
{
    return shutdown_or_reboot(argc, argv, true);
}

int main_rename(int argc, char **argv)
{
    struct xen_domctl_getdomaininfo info;
    const char *dom, *new_name;
    struct xl_getopt g;
    uint32_t domid;
    int opt, rc;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "", NULL, "rename", 2)) >= 0)
        ;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    dom = g.argv[g.optind];
    new_name = g.argv[g.optind + 1];
    if (xl_find_domain(dom, &domid))
        return XL_EXIT_FAILURE;
    rc = xl_domain_info(domid, &info);
    if (rc == 0) {
        rc = domains_set_name(domid, new_name);
        if (rc == -EEXIST)
            xl_libxl_error("Domain %u:Domain with name \"%s\" already exists.", domid, new_name);
        else if (rc)
            xl_libxl_error("Domain %u:Unable to rename domain to \"%s\": %s", domid, new_name,
                           xl_strerror(rc));
    } else {
        xl_libxl_error("Domain %u:Unable to get domain info: %s", domid, xl_strerror(rc));
    }
    if (rc) {
        tools_printf("Can't rename domain '%s'.\n", dom);
        return XL_EXIT_FAILURE;
    }
    return XL_EXIT_OK;
}
