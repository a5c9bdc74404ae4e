/*
 * sysctl (xen/sysctl.c) through hypercall_dispatch: the framing (version,
 * privilege, bad pointers, unknown commands), physinfo from the allocator
 * and the fake CPU, the scheduler's id, getdomaininfolist in id order,
 * per-CPU idle time and topology, the NUMA node, free memory by zone, CPU
 * pools and scheduler parameters (xen/cpupool.c), debug keys
 * (xen/keyhandler.c) and the facilities we lack (xen/sysctl_platform.c).
 */
#include <check.h>
#include <string.h>

#include "public/sysctl.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_cpu_features.h"
#include "tests/unit/fake_guest_memory.h"
#include "xen/cpupool.h"
#include "xen/domain.h"
#include "xen/hypercall.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/time.h"

#define FRAMES 1024

static struct page_info table[FRAMES];
static struct xen_sysctl op;
static struct xen_domctl_getdomaininfo infos[4];
static struct domain *dom0, *dom1;
static char ring[20000];
static uint8_t scratch[4096]; /* guest memory for the commands' arrays */

static void setup(void)
{
    fake_ram_init(FRAMES);
    page_alloc_init(table, FRAMES);
    page_alloc_add_range(0, FRAMES);
    ck_assert_ptr_nonnull(domain_create(7, 1, false));
    dom0 = domain_create(0, 1, true);
    dom1 = domain_create(1, 1, false);
    ck_assert_ptr_nonnull(dom0);
    ck_assert_ptr_nonnull(dom1);
    fake_current = dom0->vcpus[0];
    fake_guest_memory_reset();
    fake_guest_memory_add(&op, sizeof(op));
    fake_guest_memory_add(infos, sizeof(infos));
    fake_guest_memory_add(ring, sizeof(ring));
    fake_guest_memory_add(scratch, sizeof(scratch));
}

static long sysctl(uint32_t cmd)
{
    op.cmd = cmd;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hypercall_dispatch(__HYPERVISOR_sysctl, (uint64_t)&op, 0, 0, 0, 0);
}

START_TEST(test_framing)
{
    op.cmd = XEN_SYSCTL_physinfo;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_sysctl, (uint64_t)&op, 0, 0, 0, 0), -EACCES);
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_sysctl, 0, 0, 0, 0, 0), -EFAULT);
    ck_assert_int_eq(sysctl(0), -ENOSYS);
    ck_assert_int_eq(sysctl(1000), -ENOSYS);
    fake_current = dom1->vcpus[0];
    ck_assert_int_eq(sysctl(XEN_SYSCTL_physinfo), -EPERM);
    ck_assert_int_eq(sysctl(1000), -EPERM);
}
END_TEST

START_TEST(test_physinfo)
{
    struct xen_sysctl_physinfo *pi = &op.u.physinfo;

    memset(&op, 0xa5, sizeof(op));
    ck_assert_int_eq(sysctl(XEN_SYSCTL_physinfo), 0);
    ck_assert_uint_eq(pi->nr_cpus, sched_nr_cpus());
    ck_assert_uint_eq(pi->max_cpu_id, sched_nr_cpus() - 1);
    ck_assert_uint_eq(pi->threads_per_core * pi->cores_per_socket, pi->nr_cpus);
    ck_assert_uint_eq(pi->nr_nodes, 1);
    ck_assert_uint_eq(pi->max_node_id, 63);
    ck_assert_uint_eq(pi->capabilities, XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1);
    ck_assert_uint_eq(pi->arch_capabilities, 0);
    ck_assert_uint_eq(pi->total_pages, FRAMES);
    ck_assert_uint_eq(pi->free_pages, page_alloc_free_count());
    ck_assert_uint_eq(pi->scrub_pages, 0);
    ck_assert_uint_eq(pi->outstanding_pages, 0);
    ck_assert_uint_eq(pi->max_mfn, FRAMES - 1);
    ck_assert_mem_eq(pi->hw_cap, fake_cpu_feature_words, sizeof(pi->hw_cap));
}
END_TEST

START_TEST(test_sched_id_is_credit2)
{
    ck_assert_int_eq(sysctl(XEN_SYSCTL_sched_id), 0);
    ck_assert_uint_eq(op.u.sched_id.sched_id, XEN_SCHEDULER_CREDIT2);
}
END_TEST

static long list(domid_t first, uint32_t max, void *buffer)
{
    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    op.u.getdomaininfolist.buffer = (uint64_t)buffer;
    op.u.getdomaininfolist.num_domains = 0xdead;
    return sysctl(XEN_SYSCTL_getdomaininfolist);
}

START_TEST(test_getdomaininfolist_in_id_order)
{
    ck_assert_int_eq(list(0, 4, infos), 0);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 3);
    ck_assert_uint_eq(infos[0].domain, 0);
    ck_assert_uint_eq(infos[1].domain, 1);
    ck_assert_uint_eq(infos[2].domain, 7);
    ck_assert_int_eq(list(2, 4, infos), 0);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 1);
    ck_assert_uint_eq(infos[0].domain, 7);
    ck_assert_int_eq(list(0, 2, infos), 0);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 2);
    ck_assert_int_eq(list(8, 4, infos), 0);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 0);
}
END_TEST

START_TEST(test_getdomaininfolist_bad_buffer)
{
    ck_assert_int_eq(list(0, 0, NULL), 0);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 0);
    ck_assert_int_eq(list(0, 1, NULL), -EFAULT);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 0xdead); /* not copied back */
    ck_assert_int_eq(list(8, 4, NULL), 0);
}
END_TEST

static long readconsole(uint32_t count, bool incremental, uint32_t index, bool clear)
{
    memset(ring, 0, sizeof(ring));
    op.u.readconsole = (struct xen_sysctl_readconsole){ .clear = clear,
                                                        .incremental = incremental,
                                                        .index = index,
                                                        .buffer = (uint64_t)ring,
                                                        .count = count };
    return sysctl(XEN_SYSCTL_readconsole);
}

START_TEST(test_readconsole_reads_the_ring)
{
    uint32_t end;

    printk("first marker\n");
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, false), 0);
    ck_assert_ptr_nonnull(strstr(ring, "(XEN) first marker\n"));
    end = op.u.readconsole.index;
    /* Incremental: only what came after. */
    ck_assert_int_eq(readconsole(100, true, end, false), 0);
    ck_assert_uint_eq(op.u.readconsole.count, 0);
    printk("second marker\n");
    ck_assert_int_eq(readconsole(100, true, end, false), 0);
    ck_assert_str_eq(ring, "(XEN) second marker\n");
    ck_assert_uint_eq(op.u.readconsole.index, end + strlen("(XEN) second marker\n"));
    /* A short buffer takes the oldest bytes first. */
    ck_assert_int_eq(readconsole(5, true, end, false), 0);
    ck_assert_str_eq(ring, "(XEN)");
    /* Clearing drops what was read. */
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, true), 0);
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, false), 0);
    ck_assert_uint_eq(op.u.readconsole.count, 0);
    /* The ring keeps its last 16 KiB. */
    for (int i = 0; i < 1000; i++)
        printk("line %04d of the flood\n", i);
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, false), 0);
    ck_assert_uint_eq(op.u.readconsole.count, 16384);
    ck_assert_ptr_nonnull(strstr(ring, "line 0999 of the flood\n"));
    ck_assert_ptr_null(strstr(ring, "line 0000 of the flood\n"));
    op.u.readconsole.buffer = 16;
    ck_assert_int_eq(sysctl(XEN_SYSCTL_readconsole), -EFAULT);
}
END_TEST

START_TEST(test_getcpuinfo_idle_time)
{
    uint64_t *idle = (uint64_t *)scratch;
    uint64_t first;

    op.u.getcpuinfo = (struct xen_sysctl_getcpuinfo){ .max_cpus = 8, .info = (uint64_t)idle };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_getcpuinfo), 0);
    ck_assert_uint_eq(op.u.getcpuinfo.nr_cpus, sched_nr_cpus());
    first = idle[0];
    fake_set_time_ns(now_ns() + 5000000);
    ck_assert_int_eq(sysctl(XEN_SYSCTL_getcpuinfo), 0);
    ck_assert_uint_eq(idle[0], first + 5000000); /* nothing ran: all of it was idle */
    /* None asked, none written; a bad array is -EFAULT and nothing copied back. */
    op.u.getcpuinfo = (struct xen_sysctl_getcpuinfo){ .max_cpus = 0, .nr_cpus = 77 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_getcpuinfo), 0);
    ck_assert_uint_eq(op.u.getcpuinfo.nr_cpus, 0);
    op.u.getcpuinfo = (struct xen_sysctl_getcpuinfo){ .max_cpus = 1, .info = 8, .nr_cpus = 77 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_getcpuinfo), -EFAULT);
    ck_assert_uint_eq(op.u.getcpuinfo.nr_cpus, 77);
}
END_TEST

START_TEST(test_cputopoinfo_and_numainfo)
{
    struct xen_sysctl_cputopo *topo = (void *)scratch;
    struct xen_sysctl_meminfo *mem = (void *)scratch;
    uint32_t *distance = (uint32_t *)(scratch + 256);

    op.u.cputopoinfo = (struct xen_sysctl_cputopoinfo){ .num_cpus = 99 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_cputopoinfo), 0);
    ck_assert_uint_eq(op.u.cputopoinfo.num_cpus, sched_nr_cpus());
    memset(scratch, 0xa5, sizeof(scratch));
    op.u.cputopoinfo = (struct xen_sysctl_cputopoinfo){ 8, 0, (uint64_t)topo };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_cputopoinfo), 0);
    ck_assert_uint_eq(op.u.cputopoinfo.num_cpus, sched_nr_cpus());
    ck_assert_uint_eq(topo[0].core, 0);
    ck_assert_uint_eq(topo[0].socket, 0);
    ck_assert_uint_eq(topo[0].node, 0);
    ck_assert_uint_eq(topo[sched_nr_cpus()].core, 0xa5a5a5a5);
    op.u.cputopoinfo = (struct xen_sysctl_cputopoinfo){ 8, 0, 8 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_cputopoinfo), -EFAULT);

    op.u.numainfo = (struct xen_sysctl_numainfo){ .num_nodes = 0 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_numainfo), 0);
    ck_assert_uint_eq(op.u.numainfo.num_nodes, 1);
    memset(scratch, 0xa5, sizeof(scratch));
    op.u.numainfo = (struct xen_sysctl_numainfo){ 4, 0, (uint64_t)mem, (uint64_t)distance };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_numainfo), 0);
    ck_assert_uint_eq(op.u.numainfo.num_nodes, 1);
    ck_assert_uint_eq(mem[0].memsize, (uint64_t)FRAMES << 12);
    ck_assert_uint_eq(mem[0].memfree, page_alloc_free_count() << 12);
    ck_assert_uint_eq(mem[1].memsize, 0xa5a5a5a5a5a5a5a5UL);
    ck_assert_uint_eq(distance[0], 10);
    ck_assert_uint_eq(distance[1], 0xa5a5a5a5);
    op.u.numainfo = (struct xen_sysctl_numainfo){ 0, 0, (uint64_t)mem, 0 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_numainfo), 0);
    ck_assert_uint_eq(op.u.numainfo.num_nodes, 0);
    op.u.numainfo = (struct xen_sysctl_numainfo){ 1, 0, 0, 8 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_numainfo), -EFAULT);
}
END_TEST

static uint64_t availheap(uint32_t min, uint32_t max, int32_t node)
{
    op.u.availheap =
        (struct xen_sysctl_availheap){ .min_bitwidth = min, .max_bitwidth = max, .node = node };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_availheap), 0);
    return op.u.availheap.avail_bytes >> 12;
}

/* Zone z holds frames [2^(z-1), 2^z); a width of b bits is zone b - 12. */
START_TEST(test_availheap_zones)
{
    uint64_t all = page_alloc_free_in_range(1, FRAMES);

    ck_assert_uint_eq(availheap(0, 0, -1), all);
    ck_assert_uint_eq(availheap(0, 0, 0), all);
    ck_assert_uint_eq(availheap(0, 0, 1), 0);
    ck_assert_uint_eq(availheap(0, 0, -2), 0);
    ck_assert_uint_eq(availheap(0, 13, -1), page_alloc_free_in_range(1, 2));
    ck_assert_uint_eq(availheap(0, 20, -1), page_alloc_free_in_range(1, 256));
    ck_assert_uint_eq(availheap(21, 0, -1), page_alloc_free_in_range(256, FRAMES));
    ck_assert_uint_eq(availheap(0, 20, -1) + availheap(21, 0, -1), all);
    ck_assert_uint_eq(availheap(22, 22, -1), page_alloc_free_in_range(512, FRAMES));
    ck_assert_uint_eq(availheap(23, 0, -1), 0);
    ck_assert_uint_eq(availheap(30, 20, -1), 0);
    ck_assert_uint_eq(availheap(0, 1, -1), page_alloc_free_in_range(1, 2)); /* zone 1 at least */
    ck_assert_uint_eq(availheap(0, 200, -1), all);
    ck_assert_uint_eq(availheap(200, 0, -1), 0);
}
END_TEST

static long cpupool(uint32_t cmd, uint32_t pool, uint32_t sched, uint32_t domid, uint32_t cpu,
                    uint64_t map, uint32_t nr_bits)
{
    op.u.cpupool_op =
        (struct xen_sysctl_cpupool_op){ cmd, pool, sched, domid, cpu, 0xdead, { map, nr_bits, 0 } };
    return sysctl(XEN_SYSCTL_cpupool_op);
}

START_TEST(test_cpupool_pool0)
{
    memset(scratch, 0xa5, 16);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 0, 0, 0, 0, (uint64_t)scratch, 64), 0);
    ck_assert_uint_eq(op.u.cpupool_op.cpupool_id, 0);
    ck_assert_uint_eq(op.u.cpupool_op.sched_id, XEN_SCHEDULER_CREDIT2);
    ck_assert_uint_eq(op.u.cpupool_op.n_dom, 3);
    ck_assert_uint_eq(scratch[0], (1U << sched_nr_cpus()) - 1);
    ck_assert_uint_eq(scratch[7], 0);
    ck_assert_uint_eq(scratch[8], 0xa5);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 1, 0, 0, 0, 0, 0), -ENOENT);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 0, 0, 0, 0, 0, 8), -EFAULT);
    /* 512 MiB claimed: zeroed up to the end of what the guest has, then -EFAULT. */
    memset(scratch, 0xa5, sizeof(scratch));
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 0, 0, 0, 0, (uint64_t)scratch, ~0U),
                     -EFAULT);
    ck_assert_uint_eq(scratch[3000], 0);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_FREEINFO, 0, 0, 0, 0, (uint64_t)scratch, 8), 0);
    ck_assert_uint_eq(scratch[0], 0);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_DESTROY, 0, 0, 0, 0, 0, 0), -EBUSY);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, 0, 0, 0, 0, 0, 0), -ENODEV);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, 0, 0, 0, 64, 0, 0), -EINVAL);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_RMCPU, 0, 0, 0, 0, 0, 0), -EINVAL);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_RMCPU, 4, 0, 0, 0, 0, 0), -ENOENT);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, 0, 0, 0, 0, 0, 0), -EPERM);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, 0, 0, 1, 0, 0, 0), 0);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, 3, 0, 1, 0, 0, 0), -ENOENT);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, 0, 0, 2, 0, 0, 0), -ESRCH);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, 0, 0, 0x10007, 0, 0, 0), 0);
    ck_assert_int_eq(cpupool(0, 0, 0, 0, 0, 0, 0), -ENOSYS);
    ck_assert_int_eq(cpupool(8, 0, 0, 0, 0, 0, 0), -ENOSYS);
}
END_TEST

/* Empty pools, two per CPU at most, kept in id order. */
START_TEST(test_cpupool_create_destroy)
{
    uint32_t limit = 2 * sched_nr_cpus(), made = 1;

    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, ~0U, 42, 0, 0, 0, 0), -ENOENT);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, 0, XEN_SCHEDULER_CREDIT, 0, 0, 0, 0),
                     -EEXIST);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, 7, XEN_SCHEDULER_CREDIT, 0, 0, 0, 0), 0);
    ck_assert_uint_eq(op.u.cpupool_op.cpupool_id, 7);
    for (made = 2; made < limit; made++)
        ck_assert_int_eq(
            cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, ~0U, XEN_SCHEDULER_CREDIT2, 0, 0, 0, 0), 0);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, ~0U, XEN_SCHEDULER_CREDIT2, 0, 0, 0, 0),
                     -ENOSPC);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 1, 0, 0, 0, (uint64_t)scratch, 8), 0);
    ck_assert_uint_eq(op.u.cpupool_op.cpupool_id, 7);
    ck_assert_uint_eq(op.u.cpupool_op.sched_id, XEN_SCHEDULER_CREDIT);
    ck_assert_uint_eq(op.u.cpupool_op.n_dom, 0);
    ck_assert_uint_eq(scratch[0], 0);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_RMCPU, 7, 0, 0, 0, 0, 0), -EADDRNOTAVAIL);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_RMCPU, 7, 0, 0, ~0U, 0, 0), -EINVAL);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, 7, 0, 0, ~0U, 0, 0), -ENODEV);
    /* A new domain may join Pool-0 only: the others have no CPU. */
    ck_assert_int_eq(cpupool_admit_domain(0), 0);
    ck_assert_int_eq(cpupool_admit_domain(7), -ENODEV);
    ck_assert_int_eq(cpupool_admit_domain(6), -ESRCH);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_DESTROY, 7, 0, 0, 0, 0, 0), 0);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_DESTROY, 7, 0, 0, 0, 0, 0), -ENOENT);
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, ~0U, XEN_SCHEDULER_CREDIT2, 0, 0, 0, 0),
                     0);
}
END_TEST

static long sched_op(uint32_t pool, uint32_t sched, uint32_t cmd, uint32_t a, uint32_t b)
{
    op.u.scheduler_op = (struct xen_sysctl_scheduler_op){ pool, sched, cmd, 0, { { a, b, 0 } } };
    return sysctl(XEN_SYSCTL_scheduler_op);
}

START_TEST(test_scheduler_op_params)
{
    ck_assert_int_eq(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_getinfo, 0, 0), 0);
    ck_assert_uint_eq(op.u.scheduler_op.u.sched_credit2.ratelimit_us, 1000);
    ck_assert_int_eq(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_putinfo, 99, 0),
                     -EINVAL);
    ck_assert_int_eq(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_putinfo, 100, 0), 0);
    ck_assert_int_eq(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_getinfo, 0, 0), 0);
    ck_assert_uint_eq(op.u.scheduler_op.u.sched_credit2.ratelimit_us, 100);
    ck_assert_int_eq(sched_op(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, 0, 0), -EINVAL);
    ck_assert_int_eq(sched_op(2, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_getinfo, 0, 0), -ESRCH);
    ck_assert_int_eq(sched_op(0, XEN_SCHEDULER_CREDIT2, 5, 0, 0), -EINVAL);
    /* A credit pool: time slice, rate limit no longer than it, migration delay. */
    ck_assert_int_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, 1, XEN_SCHEDULER_CREDIT, 0, 0, 0, 0), 0);
    ck_assert_int_eq(sched_op(1, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, 0, 0), 0);
    ck_assert_uint_eq(op.u.scheduler_op.u.sched_credit.tslice_ms, 30);
    ck_assert_uint_eq(op.u.scheduler_op.u.sched_credit.ratelimit_us, 1000);
    ck_assert_int_eq(sched_op(1, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_putinfo, 0, 0), -EINVAL);
    ck_assert_int_eq(sched_op(1, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_putinfo, 1, 2000),
                     -EINVAL);
    ck_assert_int_eq(sched_op(1, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_putinfo, 5, 0), 0);
    ck_assert_uint_eq(op.u.scheduler_op.u.sched_credit.tslice_ms, 5);
}
END_TEST

static long keys(const char *k, uint32_t n)
{
    memcpy(scratch, k, n);
    op.u.debug_keys = (struct xen_sysctl_debug_keys){ .keys = (uint64_t)scratch, .nr_keys = n };
    return sysctl(XEN_SYSCTL_debug_keys);
}

START_TEST(test_debug_keys_reach_the_ring)
{
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, true), 0); /* empty it */
    ck_assert_int_eq(console_set_level("error"), 0); /* dumps print whatever the level */
    ck_assert_int_eq(keys("hqer", 4), 0);
    ck_assert_int_eq(console_set_level("info"), 0);
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, false), 0);
    ck_assert_ptr_nonnull(strstr(ring, "'h' pressed -> showing installed handlers\n"));
    ck_assert_ptr_nonnull(
        strstr(ring, " key 'q' (ascii '71') => dump domain (and guest debug) info"));
    ck_assert_ptr_nonnull(strstr(ring, "General information for domain 7:\n"));
    ck_assert_ptr_nonnull(strstr(ring, "VCPU information and callbacks for domain 0:\n"));
    ck_assert_ptr_nonnull(strstr(ring, "'e' pressed -> dumping event-channel info\n"));
    ck_assert_ptr_nonnull(strstr(ring, "Event channel information for domain 1:\n"));
    ck_assert_ptr_nonnull(strstr(ring, "Cpupool 0:\n"));
    ck_assert_ptr_nonnull(strstr(ring, "CPU[00]"));
    /* Keys without a handler print nothing. */
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, true), 0);
    ck_assert_int_eq(keys("\x01Z\xff", 3), 0);
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, false), 0);
    ck_assert_uint_eq(op.u.readconsole.count, 0);
    op.u.debug_keys = (struct xen_sysctl_debug_keys){ .keys = 8, .nr_keys = 1 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_debug_keys), -EFAULT);
}
END_TEST

START_TEST(test_tbuf_hotplug_pm)
{
    struct pm_cx_stat *cx = &op.u.get_pmstat.u.getcx;
    uint64_t *stats = (uint64_t *)scratch;

    op.u.tbuf_op = (struct xen_sysctl_tbuf_op){ .cmd = XEN_SYSCTL_TBUFOP_get_info };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_tbuf_op), 0);
    ck_assert_uint_eq(op.u.tbuf_op.evt_mask, 0x0ffff000);
    ck_assert_uint_eq(op.u.tbuf_op.size, 0);
    op.u.tbuf_op = (struct xen_sysctl_tbuf_op){ .cmd = XEN_SYSCTL_TBUFOP_set_size, .size = 4 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_tbuf_op), -ENOSYS);
    op.u.tbuf_op = (struct xen_sysctl_tbuf_op){ .cmd = XEN_SYSCTL_TBUFOP_set_cpu_mask,
                                                .cpu_mask = { 8, 8, 0 } };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_tbuf_op), -EFAULT);
    op.u.tbuf_op = (struct xen_sysctl_tbuf_op){ .cmd = XEN_SYSCTL_TBUFOP_enable };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_tbuf_op), -EINVAL);

    op.u.cpu_hotplug = (struct xen_sysctl_cpu_hotplug){ 0, XEN_SYSCTL_CPU_HOTPLUG_ONLINE };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_cpu_hotplug), -EEXIST);
    op.u.cpu_hotplug = (struct xen_sysctl_cpu_hotplug){ 0, XEN_SYSCTL_CPU_HOTPLUG_OFFLINE };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_cpu_hotplug), -EINVAL);
    op.u.cpu_hotplug = (struct xen_sysctl_cpu_hotplug){ 0, XEN_SYSCTL_CPU_HOTPLUG_SMT_DISABLE };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_cpu_hotplug), -EOPNOTSUPP);

    op.u.get_pmstat = (struct xen_sysctl_get_pmstat){ .type = PMSTAT_get_max_px };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_get_pmstat), -EINVAL);
    op.u.get_pmstat = (struct xen_sysctl_get_pmstat){ .type = PMSTAT_get_max_cx, .cpuid = 64 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_get_pmstat), -EINVAL);
    op.u.get_pmstat = (struct xen_sysctl_get_pmstat){ .type = PMSTAT_get_cxstat };
    *cx = (struct pm_cx_stat){ .nr = 2,
                               .triggers = (uint64_t)stats,
                               .residencies = (uint64_t)(stats + 2) };
    fake_set_time_ns(now_ns() + 1000);
    ck_assert_int_eq(sysctl(XEN_SYSCTL_get_pmstat), 0);
    ck_assert_uint_eq(cx->nr, 2);
    ck_assert_uint_eq(stats[0], 1);
    ck_assert_uint_eq(stats[3], cx->idle_time);
    ck_assert_uint_eq(stats[2] + stats[3], now_ns());
    cx->nr = 2;
    cx->triggers = 8;
    ck_assert_int_eq(sysctl(XEN_SYSCTL_get_pmstat), -EFAULT);

    op.u.pm_op = (struct xen_sysctl_pm_op){ .cmd = XEN_SYSCTL_pm_op_get_max_cstate };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_pm_op), 0);
    ck_assert_uint_eq(op.u.pm_op.u.get_max_cstate, 1);
    op.u.pm_op = (struct xen_sysctl_pm_op){ .cmd = XEN_SYSCTL_pm_op_set_sched_opt_smt,
                                            .u.set_sched_opt_smt = 1 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_pm_op), 0);
    ck_assert_uint_eq(op.u.pm_op.u.set_sched_opt_smt, 0);
    op.u.pm_op = (struct xen_sysctl_pm_op){ .cmd = 0x11 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_pm_op), -EINVAL);
    op.u.pm_op = (struct xen_sysctl_pm_op){ .cmd = 0x99 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_pm_op), -ENOSYS);
}
END_TEST

START_TEST(test_page_offline_livepatch_and_the_rest)
{
    uint32_t *status = (uint32_t *)scratch;
    char *name = (char *)scratch + 64;

    op.u.page_offline = (struct xen_sysctl_page_offline_op){ sysctl_query_page_offline, 10, 11, 0,
                                                             (uint64_t)status };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_page_offline_op), 0);
    ck_assert_uint_eq(status[0] | status[1], 0);
    op.u.page_offline.start = FRAMES - 1;
    op.u.page_offline.end = FRAMES + 1;
    ck_assert_int_eq(sysctl(XEN_SYSCTL_page_offline_op), -EINVAL);
    ck_assert_uint_eq(status[0], 0);
    ck_assert_uint_eq(status[1], 0x01010101);
    ck_assert_uint_eq(status[2], 0x01010101);
    op.u.page_offline =
        (struct xen_sysctl_page_offline_op){ sysctl_page_offline, 10, 10, 0, (uint64_t)status };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_page_offline_op), -ENOSYS);
    op.u.page_offline = (struct xen_sysctl_page_offline_op){ 9, 0, 0xffffffff, 0, 0 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_page_offline_op), -ENOMEM);

    strcpy(name, "patch");
    op.u.livepatch = (struct xen_sysctl_livepatch_op){ .cmd = XEN_SYSCTL_LIVEPATCH_GET };
    op.u.livepatch.u.get.name = (struct xen_livepatch_name){ .name = (uint64_t)name, .size = 6 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_livepatch_op), -ENOENT);
    op.u.livepatch.u.get.name.size = 5; /* no NUL */
    ck_assert_int_eq(sysctl(XEN_SYSCTL_livepatch_op), -EINVAL);
    op.u.livepatch.u.get.name.pad[1] = 1;
    ck_assert_int_eq(sysctl(XEN_SYSCTL_livepatch_op), -EINVAL);
    op.u.livepatch = (struct xen_sysctl_livepatch_op){ .cmd = XEN_SYSCTL_LIVEPATCH_LIST };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_livepatch_op), 0);
    ck_assert_uint_eq(op.u.livepatch.u.list.version, 1);
    op.u.livepatch = (struct xen_sysctl_livepatch_op){ .cmd = 7 };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_livepatch_op), -EOPNOTSUPP);

    memset(&op.u, 0, sizeof(op.u));
    ck_assert_int_eq(sysctl(XEN_SYSCTL_psr_cmt_op), -ENODEV);
    ck_assert_int_eq(sysctl(XEN_SYSCTL_psr_alloc), -ENODEV);
    ck_assert_int_eq(sysctl(XEN_SYSCTL_coverage_op), -EOPNOTSUPP);
    ck_assert_int_eq(sysctl(XEN_SYSCTL_pcitopoinfo), -EINVAL);
    ck_assert_int_eq(sysctl(XEN_SYSCTL_perfc_op), -ENOSYS);
    ck_assert_int_eq(sysctl(XEN_SYSCTL_lockprof_op), -ENOSYS);
    op.u.cpu_levelling_caps.caps = 0xdead;
    ck_assert_int_eq(sysctl(XEN_SYSCTL_get_cpu_levelling_caps), 0);
    ck_assert_uint_eq(op.u.cpu_levelling_caps.caps, 0);
    op.u.pcitopoinfo =
        (struct xen_sysctl_pcitopoinfo){ 2, 0, (uint64_t)status, (uint64_t)(status + 4) };
    ck_assert_int_eq(sysctl(XEN_SYSCTL_pcitopoinfo), 0);
    ck_assert_uint_eq(status[4], XEN_INVALID_DEV);
    ck_assert_uint_eq(status[5], XEN_INVALID_DEV);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sysctl");
    TCase *tc = tcase_create("sysctl");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_framing);
    tcase_add_test(tc, test_readconsole_reads_the_ring);
    tcase_add_test(tc, test_physinfo);
    tcase_add_test(tc, test_sched_id_is_credit2);
    tcase_add_test(tc, test_getdomaininfolist_in_id_order);
    tcase_add_test(tc, test_getdomaininfolist_bad_buffer);
    tcase_add_test(tc, test_getcpuinfo_idle_time);
    tcase_add_test(tc, test_cputopoinfo_and_numainfo);
    tcase_add_test(tc, test_availheap_zones);
    tcase_add_test(tc, test_cpupool_pool0);
    tcase_add_test(tc, test_cpupool_create_destroy);
    tcase_add_test(tc, test_scheduler_op_params);
    tcase_add_test(tc, test_debug_keys_reach_the_ring);
    tcase_add_test(tc, test_tbuf_hotplug_pm);
    tcase_add_test(tc, test_page_offline_livepatch_and_the_rest);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
