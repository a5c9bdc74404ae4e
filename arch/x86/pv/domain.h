/*
 * x86 state of a PV vCPU: its virtual IDT, callbacks, kernel stack for
 * bounces, segment bases, FPU switch flag and the kernel/user mode flag.
 * The guest's general registers live in the hypervisor stack frame while
 * it runs (guest_regs()) and in `regs` while it does not.
 */
#ifndef ARCH_X86_DOMAIN_H
#define ARCH_X86_DOMAIN_H

#include "arch/x86/include/regs.h"
#include "public/arch-x86_64.h"
#include "xen/domain.h"

struct callback {
    uint64_t address; /* 0 = none */
    bool mask_events; /* set evtchn_upcall_mask on delivery */
};

struct arch_vcpu {
    struct cpu_regs regs;        /* registers while not running */
    struct trap_info traps[256]; /* the virtual IDT (set_trap_table) */
    struct callback event, failsafe, syscall;
    uint64_t kernel_ss, kernel_sp; /* stack for bounces from user mode */
    bool in_kernel;                /* guest kernel mode (vs guest user mode) */
    uint64_t gs_base_kernel;       /* inactive GS bases (the active one is in the MSR) */
    uint64_t gs_base_user;
    uint16_t gs_sel_user;    /* user %gs selector (SEGBASE_GS_USER_SEL) */
    unsigned iopl;           /* virtual IOPL (PHYSDEVOP_set_iopl) */
    uint64_t iobitmap;       /* PHYSDEVOP_set_iobitmap: guest address of the bitmap, */
    unsigned iobitmap_ports; /* and the ports it covers */
    bool fpu_ts;             /* virtual CR0.TS (fpu_taskswitch) */
    uint64_t debugreg[6];    /* virtual DR0-DR3, DR6, DR7 (debugreg.c) */
    bool nmi_masked;
    bool initialising;    /* VCPUOP_initialise is at work on it */
    bool fpu_initialised; /* fpu holds a state the toolstack or guest gave (VGCF_i387_valid) */
    uint64_t vgc_flags;   /* VGCF_* of the last context set (vcpu_initialise.c) */
    uint64_t ctrlreg[8];  /* CR0-CR7 as that context gave them (CR4: the guest's bits) */

    /* Saved only while the vCPU is not running (context.c). */
    uint64_t fs_base;
    uint16_t ds, es, fs, gs; /* data segment selectors */
    uint64_t gdt_frames[14]; /* set_gdt: the guest's GDT frames */
    unsigned gdt_ents;
    uint64_t ldt_frames[16]; /* SET_LDT: its frames, the first ldt_nr usable */
    unsigned ldt_nr, ldt_ents;
    uint64_t ldt_base;                             /* SET_LDT: its linear address */
    uint8_t fpu[512] __attribute__((aligned(16))); /* FXSAVE image */
};

struct arch_domain {
    bool hypercall_page_done;
};

/* Switch this CPU from prev to next (either may be NULL: idle). */
void context_switch(struct vcpu *prev, struct vcpu *next);

/* Show v's LDT on this CPU (v NULL: none). */
void ldt_load(struct vcpu *v);

/* Drop v's GDT and LDT frame references (vCPU teardown). */
void descriptors_release(struct vcpu *v);

bool check_descriptor(uint64_t *desc);

/* Give v these GDT frames (set_gdt's work, for any vCPU): 0 or -EINVAL. */
long vcpu_set_gdt(struct vcpu *v, const uint64_t *frames, unsigned entries);

/* Give a new vCPU the x87/SSE reset state. */
void context_init_fpu(struct vcpu *v);

static inline struct arch_vcpu *avcpu(struct vcpu *v)
{
    return v->arch;
}

/* Leave guest kernel mode for user mode or back: page tables and GS bases. */
int guest_mode_toggle(struct vcpu *v);

/* Deliver a bounce frame to the guest kernel (guest_traps.c). */
void guest_bounce_exception(struct cpu_regs *regs, unsigned vector, uint64_t error_code);
void guest_bounce_event(struct cpu_regs *regs);
void guest_bounce_syscall(struct cpu_regs *regs);

/* The ring-3 selectors a return to the guest may load without faulting. */
bool guest_code_selector_ok(struct vcpu *v, uint16_t sel);
bool guest_stack_selector_ok(struct vcpu *v, uint16_t sel);

void guest_trap(struct cpu_regs *regs);

void guest_crash_dump(struct vcpu *v, const struct cpu_regs *regs);

/* The vCPU's breakpoints in the hardware while it runs (debugreg.c). */
void debugreg_load(const struct arch_vcpu *a);
void debugreg_unload(struct arch_vcpu *a);
void debugreg_latch_dr6(struct arch_vcpu *a); /* a guest #DB: keep the DR6 it left */
/* A vcpu_guest_context's DR0-DR7, checked by the caller; a DR7 Xen refuses is left at reset. */
void debugreg_set_context(struct arch_vcpu *a, const uint64_t dr[8]);
void debugreg_get_context(const struct arch_vcpu *a, uint64_t dr[8]);

#endif
