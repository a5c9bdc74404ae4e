/*
 * xl sched-credit and sched-credit2: list or set a domain's weight and cap,
 * as Xen 4.17's xl.  Domains are listed per cpupool whose scheduler is the
 * one asked for (cpupool_op INFO), so on a credit2 host `sched-credit`
 * lists nothing and `sched-credit -d DOM` says the domain runs credit2.
 * The pool line's rate limit needs sysctl scheduler_op, which this
 * toolstack does not issue: it prints xl's "[sched params unavailable]".
 */
#include "common/errno.h"
#include "common/string.h"
#include "tools/domains.h"
#include "tools/print.h"
#include "tools/xl_cmds.h"
#include "tools/xl_utils.h"

#define XL_POOLS_MAX 16

struct pool {
    uint32_t id;
    uint32_t sched_id;
};

/* The cpupools in id order (libxl_list_cpupool): how many, or a negative errno. */
static int list_pools(struct pool *pools, unsigned max)
{
    uint32_t next = 0;
    unsigned n = 0;

    while (n < max) {
        struct xen_sysctl op = { .cmd = XEN_SYSCTL_cpupool_op };
        long rc;

        op.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_INFO;
        op.u.cpupool_op.cpupool_id = next;
        rc = xc_sysctl(&op);
        if (rc == -ENOENT)
            break;
        if (rc < 0)
            return (int)rc;
        pools[n].id = op.u.cpupool_op.cpupool_id;
        pools[n].sched_id = op.u.cpupool_op.sched_id;
        next = pools[n++].id + 1;
    }
    return (int)n;
}

/* The scheduler of domid's pool: a XEN_SCHEDULER_*, or a negative errno. */
static long domain_scheduler(uint32_t domid)
{
    struct xen_domctl_getdomaininfo info;
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_cpupool_op };
    long rc = xl_domain_info(domid, &info);

    if (rc)
        return rc;
    op.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    op.u.cpupool_op.cpupool_id = info.cpupool;
    rc = xc_sysctl(&op);
    if (rc < 0)
        return rc;
    return op.u.cpupool_op.sched_id;
}

static long sched_params(uint32_t domid, uint32_t sched, uint32_t cmd, uint16_t *weight,
                         uint16_t *cap)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_scheduler_op, .domain = (domid_t)domid };
    long rc;

    op.u.scheduler_op.sched_id = sched;
    op.u.scheduler_op.cmd = cmd;
    op.u.scheduler_op.u.credit2.weight = *weight;
    op.u.scheduler_op.u.credit2.cap = *cap;
    rc = xc_domctl(&op);
    if (rc == 0 && cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
        *weight = op.u.scheduler_op.u.credit2.weight;
        *cap = op.u.scheduler_op.u.credit2.cap;
    }
    return rc;
}

/* One row (or, for domid < 0, the header): 0, or 1 after a message. */
static int domain_output(uint32_t sched, int64_t domid)
{
    uint16_t weight = 0, cap = 0;
    long actual;

    if (domid < 0) {
        tools_printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
        return 0;
    }
    actual = domain_scheduler((uint32_t)domid);
    if (actual >= 0 && (uint32_t)actual == sched)
        actual = sched_params((uint32_t)domid, sched, XEN_DOMCTL_SCHEDOP_getinfo, &weight, &cap);
    else if (actual >= 0) {
        const char *name = xl_scheduler_name((uint32_t)actual);

        tools_printf("libxl_domain_sched_params_get returned %s not %s.\n", name ? name : "unknown",
                     xl_scheduler_name(sched));
        return 1;
    }
    if (actual < 0) {
        xl_libxl_error("Domain %u:getting domain sched %s: %s", (uint32_t)domid,
                       xl_scheduler_name(sched), xl_strerror(actual));
        tools_printf("libxl_domain_sched_params_get failed.\n");
        return 1;
    }
    tools_printf("%-33s %4d %6d %4d\n", domains_name((uint32_t)domid), (int)domid, weight, cap);
    return 0;
}

static int list_all(uint32_t sched)
{
    static struct xen_domctl_getdomaininfo doms[256];
    struct pool pools[XL_POOLS_MAX];
    int np = list_pools(pools, XL_POOLS_MAX), nd;

    if (np < 0) {
        tools_printf("error getting cpupool info\n");
        return XL_EXIT_FAILURE;
    }
    nd = xl_domain_list(doms, 256);
    if (nd < 0) {
        tools_printf("libxl_list_domain failed.\n");
        return XL_EXIT_FAILURE;
    }
    for (int p = 0; p < np; p++) {
        if (pools[p].sched_id != sched)
            continue;
        if (sched == XEN_SCHEDULER_CREDIT2)
            tools_printf("Cpupool %s: [sched params unavailable]\n",
                         pools[p].id == 0 ? "Pool-0" : "(null)");
        domain_output(sched, -1);
        for (int i = 0; i < nd; i++)
            if (doms[i].cpupool == pools[p].id && domain_output(sched, doms[i].domain))
                return XL_EXIT_FAILURE;
    }
    return XL_EXIT_OK;
}

/* Both commands: -d DOM [-w WEIGHT] [-c CAP]; -s and -p are not supported here. */
static int sched_main(int argc, char **argv, const char *cmd, uint32_t sched)
{
    static const struct xl_option opts[] = {
        { "domain", true, 'd' },      { "weight", true, 'w' },    { "cap", true, 'c' },
        { "schedparam", false, 's' }, { "tslice_ms", true, 't' }, { "ratelimit_us", true, 'r' },
        { "cpupool", true, 'p' },     { NULL, false, 0 },
    };
    const char *dom = NULL;
    bool opt_w = false, opt_c = false;
    unsigned long weight = 0, cap = 0;
    struct xl_getopt g;
    uint16_t w16, c16;
    uint32_t domid;
    long rc;
    int opt;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "d:w:c:p:t:r:s", opts, cmd, 0)) >= 0) {
        if (opt == 'd') {
            dom = g.optarg;
        } else if (opt == 'w' || opt == 'c') {
            unsigned long v = 0;

            /* xl reads these with strtol(optarg, NULL, 10): leading digits */
            for (const char *p = g.optarg; *p >= '0' && *p <= '9' && v < 0x100000; p++)
                v = v * 10 + (unsigned long)(*p - '0');
            if (opt == 'w')
                weight = v, opt_w = true;
            else
                cap = v, opt_c = true;
        } else {
            tools_printf("xl %s: -%c is not supported by this toolstack\n", cmd, opt);
            return XL_EXIT_FAILURE;
        }
    }
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    if (!dom && (opt_w || opt_c)) {
        tools_printf("Must specify a domain.\n");
        return XL_EXIT_FAILURE;
    }
    if (!dom)
        return list_all(sched);
    if (xl_find_domain(dom, &domid))
        return XL_EXIT_FAILURE;
    if (!opt_w && !opt_c) {
        domain_output(sched, -1);
        return domain_output(sched, domid);
    }
    if (opt_w && (weight < 1 || weight > 65535)) {
        xl_libxl_error("Domain %u:Cpu weight out of range, valid values are within range from "
                       "1 to 65535",
                       domid);
        tools_printf("libxl_domain_sched_params_set failed.\n");
        return XL_EXIT_FAILURE;
    }
    rc = domain_scheduler(domid);
    w16 = 0, c16 = 0;
    if (rc >= 0 && (uint32_t)rc == sched)
        rc = sched_params(domid, sched, XEN_DOMCTL_SCHEDOP_getinfo, &w16, &c16);
    else if (rc >= 0)
        rc = -EINVAL;
    if (rc == 0) {
        w16 = opt_w ? (uint16_t)weight : w16;
        c16 = opt_c ? (uint16_t)(cap > 0xffff ? 0xffff : cap) : c16;
        rc = sched_params(domid, sched, XEN_DOMCTL_SCHEDOP_putinfo, &w16, &c16);
    }
    if (rc < 0) {
        xl_libxl_error("Domain %u:setting domain sched %s: %s", domid, xl_scheduler_name(sched),
                       xl_strerror(rc));
        tools_printf("libxl_domain_sched_params_set failed.\n");
        return XL_EXIT_FAILURE;
    }
    return XL_EXIT_OK;
}

int main_sched_credit(int argc, char **argv)
{
    return sched_main(argc, argv, "sched-credit", XEN_SCHEDULER_CREDIT);
}

int main_sched_credit2(int argc, char **argv)
{
    return sched_main(argc, argv, "sched-credit2", XEN_SCHEDULER_CREDIT2);
}
