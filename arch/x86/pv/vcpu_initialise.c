/*
 * VCPUOP_initialise: a vCPU's whole context from a vcpu_guest_context
 * (public/vcpu.h), checked as Xen checks it: canonical addresses, RPL 3
 * selectors, page-aligned LDT of at most 8192 entries, at most 7168 GDT
 * entries, the kernel L4 (and user L4) taking their type references.
 */
#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/processor.h"
#include "arch/x86/pv/domain.h"
#include "public/arch-x86_64.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/guest_access.h"
#include "xen/page_types.h"
#include "xen/xmalloc.h"

#define MXCSR_VALID 0xFFBF /* every MXCSR bit a CPU may reject is off */

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
    return 0;
}

static long initialise(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = avcpu(v);
    long rc;

    /* Every check first: after the references are taken nothing may fail but the GDT. */
    if (!context_addresses_ok(c) || (c->ldt_base & (PAGE_SIZE - 1)) || c->ldt_ents > 8192 ||
        c->gdt_ents > GDT_GUEST_FRAMES * 512 ||
        (!(c->flags & VGCF_in_kernel) && !(c->ctrlreg[1] >> PAGE_SHIFT)))
        return -EINVAL;
    rc = load_page_tables(v, c);
    if (rc)
        return rc;
    rc = vcpu_set_gdt(v, c->gdt_frames, c->gdt_ents);
    if (rc) {
        put_page_and_type(mfn_to_page(v->guest_table));
        if (v->guest_table_user)
            put_page_and_type(mfn_to_page(v->guest_table_user));
        v->guest_table = v->guest_table_user = 0;
        return rc;
    }
    load_registers(a, &c->user_regs);
    for (unsigned i = 0; i < 256; i++) {
        a->traps[i] = c->trap_ctxt[i];
        a->traps[i].cs |= 3;
    }
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
    a->fpu_ts = c->ctrlreg[0] & (1UL << 3);
    if (c->flags & VGCF_i387_valid) {
        memcpy(a->fpu, c->fpu_ctxt, sizeof(a->fpu));
        *(uint32_t *)&a->fpu[24] &= MXCSR_VALID; /* FXRSTOR must not fault in ring 0 */
    } else {
        context_init_fpu(v);
    }
    arch_set_ldt(v, c->ldt_base, c->ldt_ents);
    return 0;
}

long arch_vcpu_initialise(struct vcpu *v, uint64_t guest_context)
{
    struct vcpu_guest_context *c;
    long rc;

    /* One initialiser per vCPU: another vCPU of the guest may race us. */
    if (__atomic_exchange_n(&avcpu(v)->initialising, true, __ATOMIC_ACQUIRE))
        return v->initialised ? -EEXIST : -EBUSY;
    if (v->initialised) {
        rc = -EEXIST;
    } else if (!(c = xmalloc(sizeof(*c)))) {
        rc = -ENOMEM;
    } else {
        rc = copy_from_guest(c, guest_context, sizeof(*c)) ? -EFAULT : initialise(v, c);
        xfree(c);
        if (!rc)
            __atomic_store_n(&v->initialised, true, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&avcpu(v)->initialising, false, __ATOMIC_RELEASE);
    return rc;
}
