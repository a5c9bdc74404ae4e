/*
 * public/callback.h - callback_op(cmd, arg) (hypercall 30).
 *
 * Registers the guest entry points the hypervisor bounces into: event
 * upcalls, the failsafe path (bad segment on return), system calls from
 * guest user mode, and NMIs.  The x86_64 set_callbacks hypercall (4) is
 * the older form that registers event, failsafe and syscall at once.
 */
#ifndef PUBLIC_CALLBACK_H
#define PUBLIC_CALLBACK_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

#define CALLBACKTYPE_event               0 /* event channel upcall */
#define CALLBACKTYPE_failsafe            1 /* segment reload failed on return */
#define CALLBACKTYPE_syscall             2 /* 64-bit SYSCALL from guest user */
#define CALLBACKTYPE_sysenter_deprecated 3 /* old number of sysenter */
#define CALLBACKTYPE_nmi                 4 /* NMI (trap_ctxt[2], events masked) */
#define CALLBACKTYPE_sysenter            5 /* SYSENTER from 32-bit guest user */
/* 6 is unassigned */
#define CALLBACKTYPE_syscall32 7 /* SYSCALL from 32-bit guest user */

#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events  (1U << _CALLBACKF_mask_events) /* mask events on entry */

#define CALLBACKOP_register   0 /* arg: struct callback_register */
#define CALLBACKOP_unregister 1 /* arg: struct callback_unregister */

struct callback_register {
    uint16_t type;          /* CALLBACKTYPE_* */
    uint16_t flags;         /* CALLBACKF_* */
    uint32_t _pad;          /* padding */
    xen_callback_t address; /* entry point (guest virtual address) */
};
_Static_assert(sizeof(struct callback_register) == 16, "callback_register size");
_Static_assert(offsetof(struct callback_register, flags) == 2, "cb flags");
_Static_assert(offsetof(struct callback_register, address) == 8, "cb address");

struct callback_unregister {
    uint16_t type;    /* CALLBACKTYPE_* (only nmi may be removed) */
    uint16_t _unused; /* padding */
};
_Static_assert(sizeof(struct callback_unregister) == 4, "callback_unregister size");

typedef struct callback_register callback_register_t;
typedef struct callback_unregister callback_unregister_t;

#endif /* PUBLIC_CALLBACK_H */
