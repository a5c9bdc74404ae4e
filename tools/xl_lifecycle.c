/*
 * The domain lifecycle, xl's watching daemon without processes: for each
 * domain xl created (without -F, which watches in the foreground), once it
 * has shut down, act on its on_poweroff / on_reboot / on_crash /
 * on_watchdog setting as that daemon would: destroy it; restart it
 * (destroyed, then built again from the same configuration); or leave it
 * (preserve, and what this toolstack cannot do: rename-restart,
 * soft-reset).  A domain that is gone is forgotten.
 *
 * xl_main runs a pass before each command, and dom0 may run one whenever
 * VIRQ_DOM_EXC tells it a domain shut down.  Silent when all goes well, as
 * xl's daemon writes to its log file rather than the terminal.
 */
#include "common/errno.h"
#include "common/string.h"
#include "public/sched.h"
#include "tools/domains.h"
#include "tools/print.h"
#include "tools/xl.h"
#include "tools/xl_create.h"
#include "tools/xl_utils.h"

#define XL_LEFT_MAX 32 /* shut-down domains left as they are */

/* Domains already acted on by leaving them alone, so that they are not looked at again. */
static uint32_t left[XL_LEFT_MAX];
static unsigned nr_left;

static bool is_left(uint32_t domid)
{
    for (unsigned i = 0; i < nr_left; i++)
        if (left[i] == domid)
            return true;
    return false;
}

static void leave(uint32_t domid)
{
    if (nr_left < XL_LEFT_MAX && !is_left(domid))
        left[nr_left++] = domid;
}

static void forget_left(uint32_t domid)
{
    for (unsigned i = 0; i < nr_left; i++)
        if (left[i] == domid)
            left[i] = left[--nr_left];
}

/* Act on one domain that shut down for reason. */
static void act(uint32_t domid, const struct xlcfg *c, unsigned reason)
{
    static struct xlcfg again; /* the configuration outlives the destroy that forgets it */
    enum xlcfg_action action;
    uint32_t new_domid;
    int rc;

    if (!xl_shutdown_action(c, reason, &action)) { /* suspended: nothing to do */
        leave(domid);
        return;
    }
    if (action == XLCFG_ACTION_COREDUMP_DESTROY)
        action = XLCFG_ACTION_DESTROY;
    if (action == XLCFG_ACTION_COREDUMP_RESTART)
        action = XLCFG_ACTION_RESTART;
    if (action != XLCFG_ACTION_DESTROY && action != XLCFG_ACTION_RESTART) {
        leave(domid);
        return;
    }
    again = *c;
    rc = xl_destroy_domain(domid);
    if (rc) {
        tools_printf("xl: domain %u (%s) shut down and could not be destroyed (rc=%d)\n", domid,
                     again.name, rc);
        leave(domid);
        return;
    }
    if (action == XLCFG_ACTION_RESTART && (rc = xl_create_domain(&again, false, &new_domid)))
        tools_printf("xl: domain %s could not be restarted (rc=%d)\n", again.name, rc);
}

void xl_lifecycle_poll(void)
{
    uint32_t domid;
    const struct xlcfg *c;

    for (unsigned i = 0; xl_created_at(i, &domid, &c); i++) {
        struct xen_domctl_getdomaininfo info;
        int rc;

        if (!c)
            continue;
        rc = xl_domain_info(domid, &info);
        if (rc == -ESRCH) { /* destroyed behind xl's back */
            forget_left(domid);
            domains_forget(domid);
            xl_create_forget(domid);
            continue;
        }
        if (rc || !(info.flags & XEN_DOMINF_shutdown) || is_left(domid))
            continue;
        act(domid, c, (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask);
    }
}
