/*
 * Switching a CPU between vCPUs.  While a vCPU runs, its state is in the
 * hardware and in the frame at the top of the CPU stack; while it does
 * not, in struct arch_vcpu.  Saved and restored: general registers (the
 * frame), FS base, the active GS base (parked in SHADOW_GS_BASE while we
 * run, percpu.h), data segment selectors, x87/SSE state (FXSAVE: the
 * hypervisor itself never touches it), CR0.TS, page tables, GDT frames,
 * and the vCPU's time snapshot.
 */
#include "arch/x86/asm_linkage.h"
#include "arch/x86/cpu_tables.h"
#include "arch/x86/hv_pagetables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pv/domain.h"
#include "xen/time.h"
#include "xen/vcpu_op.h"

/* The data segment selectors the guest left loaded. */
static void save_selectors(struct arch_vcpu *a)
{
    asm volatile("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
                 : "=m"(a->ds), "=m"(a->es), "=m"(a->fs), "=m"(a->gs));
}

static void fpu_save(struct arch_vcpu *a)
{
    asm volatile("clts; fxsave64 %0" : "=m"(a->fpu));
}

static void fpu_restore(const struct arch_vcpu *a)
{
    asm volatile("clts; fxrstor64 %0" : : "m"(a->fpu));
    if (a->fpu_ts)
        write_cr0(read_cr0() | CR0_TS);
}

static void vcpu_save(struct vcpu *v)
{
    struct arch_vcpu *a = avcpu(v);
    uint64_t active_gs = rdmsr(MSR_SHADOW_GS_BASE);

    vcpu_timers_switched_out(v);
    a->regs = *guest_regs();
    a->fs_base = rdmsr(MSR_FS_BASE);
    if (a->in_kernel)
        a->gs_base_kernel = active_gs;
    else
        a->gs_base_user = active_gs;
    save_selectors(a);
    fpu_save(a);
    debugreg_unload(a);
}

static void vcpu_restore(struct vcpu *v)
{
    struct arch_vcpu *a = avcpu(v);
    uint64_t active_gs = a->in_kernel ? a->gs_base_kernel : a->gs_base_user;

    *guest_regs() = a->regs;
    desc_load_guest_gdt(a->gdt_frames, (a->gdt_ents + 511) / 512);
    ldt_load(v);
    load_data_selectors(a->ds, a->es, a->fs);
    wrmsr(MSR_FS_BASE, a->fs_base);
    load_gs_selector_keep_base(a->gs, active_gs);
    fpu_restore(a);
    debugreg_load(a);
    write_cr3((a->in_kernel ? v->guest_table : v->guest_table_user) << PAGE_SHIFT);
    time_update_vcpu_info(v);
    vcpu_runstate_publish(v);
    vcpu_timers_switched_in(v);
}

/* The state a vCPU starts with: x87 and SSE at their reset values. */
void context_init_fpu(struct vcpu *v)
{
    struct arch_vcpu *a = avcpu(v);

    memset(a->fpu, 0, sizeof(a->fpu));
    *(uint16_t *)&a->fpu[0] = 0x037F;  /* FCW: all exceptions masked */
    *(uint32_t *)&a->fpu[24] = 0x1F80; /* MXCSR: all exceptions masked */
}

void context_switch(struct vcpu *prev, struct vcpu *next)
{
    if (prev == next)
        return;
    if (prev)
        vcpu_save(prev);
    this_cpu()->vcpu = next;
    if (next) {
        vcpu_restore(next);
        return;
    }
    /* Idle: nothing of prev's may stay loaded, its frames may be freed now. */
    write_cr3(mm_idle_l4_paddr());
    desc_load_guest_gdt(NULL, 0);
    ldt_load(NULL);
}
