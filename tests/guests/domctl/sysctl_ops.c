/*
 * sysctl (hypercall 35) from dom0: the framing, physinfo's consistency
 * with what we see of ourselves, the scheduler's id, getdomaininfolist,
 * readconsole; and the section's table, with the cases of
 * sysctl_machine.c and cpu_policy_ops.c.
 */
#include "common/string.h"
#include "public/io/console.h"
#include "sysctl_cases.h"

static void version_mismatch_eacces(void)
{
    struct xen_sysctl op = sysctl_req(XEN_SYSCTL_physinfo);

    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION - 1;
    CHECK_RC(sysctl(&op), -XEN_EACCES);
    op.interface_version = 0;
    CHECK_RC(sysctl(&op), -XEN_EACCES);
}

static void bad_pointer_efault(void)
{
    CHECK_RC(sysctl(NULL), -XEN_EFAULT);
    CHECK_RC(sysctl((struct xen_sysctl *)HYPERVISOR_DIRECT_MAP), -XEN_EFAULT);
    CHECK_RC(sysctl((struct xen_sysctl *)NONCANONICAL), -XEN_EFAULT);
}

static void physinfo_consistent(void)
{
    struct xen_sysctl op = sysctl_req(XEN_SYSCTL_physinfo);
    struct xen_sysctl_physinfo *pi = &op.u.physinfo;
    long pages = self_reservation();
    uint32_t *w = pi->hw_cap;

    CHECK_RC(sysctl(&op), 0);
    info("physinfo: %u threads/core, %u cores/socket, %u cpus (max id %u), %u nodes (max id %u), "
         "%u kHz, caps %#x, total %lu free %lu max_mfn %#lx",
         pi->threads_per_core, pi->cores_per_socket, pi->nr_cpus, pi->max_cpu_id, pi->nr_nodes,
         pi->max_node_id, pi->cpu_khz, pi->capabilities, pi->total_pages, pi->free_pages,
         pi->max_mfn);
    info("hw_cap: %08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x", w[0], w[1], w[2], w[3], w[4], w[5],
         w[6], w[7]);
    CHECK_EQ(pi->nr_cpus, self_vcpus());
    CHECK_EQ(pi->max_cpu_id, pi->nr_cpus - 1);
    CHECK_EQ(pi->threads_per_core * pi->cores_per_socket, pi->nr_cpus);
    CHECK_EQ(pi->nr_nodes, 1);
    CHECK_EQ(pi->max_node_id, 63);
    CHECK(pi->cpu_khz > 100000, "cpu_khz %u", pi->cpu_khz);
    CHECK_EQ(pi->capabilities &
                 (XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap |
                  XEN_SYSCTL_PHYSCAP_directio | XEN_SYSCTL_PHYSCAP_gnttab_v1),
             XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1);
    CHECK_EQ(pi->arch_capabilities, 0);
    CHECK(pi->total_pages >= (uint64_t)pages, "total_pages %lu < our %ld", pi->total_pages, pages);
    CHECK(pi->free_pages < pi->total_pages, "free_pages %lu", pi->free_pages);
    CHECK_EQ(pi->scrub_pages, 0);
    CHECK_EQ(pi->outstanding_pages, 0);
    CHECK(pi->max_mfn + 1 >= pi->total_pages, "max_mfn %#lx", pi->max_mfn);
    CHECK(w[0] != 0 && w[1] != 0, "hw_cap leaf 1 empty");
}

static void sched_id_credit2(void)
{
    struct xen_sysctl op = sysctl_req(XEN_SYSCTL_sched_id);

    CHECK_RC(sysctl(&op), 0);
    CHECK_EQ(op.u.sched_id.sched_id, XEN_SCHEDULER_CREDIT2);
}

/* Our vCPUs that are up (the others exist but are down). */
static unsigned online_vcpus(void)
{
    unsigned n = 0;

    for (unsigned v = 0; v < self_vcpus(); v++)
        n += hypercall_vcpu_op(VCPUOP_is_up, v, NULL) == 1;
    return n;
}

static long domaininfolist(domid_t first, uint32_t max, void *buffer, struct xen_sysctl *op)
{
    *op = sysctl_req(XEN_SYSCTL_getdomaininfolist);
    op->u.getdomaininfolist.first_domain = first;
    op->u.getdomaininfolist.max_domains = max;
    op->u.getdomaininfolist.buffer = (uint64_t)buffer;
    op->u.getdomaininfolist.num_domains = 0xdead;
    return sysctl(op);
}

static void getdomaininfolist_has_dom0(void)
{
    static struct xen_domctl_getdomaininfo infos[8];
    struct xen_sysctl op;

    CHECK_RC(domaininfolist(0, ARRAY_SIZE(infos), infos, &op), 0);
    CHECK_EQ(op.u.getdomaininfolist.num_domains, 1);
    CHECK_EQ(infos[0].domain, 0);
    CHECK_EQ(infos[0].nr_online_vcpus, online_vcpus());
    CHECK_EQ(infos[0].tot_pages, self_reservation());
    CHECK_EQ(infos[0].shared_info_frame, start_info->shared_info >> 12);
    CHECK_RC(domaininfolist(1, ARRAY_SIZE(infos), infos, &op), 0);
    CHECK_EQ(op.u.getdomaininfolist.num_domains, 0);
    CHECK_RC(domaininfolist(DOMID_SELF, ARRAY_SIZE(infos), infos, &op), 0);
    CHECK_EQ(op.u.getdomaininfolist.num_domains, 0);
}

static void getdomaininfolist_bad_buffer(void)
{
    struct xen_sysctl op;

    CHECK_RC(domaininfolist(0, 0, NULL, &op), 0);
    CHECK_EQ(op.u.getdomaininfolist.num_domains, 0);
    CHECK_RC(domaininfolist(0, 1, NULL, &op), -XEN_EFAULT);
    CHECK_RC(domaininfolist(0, 4, (void *)HYPERVISOR_DIRECT_MAP, &op), -XEN_EFAULT);
    CHECK_RC(domaininfolist(1, 4, NULL, &op), 0);
}

static long readconsole(char *buf, uint32_t count, bool incremental, uint32_t index,
                        struct xen_sysctl *op)
{
    *op = sysctl_req(XEN_SYSCTL_readconsole);
    op->u.readconsole = (struct xen_sysctl_readconsole){
        .incremental = incremental, .index = index, .buffer = (uint64_t)buf, .count = count
    };
    return sysctl(op);
}

/*
 * The console ring holds what the hypervisor printed; dom0's own output
 * (console_io) goes to the console only, as it may be interactive.
 */
static void readconsole_keeps_hypervisor_lines(void)
{
    static char buf[16385];
    static const char marker[] = "readconsole marker 4417\n";
    struct xen_sysctl op;
    uint32_t end;

    CHECK_RC(readconsole(buf, sizeof(buf) - 1, false, 0, &op), 0);
    info("readconsole: %u bytes, index %u", op.u.readconsole.count, op.u.readconsole.index);
    CHECK(op.u.readconsole.count > 0, "the console ring is empty");
    CHECK(strstr(buf, "(XEN) ") != NULL, "no hypervisor line in the ring");
    end = op.u.readconsole.index;
    CHECK_RC(hypercall_console_io(CONSOLEIO_write, sizeof(marker) - 1, marker), 0);
    memset(buf, 0, sizeof(buf));
    CHECK_RC(readconsole(buf, sizeof(buf) - 1, true, end, &op), 0);
    CHECK(strstr(buf, "readconsole marker 4417") == NULL, "our own line is in the ring after %u",
          end);
    CHECK_RC(readconsole((char *)HYPERVISOR_DIRECT_MAP, 16, false, 0, &op), -XEN_EFAULT);
}

static void unknown_commands_enosys(void)
{
    static const uint32_t cmds[] = { 0, 13, 24, 28, 30, 100, 0xffffffff };

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        struct xen_sysctl op = sysctl_req(cmds[i]);
        long rc = sysctl(&op);
        CHECK(rc == -XEN_ENOSYS, "sysctl %u returned %ld (%s)", cmds[i], rc, errno_name(rc));
    }
}

const struct test_case sysctl_cases[] = {
    { "sysctl_version_mismatch_eacces", version_mismatch_eacces },
    { "sysctl_bad_pointer_efault", bad_pointer_efault },
    { "sysctl_physinfo_consistent", physinfo_consistent },
    { "sysctl_sched_id_credit2", sched_id_credit2 },
    { "sysctl_getdomaininfolist_has_dom0", getdomaininfolist_has_dom0 },
    { "sysctl_getdomaininfolist_bad_buffer", getdomaininfolist_bad_buffer },
    { "sysctl_readconsole_keeps_hypervisor_lines", readconsole_keeps_hypervisor_lines },
    { "sysctl_unknown_commands_enosys", unknown_commands_enosys },
    { "sysctl_getcpuinfo_idle_grows", getcpuinfo_idle_grows },
    { "sysctl_getcpuinfo_bad_buffer", getcpuinfo_bad_buffer },
    { "sysctl_cputopoinfo_one_node", cputopoinfo_one_node },
    { "sysctl_numainfo_one_node", numainfo_one_node },
    { "sysctl_availheap_zones_add_up", availheap_zones_add_up },
    { "sysctl_cpupool_pool0_info", cpupool_pool0_info },
    { "sysctl_cpupool_refusals", cpupool_refusals },
    { "sysctl_cpupool_create_destroy", cpupool_create_destroy },
    { "sysctl_scheduler_op_credit2_ratelimit", scheduler_op_credit2_ratelimit },
    { "sysctl_debug_keys_dump_to_ring", debug_keys_dump_to_ring },
    { "sysctl_debug_keys_unknown_and_bad", debug_keys_unknown_and_bad },
    { "sysctl_tbuf_op_without_buffers", tbuf_op_without_buffers },
    { "sysctl_cpu_hotplug_refused", cpu_hotplug_refused },
    { "sysctl_pm_cstates_only", pm_cstates_only },
    { "sysctl_page_offline_query", page_offline_query },
    { "sysctl_livepatch_none_loaded", livepatch_none_loaded },
    { "sysctl_absent_facilities", absent_facilities },
    { "sysctl_featureset_counts_and_order", featureset_counts_and_order },
    { "sysctl_featureset_short_and_bad", featureset_short_and_bad },
    { "sysctl_cpu_policy_serialised", sysctl_policy_serialised },
    { "sysctl_cpu_policy_short_and_bad", sysctl_policy_short_and_bad },
};
const unsigned sysctl_count = ARRAY_SIZE(sysctl_cases);
