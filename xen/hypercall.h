/*
 * Hypercall dispatch.  Every handler takes up to five 64-bit arguments
 * (RDI, RSI, RDX, R10, R8) and returns a value for RAX: >= 0, or -errno.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include "xen/lib.h"

/* Internal only: "re-execute this hypercall", never seen by a guest. */
#define ERESTART 85

typedef long hypercall_fn(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/* Run hypercall nr; -ENOSYS for numbers nobody implements. */
long hypercall_dispatch(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                        uint64_t a5);

/*
 * Ask to be re-entered with these arguments (a long operation recording its
 * progress).  Returns -ERESTART for the handler to return; the caller of the
 * dispatch knows a continuation by current->continuation, never by the
 * value (HYPERVISOR_iret returns whatever RAX the guest had).
 */
long hypercall_continuation(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/*
 * Should a long operation stop here and continue itself?  Deterministic:
 * true once per HYPERCALL_WORK_BUDGET calls within one hypercall (the
 * count restarts at every dispatch and continuation), so no call runs for
 * longer than that many units of work.  Callers check it between units,
 * never before the first, so every call makes progress.
 */
#define HYPERCALL_WORK_BUDGET 256
bool hypercall_preempt_check(void);
void hypercall_work_reset(void);

/* The core's handlers, by family (one file each); the arch's are in xen/arch/hypercalls.h. */
hypercall_fn do_console_io;                                          /* xen/console_io.c */
hypercall_fn do_xen_version;                                         /* xen/xen_version.c */
hypercall_fn do_sched_op;                                            /* xen/sched_op.c */
hypercall_fn do_vm_assist;                                           /* xen/vm_assist.c */
hypercall_fn do_event_channel_op, do_event_channel_op_compat;        /* xen/event_channel.c */
hypercall_fn do_mmu_update, do_mmuext_op;                            /* xen/mmu.c */
hypercall_fn do_update_va_mapping, do_update_va_mapping_otherdomain; /* xen/mmu.c */
hypercall_fn do_memory_op;                                           /* xen/memory.c */
hypercall_fn do_vcpu_op, do_set_timer_op;                            /* xen/vcpu_op.c */
hypercall_fn do_xenpmu_op;                                           /* xen/xenpmu.c */
hypercall_fn do_multicall;                                           /* xen/multicall.c */
hypercall_fn do_platform_op;                                         /* xen/platform_op.c */
hypercall_fn do_grant_table_op;                                      /* xen/grant_table.c */
hypercall_fn do_domctl;                                              /* xen/domctl.c */
hypercall_fn do_sysctl;                                              /* xen/sysctl.c */

#endif
