/*
 * public/cpuid.h - the hypervisor's CPUID leaves and the forced-emulation
 * prefix.
 *
 * A PV guest's plain CPUID runs on the real CPU and never sees these
 * leaves.  To get the hypervisor's answer it prefixes CPUID with the five
 * bytes of XEN_EMULATE_PREFIX (UD2 then 'x' 'e' 'n'); the resulting #UD is
 * recognised and the CPUID emulated from the domain's policy.
 *
 * PV guests find the leaves at base 0x40000000 (HVM guests with Viridian
 * at 0x40000100).  Leaf base+0 EAX is the highest leaf present.
 */
#ifndef PUBLIC_CPUID_H
#define PUBLIC_CPUID_H

#define XEN_CPUID_FIRST_LEAF 0x40000000U
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

/* Forced emulation: UD2 (0f 0b) followed by "xen", then CPUID (0f a2). */
#define XEN_EMULATE_PREFIX_BYTES 0x0f, 0x0b, 0x78, 0x65, 0x6e
#define XEN_EMULATE_PREFIX_LEN   5
/* The same as an inline-assembly string, e.g. asm(XEN_CPUID : ...). */
#define XEN_EMULATE_PREFIX ".byte 0x0f,0x0b,0x78,0x65,0x6e ; "
#define XEN_CPUID          XEN_EMULATE_PREFIX "cpuid"

/*
 * Leaf base+0: EAX = highest leaf (base + 5 by default), EBX:ECX:EDX =
 * "XenVMMXenVMM".
 */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558U /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4dU /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566eU /* "nVMM" */

/* Leaf base+1: EAX = (major << 16) | minor; EBX-EDX zero. */

/*
 * Leaf base+2: EAX = number of hypercall pages (1), EBX = base of the
 * hypervisor MSRs (writing MSR EBX+0 with (frame << 12) | index installs
 * the hypercall page), ECX = feature bits below, EDX = 0.
 */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
/* ECX: MMU_PT_UPDATE_PRESERVE_AD is available to this guest. */
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD (1U << 0)

/*
 * Leaf base+3 (time):
 *   sub-leaf 0: EAX flags below, EBX tsc_mode, ECX guest TSC kHz,
 *               EDX incarnation (migration count);
 *   sub-leaf 1: EAX/EBX TSC offset low/high, ECX TSC->ns multiplier,
 *               EDX TSC->ns shift (signed);
 *   sub-leaf 2: EAX host TSC kHz.
 * The names of these bits and modes are ours; Xen documents only the
 * values.
 */
#define XEN_CPUID_TSC_EMULATED            (1U << 0) /* sub-leaf 0 EAX: TSC is emulated */
#define XEN_CPUID_HOST_TSC_RELIABLE       (1U << 1) /* sub-leaf 0 EAX: host TSC reliable */
#define XEN_CPUID_RDTSCP_INSTR_AVAIL      (1U << 2) /* sub-leaf 0 EAX: RDTSCP available */
#define XEN_CPUID_TSC_MODE_DEFAULT        0         /* emulate only if needed */
#define XEN_CPUID_TSC_MODE_ALWAYS_EMULATE 1         /* always emulate */
#define XEN_CPUID_TSC_MODE_NEVER_EMULATE  2         /* never emulate */
#define XEN_CPUID_TSC_MODE_PVRDTSCP       3         /* native, with TSC_AUX */

/* Leaf base+4: HVM features; all zero for PV guests. */

/*
 * Leaf base+5 (PV parameters): sub-leaf 0 EAX = highest sub-leaf,
 * EBX bits 0-7 = machine address width in bits (memory hotplug included).
 */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK (0xffU << 0)

#define XEN_CPUID_MAX_NUM_LEAVES 5 /* leaves after the base, by default */

/* The MSR whose write installs the hypercall page (leaf base+2 EBX). */
#define XEN_MSR_HYPERCALL_PAGE 0x40000000U

#endif /* PUBLIC_CPUID_H */
