/*
 * The host half of `xl info`: CPU topology and NUMA nodes (-n), and the
 * hypervisor's version, capabilities, scheduler and build, as Xen 4.17's
 * xl prints them from cputopoinfo, numainfo, sched_id and xen_version.
 */
#include "common/string.h"
#include "public/version.h"
#include "tools/print.h"
#include "tools/xl_info.h"
#include "tools/xl_utils.h"

#define XL_CPUS_MAX  256 /* CPUs shown by xl info -n */
#define XL_NODES_MAX 16  /* NUMA nodes shown by xl info -n */

void xl_output_topologyinfo(void)
{
    static struct xen_sysctl_cputopo topo[XL_CPUS_MAX];
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_cputopoinfo };
    unsigned n;

    if (xc_sysctl(&op) < 0) { /* how many, with a null array */
        xl_libxl_error("Unable to determine number of CPUS");
        tools_printf("libxl_get_cpu_topology failed.\n");
        return;
    }
    n = op.u.cputopoinfo.num_cpus < XL_CPUS_MAX ? op.u.cputopoinfo.num_cpus : XL_CPUS_MAX;
    op = (struct xen_sysctl){ .cmd = XEN_SYSCTL_cputopoinfo };
    op.u.cputopoinfo.num_cpus = n;
    op.u.cputopoinfo.cputopo = (uint64_t)(uintptr_t)topo;
    if (xc_sysctl(&op) < 0) {
        xl_libxl_error("CPU topology info hypercall failed");
        tools_printf("libxl_get_cpu_topology failed.\n");
        return;
    }
    n = op.u.cputopoinfo.num_cpus < n ? op.u.cputopoinfo.num_cpus : n;
    tools_printf("cpu_topology           :\n");
    tools_printf("cpu:    core    socket     node\n");
    for (unsigned i = 0; i < n; i++)
        if (topo[i].core != XEN_INVALID_CORE_ID)
            tools_printf("%3u:    %4d     %4d     %4d\n", i, (int)topo[i].core, (int)topo[i].socket,
                         (int)topo[i].node);
    /* Our dom0 enumerates no PCI devices, so there is no device to place. */
    tools_printf("device topology        :\n");
    tools_printf("device           node\n");
    tools_printf("No device topology data available\n");
}

void xl_output_numainfo(void)
{
    static struct xen_sysctl_meminfo mem[XL_NODES_MAX];
    static uint32_t dist[XL_NODES_MAX * XL_NODES_MAX];
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_numainfo };
    unsigned n;

    if (xc_sysctl(&op) < 0) {
        xl_libxl_error("Unable to determine number of nodes");
        tools_printf("libxl_get_numainfo failed.\n");
        return;
    }
    n = op.u.numainfo.num_nodes < XL_NODES_MAX ? op.u.numainfo.num_nodes : XL_NODES_MAX;
    op = (struct xen_sysctl){ .cmd = XEN_SYSCTL_numainfo };
    op.u.numainfo.num_nodes = n;
    op.u.numainfo.meminfo = (uint64_t)(uintptr_t)mem;
    op.u.numainfo.distance = (uint64_t)(uintptr_t)dist;
    if (xc_sysctl(&op) < 0) {
        xl_libxl_error("getting numainfo");
        tools_printf("libxl_get_numainfo failed.\n");
        return;
    }
    tools_printf("numa_info              :\n");
    tools_printf("node:    memsize    memfree    distances\n");
    for (unsigned i = 0; i < n; i++) {
        if (mem[i].memsize == XEN_INVALID_MEM_SZ)
            continue;
        tools_printf("%4u:    %6llu     %6llu      %d", i,
                     (unsigned long long)(mem[i].memsize >> 20),
                     (unsigned long long)(mem[i].memfree >> 20), (int)dist[i * n]);
        for (unsigned j = 1; j < n; j++)
            tools_printf(",%d", (int)dist[i * n + j]);
        tools_printf("\n");
    }
}

/* The build id as hex, or "" if the hypervisor has none to give. */
static void build_id_text(char *out, size_t size)
{
    static union {
        struct xen_build_id id;
        unsigned char bytes[4 + 64];
    } b;
    long n;

    out[0] = '\0';
    b.id.len = sizeof(b.bytes) - 4;
    n = xc_version(XENVER_build_id, &b.id);
    for (long i = 0; i < n && (size_t)(2 * i + 2) < size; i++) {
        static const char hex[] = "0123456789abcdef";

        out[2 * i] = hex[b.id.buf[i] >> 4];
        out[2 * i + 1] = hex[b.id.buf[i] & 15];
        out[2 * i + 2] = '\0';
    }
}

void xl_output_xeninfo(void (*print)(const char *fmt, ...) __attribute__((format(printf, 1, 2))))
{
    static xen_capabilities_info_t caps;
    static xen_commandline_t cmdline;
    static struct xen_compile_info cc;
    xen_extraversion_t extra = "";
    xen_changeset_info_t changeset = "";
    struct xen_platform_parameters params = { 0 };
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_sched_id };
    const char *sched;
    char build_id[130];
    long version, pagesize;

    version = xc_version(XENVER_version, NULL);
    if (version < 0 || xc_version(XENVER_extraversion, extra) < 0 ||
        xc_version(XENVER_capabilities, caps) < 0 || xc_version(XENVER_changeset, changeset) < 0 ||
        xc_version(XENVER_compile_info, &cc) < 0 ||
        xc_version(XENVER_platform_parameters, &params) < 0 ||
        xc_version(XENVER_commandline, cmdline) < 0 ||
        (pagesize = xc_version(XENVER_pagesize, NULL)) < 0) {
        tools_printf("libxl_get_version_info failed.\n");
        return;
    }
    if (xc_sysctl(&op) < 0) {
        tools_printf("get_scheduler sysctl failed.\n");
        return;
    }
    sched = xl_scheduler_name(op.u.sched_id.sched_id);
    extra[sizeof(extra) - 1] = caps[sizeof(caps) - 1] = cmdline[sizeof(cmdline) - 1] = '\0';
    changeset[sizeof(changeset) - 1] = '\0';
    build_id_text(build_id, sizeof(build_id));
    print("xen_major              : %d\n", (int)(version >> 16));
    print("xen_minor              : %d\n", (int)(version & 0xffff));
    print("xen_extra              : %s\n", extra);
    print("xen_version            : %d.%d%s\n", (int)(version >> 16), (int)(version & 0xffff),
          extra);
    print("xen_caps               : %s\n", caps);
    print("xen_scheduler          : %s\n", sched ? sched : "(null)");
    print("xen_pagesize           : %u\n", (unsigned)pagesize);
    print("platform_params        : virt_start=0x%llx\n", (unsigned long long)params.virt_start);
    print("xen_changeset          : %s\n", changeset);
    print("xen_commandline        : %s\n", cmdline);
    print("cc_compiler            : %.64s\n", cc.compiler);
    print("cc_compile_by          : %.16s\n", cc.compile_by);
    print("cc_compile_domain      : %.32s\n", cc.compile_domain);
    print("cc_compile_date        : %.32s\n", cc.compile_date);
    print("build_id               : %s\n", build_id);
}
