/*
 * xl list, info, domid, domname, dmesg and uptime: what the host and its
 * domains look like, printed in Xen 4.17 xl's formats (columns, TABs and
 * all), from getdomaininfo(list), physinfo, cputopoinfo, numainfo, sched_id,
 * readconsole and xen_version.
 */
#include <stdarg.h>

#include "common/errno.h"
#include "common/format.h"
#include "common/string.h"
#include "public/memory.h"
#include "public/version.h"
#include "tools/domains.h"
#include "tools/print.h"
#include "tools/xl_cmds.h"
#include "tools/xl_info.h"
#include "tools/xl_utils.h"

#define XL_LIST_MAX 256 /* domains xl list shows */

/* What uname(2) says about dom0 in `xl info`: our dom0 is no Linux. */
#define NODE_HOST    "(none)"
#define NODE_RELEASE "1.0"
#define NODE_VERSION "#1 small PV dom0"
#define NODE_MACHINE "x86_64"

static struct xen_domctl_getdomaininfo list_buf[XL_LIST_MAX];

/* `xl info NAME` prints only the value of the line(s) starting with NAME. */
static const char *info_name;

static void info_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void info_printf(const char *fmt, ...)
{
    char line[1200];
    const char *colon;
    va_list ap;

    va_start(ap, fmt);
    fmt_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (!info_name)
        tools_printf("%s", line);
    else if (strncmp(line, info_name, strlen(info_name)) == 0 && (colon = strchr(line, ':')) &&
             colon[1] == ' ')
        tools_printf("%s", colon + 2);
}

/* The name of a domain's cpupool (libxl_cpupoolid_to_name): Pool-0 for pool 0. */
static void pool_name(char *buf, size_t size, uint32_t pool)
{
    if (pool == 0)
        str_copy(buf, "Pool-0", size);
    else
        fmt_snprintf(buf, size, "Pool-%u", pool);
}

void xl_print_domain_row(const struct xen_domctl_getdomaininfo *d, unsigned columns)
{
    static const char reason_letters[] = "-rscwS";
    bool shutdown = d->flags & XEN_DOMINF_shutdown;
    unsigned reason =
        shutdown ? (d->flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask : 0;
    char time[24], uuid[37], pool[24];

    xl_format_seconds(time, sizeof(time), d->cpu_time, 8);
    tools_printf("%-40s %5d %5lu %5d     %c%c%c%c%c%c  %s", domains_name(d->domain), d->domain,
                 (unsigned long)((d->tot_pages + d->outstanding_pages) * 4 / 1024),
                 d->nr_online_vcpus, d->flags & XEN_DOMINF_running ? 'r' : '-',
                 d->flags & XEN_DOMINF_blocked ? 'b' : '-',
                 d->flags & XEN_DOMINF_paused ? 'p' : '-', shutdown ? 's' : '-',
                 reason < sizeof(reason_letters) - 1 ? reason_letters[reason] : '?',
                 d->flags & XEN_DOMINF_dying ? 'd' : '-', time);
    if (columns & XL_LIST_VERBOSE) {
        xl_format_uuid(uuid, d->handle);
        tools_printf(" %s", uuid);
        if (shutdown)
            tools_printf(" %8x", reason);
        else
            tools_printf(" %8s", "-");
    }
    if (columns & (XL_LIST_VERBOSE | XL_LIST_CONTEXT))
        tools_printf(" %16s", "-"); /* no XSM: no security label */
    if (columns & XL_LIST_CPUPOOL) {
        pool_name(pool, sizeof(pool), d->cpupool);
        tools_printf("%16s", pool);
    }
    tools_printf("\n");
}

static void list_domains(unsigned columns, const struct xen_domctl_getdomaininfo *info, int n)
{
    tools_printf("Name                                        ID   Mem VCPUs\tState\tTime(s)");
    if (columns & XL_LIST_VERBOSE)
        tools_printf("   UUID                            Reason-Code\tSecurity Label");
    if ((columns & XL_LIST_CONTEXT) && !(columns & XL_LIST_VERBOSE))
        tools_printf("   Security Label");
    if (columns & XL_LIST_CPUPOOL)
        tools_printf("         Cpupool");
    tools_printf("\n");
    for (int i = 0; i < n; i++)
        xl_print_domain_row(&info[i], columns);
}

int main_list(int argc, char **argv)
{
    static const struct xl_option opts[] = {
        { "long", false, 'l' },    { "verbose", false, 'v' }, { "context", false, 'Z' },
        { "cpupool", false, 'c' }, { "numa", false, 'n' },    { NULL, false, 0 },
    };
    unsigned columns = 0;
    bool details = false;
    struct xl_getopt g;
    uint32_t domid;
    int opt, n, rc;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "lvhZcn", opts, "list", 0)) >= 0) {
        if (opt == 'l')
            details = true;
        else if (opt == 'v')
            columns |= XL_LIST_VERBOSE;
        else if (opt == 'Z')
            columns |= XL_LIST_CONTEXT;
        else if (opt == 'c')
            columns |= XL_LIST_CPUPOOL;
        else {
            tools_printf("xl list: -%c (NUMA node affinity) is not supported by this toolstack\n",
                         opt);
            return XL_EXIT_FAILURE;
        }
    }
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    if (g.optind >= g.argc) {
        n = xl_domain_list(list_buf, XL_LIST_MAX);
        if (n < 0) {
            tools_printf("libxl_list_domain failed.\n");
            return XL_EXIT_FAILURE;
        }
    } else if (g.optind == g.argc - 1) {
        if (xl_find_domain(g.argv[g.optind], &domid))
            return XL_EXIT_FAILURE;
        rc = xl_domain_info(domid, &list_buf[0]);
        if (rc == -ESRCH) {
            tools_printf("Error: Domain '%s' does not exist.\n", g.argv[g.optind]);
            return XL_EXIT_FAILURE;
        }
        if (rc) {
            tools_printf("libxl_domain_info failed (code %d).\n", LIBXL_ERROR_FAIL);
            return XL_EXIT_FAILURE;
        }
        n = 1;
    } else {
        xl_help("list");
        return XL_EXIT_FAILURE;
    }
    if (details)
        xl_list_details(list_buf, n);
    else
        list_domains(columns, list_buf, n);
    return XL_EXIT_OK;
}

int main_domid(int argc, char **argv)
{
    struct xl_getopt g;
    uint32_t domid;
    int opt;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "", NULL, "domid", 1)) >= 0)
        ;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    if (domains_lookup(g.argv[g.optind], &domid) || xl_domain_info(domid, &list_buf[0])) {
        tools_printf("Can't get domid of domain name '%s', maybe this domain does not exist.\n",
                     g.argv[g.optind]);
        return XL_EXIT_FAILURE;
    }
    tools_printf("%u\n", domid);
    return XL_EXIT_OK;
}

int main_domname(int argc, char **argv)
{
    const char *arg, *name;
    struct xl_getopt g;
    unsigned long id = 0;
    int opt;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "", NULL, "domname", 1)) >= 0)
        ;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    arg = g.argv[g.optind];
    /* strtol(arg, &end, 10): leading digits count; none at all is an error */
    for (const char *p = arg; *p >= '0' && *p <= '9'; p++)
        id = (id * 10 + (unsigned long)(*p - '0')) & 0xffffffffUL;
    if (!(arg[0] >= '0' && arg[0] <= '9')) {
        tools_printf("Invalid domain id.\n\n");
        return XL_EXIT_FAILURE;
    }
    name = xl_domain_info((uint32_t)id, &list_buf[0]) ? NULL : domains_name((uint32_t)id);
    if (!name) {
        tools_printf("Can't get domain name of domain id '%u', maybe this domain does not "
                     "exist.\n",
                     (unsigned)id);
        return XL_EXIT_FAILURE;
    }
    tools_printf("%s\n", name);
    return XL_EXIT_OK;
}

/* The hypervisor's console ring, read incrementally, as libxl's console reader does. */
int main_dmesg(int argc, char **argv)
{
    static const struct xl_option opts[] = { { "clear", false, 'c' }, { NULL, false, 0 } };
    static char buf[16384];
    struct xl_getopt g;
    bool clear = false;
    uint32_t index = 0;
    int opt;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "c", opts, "dmesg", 0)) >= 0)
        clear = true;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    for (;;) {
        struct xen_sysctl op = { .cmd = XEN_SYSCTL_readconsole };
        long rc;

        op.u.readconsole.clear = clear;
        op.u.readconsole.incremental = 1;
        op.u.readconsole.index = index;
        op.u.readconsole.buffer = (uint64_t)(uintptr_t)buf;
        op.u.readconsole.count = sizeof(buf);
        rc = xc_sysctl(&op);
        if (rc < 0) {
            xl_libxl_error("reading console ring buffer: %s", xl_strerror(rc));
            return XL_EXIT_FAILURE;
        }
        if (op.u.readconsole.count == 0)
            return XL_EXIT_OK;
        if (op.u.readconsole.count > sizeof(buf)) {
            xl_libxl_error("reading console ring buffer: %s", xl_strerror(-EIO));
            return XL_EXIT_FAILURE;
        }
        index = op.u.readconsole.index;
        tools_printf("%.*s", (int)op.u.readconsole.count, buf);
    }
}

static void output_nodeinfo(void)
{
    info_printf("host                   : %s\n", NODE_HOST);
    info_printf("release                : %s\n", NODE_RELEASE);
    info_printf("version                : %s\n", NODE_VERSION);
    info_printf("machine                : %s\n", NODE_MACHINE);
}

static void output_virt_caps(uint32_t caps)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {
        { XEN_SYSCTL_PHYSCAP_pv, " pv" },
        { XEN_SYSCTL_PHYSCAP_hvm, " hvm" },
        { XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_directio, " hvm_directio" },
        { XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_directio, " pv_directio" },
        { XEN_SYSCTL_PHYSCAP_hap, " hap" },
        { XEN_SYSCTL_PHYSCAP_shadow, " shadow" },
        { XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share, " iommu_hap_pt_share" },
        { XEN_SYSCTL_PHYSCAP_vmtrace, " vmtrace" },
        { XEN_SYSCTL_PHYSCAP_vpmu, " vpmu" },
        { XEN_SYSCTL_PHYSCAP_gnttab_v1, " gnttab-v1" },
        { XEN_SYSCTL_PHYSCAP_gnttab_v2, " gnttab-v2" },
    };
    char line[256] = "";
    size_t n = 0;

    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if ((caps & names[i].bit) == names[i].bit)
            n += str_copy(line + n, names[i].name, sizeof(line) - n);
    info_printf("virt_caps              :%s\n", line);
}

/* free_cpus: the CPUs in no cpupool (cpupool_op FREEINFO); the line is left out if that fails. */
static void output_free_cpus(void)
{
    uint8_t map[64] = { 0 };
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_cpupool_op };
    int n = 0;

    op.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_FREEINFO;
    op.u.cpupool_op.cpumap.bitmap = (uint64_t)(uintptr_t)map;
    op.u.cpupool_op.cpumap.nr_bits = sizeof(map) * 8;
    if (xc_sysctl(&op) < 0)
        return;
    for (unsigned i = 0; i < sizeof(map) * 8; i++)
        n += (map[i / 8] >> (i % 8)) & 1;
    info_printf("free_cpus              : %d\n", n);
}

static void output_physinfo(void)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo };
    const struct xen_sysctl_physinfo *p = &op.u.physinfo;
    long freed, shared;

    if (xc_sysctl(&op) < 0) {
        tools_printf("libxl_physinfo failed.\n");
        return;
    }
    info_printf("nr_cpus                : %d\n", p->nr_cpus);
    info_printf("max_cpu_id             : %d\n", p->max_cpu_id);
    info_printf("nr_nodes               : %d\n", p->nr_nodes);
    info_printf("cores_per_socket       : %d\n", p->cores_per_socket);
    info_printf("threads_per_core       : %d\n", p->threads_per_core);
    info_printf("cpu_mhz                : %d.%03d\n", p->cpu_khz / 1000, p->cpu_khz % 1000);
    info_printf("hw_caps                : %08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x\n", p->hw_cap[0],
                p->hw_cap[1], p->hw_cap[2], p->hw_cap[3], p->hw_cap[4], p->hw_cap[5], p->hw_cap[6],
                p->hw_cap[7]);
    output_virt_caps(p->capabilities);
    freed = xc_memory_op(XENMEM_get_sharing_freed_pages, NULL);
    shared = xc_memory_op(XENMEM_get_sharing_shared_pages, NULL);
    info_printf("total_memory           : %llu\n", (unsigned long long)p->total_pages / 256);
    info_printf("free_memory            : %llu\n",
                (unsigned long long)(p->free_pages - p->outstanding_pages) / 256);
    info_printf("sharing_freed_memory   : %ld\n", freed < 0 ? 0 : freed / 256);
    info_printf("sharing_used_memory    : %ld\n", shared < 0 ? 0 : shared / 256);
    info_printf("outstanding_claims     : %llu\n", (unsigned long long)p->outstanding_pages / 256);
    output_free_cpus();
}

int main_info(int argc, char **argv)
{
    static const struct xl_option opts[] = { { "numa", false, 'n' }, { NULL, false, 0 } };
    struct xl_getopt g;
    bool numa = false;
    int opt;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "n", opts, "info", 0)) >= 0)
        numa = true;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    info_name = !numa && g.argc > g.optind ? g.argv[g.optind] : NULL;
    output_nodeinfo();
    output_physinfo();
    if (numa) {
        xl_output_topologyinfo();
        xl_output_numainfo();
    }
    xl_output_xeninfo(info_printf);
    info_printf("xend_config_format     : 4\n");
    info_name = NULL;
    return XL_EXIT_OK;
}
