/*
 * A small simulated host for xl's tests, behind the fake control seam: the
 * domains, CPUs, memory, version and console ring of the machine in
 * shared/reference/xl-4.17.txt (Xen 4.17.7, 2 CPUs, 1023 MiB, dom0 with
 * 512 MiB and 2 vCPUs, the paused domU "ref"), answering the domctls and
 * sysctls xl uses as Xen does.  Tests change it through the globals.
 */
#ifndef TESTS_UNIT_TOOLS_XL_FIXTURE_H
#define TESTS_UNIT_TOOLS_XL_FIXTURE_H

#include <stdbool.h>

#include "tools/xc.h"

#define FIX_DOMAINS_MAX 8
#define FIX_VCPUS_MAX   4

struct fix_vcpu {
    struct xen_domctl_getvcpuinfo info;
    uint8_t hard, soft; /* affinity bitmaps (2 CPUs) */
};

struct fix_domain {
    bool exists;
    struct xen_domctl_getdomaininfo info;
    struct fix_vcpu vcpus[FIX_VCPUS_MAX];
    uint16_t weight, cap;
};

extern struct fix_domain fix_domains[FIX_DOMAINS_MAX];
extern char fix_console[4096]; /* the hypervisor's console ring */
extern bool fix_console_cleared;

/* Reset the fake seam and the output, and install the reference host (dom0 and "ref" as 1). */
void fix_setup(void);

/* Run `xl ARGS...` (a NULL-terminated list); its exit code. */
int fix_xl(const char *arg, ...);

#endif /* TESTS_UNIT_TOOLS_XL_FIXTURE_H */
