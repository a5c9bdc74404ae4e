/*
 * The fake arch's page-table entry format, unlike x86's on purpose (as
 * Hafnium's fake arch does), so that a core file assuming x86's bits fails
 * a host test.  Four levels of 512 entries, as on x86-64, but: the frame
 * number in the low 44 bits, flags from bit 63 down, and the cache
 * attribute an index (0 = write-back) instead of three flag bits.
 * fake_pte.c holds the rules (xen/arch/pte.h) over it.
 */
#ifndef TESTS_UNIT_FAKE_PTE_H
#define TESTS_UNIT_FAKE_PTE_H

#include <stdint.h>

#define FAKE_PTE_P          (1UL << 63) /* present */
#define FAKE_PTE_RW         (1UL << 62) /* writable */
#define FAKE_PTE_US         (1UL << 61) /* user-accessible */
#define FAKE_PTE_A          (1UL << 60) /* accessed */
#define FAKE_PTE_D          (1UL << 59) /* dirty */
#define FAKE_PTE_G          (1UL << 58) /* global */
#define FAKE_PTE_HUGE       (1UL << 57) /* a superpage, in an L2 or L3 */
#define FAKE_PTE_NX         (1UL << 56) /* no execute */
#define FAKE_PTE_KERNEL     (1UL << 55) /* the hypervisor's guest-kernel marker */
#define FAKE_PTE_ATTR_SHIFT 52          /* cache attribute index, 0..7 */
#define FAKE_PTE_ATTR_MASK  (7UL << 52)
#define FAKE_PTE_ATTR(i)    ((uint64_t)(i) << FAKE_PTE_ATTR_SHIFT)
#define FAKE_PTE_SOFT       (0xFFUL << 44) /* the guest's own bits */
#define FAKE_PTE_MFN_MASK   ((1UL << 44) - 1)

/*
 * Root-table slots of the hypervisor: the fake's hole in the address space
 * (asm/va_layout.h), wider than x86's, with the read-only M2P elsewhere.
 */
#define FAKE_PTE_HV_SLOT_FIRST 256
#define FAKE_PTE_HV_SLOT_LAST  287
#define FAKE_PTE_RO_M2P_SLOT   270

/* An entry of the fake's format: frame mfn with FAKE_PTE_* flags. */
static inline uint64_t fake_pte(uint64_t mfn, uint64_t flags)
{
    return (mfn & FAKE_PTE_MFN_MASK) | flags;
}

#endif
