/*
 * xl vcpu-list and vcpu-pin, as Xen 4.17's xl: one row per vCPU from
 * getvcpuinfo and getvcpuaffinity, affinities printed as CPU ranges ("all",
 * "none", "0-1,3"); pinning parses xl's CPU lists ("all", "3", "0-2,5",
 * "^1", "-" for leave alone) into setvcpuaffinity.
 */
#include "common/errno.h"
#include "common/string.h"
#include "tools/domains.h"
#include "tools/print.h"
#include "tools/xl_cmds.h"
#include "tools/xl_utils.h"

#define XL_CPUMAP_BYTES 32 /* up to 256 physical CPUs */

struct cpumap {
    uint8_t bits[XL_CPUMAP_BYTES];
    unsigned nr; /* bits in use: the host's max_cpu_id + 1 */
};

/* The host's CPU count for maps (max_cpu_id + 1, as libxl_get_max_cpus): > 0, or a negative errno. */
static int host_max_cpus(uint32_t *nr_cpus)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo };
    long rc = xc_sysctl(&op);
    unsigned n;

    if (rc < 0)
        return (int)rc;
    n = op.u.physinfo.max_cpu_id + 1;
    if (nr_cpus)
        *nr_cpus = op.u.physinfo.nr_cpus;
    return (int)(n > XL_CPUMAP_BYTES * 8 ? XL_CPUMAP_BYTES * 8 : n);
}

static bool map_test(const struct cpumap *m, unsigned i)
{
    return i < m->nr && (m->bits[i / 8] >> (i % 8)) & 1;
}

static void map_set(struct cpumap *m, unsigned i, bool on)
{
    if (i >= m->nr)
        return;
    if (on)
        m->bits[i / 8] |= (uint8_t)(1U << (i % 8));
    else
        m->bits[i / 8] &= (uint8_t) ~(1U << (i % 8));
}

/* xl's print_bitmap: "all" (every one of the first len set), "none", or ranges. */
static void print_cpus(const struct cpumap *m, unsigned len)
{
    bool any = false;
    unsigned i = 0;

    while (i < len) {
        unsigned first;

        if (!map_test(m, i)) {
            i++;
            continue;
        }
        first = i;
        while (i < len && map_test(m, i))
            i++;
        if (first == 0 && i == len) {
            tools_printf("all");
            return;
        }
        tools_printf("%s%u", any ? "," : "", first);
        if (i - 1 > first)
            tools_printf("-%u", i - 1);
        any = true;
    }
    if (!any)
        tools_printf("none");
}

/* Read one vCPU's affinity maps: 0 or the hypercall's error. */
static long get_affinity(uint32_t domid, uint32_t vcpu, struct cpumap *hard, struct cpumap *soft)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_getvcpuaffinity, .domain = (domid_t)domid };

    op.u.vcpuaffinity.vcpu = vcpu;
    op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT;
    op.u.vcpuaffinity.cpumap_hard.bitmap = (uint64_t)(uintptr_t)hard->bits;
    op.u.vcpuaffinity.cpumap_hard.nr_bits = hard->nr;
    op.u.vcpuaffinity.cpumap_soft.bitmap = (uint64_t)(uintptr_t)soft->bits;
    op.u.vcpuaffinity.cpumap_soft.nr_bits = soft->nr;
    return xc_domctl(&op);
}

static void print_domain_vcpus(uint32_t domid, unsigned maxcpus, unsigned nr_cpus)
{
    struct xen_domctl_getdomaininfo info;
    int rc = xl_domain_info(domid, &info);

    if (rc) {
        xl_libxl_error("Domain %u:getting infolist: %s", domid, xl_strerror(rc));
        return;
    }
    for (uint32_t v = 0; info.max_vcpu_id != XEN_INVALID_MAX_VCPU_ID && v <= info.max_vcpu_id;
         v++) {
        struct xen_domctl op = { .cmd = XEN_DOMCTL_getvcpuinfo, .domain = (domid_t)domid };
        struct cpumap hard = { .nr = maxcpus }, soft = { .nr = maxcpus };
        const struct xen_domctl_getvcpuinfo *vi = &op.u.getvcpuinfo;
        char time[24];
        long err;

        op.u.getvcpuinfo.vcpu = v;
        if ((err = xc_domctl(&op)) < 0) {
            xl_libxl_error("Domain %u:getting vcpu info: %s", domid, xl_strerror(err));
            return;
        }
        if ((err = get_affinity(domid, v, &hard, &soft)) < 0) {
            xl_libxl_error("Domain %u:getting vcpu affinity: %s", domid, xl_strerror(err));
            return;
        }
        tools_printf("%-32s %5u %5u", domains_name(domid), domid, v);
        if (!vi->online)
            tools_printf("%5c %3c%cp ", '-', '-', '-');
        else
            tools_printf("%5u %3c%c- ", vi->cpu, vi->running ? 'r' : '-', vi->blocked ? 'b' : '-');
        xl_format_seconds(time, sizeof(time), vi->cpu_time, 9);
        tools_printf("%s  ", time);
        print_cpus(&hard, nr_cpus);
        tools_printf(" / ");
        print_cpus(&soft, nr_cpus);
        tools_printf("\n");
    }
}

int main_vcpulist(int argc, char **argv)
{
    static struct xen_domctl_getdomaininfo doms[256];
    struct xl_getopt g;
    uint32_t nr_cpus = 0;
    int opt, maxcpus, n;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "", NULL, "vcpu-list", 0)) >= 0)
        ;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    maxcpus = host_max_cpus(&nr_cpus);
    if (maxcpus < 0) {
        tools_printf("libxl_physinfo failed.\n");
        return XL_EXIT_OK;
    }
    tools_printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU", "State", "Time(s)",
                 "Affinity (Hard / Soft)");
    if (g.optind >= g.argc) {
        n = xl_domain_list(doms, sizeof(doms) / sizeof(doms[0]));
        if (n < 0) {
            tools_printf("libxl_list_domain failed.\n");
            return XL_EXIT_OK;
        }
        for (int i = 0; i < n; i++)
            print_domain_vcpus(doms[i].domain, (unsigned)maxcpus, nr_cpus);
        return XL_EXIT_OK;
    }
    for (int i = g.optind; i < g.argc; i++) {
        uint32_t domid;

        if (xl_find_domain(g.argv[i], &domid))
            return XL_EXIT_FAILURE;
        print_domain_vcpus(domid, (unsigned)maxcpus, nr_cpus);
    }
    return XL_EXIT_OK;
}

/* One element of a CPU list: "all", "N", "N-M", each maybe "^"-negated. */
static int update_cpus(const char *s, size_t len, struct cpumap *m)
{
    bool negate = len > 0 && s[0] == '^';
    unsigned long a = 0, b;
    size_t i;

    if (negate)
        s++, len--;
    if (len == 3 && strncmp(s, "all", 3) == 0) {
        if (negate) {
            tools_printf("Can't combine \"^\" and \"all\".\n");
            return -EINVAL;
        }
        for (unsigned c = 0; c < m->nr; c++)
            map_set(m, c, true);
        return 0;
    }
    for (i = 0; i < len && s[i] >= '0' && s[i] <= '9' && a < 0x10000000UL; i++)
        a = a * 10 + (unsigned long)(s[i] - '0');
    b = a;
    if (i > 0 && i < len && s[i] == '-') {
        size_t j = ++i;

        for (b = 0; i < len && s[i] >= '0' && s[i] <= '9' && b < 0x10000000UL; i++)
            b = b * 10 + (unsigned long)(s[i] - '0');
        if (i == j || b < a)
            i = 0;
    }
    if (i == 0 || i != len) {
        tools_printf("Invalid pcpu range: %.*s.\n", (int)(len + negate), s - negate);
        return -EINVAL;
    }
    for (unsigned long c = a; c <= b && c < m->nr; c++)
        map_set(m, (unsigned)c, !negate);
    return 0;
}

static int parse_cpus(const char *s, struct cpumap *m)
{
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);

        if (len && update_cpus(s, len, m))
            return -EINVAL;
        s += len + (comma ? 1 : 0);
    }
    return 0;
}

static long set_affinity(uint32_t domid, uint32_t vcpu, struct cpumap *hard, struct cpumap *soft,
                         bool force)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_setvcpuaffinity, .domain = (domid_t)domid };
    long rc;

    op.u.vcpuaffinity.vcpu = vcpu;
    op.u.vcpuaffinity.flags = (hard ? XEN_VCPUAFFINITY_HARD : 0) |
                              (soft ? XEN_VCPUAFFINITY_SOFT : 0) |
                              (force ? XEN_VCPUAFFINITY_FORCE : 0);
    if (hard) {
        op.u.vcpuaffinity.cpumap_hard.bitmap = (uint64_t)(uintptr_t)hard->bits;
        op.u.vcpuaffinity.cpumap_hard.nr_bits = hard->nr;
    }
    if (soft) {
        op.u.vcpuaffinity.cpumap_soft.bitmap = (uint64_t)(uintptr_t)soft->bits;
        op.u.vcpuaffinity.cpumap_soft.nr_bits = soft->nr;
    }
    rc = xc_domctl(&op);
    if (rc < 0)
        xl_libxl_error("Domain %u:Setting vcpu affinity: %s", domid, xl_strerror(rc));
    return rc;
}

int main_vcpupin(int argc, char **argv)
{
    static const struct xl_option opts[] = { { "force", false, 'f' }, { NULL, false, 0 } };
    struct cpumap hard = { 0 }, soft = { 0 };
    struct xen_domctl_getdomaininfo info;
    const char *vcpu, *hard_str, *soft_str;
    bool force = false, all = false;
    unsigned long vcpuid = 0;
    struct xl_getopt g;
    uint32_t domid;
    int opt, maxcpus;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "f", opts, "vcpu-pin", 3)) >= 0)
        force = true;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    if (xl_find_domain(g.argv[g.optind], &domid))
        return XL_EXIT_FAILURE;
    vcpu = g.argv[g.optind + 1];
    hard_str = g.argv[g.optind + 2];
    soft_str = g.argc > g.optind + 3 ? g.argv[g.optind + 3] : NULL;
    if (xl_parse_ulong(vcpu, &vcpuid) || vcpuid > 0x7fffffffUL) {
        if (strcmp(vcpu, "all") != 0) {
            tools_printf("Error: Invalid argument %s as VCPU.\n", vcpu);
            return XL_EXIT_FAILURE;
        }
        if (force) {
            tools_printf("Error: --force and 'all' as VCPU not allowed.\n");
            return XL_EXIT_FAILURE;
        }
        all = true;
    }
    maxcpus = host_max_cpus(NULL);
    if (maxcpus < 0)
        return XL_EXIT_FAILURE;
    hard.nr = soft.nr = (unsigned)maxcpus;
    if (strcmp(hard_str, "-") != 0 && parse_cpus(hard_str, &hard))
        return XL_EXIT_FAILURE;
    if (soft_str && strcmp(soft_str, "-") != 0 && parse_cpus(soft_str, &soft))
        return XL_EXIT_FAILURE;
    if (!all) {
        if (set_affinity(domid, (uint32_t)vcpuid, strcmp(hard_str, "-") ? &hard : NULL,
                         soft_str && strcmp(soft_str, "-") ? &soft : NULL, force) < 0) {
            tools_printf("Could not set affinity for vcpu `%lu'.\n", vcpuid);
            return XL_EXIT_FAILURE;
        }
        return XL_EXIT_OK;
    }
    if (xl_domain_info(domid, &info)) {
        tools_printf("libxl_list_vcpu failed.\n");
        return XL_EXIT_FAILURE;
    }
    for (uint32_t v = 0; info.max_vcpu_id != XEN_INVALID_MAX_VCPU_ID && v <= info.max_vcpu_id;
         v++) {
        if (set_affinity(domid, v, strcmp(hard_str, "-") ? &hard : NULL,
                         soft_str && strcmp(soft_str, "-") ? &soft : NULL, false) < 0) {
            tools_printf("Could not set affinity.\n");
            return XL_EXIT_FAILURE;
        }
    }
    return XL_EXIT_OK;
}
