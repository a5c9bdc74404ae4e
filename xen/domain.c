/*
 * Domain and vCPU lifetime.
 *
 * Invariants: a domain is on domain_list from creation until its last
 * reference is dropped; every frame on its page_list has owner == d and is
 * counted in tot_pages; tot_pages <= max_pages.  Lookups take a reference.
 */
#include "public/sched.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/cpu_policy.h"
#include "xen/domain.h"
#include "xen/event_channel.h"
#include "xen/grant_table.h"
#include "xen/hypercall.h"
#include "xen/memory.h"
#include "xen/page_alloc.h"
#include "xen/page_types.h"
#include "xen/pagetable.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/sched_op.h"
#include "xen/time.h"
#include "xen/vcpu_op.h"
#include "xen/xmalloc.h"

#define REAP_RETRY_NS (1000UL * 1000) /* 1 ms */

static struct list_head domain_list = LIST_HEAD_INIT(domain_list);
static spinlock_t domlist_lock = SPINLOCK_INIT;

static struct domain *find_domain(domid_t id)
{
    struct domain *d;

    list_for_each_entry(d, &domain_list, struct domain, domain_list)
        if (d->domain_id == id)
            return d;
    return NULL;
}

void domain_for_each(void (*fn)(struct domain *d))
{
    struct domain *d;

    spin_lock(&domlist_lock);
    list_for_each_entry(d, &domain_list, struct domain, domain_list)
        fn(d);
    spin_unlock(&domlist_lock);
}

static int vcpus_create(struct domain *d, unsigned nr)
{
    d->vcpus = xmalloc(nr * sizeof(*d->vcpus));
    if (!d->vcpus)
        return -ENOMEM;
    d->max_vcpus = nr;
    for (unsigned i = 0; i < nr; i++) {
        struct vcpu *v = xmalloc_obj(struct vcpu);
        if (!v)
            return -ENOMEM;
        v->vcpu_id = i;
        v->domain = d;
        d->vcpus[i] = v;
        sched_vcpu_add(v, sched_pick_cpu());
        vcpu_timers_init(v);
        /* Past the shared_info slots, a placeholder until the guest registers one. */
        v->vcpu_info = i < XEN_LEGACY_MAX_VCPUS
                           ? &d->shared_info->vcpu_info[i]
                           : (v->vcpu_info_placeholder = xmalloc_obj(struct vcpu_info));
        if (!v->vcpu_info)
            return -ENOMEM;
        v->vcpu_info->evtchn_upcall_mask = 1;
        if (arch_vcpu_create(v))
            return -ENOMEM;
    }
    return 0;
}

static void domain_free(struct domain *d)
{
    /* No watchdog may fire at a domain on its way out. */
    sched_watchdog_kill(d);
    evtchn_destroy(d); /* no peer may still point at d */
    evtchn_destroy_final(d);
    grant_table_destroy(d);
    for (unsigned i = 0; d->vcpus && i < d->max_vcpus; i++)
        if (d->vcpus[i]) {
            vcpu_timers_kill(d->vcpus[i]);
            sched_vcpu_remove(d->vcpus[i]);
        }
    for (unsigned i = 0; d->vcpus && i < d->max_vcpus; i++) {
        if (d->vcpus[i]) {
            arch_vcpu_destroy(d->vcpus[i]);
            xfree(d->vcpus[i]->vcpu_info_placeholder);
        }
        xfree(d->vcpus[i]);
    }
    xfree(d->vcpus);
    arch_domain_destroy(d);
    cpu_policy_domain_free(d);
    page_free_dying(d);
    /* Still mapped by another domain: better lost than handed out again. */
    if (d->shared_info_page && !(d->shared_info_page->count_info & PGC_count_mask))
        free_pages(d->shared_info_page, 0);
    xfree(d);
}

struct domain *domain_create(domid_t id, unsigned max_vcpus, bool privileged)
{
    struct domain *d;
    const struct domain_config config = { .max_vcpus = max_vcpus,
                                          .max_grant_frames = GNTTAB_DEFAULT_MAX_FRAMES,
                                          .max_maptrack_frames = GNTTAB_DEFAULT_MAX_MAPTRACK_FRAMES,
                                          .privileged = privileged };

    return domain_create_config(id, &config, &d) ? NULL : d;
}

int domain_create_config(domid_t id, const struct domain_config *config, struct domain **out)
{
    struct domain *d;
    int rc;

    *out = NULL;
    if (id >= DOMID_FIRST_RESERVED || config->max_vcpus == 0 || config->max_vcpus > MAX_VCPUS)
        return -EINVAL;
    d = xmalloc_obj(struct domain);
    if (!d)
        return -ENOMEM;
    d->domain_id = id;
    d->refcount = 1;    /* the domain list's reference */
    d->pause_count = 1; /* created paused; the builder unpauses */
    d->is_privileged = config->privileged;
    list_init(&d->page_list);
    list_init(&d->dying_freed);
    d->shared_info_page = alloc_pages(0);
    if (!d->shared_info_page || arch_domain_create(d)) {
        domain_free(d);
        return -ENOMEM;
    }
    d->shared_info = arch_mfn_to_virt(page_to_mfn(d->shared_info_page));
    memset(d->shared_info, 0, PAGE_SIZE);
    page_share_xen(d->shared_info_page, d);
    time_set_wallclock(d);
    rc = vcpus_create(d, config->max_vcpus);
    if (!rc)
        rc = evtchn_init(d);
    if (!rc)
        rc = grant_table_init(d, config->max_grant_frames, config->max_maptrack_frames);
    if (rc) {
        domain_free(d);
        return rc;
    }
    spin_lock(&domlist_lock);
    if (find_domain(id)) {
        spin_unlock(&domlist_lock);
        domain_free(d);
        return -EEXIST;
    }
    list_add_tail(&d->domain_list, &domain_list);
    spin_unlock(&domlist_lock);
    *out = d;
    return 0;
}

/* Take a reference unless the count is already 0: true if taken. */
static bool ref_if_nonzero(unsigned *count)
{
    unsigned seen = __atomic_load_n(count, __ATOMIC_RELAXED);

    do {
        if (!seen)
            return false;
    } while (!__atomic_compare_exchange_n(count, &seen, seen + 1, false, __ATOMIC_ACQUIRE,
                                          __ATOMIC_RELAXED));
    return true;
}

struct domain *domain_lookup(domid_t id)
{
    struct domain *d;

    spin_lock(&domlist_lock);
    d = find_domain(id);
    /*
     * A domain whose last reference is going (domain_put dropped it to 0
     * and waits for this lock to unlink it) is not found: it must not come
     * back to life and be freed twice.
     */
    if (d && !ref_if_nonzero(&d->refcount))
        d = NULL;
    spin_unlock(&domlist_lock);
    return d;
}

struct domain *domain_lookup_any(domid_t id)
{
    if (id != DOMID_SELF)
        return domain_lookup(id);
    domain_get(current->domain);
    return current->domain;
}

void domain_get(struct domain *d)
{
    /* Only a holder may take another reference: d cannot be on its way out. */
    ASSERT(__atomic_load_n(&d->refcount, __ATOMIC_RELAXED) > 0);
    __atomic_add_fetch(&d->refcount, 1, __ATOMIC_ACQUIRE);
}

void domain_put(struct domain *d)
{
    if (__atomic_sub_fetch(&d->refcount, 1, __ATOMIC_RELEASE))
        return;
    spin_lock(&domlist_lock);
    list_del(&d->domain_list);
    spin_unlock(&domlist_lock);
    domain_free(d);
}

int domain_assign_page(struct domain *d, struct page_info *pg)
{
    int rc = -ENOMEM;

    /* A frame fresh from the allocator: nobody's, unreferenced. */
    ASSERT(!pg->owner && !(pg->count_info & (PGC_free | PGC_count_mask)));
    spin_lock(&d->lock);
    if (d->tot_pages < d->max_pages) {
        pg->owner = d;
        list_add_tail(&pg->list, &d->page_list);
        d->tot_pages++;
        rc = 0;
    }
    spin_unlock(&d->lock);
    return rc;
}

void domain_pause(struct domain *d)
{
    __atomic_add_fetch(&d->pause_count, 1, __ATOMIC_ACQ_REL);
    sched_domain_kick(d);
}

void domain_unpause(struct domain *d)
{
    BUG_ON(d->pause_count == 0);
    __atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_ACQ_REL);
    sched_domain_kick(d);
}

/*
 * One step of taking d apart, for the reaper and for XEN_DOMCTL_destroydomain:
 * once none of its vCPUs is on a CPU, it gives up its ports, its descriptor
 * and vcpu_info frames and its memory, and the domain list's reference.
 * -ERESTART: a vCPU is still on a CPU, call again.  -EAGAIN: only frames
 * others still map are left, call again once they may have let go.
 */
static int domain_release(struct domain *d)
{
    for (unsigned i = 0; i < d->max_vcpus; i++)
        if (d->vcpus[i]->sched_on_cpu)
            return -ERESTART;
    if (d->state != DOMAIN_DYING) {
        d->state = DOMAIN_DYING;
        evtchn_destroy(d);
        for (unsigned i = 0; i < d->max_vcpus; i++) {
            struct vcpu *v = d->vcpus[i];
            if (v->vcpu_info_mfn)
                put_page_and_type(mfn_to_page(v->vcpu_info_mfn));
            v->vcpu_info_mfn = 0;
        }
        arch_domain_relinquish(d);
        grant_table_relinquish(d);
    }
    /* One full pass drops every reference d holds; after it, only others' remain to go. */
    if (!d->relinquished) {
        domain_relinquish_memory(d);
        d->relinquished = true;
    }
    page_free_dying(d);
    spin_lock(&d->lock);
    uint64_t left = d->tot_pages;
    spin_unlock(&d->lock);
    if (left)
        return -EAGAIN;
    memory_domain_destroy(d);
    printk("Domain %u destroyed: all its frames are free (%lu free in all)\n", d->domain_id,
           page_alloc_free_count());
    d->dead = true;
    domain_put(d);
    return 0;
}

/* Retry until d is gone; d may be freed by the last step. */
static void domain_reap(void *data)
{
    struct domain *d = data;

    if (domain_release(d))
        timer_set(&d->reaper, now_ns() + REAP_RETRY_NS);
}

/* Called once d->reaping was set under d->lock. */
static void reaper_start(struct domain *d)
{
    timer_init(&d->reaper, domain_reap, d, arch_cpu_id());
    timer_set(&d->reaper, now_ns());
}

int domain_kill(struct domain *d)
{
    bool first;
    int rc;

    if (d == current->domain)
        return -EINVAL;
    /* Under d->lock: a concurrent shutdown starts the reaper only for a domain not killed. */
    spin_lock(&d->lock);
    if (d->dead || d->reaping) {
        spin_unlock(&d->lock);
        return 0; /* destroyed already, or the reaper sees to it */
    }
    first = !d->killed;
    d->killed = true;
    spin_unlock(&d->lock);
    if (first)
        domain_pause(d);
    rc = domain_release(d);
    if (rc == -EAGAIN) {
        spin_lock(&d->lock);
        d->reaping = true;
        spin_unlock(&d->lock);
        reaper_start(d); /* others' mappings of its frames may take a while to go */
        rc = 0;
    }
    return rc;
}

/* The first reason given, by SCHEDOP_shutdown_code or a shutdown, is the one reported (as Xen). */
static void shutdown_reason_set(struct domain *d, unsigned reason)
{
    ASSERT(spin_is_locked(&d->lock));
    if (!d->shutdown_code_set) {
        d->shutdown_reason = reason;
        d->shutdown_code_set = true;
    }
}

void domain_set_shutdown_code(struct domain *d, unsigned reason)
{
    spin_lock(&d->lock);
    shutdown_reason_set(d, reason);
    spin_unlock(&d->lock);
}

void domain_shutdown(struct domain *d, unsigned reason)
{
    bool first, reap;

    spin_lock(&d->lock);
    shutdown_reason_set(d, reason);
    first = d->state == DOMAIN_ACTIVE;
    if (first)
        d->state = DOMAIN_SHUTDOWN;
    /* A boot-time domU is destroyed as xl's on_poweroff would; the toolstack's stay. */
    reap = first && d->domain_id != 0 && !d->toolstack_owned && !d->killed;
    if (reap)
        d->reaping = true;
    spin_unlock(&d->lock);
    if (!first)
        return;
    for (unsigned i = 0; i < d->max_vcpus; i++)
        vcpu_timers_stop(d->vcpus[i]);
    sched_domain_kick(d);
    if (d->domain_id != 0)
        evtchn_raise_global_virq(VIRQ_DOM_EXC); /* tell the toolstack */
    if (reap)
        reaper_start(d);
    arch_domain_shutdown(d);
}

void domain_crash(struct domain *d, const char *why)
{
    printk(LOG_ERR "Domain %u crashed: %s\n", d->domain_id, why);
    domain_shutdown(d, SHUTDOWN_crash);
}
