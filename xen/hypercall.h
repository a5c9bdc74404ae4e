/*
 * Hypercall dispatch.  Every handler takes up to five 64-bit arguments
 * (RDI, RSI, RDX, R10, R8) and returns a value for RAX: >= 0, or -errno.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include "xen/lib.h"

/* Internal only: "re-execute this hypercall", never seen by a guest. */
#define ERESTART    85

typedef long hypercall_fn(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/* Run hypercall nr; -ENOSYS for numbers nobody implements. */
long hypercall_dispatch(uint64_t nr, const uint64_t args[5]);

/*
 * Ask to be re-entered with these arguments (a long operation recording its
 * progress).  Returns -ERESTART for the handler to return.
 */
long hypercall_continuation(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/* The handlers, by family (one file each). */
hypercall_fn do_console_io, do_xen_version, do_sched_op, do_vm_assist;
hypercall_fn do_set_trap_table, do_set_callbacks, do_callback_op, do_stack_switch;
hypercall_fn do_fpu_taskswitch, do_set_segment_base, do_iret;

#endif
