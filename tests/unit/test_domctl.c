/*
 * domctl (xen/domctl.c) through hypercall_dispatch: the framing (version,
 * lookup before privilege, bad pointers, unknown commands), getdomaininfo's
 * fields and its "next domain at or above" lookup, pause counting, and the
 * settings that round-trip (Xen 4.17's answers).
 */
#include <check.h>
#include <string.h>

#include "public/domctl.h"
#include "public/sched.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_cpu_features.h"
#include "tests/unit/fake_guest_memory.h"
#include "xen/domain.h"
#include "xen/hypercall.h"
#include "xen/mm.h"
#include "xen/page_alloc.h"
#include "xen/sched.h"

#define FRAMES 1024

static struct page_info table[FRAMES];
static struct xen_domctl op;
static struct domain *dom0, *dom1, *dom5;

static void setup(void)
{
    fake_ram_init(FRAMES);
    page_alloc_init(table, FRAMES);
    page_alloc_add_range(0, FRAMES);
    dom5 = domain_create(5, 1, false);
    dom0 = domain_create(0, 2, true);
    dom1 = domain_create(1, 3, false);
    ck_assert_ptr_nonnull(dom0);
    ck_assert_ptr_nonnull(dom1);
    ck_assert_ptr_nonnull(dom5);
    dom1->max_pages = 100;
    fake_current = dom0->vcpus[0];
    fake_guest_memory_reset();
    fake_guest_memory_add(&op, sizeof(op));
}

static long domctl(uint32_t cmd, domid_t domain)
{
    op.cmd = cmd;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op.domain = domain;
    return hypercall_dispatch(__HYPERVISOR_domctl, (uint64_t)&op, 0, 0, 0, 0);
}

START_TEST(test_version_checked_before_anything)
{
    op.cmd = XEN_DOMCTL_getdomaininfo;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_domctl, (uint64_t)&op, 0, 0, 0, 0), -EACCES);
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_domctl, 0, 0, 0, 0, 0), -EFAULT);
}
END_TEST

/* Xen looks the domain up first: an unprivileged caller learns which ids exist. */
START_TEST(test_unknown_domain_esrch_before_eperm)
{
    fake_current = dom1->vcpus[0];
    ck_assert_int_eq(domctl(XEN_DOMCTL_pausedomain, 7), -ESRCH);
    ck_assert_int_eq(domctl(XEN_DOMCTL_pausedomain, 0), -EPERM);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 7), -EPERM);
    ck_assert_int_eq(domctl(1000, 5), -EPERM);
    fake_current = dom0->vcpus[0];
    ck_assert_int_eq(domctl(XEN_DOMCTL_max_mem, DOMID_SELF), -ESRCH);
    ck_assert_int_eq(domctl(1000, 7), -ESRCH);
    ck_assert_int_eq(domctl(1000, 0), -ENOSYS);
}
END_TEST

START_TEST(test_getdomaininfo_fields)
{
    memset(&op, 0xa5, sizeof(op));
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 1), 0);
    const struct xen_domctl_getdomaininfo *info = &op.u.getdomaininfo;
    ck_assert_uint_eq(op.domain, 1);
    ck_assert_uint_eq(info->domain, 1);
    /* No vCPU is up: neither blocked nor running; no shutdown code yet (~0). */
    ck_assert_uint_eq(info->flags, 0xffff0000u);
    ck_assert_uint_eq(info->nr_online_vcpus, 0);
    ck_assert_uint_eq(info->max_vcpu_id, 2);
    ck_assert_uint_eq(info->tot_pages, dom1->tot_pages);
    ck_assert_uint_eq(info->max_pages, 100);
    ck_assert_uint_eq(info->outstanding_pages, 0);
    ck_assert_uint_eq(info->shared_info_frame, page_to_mfn(dom1->shared_info_page));
    ck_assert_uint_eq(info->cpu_time, 0);
    ck_assert_uint_eq(info->ssidref, 0);
    ck_assert_uint_eq(info->cpupool, 0);
    ck_assert_uint_eq(info->gpaddr_bits, FAKE_GUEST_PADDR_BITS);
    ck_assert_uint_eq(info->arch_config.emulation_flags, 0);
    ck_assert_uint_eq(info->pad2[0], 0);
}
END_TEST

START_TEST(test_getdomaininfo_flags_follow_vcpus_and_shutdown)
{
    vcpu_set_up(dom1->vcpus[0]);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 1), 0);
    ck_assert_uint_eq(op.u.getdomaininfo.nr_online_vcpus, 1);
    ck_assert_uint_eq(op.u.getdomaininfo.flags & 0xffff, 0);
    vcpu_block(dom1->vcpus[0]);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 1), 0);
    ck_assert_uint_eq(op.u.getdomaininfo.flags & 0xffff, XEN_DOMINF_blocked);
    domain_set_shutdown_code(dom1, SHUTDOWN_reboot);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 1), 0);
    ck_assert_uint_eq(op.u.getdomaininfo.flags >> XEN_DOMINF_shutdownshift, SHUTDOWN_reboot);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 0), 0);
    ck_assert_uint_eq(op.u.getdomaininfo.arch_config.emulation_flags, XEN_X86_EMU_PIT);
}
END_TEST

/* Xen 4.17: an id without a domain names the next one up. */
START_TEST(test_getdomaininfo_reports_the_next_domain)
{
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 2), 0);
    ck_assert_uint_eq(op.domain, 5);
    ck_assert_uint_eq(op.u.getdomaininfo.domain, 5);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 6), -ESRCH);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, DOMID_FIRST_RESERVED - 1), -ESRCH);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, DOMID_SELF), -EINVAL);
    ck_assert_uint_eq(op.domain, DOMID_SELF); /* nothing copied back */
}
END_TEST

START_TEST(test_pause_is_counted)
{
    unsigned base = dom1->pause_count;

    ck_assert_int_eq(domctl(XEN_DOMCTL_unpausedomain, 1), -EINVAL);
    ck_assert_int_eq(domctl(XEN_DOMCTL_pausedomain, 1), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_pausedomain, 1), 0);
    ck_assert_uint_eq(dom1->pause_count, base + 2);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 1), 0);
    ck_assert(op.u.getdomaininfo.flags & XEN_DOMINF_paused);
    ck_assert_int_eq(domctl(XEN_DOMCTL_unpausedomain, 1), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_unpausedomain, 1), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_unpausedomain, 1), -EINVAL);
    ck_assert_uint_eq(dom1->pause_count, base);
    ck_assert_int_eq(domctl(XEN_DOMCTL_pausedomain, 0), -EINVAL);
    ck_assert_int_eq(domctl(XEN_DOMCTL_resumedomain, 0), -EINVAL);
    op.u.max_vcpus.max = 2;
    ck_assert_int_eq(domctl(XEN_DOMCTL_max_vcpus, 0), -EINVAL);
    op.u.max_vcpus.max = 3;
    ck_assert_int_eq(domctl(XEN_DOMCTL_max_vcpus, 1), 0);
    op.u.max_vcpus.max = 4;
    ck_assert_int_eq(domctl(XEN_DOMCTL_max_vcpus, 1), -EINVAL);
    for (unsigned i = 0; i < 255; i++)
        ck_assert_int_eq(domctl(XEN_DOMCTL_pausedomain, 5), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_pausedomain, 5), -EOVERFLOW);
}
END_TEST

START_TEST(test_settings_round_trip)
{
    op.u.max_mem.max_memkb = 4096 + 3;
    ck_assert_int_eq(domctl(XEN_DOMCTL_max_mem, 1), 0);
    ck_assert_uint_eq(dom1->max_pages, 1024);
    op.u.max_mem.max_memkb = ~0UL;
    ck_assert_int_eq(domctl(XEN_DOMCTL_max_mem, 1), 0);
    ck_assert_uint_eq(dom1->max_pages, 0xffffffffUL);

    memset(op.u.setdomainhandle.handle, 0x5c, 16);
    ck_assert_int_eq(domctl(XEN_DOMCTL_setdomainhandle, 1), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 1), 0);
    ck_assert_uint_eq(op.u.getdomaininfo.handle[7], 0x5c);

    uint32_t wc = dom1->shared_info->wc_sec;
    op.u.settimeoffset.time_offset_seconds = 3600;
    ck_assert_int_eq(domctl(XEN_DOMCTL_settimeoffset, 1), 0);
    ck_assert_uint_eq(dom1->shared_info->wc_sec, wc + 3600);

    ck_assert_int_eq(domctl(XEN_DOMCTL_get_address_size, 1), 0);
    ck_assert_uint_eq(op.u.address_size.size, 64);
    op.u.address_size.size = 64;
    ck_assert_int_eq(domctl(XEN_DOMCTL_set_address_size, 1), 0);
    op.u.address_size.size = 32;
    ck_assert_int_eq(domctl(XEN_DOMCTL_set_address_size, 1), -EOPNOTSUPP);
    op.u.address_size.size = 16;
    ck_assert_int_eq(domctl(XEN_DOMCTL_set_address_size, 1), -EINVAL);

    op.u.setdebugging.enable = 1;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setdebugging, 0), -EINVAL);
    ck_assert_int_eq(domctl(XEN_DOMCTL_setdebugging, 1), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, 1), 0);
    ck_assert(op.u.getdomaininfo.flags & XEN_DOMINF_debugged);
}
END_TEST

START_TEST(test_getvcpuinfo)
{
    vcpu_set_up(dom1->vcpus[1]);
    op.u.getvcpuinfo.vcpu = 1;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpuinfo, 1), 0);
    ck_assert_uint_eq(op.u.getvcpuinfo.online, 1);
    ck_assert_uint_eq(op.u.getvcpuinfo.blocked, 0);
    ck_assert_uint_eq(op.u.getvcpuinfo.cpu, dom1->vcpus[1]->processor);
    op.u.getvcpuinfo.vcpu = 2;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpuinfo, 1), 0);
    ck_assert_uint_eq(op.u.getvcpuinfo.online, 0);
    op.u.getvcpuinfo.vcpu = 3;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpuinfo, 1), -EINVAL);
}
END_TEST

static long createdomain(domid_t domain, uint32_t max_vcpus)
{
    memset(&op.u, 0, sizeof(op.u));
    op.u.createdomain.max_vcpus = max_vcpus;
    op.u.createdomain.max_grant_frames = -1;
    op.u.createdomain.max_maptrack_frames = -1;
    op.u.createdomain.grant_opts = 1;
    op.u.createdomain.handle[0] = 0x42;
    return domctl(XEN_DOMCTL_createdomain, domain);
}

/* Xen 4.17: created paused by the toolstack, empty, its vCPUs shown by max_vcpus. */
START_TEST(test_createdomain_paused_and_empty)
{
    ck_assert_int_eq(createdomain(0, 2), 0);
    domid_t id = op.domain;
    ck_assert_uint_eq(id, 2); /* the rover starts after 0; d1 is taken */
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, id), 0);
    ck_assert_uint_eq(op.u.getdomaininfo.flags, 0xffff0000u | XEN_DOMINF_paused);
    ck_assert_uint_eq(op.u.getdomaininfo.tot_pages, 0);
    ck_assert_uint_eq(op.u.getdomaininfo.max_pages, 0);
    ck_assert_uint_eq(op.u.getdomaininfo.max_vcpu_id, XEN_INVALID_MAX_VCPU_ID);
    ck_assert_uint_eq(op.u.getdomaininfo.handle[0], 0x42);
    op.u.getvcpuinfo.vcpu = 0;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpuinfo, id), -ESRCH);
    op.u.max_vcpus.max = 2;
    ck_assert_int_eq(domctl(XEN_DOMCTL_max_vcpus, id), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, id), 0);
    ck_assert_uint_eq(op.u.getdomaininfo.max_vcpu_id, 1);
    ck_assert_int_eq(domctl(XEN_DOMCTL_unpausedomain, id), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_unpausedomain, id), -EINVAL);
}
END_TEST

START_TEST(test_createdomain_ids_given_and_picked)
{
    ck_assert_int_eq(createdomain(9, 1), 0);
    ck_assert_uint_eq(op.domain, 9);
    ck_assert_int_eq(createdomain(9, 1), -EEXIST);
    ck_assert_int_eq(createdomain(5, 1), -EEXIST);
    ck_assert_int_eq(createdomain(DOMID_SELF, 1), 0);
    domid_t first = op.domain;
    ck_assert_int_eq(createdomain(0, 0), -EINVAL); /* refused, yet the rover moved on */
    ck_assert_int_eq(createdomain(DOMID_FIRST_RESERVED, 1), 0);
    ck_assert_uint_eq(op.domain, first + 2);
}
END_TEST

START_TEST(test_createdomain_checks_the_request)
{
    static const struct {
        uint32_t flags, max_vcpus, grant_opts;
        int32_t grant_frames;
        uint32_t emulation, cpupool;
        long rc;
    } cases[] = {
        { 1U << 8, 1, 1, -1, 0, 0, -EINVAL },
        { XEN_DOMCTL_CDF_hvm, 1, 1, -1, 0, 0, -EINVAL },
        { XEN_DOMCTL_CDF_hap, 1, 1, -1, 0, 0, -EINVAL },
        { XEN_DOMCTL_CDF_iommu, 1, 1, -1, 0, 0, -EINVAL },
        { 0, MAX_VCPUS + 1, 1, -1, 0, 0, -EINVAL },
        { 0, 1, 0, -1, 0, 0, -EINVAL },
        { 0, 1, 3, -1, 0, 0, -EINVAL },
        { 0, 1, 1, 0, 0, 0, -EINVAL },
        { 0, 1, 1, 65, 0, 0, -EINVAL },
        { 0, 1, 1, -1, XEN_X86_EMU_LAPIC, 0, -EOPNOTSUPP },
        { 0, 1, 1, -1, 0, 5, -ESRCH },
        { 0, 1, 2, 1, XEN_X86_EMU_PIT, 0, 0 },
    };

    for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
        memset(&op.u, 0, sizeof(op.u));
        op.u.createdomain.flags = cases[i].flags;
        op.u.createdomain.max_vcpus = cases[i].max_vcpus;
        op.u.createdomain.grant_opts = cases[i].grant_opts;
        op.u.createdomain.max_grant_frames = cases[i].grant_frames;
        op.u.createdomain.arch.emulation_flags = cases[i].emulation;
        op.u.createdomain.cpupool_id = cases[i].cpupool;
        ck_assert_int_eq(domctl(XEN_DOMCTL_createdomain, 0), cases[i].rc);
    }
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, op.domain), 0);
    ck_assert_uint_eq(op.u.getdomaininfo.arch_config.emulation_flags, XEN_X86_EMU_PIT);
}
END_TEST

/* Xen's domain_kill: not the caller's own; gone with its last reference. */
START_TEST(test_destroydomain)
{
    unsigned long free_before;

    ck_assert_int_eq(domctl(XEN_DOMCTL_destroydomain, 0), -EINVAL);
    ck_assert_int_eq(createdomain(0, 2), 0);
    domid_t id = op.domain;
    free_before = page_alloc_free_count();
    ck_assert_int_eq(domctl(XEN_DOMCTL_destroydomain, id), 0);
    ck_assert_ptr_null(domain_lookup(id));
    ck_assert_uint_gt(page_alloc_free_count(), free_before); /* its shared_info and grant frames */
    ck_assert_int_eq(domctl(XEN_DOMCTL_destroydomain, id), -ESRCH);
    /* A reference held elsewhere keeps it, dead: a second destroy has nothing to do. */
    ck_assert_int_eq(createdomain(0, 1), 0);
    id = op.domain;
    struct domain *held = domain_lookup(id);
    ck_assert_int_eq(domctl(XEN_DOMCTL_destroydomain, id), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_destroydomain, id), 0);
    ck_assert(held->dead);
    domain_put(held);
    ck_assert_int_eq(domctl(XEN_DOMCTL_destroydomain, id), -ESRCH);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("domctl");
    TCase *tc = tcase_create("domctl");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_version_checked_before_anything);
    tcase_add_test(tc, test_unknown_domain_esrch_before_eperm);
    tcase_add_test(tc, test_getdomaininfo_fields);
    tcase_add_test(tc, test_getdomaininfo_flags_follow_vcpus_and_shutdown);
    tcase_add_test(tc, test_getdomaininfo_reports_the_next_domain);
    tcase_add_test(tc, test_pause_is_counted);
    tcase_add_test(tc, test_settings_round_trip);
    tcase_add_test(tc, test_getvcpuinfo);
    tcase_add_test(tc, test_createdomain_paused_and_empty);
    tcase_add_test(tc, test_createdomain_ids_given_and_picked);
    tcase_add_test(tc, test_createdomain_checks_the_request);
    tcase_add_test(tc, test_destroydomain);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
