/*
 * public/xen.h - the core of the PV guest ABI.
 *
 * Hypercall numbers, special domain ids, the start-of-day structure a PV
 * kernel receives in RSI (start_info), the page the hypervisor shares with
 * every domain (shared_info, holding the per-vCPU vcpu_info slots, the
 * 2-level event channel bitmaps and the wall clock), the PV MMU request
 * formats and the small command sets of the simple hypercalls.
 *
 * Everything here is binary-compatible with Xen 4.17's x86_64 PV ABI; the
 * _Static_asserts pin sizes and offsets.  Fields called "guest pointer" are
 * 8-byte guest virtual addresses (Xen's guest handles).
 */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include <stddef.h>
#include <stdint.h>

#include "arch-x86_64.h"

/*
 * Hypercall numbers.  64-bit PV: number in RAX, arguments in RDI, RSI,
 * RDX, R10, R8; result (or -XEN_E*) in RAX.  Slot n of the hypercall page
 * sits at byte n * 32.
 */
#define __HYPERVISOR_set_trap_table    0
#define __HYPERVISOR_mmu_update        1
#define __HYPERVISOR_set_gdt           2
#define __HYPERVISOR_stack_switch      3
#define __HYPERVISOR_set_callbacks     4
#define __HYPERVISOR_fpu_taskswitch    5
#define __HYPERVISOR_sched_op_compat   6 /* legacy sched_op */
#define __HYPERVISOR_platform_op       7 /* once dom0_op */
#define __HYPERVISOR_set_debugreg      8
#define __HYPERVISOR_get_debugreg      9
#define __HYPERVISOR_update_descriptor 10
/* 11 is unused */
#define __HYPERVISOR_memory_op                     12
#define __HYPERVISOR_multicall                     13
#define __HYPERVISOR_update_va_mapping             14
#define __HYPERVISOR_set_timer_op                  15
#define __HYPERVISOR_event_channel_op_compat       16 /* legacy evtchn_op */
#define __HYPERVISOR_xen_version                   17
#define __HYPERVISOR_console_io                    18
#define __HYPERVISOR_physdev_op_compat             19 /* legacy physdev_op */
#define __HYPERVISOR_grant_table_op                20
#define __HYPERVISOR_vm_assist                     21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                          23
#define __HYPERVISOR_vcpu_op                       24
#define __HYPERVISOR_set_segment_base              25
#define __HYPERVISOR_mmuext_op                     26
#define __HYPERVISOR_xsm_op                        27
#define __HYPERVISOR_nmi_op                        28
#define __HYPERVISOR_sched_op                      29
#define __HYPERVISOR_callback_op                   30
#define __HYPERVISOR_xenoprof_op                   31
#define __HYPERVISOR_event_channel_op              32
#define __HYPERVISOR_physdev_op                    33
#define __HYPERVISOR_hvm_op                        34
#define __HYPERVISOR_sysctl                        35
#define __HYPERVISOR_domctl                        36
#define __HYPERVISOR_kexec_op                      37
#define __HYPERVISOR_tmem_op                       38 /* retired */
#define __HYPERVISOR_argo_op                       39
#define __HYPERVISOR_xenpmu_op                     40
#define __HYPERVISOR_dm_op                         41
#define __HYPERVISOR_hypfs_op                      42
/* 43-47 are unassigned */
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55
#define __HYPERVISOR_mca    __HYPERVISOR_arch_0

/* The hypercall page: 128 slots of 32 bytes. */
#define XEN_HYPERCALL_SLOT_SIZE 32
#define XEN_HYPERCALL_NR_SLOTS  128

/*
 * Virtual interrupts.  Per-vCPU ones are bound once per vCPU; global ones
 * once per domain (initially to vCPU 0).
 */
#define VIRQ_TIMER   0 /* per-vCPU: timer tick or single-shot deadline */
#define VIRQ_DEBUG   1 /* per-vCPU: dump debug state */
#define VIRQ_CONSOLE 2 /* global, dom0: input on the hypervisor console */
#define VIRQ_DOM_EXC 3 /* global, dom0: some domain shut down or died */
#define VIRQ_TBUF    4 /* global, dom0: trace buffer has records */
/* 5 is unused */
#define VIRQ_DEBUGGER   6  /* global, dom0: a domain paused for debugging */
#define VIRQ_XENOPROF   7  /* per-vCPU: profiling sample available */
#define VIRQ_CON_RING   8  /* global, dom0: console ring has new output */
#define VIRQ_PCPU_STATE 9  /* global, dom0: physical CPU state changed */
#define VIRQ_MEM_EVENT  10 /* global, dom0: memory event */
#define VIRQ_ARGO       11 /* global: Argo interdomain message */
#define VIRQ_ENOMEM     12 /* global, dom0: hypervisor heap is low */
#define VIRQ_XENPMU     13 /* per-vCPU: performance counter interrupt */
#define VIRQ_ARCH_0     16
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23
#define VIRQ_MCA        VIRQ_ARCH_0 /* global, dom0: machine check */
#define NR_VIRQS        24

/*
 * mmu_update(reqs, count, pdone, foreigndom): the low 2 bits of ptr choose
 * the command, ptr & ~3 is a machine address.  foreigndom bits 15:0 name
 * the owner of mapped data frames (DOMID_SELF for self), bits 31:16 hold
 * 1 + the owner of the page tables being changed (0 for self).
 */
#define MMU_NORMAL_PT_UPDATE       0 /* checked write of val to the PTE at ptr */
#define MMU_MACHPHYS_UPDATE        1 /* M2P[ptr >> 12] = val */
#define MMU_PT_UPDATE_PRESERVE_AD  2 /* as 0, keeping the PTE's A/D bits */
#define MMU_PT_UPDATE_NO_TRANSLATE 3 /* as 0, never translating val */

struct mmu_update {
    uint64_t ptr; /* machine address of the entry | MMU_* command */
    uint64_t val; /* new entry value (or PFN for MMU_MACHPHYS_UPDATE) */
};
_Static_assert(sizeof(struct mmu_update) == 16, "mmu_update size");
_Static_assert(offsetof(struct mmu_update, val) == 8, "mmu_update val");

/* mmuext_op(ops, count, pdone, foreigndom) commands. */
#define MMUEXT_PIN_L1_TABLE    0  /* validate mfn as L1 and pin it */
#define MMUEXT_PIN_L2_TABLE    1  /* validate mfn as L2 and pin it */
#define MMUEXT_PIN_L3_TABLE    2  /* validate mfn as L3 and pin it */
#define MMUEXT_PIN_L4_TABLE    3  /* validate mfn as L4 and pin it */
#define MMUEXT_UNPIN_TABLE     4  /* drop the pin on mfn */
#define MMUEXT_NEW_BASEPTR     5  /* mfn becomes the kernel L4 (CR3) */
#define MMUEXT_TLB_FLUSH_LOCAL 6  /* flush this vCPU's TLB */
#define MMUEXT_INVLPG_LOCAL    7  /* invlpg linear_addr on this vCPU */
#define MMUEXT_TLB_FLUSH_MULTI 8  /* flush the vCPUs in vcpumask */
#define MMUEXT_INVLPG_MULTI    9  /* invlpg on the vCPUs in vcpumask */
#define MMUEXT_TLB_FLUSH_ALL   10 /* flush all vCPUs of the domain */
#define MMUEXT_INVLPG_ALL      11 /* invlpg on all vCPUs */
#define MMUEXT_FLUSH_CACHE     12 /* write back and invalidate caches */
#define MMUEXT_SET_LDT         13 /* LDT at linear_addr, nr_ents entries */
/* 14 is unassigned */
#define MMUEXT_NEW_USER_BASEPTR   15 /* mfn becomes the user-mode L4 */
#define MMUEXT_CLEAR_PAGE         16 /* zero frame mfn */
#define MMUEXT_COPY_PAGE          17 /* copy frame src_mfn to frame mfn */
#define MMUEXT_FLUSH_CACHE_GLOBAL 18 /* cache flush on every CPU */
#define MMUEXT_MARK_SUPER         19 /* superpages: unsupported in 4.17 */
#define MMUEXT_UNMARK_SUPER       20 /* superpages: unsupported in 4.17 */

struct mmuext_op {
    uint32_t cmd;  /* MMUEXT_* */
    uint32_t _pad; /* padding */
    union {
        xen_pfn_t mfn;        /* frame for pin/unpin/baseptr/page ops */
        uint64_t linear_addr; /* address for INVLPG_* and SET_LDT */
    } arg1;                   /* first argument */
    union {
        uint32_t nr_ents;  /* SET_LDT: number of LDT entries */
        uint64_t vcpumask; /* *_MULTI: guest pointer to a vCPU bitmap */
        xen_pfn_t src_mfn; /* COPY_PAGE: source frame */
    } arg2;                /* second argument */
};
_Static_assert(sizeof(struct mmuext_op) == 24, "mmuext_op size");
_Static_assert(offsetof(struct mmuext_op, arg1) == 8, "mmuext_op arg1");
_Static_assert(offsetof(struct mmuext_op, arg2) == 16, "mmuext_op arg2");

/*
 * update_va_mapping(va, val, flags) flush flags.  Bits 0-1 pick the flush
 * type; the rest is UVMF_ALL, 0 (local), or a guest pointer to a vCPU
 * bitmap (UVMF_MULTI).
 */
#define UVMF_NONE           0x0UL /* no flush */
#define UVMF_TLB_FLUSH      0x1UL /* flush whole TLB(s) */
#define UVMF_INVLPG         0x2UL /* flush va only */
#define UVMF_FLUSHTYPE_MASK 0x3UL /* flush type bits */
#define UVMF_MULTI          0x0UL /* OR in a vCPU bitmap pointer */
#define UVMF_LOCAL          0x0UL /* this vCPU only */
#define UVMF_ALL            0x4UL /* every vCPU of the domain */

/* console_io(cmd, count, buffer) commands. */
#define CONSOLEIO_write 0 /* write count bytes to the hypervisor console */
#define CONSOLEIO_read  1 /* read up to count bytes of console input */

/* vm_assist(cmd, type). */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_4gb_segments         0  /* 32-bit only: 4 GiB segments */
#define VMASST_TYPE_4gb_segments_notify  1  /* 32-bit only: trap on use */
#define VMASST_TYPE_writable_pagetables  2  /* emulate writes to RO L1s */
#define VMASST_TYPE_pae_extended_cr3     3  /* PDPTs/L3s above 4 GiB */
#define VMASST_TYPE_architectural_iopl   4  /* iret/IOPL follow hardware */
#define VMASST_TYPE_runstate_update_flag 5  /* XEN_RUNSTATE_UPDATE bit */
#define VMASST_TYPE_m2p_strict           32 /* hide M2P from user L4s */

/* Domain ids (domid_t).  Ids >= DOMID_FIRST_RESERVED are never domains. */
typedef uint16_t domid_t;

#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF           0x7FF0U /* the calling domain */
#define DOMID_IO             0x7FF1U /* I/O memory (foreigndom for MMIO) */
#define DOMID_XEN            0x7FF2U /* the hypervisor itself */
#define DOMID_COW            0x7FF3U /* owner of shared (CoW) pages */
#define DOMID_INVALID        0x7FF4U /* no owner / not a domain */
#define DOMID_IDLE           0x7FFFU /* the idle domain */
#define DOMID_MASK           0x7FFFU /* mask for valid domid values */

/* A domain's 16-byte handle (UUID). */
typedef uint8_t xen_domain_handle_t[16];

/*
 * multicall(call_list, nr_calls): each entry is run as if it were its own
 * hypercall; result receives that call's return value.  Only args[0..4]
 * reach the handlers.
 */
struct multicall_entry {
    xen_ulong_t op;      /* hypercall number */
    xen_ulong_t result;  /* OUT: the call's return value */
    xen_ulong_t args[6]; /* hypercall arguments */
};
_Static_assert(sizeof(struct multicall_entry) == 64, "multicall_entry size");
_Static_assert(offsetof(struct multicall_entry, args) == 16, "multicall args");

/* Legacy-layout vCPUs: vCPUs below this have a slot in shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32

/*
 * Per-vCPU time base.  Xen bumps version before and after every update, so
 * an odd version means "being updated"; read, compare, retry.
 * ns = system_time + (((tsc - tsc_timestamp) << tsc_shift) *
 *      tsc_to_system_mul >> 32), shifting right for a negative tsc_shift.
 */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0) /* TSC is synchronised across CPUs */
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1) /* guest was paused */

struct vcpu_time_info {
    uint32_t version;           /* odd while an update is in progress */
    uint32_t pad0;              /* padding */
    uint64_t tsc_timestamp;     /* TSC value at the last update */
    uint64_t system_time;       /* ns since host boot at tsc_timestamp */
    uint32_t tsc_to_system_mul; /* TSC-to-ns multiplier, 32.32 fixed point */
    int8_t tsc_shift;           /* pre-shift of the TSC delta (signed) */
    uint8_t flags;              /* XEN_PVCLOCK_* */
    uint8_t pad1[2];            /* padding */
};
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info size");
_Static_assert(offsetof(struct vcpu_time_info, tsc_timestamp) == 8, "vti tsc");
_Static_assert(offsetof(struct vcpu_time_info, system_time) == 16, "vti st");
_Static_assert(offsetof(struct vcpu_time_info, tsc_to_system_mul) == 24, "vti mul");
_Static_assert(offsetof(struct vcpu_time_info, tsc_shift) == 28, "vti shift");
_Static_assert(offsetof(struct vcpu_time_info, flags) == 29, "vti flags");

/* x86 part of vcpu_info. */
struct arch_vcpu_info {
    uint64_t cr2; /* faulting address of the last #PF bounced to the guest */
    uint64_t pad; /* padding */
};
_Static_assert(sizeof(struct arch_vcpu_info) == 16, "arch_vcpu_info size");

/*
 * Per-vCPU event state.  Xen delivers an upcall when upcall_pending != 0
 * and upcall_mask == 0; upcall_mask is the guest's virtual interrupt flag.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;  /* set by Xen: some event is pending */
    uint8_t evtchn_upcall_mask;     /* set by guest: no upcalls please */
    uint8_t _pad0[6];               /* padding */
    xen_ulong_t evtchn_pending_sel; /* bit w: evtchn_pending[w] has news */
    struct arch_vcpu_info arch;     /* x86 state (cr2) */
    struct vcpu_time_info time;     /* this vCPU's time base */
};
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info size");
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_mask) == 1, "vcpu_info mask");
_Static_assert(offsetof(struct vcpu_info, evtchn_pending_sel) == 8, "vcpu_info sel");
_Static_assert(offsetof(struct vcpu_info, arch) == 16, "vcpu_info arch");
_Static_assert(offsetof(struct vcpu_info, time) == 32, "vcpu_info time");

/* x86 part of shared_info; the P2M fields are written by the guest. */
struct arch_shared_info {
    xen_ulong_t max_pfn;                  /* entries in the guest's P2M */
    xen_pfn_t pfn_to_mfn_frame_list_list; /* MFN of the 3-level P2M root; 0 unset, ~0 invalid */
    xen_ulong_t nmi_reason;               /* _XEN_NMIREASON_* bits */
    xen_ulong_t p2m_cr3;                  /* CR3 of the space mapping p2m_vaddr */
    xen_ulong_t p2m_vaddr;                /* virtual address of the linear P2M */
    xen_ulong_t p2m_generation;           /* odd while the P2M mapping changes */
};
_Static_assert(sizeof(struct arch_shared_info) == 48, "arch_shared_info size");
_Static_assert(offsetof(struct arch_shared_info, p2m_generation) == 40,
               "arch_shared_info p2m_generation");

/*
 * The shared page.  Its size may grow in later versions; guests map a
 * whole page and must not depend on sizeof.  Event channel port p is bit
 * (p % 64) of word (p / 64) in evtchn_pending / evtchn_mask.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS]; /* legacy vCPU slots */
    xen_ulong_t evtchn_pending[64];                   /* 2-level ABI: pending bits */
    xen_ulong_t evtchn_mask[64];                      /* 2-level ABI: mask bits (guest-owned) */
    uint32_t wc_version;                              /* wall-clock version, odd while updating */
    uint32_t wc_sec;              /* wall time at system time 0: seconds, low 32 */
    uint32_t wc_nsec;             /* wall time at system time 0: nanoseconds */
    uint32_t wc_sec_hi;           /* wall time at system time 0: seconds, high 32 */
    struct arch_shared_info arch; /* x86 part */
};
_Static_assert(sizeof(struct shared_info) == 3136, "shared_info size");
_Static_assert(offsetof(struct shared_info, evtchn_pending) == 2048, "shared_info evtchn_pending");
_Static_assert(offsetof(struct shared_info, evtchn_mask) == 2560, "shared_info evtchn_mask");
_Static_assert(offsetof(struct shared_info, wc_version) == 3072, "shared_info wc_version");
_Static_assert(offsetof(struct shared_info, wc_sec) == 3076, "shared_info wc_sec");
_Static_assert(offsetof(struct shared_info, wc_nsec) == 3080, "shared_info wc_nsec");
_Static_assert(offsetof(struct shared_info, wc_sec_hi) == 3084, "shared_info wc_sec_hi");
_Static_assert(offsetof(struct shared_info, arch) == 3088, "shared_info arch");

/*
 * start_info: what a PV kernel finds at RSI on entry.  Fields marked
 * "boot only" are filled on first boot, not on resume.
 */
#define MAX_GUEST_CMDLINE 1024

#define SIF_PRIVILEGED      (1 << 0)    /* domain is privileged */
#define SIF_INITDOMAIN      (1 << 1)    /* domain is the initial domain (dom0) */
#define SIF_MULTIBOOT_MOD   (1 << 2)    /* mod_start is a multiboot module package */
#define SIF_MOD_START_PFN   (1 << 3)    /* mod_start is a PFN, not a virtual address */
#define SIF_VIRT_P2M_4TOOLS (1 << 4)    /* tools understand a virtually mapped P2M */
#define SIF_PM_MASK         (0xFF << 8) /* hypervisor power-management options */

struct start_info {
    char magic[32];          /* "xen-<version>-<platform>", NUL-terminated */
    xen_ulong_t nr_pages;    /* pages allocated to the domain */
    xen_ulong_t shared_info; /* MACHINE address of the shared_info page */
    uint32_t flags;          /* SIF_* */
    uint32_t _pad0;          /* padding */
    xen_pfn_t store_mfn;     /* MFN of the xenstore ring page */
    uint32_t store_evtchn;   /* event channel of the xenstore ring */
    uint32_t _pad1;          /* padding */
    union {
        struct {
            xen_pfn_t mfn;   /* MFN of the console ring page */
            uint32_t evtchn; /* event channel of the console ring */
            uint32_t _pad;   /* padding */
        } domU;              /* ordinary domains: PV console ring */
        struct {
            uint32_t info_off;  /* offset of dom0_vga_console_info in this page */
            uint32_t info_size; /* size of that structure, 0 if absent */
        } dom0;                 /* initial domain: VGA/VESA console info */
    } console;                  /* console description */
    xen_ulong_t pt_base;        /* boot only: VIRTUAL address of the bootstrap L4 */
    xen_ulong_t nr_pt_frames;   /* boot only: bootstrap page-table frames */
    xen_ulong_t mfn_list;       /* boot only: VIRTUAL address of the P2M array */
    xen_ulong_t mod_start;      /* boot only: initrd virtual address, or PFN (SIF_MOD_START_PFN) */
    xen_ulong_t mod_len;        /* boot only: initrd size in bytes */
    char cmd_line[MAX_GUEST_CMDLINE]; /* boot only: kernel command line */
    xen_ulong_t first_p2m_pfn;        /* boot only: first PFN backing a separately mapped P2M */
    xen_ulong_t nr_p2m_frames;        /* boot only: number of such frames */
};
_Static_assert(sizeof(struct start_info) == 1168, "start_info size");
_Static_assert(offsetof(struct start_info, nr_pages) == 32, "si nr_pages");
_Static_assert(offsetof(struct start_info, shared_info) == 40, "si shinfo");
_Static_assert(offsetof(struct start_info, flags) == 48, "si flags");
_Static_assert(offsetof(struct start_info, store_mfn) == 56, "si store_mfn");
_Static_assert(offsetof(struct start_info, store_evtchn) == 64, "si store_ev");
_Static_assert(offsetof(struct start_info, console.domU.mfn) == 72, "si console.domU.mfn");
_Static_assert(offsetof(struct start_info, console.domU.evtchn) == 80, "si console.domU.evtchn");
_Static_assert(offsetof(struct start_info, console.dom0.info_off) == 72,
               "si console.dom0.info_off");
_Static_assert(offsetof(struct start_info, console.dom0.info_size) == 76,
               "si console.dom0.info_size");
_Static_assert(offsetof(struct start_info, pt_base) == 88, "si pt_base");
_Static_assert(offsetof(struct start_info, nr_pt_frames) == 96, "si nr_pt");
_Static_assert(offsetof(struct start_info, mfn_list) == 104, "si mfn_list");
_Static_assert(offsetof(struct start_info, mod_start) == 112, "si mod_start");
_Static_assert(offsetof(struct start_info, mod_len) == 120, "si mod_len");
_Static_assert(offsetof(struct start_info, cmd_line) == 128, "si cmd_line");
_Static_assert(offsetof(struct start_info, first_p2m_pfn) == 1152, "si first_p2m_pfn");
_Static_assert(offsetof(struct start_info, nr_p2m_frames) == 1160, "si nr_p2m_frames");

/*
 * One entry of a multiboot-style module package (SIF_MULTIBOOT_MOD).
 * Addresses are offsets from the start of the package; the list ends with
 * an entry whose mod_start is 0.
 */
struct xen_multiboot_mod_list {
    uint32_t mod_start; /* offset of the module's first byte */
    uint32_t mod_end;   /* offset of the module's last byte (inclusive) */
    uint32_t cmdline;   /* offset of the module's NUL-terminated command line */
    uint32_t pad;       /* must be zero */
};
_Static_assert(sizeof(struct xen_multiboot_mod_list) == 16, "mod_list size");
_Static_assert(offsetof(struct xen_multiboot_mod_list, cmdline) == 8, "mod_list cmdline");

/* dom0 console description, placed in the start_info page (info_off). */
#define XEN_VGATYPE_TEXT_MODE_3 0x03 /* VGA text mode 3 */
#define XEN_VGATYPE_VESA_LFB    0x23 /* VESA linear frame buffer */
#define XEN_VGATYPE_EFI_LFB     0x70 /* EFI GOP linear frame buffer */

struct dom0_vga_console_info {
    uint8_t video_type; /* XEN_VGATYPE_* */
    uint8_t _pad[3];    /* padding */
    union {
        struct {
            uint16_t font_height; /* font height in pixels */
            uint16_t cursor_x;    /* cursor column */
            uint16_t cursor_y;    /* cursor row */
            uint16_t rows;        /* screen rows in characters */
            uint16_t columns;     /* screen columns in characters */
        } text_mode_3;            /* XEN_VGATYPE_TEXT_MODE_3 */
        struct {
            uint16_t width;          /* width in pixels */
            uint16_t height;         /* height in pixels */
            uint16_t bytes_per_line; /* bytes per scan line */
            uint16_t bits_per_pixel; /* bits per pixel */
            uint32_t lfb_base;       /* frame buffer physical address, low 32 bits */
            uint32_t lfb_size;       /* frame buffer size in 64 KiB units */
            uint8_t red_pos;         /* red field bit offset */
            uint8_t red_size;        /* red field width */
            uint8_t green_pos;       /* green field bit offset */
            uint8_t green_size;      /* green field width */
            uint8_t blue_pos;        /* blue field bit offset */
            uint8_t blue_size;       /* blue field width */
            uint8_t rsvd_pos;        /* reserved field bit offset */
            uint8_t rsvd_size;       /* reserved field width */
            uint32_t gbl_caps;       /* VESA capabilities (VBE 4F00h) */
            uint16_t mode_attrs;     /* VESA mode attributes (VBE 4F01h) */
            uint16_t pad;            /* padding */
            uint32_t ext_lfb_base;   /* frame buffer physical address, high 32 bits */
        } vesa_lfb;                  /* XEN_VGATYPE_VESA_LFB / _EFI_LFB */
    } u;                             /* per-type data */
};
_Static_assert(sizeof(struct dom0_vga_console_info) == 40, "vga info size");
_Static_assert(offsetof(struct dom0_vga_console_info, u) == 4, "vga info u");
_Static_assert(offsetof(struct dom0_vga_console_info, u.text_mode_3.columns) == 12,
               "vga text columns");
_Static_assert(offsetof(struct dom0_vga_console_info, u.vesa_lfb.lfb_base) == 12, "vga lfb_base");
_Static_assert(offsetof(struct dom0_vga_console_info, u.vesa_lfb.red_pos) == 20, "vga red_pos");
_Static_assert(offsetof(struct dom0_vga_console_info, u.vesa_lfb.gbl_caps) == 28, "vga gbl_caps");
_Static_assert(offsetof(struct dom0_vga_console_info, u.vesa_lfb.mode_attrs) == 32,
               "vga mode_attrs");
_Static_assert(offsetof(struct dom0_vga_console_info, u.vesa_lfb.ext_lfb_base) == 36,
               "vga ext_lfb_base");

typedef struct mmu_update mmu_update_t;
typedef struct mmuext_op mmuext_op_t;
typedef struct multicall_entry multicall_entry_t;
typedef struct vcpu_time_info vcpu_time_info_t;
typedef struct arch_vcpu_info arch_vcpu_info_t;
typedef struct vcpu_info vcpu_info_t;
typedef struct arch_shared_info arch_shared_info_t;
typedef struct shared_info shared_info_t;
typedef struct start_info start_info_t;
typedef struct dom0_vga_console_info dom0_vga_console_info_t;

#endif /* PUBLIC_XEN_H */
