/*
 * public/arch-x86_64.h - the x86_64 half of the PV guest ABI.
 *
 * What a 64-bit PV guest sees of the CPU through the hypervisor: the flat
 * segment selectors that live in the hypervisor's reserved GDT page, where
 * the hypervisor's hole sits in the virtual address space, the register
 * frame used by vcpu_guest_context, the virtual IDT entry (trap_info) and
 * the stack frame HYPERVISOR_iret consumes.
 *
 * The guest kernel runs in ring 3, like guest user space; the hypervisor
 * tracks kernel vs user mode in software.  That is why every flat selector
 * below has RPL 3.
 *
 * Layouts are Xen 4.17's for LP64; the _Static_asserts pin them.
 */
#ifndef PUBLIC_ARCH_X86_64_H
#define PUBLIC_ARCH_X86_64_H

#include <stddef.h>
#include <stdint.h>

/* Natural register-sized unsigned value of the ABI (8 bytes on x86_64). */
typedef uint64_t xen_ulong_t;
/* A frame number: an MFN for PV guests, a GFN where the guest is translated. */
typedef uint64_t xen_pfn_t;
/* A callback entry point: a guest virtual address (no CS on x86_64). */
typedef uint64_t xen_callback_t;

/*
 * Flat segment selectors.  They index descriptors in the hypervisor-owned
 * GDT page (GDT bytes 0xE000-0xEFFF), present in every vCPU's GDT, so a
 * guest may run without loading a GDT of its own.
 */
#define FLAT_RING3_CS32 0xe023 /* 32-bit compat code, DPL 3 */
#define FLAT_RING3_CS64 0xe033 /* 64-bit code, DPL 3 */
#define FLAT_RING3_DS32 0xe02b /* flat data, DPL 3 */
#define FLAT_RING3_DS64 0x0000 /* null selector: 64-bit data needs none */
#define FLAT_RING3_SS32 0xe02b /* same descriptor as DS32 */
#define FLAT_RING3_SS64 0xe02b /* same descriptor as DS32 */

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64

#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS   FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS   FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS   FLAT_USER_SS64

/*
 * The GDT area the hypervisor keeps for itself: page 14 onwards of every
 * vCPU's GDT.  A guest GDT therefore holds at most 7168 entries (14 pages).
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/*
 * The hypervisor's hole: PML4 slots 256-271.  The guest owns every other
 * slot.  The first 256 GiB of the hole hold the read-only machine-to-phys
 * table (one u64 PFN per MFN), readable by the guest kernel.
 */
#define HYPERVISOR_VIRT_START 0xFFFF800000000000UL
#define HYPERVISOR_VIRT_END   0xFFFF880000000000UL
#define MACH2PHYS_VIRT_START  0xFFFF800000000000UL
#define MACH2PHYS_VIRT_END    0xFFFF804000000000UL
#define MACH2PHYS_NR_ENTRIES  ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* Which base HYPERVISOR_set_segment_base (hypercall 25) changes. */
#define SEGBASE_FS          0 /* FS base */
#define SEGBASE_GS_USER     1 /* GS base used while in guest user mode */
#define SEGBASE_GS_KERNEL   2 /* GS base used while in guest kernel mode */
#define SEGBASE_GS_USER_SEL 3 /* load the user %gs selector from base[15:0] */

/* Guest kernel CR3 values carry the L4 frame number shifted by 12. */
#define xen_pfn_to_cr3(pfn) ((uint64_t)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((uint64_t)(cr3) >> 12)

/*
 * HYPERVISOR_iret frame, at the guest RSP when the iret hypercall is
 * issued (lowest address first).  If flags has VGCF_in_syscall only RAX,
 * RIP, RFLAGS and RSP are restored; otherwise RAX, R11, RCX, CS:RIP,
 * RFLAGS and SS:RSP.  A saved CS with RPL 3 returns to guest user mode.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1 << _VGCF_in_syscall) /* frame came from a guest SYSCALL */
#define VGCF_IN_SYSCALL  VGCF_in_syscall

struct iret_context {
    uint64_t rax;    /* restored RAX (also the hypercall's return value) */
    uint64_t r11;    /* restored R11 unless VGCF_in_syscall */
    uint64_t rcx;    /* restored RCX unless VGCF_in_syscall */
    uint64_t flags;  /* VGCF_in_syscall or 0 */
    uint64_t rip;    /* return address */
    uint64_t cs;     /* return CS; RPL 3 = user mode, else kernel mode */
    uint64_t rflags; /* return RFLAGS; IF becomes !evtchn_upcall_mask */
    uint64_t rsp;    /* return stack pointer */
    uint64_t ss;     /* return SS */
};
_Static_assert(sizeof(struct iret_context) == 72, "iret_context size");
_Static_assert(offsetof(struct iret_context, flags) == 24, "iret flags");
_Static_assert(offsetof(struct iret_context, ss) == 64, "iret ss");

/*
 * Guest register frame, as stored in vcpu_guest_context.user_regs.
 * Segment registers each occupy an 8-byte slot.
 */
struct cpu_user_regs {
    uint64_t r15;              /* R15 */
    uint64_t r14;              /* R14 */
    uint64_t r13;              /* R13 */
    uint64_t r12;              /* R12 */
    uint64_t rbp;              /* RBP */
    uint64_t rbx;              /* RBX */
    uint64_t r11;              /* R11 */
    uint64_t r10;              /* R10 */
    uint64_t r9;               /* R9 */
    uint64_t r8;               /* R8 */
    uint64_t rax;              /* RAX */
    uint64_t rcx;              /* RCX */
    uint64_t rdx;              /* RDX */
    uint64_t rsi;              /* RSI */
    uint64_t rdi;              /* RDI */
    uint32_t error_code;       /* hypervisor-private: exception error code */
    uint32_t entry_vector;     /* hypervisor-private: entry vector */
    uint64_t rip;              /* RIP */
    uint16_t cs;               /* CS selector */
    uint16_t _pad0[1];         /* padding */
    uint8_t saved_upcall_mask; /* evtchn_upcall_mask at the time of entry */
    uint8_t _pad1[3];          /* padding */
    uint64_t rflags;           /* RFLAGS; IF mirrors !saved_upcall_mask */
    uint64_t rsp;              /* RSP */
    uint16_t ss;               /* SS selector */
    uint16_t _pad2[3];         /* padding */
    uint16_t es;               /* ES selector */
    uint16_t _pad3[3];         /* padding */
    uint16_t ds;               /* DS selector */
    uint16_t _pad4[3];         /* padding */
    uint16_t fs;               /* FS selector */
    uint16_t _pad5[3];         /* padding */
    uint16_t gs;               /* GS selector */
    uint16_t _pad6[3];         /* padding */
};
_Static_assert(sizeof(struct cpu_user_regs) == 200, "cpu_user_regs size");
_Static_assert(offsetof(struct cpu_user_regs, rax) == 80, "regs rax");
_Static_assert(offsetof(struct cpu_user_regs, rdi) == 112, "regs rdi");
_Static_assert(offsetof(struct cpu_user_regs, error_code) == 120, "regs ec");
_Static_assert(offsetof(struct cpu_user_regs, entry_vector) == 124, "regs ev");
_Static_assert(offsetof(struct cpu_user_regs, rip) == 128, "regs rip");
_Static_assert(offsetof(struct cpu_user_regs, cs) == 136, "regs cs");
_Static_assert(offsetof(struct cpu_user_regs, saved_upcall_mask) == 140, "regs saved_upcall_mask");
_Static_assert(offsetof(struct cpu_user_regs, rflags) == 144, "regs rflags");
_Static_assert(offsetof(struct cpu_user_regs, rsp) == 152, "regs rsp");
_Static_assert(offsetof(struct cpu_user_regs, ss) == 160, "regs ss");
_Static_assert(offsetof(struct cpu_user_regs, es) == 168, "regs es");
_Static_assert(offsetof(struct cpu_user_regs, ds) == 176, "regs ds");
_Static_assert(offsetof(struct cpu_user_regs, fs) == 184, "regs fs");
_Static_assert(offsetof(struct cpu_user_regs, gs) == 192, "regs gs");

/*
 * One virtual IDT entry (HYPERVISOR_set_trap_table takes an array of these,
 * ended by an entry with address 0).  flags bits 0-1: lowest mode allowed
 * to raise the vector with INT n (0 none, 1-2 kernel, 3 everyone); bit 2:
 * mask events on entry, like an interrupt gate.
 */
#define TI_GET_DPL(ti)      ((ti)->flags & 3)
#define TI_GET_IF(ti)       ((ti)->flags & 4)
#define TI_SET_DPL(ti, dpl) ((ti)->flags |= (dpl))
#define TI_SET_IF(ti, on)   ((ti)->flags |= ((!!(on)) << 2))

struct trap_info {
    uint8_t vector;   /* exception/interrupt vector, 0-255 */
    uint8_t flags;    /* bits 0-1 DPL, bit 2 mask events on delivery */
    uint16_t cs;      /* code selector (RPL raised to 3) */
    uint32_t _pad;    /* padding */
    uint64_t address; /* handler address; 0 = no handler / end of list */
};
_Static_assert(sizeof(struct trap_info) == 16, "trap_info size");
_Static_assert(offsetof(struct trap_info, cs) == 2, "trap_info cs");
_Static_assert(offsetof(struct trap_info, address) == 8, "trap_info address");

/* vcpu_guest_context.flags: bit numbers, then masks. */
#define _VGCF_i387_valid               0
#define _VGCF_in_kernel                2
#define _VGCF_failsafe_disables_events 3
#define _VGCF_syscall_disables_events  4
#define _VGCF_online                   5
#define VGCF_i387_valid                (1 << _VGCF_i387_valid) /* fpu_ctxt holds valid state */
#define VGCF_in_kernel                 (1 << _VGCF_in_kernel)  /* start in guest kernel mode */
/* failsafe callback masks events */
#define VGCF_failsafe_disables_events (1 << _VGCF_failsafe_disables_events)
/* syscall callback masks events */
#define VGCF_syscall_disables_events (1 << _VGCF_syscall_disables_events)
#define VGCF_online                  (1 << _VGCF_online) /* vCPU is online */
#define VGCF_I387_VALID              VGCF_i387_valid
#define VGCF_IN_KERNEL               VGCF_in_kernel

/*
 * Full vCPU state: VCPUOP_initialise and XEN_DOMCTL_{set,get}vcpucontext.
 * ctrlreg[3] is the kernel L4 and ctrlreg[1] the user L4, both as
 * xen_pfn_to_cr3(mfn); ctrlreg[1] == 0 means no user page table.
 */
struct vcpu_guest_context {
    uint8_t fpu_ctxt[512];           /* FXSAVE image */
    uint64_t flags;                  /* VGCF_* */
    struct cpu_user_regs user_regs;  /* general registers */
    struct trap_info trap_ctxt[256]; /* virtual IDT */
    uint64_t ldt_base;               /* LDT linear address (page aligned) */
    uint64_t ldt_ents;               /* LDT entries (<= 8192) */
    uint64_t gdt_frames[16];         /* MFNs of the guest GDT pages */
    uint64_t gdt_ents;               /* GDT entries (<= 7168) */
    uint64_t kernel_ss;              /* stack_switch SS */
    uint64_t kernel_sp;              /* stack_switch RSP */
    uint64_t ctrlreg[8];             /* CR0-CR7; [3] kernel L4, [1] user L4 */
    uint64_t debugreg[8];            /* DR0-DR7 */
    uint64_t event_callback_eip;     /* CALLBACKTYPE_event address */
    uint64_t failsafe_callback_eip;  /* CALLBACKTYPE_failsafe address */
    uint64_t syscall_callback_eip;   /* CALLBACKTYPE_syscall address */
    uint64_t vm_assist;              /* bitmap of enabled VMASST_TYPE_* */
    uint64_t fs_base;                /* FS base */
    uint64_t gs_base_kernel;         /* GS base in guest kernel mode */
    uint64_t gs_base_user;           /* GS base in guest user mode */
};
_Static_assert(sizeof(struct vcpu_guest_context) == 5168, "vgc size");
_Static_assert(offsetof(struct vcpu_guest_context, flags) == 512, "vgc flags");
_Static_assert(offsetof(struct vcpu_guest_context, user_regs) == 520, "vgc user_regs");
_Static_assert(offsetof(struct vcpu_guest_context, trap_ctxt) == 720, "vgc trap_ctxt");
_Static_assert(offsetof(struct vcpu_guest_context, ldt_base) == 4816, "vgc ldt_base");
_Static_assert(offsetof(struct vcpu_guest_context, ldt_ents) == 4824, "vgc ldt_ents");
_Static_assert(offsetof(struct vcpu_guest_context, gdt_frames) == 4832, "vgc gdt_frames");
_Static_assert(offsetof(struct vcpu_guest_context, gdt_ents) == 4960, "vgc gdt_ents");
_Static_assert(offsetof(struct vcpu_guest_context, kernel_ss) == 4968, "vgc kernel_ss");
_Static_assert(offsetof(struct vcpu_guest_context, kernel_sp) == 4976, "vgc kernel_sp");
_Static_assert(offsetof(struct vcpu_guest_context, ctrlreg) == 4984, "vgc ctrlreg");
_Static_assert(offsetof(struct vcpu_guest_context, debugreg) == 5048, "vgc debugreg");
_Static_assert(offsetof(struct vcpu_guest_context, event_callback_eip) == 5112,
               "vgc event_callback_eip");
_Static_assert(offsetof(struct vcpu_guest_context, failsafe_callback_eip) == 5120,
               "vgc failsafe_callback_eip");
_Static_assert(offsetof(struct vcpu_guest_context, syscall_callback_eip) == 5128,
               "vgc syscall_callback_eip");
_Static_assert(offsetof(struct vcpu_guest_context, vm_assist) == 5136, "vgc vm_assist");
_Static_assert(offsetof(struct vcpu_guest_context, fs_base) == 5144, "vgc fs_base");
_Static_assert(offsetof(struct vcpu_guest_context, gs_base_kernel) == 5152, "vgc gs_base_kernel");
_Static_assert(offsetof(struct vcpu_guest_context, gs_base_user) == 5160, "vgc gs_base_user");

typedef struct cpu_user_regs cpu_user_regs_t;
typedef struct trap_info trap_info_t;
typedef struct vcpu_guest_context vcpu_guest_context_t;

#endif /* PUBLIC_ARCH_X86_64_H */
