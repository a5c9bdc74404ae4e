/*
 * public/vcpu.h - vcpu_op(cmd, vcpuid, arg) (hypercall 24).
 *
 * Bring vCPUs up and down, query their run state, run per-vCPU timers and
 * move a vCPU's vcpu_info out of shared_info (required for vCPUs >= 32).
 */
#ifndef PUBLIC_VCPU_H
#define PUBLIC_VCPU_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

#define VCPUOP_initialise                     0  /* arg: vcpu_guest_context; once per vCPU */
#define VCPUOP_up                             1  /* arg NULL: start an initialised vCPU */
#define VCPUOP_down                           2  /* arg NULL: stop the vCPU */
#define VCPUOP_is_up                          3  /* arg NULL: returns 1 if running, else 0 */
#define VCPUOP_get_runstate_info              4  /* arg: struct vcpu_runstate_info (OUT) */
#define VCPUOP_register_runstate_memory_area  5  /* arg: vcpu_register_runstate_memory_area */
#define VCPUOP_set_periodic_timer             6  /* arg: struct vcpu_set_periodic_timer */
#define VCPUOP_stop_periodic_timer            7  /* arg NULL */
#define VCPUOP_set_singleshot_timer           8  /* arg: struct vcpu_set_singleshot_timer */
#define VCPUOP_stop_singleshot_timer          9  /* arg NULL */
#define VCPUOP_register_vcpu_info             10 /* arg: struct vcpu_register_vcpu_info */
#define VCPUOP_send_nmi                       11 /* arg NULL */
#define VCPUOP_get_physid                     12 /* arg: struct vcpu_get_physid (dom0) */
#define VCPUOP_register_vcpu_time_memory_area 13 /* arg: struct vcpu_register_time_memory_area */

/* vcpu_runstate_info.state */
#define RUNSTATE_running  0 /* running on a physical CPU */
#define RUNSTATE_runnable 1 /* ready, waiting for a physical CPU */
#define RUNSTATE_blocked  2 /* waiting for an event */
#define RUNSTATE_offline  3 /* down or paused */

/* Set in state_entry_time while Xen updates the area (VMASST runstate_update_flag). */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

struct vcpu_runstate_info {
    int32_t state;             /* RUNSTATE_* */
    uint32_t _pad;             /* padding */
    uint64_t state_entry_time; /* system time (ns) when state was entered */
    uint64_t time[4];          /* ns spent in each RUNSTATE_* */
};
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "runstate size");
_Static_assert(offsetof(struct vcpu_runstate_info, state_entry_time) == 8,
               "runstate state_entry_time");
_Static_assert(offsetof(struct vcpu_runstate_info, time) == 16, "runstate time");

struct vcpu_register_runstate_memory_area {
    uint64_t addr; /* guest pointer to a vcpu_runstate_info Xen keeps updated */
};
_Static_assert(sizeof(struct vcpu_register_runstate_memory_area) == 8, "runstate area size");

struct vcpu_set_periodic_timer {
    uint64_t period_ns; /* period in ns (>= 1 ms) */
};
_Static_assert(sizeof(struct vcpu_set_periodic_timer) == 8, "periodic timer size");

#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future) /* deadline must be in the future */

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns; /* absolute system time deadline in ns */
    uint32_t flags;          /* VCPU_SSHOTTMR_* */
    uint32_t _pad;           /* padding */
};
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16, "singleshot timer size");
_Static_assert(offsetof(struct vcpu_set_singleshot_timer, flags) == 8, "singleshot flags");

struct vcpu_register_vcpu_info {
    uint64_t mfn;    /* frame that will hold the vcpu_info */
    uint32_t offset; /* byte offset in that frame (8-aligned, <= 4096 - 64) */
    uint32_t rsvd;   /* must be zero */
};
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16, "register_vcpu_info size");
_Static_assert(offsetof(struct vcpu_register_vcpu_info, offset) == 8, "register_vcpu_info offset");

struct vcpu_get_physid {
    uint64_t phys_id; /* OUT: low 32 bits APIC id, high 32 bits ACPI id */
};
_Static_assert(sizeof(struct vcpu_get_physid) == 8, "get_physid size");

#define xen_vcpu_physid_to_x86_apicid(id) ((uint32_t)(id))
#define xen_vcpu_physid_to_x86_acpiid(id) ((uint32_t)((id) >> 32))

struct vcpu_register_time_memory_area {
    uint64_t addr; /* guest pointer to an extra vcpu_time_info copy */
};
_Static_assert(sizeof(struct vcpu_register_time_memory_area) == 8, "time area size");

typedef struct vcpu_runstate_info vcpu_runstate_info_t;
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
typedef struct vcpu_get_physid vcpu_get_physid_t;
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;

#endif /* PUBLIC_VCPU_H */
