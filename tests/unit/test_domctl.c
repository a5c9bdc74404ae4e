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
#include "public/sysctl.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_cpu_features.h"
#include "tests/unit/fake_guest_memory.h"
#include "tests/unit/fake_vcpu_context.h"
#include "xen/arch/mm.h"
#include "xen/domain.h"
#include "xen/event_channel.h"
#include "xen/hypercall.h"
#include "xen/mm.h"
#include "xen/page_alloc.h"
#include "xen/page_types.h"
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
    fake_vcpu_context_reset();
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

/* setvcpucontext / getvcpucontext: who may be asked, the pause, the reset. */
START_TEST(test_vcpucontext)
{
    static struct fake_vcpu_context ctx, got;
    struct vcpu *v = dom1->vcpus[1];
    unsigned paused = dom1->pause_count;

    fake_guest_memory_add(&ctx, sizeof(ctx));
    fake_guest_memory_add(&got, sizeof(got));
    ctx = (struct fake_vcpu_context){ .value = 77, .online = true };
    op.u.vcpucontext.vcpu = 0;
    op.u.vcpucontext.ctxt = (uint64_t)&ctx;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpucontext, 0), -EINVAL); /* the caller's own */
    op.u.vcpucontext.vcpu = 3;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpucontext, 1), -EINVAL);
    op.u.vcpucontext.vcpu = 1;
    op.u.vcpucontext.ctxt = (uint64_t)&ctx;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpucontext, 1), -ENODATA);
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpucontext, 1), 0);
    ck_assert(v->initialised);
    ck_assert(!(v->pause_flags & VPF_down)); /* VGCF_online */
    ck_assert_uint_eq(fake_context_value[1], 77);
    ck_assert_uint_eq(dom1->pause_count, paused); /* paused for the work only */
    op.u.vcpucontext.ctxt = (uint64_t)&got;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpucontext, 1), 0);
    ck_assert_uint_eq(got.value, 77);
    ck_assert(got.online);
    /* Offline, then bad pointers, then an arch refusal: nothing changes. */
    ctx.online = false;
    op.u.vcpucontext.ctxt = (uint64_t)&ctx;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpucontext, 1), 0);
    ck_assert(v->pause_flags & VPF_down);
    op.u.vcpucontext.ctxt = 0x1000;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpucontext, 1), -EFAULT);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpucontext, 1), -EFAULT);
    fake_set_context_result = -EOPNOTSUPP;
    op.u.vcpucontext.ctxt = (uint64_t)&ctx;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpucontext, 1), -EOPNOTSUPP);
    ck_assert_uint_eq(dom1->pause_count, paused);
    /* No context: the vCPU is reset, down and without one. */
    op.u.vcpucontext.ctxt = 0;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpucontext, 1), 0);
    ck_assert_ptr_eq(fake_reset_vcpu, v);
    ck_assert(!v->initialised);
    ck_assert(v->pause_flags & VPF_down);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpucontext, 1), -ENODATA);
    /* A domain being destroyed takes no new context (its tables must go). */
    dom1->killed = true;
    op.u.vcpucontext.ctxt = (uint64_t)&ctx;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpucontext, 1), -EINVAL);
    dom1->killed = false;
    /* The calling vCPU cannot be read; another of the caller's can. */
    op.u.vcpucontext.vcpu = 0;
    op.u.vcpucontext.ctxt = (uint64_t)&got;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpucontext, 0), -EINVAL);
    dom0->vcpus[1]->initialised = true;
    op.u.vcpucontext.vcpu = 1;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpucontext, 0), 0);
}
END_TEST

/* Into a frame of the target only, and one that may become writable. */
START_TEST(test_hypercall_init)
{
    struct page_info *pg = alloc_guest_pages(0), *other = alloc_guest_pages(0);
    const uint8_t *bytes;

    dom5->max_pages = 10;
    ck_assert_int_eq(page_assign(dom1, pg), 0);
    ck_assert_int_eq(page_assign(dom5, other), 0);
    op.u.hypercall_init.gmfn = page_to_mfn(other);
    ck_assert_int_eq(domctl(XEN_DOMCTL_hypercall_init, 1), -EINVAL);
    op.u.hypercall_init.gmfn = FRAMES + 5;
    ck_assert_int_eq(domctl(XEN_DOMCTL_hypercall_init, 1), -EINVAL);
    op.u.hypercall_init.gmfn = page_to_mfn(pg);
    ck_assert_int_eq(domctl(XEN_DOMCTL_hypercall_init, 1), 0);
    bytes = arch_mfn_to_virt(page_to_mfn(pg));
    ck_assert_uint_eq(bytes[32 * 3 + 5], 3 ^ 5);          /* the fake arch's pattern */
    ck_assert_uint_eq(pg->type_info & PGT_count_mask, 0); /* its type reference let go */
    /* A page table cannot be written. */
    ck_assert_int_eq(get_page_and_type(pg, dom1, PGT_l1_page_table), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_hypercall_init, 1), -EPERM);
    put_page_and_type(pg);
}
END_TEST

START_TEST(test_getpageframeinfo3)
{
    static uint64_t frames[4];
    struct page_info *pg = alloc_guest_pages(0), *pt = alloc_guest_pages(0);

    fake_guest_memory_add(frames, sizeof(frames));
    ck_assert_int_eq(page_assign(dom1, pg), 0);
    ck_assert_int_eq(page_assign(dom1, pt), 0);
    ck_assert_int_eq(get_page_and_type(pt, dom1, PGT_l2_page_table), 0);
    pt->type_info |= PGT_pinned;
    frames[0] = page_to_mfn(pg);
    frames[1] = page_to_mfn(pt);
    frames[2] = page_to_mfn(dom1->shared_info_page);
    frames[3] = ~0UL;
    op.u.getpageframeinfo3.num = 4;
    op.u.getpageframeinfo3.array = (uint64_t)frames;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getpageframeinfo3, 1), 0);
    ck_assert_uint_eq(frames[0], XEN_DOMCTL_PFINFO_NOTAB);
    ck_assert_uint_eq(frames[1], XEN_DOMCTL_PFINFO_L2TAB | XEN_DOMCTL_PFINFO_LPINTAB);
    ck_assert_uint_eq(frames[2], XEN_DOMCTL_PFINFO_XTAB);
    ck_assert_uint_eq(frames[3], XEN_DOMCTL_PFINFO_XTAB);
    frames[0] = page_to_mfn(pg);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getpageframeinfo3, 5), 0); /* not d5's */
    ck_assert_uint_eq(frames[0], XEN_DOMCTL_PFINFO_XTAB);
    op.u.getpageframeinfo3.num = 1025;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getpageframeinfo3, 1), -E2BIG);
    op.u.getpageframeinfo3.num = 1UL << 32;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getpageframeinfo3, 1), -E2BIG);
    op.u.getpageframeinfo3.num = 5; /* one past the array */
    op.u.getpageframeinfo3.array = (uint64_t)frames;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getpageframeinfo3, 1), -EFAULT);
    pt->type_info &= ~PGT_pinned;
    put_page_and_type(pt);
}
END_TEST

START_TEST(test_vcpuaffinity)
{
    static uint8_t hard[2], soft[2];
    struct xen_domctl_vcpuaffinity *a = &op.u.vcpuaffinity;

    sched_init(4);
    fake_guest_memory_add(hard, sizeof(hard));
    fake_guest_memory_add(soft, sizeof(soft));
    *a = (struct xen_domctl_vcpuaffinity){ 2,
                                           XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT,
                                           { (uint64_t)hard, 16, 0 },
                                           { (uint64_t)soft, 16, 0 } };
    memset(hard, 0xee, 2);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpuaffinity, 1), 0);
    ck_assert_uint_eq(hard[0], 0x0f); /* four CPUs */
    ck_assert_uint_eq(hard[1], 0);
    /* Hard {1,2,7}: CPU 7 does not exist, reported without it. */
    hard[0] = 0x86;
    soft[0] = 0x0c;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpuaffinity, 1), 0);
    ck_assert_uint_eq(hard[0], 0x06);
    ck_assert_uint_eq(soft[0], 0x04); /* soft within hard */
    ck_assert_uint_eq(dom1->vcpus[2]->affinity_hard, 0x06);
    hard[0] = 0xf0; /* no CPU that exists */
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpuaffinity, 1), -EINVAL);
    ck_assert_uint_eq(dom1->vcpus[2]->affinity_hard, 0x06);
    /* Three bits of the caller's byte only. */
    a->cpumap_hard.nr_bits = 3;
    a->flags = XEN_VCPUAFFINITY_HARD;
    hard[0] = 0x0f;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpuaffinity, 1), 0);
    ck_assert_uint_eq(dom1->vcpus[2]->affinity_hard, 0x07);
    a->flags = 0;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpuaffinity, 1), -EINVAL);
    a->flags = XEN_VCPUAFFINITY_SOFT;
    a->cpumap_soft.bitmap = 0;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpuaffinity, 1), -EINVAL);
    a->cpumap_soft.bitmap = 0x1000;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpuaffinity, 1), -EFAULT);
    a->vcpu = 3;
    ck_assert_int_eq(domctl(XEN_DOMCTL_getvcpuaffinity, 1), -EINVAL);
    /* A pinned vCPU's affinity stays unless forced. */
    dom1->vcpus[0]->pin_override = true;
    *a = (struct xen_domctl_vcpuaffinity){
        0, XEN_VCPUAFFINITY_HARD, { (uint64_t)hard, 8, 0 }, { 0, 0, 0 }
    };
    hard[0] = 1;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpuaffinity, 1), -EBUSY);
    a->flags |= XEN_VCPUAFFINITY_FORCE;
    ck_assert_int_eq(domctl(XEN_DOMCTL_setvcpuaffinity, 1), 0);
    ck_assert(!dom1->vcpus[0]->pin_override);
}
END_TEST

START_TEST(test_scheduler_op)
{
    struct xen_domctl_scheduler_op *s = &op.u.scheduler_op;

    *s = (struct xen_domctl_scheduler_op){ .sched_id = XEN_SCHEDULER_CREDIT2,
                                           .cmd = XEN_DOMCTL_SCHEDOP_getinfo };
    ck_assert_int_eq(domctl(XEN_DOMCTL_scheduler_op, 1), 0);
    ck_assert_uint_eq(s->u.credit2.weight, SCHED_DEFAULT_WEIGHT);
    ck_assert_uint_eq(s->u.credit2.cap, 0);
    s->sched_id = XEN_SCHEDULER_CREDIT;
    ck_assert_int_eq(domctl(XEN_DOMCTL_scheduler_op, 1), -EINVAL);
    s->sched_id = XEN_SCHEDULER_CREDIT2;
    s->cmd = XEN_DOMCTL_SCHEDOP_getvcpuinfo;
    ck_assert_int_eq(domctl(XEN_DOMCTL_scheduler_op, 1), -EINVAL);
    /* d1 has three vCPUs: a cap up to 300%; the weight is set before the cap is refused. */
    s->cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    s->u.credit2.weight = 1000;
    s->u.credit2.cap = 301;
    ck_assert_int_eq(domctl(XEN_DOMCTL_scheduler_op, 1), -EINVAL);
    ck_assert_uint_eq(dom1->sched_weight, 1000);
    ck_assert_uint_eq(dom1->sched_cap, 0);
    s->u.credit2.weight = 0;
    s->u.credit2.cap = 300;
    ck_assert_int_eq(domctl(XEN_DOMCTL_scheduler_op, 1), 0);
    ck_assert_uint_eq(dom1->sched_weight, 1000);
    ck_assert_uint_eq(dom1->sched_cap, 300);
    s->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    ck_assert_int_eq(domctl(XEN_DOMCTL_scheduler_op, 1), 0);
    ck_assert_uint_eq(s->u.credit2.weight, 1000);
    ck_assert_uint_eq(s->u.credit2.cap, 300);
}
END_TEST

/* shadow_op as Xen without shadow paging; set_virq_handler; resumedomain; the rest. */
START_TEST(test_other_commands)
{
    static uint8_t bitmap[4];
    struct xen_domctl_shadow_op *s = &op.u.shadow_op;

    fake_guest_memory_add(bitmap, sizeof(bitmap));
    *s = (struct xen_domctl_shadow_op){ .op = XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION, .mb = 9 };
    ck_assert_int_eq(domctl(XEN_DOMCTL_shadow_op, 0), -EINVAL); /* on itself */
    ck_assert_int_eq(domctl(XEN_DOMCTL_shadow_op, 1), -EINVAL);
    ck_assert_uint_eq(s->mb, 9);
    memset(bitmap, 0xff, sizeof(bitmap));
    *s = (struct xen_domctl_shadow_op){ .op = XEN_DOMCTL_SHADOW_OP_CLEAN,
                                        .dirty_bitmap = (uint64_t)bitmap,
                                        .pages = 20,
                                        .fault_count = 3 };
    ck_assert_int_eq(domctl(XEN_DOMCTL_shadow_op, 1), 0);
    ck_assert_uint_eq(bitmap[0] | bitmap[1] | bitmap[2], 0);
    ck_assert_uint_eq(bitmap[3], 0xff);
    ck_assert_uint_eq(s->fault_count, 0);
    s->pages = 64; /* past the bitmap */
    ck_assert_int_eq(domctl(XEN_DOMCTL_shadow_op, 1), -EFAULT);
    s->mode = 2;
    ck_assert_int_eq(domctl(XEN_DOMCTL_shadow_op, 1), -EINVAL);
    *s = (struct xen_domctl_shadow_op){ .op = XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY };
    ck_assert_int_eq(domctl(XEN_DOMCTL_shadow_op, 1), -EOPNOTSUPP);

    op.u.set_virq_handler.virq = VIRQ_TIMER;
    ck_assert_int_eq(domctl(XEN_DOMCTL_set_virq_handler, 1), -EINVAL);
    op.u.set_virq_handler.virq = NR_VIRQS;
    ck_assert_int_eq(domctl(XEN_DOMCTL_set_virq_handler, 1), -EINVAL);
    op.u.set_virq_handler.virq = VIRQ_DOM_EXC;
    ck_assert_int_eq(domctl(XEN_DOMCTL_set_virq_handler, 1), 0);
    op.u.set_virq_handler.virq = VIRQ_DOM_EXC;
    ck_assert_int_eq(domctl(XEN_DOMCTL_set_virq_handler, 0), 0);

    ck_assert_int_eq(domctl(XEN_DOMCTL_resumedomain, 0), -EINVAL);
    ck_assert_int_eq(domctl(XEN_DOMCTL_resumedomain, 1), 0);

    ck_assert_int_eq(domctl(XEN_DOMCTL_gethvmcontext, 1), -EINVAL);
    ck_assert_int_eq(domctl(XEN_DOMCTL_test_assign_device, DOMID_INVALID), -EOPNOTSUPP);
    ck_assert_int_eq(domctl(XEN_DOMCTL_assign_device, DOMID_IO), -EOPNOTSUPP);
    ck_assert_int_eq(domctl(XEN_DOMCTL_assign_device, DOMID_INVALID), -ESRCH);
    ck_assert_int_eq(domctl(XEN_DOMCTL_psr_cmt_op, 1), -ENODEV);
    ck_assert_int_eq(domctl(XEN_DOMCTL_gettscinfo, 1), -ENOSYS);
    memset(&op.u, 0, sizeof(op.u));
    op.u.set_target.target = 1;
    ck_assert_int_eq(domctl(XEN_DOMCTL_set_target, 1), -EINVAL);
    op.u.set_target.target = 5;
    ck_assert_int_eq(domctl(XEN_DOMCTL_set_target, 1), -EOPNOTSUPP);
    op.u.set_target.target = 77;
    ck_assert_int_eq(domctl(XEN_DOMCTL_set_target, 1), -ESRCH);
}
END_TEST

/* A domain that shut down (suspended) runs again, its reason forgotten. */
START_TEST(test_resumedomain_after_suspend)
{
    ck_assert_int_eq(createdomain(0, 1), 0);
    domid_t id = op.domain;
    struct domain *d = domain_lookup(id);

    domain_shutdown(d, SHUTDOWN_suspend);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, id), 0);
    ck_assert_uint_eq(op.u.getdomaininfo.flags & XEN_DOMINF_shutdown, XEN_DOMINF_shutdown);
    ck_assert_int_eq(domctl(XEN_DOMCTL_resumedomain, id), 0);
    ck_assert_int_eq(domctl(XEN_DOMCTL_getdomaininfo, id), 0);
    ck_assert_uint_eq(op.u.getdomaininfo.flags & XEN_DOMINF_shutdown, 0);
    ck_assert_uint_eq(op.u.getdomaininfo.flags >> XEN_DOMINF_shutdownshift, 0xffff);
    domain_put(d);
    ck_assert_int_eq(domctl(XEN_DOMCTL_destroydomain, id), 0);
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
    tcase_add_test(tc, test_vcpucontext);
    tcase_add_test(tc, test_hypercall_init);
    tcase_add_test(tc, test_getpageframeinfo3);
    tcase_add_test(tc, test_vcpuaffinity);
    tcase_add_test(tc, test_scheduler_op);
    tcase_add_test(tc, test_other_commands);
    tcase_add_test(tc, test_resumedomain_after_suspend);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
