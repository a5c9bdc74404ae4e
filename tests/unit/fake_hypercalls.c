/*
 * The arch's hypercall handlers, on the host: each records that it was
 * reached and returns a value naming itself, so tests can check routing.
 */
#include "tests/unit/fake_hypercalls.h"
#include "xen/arch/hypercalls.h"

int fake_hypercall_last = -1;

#define FAKE_HANDLER(name, nr)                                                 \
    long name(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5) \
    {                                                                          \
        fake_hypercall_last = nr;                                              \
        return FAKE_HYPERCALL_RESULT(nr);                                      \
    }

FAKE_HANDLER(do_set_trap_table, 0)
FAKE_HANDLER(do_set_gdt, 2)
FAKE_HANDLER(do_update_descriptor, 10)
FAKE_HANDLER(do_stack_switch, 3)
FAKE_HANDLER(do_set_callbacks, 4)
FAKE_HANDLER(do_fpu_taskswitch, 5)
FAKE_HANDLER(do_iret, 23)
FAKE_HANDLER(do_set_segment_base, 25)
FAKE_HANDLER(do_callback_op, 30)
FAKE_HANDLER(do_physdev_op, 33)
FAKE_HANDLER(do_set_debugreg, 8)
FAKE_HANDLER(do_get_debugreg, 9)
