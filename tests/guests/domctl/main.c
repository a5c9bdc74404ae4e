/*
 * domctl: dom0 asks the toolstack's hypercalls, domctl and sysctl, about
 * itself and the machine.  Expected values are Xen 4.17's answers; values
 * that differ between hypervisors (frequency, page counts) are checked for
 * consistency and printed.
 */
#include "domctl.h"
#include "sysctl_cases.h"

unsigned self_vcpus(void)
{
    unsigned n = 0;

    while (hypercall_vcpu_op(VCPUOP_is_up, n, NULL) >= 0)
        n++;
    return n;
}

long self_reservation(void)
{
    domid_t self = DOMID_SELF;

    return hypercall_memory_op(XENMEM_current_reservation, &self);
}

int guest_main(const struct start_info *si)
{
    static struct test_case cases[128];
    struct test_list all = { cases, 0, ARRAY_SIZE(cases) };

    test_list_add(&all, domctl_cases, domctl_count);
    test_list_add(&all, sysctl_cases, sysctl_count);
    test_list_add(&all, lifecycle_cases, lifecycle_count);
    test_list_add(&all, vcpu_cases, vcpu_count);
    test_list_add(&all, sched_cases, sched_count);
    test_list_add(&all, cpu_policy_domctl_cases, cpu_policy_domctl_count);
    test_main("domctl", all.cases, all.count);
}
