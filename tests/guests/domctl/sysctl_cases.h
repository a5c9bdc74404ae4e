/*
 * The sysctl section's cases that live outside sysctl_ops.c (which holds
 * the section's table): the machine and its facilities
 * (sysctl_machine.c), CPU policies (cpu_policy_ops.c).
 */
#ifndef TESTS_GUESTS_DOMCTL_SYSCTL_CASES_H
#define TESTS_GUESTS_DOMCTL_SYSCTL_CASES_H

#include "domctl.h"

/* sysctl cmd with the argument u (n bytes) in op; the hypercall's result. */
long sysctl_with(struct xen_sysctl *op, uint32_t cmd, const void *u, size_t n);

/* The hypervisor's console ring from index on, into buf (NUL-terminated). */
long console_since(uint32_t index, char *buf, uint32_t size, uint32_t *end);

void getcpuinfo_idle_grows(void);
void getcpuinfo_bad_buffer(void);
void cputopoinfo_one_node(void);
void numainfo_one_node(void);
void availheap_zones_add_up(void);
void cpupool_pool0_info(void);
void cpupool_refusals(void);
void cpupool_create_destroy(void);
void scheduler_op_credit2_ratelimit(void);
void debug_keys_dump_to_ring(void);
void debug_keys_unknown_and_bad(void);
void tbuf_op_without_buffers(void);
void cpu_hotplug_refused(void);
void pm_cstates_only(void);
void page_offline_query(void);
void livepatch_none_loaded(void);
void absent_facilities(void);

void featureset_counts_and_order(void);
void featureset_short_and_bad(void);
void sysctl_policy_serialised(void);
void sysctl_policy_short_and_bad(void);

/* domctl get_cpu_policy / set_cpu_policy (cpu_policy_ops.c): add to main.c's list. */
extern const struct test_case cpu_policy_domctl_cases[];
extern const unsigned cpu_policy_domctl_count;

#endif
