/*
 * sched_op: a vCPU giving up the CPU or its domain stopping (ABI.md §12).
 * One vCPU per machine for now: yield returns at once; blocking and
 * polling come with the scheduler.
 */
#include "public/sched.h"
#include "xen/arch.h"
#include "xen/domain.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"

long do_sched_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct sched_shutdown shutdown;

    switch ((int32_t)cmd) {
    case SCHEDOP_yield:
        return 0;
    case SCHEDOP_shutdown:
        if (copy_from_guest(&shutdown, arg, sizeof(shutdown)))
            return -EFAULT;
        domain_shutdown(current->domain, (uint8_t)shutdown.reason);
        return 0;
    case SCHEDOP_shutdown_code:
        if (copy_from_guest(&shutdown, arg, sizeof(shutdown)))
            return -EFAULT;
        current->domain->shutdown_reason = (uint8_t)shutdown.reason;
        return 0;
    }
    return -ENOSYS;
}
