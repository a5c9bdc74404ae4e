/*
 * xl mem-set: a domain's memory target, in xl's size syntax (a number of
 * MiB, or with a b/k/m/g/t suffix).  libxl tells a PV guest its new target
 * through xenstore (memory/target, which its balloon driver follows) and,
 * as xl asks it to enforce, moves the hypervisor's limit (max_mem) to the
 * target plus libxl's 1 MiB slack.  dom0 has no xenstore yet, so only the
 * limit moves: a guest above it cannot grow, but nothing asks it to shrink.
 */
#include "common/errno.h"
#include "tools/builder.h"
#include "tools/print.h"
#include "tools/xl_cmds.h"
#include "tools/xl_utils.h"

/* xl's parse_mem_size_kb: KiB, or -1. */
static int64_t parse_mem_size_kb(const char *s)
{
    int64_t kb = 0;
    const char *p = s;

    if (*p < '0' || *p > '9')
        return -1;
    while (*p >= '0' && *p <= '9') {
        if (kb > (INT64_MAX >> 40) / 10)
            return -1;
        kb = kb * 10 + (*p++ - '0');
    }
    if (p[0] && p[1])
        return -1;
    switch (*p | 0x20) {
    case 't':
        return kb << 30;
    case 'g':
        return kb << 20;
    case ' ': /* no suffix: '\0' | 0x20 */
    case 'm':
        return kb << 10;
    case 'k':
        return kb;
    case 'b':
        return kb >> 10;
    }
    return -1;
}

int main_memset(int argc, char **argv)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_max_mem };
    struct xl_getopt g;
    const char *mem;
    uint32_t domid;
    int64_t kb;
    long rc;
    int opt;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "", NULL, "mem-set", 2)) >= 0)
        ;
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    if (xl_find_domain(g.argv[g.optind], &domid))
        return XL_EXIT_FAILURE;
    mem = g.argv[g.optind + 1];
    kb = parse_mem_size_kb(mem);
    if (kb == -1) {
        tools_printf("invalid memory size: %s\n", mem);
        return XL_EXIT_FAILURE;
    }
    op.domain = (domid_t)domid;
    op.u.max_mem.max_memkb = (uint64_t)kb + BUILDER_MAXMEM_SLACK_KB;
    rc = xc_domctl(&op);
    if (rc < 0) {
        xl_libxl_error("Domain %u:Couldn't set max memory: %s", domid, xl_strerror(rc));
        tools_printf("cannot set domid %u dynamic max memory to : %s\n", domid, mem);
        return XL_EXIT_FAILURE;
    }
    return XL_EXIT_OK;
}
