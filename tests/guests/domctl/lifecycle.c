/*
 * domctl createdomain / destroydomain from dom0: a PV domain created
 * paused and empty (ids picked by Xen's rover or given), seen through
 * getdomaininfo, max_mem and the pause count, then destroyed; and the
 * configurations and targets Xen 4.17 refuses.
 */
#include "common/string.h"
#include "domctl.h"

#define SHUTDOWN_CODE_NONE 0xffffU /* no reason yet: Xen's ~0 in the 16-bit field */
#define GIVEN_ID           0x7000  /* an id asked for by the caller */

/* What xl asks for a PV guest with two vCPUs. */
static struct xen_domctl create_req(domid_t domain)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_createdomain, domain);
    struct xen_domctl_createdomain *c = &op.u.createdomain;

    c->max_vcpus = 2;
    c->max_evtchn_port = ~0U;
    c->max_grant_frames = -1;
    c->max_maptrack_frames = -1;
    c->grant_opts = 1;
    for (unsigned i = 0; i < 16; i++)
        c->handle[i] = (uint8_t)(0x10 + i);
    return op;
}

static long create(struct xen_domctl *op, domid_t *id)
{
    long rc = domctl(op);

    *id = op->domain;
    return rc;
}

static long destroy(domid_t id)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_destroydomain, id);

    return domctl(&op);
}

static long info_of(domid_t id, struct xen_domctl *op)
{
    *op = domctl_req(XEN_DOMCTL_getdomaininfo, id);
    return domctl(op);
}

static long simple(uint32_t cmd, domid_t id)
{
    struct xen_domctl op = domctl_req(cmd, id);

    return domctl(&op);
}

/* Gone: getdomaininfo names another domain (the next one up) or none. */
static void check_gone(domid_t id)
{
    struct xen_domctl op;
    long rc = info_of(id, &op);

    CHECK(rc == -XEN_ESRCH || (rc == 0 && op.domain != id), "d%u still there: %ld, d%u", id, rc,
          op.domain);
    CHECK_RC(destroy(id), -XEN_ESRCH);
}

static void create_pick_and_inspect(void)
{
    struct xen_domctl op = create_req(0);
    const struct xen_domctl_getdomaininfo *di = &op.u.getdomaininfo;
    domid_t id;

    CHECK_RC(create(&op, &id), 0);
    info("createdomain any: d%u", id);
    CHECK(id > 0 && id < DOMID_FIRST_RESERVED, "id %u", id);
    CHECK_RC(info_of(id, &op), 0);
    info("new d%u: flags %#x tot %lu max %lu vcpus %u/%#x shinfo %#lx cpupool %u arch %#x", id,
         di->flags, di->tot_pages, di->max_pages, di->nr_online_vcpus, di->max_vcpu_id,
         di->shared_info_frame, di->cpupool, di->arch_config.emulation_flags);
    CHECK_EQ(op.domain, id);
    CHECK_EQ(di->flags & 0xffff, XEN_DOMINF_paused);
    CHECK_EQ(di->flags >> XEN_DOMINF_shutdownshift, SHUTDOWN_CODE_NONE);
    CHECK_EQ(di->tot_pages, 0);
    CHECK_EQ(di->max_pages, 0);
    CHECK_EQ(di->nr_online_vcpus, 0);
    CHECK_EQ(di->handle[0], 0x10);
    CHECK_EQ(di->handle[15], 0x1f);
    CHECK_EQ(di->arch_config.emulation_flags, 0);
    /* vCPUs come with max_vcpus, which must name the created count. */
    op = domctl_req(XEN_DOMCTL_max_vcpus, id);
    op.u.max_vcpus.max = 3;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op.u.max_vcpus.max = 2;
    CHECK_RC(domctl(&op), 0);
    CHECK_RC(info_of(id, &op), 0);
    CHECK_EQ(di->max_vcpu_id, 1);
    CHECK_EQ(di->nr_online_vcpus, 0);
    op = domctl_req(XEN_DOMCTL_max_mem, id);
    op.u.max_mem.max_memkb = 4096;
    CHECK_RC(domctl(&op), 0);
    CHECK_RC(info_of(id, &op), 0);
    CHECK_EQ(di->max_pages, 1024);
    /* The creation's pause is the toolstack's: two unpauses after one pause. */
    CHECK_RC(simple(XEN_DOMCTL_pausedomain, id), 0);
    CHECK_RC(simple(XEN_DOMCTL_unpausedomain, id), 0);
    CHECK_RC(info_of(id, &op), 0);
    CHECK_EQ(di->flags & XEN_DOMINF_paused, XEN_DOMINF_paused);
    CHECK_RC(simple(XEN_DOMCTL_unpausedomain, id), 0);
    CHECK_RC(info_of(id, &op), 0);
    CHECK_EQ(di->flags & XEN_DOMINF_paused, 0);
    CHECK_RC(simple(XEN_DOMCTL_unpausedomain, id), -XEN_EINVAL);
    CHECK_RC(destroy(id), 0);
    check_gone(id);
}

/* The rover moves on: the next id picked is above the last, not reused. */
static void create_rover_moves_on(void)
{
    struct xen_domctl op = create_req(0);
    domid_t a, b, c;

    CHECK_RC(create(&op, &a), 0);
    op = create_req(DOMID_FIRST_RESERVED);
    CHECK_RC(create(&op, &b), 0);
    CHECK_RC(destroy(b), 0);
    op = create_req(DOMID_SELF);
    CHECK_RC(create(&op, &c), 0);
    info("createdomain rover: d%u d%u d%u", a, b, c);
    CHECK_EQ(b, a + 1);
    CHECK_EQ(c, b + 1);
    CHECK_RC(destroy(a), 0);
    CHECK_RC(destroy(c), 0);
    check_gone(a);
    check_gone(c);
}

static void create_given_id_and_eexist(void)
{
    struct xen_domctl op = create_req(GIVEN_ID);
    domid_t id;

    CHECK_RC(create(&op, &id), 0);
    CHECK_EQ(id, GIVEN_ID);
    op = create_req(GIVEN_ID);
    CHECK_RC(create(&op, &id), -XEN_EEXIST);
    CHECK_EQ(id, GIVEN_ID);
    op = create_req(0);
    op.domain = 0; /* dom0 itself is "any", never "in use" */
    CHECK_RC(create(&op, &id), 0);
    CHECK(id != GIVEN_ID && id != 0, "picked d%u", id);
    CHECK_RC(destroy(id), 0);
    CHECK_RC(destroy(GIVEN_ID), 0);
    check_gone(GIVEN_ID);
}

struct bad_config {
    const char *what;
    uint32_t flags, iommu_opts, max_vcpus, grant_opts, vmtrace_size, emulation, misc;
    int32_t max_grant_frames;
    long rc;
};

static const struct bad_config bad_configs[] = {
    { "unknown flag", 1U << 8, 0, 2, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "all flags", ~0U, 0, 2, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "hvm", XEN_DOMCTL_CDF_hvm, 0, 2, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "hvm+hap", XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 0, 2, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "hap on pv", XEN_DOMCTL_CDF_hap, 0, 2, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "iommu", XEN_DOMCTL_CDF_iommu, 0, 2, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "iommu_opts without iommu", 0, 1, 2, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "vpmu", XEN_DOMCTL_CDF_vpmu, 0, 2, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "nested_virt", XEN_DOMCTL_CDF_nested_virt, 0, 2, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "no vcpus", 0, 0, 0, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "100000 vcpus", 0, 0, 100000, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "~0 vcpus", 0, 0, ~0U, 1, 0, 0, 0, -1, -XEN_EINVAL },
    { "grant version 0", 0, 0, 2, 0, 0, 0, 0, -1, -XEN_EINVAL },
    { "grant version 3", 0, 0, 2, 3, 0, 0, 0, -1, -XEN_EINVAL },
    { "grant_opts high bits", 0, 0, 2, 0x11, 0, 0, 0, -1, -XEN_EINVAL },
    { "no grant frames", 0, 0, 2, 1, 0, 0, 0, 0, -XEN_EINVAL },
    { "vmtrace", 0, 0, 2, 1, 4096, 0, 0, -1, -XEN_EINVAL },
    { "lapic on pv", 0, 0, 2, 1, 0, XEN_X86_EMU_LAPIC, 0, -1, -XEN_EOPNOTSUPP },
    { "misc flags", 0, 0, 2, 1, 0, 0, 2, -1, -XEN_EINVAL },
};

static void create_bad_config_refused(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(bad_configs); i++) {
        const struct bad_config *b = &bad_configs[i];
        struct xen_domctl op = create_req(0);
        struct xen_domctl_createdomain *c = &op.u.createdomain;
        domid_t id;
        long rc;

        c->flags = b->flags;
        c->iommu_opts = b->iommu_opts;
        c->max_vcpus = b->max_vcpus;
        c->grant_opts = b->grant_opts;
        c->vmtrace_size = b->vmtrace_size;
        c->arch.emulation_flags = b->emulation;
        c->arch.misc_flags = b->misc;
        c->max_grant_frames = b->max_grant_frames;
        rc = create(&op, &id);
        info("createdomain %s: %ld (%s)", b->what, rc, errno_name(rc));
        CHECK(rc == b->rc, "createdomain %s: %ld (%s)", b->what, rc, errno_name(rc));
        if (rc == 0)
            destroy(id);
    }
}

/* One change to xl's request each; Xen 4.17's answer. */
static void create_config_variants(void)
{
    static const struct {
        const char *what;
        unsigned field;
        uint32_t value;
        long rc;
    } variants[] = {
        { "grant version 2", 0, 2, 0 },
        { "one grant frame", 1, 1, 0 },
        { "no maptrack frames", 2, 0, 0 },
        { "evtchn port 0", 3, 0, 0 },
        { "pit", 4, XEN_X86_EMU_PIT, 0 },
        { "oos_off", 5, XEN_DOMCTL_CDF_oos_off, 0 },
        { "s3", 5, XEN_DOMCTL_CDF_s3_integrity, -XEN_EINVAL },
        { "xs_domain", 5, XEN_DOMCTL_CDF_xs_domain, 0 },
        { "ssidref 7", 6, 7, 0 },
        { "cpupool 5", 7, 5, -XEN_ESRCH },
        { "one vcpu", 8, 1, 0 },
        { "128 vcpus", 8, 128, 0 },
        { "64 grant frames", 1, 64, 0 },
        { "65 grant frames", 1, 65, -XEN_EINVAL },
        { "1024 maptrack frames", 2, 1024, 0 },
        { "1025 maptrack frames", 2, 1025, -XEN_EINVAL },
    };
    unsigned wrong = 0;

    for (unsigned i = 0; i < ARRAY_SIZE(variants); i++) {
        struct xen_domctl op = create_req(0);
        struct xen_domctl_createdomain *c = &op.u.createdomain;
        uint32_t v = variants[i].value;
        domid_t id;
        long rc;

        switch (variants[i].field) {
        case 0:
            c->grant_opts = v;
            break;
        case 1:
            c->max_grant_frames = (int32_t)v;
            break;
        case 2:
            c->max_maptrack_frames = (int32_t)v;
            break;
        case 3:
            c->max_evtchn_port = v;
            break;
        case 4:
            c->arch.emulation_flags = v;
            break;
        case 5:
            c->flags = v;
            break;
        case 6:
            c->ssidref = v;
            break;
        case 7:
            c->cpupool_id = v;
            break;
        default:
            c->max_vcpus = v;
            break;
        }
        rc = create(&op, &id);
        info("createdomain %s: %ld (%s)", variants[i].what, rc, errno_name(rc));
        wrong += rc != variants[i].rc;
        if (rc == 0) {
            wrong += info_of(id, &op) != 0;
            info("  d%u: flags %#x ssidref %u cpupool %u arch %#x", id, op.u.getdomaininfo.flags,
                 op.u.getdomaininfo.ssidref, op.u.getdomaininfo.cpupool,
                 op.u.getdomaininfo.arch_config.emulation_flags);
            wrong += destroy(id) != 0;
        }
    }
    CHECK_EQ(wrong, 0);
}

static void destroy_self_and_dom0_refused(void)
{
    CHECK_RC(destroy(0), -XEN_EINVAL);
    CHECK_RC(destroy(DOMID_SELF), -XEN_ESRCH);
    CHECK_RC(destroy(DOMID_IO), -XEN_ESRCH);
    CHECK_RC(destroy(100), -XEN_ESRCH);
}

const struct test_case lifecycle_cases[] = {
    { "domctl_create_pick_and_inspect", create_pick_and_inspect },
    { "domctl_create_rover_moves_on", create_rover_moves_on },
    { "domctl_create_given_id_and_eexist", create_given_id_and_eexist },
    { "domctl_create_bad_config_refused", create_bad_config_refused },
    { "domctl_create_config_variants", create_config_variants },
    { "domctl_destroy_self_and_dom0_refused", destroy_self_and_dom0_refused },
};
const unsigned lifecycle_count = ARRAY_SIZE(lifecycle_cases);
