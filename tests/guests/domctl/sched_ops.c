/*
 * domctl on a domU from dom0, continued: vCPU affinities, the scheduler's
 * parameters (credit2's, the scheduler sched_id names), shadow_op's
 * queries, set_virq_handler, resumedomain, and every other command Xen
 * 4.17 has, with the answer it gives a PV domain on this machine (no
 * IOMMU, no HVM).
 */
#include "common/string.h"
#include "domctl.h"

static long affinity(uint32_t cmd, domid_t id, uint32_t vcpu, uint32_t flags, uint8_t *hard,
                     uint8_t *soft, uint32_t nr_bits)
{
    struct xen_domctl op = domctl_req(cmd, id);

    op.u.vcpuaffinity.vcpu = vcpu;
    op.u.vcpuaffinity.flags = flags;
    op.u.vcpuaffinity.cpumap_hard = (struct xenctl_bitmap){ (uint64_t)hard, nr_bits, 0 };
    op.u.vcpuaffinity.cpumap_soft = (struct xenctl_bitmap){ (uint64_t)soft, nr_bits, 0 };
    return domctl(&op);
}

static unsigned nr_cpus(void)
{
    struct xen_sysctl op = sysctl_req(XEN_SYSCTL_physinfo);

    return sysctl(&op) ? 0 : op.u.physinfo.nr_cpus;
}

static void vcpuaffinity_set_and_get(void)
{
    const uint32_t both = XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT;
    uint8_t hard[8], soft[8], all = (uint8_t)((1U << nr_cpus()) - 1);
    struct domu u;

    /* Every CPU at first, the bytes past them zero. */
    memset(hard, 0xee, sizeof(hard));
    memset(soft, 0xee, sizeof(soft));
    CHECK_RC(affinity(XEN_DOMCTL_getvcpuaffinity, 0, 0, both, hard, soft, 64), 0);
    info("d0v0 affinity: hard %#x %#x soft %#x %#x (%u CPUs)", hard[0], hard[1], soft[0], soft[1],
         nr_cpus());
    CHECK_EQ(hard[0], all);
    CHECK_EQ(soft[0], all);
    CHECK_EQ(hard[1] | hard[7] | soft[1] | soft[7], 0);
    CHECK_RC(create_domu(&u, 2, false), 0);
    CHECK_RC(affinity(XEN_DOMCTL_getvcpuaffinity, u.id, 0, both, hard, soft, 8), -XEN_ESRCH);
    CHECK_RC(affinity(XEN_DOMCTL_getvcpuaffinity, u.id, 2, both, hard, soft, 8), -XEN_EINVAL);
    destroy_domu(&u);
    CHECK_RC(create_domu(&u, 2, true), 0);
    CHECK_RC(affinity(XEN_DOMCTL_getvcpuaffinity, u.id, 2, both, hard, soft, 8), -XEN_EINVAL);
    CHECK_RC(affinity(XEN_DOMCTL_getvcpuaffinity, u.id, 1, 0, hard, soft, 8), -XEN_EINVAL);
    CHECK_RC(affinity(XEN_DOMCTL_getvcpuaffinity, u.id, 1, both, NULL, soft, 8), -XEN_EINVAL);
    CHECK_RC(affinity(XEN_DOMCTL_setvcpuaffinity, u.id, 1, XEN_VCPUAFFINITY_SOFT, hard, NULL, 8),
             -XEN_EINVAL);
    /* Hard: CPU 0 only; an empty hard map is refused, an empty soft one taken. */
    hard[0] = 1;
    CHECK_RC(affinity(XEN_DOMCTL_setvcpuaffinity, u.id, 1, XEN_VCPUAFFINITY_HARD, hard, soft, 8),
             0);
    CHECK_EQ(hard[0], 1);
    hard[0] = 0;
    CHECK_RC(affinity(XEN_DOMCTL_setvcpuaffinity, u.id, 1, XEN_VCPUAFFINITY_HARD, hard, soft, 8),
             -XEN_EINVAL);
    hard[0] = 0xff;
    CHECK_RC(affinity(XEN_DOMCTL_setvcpuaffinity, u.id, 1, XEN_VCPUAFFINITY_HARD, hard, soft, 0),
             -XEN_EINVAL); /* no bits at all */
    soft[0] = 0;
    CHECK_RC(affinity(XEN_DOMCTL_setvcpuaffinity, u.id, 1, XEN_VCPUAFFINITY_SOFT, hard, soft, 8),
             0);
    memset(hard, 0xee, sizeof(hard));
    memset(soft, 0xee, sizeof(soft));
    CHECK_RC(affinity(XEN_DOMCTL_getvcpuaffinity, u.id, 1, both, hard, soft, 16), 0);
    CHECK_EQ(hard[0], 1);
    CHECK_EQ(hard[1], 0);
    CHECK_EQ(soft[0], 0);
    CHECK_EQ(hard[2], 0xee); /* 16 bits: two bytes written */
    /* vCPU 0 kept its own; a bad bitmap faults. */
    CHECK_RC(affinity(XEN_DOMCTL_getvcpuaffinity, u.id, 0, XEN_VCPUAFFINITY_HARD, hard, soft, 8),
             0);
    CHECK_EQ(hard[0], all);
    CHECK_RC(affinity(XEN_DOMCTL_getvcpuaffinity, u.id, 0, XEN_VCPUAFFINITY_HARD,
                      (uint8_t *)HYPERVISOR_DIRECT_MAP, soft, 8),
             -XEN_EFAULT);
    CHECK_RC(affinity(XEN_DOMCTL_setvcpuaffinity, u.id, 0, XEN_VCPUAFFINITY_HARD,
                      (uint8_t *)NONCANONICAL, soft, 8),
             -XEN_EFAULT);
    destroy_domu(&u);
}

static long sched(domid_t id, uint32_t sched_id, uint32_t cmd, uint16_t *weight, uint16_t *cap)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_scheduler_op, id);
    long rc;

    op.u.scheduler_op.sched_id = sched_id;
    op.u.scheduler_op.cmd = cmd;
    op.u.scheduler_op.u.credit2.weight = *weight;
    op.u.scheduler_op.u.credit2.cap = *cap;
    rc = domctl(&op);
    *weight = op.u.scheduler_op.u.credit2.weight;
    *cap = op.u.scheduler_op.u.credit2.cap;
    return rc;
}

static void scheduler_op_credit2(void)
{
    struct xen_sysctl sop = sysctl_req(XEN_SYSCTL_sched_id);
    uint16_t weight = 0, cap = 0;
    uint32_t id;
    struct domu u;

    CHECK_RC(sysctl(&sop), 0);
    id = sop.u.sched_id.sched_id;
    CHECK_EQ(id, XEN_SCHEDULER_CREDIT2);
    CHECK_RC(sched(0, id, XEN_DOMCTL_SCHEDOP_getinfo, &weight, &cap), 0);
    CHECK_EQ(weight, 256);
    CHECK_EQ(cap, 0);
    CHECK_RC(sched(0, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo, &weight, &cap),
             -XEN_EINVAL);
    CHECK_RC(sched(0, id, XEN_DOMCTL_SCHEDOP_getvcpuinfo, &weight, &cap), -XEN_EINVAL);
    CHECK_RC(sched(0, id, XEN_DOMCTL_SCHEDOP_putvcpuinfo, &weight, &cap), -XEN_EINVAL);
    CHECK_RC(sched(0, id, 4, &weight, &cap), -XEN_EINVAL);
    CHECK_RC(create_domu(&u, 1, true), 0);
    weight = 512;
    cap = 0;
    CHECK_RC(sched(u.id, id, XEN_DOMCTL_SCHEDOP_putinfo, &weight, &cap), 0);
    weight = cap = 7;
    CHECK_RC(sched(u.id, id, XEN_DOMCTL_SCHEDOP_getinfo, &weight, &cap), 0);
    CHECK_EQ(weight, 512);
    CHECK_EQ(cap, 0);
    /* One vCPU: a cap over 100% is refused, but the weight was set first. */
    weight = 300;
    cap = 101;
    CHECK_RC(sched(u.id, id, XEN_DOMCTL_SCHEDOP_putinfo, &weight, &cap), -XEN_EINVAL);
    CHECK_RC(sched(u.id, id, XEN_DOMCTL_SCHEDOP_getinfo, &weight, &cap), 0);
    CHECK_EQ(weight, 300);
    CHECK_EQ(cap, 0);
    weight = 0;
    cap = 50;
    CHECK_RC(sched(u.id, id, XEN_DOMCTL_SCHEDOP_putinfo, &weight, &cap), 0);
    CHECK_RC(sched(u.id, id, XEN_DOMCTL_SCHEDOP_getinfo, &weight, &cap), 0);
    CHECK_EQ(weight, 300);
    CHECK_EQ(cap, 50);
    weight = 65535;
    cap = 0; /* lifts the cap */
    CHECK_RC(sched(u.id, id, XEN_DOMCTL_SCHEDOP_putinfo, &weight, &cap), 0);
    CHECK_RC(sched(u.id, id, XEN_DOMCTL_SCHEDOP_getinfo, &weight, &cap), 0);
    CHECK_EQ(weight, 65535);
    CHECK_EQ(cap, 0);
    destroy_domu(&u);
}

static long shadow(domid_t id, uint32_t cmd, uint32_t mode, void *bitmap, uint64_t pages,
                   struct xen_domctl *op)
{
    *op = domctl_req(XEN_DOMCTL_shadow_op, id);
    op->u.shadow_op.op = cmd;
    op->u.shadow_op.mode = mode;
    op->u.shadow_op.mb = 77;
    op->u.shadow_op.dirty_bitmap = (uint64_t)bitmap;
    op->u.shadow_op.pages = pages;
    op->u.shadow_op.fault_count = op->u.shadow_op.dirty_count = 5;
    return domctl(op);
}

/* One shadow_op on u: its answer against Xen 4.17's, printed when they differ. */
static unsigned shadow_wrong(domid_t id, const char *what, uint32_t cmd, uint32_t mode,
                             void *bitmap, uint64_t pages, long want, struct xen_domctl *op)
{
    long rc = shadow(id, cmd, mode, bitmap, pages, op);

    if (rc == want)
        return 0;
    info("shadow_op %s: %ld (%s), Xen 4.17 says %ld", what, rc, errno_name(rc), want);
    return 1;
}

/* A PV domain on a Xen without shadow paging: a clean log, and -EINVAL for the rest. */
static void shadow_op_queries(void)
{
    uint8_t bitmap[16];
    struct xen_domctl op;
    unsigned wrong = 0;
    struct domu u;

    wrong += shadow_wrong(0, "on itself", XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION, 0, NULL, 0,
                          -XEN_EINVAL, &op);
    CHECK_RC(create_domu(&u, 1, false), 0);
    wrong += shadow_wrong(u.id, "before max_vcpus", XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION, 0, NULL, 0,
                          -XEN_EINVAL, &op);
    destroy_domu(&u);
    CHECK_RC(create_domu(&u, 1, true), 0);
    /* No shadow paging in Debian's Xen: its shadow commands are all -EINVAL. */
    wrong += shadow_wrong(u.id, "get_allocation", XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION, 0, NULL, 0,
                          -XEN_EINVAL, &op);
    CHECK_EQ(op.u.shadow_op.mb, 77); /* copied back untouched */
    wrong += shadow_wrong(u.id, "off", XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0, -XEN_EINVAL, &op);
    memset(bitmap, 0xff, sizeof(bitmap));
    wrong += shadow_wrong(u.id, "peek", XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap, 100, 0, &op);
    CHECK_EQ(op.u.shadow_op.fault_count, 0);
    CHECK_EQ(op.u.shadow_op.dirty_count, 0);
    CHECK_EQ(op.u.shadow_op.pages, 100);
    CHECK_EQ(bitmap[0] | bitmap[12], 0);
    CHECK_EQ(bitmap[13], 0xff); /* 100 bits: 13 bytes */
    wrong += shadow_wrong(u.id, "clean final", XEN_DOMCTL_SHADOW_OP_CLEAN,
                          XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL, NULL, 64, 0, &op);
    wrong += shadow_wrong(u.id, "clean mode 2", XEN_DOMCTL_SHADOW_OP_CLEAN, 2, NULL, 64,
                          -XEN_EINVAL, &op);
    wrong += shadow_wrong(u.id, "peek bad bitmap", XEN_DOMCTL_SHADOW_OP_PEEK, 0,
                          (void *)HYPERVISOR_DIRECT_MAP, 64, -XEN_EFAULT, &op);
    wrong += shadow_wrong(u.id, "op 99", 99, 0, NULL, 0, -XEN_EINVAL, &op);
    wrong += shadow_wrong(u.id, "op 13", 13, 0, NULL, 0, -XEN_EINVAL, &op);
    wrong += shadow_wrong(u.id, "enable_test", XEN_DOMCTL_SHADOW_OP_ENABLE_TEST, 0, NULL, 0,
                          -XEN_EINVAL, &op);
    wrong += shadow_wrong(u.id, "enable_logdirty", XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL, 0,
                          -XEN_EOPNOTSUPP, &op);
    wrong += shadow_wrong(u.id, "enable log_dirty", XEN_DOMCTL_SHADOW_OP_ENABLE,
                          XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY, NULL, 0, -XEN_EOPNOTSUPP, &op);
    wrong += shadow_wrong(u.id, "enable_translate", XEN_DOMCTL_SHADOW_OP_ENABLE_TRANSLATE, 0, NULL,
                          0, -XEN_EINVAL, &op);
    wrong +=
        shadow_wrong(u.id, "enable 0", XEN_DOMCTL_SHADOW_OP_ENABLE, 0, NULL, 0, -XEN_EINVAL, &op);
    wrong += shadow_wrong(u.id, "set_allocation 0", XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION, 0, NULL, 0,
                          -XEN_EINVAL, &op);
    destroy_domu(&u);
    CHECK_EQ(wrong, 0);
}

static void set_virq_handler_global_only(void)
{
    static const uint32_t per_vcpu[] = { VIRQ_TIMER,  VIRQ_DEBUG, VIRQ_XENOPROF,
                                         VIRQ_XENPMU, NR_VIRQS,   1000,
                                         ~0U };
    struct xen_domctl op;
    struct domu u;

    for (unsigned i = 0; i < ARRAY_SIZE(per_vcpu); i++) {
        op = domctl_req(XEN_DOMCTL_set_virq_handler, 0);
        op.u.set_virq_handler.virq = per_vcpu[i];
        CHECK_RC(domctl(&op), -XEN_EINVAL);
    }
    op = domctl_req(XEN_DOMCTL_set_virq_handler, 0);
    op.u.set_virq_handler.virq = VIRQ_DOM_EXC;
    CHECK_RC(domctl(&op), 0);
    /* Given to a domU, which then goes: the hardware domain has it again. */
    CHECK_RC(create_domu(&u, 1, true), 0);
    op = domctl_req(XEN_DOMCTL_set_virq_handler, u.id);
    op.u.set_virq_handler.virq = VIRQ_ENOMEM;
    CHECK_RC(domctl(&op), 0);
    op.u.set_virq_handler.virq = VIRQ_ARCH_0;
    CHECK_RC(domctl(&op), 0);
    destroy_domu(&u);
    op = domctl_req(XEN_DOMCTL_set_virq_handler, 0);
    op.u.set_virq_handler.virq = VIRQ_ENOMEM;
    CHECK_RC(domctl(&op), 0);
    op.u.set_virq_handler.virq = VIRQ_ARCH_0;
    CHECK_RC(domctl(&op), 0);
}

static void resumedomain_running_domain(void)
{
    struct xen_domctl op;
    struct domu u;

    CHECK_RC(create_domu(&u, 1, true), 0);
    op = domctl_req(XEN_DOMCTL_resumedomain, u.id);
    CHECK_RC(domctl(&op), 0);
    op = domctl_req(XEN_DOMCTL_getdomaininfo, u.id);
    CHECK_RC(domctl(&op), 0);
    CHECK_EQ(op.u.getdomaininfo.flags & 0xffff, XEN_DOMINF_paused);
    CHECK_EQ(op.u.getdomaininfo.flags >> XEN_DOMINF_shutdownshift, 0xffff);
    destroy_domu(&u);
}

/* What Xen 4.17 answers with a zeroed argument for a PV domU here (no IOMMU, HVM, PSR ...). */
static const struct {
    uint32_t cmd;
    long rc;
} refusals[] = {
    { 6, -XEN_ENOSYS },      { 7, -XEN_ENOSYS },      { 8, -XEN_ENOSYS },
    { 19, -XEN_EPERM },      { 20, -XEN_EPERM },      { 21, -XEN_EINVAL },
    { 23, -XEN_EINVAL },     { 26, -XEN_ENOSYS },     { 30, -XEN_ENOSYS },
    { 31, -XEN_ENOSYS },     { 32, -XEN_ENOSYS },     { 33, -XEN_EINVAL },
    { 34, -XEN_EINVAL },     { 37, -XEN_EOPNOTSUPP }, { 38, -XEN_EINVAL },
    { 39, -XEN_EINVAL },     { 40, -XEN_EOPNOTSUPP }, { 41, -XEN_ENOSYS },
    { 42, -XEN_EINVAL },     { 44, -XEN_ENOSYS },     { 45, -XEN_EOPNOTSUPP },
    { 46, -XEN_EOPNOTSUPP }, { 47, -XEN_EOPNOTSUPP }, { 48, -XEN_EINVAL },
    { 49, -XEN_ENOSYS },     { 50, -XEN_EOPNOTSUPP }, { 51, -XEN_ENOSYS },
    { 52, -XEN_ENOSYS },     { 53, -XEN_ENOSYS },     { 54, -XEN_EINVAL },
    { 55, -XEN_EINVAL },     { 56, -XEN_ENOSYS },     { 57, -XEN_ENOSYS },
    { 58, -XEN_ENOSYS },     { 62, -XEN_EINVAL },     { 65, -XEN_ENOSYS },
    { 67, -XEN_EINVAL },     { 68, -XEN_EINVAL },     { 69, 0 },
    { 70, -XEN_ENOSYS },     { 71, -XEN_ENOSYS },     { 74, -XEN_EINVAL },
    { 75, -XEN_ENODEV },     { 76, -XEN_ENOSYS },     { 77, -XEN_EOPNOTSUPP },
    { 78, -XEN_ENODEV },     { 80, -XEN_ENOSYS },     { 81, -XEN_ENOSYS },
    { 84, -XEN_EINVAL },     { 85, -XEN_EOPNOTSUPP }, { 86, -XEN_EOPNOTSUPP },
    { 87, -XEN_ENOSYS },     { 1000, -XEN_ENOSYS },   { 1001, -XEN_ENOSYS },
    { 1002, -XEN_ENOSYS },   { 1003, -XEN_ENOSYS },
};

static void other_commands_refused(void)
{
    unsigned wrong = 0;
    struct domu u;

    CHECK_RC(create_domu(&u, 1, true), 0);
    for (unsigned i = 0; i < ARRAY_SIZE(refusals); i++) {
        struct xen_domctl op = domctl_req(refusals[i].cmd, u.id);
        long rc = domctl(&op);

        if (rc != refusals[i].rc) {
            info("domctl %u on a PV domU: %ld (%s), Xen 4.17 says %ld (%s)", refusals[i].cmd, rc,
                 errno_name(rc), refusals[i].rc, errno_name(refusals[i].rc));
            wrong++;
        }
    }
    destroy_domu(&u);
    CHECK_EQ(wrong, 0);
}

/* Device assignment without an IOMMU, whichever domain is named. */
static void device_commands_without_iommu(void)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_test_assign_device, DOMID_INVALID);

    CHECK_RC(domctl(&op), -XEN_EOPNOTSUPP);
    op = domctl_req(XEN_DOMCTL_assign_device, DOMID_IO);
    CHECK_RC(domctl(&op), -XEN_EOPNOTSUPP);
    op = domctl_req(XEN_DOMCTL_deassign_device, DOMID_IO);
    CHECK_RC(domctl(&op), -XEN_EOPNOTSUPP);
    op = domctl_req(XEN_DOMCTL_assign_device, DOMID_INVALID);
    CHECK_RC(domctl(&op), -XEN_ESRCH);
    op = domctl_req(XEN_DOMCTL_get_device_group, 0);
    CHECK_RC(domctl(&op), -XEN_EOPNOTSUPP);
}

/* The checks that come before the answer: ranges, targets, vCPUs, nodes. */
static void other_commands_checked(void)
{
    struct xen_domctl op;
    uint8_t nodes[2];
    struct domu u;

    CHECK_RC(create_domu(&u, 1, true), 0);
    op = domctl_req(XEN_DOMCTL_iomem_permission, u.id);
    op.u.iomem_permission.first_mfn = ~0UL;
    op.u.iomem_permission.nr_mfns = 2;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op = domctl_req(XEN_DOMCTL_ioport_permission, u.id);
    op.u.ioport_permission.first_port = 0xffff;
    op.u.ioport_permission.nr_ports = 2;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op = domctl_req(XEN_DOMCTL_memory_mapping, u.id);
    op.u.memory_mapping.first_mfn = 0xfe000;
    op.u.memory_mapping.first_gfn = 0xfe000;
    op.u.memory_mapping.nr_mfns = 1;
    CHECK_RC(domctl(&op), 0); /* nothing to do for a PV domain */
    op.u.memory_mapping.first_mfn = 1UL << 45;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op = domctl_req(XEN_DOMCTL_set_target, u.id);
    op.u.set_target.target = u.id;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op.u.set_target.target = 100;
    CHECK_RC(domctl(&op), -XEN_ESRCH);
    op = domctl_req(XEN_DOMCTL_sendtrigger, u.id);
    op.u.sendtrigger.vcpu = 1;
    CHECK_RC(domctl(&op), -XEN_ESRCH);
    op.u.sendtrigger.vcpu = 0;
    op.u.sendtrigger.trigger = XEN_DOMCTL_SENDTRIG_POWER;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op.u.sendtrigger.trigger = 9;
    CHECK_RC(domctl(&op), -XEN_ENOSYS);
    /* One NUMA node. */
    memset(nodes, 0xee, sizeof(nodes));
    op = domctl_req(XEN_DOMCTL_getnodeaffinity, u.id);
    op.u.nodeaffinity.nodemap = (struct xenctl_bitmap){ (uint64_t)nodes, 16, 0 };
    CHECK_RC(domctl(&op), 0);
    CHECK_EQ(nodes[0], 1);
    CHECK_EQ(nodes[1], 0);
    op = domctl_req(XEN_DOMCTL_setnodeaffinity, u.id);
    op.u.nodeaffinity.nodemap = (struct xenctl_bitmap){ (uint64_t)nodes, 8, 0 };
    CHECK_RC(domctl(&op), 0);
    nodes[0] = 2;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op.u.nodeaffinity.nodemap.bitmap = HYPERVISOR_DIRECT_MAP;
    CHECK_RC(domctl(&op), -XEN_EFAULT);
    destroy_domu(&u);
}

const struct test_case sched_cases[] = {
    { "domctl_vcpuaffinity_set_and_get", vcpuaffinity_set_and_get },
    { "domctl_scheduler_op_credit2", scheduler_op_credit2 },
    { "domctl_shadow_op_queries", shadow_op_queries },
    { "domctl_set_virq_handler_global_only", set_virq_handler_global_only },
    { "domctl_resumedomain_running_domain", resumedomain_running_domain },
    { "domctl_other_commands_refused", other_commands_refused },
    { "domctl_device_commands_without_iommu", device_commands_without_iommu },
    { "domctl_other_commands_checked", other_commands_checked },
};
const unsigned sched_count = ARRAY_SIZE(sched_cases);
