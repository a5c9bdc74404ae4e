/*
 * The hypercalls the architecture implements itself (arch/x86/pv/): the
 * trap and callback families, segment bases, the iret, and the guest's
 * descriptor tables.  xen/hypercall.c puts them in the one table.
 */
#ifndef XEN_ARCH_HYPERCALLS_H
#define XEN_ARCH_HYPERCALLS_H

#include "xen/hypercall.h"

hypercall_fn do_set_trap_table, do_set_callbacks, do_callback_op, do_stack_switch; /* callbacks.c */
hypercall_fn do_fpu_taskswitch, do_set_segment_base, do_iret;                      /* callbacks.c */
hypercall_fn do_set_gdt, do_update_descriptor; /* descriptor_tables.c */
hypercall_fn do_physdev_op;                    /* physdev.c */
hypercall_fn do_set_debugreg, do_get_debugreg; /* debugreg.c */

#endif
