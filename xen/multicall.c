/*
 * multicall (hypercall 13): a list of hypercalls run in order in one
 * trip, each entry's result written back into it.  As on Xen 4.17:
 *
 *  - a multicall inside a multicall is refused (that entry's result is
 *    -EINVAL);
 *  - an iret entry is the iret hypercall: it returns to the guest through
 *    the frame on the guest's stack, so the list ends there, and the
 *    multicall returns the entry's result (the frame's RAX) cut to an int,
 *    as Xen's does;
 *  - an entry that cannot be read, or whose result cannot be written
 *    back, ends the multicall with -EFAULT;
 *  - an entry whose own hypercall continues itself has its new arguments
 *    written back into the entry, and the multicall continues from that
 *    entry; the multicall also stops for preemption between entries.
 */
#include "public/xen.h"
#include "xen/arch/cpu.h"
#include "xen/domain.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"

#define ENTRY_SIZE sizeof(struct multicall_entry)

static long run_entry(struct multicall_entry *call)
{
    if (call->op == __HYPERVISOR_multicall)
        return -EINVAL;
    return hypercall_dispatch(call->op, call->args[0], call->args[1], call->args[2], call->args[3],
                              call->args[4]);
}

long do_multicall(uint64_t list, uint64_t nr_calls, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct vcpu *v = current;
    struct multicall_entry call;

    nr_calls = (uint32_t)nr_calls;
    if (!guest_array_ok(list, nr_calls, ENTRY_SIZE))
        return -EFAULT;
    for (uint64_t i = 0; i < nr_calls; i++) {
        uint64_t entry = list + i * ENTRY_SIZE;

        /* Each entry restarts the work count: bound the entries instead. */
        if (i && i % HYPERCALL_WORK_BUDGET == 0)
            return hypercall_continuation(entry, nr_calls - i, 0, 0, 0);
        if (copy_from_guest(&call, entry, sizeof(call)))
            return -EFAULT;
        call.result = run_entry(&call);
        if (call.op == __HYPERVISOR_iret) {
            /* Best effort: the guest has already left for the frame's RIP. */
            (void)copy_to_guest(entry + offsetof(struct multicall_entry, result), &call.result,
                                sizeof(call.result));
            return (int)call.result;
        }
        if (v->continuation) {
            v->continuation = false;
            for (unsigned arg = 0; arg < 5; arg++)
                call.args[arg] = v->continuation_args[arg];
            if (copy_to_guest(entry, &call, sizeof(call)))
                return -EFAULT;
            return hypercall_continuation(entry, nr_calls - i, 0, 0, 0);
        }
        if (copy_to_guest(entry + offsetof(struct multicall_entry, result), &call.result,
                          sizeof(call.result)))
            return -EFAULT;
    }
    return 0;
}
