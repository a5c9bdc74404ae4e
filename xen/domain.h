/*
 * Domains and virtual CPUs.
 *
 * A domain owns frames (page_list, tot_pages <= max_pages), a shared_info
 * page and up to max_vcpus vCPUs.  Lifetime: created paused by the builder,
 * unpaused to run; shut down (reason recorded) by the guest or the
 * toolstack; then dying while its resources are released; freed when the
 * last reference goes.  Architecture state hangs off `arch`, opaque here.
 */
#ifndef XEN_DOMAIN_H
#define XEN_DOMAIN_H

#include "public/vcpu.h"
#include "public/xen.h"
#include "xen/lib.h"
#include "xen/list.h"
#include "xen/spinlock.h"
#include "xen/timer.h"

struct arch_domain;
struct arch_vcpu;
struct cpu_policy;
struct evtchn_table;
struct grant_table;
struct page_info;
struct xen_e820_entry;

enum domain_state {
    DOMAIN_ACTIVE,   /* running or paused */
    DOMAIN_SHUTDOWN, /* the guest stopped; reason in shutdown_reason */
    DOMAIN_DYING,    /* resources being released */
};

struct vcpu {
    unsigned vcpu_id;
    struct domain *domain;
    struct vcpu_info *vcpu_info;
    mfn_t guest_table;             /* kernel L4 (guest CR3), 0 = none */
    mfn_t guest_table_user;        /* user L4 (NEW_USER_BASEPTR), 0 = none */
    uint64_t continuation_args[5]; /* a preempted hypercall's new arguments */
    bool continuation;             /* hypercall_continuation() was called */
    unsigned hypercall_work;       /* units of work done in this hypercall */
    struct arch_vcpu *arch;

    /* Scheduler state (xen/sched.c), under the run queue lock of `processor`. */
    unsigned pause_flags;               /* VPF_*: why it may not run; 0 = it may */
    unsigned processor;                 /* the CPU whose run queue it belongs to */
    bool sched_queued;                  /* waiting on that run queue */
    bool sched_running;                 /* that CPU's current vCPU */
    bool sched_yield;                   /* gives way at the next pick (SCHEDOP_yield) */
    bool sched_on_cpu;                  /* its registers are live on a CPU (not saved) */
    uint64_t sched_vtime;               /* weighted ns run: the least runs next */
    struct vcpu *sched_next;            /* the run queue's link */
    struct vcpu_runstate_info runstate; /* time in each RUNSTATE_* so far */
    uint64_t affinity_hard;             /* CPUs it may run on (domctl; sched.c keeps to it) */
    uint64_t affinity_soft;             /* CPUs it prefers (domctl; recorded only) */

    /* Timers and registrations (xen/vcpu_op.c). */
    bool initialised;                        /* has a context: built, or VCPUOP_initialise */
    struct timer singleshot_timer;           /* set_timer_op, VCPUOP_set_singleshot_timer */
    struct timer periodic_timer;             /* VCPUOP_set_periodic_timer; 10 ms at start */
    uint64_t periodic_last;                  /* system time of its last tick */
    uint64_t periodic_period;                /* ns, 0 = stopped */
    struct timer poll_timer;                 /* SCHEDOP_poll's timeout */
    bool polling;                            /* asleep in SCHEDOP_poll */
    uint32_t poll_port;                      /* the one port it polls, 0 = any of several */
    mfn_t vcpu_info_mfn;                     /* VCPUOP_register_vcpu_info's frame, 0 = none */
    struct vcpu_info *vcpu_info_placeholder; /* vCPUs >= 32 until they register one */
    uint64_t runstate_guest;                 /* VCPUOP_register_runstate_memory_area, 0 = none */
    bool pin_override;                       /* SCHEDOP_pin_override in effect (recorded only) */
};

struct domain {
    domid_t domain_id;
    unsigned refcount;
    spinlock_t lock;
    enum domain_state state;
    unsigned pause_count;
    unsigned shutdown_reason;
    bool shutdown_code_set; /* shutdown_reason is final (set by the first code or shutdown) */
    bool is_privileged;     /* may use privileged operations (dom0) */
    struct list_head domain_list;

    struct list_head page_list; /* frames this domain owns */
    uint64_t tot_pages;
    uint64_t max_pages;
    struct shared_info *shared_info;
    struct page_info *shared_info_page;
    uint64_t vm_assist;          /* enabled VMASST_TYPE_* bits */
    struct xen_e820_entry *e820; /* pseudo-physical map (XENMEM_set_memory_map) */
    unsigned nr_e820;            /* its entries; 0 = none set */

    unsigned max_vcpus;
    struct vcpu **vcpus;
    struct evtchn_table *evtchn;     /* event-channel ports (xen/event_channel.c) */
    struct grant_table *grant_table; /* its grant entries and mappings (xen/grant_table.c) */
    struct arch_domain *arch;
    struct timer reaper;          /* destroys a stopped domU (domain.c) */
    bool reaping;                 /* the reaper timer is taking it apart */
    bool killed;                  /* domain_kill began: paused for good */
    bool dead;                    /* taken apart; the domain list's reference dropped */
    bool relinquished;            /* it let go of all it holds; others' references remain */
    struct list_head dying_freed; /* its frames released while dying (page_free_dying) */

    /* SCHEDOP_watchdog's timers (xen/sched_op.c), as many as Xen offers. */
    struct timer watchdog[2];
    unsigned watchdog_used; /* bit i: watchdog[i] is taken (under lock) */

    /* Scheduler parameters and cap accounting (xen/sched.c). */
    unsigned sched_weight;     /* share against others, 1..65535 (256) */
    unsigned sched_cap;        /* most % of one CPU per period, 0 = none */
    spinlock_t sched_cap_lock; /* guards the two below (a leaf lock) */
    uint64_t sched_cap_period; /* the period sched_cap_used counts */
    uint64_t sched_cap_used;   /* ns run in that period */

    /* The toolstack's view (xen/domctl.c). */
    xen_domain_handle_t handle;      /* XEN_DOMCTL_setdomainhandle's UUID */
    unsigned controller_pause_count; /* XEN_DOMCTL_pausedomain's count, at most 255 */
    int64_t time_offset_seconds;     /* XEN_DOMCTL_settimeoffset: added to the wall clock */
    bool debugger_attached;          /* XEN_DOMCTL_setdebugging */
    uint32_t emulation_flags;        /* createdomain's XEN_X86_EMU_* (PV: none or the PIT) */
    bool is_xenstore;                /* createdomain's XEN_DOMCTL_CDF_xs_domain */
    bool toolstack_owned;            /* made by createdomain: only destroydomain destroys it */
    bool vcpus_hidden;               /* createdomain's vCPUs, shown once max_vcpus asks (Xen) */
    struct cpu_policy *cpu_policy;   /* set_cpu_policy's; NULL: the PV default (cpu_policy.c) */
    bool creation_finished;          /* the toolstack let it run (Xen's flag of that name) */
};

#define MAX_VCPUS 128

/* What a domain is created with (XEN_DOMCTL_createdomain's checked request). */
struct domain_config {
    unsigned max_vcpus;           /* 1..MAX_VCPUS */
    unsigned max_grant_frames;    /* grant table frames, >= 1 */
    unsigned max_maptrack_frames; /* its maptrack frames */
    bool privileged;
};

struct domain *domain_create(domid_t id, unsigned max_vcpus, bool privileged);
/* Created paused, empty (max_pages 0): 0, -EINVAL, -ENOMEM or -EEXIST (the id is taken). */
int domain_create_config(domid_t id, const struct domain_config *config, struct domain **out);
/*
 * Destroy d for the toolstack (Xen's domain_kill): -EINVAL for the caller's
 * own; -ERESTART to be called again; 0 once it is taken apart or being
 * (the last reference frees it).
 */
int domain_kill(struct domain *d);
struct domain *domain_lookup(domid_t id);     /* takes a reference; NULL if none */
struct domain *domain_lookup_any(domid_t id); /* the same, DOMID_SELF for the caller's */
void domain_get(struct domain *d);
void domain_put(struct domain *d);
void domain_shutdown(struct domain *d, unsigned reason);
void domain_set_shutdown_code(struct domain *d, unsigned reason); /* SCHEDOP_shutdown_code */
void domain_crash(struct domain *d, const char *why);
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

/* Frame ownership: give a free frame to d (counts against max_pages). */
int domain_assign_page(struct domain *d, struct page_info *pg);

/* Are these VMASST_TYPE_* bits all ones a guest may enable (xen/vm_assist.c)? */
bool vm_assist_valid(uint64_t bits);

/* Call fn for every domain, under the domain-list lock (fn must not take it). */
void domain_for_each(void (*fn)(struct domain *d));

#endif
