/*
 * domctl (hypercall 36) from dom0 on itself: the framing (version, bad
 * pointers, unknown domains and commands), getdomaininfo's fields, the
 * commands refused on the caller's own domain, and the settings that
 * round-trip.
 */
#include "common/string.h"
#include "domctl.h"

#define SHUTDOWN_CODE_NONE 0xffffU /* no reason yet: Xen's ~0 in the 16-bit field */

static long getdomaininfo(domid_t domain, struct xen_domctl *op)
{
    *op = domctl_req(XEN_DOMCTL_getdomaininfo, domain);
    return domctl(op);
}

static void version_mismatch_eacces(void)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_getdomaininfo, 0);

    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    CHECK_RC(domctl(&op), -XEN_EACCES);
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION + 1;
    CHECK_RC(domctl(&op), -XEN_EACCES);
    op = domctl_req(1000, 12345);
    op.interface_version = 0;
    CHECK_RC(domctl(&op), -XEN_EACCES);
}

static void bad_pointer_efault(void)
{
    CHECK_RC(domctl(NULL), -XEN_EFAULT);
    CHECK_RC(domctl((struct xen_domctl *)HYPERVISOR_DIRECT_MAP), -XEN_EFAULT);
    CHECK_RC(domctl((struct xen_domctl *)NONCANONICAL), -XEN_EFAULT);
}

/* The domain is looked up before the command is known: no domain, -ESRCH. */
static void unknown_domain_esrch(void)
{
    static const uint32_t cmds[] = { XEN_DOMCTL_pausedomain, XEN_DOMCTL_unpausedomain,
                                     XEN_DOMCTL_max_mem,     XEN_DOMCTL_get_address_size,
                                     XEN_DOMCTL_getvcpuinfo, 1000 };
    static const domid_t doms[] = { 100, DOMID_FIRST_RESERVED - 1, DOMID_SELF, DOMID_IO };

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++)
        for (unsigned j = 0; j < ARRAY_SIZE(doms); j++) {
            struct xen_domctl op = domctl_req(cmds[i], doms[j]);
            long rc = domctl(&op);
            CHECK(rc == -XEN_ESRCH, "domctl %u on d%u returned %ld (%s)", cmds[i], doms[j], rc,
                  errno_name(rc));
        }
}

static void getdomaininfo_self(void)
{
    struct xen_domctl op;
    struct xen_domctl_getdomaininfo *di = &op.u.getdomaininfo;
    unsigned vcpus = self_vcpus(), online = 0;
    long pages = self_reservation();

    for (unsigned i = 0; i < vcpus; i++)
        online += hypercall_vcpu_op(VCPUOP_is_up, i, NULL) == 1;

    CHECK_RC(getdomaininfo(0, &op), 0);
    info("getdomaininfo d0: flags %#x tot %lu max %lu shinfo %#lx cpu_time %lu vcpus %u/%u "
         "gpaddr_bits %u arch %#x/%#x",
         di->flags, di->tot_pages, di->max_pages, di->shared_info_frame, di->cpu_time,
         di->nr_online_vcpus, di->max_vcpu_id, di->gpaddr_bits, di->arch_config.emulation_flags,
         di->arch_config.misc_flags);
    CHECK_EQ(op.domain, 0);
    CHECK_EQ(di->domain, 0);
    CHECK_EQ(di->flags & 0xffff, XEN_DOMINF_running);
    CHECK_EQ(di->flags >> XEN_DOMINF_shutdownshift, SHUTDOWN_CODE_NONE);
    CHECK_EQ(di->nr_online_vcpus, online);
    CHECK_EQ(di->max_vcpu_id, vcpus - 1);
    CHECK(di->tot_pages > 0 && (long)di->tot_pages == pages, "tot_pages %lu, reservation %ld",
          di->tot_pages, pages);
    CHECK(di->max_pages >= di->tot_pages, "max_pages %lu", di->max_pages);
    CHECK_EQ(di->outstanding_pages, 0);
    CHECK_EQ(di->shr_pages, 0);
    CHECK_EQ(di->paged_pages, 0);
    CHECK_EQ(di->shared_info_frame, start_info->shared_info >> 12);
    CHECK(di->cpu_time > 0, "cpu_time 0");
    CHECK_EQ(di->ssidref, 0);
    CHECK_EQ(di->cpupool, 0);
    CHECK(di->gpaddr_bits >= 32 && di->gpaddr_bits <= 52, "gpaddr_bits %u", di->gpaddr_bits);
    CHECK_EQ(di->arch_config.emulation_flags, XEN_X86_EMU_PIT); /* a PV dom0's */
    CHECK_EQ(di->arch_config.misc_flags, 0);
}

/* Xen 4.17 answers with the first domain at or above the id asked for. */
static void getdomaininfo_no_such_domain(void)
{
    struct xen_domctl op;
    long rc = getdomaininfo(1, &op);

    info("getdomaininfo d1 (none): %ld (%s), domain %u", rc, errno_name(rc), op.domain);
    CHECK_RC(rc, -XEN_ESRCH);
    CHECK_RC(getdomaininfo(DOMID_FIRST_RESERVED - 1, &op), -XEN_ESRCH);
    CHECK_RC(getdomaininfo(DOMID_SELF, &op), -XEN_EINVAL);
    CHECK_RC(getdomaininfo(DOMID_FIRST_RESERVED, &op), -XEN_EINVAL);
    CHECK_RC(getdomaininfo(DOMID_INVALID, &op), -XEN_EINVAL);
}

/* What would pause the caller (or cannot be undone by it) is refused on itself. */
static void pause_and_unpause_self_einval(void)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_pausedomain, 0);

    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op = domctl_req(XEN_DOMCTL_unpausedomain, 0);
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op = domctl_req(XEN_DOMCTL_resumedomain, 0);
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op = domctl_req(XEN_DOMCTL_max_vcpus, 0);
    op.u.max_vcpus.max = self_vcpus();
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op = domctl_req(XEN_DOMCTL_setdebugging, 0);
    op.u.setdebugging.enable = 1;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
}

static void max_mem_round_trips(void)
{
    struct xen_domctl op;
    uint64_t max_pages;

    CHECK_RC(getdomaininfo(0, &op), 0);
    max_pages = op.u.getdomaininfo.max_pages;
    op = domctl_req(XEN_DOMCTL_max_mem, 0);
    op.u.max_mem.max_memkb = ~0UL;
    CHECK_RC(domctl(&op), 0);
    CHECK_RC(getdomaininfo(0, &op), 0);
    CHECK_EQ(op.u.getdomaininfo.max_pages, 0xffffffffUL);
    op = domctl_req(XEN_DOMCTL_max_mem, 0);
    op.u.max_mem.max_memkb = max_pages * 4 + 3;
    CHECK_RC(domctl(&op), 0);
    CHECK_RC(getdomaininfo(0, &op), 0);
    CHECK_EQ(op.u.getdomaininfo.max_pages, max_pages);
}

static void setdomainhandle_round_trips(void)
{
    struct xen_domctl op;
    uint8_t old[16];

    CHECK_RC(getdomaininfo(0, &op), 0);
    memcpy(old, op.u.getdomaininfo.handle, sizeof(old));
    op = domctl_req(XEN_DOMCTL_setdomainhandle, 0);
    for (unsigned i = 0; i < 16; i++)
        op.u.setdomainhandle.handle[i] = (uint8_t)(0xa0 + i);
    CHECK_RC(domctl(&op), 0);
    CHECK_RC(getdomaininfo(0, &op), 0);
    CHECK_EQ(op.u.getdomaininfo.handle[0], 0xa0);
    CHECK_EQ(op.u.getdomaininfo.handle[15], 0xaf);
    op = domctl_req(XEN_DOMCTL_setdomainhandle, 0);
    memcpy(op.u.setdomainhandle.handle, old, sizeof(old));
    CHECK_RC(domctl(&op), 0);
}

static void settimeoffset_zero(void)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_settimeoffset, 0);

    CHECK_RC(domctl(&op), 0);
}

static void address_size_64(void)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_get_address_size, 0);

    CHECK_RC(domctl(&op), 0);
    CHECK_EQ(op.u.address_size.size, 64);
    op = domctl_req(XEN_DOMCTL_set_address_size, 0);
    op.u.address_size.size = 64;
    CHECK_RC(domctl(&op), 0);
    /* Xen 4.17 here has no 32-bit PV (pv32 off), nor do we. */
    op.u.address_size.size = 32;
    CHECK_RC(domctl(&op), -XEN_EOPNOTSUPP);
    op.u.address_size.size = 48;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op.u.address_size.size = 0;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
}

static void getvcpuinfo_self(void)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_getvcpuinfo, 0);

    CHECK_RC(domctl(&op), 0);
    info("getvcpuinfo d0v0: online %u blocked %u running %u cpu_time %lu cpu %u",
         op.u.getvcpuinfo.online, op.u.getvcpuinfo.blocked, op.u.getvcpuinfo.running,
         op.u.getvcpuinfo.cpu_time, op.u.getvcpuinfo.cpu);
    CHECK_EQ(op.u.getvcpuinfo.online, 1);
    CHECK_EQ(op.u.getvcpuinfo.blocked, 0);
    CHECK_EQ(op.u.getvcpuinfo.running, 1);
    CHECK(op.u.getvcpuinfo.cpu_time > 0, "cpu_time 0");
    op = domctl_req(XEN_DOMCTL_getvcpuinfo, 0);
    op.u.getvcpuinfo.vcpu = self_vcpus();
    CHECK_RC(domctl(&op), -XEN_EINVAL);
}

/* Commands Xen 4.17 does not have. */
static void unknown_commands_enosys(void)
{
    static const uint32_t cmds[] = { 0, 90, 1000, 0xffffffff };
    unsigned wrong = 0;

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        struct xen_domctl op = domctl_req(cmds[i], 0);
        long rc = domctl(&op);
        info("domctl %u: %ld (%s)", cmds[i], rc, errno_name(rc));
        wrong += rc != -XEN_ENOSYS;
    }
    CHECK_EQ(wrong, 0);
}

const struct test_case domctl_cases[] = {
    { "domctl_version_mismatch_eacces", version_mismatch_eacces },
    { "domctl_bad_pointer_efault", bad_pointer_efault },
    { "domctl_unknown_domain_esrch", unknown_domain_esrch },
    { "domctl_getdomaininfo_self", getdomaininfo_self },
    { "domctl_getdomaininfo_no_such_domain", getdomaininfo_no_such_domain },
    { "domctl_pause_and_unpause_self_einval", pause_and_unpause_self_einval },
    { "domctl_max_mem_round_trips", max_mem_round_trips },
    { "domctl_setdomainhandle_round_trips", setdomainhandle_round_trips },
    { "domctl_settimeoffset_zero", settimeoffset_zero },
    { "domctl_address_size_64", address_size_64 },
    { "domctl_getvcpuinfo_self", getvcpuinfo_self },
    { "domctl_unknown_commands_enosys", unknown_commands_enosys },
};
const unsigned domctl_count = ARRAY_SIZE(domctl_cases);
