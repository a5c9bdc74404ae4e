/*
 * What the domctl guest's files share: the two hypercalls, filled-in
 * requests, and facts about ourselves (dom0) to check the answers against.
 */
#ifndef TESTS_GUESTS_DOMCTL_H
#define TESTS_GUESTS_DOMCTL_H

#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/report.h"
#include "guest/runtime.h"
#include "guest/test.h"
#include "public/domctl.h"
#include "public/errno.h"
#include "public/memory.h"
#include "public/sysctl.h"
#include "public/vcpu.h"

/* Addresses that are never ours. */
#define HYPERVISOR_DIRECT_MAP 0xFFFF830000000000UL
#define NONCANONICAL          0x0000800000000000UL

static inline long domctl(struct xen_domctl *op)
{
    return hypercall_1(__HYPERVISOR_domctl, op);
}

static inline long sysctl(struct xen_sysctl *op)
{
    return hypercall_1(__HYPERVISOR_sysctl, op);
}

static inline struct xen_domctl domctl_req(uint32_t cmd, domid_t domain)
{
    return (struct xen_domctl){ .cmd = cmd,
                                .interface_version = XEN_DOMCTL_INTERFACE_VERSION,
                                .domain = domain };
}

static inline struct xen_sysctl sysctl_req(uint32_t cmd)
{
    return (struct xen_sysctl){ .cmd = cmd, .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
}

/* Our vCPUs (VCPUOP_is_up answers -ENOENT past the last) and pages. */
unsigned self_vcpus(void);
long self_reservation(void);

/* A domU made from dom0 for a case (vcpu_ops.c); it never runs. */
struct domu {
    domid_t id;
    uint64_t l4, spare; /* build_domu's two frames: the first zeroed */
};

/* Created as xl asks; with_vcpus: and its vCPUs made (max_vcpus).  0 or the error. */
long create_domu(struct domu *u, unsigned vcpus, bool with_vcpus);
/* Created with vCPUs and two frames; false (the case failed) if not. */
bool build_domu(struct domu *u, unsigned vcpus);
void destroy_domu(const struct domu *u);

extern const struct test_case domctl_cases[];
extern const unsigned domctl_count;
extern const struct test_case sysctl_cases[];
extern const unsigned sysctl_count;
extern const struct test_case lifecycle_cases[];
extern const unsigned lifecycle_count;
extern const struct test_case vcpu_cases[];
extern const unsigned vcpu_count;
extern const struct test_case sched_cases[];
extern const unsigned sched_count;

#endif /* TESTS_GUESTS_DOMCTL_H */
