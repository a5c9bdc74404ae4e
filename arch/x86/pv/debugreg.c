/*
 * set_debugreg / get_debugreg (hypercalls 8 and 9): the vCPU's virtual
 * debug registers, with Xen 4.17's checks and fixed bits:
 *
 *  - the register number is an int; DR4 and DR5 are DR6 and DR7 (a PV
 *    guest's CR4.DE is always clear here), anything else is -ENODEV;
 *  - DR0-DR3 must hold guest addresses (-EPERM);
 *  - DR6 and DR7 are 32 bits wide (-EINVAL above), their reserved bits
 *    forced to what the hardware reads; DR7's general detect is refused
 *    (-EPERM), and so are I/O breakpoints, which need CR4.DE (-EPERM).
 *
 * A DR7 that enables a breakpoint arms the hardware while the vCPU runs
 * (debugreg_load/unload, from the context switch); the DR6 a guest #DB
 * leaves is latched for get_debugreg.  The stored DR6/DR7 already carry
 * their fixed bits.
 */
#include "arch/x86/include/cpu.h"
#include "arch/x86/pv/domain.h"
#include "xen/arch/cpu.h"
#include "xen/arch/hypercalls.h"
#include "xen/guest_access.h"

#define DR6_DEFAULT     0xFFFF0FF0UL /* reserved bits that read as 1 */
#define DR6_ZEROS       0x1000UL     /* bit 12 reads as 0 */
#define DR7_DEFAULT     0x400UL      /* bit 10 reads as 1 */
#define DR7_ZEROS       0xD800UL     /* bits 11 (RTM, absent), 12, 14, 15 read as 0 */
#define DR7_GD          0x2000UL     /* general detect */
#define DR7_ENABLE_BITS 0xFFUL       /* L0-L3, G0-G3 */
#define DR7_RW_SHIFT    16           /* R/W0 at bits 16-17, then LEN0, R/W1, ... */
#define DR7_RW_IO       2            /* an I/O breakpoint */

/* The slot of reg in arch_vcpu.debugreg (DR0-3, DR6, DR7), or NULL. */
static uint64_t *debugreg(struct arch_vcpu *a, int reg)
{
    switch (reg) {
    case 0 ... 3:
        return &a->debugreg[reg];
    case 4: /* DR4 is DR6 while CR4.DE is clear */
    case 6:
        return &a->debugreg[4];
    case 5: /* DR5 is DR7 likewise */
    case 7:
        return &a->debugreg[5];
    default:
        return NULL;
    }
}

static bool is_dr6(int reg)
{
    return reg == 4 || reg == 6;
}

long do_get_debugreg(uint64_t reg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    int n = (int)reg;
    uint64_t *r = debugreg(avcpu(current), n);

    if (!r)
        return -ENODEV;
    if (n <= 3)
        return (long)*r;
    /* A vCPU that never set them reads the defaults. */
    return (long)(*r | (is_dr6(n) ? DR6_DEFAULT : DR7_DEFAULT));
}

/* Xen's checks on a DR7 value: 0, or the error. */
static long dr7_check(uint64_t value)
{
    if (value & DR7_GD)
        return -EPERM;
    if (!(value & DR7_ENABLE_BITS))
        return 0;
    for (unsigned i = 0; i < 4; i++)
        if (((value >> (DR7_RW_SHIFT + 4 * i)) & 3) == DR7_RW_IO)
            return -EPERM;
    return 0;
}

static bool armed(const struct arch_vcpu *a)
{
    return a->debugreg[5] & DR7_ENABLE_BITS;
}

void debugreg_load(const struct arch_vcpu *a)
{
    if (!armed(a))
        return;
    for (unsigned n = 0; n < 4; n++)
        write_dr(n, a->debugreg[n]);
    write_dr(6, a->debugreg[4] | DR6_DEFAULT);
    write_dr(7, a->debugreg[5]);
}

void debugreg_unload(struct arch_vcpu *a)
{
    if (!armed(a))
        return;
    write_dr(7, DR7_DEFAULT);
    debugreg_latch_dr6(a);
}

void debugreg_latch_dr6(struct arch_vcpu *a)
{
    if (armed(a))
        a->debugreg[4] = (read_dr6() | DR6_DEFAULT) & ~DR6_ZEROS;
}

long do_set_debugreg(uint64_t reg, uint64_t value, uint64_t a3, uint64_t a4, uint64_t a5)
{
    int n = (int)reg;
    uint64_t *r = debugreg(avcpu(current), n);
    long rc;

    if (!r)
        return -ENODEV;
    if (n <= 3) {
        if (!guest_addr_ok(value))
            return -EPERM;
        *r = value;
        debugreg_load(avcpu(current));
        return 0;
    }
    if (value >> 32)
        return -EINVAL;
    if (is_dr6(n)) {
        *r = (value | DR6_DEFAULT) & ~DR6_ZEROS;
        debugreg_load(avcpu(current));
        return 0;
    }
    value = (value & ~DR7_ZEROS) | DR7_DEFAULT;
    rc = dr7_check(value);
    if (rc)
        return rc;
    debugreg_unload(avcpu(current));
    *r = value;
    debugreg_load(avcpu(current));
    return 0;
}

/* Each register as set_debugreg would take it; one it refuses keeps its reset value. */
void debugreg_set_context(struct arch_vcpu *a, const uint64_t dr[8])
{
    uint64_t dr7 = (dr[7] & ~DR7_ZEROS) | DR7_DEFAULT;

    for (unsigned n = 0; n < 4; n++)
        a->debugreg[n] = guest_addr_ok(dr[n]) ? dr[n] : 0;
    a->debugreg[4] = dr[6] >> 32 ? 0 : (dr[6] | DR6_DEFAULT) & ~DR6_ZEROS;
    a->debugreg[5] = dr[7] >> 32 || dr7_check(dr7) ? 0 : dr7;
}

void debugreg_get_context(const struct arch_vcpu *a, uint64_t dr[8])
{
    memcpy(dr, a->debugreg, 4 * sizeof(dr[0]));
    dr[4] = dr[5] = 0;
    dr[6] = a->debugreg[4] | DR6_DEFAULT;
    dr[7] = a->debugreg[5] | DR7_DEFAULT;
}
