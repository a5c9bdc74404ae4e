/*
 * Emulation for PV guests.  The guest kernel runs in ring 3, so CPUID
 * (when it wants Xen's view), INT n, MSR accesses, control-register reads
 * and CLTS all reach us as #UD or #GP.  We decode the instruction from the
 * guest's own bytes at RIP (never from the CPU's error code, which some
 * emulators get wrong for INT n), act, and step over it.  Anything we do
 * not recognise is reflected to the guest as the fault it raised.
 */
#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/processor.h"
#include "arch/x86/pv/domain.h"
#include "arch/x86/pv/emulate.h"
#include "arch/x86/traps.h"
#include "public/cpuid.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/guest_access.h"
#include "xen/mmu.h"
#include "xen/printk.h"
#include "xen/version.h"

#define CPUID_HYPERVISOR_BIT (1U << 31)

struct cpuid_result {
    uint32_t a, b, c, d;
};

/*
 * The host's feature bits a PV guest may see: what Xen 4.17 offers every PV
 * guest ('A' in Xen's public cpufeatureset.h), less what we do not support
 * for guests: XSAVE and every VEX-encoded extension (we switch only the
 * FXSAVE state), FSGSBASE (CR4.FSGSBASE stays clear), x2APIC, RDTSCP, TSX,
 * the speculation-control MSRs, and MCE/MCA (Xen offers a virtual machine-
 * check architecture; we have none, so a guest must not probe its MSRs).
 * Notably hidden, as on
 * Xen: PSE, PSE36, PGE, MTRR, VME and 1 GiB pages, which a PV guest's page
 * tables may not use.
 */
#define LEAF1_EDX_ALLOWED \
    0x1FC98B75U /* FPU DE TSC MSR PAE CX8 APIC SEP CMOV PAT CLFLUSH
                                              ACPI MMX FXSR SSE SSE2 SS HTT */
#define LEAF1_ECX_ALLOWED \
    0xC2D82203U                         /* SSE3 PCLMULQDQ SSSE3 CX16 SSE4.1 SSE4.2 MOVBE
                                              POPCNT AESNI RDRAND HYPERVISOR */
#define LEAF7_EBX_ALLOWED   0x218C0308U /* BMI1 BMI2 ERMS RDSEED ADX CLFLUSHOPT CLWB SHA */
#define EXT1_EDX_ALLOWED    0xE2500800U /* SYSCALL NX MMXEXT FFXSR LM 3DNOWEXT 3DNOW */
#define EXT1_EDX_AMD_MIRROR 0x0183F3FFU /* bits AMD copies from leaf 1 EDX */
#define EXT1_ECX_ALLOWED \
    0x042001E3U /* LAHF_LM CMP_LEGACY ABM SSE4A MISALIGNSSE
                                              3DNOWPREFETCH TBM DBEXT */

static void apply_pv_policy(uint32_t leaf, uint32_t subleaf, struct cpuid_result *r)
{
    switch (leaf) {
    case 1:
        r->d &= LEAF1_EDX_ALLOWED;
        r->c = (r->c & LEAF1_ECX_ALLOWED) | CPUID_HYPERVISOR_BIT;
        break;
    case 5:   /* MONITOR/MWAIT */
    case 6:   /* thermal and power */
    case 0xA: /* performance counters */
    case 0xD: /* XSAVE */
        *r = (struct cpuid_result){ 0 };
        break;
    case 7:
        if (subleaf == 0)
            r->a = 0; /* no further sub-leaves */
        r->b = subleaf == 0 ? r->b & LEAF7_EBX_ALLOWED : 0;
        r->c = r->d = 0;
        break;
    case 0x80000001:
        r->d &= EXT1_EDX_ALLOWED | (LEAF1_EDX_ALLOWED & EXT1_EDX_AMD_MIRROR);
        r->c &= EXT1_ECX_ALLOWED;
        break;
    case 0x80000007: /* invariant TSC and power management */
        r->d = 0;
        break;
    case 0x80000008: /* address sizes stay; speculation controls go */
        r->b = 0;
        break;
    }
}

/* Xen's leaves at 0x40000000 (public/cpuid.h), then the host's under the PV policy. */
static struct cpuid_result guest_cpuid(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_result r = { 0 };

    switch (leaf) {
    case XEN_CPUID_LEAF(0):
        return (struct cpuid_result){ XEN_CPUID_LEAF(XEN_CPUID_MAX_NUM_LEAVES),
                                      XEN_CPUID_SIGNATURE_EBX, XEN_CPUID_SIGNATURE_ECX,
                                      XEN_CPUID_SIGNATURE_EDX };
    case XEN_CPUID_LEAF(1):
        return (struct cpuid_result){ (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR, 0, 0, 0 };
    case XEN_CPUID_LEAF(2):
        return (struct cpuid_result){ 1, XEN_MSR_HYPERCALL_PAGE,
                                      XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD, 0 };
    case XEN_CPUID_LEAF(3):
    case XEN_CPUID_LEAF(4):
        return r;
    case XEN_CPUID_LEAF(5):
        cpuid(0x80000008, 0, &r.a, &r.b, &r.c, &r.d);
        return (struct cpuid_result){ 0, r.a & XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK, 0, 0 };
    }
    /* The rest of Xen's range (0x40000000-0x4000FFFF) is empty. */
    if (leaf >= XEN_CPUID_FIRST_LEAF && leaf < XEN_CPUID_FIRST_LEAF + 0x10000)
        return r;
    cpuid(leaf, subleaf, &r.a, &r.b, &r.c, &r.d);
    apply_pv_policy(leaf, subleaf, &r);
    return r;
}

bool emulate_forced_cpuid(struct cpu_regs *regs)
{
    static const uint8_t prefix[XEN_EMULATE_PREFIX_LEN + 2] = { XEN_EMULATE_PREFIX_BYTES, 0x0F,
                                                                0xA2 /* CPUID */ };
    uint8_t bytes[sizeof(prefix)];

    if (copy_from_guest(bytes, regs->rip, sizeof(bytes)) || memcmp(bytes, prefix, sizeof(prefix)))
        return false;
    struct cpuid_result r = guest_cpuid(regs->rax, regs->rcx);
    regs->rax = r.a;
    regs->rbx = r.b;
    regs->rcx = r.c;
    regs->rdx = r.d;
    regs->rip += sizeof(prefix);
    return true;
}

/*
 * INT n (CD nn): deliver vector n if the guest's gate allows it.  As on
 * Xen, INT 0x80 (the system-call vector) reaches any registered handler
 * whatever its DPL.
 */
static bool emulate_int(struct cpu_regs *regs, uint8_t vector)
{
    struct arch_vcpu *a = avcpu(current);
    unsigned dpl = TI_GET_DPL(&a->traps[vector]);
    bool allowed = vector == 0x80 ? a->traps[vector].address != 0
                   : a->in_kernel ? dpl >= 1
                                  : dpl == 3;

    if (!allowed) {
        guest_bounce_exception(regs, TRAP_GP, ((uint64_t)vector << 3) | 2);
        return true;
    }
    regs->rip += 2;
    guest_bounce_exception(regs, vector, 0);
    return true;
}

static bool msr_read(struct vcpu *v, uint32_t msr, uint64_t *value)
{
    switch (msr) {
    case MSR_FS_BASE:
        *value = rdmsr(MSR_FS_BASE);
        return true;
    case MSR_GS_BASE: /* the guest's active GS base is parked here */
        *value = rdmsr(MSR_SHADOW_GS_BASE);
        return true;
    case MSR_SHADOW_GS_BASE:
        *value = avcpu(v)->in_kernel ? avcpu(v)->gs_base_user : avcpu(v)->gs_base_kernel;
        return true;
    case MSR_EFER:
        *value = rdmsr(MSR_EFER);
        return true;
    case MSR_UCODE_REV: /* no microcode revision is exposed */
        *value = 0;
        return true;
    }
    printk(LOG_DEBUG "d%u v%u: rdmsr %#x refused\n", v->domain->domain_id, v->vcpu_id, msr);
    return false;
}

static bool msr_write(struct vcpu *v, uint32_t msr, uint64_t value)
{
    if (!guest_range_ok(value, 0) &&
        (msr == MSR_FS_BASE || msr == MSR_GS_BASE || msr == MSR_SHADOW_GS_BASE))
        return false;
    switch (msr) {
    case MSR_FS_BASE:
        wrmsr(MSR_FS_BASE, value);
        return true;
    case MSR_GS_BASE:
        wrmsr(MSR_SHADOW_GS_BASE, value);
        return true;
    case MSR_SHADOW_GS_BASE:
        if (avcpu(v)->in_kernel)
            avcpu(v)->gs_base_user = value;
        else
            avcpu(v)->gs_base_kernel = value;
        return true;
    case MSR_UCODE_REV: /* writing 0 asks for the revision to be latched: ignored */
        if (value)
            break;
        return true;
    }
    printk(LOG_DEBUG "d%u v%u: wrmsr %#x <- %#lx refused\n", v->domain->domain_id, v->vcpu_id, msr,
           value);
    return false;
}

/* Privileged instructions of the guest kernel: true if emulated. */
/*
 * CLI/STI with a virtual IOPL that allows them (PHYSDEVOP_set_iopl): as
 * Xen 4.17 does, the instruction is stepped over and the event mask (the
 * PV guest's interrupt flag) left alone.
 */
static bool emulate_cli_sti(struct cpu_regs *regs)
{
    struct arch_vcpu *a = avcpu(current);

    if (a->iopl < (a->in_kernel ? 1U : 3U))
        return false;
    regs->rip += 1;
    return true;
}

static bool emulate_privileged(struct cpu_regs *regs, const uint8_t *insn, size_t len)
{
    struct vcpu *v = current;
    uint64_t value;
    unsigned rex_b = 0, at = 0;

    if (len > 0 && (insn[0] == 0xFA || insn[0] == 0xFB))
        return emulate_cli_sti(regs);
    if (!avcpu(v)->in_kernel)
        return false;
    if (len > 0 && (insn[0] & 0xF0) == 0x40) { /* REX */
        rex_b = insn[0] & 1;
        at = 1;
    }
    if (len < at + 2 || insn[at] != 0x0F)
        return false;
    switch (insn[at + 1]) {
    case 0x06: /* clts */
        avcpu(v)->fpu_ts = false;
        asm volatile("clts");
        regs->rip += at + 2;
        return true;
    case 0x30: /* wrmsr */
        if (!msr_write(v, regs->rcx, (regs->rdx << 32) | (uint32_t)regs->rax))
            return false;
        regs->rip += at + 2;
        return true;
    case 0x32: /* rdmsr */
        if (!msr_read(v, regs->rcx, &value))
            return false;
        regs->rax = (uint32_t)value;
        regs->rdx = value >> 32;
        regs->rip += at + 2;
        return true;
    case 0x22: /* mov reg, %crN: only CR4, whose writes are dropped as Xen drops the bits it owns */
        if (len < at + 3 || (insn[at + 2] & 0xC0) != 0xC0 || ((insn[at + 2] >> 3) & 7) != 4)
            return false;
        regs->rip += at + 3;
        return true;
    case 0x20: /* mov %crN, reg */
        if (len < at + 3 || (insn[at + 2] & 0xC0) != 0xC0)
            return false;
        switch ((insn[at + 2] >> 3) & 7) {
        case 0:
            value = (read_cr0() & ~CR0_TS) | (avcpu(v)->fpu_ts ? CR0_TS : 0);
            break;
        case 2:
            value = v->vcpu_info->arch.cr2;
            break;
        case 3:
            value = v->guest_table << 12;
            break;
        case 4:
            value = read_cr4();
            break;
        default:
            return false;
        }
        *cpu_regs_gpr(regs, (insn[at + 2] & 7) | (rex_b << 3)) = value;
        regs->rip += at + 3;
        return true;
    }
    return false;
}

bool emulate_gp_fault(struct cpu_regs *regs)
{
    uint8_t insn[4] = { 0 };
    size_t len;

    /* Read what is readable: an instruction may end just before a hole. */
    for (len = 0; len < sizeof(insn); len++)
        if (copy_from_guest(&insn[len], regs->rip + len, 1))
            break;
    if (len >= 2 && insn[0] == 0xCD)
        return emulate_int(regs, insn[1]);
    if (regs->error_code != 0)
        return false;
    return emulate_io(regs, insn, len) || emulate_privileged(regs, insn, len);
}
