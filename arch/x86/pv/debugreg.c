/*
 * set_debugreg / get_debugreg (hypercalls 8 and 9): the vCPU's virtual
 * debug registers.  We keep and return the values with Xen's checks, but
 * do not arm hardware breakpoints: a DR7 that enables one is refused with
 * -EOPNOTSUPP rather than accepted and silently ignored.
 */
#include "arch/x86/pv/domain.h"
#include "xen/arch/cpu.h"
#include "xen/arch/hypercalls.h"
#include "xen/guest_access.h"

#define DR6_DEFAULT     0xFFFF0FF0UL
#define DR7_DEFAULT     0x400UL
#define DR7_ENABLE_BITS 0xFFUL /* L0-L3, G0-G3 */

static uint64_t *debugreg(struct arch_vcpu *a, uint64_t reg)
{
    switch (reg) {
    case 0 ... 3:
        return &a->debugreg[reg];
    case 6:
        return &a->debugreg[4];
    case 7:
        return &a->debugreg[5];
    default:
        return NULL;
    }
}

long do_get_debugreg(uint64_t reg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct arch_vcpu *a = avcpu(current);
    uint64_t *r = debugreg(a, reg);

    if (!r)
        return -EINVAL;
    if (reg == 6 || reg == 7)
        return (long)(*r | (reg == 6 ? DR6_DEFAULT : DR7_DEFAULT));
    return (long)*r;
}

long do_set_debugreg(uint64_t reg, uint64_t value, uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct arch_vcpu *a = avcpu(current);
    uint64_t *r = debugreg(a, reg);

    if (!r)
        return -EINVAL;
    if (reg <= 3 && !guest_addr_ok(value))
        return -EPERM;
    if ((reg == 6 || reg == 7) && (value >> 32))
        return -EPERM;
    if (reg == 7 && (value & DR7_ENABLE_BITS))
        return -EOPNOTSUPP;
    *r = value;
    return 0;
}
