/*
 * xl uptime and xl top.  uptime prints each domain's time since it started
 * (dom0's since the hypervisor started; a domU's since xl created it), in
 * xl's format.  top prints one frame of xentop's table in its batch format
 * (xentop -b -i 1): the summary, the header and a row per domain sorted by
 * name, with no CPU percentage (that needs two samples) and no networks or
 * block devices (dom0 has no backends for them).
 */
#include "common/errno.h"
#include "common/format.h"
#include "common/string.h"
#include "public/sched.h"
#include "public/version.h"
#include "tools/domains.h"
#include "tools/print.h"
#include "tools/xl.h"
#include "tools/xl_cmds.h"
#include "tools/xl_utils.h"

#define XL_STARTS_MAX 64

static uint64_t (*clock_uptime_ns)(void);
static uint64_t (*clock_wallclock_s)(void);

static struct {
    bool used;
    uint32_t domid;
    uint64_t start_ns;
} starts[XL_STARTS_MAX];

void xl_set_clock(uint64_t (*uptime_ns)(void), uint64_t (*wallclock_s)(void))
{
    clock_uptime_ns = uptime_ns;
    clock_wallclock_s = wallclock_s;
}

void xl_note_start(uint32_t domid)
{
    unsigned slot = XL_STARTS_MAX;

    if (!clock_uptime_ns)
        return;
    for (unsigned i = 0; i < XL_STARTS_MAX && slot == XL_STARTS_MAX; i++)
        if (starts[i].used && starts[i].domid == domid)
            slot = i;
    for (unsigned i = 0; i < XL_STARTS_MAX && slot == XL_STARTS_MAX; i++)
        if (!starts[i].used)
            slot = i;
    if (slot < XL_STARTS_MAX) {
        starts[slot].used = true;
        starts[slot].domid = domid;
        starts[slot].start_ns = clock_uptime_ns();
    }
}

/* xl's uptime_to_string: "[D day(s), ]H:MM[:SS]" with the hour in %2d; short drops seconds. */
static void uptime_text(char *buf, size_t size, uint64_t seconds, bool short_mode)
{
    unsigned day = (unsigned)(seconds / 86400), hour, min, sec;
    char days[24] = "";

    seconds %= 86400;
    hour = (unsigned)(seconds / 3600);
    min = (unsigned)(seconds % 3600 / 60);
    sec = (unsigned)(seconds % 60);
    if (day)
        fmt_snprintf(days, sizeof(days), "%u day%s, ", day, day > 1 ? "s" : "");
    if (short_mode)
        fmt_snprintf(buf, size, "%s%2u:%02u", days, hour, min);
    else
        fmt_snprintf(buf, size, "%s%2u:%02u:%02u", days, hour, min, sec);
}

static void print_uptime(uint32_t domid, bool short_mode)
{
    char text[48], now[16] = "--:--:--";
    uint64_t start = 0;
    bool known = domid == 0;

    for (unsigned i = 0; i < XL_STARTS_MAX && !known; i++)
        if (starts[i].used && starts[i].domid == domid)
            start = starts[i].start_ns, known = true;
    if (!known) /* libxl_vm_get_start_time failed: xl prints nothing for it */
        return;
    uptime_text(text, sizeof(text), (clock_uptime_ns() - start) / 1000000000ULL, short_mode);
    if (!short_mode) {
        tools_printf("%-33s %4u %s\n", domains_name(domid), domid, text);
        return;
    }
    if (clock_wallclock_s) {
        uint64_t s = clock_wallclock_s() % 86400; /* dom0 keeps UTC as its local time */

        fmt_snprintf(now, sizeof(now), "%02u:%02u:%02u", (unsigned)(s / 3600),
                     (unsigned)(s % 3600 / 60), (unsigned)(s % 60));
    }
    tools_printf(" %s up %s, %s (%u)\n", now, text, domains_name(domid), domid);
}

int main_uptime(int argc, char **argv)
{
    static struct xen_domctl_getdomaininfo doms[256];
    bool short_mode = false;
    struct xl_getopt g;
    int opt, n;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "s", NULL, "uptime", 0)) >= 0)
        short_mode = true;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    if (!short_mode)
        tools_printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
    if (!clock_uptime_ns) {
        tools_printf("Can not get Dom0 uptime.\n");
        return 255; /* xl's exit(-1) */
    }
    if (g.optind < g.argc) {
        for (int i = g.optind; i < g.argc; i++) {
            uint32_t domid;

            if (xl_find_domain(g.argv[i], &domid))
                return XL_EXIT_FAILURE;
            print_uptime(domid, short_mode);
        }
        return XL_EXIT_OK;
    }
    print_uptime(0, short_mode);
    n = xl_domain_list(doms, 256);
    if (n < 0) {
        tools_printf("Could not list vms.\n");
        return XL_EXIT_OK;
    }
    for (int i = 0; i < n; i++)
        if (doms[i].domain != 0)
            print_uptime(doms[i].domain, short_mode);
    return XL_EXIT_OK;
}

/* xentop's percentage: value / total * 100 with one decimal ("%6.1f"). */
static void percent(char *buf, size_t size, uint64_t value, uint64_t total, int width)
{
    uint64_t tenths = total ? (value * 1000 + total / 2) / total : 0;

    fmt_snprintf(buf, size, "%*llu.%llu", width - 2, (unsigned long long)(tenths / 10),
                 (unsigned long long)(tenths % 10));
}

static void top_row(const struct xen_domctl_getdomaininfo *d, uint64_t total_bytes)
{
    bool shutdown = d->flags & XEN_DOMINF_shutdown;
    unsigned reason = (d->flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    bool crashed = shutdown && reason == SHUTDOWN_crash;
    uint64_t mem = d->tot_pages * 4096, max = d->max_pages * 4096;
    const char *name = domains_name(d->domain);
    char mem_pct[16], max_pct[16];

    percent(mem_pct, sizeof(mem_pct), mem, total_bytes, 6);
    percent(max_pct, sizeof(max_pct), max, total_bytes, 9);
    tools_printf("%10.10s %c%c%c%c%c%c %10llu %6s %10llu %s %10llu %s %5u %4u %8u %8u %4u %8u %8u "
                 "%8u %10u %10u %4u\n",
                 name ? name : "", d->flags & XEN_DOMINF_dying ? 'd' : '-', shutdown ? 's' : '-',
                 d->flags & XEN_DOMINF_blocked ? 'b' : '-', crashed ? 'c' : '-',
                 d->flags & XEN_DOMINF_paused ? 'p' : '-',
                 d->flags & XEN_DOMINF_running ? 'r' : '-',
                 (unsigned long long)(d->cpu_time / 1000000000), "0.0",
                 (unsigned long long)(mem / 1024), mem_pct, (unsigned long long)(max / 1024),
                 max_pct, d->max_vcpu_id + 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, d->ssidref);
}

static int name_cmp(uint32_t a, uint32_t b)
{
    const char *x = domains_name(a), *y = domains_name(b);

    x = x ? x : "";
    y = y ? y : "";
    for (;; x++, y++) {
        int cx = (*x >= 'A' && *x <= 'Z') ? *x + 32 : *x;
        int cy = (*y >= 'A' && *y <= 'Z') ? *y + 32 : *y;

        if (cx != cy || !cx)
            return cx - cy;
    }
}

int main_top(int argc, char **argv)
{
    static struct xen_domctl_getdomaininfo doms[256];
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo };
    unsigned run = 0, block = 0, pause = 0, crash = 0, dying = 0, shut = 0;
    xen_extraversion_t extra = "";
    char now[16] = "--:--:--";
    uint64_t total, free_bytes;
    struct xl_getopt g;
    long version;
    int opt, n;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "", NULL, "top", 0)) >= 0)
        ;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    n = xl_domain_list(doms, 256);
    version = xc_version(XENVER_version, NULL);
    if (n < 0 || xc_sysctl(&op) < 0 || version < 0 || xc_version(XENVER_extraversion, extra) < 0) {
        tools_printf("Failed to retrieve statistics from libxenstat\n");
        return XL_EXIT_FAILURE;
    }
    extra[sizeof(extra) - 1] = '\0';
    for (int i = 1; i < n; i++) /* insertion sort by name, as xentop's default order */
        for (int j = i; j > 0 && name_cmp(doms[j - 1].domain, doms[j].domain) > 0; j--) {
            struct xen_domctl_getdomaininfo t = doms[j];

            doms[j] = doms[j - 1], doms[j - 1] = t;
        }
    for (int i = 0; i < n; i++) {
        uint32_t f = doms[i].flags;
        unsigned reason = (f >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;

        if (f & XEN_DOMINF_running)
            run++;
        else if (f & XEN_DOMINF_blocked)
            block++;
        else if (f & XEN_DOMINF_paused)
            pause++;
        else if ((f & XEN_DOMINF_shutdown) && reason != SHUTDOWN_crash)
            shut++;
        else if (f & XEN_DOMINF_shutdown)
            crash++;
        else if (f & XEN_DOMINF_dying)
            dying++;
    }
    if (clock_wallclock_s) {
        uint64_t s = clock_wallclock_s() % 86400;

        fmt_snprintf(now, sizeof(now), "%02u:%02u:%02u", (unsigned)(s / 3600),
                     (unsigned)(s % 3600 / 60), (unsigned)(s % 60));
    }
    total = op.u.physinfo.total_pages * 4096;
    free_bytes = op.u.physinfo.free_pages * 4096;
    tools_printf("xentop - %s   Xen %d.%d%s\n", now, (int)(version >> 16), (int)(version & 0xffff),
                 extra);
    tools_printf("%d domains: %u running, %u blocked, %u paused, %u crashed, %u dying, %u "
                 "shutdown \n",
                 n, run, block, pause, crash, dying, shut);
    tools_printf("Mem: %lluk total, %lluk used, %lluk free    CPUs: %u @ %uMHz\n",
                 (unsigned long long)(total / 1024),
                 (unsigned long long)((total - free_bytes) / 1024),
                 (unsigned long long)(free_bytes / 1024), op.u.physinfo.nr_cpus,
                 op.u.physinfo.cpu_khz / 1000);
    tools_printf("      NAME  STATE   CPU(sec) CPU(%%)     MEM(k) MEM(%%)  MAXMEM(k) MAXMEM(%%) "
                 "VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  "
                 "VBD_WSECT SSID\n");
    for (int i = 0; i < n; i++)
        top_row(&doms[i], total);
    return XL_EXIT_OK;
}
