/*
 * xenpmu_op (hypercall 40): guest access to the performance counters.  We
 * offer none, and answer as Xen 4.17 does when started without vpmu=on
 * (its default): -EOPNOTSUPP for every sub-op.  Linux probes it at boot and
 * carries on without.
 */
#include "xen/hypercall.h"

long do_xenpmu_op(uint64_t op, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    return -EOPNOTSUPP;
}
