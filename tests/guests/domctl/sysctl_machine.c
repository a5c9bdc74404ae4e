/*
 * sysctl about the machine from dom0: per-CPU idle time and topology, the
 * NUMA node, free memory by address width, CPU pools and scheduler
 * parameters, debug keys seen in the console ring, and the facilities a
 * small PV host lacks (trace buffers, hotplug, cpufreq, page offlining,
 * live patches, cache QoS, PCI topology), refused as Xen 4.17 refuses
 * them.  Values that differ between machines are printed and checked for
 * consistency.
 */
#include "common/string.h"
#include "sysctl_cases.h"

#define POOL_ANY 0xffffffffU

long sysctl_with(struct xen_sysctl *op, uint32_t cmd, const void *u, size_t n)
{
    *op = sysctl_req(cmd);
    memcpy(&op->u, u, n);
    return sysctl(op);
}

long console_since(uint32_t index, char *buf, uint32_t size, uint32_t *end)
{
    struct xen_sysctl_readconsole rc = {
        .incremental = 1, .index = index, .buffer = (uint64_t)buf, .count = size - 1
    };
    struct xen_sysctl op;
    long r;

    memset(buf, 0, size);
    r = sysctl_with(&op, XEN_SYSCTL_readconsole, &rc, sizeof(rc));
    *end = op.u.readconsole.index;
    return r;
}

static struct xen_sysctl_physinfo physinfo(void)
{
    struct xen_sysctl op = sysctl_req(XEN_SYSCTL_physinfo);

    sysctl(&op);
    return op.u.physinfo;
}

void getcpuinfo_idle_grows(void)
{
    static struct xen_sysctl_cpuinfo first[8], second[8];
    struct xen_sysctl_getcpuinfo gi = { .max_cpus = 8, .info = (uint64_t)first };
    uint32_t nr = physinfo().nr_cpus;
    struct xen_sysctl op;

    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_getcpuinfo, &gi, sizeof(gi)), 0);
    CHECK_EQ(op.u.getcpuinfo.nr_cpus, nr < 8 ? nr : 8);
    gi.info = (uint64_t)second;
    for (volatile int spin = 0; spin < 100000; spin++)
        ;
    CHECK_RC(hypercall_sched_op(SCHEDOP_yield, NULL), 0);
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_getcpuinfo, &gi, sizeof(gi)), 0);
    info("getcpuinfo: %u CPUs, CPU0 idle %lu ns then %lu ns", op.u.getcpuinfo.nr_cpus,
         first[0].idletime, second[0].idletime);
    for (uint32_t i = 0; i < op.u.getcpuinfo.nr_cpus; i++)
        CHECK(second[i].idletime >= first[i].idletime, "CPU%u idle went back", i);
    gi.max_cpus = 1;
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_getcpuinfo, &gi, sizeof(gi)), 0);
    CHECK_EQ(op.u.getcpuinfo.nr_cpus, 1);
}

void getcpuinfo_bad_buffer(void)
{
    struct xen_sysctl_getcpuinfo gi = { .max_cpus = 0, .info = 0, .nr_cpus = 0xdead };
    struct xen_sysctl op;

    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_getcpuinfo, &gi, sizeof(gi)), 0);
    CHECK_EQ(op.u.getcpuinfo.nr_cpus, 0);
    gi.max_cpus = 1;
    gi.nr_cpus = 0xdead;
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_getcpuinfo, &gi, sizeof(gi)), -XEN_EFAULT);
    CHECK_EQ(op.u.getcpuinfo.nr_cpus, 0xdead); /* not copied back */
    gi.info = HYPERVISOR_DIRECT_MAP;
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_getcpuinfo, &gi, sizeof(gi)), -XEN_EFAULT);
}

void cputopoinfo_one_node(void)
{
    static struct xen_sysctl_cputopo topo[8];
    struct xen_sysctl_cputopoinfo ti = { 0 };
    struct xen_sysctl_physinfo pi = physinfo();
    struct xen_sysctl op;

    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_cputopoinfo, &ti, sizeof(ti)), 0);
    CHECK_EQ(op.u.cputopoinfo.num_cpus, pi.max_cpu_id + 1);
    memset(topo, 0xa5, sizeof(topo));
    ti = (struct xen_sysctl_cputopoinfo){ .num_cpus = 8, .cputopo = (uint64_t)topo };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_cputopoinfo, &ti, sizeof(ti)), 0);
    CHECK_EQ(op.u.cputopoinfo.num_cpus, pi.nr_cpus < 8 ? pi.nr_cpus : 8);
    for (uint32_t i = 0; i < op.u.cputopoinfo.num_cpus; i++) {
        info("cputopo CPU%u: core %u socket %u node %u", i, topo[i].core, topo[i].socket,
             topo[i].node);
        CHECK_EQ(topo[i].node, 0);
        CHECK(topo[i].core != XEN_INVALID_CORE_ID && topo[i].socket != XEN_INVALID_SOCKET_ID,
              "CPU%u has no place", i);
    }
    CHECK_EQ(topo[op.u.cputopoinfo.num_cpus].core, 0xa5a5a5a5);
    ti.num_cpus = 0;
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_cputopoinfo, &ti, sizeof(ti)), 0);
    CHECK_EQ(op.u.cputopoinfo.num_cpus, 0);
    ti = (struct xen_sysctl_cputopoinfo){ .num_cpus = 4, .cputopo = HYPERVISOR_DIRECT_MAP };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_cputopoinfo, &ti, sizeof(ti)), -XEN_EFAULT);
}

static long availheap(uint32_t min, uint32_t max, int32_t node, uint64_t *bytes)
{
    struct xen_sysctl_availheap ah = { .min_bitwidth = min, .max_bitwidth = max, .node = node };
    struct xen_sysctl op;
    long rc = sysctl_with(&op, XEN_SYSCTL_availheap, &ah, sizeof(ah));

    *bytes = op.u.availheap.avail_bytes;
    return rc;
}

void numainfo_one_node(void)
{
    static struct xen_sysctl_meminfo mem[4];
    static uint32_t distance[16];
    struct xen_sysctl_numainfo ni = { 0 };
    struct xen_sysctl_physinfo pi = physinfo();
    struct xen_sysctl op;
    uint64_t heap;

    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_numainfo, &ni, sizeof(ni)), 0);
    CHECK_EQ(op.u.numainfo.num_nodes, 1);
    memset(mem, 0xa5, sizeof(mem));
    memset(distance, 0xa5, sizeof(distance));
    ni = (struct xen_sysctl_numainfo){ 4, 0, (uint64_t)mem, (uint64_t)distance };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_numainfo, &ni, sizeof(ni)), 0);
    CHECK_RC(availheap(0, 0, -1, &heap), 0);
    info("numainfo: node 0 size %#lx free %#lx distance %u; heap %#lx", mem[0].memsize,
         mem[0].memfree, distance[0], heap);
    CHECK_EQ(op.u.numainfo.num_nodes, 1);
    CHECK_EQ(distance[0], 10);
    CHECK_EQ(distance[1], 0xa5a5a5a5);
    CHECK_EQ(mem[1].memsize, 0xa5a5a5a5a5a5a5a5UL);
    CHECK_EQ(mem[0].memsize, (pi.max_mfn + 1) << 12);
    CHECK(mem[0].memfree <= pi.free_pages << 12 && mem[0].memfree > 0, "memfree %#lx",
          mem[0].memfree);
    ni = (struct xen_sysctl_numainfo){ 4, 0, 0, (uint64_t)distance };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_numainfo, &ni, sizeof(ni)), 0);
    CHECK_EQ(op.u.numainfo.num_nodes, 1);
    ni = (struct xen_sysctl_numainfo){ 0, 0, (uint64_t)mem, 0 };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_numainfo, &ni, sizeof(ni)), 0);
    CHECK_EQ(op.u.numainfo.num_nodes, 0);
    ni = (struct xen_sysctl_numainfo){ 1, 0, HYPERVISOR_DIRECT_MAP, 0 };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_numainfo, &ni, sizeof(ni)), -XEN_EFAULT);
    ni = (struct xen_sysctl_numainfo){ 1, 0, 0, NONCANONICAL };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_numainfo, &ni, sizeof(ni)), -XEN_EFAULT);
}

/* Memory below 2^24 and from 2^24 up is all of it; other nodes have none. */
void availheap_zones_add_up(void)
{
    uint64_t all, node0, low, high, b32, mid, none;

    CHECK_RC(availheap(0, 0, -1, &all), 0);
    CHECK_RC(availheap(0, 0, 0, &node0), 0);
    CHECK_RC(availheap(0, 24, -1, &low), 0);
    CHECK_RC(availheap(25, 0, -1, &high), 0);
    CHECK_RC(availheap(0, 32, -1, &b32), 0);
    CHECK_RC(availheap(29, 29, -1, &mid), 0);
    info("availheap: all %#lx node0 %#lx <16M %#lx >=16M %#lx <4G %#lx 256M-512M %#lx", all, node0,
         low, high, b32, mid);
    CHECK(all > 0 && (all & 0xfff) == 0, "all %#lx", all);
    CHECK_EQ(node0, all);
    CHECK_EQ(low + high, all);
    CHECK_EQ(b32, all); /* the test machine has less than 4 GiB */
    CHECK(mid <= high, "256M-512M %#lx above 16M %#lx", mid, high);
    static const int32_t other_nodes[] = { 1, 63, 64, -2 };
    for (unsigned i = 0; i < ARRAY_SIZE(other_nodes); i++) {
        CHECK_RC(availheap(0, 0, other_nodes[i], &none), 0);
        CHECK_EQ(none, 0);
    }
    CHECK_RC(availheap(33, 0, -1, &none), 0); /* above 4 GiB */
    CHECK_EQ(none, 0);
    CHECK_RC(availheap(32, 20, -1, &none), 0); /* an empty range */
    CHECK_EQ(none, 0);
    CHECK_RC(availheap(0, 100, -1, &none), 0); /* widths past the last zone count to it */
    CHECK_EQ(none, all);
}

static long cpupool(uint32_t cmd, uint32_t pool, uint32_t sched, uint32_t domid, uint32_t cpu,
                    void *map, uint32_t nr_bits, struct xen_sysctl *op)
{
    struct xen_sysctl_cpupool_op c = {
        cmd, pool, sched, domid, cpu, 0xdead, { (uint64_t)map, nr_bits, 0 }
    };

    return sysctl_with(op, XEN_SYSCTL_cpupool_op, &c, sizeof(c));
}

static unsigned domains(void)
{
    static struct xen_domctl_getdomaininfo infos[16];
    struct xen_sysctl_getdomaininfolist l = { 0, 0, 16, (uint64_t)infos, 0, 0 };
    struct xen_sysctl op;

    sysctl_with(&op, XEN_SYSCTL_getdomaininfolist, &l, sizeof(l));
    return op.u.getdomaininfolist.num_domains;
}

void cpupool_pool0_info(void)
{
    static uint8_t map[8];
    struct xen_sysctl_physinfo pi = physinfo();
    struct xen_sysctl op;

    memset(map, 0xa5, sizeof(map));
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 0, 0, 0, 0, map, 64, &op), 0);
    info("Pool-0: sched %u, %u domains, CPUs %02x %02x", op.u.cpupool_op.sched_id,
         op.u.cpupool_op.n_dom, map[0], map[1]);
    CHECK_EQ(op.u.cpupool_op.cpupool_id, 0);
    CHECK_EQ(op.u.cpupool_op.sched_id, XEN_SCHEDULER_CREDIT2);
    CHECK_EQ(op.u.cpupool_op.n_dom, domains());
    CHECK_EQ(map[0], pi.nr_cpus >= 8 ? 0xff : (1U << pi.nr_cpus) - 1);
    CHECK_EQ(map[7], 0); /* the caller's bytes past ours are zeroed */
    CHECK_EQ(op.u.cpupool_op.cpumap.nr_bits, 64);
    memset(map, 0xa5, sizeof(map));
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 0, 0, 0, 0, map, 3, &op), 0);
    CHECK_EQ(map[0], pi.nr_cpus >= 8 ? 0xff : (1U << pi.nr_cpus) - 1); /* bits past 3 too */
    CHECK_EQ(map[1], 0xa5);                                            /* three bits are one byte */
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_FREEINFO, 0, 0, 0, 0, map, 16, &op), 0);
    CHECK_EQ(map[0], 0);
    CHECK_EQ(map[1], 0);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 1, 0, 0, 0, map, 64, &op), -XEN_ENOENT);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, POOL_ANY, 0, 0, 0, map, 64, &op), -XEN_ENOENT);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 0, 0, 0, 0, NULL, 8, &op), -XEN_EFAULT);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 0, 0, 0, 0, NULL, 0, &op), 0);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_FREEINFO, 0, 0, 0, 0, (void *)16, 1, &op), -XEN_EFAULT);
}

void cpupool_refusals(void)
{
    struct xen_sysctl op;
    uint32_t nr = physinfo().nr_cpus;

    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_DESTROY, 0, 0, 0, 0, NULL, 0, &op), -XEN_EBUSY);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_DESTROY, 5, 0, 0, 0, NULL, 0, &op), -XEN_ENOENT);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, 0, 0, 0, 0, NULL, 0, &op), -XEN_ENODEV);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, 0, 0, 0, POOL_ANY, NULL, 0, &op), -XEN_ENODEV);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, 0, 0, 0, nr, NULL, 0, &op), -XEN_EINVAL);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, 7, 0, 0, 0, NULL, 0, &op), -XEN_ENOENT);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_RMCPU, 0, 0, 0, 0, NULL, 0, &op), -XEN_EINVAL);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_RMCPU, 0, 0, 0, nr, NULL, 0, &op), -XEN_EINVAL);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_RMCPU, 3, 0, 0, 0, NULL, 0, &op), -XEN_ENOENT);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, 0, 0, 0, 0, NULL, 0, &op), -XEN_EPERM);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, 1, 0, 0x10000, 0, NULL, 0, &op),
             -XEN_EPERM); /* the id is cut to 16 bits: dom0 again */
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, 0, 0, 0x3fff, 0, NULL, 0, &op), -XEN_ESRCH);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, 0, 0, DOMID_SELF, 0, NULL, 0, &op),
             -XEN_ESRCH);
    CHECK_RC(cpupool(0, 0, 0, 0, 0, NULL, 0, &op), -XEN_ENOSYS);
    CHECK_RC(cpupool(8, 0, 0, 0, 0, NULL, 0, &op), -XEN_ENOSYS);
}

/* Pools beyond Pool-0 can be made and unmade; they stay empty. */
void cpupool_create_destroy(void)
{
    static uint8_t map[8];
    struct xen_sysctl op;
    uint32_t id, nr = physinfo().nr_cpus;

    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, POOL_ANY, 99, 0, 0, NULL, 0, &op), -XEN_ENOENT);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, 0, XEN_SCHEDULER_CREDIT2, 0, 0, NULL, 0, &op),
             -XEN_EEXIST);
    CHECK_RC(
        cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, POOL_ANY, XEN_SCHEDULER_CREDIT, 0, 0, NULL, 0, &op),
        0);
    id = op.u.cpupool_op.cpupool_id;
    CHECK_EQ(id, 1);
    memset(map, 0xa5, sizeof(map));
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 1, 0, 0, 0, map, 16, &op), 0);
    CHECK_EQ(op.u.cpupool_op.sched_id, XEN_SCHEDULER_CREDIT);
    CHECK_EQ(op.u.cpupool_op.n_dom, 0);
    CHECK_EQ(map[0], 0);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, 1, 0, 0, POOL_ANY, NULL, 0, &op), -XEN_ENODEV);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_RMCPU, 1, 0, 0, 0, NULL, 0, &op), -XEN_EADDRNOTAVAIL);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_RMCPU, 1, 0, 0, POOL_ANY, NULL, 0, &op), -XEN_EINVAL);
    if (nr == 1) /* Xen allows two pools per CPU */
        CHECK_RC(
            cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, 9, XEN_SCHEDULER_CREDIT2, 0, 0, NULL, 0, &op),
            -XEN_ENOSPC);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_DESTROY, 1, 0, 0, 0, NULL, 0, &op), 0);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 1, 0, 0, 0, map, 16, &op), -XEN_ENOENT);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_CREATE, 5, XEN_SCHEDULER_CREDIT2, 0, 0, NULL, 0, &op),
             0);
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 1, 0, 0, 0, map, 16, &op), 0);
    CHECK_EQ(op.u.cpupool_op.cpupool_id, 5); /* the next one up */
    CHECK_RC(cpupool(XEN_SYSCTL_CPUPOOL_OP_DESTROY, 5, 0, 0, 0, NULL, 0, &op), 0);
}

static long sched_op(uint32_t pool, uint32_t sched, uint32_t cmd, uint32_t value,
                     struct xen_sysctl *op)
{
    struct xen_sysctl_scheduler_op s = { pool, sched, cmd, 0, { { value, 0, 0 } } };

    return sysctl_with(op, XEN_SYSCTL_scheduler_op, &s, sizeof(s));
}

void scheduler_op_credit2_ratelimit(void)
{
    struct xen_sysctl op;
    uint32_t was;

    CHECK_RC(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_getinfo, 0, &op), 0);
    was = op.u.scheduler_op.u.sched_credit2.ratelimit_us;
    info("credit2 ratelimit %u us", was);
    CHECK_EQ(was, 1000);
    CHECK_RC(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_putinfo, 50, &op), -XEN_EINVAL);
    CHECK_RC(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_putinfo, 500001, &op),
             -XEN_EINVAL);
    CHECK_RC(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_putinfo, 500000, &op), 0);
    CHECK_EQ(op.u.scheduler_op.u.sched_credit2.ratelimit_us, 500000);
    CHECK_RC(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_putinfo, 0, &op), 0);
    CHECK_RC(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_getinfo, 0, &op), 0);
    CHECK_EQ(op.u.scheduler_op.u.sched_credit2.ratelimit_us, 0);
    CHECK_RC(sched_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_putinfo, was, &op), 0);
    CHECK_RC(sched_op(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, 0, &op), -XEN_EINVAL);
    CHECK_RC(sched_op(1, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_getinfo, 0, &op), -XEN_ESRCH);
    CHECK_RC(sched_op(0, XEN_SCHEDULER_CREDIT2, 2, 0, &op), -XEN_EINVAL);
}

static long keys(const char *k, uint32_t n)
{
    struct xen_sysctl_debug_keys dk = { .keys = (uint64_t)k, .nr_keys = n };
    struct xen_sysctl op;

    return sysctl_with(&op, XEN_SYSCTL_debug_keys, &dk, sizeof(dk));
}

/* Where the console ring ends now: read whole, its index is the end. */
static uint32_t ring_end(void)
{
    static char whole[65536];
    struct xen_sysctl_readconsole rc = { .buffer = (uint64_t)whole, .count = sizeof(whole) };
    struct xen_sysctl op;

    sysctl_with(&op, XEN_SYSCTL_readconsole, &rc, sizeof(rc));
    return op.u.readconsole.index;
}

/* The dumps reach the console ring: their first lines are Xen's. */
void debug_keys_dump_to_ring(void)
{
    static char buf[16384];
    static const char *const expected[] = {
        "'h' pressed -> showing installed handlers",
        " key 'e' (ascii '65') => dump evtchn info",
        " key 'q' (ascii '71') => dump domain (and guest debug) info",
        " key 'r' (ascii '72') => dump run queues",
        "'q' pressed -> dumping domain info",
        "General information for domain 0:",
        "VCPU information and callbacks for domain 0:",
        "    VCPU0: CPU0 [has=T]",
        "'e' pressed -> dumping event-channel info",
        "Event channel information for domain 0:",
        "Cpupool 0:",
    };
    uint32_t start = ring_end(), end;

    CHECK_RC(keys("hqer", 4), 0);
    CHECK_RC(console_since(start, buf, sizeof(buf), &end), 0);
    info("debug keys hqer: %u bytes in the ring", end - start);
    for (unsigned i = 0; i < ARRAY_SIZE(expected); i++)
        CHECK(strstr(buf, expected[i]) != NULL, "no \"%s\" in the ring", expected[i]);
}

void debug_keys_unknown_and_bad(void)
{
    static char buf[4096];
    uint32_t start = ring_end(), end;

    CHECK_RC(keys("\x01\x7f\xff", 3), 0);
    CHECK_RC(keys(NULL, 0), 0);
    CHECK_RC(console_since(start, buf, sizeof(buf), &end), 0);
    CHECK(strstr(buf, "pressed") == NULL, "an unknown key printed: %s", buf);
    CHECK_RC(keys(NULL, 1), -XEN_EFAULT);
    CHECK_RC(keys((const char *)HYPERVISOR_DIRECT_MAP, 2), -XEN_EFAULT);
}

static long tbuf(uint32_t cmd, uint32_t evt_mask, uint32_t size, struct xen_sysctl *op)
{
    struct xen_sysctl_tbuf_op t = { .cmd = cmd, .evt_mask = evt_mask, .size = size };

    return sysctl_with(op, XEN_SYSCTL_tbuf_op, &t, sizeof(t));
}

void tbuf_op_without_buffers(void)
{
    struct xen_sysctl op;
    uint32_t mask;

    CHECK_RC(tbuf(XEN_SYSCTL_TBUFOP_get_info, 0, 0, &op), 0);
    mask = op.u.tbuf_op.evt_mask;
    info("tbuf: event mask %#x, buffers at %#lx, %u bytes", mask, op.u.tbuf_op.buffer_mfn,
         op.u.tbuf_op.size);
    CHECK_EQ(op.u.tbuf_op.buffer_mfn, 0);
    CHECK_EQ(op.u.tbuf_op.size, 0);
    CHECK_RC(tbuf(XEN_SYSCTL_TBUFOP_set_evt_mask, 0x1234, 0, &op), 0);
    CHECK_RC(tbuf(XEN_SYSCTL_TBUFOP_get_info, 0, 0, &op), 0);
    CHECK_EQ(op.u.tbuf_op.evt_mask, 0x1234);
    CHECK_RC(tbuf(XEN_SYSCTL_TBUFOP_set_evt_mask, mask, 0, &op), 0);
    CHECK_RC(tbuf(XEN_SYSCTL_TBUFOP_enable, 0, 0, &op), -XEN_EINVAL);
    CHECK_RC(tbuf(XEN_SYSCTL_TBUFOP_set_size, 0, 0, &op), -XEN_EINVAL);
    CHECK_RC(tbuf(XEN_SYSCTL_TBUFOP_disable, 0, 0, &op), 0);
    CHECK_RC(tbuf(9, 0, 0, &op), -XEN_EINVAL);
}

void cpu_hotplug_refused(void)
{
    struct xen_sysctl_cpu_hotplug hp;
    struct xen_sysctl op;
    uint32_t nr = physinfo().nr_cpus;

    hp = (struct xen_sysctl_cpu_hotplug){ 0, XEN_SYSCTL_CPU_HOTPLUG_ONLINE };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_cpu_hotplug, &hp, sizeof(hp)), -XEN_EEXIST);
    hp = (struct xen_sysctl_cpu_hotplug){ nr, XEN_SYSCTL_CPU_HOTPLUG_ONLINE };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_cpu_hotplug, &hp, sizeof(hp)), -XEN_EINVAL);
    hp = (struct xen_sysctl_cpu_hotplug){ 0, XEN_SYSCTL_CPU_HOTPLUG_OFFLINE };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_cpu_hotplug, &hp, sizeof(hp)), -XEN_EINVAL);
    hp = (struct xen_sysctl_cpu_hotplug){ nr, XEN_SYSCTL_CPU_HOTPLUG_OFFLINE };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_cpu_hotplug, &hp, sizeof(hp)), -XEN_EINVAL);
    hp = (struct xen_sysctl_cpu_hotplug){ 0, XEN_SYSCTL_CPU_HOTPLUG_SMT_ENABLE };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_cpu_hotplug, &hp, sizeof(hp)), -XEN_EOPNOTSUPP);
    hp = (struct xen_sysctl_cpu_hotplug){ 0, 4 };
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_cpu_hotplug, &hp, sizeof(hp)), -XEN_EOPNOTSUPP);
}

static long pmstat(uint32_t type, uint32_t cpu, const struct pm_cx_stat *cx, struct xen_sysctl *op)
{
    struct xen_sysctl_get_pmstat pm = { .type = type, .cpuid = cpu };

    if (cx)
        pm.u.getcx = *cx;
    return sysctl_with(op, XEN_SYSCTL_get_pmstat, &pm, sizeof(pm));
}

static long pm_op(uint32_t cmd, uint32_t cpu, uint32_t value, struct xen_sysctl *op)
{
    struct xen_sysctl_pm_op pm = { .cmd = cmd, .cpuid = cpu, .u.set_max_cstate = value };

    return sysctl_with(op, XEN_SYSCTL_pm_op, &pm, sizeof(pm));
}

/* No cpufreq: P-states fail; C0 and C1 (HLT) are counted as Xen counts them. */
void pm_cstates_only(void)
{
    static uint64_t triggers[4], residencies[4];
    struct pm_cx_stat cx = { .nr = 4 };
    struct xen_sysctl op;
    uint32_t nr = physinfo().nr_cpus;

    CHECK_RC(pmstat(PMSTAT_get_max_px, 0, NULL, &op), -XEN_EINVAL);
    CHECK_RC(pmstat(PMSTAT_get_pxstat, 0, NULL, &op), -XEN_EINVAL);
    CHECK_RC(pmstat(0, 0, NULL, &op), -XEN_ENODEV);
    CHECK_RC(pmstat(0x31, 0, NULL, &op), -XEN_ENODEV);
    CHECK_RC(pmstat(PMSTAT_get_max_cx, nr, NULL, &op), -XEN_EINVAL);
    CHECK_RC(pmstat(PMSTAT_get_max_cx, 0, NULL, &op), 0);
    CHECK_EQ(op.u.get_pmstat.u.getcx.nr, 2);
    CHECK_RC(pmstat(PMSTAT_reset_cxstat, 0, NULL, &op), 0);
    CHECK_RC(pmstat(PMSTAT_get_cxstat, 0, &cx, &op), -XEN_EFAULT);
    cx.triggers = (uint64_t)triggers;
    cx.residencies = (uint64_t)residencies;
    CHECK_RC(pmstat(PMSTAT_get_cxstat, 0, &cx, &op), 0);
    info("C-states: %u, idle %lu ns, C0 %lu ns, C1 %lu ns", op.u.get_pmstat.u.getcx.nr,
         op.u.get_pmstat.u.getcx.idle_time, residencies[0], residencies[1]);
    CHECK_EQ(op.u.get_pmstat.u.getcx.nr, 2);
    CHECK_EQ(triggers[0], 1);
    CHECK_EQ(triggers[1], 1);
    CHECK_EQ(residencies[1], op.u.get_pmstat.u.getcx.idle_time);
    cx = (struct pm_cx_stat){ .nr = 0 };
    CHECK_RC(pmstat(PMSTAT_get_cxstat, 0, &cx, &op), 0);
    CHECK_RC(pm_op(0x11, 0, 0, &op), -XEN_EINVAL); /* GET_CPUFREQ_PARA */
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_get_max_cstate, 2, 0, &op), -XEN_EINVAL);
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_get_max_cstate, 1, 0, &op), 0); /* the sub-state limit */
    info("max C-sub-state %#x", op.u.pm_op.u.get_max_cstate);
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_get_max_cstate, 0, 0, &op), 0);
    CHECK_EQ(op.u.pm_op.u.get_max_cstate, 1);
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_set_max_cstate, 0, 3, &op), 0);
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_get_max_cstate, 0, 0, &op), 0);
    CHECK_EQ(op.u.pm_op.u.get_max_cstate, 3);
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_set_max_cstate, 0, 1, &op), 0);
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_set_sched_opt_smt, 1, 1, &op), -XEN_EINVAL);
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_set_sched_opt_smt, 0, 1, &op), 0);
    CHECK_EQ(op.u.pm_op.u.set_sched_opt_smt, 0);
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_set_sched_opt_smt, 0, 0, &op), 0);
    CHECK_EQ(op.u.pm_op.u.set_sched_opt_smt, 1);
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_enable_turbo, 0, 0, &op), -XEN_EACCES);
    CHECK_RC(pm_op(XEN_SYSCTL_pm_op_disable_turbo, 0, 0, &op), -XEN_EACCES);
    CHECK_RC(pm_op(0x24, 0, 0, &op), -XEN_ENOSYS); /* gone from Xen */
    CHECK_RC(pm_op(0, 0, 0, &op), -XEN_ENOSYS);
}

static long page_offline(uint32_t cmd, uint32_t start, uint32_t end, uint32_t *status)
{
    struct xen_sysctl_page_offline_op po = { cmd, start, end, 0, (uint64_t)status };
    struct xen_sysctl op;

    return sysctl_with(&op, XEN_SYSCTL_page_offline_op, &po, sizeof(po));
}

void page_offline_query(void)
{
    static uint32_t status[4];
    uint32_t beyond = (uint32_t)physinfo().max_mfn + 0x100000;

    CHECK_RC(page_offline(sysctl_query_page_offline, 0x100, 0x101, status), 0);
    CHECK_EQ(status[0], 0);
    CHECK_EQ(status[1], 0);
    status[0] = 0xdead;
    CHECK_RC(page_offline(sysctl_page_online, 0x100, 0x100, status), 0);
    CHECK_EQ(status[0], 0); /* it was never offline */
    CHECK_RC(page_offline(sysctl_query_page_offline, 0x100, 0xff, status), -XEN_EINVAL);
    memset(status, 0, sizeof(status));
    CHECK_RC(page_offline(9, 0x100, 0x101, status), -XEN_EINVAL);
    CHECK_EQ(status[0], 0x01010101); /* each byte PG_OFFLINE_INVALID, as Xen fills them */
    CHECK_EQ(status[1], 0x01010101);
    CHECK_RC(page_offline(sysctl_query_page_offline, beyond, beyond + 1, status), -XEN_EINVAL);
    CHECK_EQ(status[0], 0x01010101);
    CHECK_RC(page_offline(sysctl_query_page_offline, 0x100, 0x100, NULL), -XEN_EFAULT);
}

static long livepatch(uint32_t cmd, uint32_t pad, const char *name, uint16_t size,
                      struct xen_sysctl *op)
{
    struct xen_sysctl_livepatch_op lp = { .cmd = cmd, .pad = pad };

    lp.u.get.name = (struct xen_livepatch_name){ .name = (uint64_t)name, .size = size };
    return sysctl_with(op, XEN_SYSCTL_livepatch_op, &lp, sizeof(lp));
}

void livepatch_none_loaded(void)
{
    static const char name[] = "xsa-999";
    struct xen_sysctl op;

    CHECK_RC(livepatch(XEN_SYSCTL_LIVEPATCH_LIST, 0, NULL, 0, &op), 0);
    CHECK_EQ(op.u.livepatch.u.list.version, 1);
    CHECK_EQ(op.u.livepatch.u.list.nr, 0);
    CHECK_RC(livepatch(XEN_SYSCTL_LIVEPATCH_LIST, 1, NULL, 0, &op), -XEN_EINVAL);
    CHECK_RC(livepatch(XEN_SYSCTL_LIVEPATCH_GET, 0, name, sizeof(name), &op), -XEN_ENOENT);
    CHECK_RC(livepatch(XEN_SYSCTL_LIVEPATCH_GET, 0, name, sizeof(name) - 1, &op), -XEN_EINVAL);
    CHECK_RC(livepatch(XEN_SYSCTL_LIVEPATCH_GET, 0, name, 0, &op), -XEN_EINVAL);
    CHECK_RC(livepatch(XEN_SYSCTL_LIVEPATCH_GET, 0, name, 129, &op), -XEN_EINVAL);
    CHECK_RC(livepatch(XEN_SYSCTL_LIVEPATCH_GET, 0, NULL, 8, &op), -XEN_EFAULT);
    CHECK_RC(livepatch(XEN_SYSCTL_LIVEPATCH_ACTION, 0, name, sizeof(name), &op), -XEN_ENOENT);
    CHECK_RC(livepatch(XEN_SYSCTL_LIVEPATCH_UPLOAD, 0, NULL, 0, &op), -XEN_EINVAL);
    CHECK_RC(livepatch(99, 0, NULL, 0, &op), -XEN_EOPNOTSUPP);
}

/* Cache QoS, PCI topology, coverage, counters, lock profiles, CPUID levelling. */
void absent_facilities(void)
{
    static uint32_t devs[2] = { 0xff0005 }, nodes[2] = { 0, 0xa5a5a5a5 };
    struct xen_sysctl_pcitopoinfo pci = { 1, 0, (uint64_t)devs, (uint64_t)nodes };
    uint32_t words[8] = { 0 };
    struct xen_sysctl op;

    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_psr_cmt_op, words, sizeof(words)), -XEN_ENODEV);
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_psr_alloc, words, sizeof(words)), -XEN_ENODEV);
    words[0] = 99;
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_psr_alloc, words, sizeof(words)), -XEN_EOPNOTSUPP);
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_coverage_op, words, sizeof(words)), -XEN_EOPNOTSUPP);
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_perfc_op, words, sizeof(words)), -XEN_ENOSYS);
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_lockprof_op, words, sizeof(words)), -XEN_ENOSYS);
    words[0] = 0xdead;
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_get_cpu_levelling_caps, words, 4), 0);
    info("levelling caps %#x", op.u.cpu_levelling_caps.caps);
    CHECK_EQ(op.u.cpu_levelling_caps.caps, 0); /* neither masking nor faulting under QEMU */
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_pcitopoinfo, &pci, sizeof(pci)), 0);
    CHECK_EQ(nodes[0], XEN_INVALID_DEV); /* segment 5 bus 0xff: no such device */
    CHECK_EQ(nodes[1], 0xa5a5a5a5);
    pci.nodes = 0;
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_pcitopoinfo, &pci, sizeof(pci)), -XEN_EINVAL);
    pci.nodes = HYPERVISOR_DIRECT_MAP;
    CHECK_RC(sysctl_with(&op, XEN_SYSCTL_pcitopoinfo, &pci, sizeof(pci)), -XEN_EFAULT);
}
