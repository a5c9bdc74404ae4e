/*
 * A vCPU's whole context as a vcpu_guest_context (public/arch-x86_64.h):
 * set by VCPUOP_initialise and XEN_DOMCTL_setvcpucontext through one piece
 * of code, read back by XEN_DOMCTL_getvcpucontext, dropped by a reset.
 *
 * Checked as Xen 4.17's arch_set_info_guest checks a 64-bit PV context:
 * canonical addresses, a page-aligned LDT of at most 8192 entries in guest
 * space, at most 7168 GDT entries, valid vm_assist bits for vCPU 0, and a
 * user L4 unless the vCPU starts in kernel mode (-EINVAL for all).
 * Selectors get RPL 3; a debug register set_debugreg would refuse is
 * quietly left at its reset value, as Xen 4.17 leaves it.
 * A vCPU that already has a context keeps its page tables, GDT and LDT: a
 * context naming others is -EOPNOTSUPP, one naming the same updates the
 * registers only.  A new context takes type references on the L4s (and
 * the GDT frames) last, so nothing is left half done.
 *
 * The vCPU is never running here: it is down, or its domain is paused and
 * off every CPU (the caller's duty).
 */
#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/processor.h"
#include "arch/x86/pv/domain.h"
#include "public/arch-x86_64.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/arch/pte.h"
#include "xen/domctl.h"
#include "xen/guest_access.h"
#include "xen/page_types.h"
#include "xen/sched.h"
#include "xen/xmalloc.h"

#define MXCSR_VALID    0xFFBF /* every MXCSR bit a CPU may reject is off */
#define LDT_MAX_ENTS   8192
#define CR4_TSD        (1UL << 2)
#define CR4_DE         (1UL << 3)
#define CR4_PAE        (1UL << 5)
#define CR4_MCE        (1UL << 6)
#define CR4_GUEST_BITS (CR4_TSD | CR4_DE)                                /* the guest's to choose */
#define CR4_SHOWN_BITS (CR4_PAE | CR4_MCE | CR4_OSFXSR | CR4_OSXMMEXCPT) /* the host's, shown */

static bool context_addresses_ok(const struct vcpu_guest_context *c)
{
    const uint64_t va[] = {
        c->user_regs.rip,
        c->user_regs.rsp,
        c->kernel_sp,
        c->ldt_base,
        c->fs_base,
        c->gs_base_kernel,
        c->gs_base_user,
        c->event_callback_eip,
        c->failsafe_callback_eip,
        c->syscall_callback_eip,
    };

    for (unsigned i = 0; i < ARRAY_SIZE(va); i++)
        if (!arch_va_canonical(va[i]))
            return false;
    for (unsigned i = 0; i < 256; i++)
        if (!arch_va_canonical(c->trap_ctxt[i].address))
            return false;
    return true;
}

/* Everything Xen refuses with -EINVAL before it changes anything. */
static bool context_ok(const struct vcpu *v, const struct vcpu_guest_context *c)
{
    if (!context_addresses_ok(c) || !guest_addr_ok(c->ldt_base) ||
        (c->ldt_base & (PAGE_SIZE - 1)) || c->ldt_ents > LDT_MAX_ENTS)
        return false;
    if (v->vcpu_id == 0 && !vm_assist_valid(c->vm_assist))
        return false;
    return c->gdt_ents <= GDT_GUEST_FRAMES * 512;
}

/* An initialised vCPU keeps its tables: does c name the very same ones? */
static bool same_tables(struct vcpu *v, const struct vcpu_guest_context *c)
{
    const struct arch_vcpu *a = avcpu(v);
    bool same = c->ctrlreg[3] == v->guest_table << PAGE_SHIFT;

    if (!v->guest_table_user)
        same = same && !c->ctrlreg[1] && (c->flags & VGCF_in_kernel);
    else
        same = same && c->ctrlreg[1] == v->guest_table_user << PAGE_SHIFT;
    same = same && c->gdt_ents == a->gdt_ents;
    for (unsigned i = 0; same && i < (c->gdt_ents + 511) / 512; i++)
        same = c->gdt_frames[i] == a->gdt_frames[i];
    return same && c->ldt_base == a->ldt_base && c->ldt_ents == a->ldt_ents;
}

static void load_registers(struct arch_vcpu *a, const struct cpu_user_regs *r)
{
    a->regs = (struct cpu_regs){
        .r15 = r->r15,
        .r14 = r->r14,
        .r13 = r->r13,
        .r12 = r->r12,
        .rbp = r->rbp,
        .rbx = r->rbx,
        .r11 = r->r11,
        .r10 = r->r10,
        .r9 = r->r9,
        .r8 = r->r8,
        .rax = r->rax,
        .rcx = r->rcx,
        .rdx = r->rdx,
        .rsi = r->rsi,
        .rdi = r->rdi,
        .rip = r->rip,
        .cs = r->cs | 3,
        .rsp = r->rsp,
        .ss = r->ss | 3,
        .rflags = (r->rflags & ~RFLAGS_IOPL) | RFLAGS_IF,
    };
    a->iopl = (r->rflags & RFLAGS_IOPL) >> 12;
    a->ds = r->ds;
    a->es = r->es;
    a->fs = r->fs;
    a->gs = r->gs;
}

/* What the registers, callbacks and FPU take from c (any context, new or not). */
static void load_state(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = avcpu(v);

    load_registers(a, &c->user_regs);
    for (unsigned i = 0; i < 256; i++) {
        a->traps[i] = c->trap_ctxt[i];
        a->traps[i].cs |= 3;
    }
    a->vgc_flags = c->flags;
    a->event = (struct callback){ c->event_callback_eip, true };
    a->failsafe =
        (struct callback){ c->failsafe_callback_eip, c->flags & VGCF_failsafe_disables_events };
    a->syscall =
        (struct callback){ c->syscall_callback_eip, c->flags & VGCF_syscall_disables_events };
    a->kernel_ss = c->kernel_ss | 3;
    a->kernel_sp = c->kernel_sp;
    a->in_kernel = c->flags & VGCF_in_kernel;
    a->fs_base = c->fs_base;
    a->gs_base_kernel = c->gs_base_kernel;
    a->gs_base_user = c->gs_base_user;
    memcpy(a->ctrlreg, c->ctrlreg, sizeof(a->ctrlreg));
    a->ctrlreg[4] &= CR4_GUEST_BITS;
    a->fpu_ts = c->ctrlreg[0] & CR0_TS;
    a->fpu_initialised = c->flags & VGCF_i387_valid;
    if (a->fpu_initialised) {
        memcpy(a->fpu, c->fpu_ctxt, sizeof(a->fpu));
        *(uint32_t *)&a->fpu[24] &= MXCSR_VALID; /* FXRSTOR must not fault in ring 0 */
    } else {
        context_init_fpu(v);
    }
    debugreg_set_context(a, c->debugreg);
}

/* The base pointers: type references on the L4s, as NEW_BASEPTR takes. */
static int load_page_tables(struct vcpu *v, const struct vcpu_guest_context *c)
{
    mfn_t kernel = c->ctrlreg[3] >> PAGE_SHIFT, user = c->ctrlreg[1] >> PAGE_SHIFT;

    if (!mfn_valid(kernel) || get_page_and_type(mfn_to_page(kernel), v->domain, PGT_l4_page_table))
        return -EINVAL;
    if (user &&
        (!mfn_valid(user) || get_page_and_type(mfn_to_page(user), v->domain, PGT_l4_page_table))) {
        put_page_and_type(mfn_to_page(kernel));
        return -EINVAL;
    }
    v->guest_table = kernel;
    v->guest_table_user = user;
    /*
     * The read-only M2P slot as NEW_BASEPTR sets it (xen/mmu.c): filled in
     * the kernel's L4, or with m2p_strict (every validated L4 has it) taken
     * out of the user's.
     */
    if (!(v->domain->vm_assist & (1UL << VMASST_TYPE_m2p_strict)))
        arch_set_ro_m2p_slot(arch_mfn_to_virt(kernel), true);
    else if (user)
        arch_set_ro_m2p_slot(arch_mfn_to_virt(user), false);
    return 0;
}

static void drop_page_tables(struct vcpu *v)
{
    if (v->guest_table)
        put_page_and_type(mfn_to_page(v->guest_table));
    if (v->guest_table_user)
        put_page_and_type(mfn_to_page(v->guest_table_user));
    v->guest_table = v->guest_table_user = 0;
}

/* A first context: the GDT and the L4s, then the LDT found through them. */
static long load_tables(struct vcpu *v, const struct vcpu_guest_context *c)
{
    long rc;

    if (!(c->flags & VGCF_in_kernel) && !c->ctrlreg[1])
        return -EINVAL;
    rc = vcpu_set_gdt(v, c->gdt_frames, c->gdt_ents);
    if (rc)
        return rc;
    rc = load_page_tables(v, c);
    if (rc) {
        descriptors_release(v);
        return rc;
    }
    arch_set_ldt(v, c->ldt_base, c->ldt_ents);
    return 0;
}

static long set_context(struct vcpu *v, const struct vcpu_guest_context *c, bool *online)
{
    long rc;

    if (!context_ok(v, c))
        return -EINVAL;
    if (v->initialised) {
        if (!same_tables(v, c))
            return -EOPNOTSUPP;
    } else {
        rc = load_tables(v, c);
        if (rc)
            return rc;
        if (v->vcpu_id == 0)
            v->domain->vm_assist = c->vm_assist;
    }
    load_state(v, c);
    *online = c->flags & VGCF_online;
    __atomic_store_n(&v->initialised, true, __ATOMIC_RELEASE);
    return 0;
}

/* Copy the guest's context in and set it: 0, -EFAULT, -ENOMEM or set_context's error. */
static long set_context_from(struct vcpu *v, uint64_t guest_context, bool initialise, bool *online)
{
    struct vcpu_guest_context *c = xmalloc(sizeof(*c));
    long rc;

    if (!c)
        return -ENOMEM;
    if (copy_from_guest(c, guest_context, sizeof(*c)))
        rc = -EFAULT;
    else if (initialise && v->initialised)
        rc = -EEXIST; /* VCPUOP_initialise: once only */
    else
        rc = set_context(v, c, online);
    xfree(c);
    return rc;
}

long arch_vcpu_set_context(struct vcpu *v, uint64_t guest_context, bool *online)
{
    return set_context_from(v, guest_context, false, online);
}

long arch_vcpu_initialise(struct vcpu *v, uint64_t guest_context)
{
    bool online = false;
    long rc;

    /* One initialiser per vCPU: another vCPU of the guest may race us. */
    if (__atomic_exchange_n(&avcpu(v)->initialising, true, __ATOMIC_ACQUIRE))
        return v->initialised ? -EEXIST : -EBUSY;
    rc = set_context_from(v, guest_context, true, &online);
    if (!rc)
        vcpu_context_online(v, online);
    __atomic_store_n(&avcpu(v)->initialising, false, __ATOMIC_RELEASE);
    return rc;
}

static void save_registers(const struct arch_vcpu *a, struct cpu_user_regs *r)
{
    const struct cpu_regs *g = &a->regs;

    *r = (struct cpu_user_regs){
        .r15 = g->r15,
        .r14 = g->r14,
        .r13 = g->r13,
        .r12 = g->r12,
        .rbp = g->rbp,
        .rbx = g->rbx,
        .r11 = g->r11,
        .r10 = g->r10,
        .r9 = g->r9,
        .r8 = g->r8,
        .rax = g->rax,
        .rcx = g->rcx,
        .rdx = g->rdx,
        .rsi = g->rsi,
        .rdi = g->rdi,
        .error_code = (uint32_t)g->error_code,
        .entry_vector = (uint32_t)g->vector,
        .rip = g->rip,
        .cs = (uint16_t)g->cs,
        .rflags = (g->rflags & ~RFLAGS_IOPL) | ((uint64_t)a->iopl << 12),
        .rsp = g->rsp,
        .ss = (uint16_t)g->ss,
        .es = a->es,
        .ds = a->ds,
        .fs = a->fs,
        .gs = a->gs,
    };
}

/* Xen's arch_get_info_guest for a 64-bit PV vCPU (which is not running). */
static void get_context(struct vcpu *v, struct vcpu_guest_context *c)
{
    const struct arch_vcpu *a = avcpu(v);
    unsigned pause_flags = __atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE);

    memset(c, 0, sizeof(*c));
    memcpy(c->fpu_ctxt, a->fpu, sizeof(c->fpu_ctxt));
    c->flags = (a->vgc_flags & ~(uint64_t)(VGCF_i387_valid | VGCF_in_kernel)) |
               (a->fpu_initialised ? VGCF_i387_valid : 0) |
               (pause_flags & VPF_down ? 0 : VGCF_online) | (a->in_kernel ? VGCF_in_kernel : 0);
    save_registers(a, &c->user_regs);
    memcpy(c->trap_ctxt, a->traps, sizeof(c->trap_ctxt));
    debugreg_get_context(a, c->debugreg);
    c->ldt_base = a->ldt_base;
    c->ldt_ents = a->ldt_ents;
    memcpy(c->gdt_frames, a->gdt_frames, sizeof(a->gdt_frames));
    c->gdt_ents = a->gdt_ents;
    c->kernel_ss = a->kernel_ss;
    c->kernel_sp = a->kernel_sp;
    memcpy(c->ctrlreg, a->ctrlreg, sizeof(c->ctrlreg));
    c->ctrlreg[0] = (read_cr0() & ~CR0_TS) | (a->fpu_ts ? CR0_TS : 0);
    c->ctrlreg[1] = v->guest_table_user << PAGE_SHIFT;
    c->ctrlreg[3] = v->guest_table << PAGE_SHIFT;
    c->ctrlreg[4] = (a->ctrlreg[4] & CR4_GUEST_BITS) | (read_cr4() & CR4_SHOWN_BITS);
    c->event_callback_eip = a->event.address;
    c->failsafe_callback_eip = a->failsafe.address;
    c->syscall_callback_eip = a->syscall.address;
    c->vm_assist = v->domain->vm_assist;
    c->fs_base = a->fs_base;
    c->gs_base_kernel = a->gs_base_kernel;
    c->gs_base_user = a->gs_base_user;
}

long arch_vcpu_get_context(struct vcpu *v, uint64_t guest_context)
{
    struct vcpu_guest_context *c = xmalloc(sizeof(*c));
    long rc;

    if (!c)
        return -ENOMEM;
    get_context(v, c);
    rc = copy_to_guest(guest_context, c, sizeof(*c)) ? -EFAULT : 0;
    xfree(c);
    return rc;
}

/* Xen's arch_vcpu_reset for PV: the GDT, LDT and base pointers go. */
void arch_vcpu_reset(struct vcpu *v)
{
    struct arch_vcpu *a = avcpu(v);

    descriptors_release(v);
    a->ldt_ents = 0;
    drop_page_tables(v);
    a->fpu_initialised = false;
}
