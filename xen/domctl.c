/*
 * domctl (hypercall 36): the toolstack's control of one domain, with Xen
 * 4.17's framing.  The argument is copied in (-EFAULT), its version
 * checked (-EACCES), the target domain looked up by id (-ESRCH; DOMID_SELF
 * is not an id here), and only then the caller's right checked: Xen's
 * dummy XSM lets the control domain do everything (else -EPERM).  A
 * command nobody knows falls through, as on Xen, to the arch's handler,
 * which answers -ENOSYS.  The commands Xen has for what this machine
 * lacks (IOMMU, HVM, ...) answer as Xen does (xen/domctl_other.c).
 *
 * createdomain picks the id first (a given one in use: -EEXIST; 0 or a
 * reserved one: the next free one after the last picked, Xen's rover,
 * which moves on even when the request is then refused), then checks the
 * request as Xen 4.17 checks a PV domain's on a host without HVM, IOMMU,
 * vPMU, tboot or processor tracing.  Its vCPUs stay out of sight until
 * max_vcpus, where Xen makes them.  destroydomain is Xen's domain_kill:
 * refused on the caller's own domain, continued while it has work left.
 * The struct is copied back whole, only by the commands that return data.
 *
 * One lock serialises the commands (Xen's domctl_lock).
 */
#include "public/domctl.h"
#include "public/sched.h"
#include "xen/arch/cpu.h"
#include "xen/arch/cpu_features.h"
#include "xen/arch/mm.h"
#include "xen/cpu_policy.h"
#include "xen/domain.h"
#include "xen/domctl.h"
#include "xen/event_channel.h"
#include "xen/grant_table.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/page_types.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/spinlock.h"
#include "xen/time.h"

#define CONTROLLER_PAUSE_MAX  255   /* Xen's bound on pausedomain's count */
#define SHUTDOWN_CODE_INVALID (~0U) /* Xen's reason before any shutdown */

static spinlock_t domctl_lock = SPINLOCK_INIT;
static uint64_t domctl_arg; /* the command's guest address, under domctl_lock */

/* domain_for_each's search for domctl_domain_next, under next_lock. */
static spinlock_t next_lock = SPINLOCK_INIT;
static domid_t next_from, next_found;

static void next_candidate(struct domain *d)
{
    if (d->domain_id >= next_from && d->domain_id < next_found)
        next_found = d->domain_id;
}

struct domain *domctl_domain_next(domid_t id)
{
    for (;;) {
        struct domain *d;
        domid_t found;

        spin_lock(&next_lock);
        next_from = id;
        next_found = DOMID_INVALID;
        domain_for_each(next_candidate);
        found = next_found;
        spin_unlock(&next_lock);
        if (found == DOMID_INVALID)
            return NULL;
        d = domain_lookup(found);
        if (d)
            return d;
        id = found + 1; /* it went meanwhile: look further up */
    }
}

void domctl_getdomaininfo(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    uint32_t flags = XEN_DOMINF_blocked;
    unsigned reason = d->shutdown_code_set ? d->shutdown_reason : SHUTDOWN_CODE_INVALID;

    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    for (unsigned i = 0; !d->vcpus_hidden && i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpus[i];
        struct vcpu_runstate_info rs;
        unsigned pause_flags = __atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE);

        vcpu_runstate_get(v, &rs);
        info->cpu_time += rs.time[RUNSTATE_running];
        info->max_vcpu_id = v->vcpu_id;
        if (pause_flags & VPF_down)
            continue;
        if (!(pause_flags & VPF_blocked))
            flags &= ~XEN_DOMINF_blocked;
        if (__atomic_load_n(&v->sched_running, __ATOMIC_ACQUIRE))
            flags |= XEN_DOMINF_running;
        info->nr_online_vcpus++;
    }
    info->flags = (info->nr_online_vcpus ? flags : 0) |
                  (d->state == DOMAIN_DYING ? XEN_DOMINF_dying : 0) |
                  (d->state != DOMAIN_ACTIVE ? XEN_DOMINF_shutdown : 0) |
                  (d->controller_pause_count ? XEN_DOMINF_paused : 0) |
                  (d->debugger_attached ? XEN_DOMINF_debugged : 0) |
                  (d->is_xenstore ? XEN_DOMINF_xs_domain : 0) | reason << XEN_DOMINF_shutdownshift;
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    /* A PV domain's frame numbers are machine frames. */
    info->shared_info_frame = page_to_mfn(d->shared_info_page);
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->gpaddr_bits = arch_guest_paddr_bits();
    /* Xen gives its PV dom0 the PIT; our other domains are built without one. */
    info->arch_config.emulation_flags = d->domain_id == 0 ? XEN_X86_EMU_PIT : d->emulation_flags;
}

static long getdomaininfo(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    domctl_getdomaininfo(d, &op->u.getdomaininfo);
    op->domain = op->u.getdomaininfo.domain;
    *copyback = true;
    return 0;
}

static long pausedomain(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    if (d == current->domain)
        return -EINVAL; /* it could never unpause itself */
    if (d->controller_pause_count >= CONTROLLER_PAUSE_MAX)
        return -EOVERFLOW;
    d->controller_pause_count++;
    domain_pause(d);
    return 0;
}

static long unpausedomain(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    if (!d->controller_pause_count)
        return -EINVAL; /* the toolstack holds no pause of it */
    d->controller_pause_count--;
    if (!d->controller_pause_count)
        d->creation_finished = true;
    domain_unpause(d);
    return 0;
}

/*
 * Xen's domain_resume: a domain that shut down (suspended, typically)
 * runs again, its shutdown code forgotten; on a running domain only the
 * code (SCHEDOP_shutdown_code's) is forgotten.  One being destroyed stays
 * so, and a boot domain the reaper already took keeps going away.  The
 * timers the shutdown stopped stay stopped: a resumed guest sets its own.
 */
static long resumedomain(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    if (d == current->domain)
        return -EINVAL;
    spin_lock(&d->lock);
    if (d->state == DOMAIN_SHUTDOWN && !d->killed && !d->reaping)
        __atomic_store_n(&d->state, DOMAIN_ACTIVE, __ATOMIC_RELEASE);
    if (d->state != DOMAIN_DYING)
        d->shutdown_code_set = false;
    spin_unlock(&d->lock);
    sched_domain_kick(d);
    return 0;
}

static long set_virq_handler(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    return evtchn_set_global_virq_handler(d->domain_id, op->u.set_virq_handler.virq);
}

static long max_mem(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    uint64_t pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);

    /* Xen's max_pages is 32 bits wide; lowering it below tot_pages is allowed. */
    spin_lock(&d->lock);
    d->max_pages = MIN(pages, (uint64_t)UINT32_MAX);
    spin_unlock(&d->lock);
    return 0;
}

/* 4.17 fixes the count in createdomain and makes the vCPUs here: ours only show. */
static long max_vcpus(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    if (d == current->domain || op->u.max_vcpus.max != d->max_vcpus)
        return -EINVAL;
    d->vcpus_hidden = false;
    return 0;
}

static long setdomainhandle(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
    return 0;
}

static long settimeoffset(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    d->time_offset_seconds = op->u.settimeoffset.time_offset_seconds;
    time_set_wallclock(d);
    return 0;
}

static long setdebugging(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    if (d == current->domain)
        return -EINVAL; /* Xen pauses the domain to latch it */
    d->debugger_attached = op->u.setdebugging.enable != 0;
    return 0;
}

static long getvcpuinfo(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    struct xen_domctl_getvcpuinfo *info = &op->u.getvcpuinfo;
    struct vcpu_runstate_info rs;
    struct vcpu *v;
    unsigned pause_flags;

    if (info->vcpu >= d->max_vcpus)
        return -EINVAL;
    v = d->vcpus_hidden ? NULL : d->vcpus[info->vcpu];
    if (!v)
        return -ESRCH;
    vcpu_runstate_get(v, &rs);
    pause_flags = __atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE);
    info->online = !(pause_flags & VPF_down);
    info->blocked = !!(pause_flags & VPF_blocked);
    info->running = __atomic_load_n(&v->sched_running, __ATOMIC_ACQUIRE);
    info->cpu_time = rs.time[RUNSTATE_running];
    info->cpu = v->processor;
    *copyback = true;
    return 0;
}

static long get_address_size(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    op->u.address_size.size = 64; /* 64-bit PV only */
    *copyback = true;
    return 0;
}

/* 32 would switch to compat mode, which we lack, as a Xen built without 32-bit PV. */
static long set_address_size(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    switch (op->u.address_size.size) {
    case 64:
        return 0;
    case 32:
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
}

static bool domid_free(domid_t id)
{
    struct domain *d = domain_lookup(id);

    if (d)
        domain_put(d);
    return !d;
}

/* Xen's rover: the last id picked; the search starts after it and wraps to 1. */
static domid_t rover;

static long domid_pick(domid_t asked, domid_t *id)
{
    domid_t dom = rover;

    if (asked > 0 && asked < DOMID_FIRST_RESERVED) {
        *id = asked;
        return domid_free(asked) ? 0 : -EEXIST;
    }
    for (unsigned tries = 1; tries < DOMID_FIRST_RESERVED; tries++) {
        dom = dom + 1 == DOMID_FIRST_RESERVED ? 1 : dom + 1;
        if (dom != rover && domid_free(dom)) {
            rover = *id = dom;
            return 0;
        }
    }
    return -ENOMEM;
}

/* Xen 4.17's sanitise_domain_config, arch_sanitise_domain_config, then domain_create's. */
static long createdomain_check(const struct xen_domctl_createdomain *c)
{
    const uint32_t known = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_s3_integrity |
                           XEN_DOMCTL_CDF_oos_off | XEN_DOMCTL_CDF_xs_domain |
                           XEN_DOMCTL_CDF_iommu | XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu;
    unsigned grant_version = c->grant_opts & XEN_DOMCTL_GRANT_version_mask;

    if (c->flags & ~known || c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask || !c->max_vcpus)
        return -EINVAL;
    /* HAP needs HVM; no IOMMU, tracing or vPMU here, nor HVM; nested virt needs HAP. */
    if (c->flags & (XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_iommu | XEN_DOMCTL_CDF_vpmu |
                    XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_nested_virt) ||
        c->iommu_opts || c->vmtrace_size)
        return -EINVAL;
    if (c->max_vcpus > MAX_VCPUS || c->arch.misc_flags & ~XEN_X86_MSR_RELAXED)
        return -EINVAL;
    /* arch_domain_create: a PV domain may have the PIT and nothing else; no tboot for S3. */
    if (c->arch.emulation_flags & ~XEN_X86_EMU_PIT)
        return -EOPNOTSUPP;
    if (c->flags & XEN_DOMCTL_CDF_s3_integrity)
        return -EINVAL;
    /* grant_table_init: version 1 or 2 at most (ours: 1 only, as set_version says); sizes. */
    if (grant_version < 1 || grant_version > 2 || c->max_grant_frames == 0 ||
        c->max_grant_frames > GNTTAB_DEFAULT_MAX_FRAMES ||
        c->max_maptrack_frames > GNTTAB_DEFAULT_MAX_MAPTRACK_FRAMES)
        return -EINVAL;
    return c->cpupool_id ? -ESRCH : 0; /* Pool-0 is the only one */
}

static long createdomain(struct domain *unused, struct xen_domctl *op, bool *copyback)
{
    const struct xen_domctl_createdomain *c = &op->u.createdomain;
    struct domain_config config = { .max_vcpus = c->max_vcpus };
    struct domain *d;
    domid_t id;
    long rc = domid_pick(op->domain, &id);

    if (rc)
        return rc;
    rc = createdomain_check(c);
    if (rc)
        return rc;
    config.max_grant_frames =
        c->max_grant_frames < 0 ? GNTTAB_DEFAULT_MAX_FRAMES : (unsigned)c->max_grant_frames;
    config.max_maptrack_frames = c->max_maptrack_frames < 0 ? GNTTAB_DEFAULT_MAX_MAPTRACK_FRAMES
                                                            : (unsigned)c->max_maptrack_frames;
    rc = domain_create_config(id, &config, &d);
    if (rc)
        return rc;
    d->toolstack_owned = true;
    d->vcpus_hidden = true;
    d->controller_pause_count = 1; /* the creation's pause is the toolstack's to lift */
    d->emulation_flags = c->arch.emulation_flags;
    d->is_xenstore = c->flags & XEN_DOMCTL_CDF_xs_domain;
    memcpy(d->handle, c->handle, sizeof(d->handle));
    op->domain = id;
    *copyback = true;
    return 0;
}

long domctl_continue(void)
{
    return hypercall_continuation(domctl_arg, 0, 0, 0, 0);
}

static long destroydomain(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    long rc = domain_kill(d);

    /* Again with the same argument, until it is done (Xen's -ERESTART). */
    if (rc == -ERESTART)
        return domctl_continue();
    return rc;
}

static domctl_fn *const domctl_table[] = {
    [XEN_DOMCTL_createdomain] = createdomain,
    [XEN_DOMCTL_destroydomain] = destroydomain,

    [XEN_DOMCTL_pausedomain] = pausedomain,
    [XEN_DOMCTL_unpausedomain] = unpausedomain,
    [XEN_DOMCTL_getdomaininfo] = getdomaininfo,
    [XEN_DOMCTL_max_mem] = max_mem,
    [XEN_DOMCTL_getvcpuinfo] = getvcpuinfo,
    [XEN_DOMCTL_max_vcpus] = max_vcpus,
    [XEN_DOMCTL_setdomainhandle] = setdomainhandle,
    [XEN_DOMCTL_setdebugging] = setdebugging,
    [XEN_DOMCTL_settimeoffset] = settimeoffset,
    [XEN_DOMCTL_resumedomain] = resumedomain,
    [XEN_DOMCTL_set_address_size] = set_address_size,
    [XEN_DOMCTL_get_address_size] = get_address_size,
    [XEN_DOMCTL_set_virq_handler] = set_virq_handler,

    [XEN_DOMCTL_setvcpucontext] = domctl_setvcpucontext,
    [XEN_DOMCTL_getvcpucontext] = domctl_getvcpucontext,
    [XEN_DOMCTL_setvcpuaffinity] = domctl_setvcpuaffinity,
    [XEN_DOMCTL_getvcpuaffinity] = domctl_getvcpuaffinity,
    [XEN_DOMCTL_scheduler_op] = domctl_scheduler_op,

    [XEN_DOMCTL_hypercall_init] = domctl_hypercall_init,
    [XEN_DOMCTL_getpageframeinfo3] = domctl_getpageframeinfo3,
    [XEN_DOMCTL_shadow_op] = domctl_shadow_op,
    [XEN_DOMCTL_get_cpu_policy] = cpu_policy_domctl_get,
    [XEN_DOMCTL_set_cpu_policy] = cpu_policy_domctl_set,
};

/* getdomaininfo names the lowest domain with an id >= the one asked for. */
static long lookup(struct xen_domctl *op, struct domain **d)
{
    *d = NULL;
    if (op->cmd == XEN_DOMCTL_createdomain)
        return 0;
    /* Device assignment names DOMID_IO, or none to ask; there is no IOMMU to ask. */
    if ((op->domain == DOMID_IO &&
         (op->cmd == XEN_DOMCTL_assign_device || op->cmd == XEN_DOMCTL_deassign_device)) ||
        (op->domain == DOMID_INVALID && op->cmd == XEN_DOMCTL_test_assign_device))
        return 0;
    *d = domain_lookup(op->domain);
    if (*d || op->cmd == XEN_DOMCTL_getdomaininfo)
        return 0;
    return -ESRCH;
}

static long dispatch(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    domctl_fn *fn = op->cmd < ARRAY_SIZE(domctl_table) ? domctl_table[op->cmd] : NULL;

    if (!fn)
        fn = domctl_other(op->cmd);

    if (!fn) {
        printk(LOG_DEBUG "d%u v%u: domctl %u not implemented\n", current->domain->domain_id,
               current->vcpu_id, op->cmd);
        return -ENOSYS;
    }
    if (!d && op->cmd == XEN_DOMCTL_getdomaininfo) {
        long rc;
        if (op->domain >= DOMID_FIRST_RESERVED)
            return -EINVAL;
        d = domctl_domain_next(op->domain);
        if (!d)
            return -ESRCH;
        rc = fn(d, op, copyback);
        domain_put(d);
        return rc;
    }
    return fn(d, op, copyback);
}

long do_domctl(uint64_t arg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct xen_domctl op;
    struct domain *d;
    bool copyback = false;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    rc = lookup(&op, &d);
    if (rc)
        return rc;
    if (!current->domain->is_privileged) {
        rc = -EPERM;
    } else {
        spin_lock(&domctl_lock);
        domctl_arg = arg;
        rc = dispatch(d, &op, &copyback);
        spin_unlock(&domctl_lock);
    }
    if (d)
        domain_put(d);
    if (copyback && copy_to_guest(arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
