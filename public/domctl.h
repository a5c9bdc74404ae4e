/*
 * public/domctl.h - domctl(op) (hypercall 36): per-domain control for the
 * toolstack in a privileged domain.
 *
 * Not a stable ABI: every call carries interface_version, and a mismatch
 * is refused with -XEN_EACCES.  This header is Xen 4.17's version 0x15 and
 * defines only the operations an xl-like PV toolstack needs.
 * xen_domctl.domain is IN (and OUT for createdomain / getdomaininfo).
 */
#ifndef PUBLIC_DOMCTL_H
#define PUBLIC_DOMCTL_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

#define XEN_DOMCTL_createdomain            1  /* struct xen_domctl_createdomain */
#define XEN_DOMCTL_destroydomain           2  /* no argument; continues internally */
#define XEN_DOMCTL_pausedomain             3  /* no argument */
#define XEN_DOMCTL_unpausedomain           4  /* no argument */
#define XEN_DOMCTL_getdomaininfo           5  /* struct xen_domctl_getdomaininfo */
#define XEN_DOMCTL_setvcpuaffinity         9  /* struct xen_domctl_vcpuaffinity */
#define XEN_DOMCTL_shadow_op               10 /* struct xen_domctl_shadow_op */
#define XEN_DOMCTL_max_mem                 11 /* struct xen_domctl_max_mem */
#define XEN_DOMCTL_setvcpucontext          12 /* struct xen_domctl_vcpucontext */
#define XEN_DOMCTL_getvcpucontext          13 /* struct xen_domctl_vcpucontext */
#define XEN_DOMCTL_getvcpuinfo             14 /* struct xen_domctl_getvcpuinfo */
#define XEN_DOMCTL_max_vcpus               15 /* struct xen_domctl_max_vcpus */
#define XEN_DOMCTL_scheduler_op            16 /* struct xen_domctl_scheduler_op */
#define XEN_DOMCTL_setdomainhandle         17 /* struct xen_domctl_setdomainhandle */
#define XEN_DOMCTL_setdebugging            18 /* struct xen_domctl_setdebugging */
#define XEN_DOMCTL_irq_permission          19 /* physical IRQ access (no passthrough here) */
#define XEN_DOMCTL_iomem_permission        20 /* machine frame range access */
#define XEN_DOMCTL_ioport_permission       21 /* I/O port range access */
#define XEN_DOMCTL_hypercall_init          22 /* struct xen_domctl_hypercall_init */
#define XEN_DOMCTL_soft_reset_cont         23 /* the hypervisor's own continuation of soft_reset */
#define XEN_DOMCTL_settimeoffset           24 /* struct xen_domctl_settimeoffset */
#define XEN_DOMCTL_getvcpuaffinity         25 /* struct xen_domctl_vcpuaffinity */
#define XEN_DOMCTL_real_mode_area          26 /* obsolete (PowerPC) */
#define XEN_DOMCTL_resumedomain            27 /* no argument */
#define XEN_DOMCTL_sendtrigger             28 /* HVM: virtual NMI, power button ... */
#define XEN_DOMCTL_subscribe               29 /* the port told of suspend */
#define XEN_DOMCTL_gethvmcontext           33 /* HVM save record */
#define XEN_DOMCTL_sethvmcontext           34 /* HVM restore record */
#define XEN_DOMCTL_set_address_size        35 /* struct xen_domctl_address_size */
#define XEN_DOMCTL_get_address_size        36 /* struct xen_domctl_address_size */
#define XEN_DOMCTL_assign_device           37 /* give a device to a domain (IOMMU) */
#define XEN_DOMCTL_bind_pt_irq             38 /* passthrough interrupt binding */
#define XEN_DOMCTL_memory_mapping          39 /* map machine frames into an HVM guest */
#define XEN_DOMCTL_ioport_mapping          40 /* HVM I/O port mapping */
#define XEN_DOMCTL_set_ext_vcpucontext     42 /* extended vCPU state */
#define XEN_DOMCTL_get_ext_vcpucontext     43 /* extended vCPU state */
#define XEN_DOMCTL_set_opt_feature         44 /* obsolete (IA64) */
#define XEN_DOMCTL_test_assign_device      45 /* may a device be assigned? */
#define XEN_DOMCTL_set_target              46 /* device model's target domain */
#define XEN_DOMCTL_deassign_device         47 /* take a passthrough device back */
#define XEN_DOMCTL_unbind_pt_irq           48 /* undo bind_pt_irq */
#define XEN_DOMCTL_get_device_group        50 /* devices sharing an IOMMU context */
#define XEN_DOMCTL_debug_op                54 /* HVM single step */
#define XEN_DOMCTL_gethvmcontext_partial   55 /* one HVM save record */
#define XEN_DOMCTL_vm_event_op             56 /* vm_event rings */
#define XEN_DOMCTL_mem_sharing_op          57 /* memory sharing */
#define XEN_DOMCTL_gettscinfo              59 /* TSC mode */
#define XEN_DOMCTL_settscinfo              60 /* TSC mode */
#define XEN_DOMCTL_getpageframeinfo3       61 /* struct xen_domctl_getpageframeinfo3 */
#define XEN_DOMCTL_setvcpuextstate         62 /* xsave state */
#define XEN_DOMCTL_getvcpuextstate         63 /* xsave state */
#define XEN_DOMCTL_set_access_required     64 /* mem_access listener required */
#define XEN_DOMCTL_audit_p2m               65 /* debug builds: audit an HVM P2M */
#define XEN_DOMCTL_set_virq_handler        66 /* struct xen_domctl_set_virq_handler */
#define XEN_DOMCTL_set_broken_page_p2m     67 /* HVM: mark a frame broken */
#define XEN_DOMCTL_setnodeaffinity         68 /* NUMA node affinity */
#define XEN_DOMCTL_getnodeaffinity         69 /* NUMA node affinity */
#define XEN_DOMCTL_cacheflush              71 /* ARM only */
#define XEN_DOMCTL_get_vcpu_msrs           72 /* MSR state */
#define XEN_DOMCTL_set_vcpu_msrs           73 /* MSR state */
#define XEN_DOMCTL_setvnumainfo            74 /* virtual NUMA layout */
#define XEN_DOMCTL_psr_cmt_op              75 /* cache monitoring */
#define XEN_DOMCTL_monitor_op              77 /* vm_event monitor */
#define XEN_DOMCTL_psr_alloc               78 /* cache allocation */
#define XEN_DOMCTL_soft_reset              79 /* reset for kexec */
#define XEN_DOMCTL_vuart_op                81 /* ARM virtual UART */
#define XEN_DOMCTL_get_cpu_policy          82
#define XEN_DOMCTL_set_cpu_policy          83
#define XEN_DOMCTL_vmtrace_op              84   /* processor trace buffers */
#define XEN_DOMCTL_get_paging_mempool_size 85   /* HAP/shadow pool size */
#define XEN_DOMCTL_set_paging_mempool_size 86   /* HAP/shadow pool size */
#define XEN_DOMCTL_gdbsx_guestmemio        1000 /* gdbsx debugger */
#define XEN_DOMCTL_gdbsx_pausevcpu         1001 /* gdbsx debugger */
#define XEN_DOMCTL_gdbsx_unpausevcpu       1002 /* gdbsx debugger */
#define XEN_DOMCTL_gdbsx_domstatus         1003 /* gdbsx debugger */

/* x86 domain configuration inside createdomain / getdomaininfo. */
#define XEN_X86_EMU_LAPIC    (1U << 0)  /* emulate local APIC (HVM) */
#define XEN_X86_EMU_HPET     (1U << 1)  /* emulate HPET (HVM) */
#define XEN_X86_EMU_PM       (1U << 2)  /* emulate ACPI PM timer (HVM) */
#define XEN_X86_EMU_RTC      (1U << 3)  /* emulate RTC (HVM) */
#define XEN_X86_EMU_IOAPIC   (1U << 4)  /* emulate IO-APIC (HVM) */
#define XEN_X86_EMU_PIC      (1U << 5)  /* emulate PIC (HVM) */
#define XEN_X86_EMU_VGA      (1U << 6)  /* emulate VGA (HVM) */
#define XEN_X86_EMU_IOMMU    (1U << 7)  /* emulate IOMMU (HVM) */
#define XEN_X86_EMU_PIT      (1U << 8)  /* emulate PIT */
#define XEN_X86_EMU_USE_PIRQ (1U << 9)  /* route PIRQs over event channels */
#define XEN_X86_EMU_VPCI     (1U << 10) /* handle PCI config space in Xen */
#define XEN_X86_MSR_RELAXED  (1U << 0)  /* misc_flags: unknown MSRs do not #GP */

struct xen_arch_domainconfig {
    uint32_t emulation_flags; /* XEN_X86_EMU_* (0 for PV) */
    uint32_t misc_flags;      /* XEN_X86_MSR_RELAXED */
};
_Static_assert(sizeof(struct xen_arch_domainconfig) == 8, "arch_domainconfig size");

/* createdomain flags */
#define XEN_DOMCTL_CDF_hvm          (1U << 0) /* HVM guest (else PV) */
#define XEN_DOMCTL_CDF_hap          (1U << 1) /* use hardware-assisted paging */
#define XEN_DOMCTL_CDF_s3_integrity (1U << 2) /* tboot memory integrity over S3 */
#define XEN_DOMCTL_CDF_oos_off      (1U << 3) /* no out-of-sync shadow tables */
#define XEN_DOMCTL_CDF_xs_domain    (1U << 4) /* domain runs xenstored */
#define XEN_DOMCTL_CDF_iommu        (1U << 5) /* domain gets an IOMMU context */
#define XEN_DOMCTL_CDF_nested_virt  (1U << 6) /* nested virtualisation */
#define XEN_DOMCTL_CDF_vpmu         (1U << 7) /* virtual PMU */

#define XEN_DOMCTL_IOMMU_no_sharept   (1U << 0) /* iommu_opts: do not share HAP tables */
#define XEN_DOMCTL_GRANT_version_mask 0xfU      /* grant_opts: max grant version */

struct xen_domctl_createdomain {
    uint32_t ssidref;                  /* IN: XSM security label */
    xen_domain_handle_t handle;        /* IN: domain UUID */
    uint32_t flags;                    /* IN: XEN_DOMCTL_CDF_* */
    uint32_t iommu_opts;               /* IN: XEN_DOMCTL_IOMMU_* */
    uint32_t max_vcpus;                /* IN: number of vCPUs */
    uint32_t max_evtchn_port;          /* IN: highest event channel port */
    int32_t max_grant_frames;          /* IN: grant table frames; < 0 = default */
    int32_t max_maptrack_frames;       /* IN: maptrack frames; < 0 = default */
    uint32_t grant_opts;               /* IN: max grant version in bits 0-3 */
    uint32_t vmtrace_size;             /* IN: per-vCPU trace buffer bytes (0 = none) */
    uint32_t cpupool_id;               /* IN: cpupool to start in */
    struct xen_arch_domainconfig arch; /* IN: x86 configuration */
};
_Static_assert(sizeof(struct xen_domctl_createdomain) == 64, "createdomain size");
_Static_assert(offsetof(struct xen_domctl_createdomain, handle) == 4, "createdomain handle");
_Static_assert(offsetof(struct xen_domctl_createdomain, flags) == 20, "createdomain flags");
_Static_assert(offsetof(struct xen_domctl_createdomain, max_vcpus) == 28, "createdomain max_vcpus");
_Static_assert(offsetof(struct xen_domctl_createdomain, grant_opts) == 44,
               "createdomain grant_opts");
_Static_assert(offsetof(struct xen_domctl_createdomain, cpupool_id) == 52,
               "createdomain cpupool_id");
_Static_assert(offsetof(struct xen_domctl_createdomain, arch) == 56, "createdomain arch");

/* getdomaininfo flags */
#define XEN_DOMINF_dying         (1U << 0) /* being destroyed */
#define XEN_DOMINF_hvm_guest     (1U << 1) /* HVM guest */
#define XEN_DOMINF_shutdown      (1U << 2) /* guest has shut down */
#define XEN_DOMINF_paused        (1U << 3) /* paused by the toolstack */
#define XEN_DOMINF_blocked       (1U << 4) /* all vCPUs blocked */
#define XEN_DOMINF_running       (1U << 5) /* some vCPU running */
#define XEN_DOMINF_debugged      (1U << 6) /* being debugged */
#define XEN_DOMINF_xs_domain     (1U << 7) /* runs xenstored */
#define XEN_DOMINF_hap           (1U << 8) /* uses hardware-assisted paging */
#define XEN_DOMINF_shutdownmask  255       /* shutdown reason mask ... */
#define XEN_DOMINF_shutdownshift 16        /* ... at this shift (SHUTDOWN_*) */

#define XEN_INVALID_MAX_VCPU_ID (~0U) /* max_vcpu_id when there are no vCPUs */

struct xen_domctl_getdomaininfo {
    domid_t domain;                           /* OUT: domain reported */
    uint16_t _pad0;                           /* padding */
    uint32_t flags;                           /* OUT: XEN_DOMINF_* */
    uint64_t tot_pages;                       /* OUT: pages owned */
    uint64_t max_pages;                       /* OUT: page limit */
    uint64_t outstanding_pages;               /* OUT: claimed but unallocated pages */
    uint64_t shr_pages;                       /* OUT: shared pages */
    uint64_t paged_pages;                     /* OUT: paged-out pages */
    uint64_t shared_info_frame;               /* OUT: frame of shared_info */
    uint64_t cpu_time;                        /* OUT: total vCPU time in ns */
    uint32_t nr_online_vcpus;                 /* OUT: vCPUs online */
    uint32_t max_vcpu_id;                     /* OUT: highest vCPU id */
    uint32_t ssidref;                         /* OUT: XSM label */
    xen_domain_handle_t handle;               /* OUT: domain UUID */
    uint32_t cpupool;                         /* OUT: cpupool id */
    uint8_t gpaddr_bits;                      /* OUT: guest physical address width */
    uint8_t pad2[7];                          /* padding */
    struct xen_arch_domainconfig arch_config; /* OUT: x86 configuration */
};
_Static_assert(sizeof(struct xen_domctl_getdomaininfo) == 112, "getdomaininfo size");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, flags) == 4, "getdomaininfo flags");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, tot_pages) == 8,
               "getdomaininfo tot_pages");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, shared_info_frame) == 48,
               "getdomaininfo shared_info_frame");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, cpu_time) == 56, "getdomaininfo cpu_time");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, nr_online_vcpus) == 64,
               "getdomaininfo nr_online_vcpus");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, handle) == 76, "getdomaininfo handle");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, cpupool) == 92, "getdomaininfo cpupool");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, gpaddr_bits) == 96,
               "getdomaininfo gpaddr_bits");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, arch_config) == 104,
               "getdomaininfo arch_config");

struct xen_domctl_max_mem {
    uint64_t max_memkb; /* IN: memory limit in KiB */
};
_Static_assert(sizeof(struct xen_domctl_max_mem) == 8, "max_mem size");

struct xen_domctl_vcpucontext {
    uint32_t vcpu; /* IN: vCPU id */
    uint32_t _pad; /* padding */
    uint64_t ctxt; /* guest pointer to struct vcpu_guest_context (IN or OUT) */
};
_Static_assert(sizeof(struct xen_domctl_vcpucontext) == 16, "vcpucontext size");
_Static_assert(offsetof(struct xen_domctl_vcpucontext, ctxt) == 8, "vcpucontext ctxt");

struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;     /* IN: vCPU id */
    uint8_t online;    /* OUT: vCPU is up */
    uint8_t blocked;   /* OUT: waiting for an event */
    uint8_t running;   /* OUT: currently on a physical CPU */
    uint8_t _pad0;     /* padding */
    uint64_t cpu_time; /* OUT: ns of CPU time used */
    uint32_t cpu;      /* OUT: physical CPU it last ran on */
    uint32_t _pad1;    /* padding */
};
_Static_assert(sizeof(struct xen_domctl_getvcpuinfo) == 24, "getvcpuinfo size");
_Static_assert(offsetof(struct xen_domctl_getvcpuinfo, cpu_time) == 8, "getvcpuinfo cpu_time");
_Static_assert(offsetof(struct xen_domctl_getvcpuinfo, cpu) == 16, "getvcpuinfo cpu");

struct xen_domctl_max_vcpus {
    uint32_t max; /* IN: vCPUs (must match createdomain in 4.17) */
};
_Static_assert(sizeof(struct xen_domctl_max_vcpus) == 4, "max_vcpus size");

struct xen_domctl_setdomainhandle {
    xen_domain_handle_t handle; /* IN: new domain UUID */
};
_Static_assert(sizeof(struct xen_domctl_setdomainhandle) == 16, "setdomainhandle size");

struct xen_domctl_setdebugging {
    uint8_t enable; /* IN: non-zero marks the domain as debugged */
};
_Static_assert(sizeof(struct xen_domctl_setdebugging) == 1, "setdebugging size");

struct xen_domctl_hypercall_init {
    uint64_t gmfn; /* IN: guest frame to fill with the hypercall page */
};
_Static_assert(sizeof(struct xen_domctl_hypercall_init) == 8, "hypercall_init size");

struct xen_domctl_settimeoffset {
    int64_t time_offset_seconds; /* IN: added to the domain's wall clock */
};
_Static_assert(sizeof(struct xen_domctl_settimeoffset) == 8, "settimeoffset size");

struct xen_domctl_address_size {
    uint32_t size; /* IN/OUT: guest address size in bits (64 for 64-bit PV) */
};
_Static_assert(sizeof(struct xen_domctl_address_size) == 4, "address_size size");

/* A bitmap the caller keeps (CPUs): nr_bits bits, byte i holding bits 8i..8i+7. */
struct xenctl_bitmap {
    uint64_t bitmap;  /* guest pointer to the bytes */
    uint32_t nr_bits; /* bits the caller's buffer holds */
    uint32_t _pad;    /* padding */
};
_Static_assert(sizeof(struct xenctl_bitmap) == 16, "xenctl_bitmap size");

/* set/getvcpuaffinity flags: which maps to set or report (at least one). */
#define XEN_VCPUAFFINITY_HARD  (1U << 0) /* the CPUs it may run on */
#define XEN_VCPUAFFINITY_SOFT  (1U << 1) /* the CPUs it prefers */
#define XEN_VCPUAFFINITY_FORCE (1U << 2) /* undo a SCHEDOP_pin_override first */

struct xen_domctl_vcpuaffinity {
    uint32_t vcpu;                    /* IN: vCPU id */
    uint32_t flags;                   /* IN: XEN_VCPUAFFINITY_* */
    struct xenctl_bitmap cpumap_hard; /* IN/OUT: hard affinity (OUT: what is in effect) */
    struct xenctl_bitmap cpumap_soft; /* IN/OUT: soft affinity (OUT: what is in effect) */
};
_Static_assert(sizeof(struct xen_domctl_vcpuaffinity) == 40, "vcpuaffinity size");
_Static_assert(offsetof(struct xen_domctl_vcpuaffinity, cpumap_soft) == 24,
               "vcpuaffinity cpumap_soft");

/* scheduler_op commands */
#define XEN_DOMCTL_SCHEDOP_putinfo     0 /* set the domain's parameters */
#define XEN_DOMCTL_SCHEDOP_getinfo     1 /* read them */
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2 /* per-vCPU parameters (RTDS only) */
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3 /* per-vCPU parameters (RTDS only) */

struct xen_domctl_scheduler_op {
    uint32_t sched_id; /* IN: XEN_SCHEDULER_* of the domain's scheduler */
    uint32_t cmd;      /* IN: XEN_DOMCTL_SCHEDOP_* */
    union {
        struct {
            uint16_t weight; /* share against other domains; 0 = unchanged (putinfo) */
            uint16_t cap;    /* % of one CPU at most; 0 = none */
        } credit2;           /* credit2 (and credit, the same layout) */
        struct {
            uint64_t vcpus;    /* guest pointer to per-vCPU records */
            uint32_t nr_vcpus; /* their number */
            uint32_t padding;  /* padding */
        } v;                   /* put/getvcpuinfo */
    } u;
};
_Static_assert(sizeof(struct xen_domctl_scheduler_op) == 24, "scheduler_op size");
_Static_assert(offsetof(struct xen_domctl_scheduler_op, u) == 8, "scheduler_op u");

/* shadow_op commands (Xen's paging control) */
#define XEN_DOMCTL_SHADOW_OP_OFF              0         /* leave shadow / log-dirty mode */
#define XEN_DOMCTL_SHADOW_OP_ENABLE_TEST      1         /* shadow page tables, nothing else */
#define XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY  2         /* track written frames */
#define XEN_DOMCTL_SHADOW_OP_ENABLE_TRANSLATE 3         /* translated (HVM-like) mode */
#define XEN_DOMCTL_SHADOW_OP_CLEAN            11        /* read and clear the dirty bitmap */
#define XEN_DOMCTL_SHADOW_OP_PEEK             12        /* read the dirty bitmap */
#define XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION   30        /* mb: the shadow pool in MiB */
#define XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION   31        /* mb: resize the shadow pool */
#define XEN_DOMCTL_SHADOW_OP_ENABLE           32        /* enable with the mode bits */
#define XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL      (1U << 0) /* CLEAN/PEEK mode: last pass */
#define XEN_DOMCTL_SHADOW_ENABLE_REFCOUNT     (1U << 1) /* ENABLE mode: refcounted tables */
#define XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY    (1U << 2) /* ENABLE mode: log dirty frames */
#define XEN_DOMCTL_SHADOW_ENABLE_TRANSLATE    (1U << 3) /* ENABLE mode: translated */
#define XEN_DOMCTL_SHADOW_ENABLE_EXTERNAL     (1U << 4) /* ENABLE mode: external tables */

struct xen_domctl_shadow_op {
    uint32_t op;           /* IN: XEN_DOMCTL_SHADOW_OP_* */
    uint32_t mode;         /* IN: mode bits (ENABLE, CLEAN, PEEK) */
    uint32_t mb;           /* IN/OUT: shadow pool in MiB (allocation ops) */
    uint32_t _pad;         /* padding */
    uint64_t dirty_bitmap; /* IN: guest pointer to the dirty bitmap, or 0 (CLEAN/PEEK) */
    uint64_t pages;        /* IN/OUT: bits in the bitmap, then bits written */
    uint32_t fault_count;  /* OUT: write faults logged (stats) */
    uint32_t dirty_count;  /* OUT: frames dirtied (stats) */
};
_Static_assert(sizeof(struct xen_domctl_shadow_op) == 40, "shadow_op size");
_Static_assert(offsetof(struct xen_domctl_shadow_op, dirty_bitmap) == 16, "shadow_op bitmap");
_Static_assert(offsetof(struct xen_domctl_shadow_op, pages) == 24, "shadow_op pages");

/* getpageframeinfo3: what each frame is, in the top four bits of its 64-bit slot */
#define XEN_DOMCTL_PFINFO_LTAB_SHIFT    28
#define XEN_DOMCTL_PFINFO_NOTAB         (0x0U << 28) /* no page-table type */
#define XEN_DOMCTL_PFINFO_L1TAB         (0x1U << 28) /* an L1 page table */
#define XEN_DOMCTL_PFINFO_L2TAB         (0x2U << 28) /* an L2 page table */
#define XEN_DOMCTL_PFINFO_L3TAB         (0x3U << 28) /* an L3 page table */
#define XEN_DOMCTL_PFINFO_L4TAB         (0x4U << 28) /* an L4 page table */
#define XEN_DOMCTL_PFINFO_LTABTYPE_MASK (0x7U << 28) /* the level bits */
#define XEN_DOMCTL_PFINFO_LPINTAB       (0x1U << 31) /* pinned */
#define XEN_DOMCTL_PFINFO_XTAB          (0xfU << 28) /* not the domain's frame */
#define XEN_DOMCTL_PFINFO_XALLOC        (0xeU << 28) /* allocate-only frame (migration) */
#define XEN_DOMCTL_PFINFO_BROKEN        (0xdU << 28) /* broken frame */
#define XEN_DOMCTL_PFINFO_LTAB_MASK     (0xfU << 28) /* all four bits */

struct xen_domctl_getpageframeinfo3 {
    uint64_t num;   /* IN: entries, at most 1024 */
    uint64_t array; /* IN/OUT: guest pointer to num u64: frame numbers in, frame | type out */
};
_Static_assert(sizeof(struct xen_domctl_getpageframeinfo3) == 16, "getpageframeinfo3 size");

struct xen_domctl_set_virq_handler {
    uint32_t virq; /* IN: a global VIRQ_* this domain is to receive */
};
_Static_assert(sizeof(struct xen_domctl_set_virq_handler) == 4, "set_virq_handler size");

struct xen_domctl_irq_permission {
    uint32_t pirq;        /* IN: the caller's physical IRQ */
    uint8_t allow_access; /* IN: grant (1) or revoke (0) */
    uint8_t _pad[3];      /* padding */
};
_Static_assert(sizeof(struct xen_domctl_irq_permission) == 8, "irq_permission size");

struct xen_domctl_iomem_permission {
    uint64_t first_mfn;   /* IN: first machine frame */
    uint64_t nr_mfns;     /* IN: frames */
    uint8_t allow_access; /* IN: grant (1) or revoke (0) */
    uint8_t _pad[7];      /* padding */
};
_Static_assert(sizeof(struct xen_domctl_iomem_permission) == 24, "iomem_permission size");

struct xen_domctl_ioport_permission {
    uint32_t first_port;  /* IN: first I/O port */
    uint32_t nr_ports;    /* IN: ports */
    uint8_t allow_access; /* IN: grant (1) or revoke (0) */
    uint8_t _pad[3];      /* padding */
};
_Static_assert(sizeof(struct xen_domctl_ioport_permission) == 12, "ioport_permission size");

struct xen_domctl_memory_mapping {
    uint64_t first_gfn;   /* IN: first guest frame */
    uint64_t first_mfn;   /* IN: first machine frame */
    uint64_t nr_mfns;     /* IN: frames */
    uint32_t add_mapping; /* IN: map (1) or unmap (0) */
    uint32_t padding;     /* padding */
};
_Static_assert(sizeof(struct xen_domctl_memory_mapping) == 32, "memory_mapping size");

struct xen_domctl_set_target {
    domid_t target; /* IN: the domain this one (a device model) serves */
};
_Static_assert(sizeof(struct xen_domctl_set_target) == 2, "set_target size");

/* sendtrigger triggers */
#define XEN_DOMCTL_SENDTRIG_NMI   0 /* an NMI to the vCPU */
#define XEN_DOMCTL_SENDTRIG_RESET 1 /* reset (unused) */
#define XEN_DOMCTL_SENDTRIG_INIT  2 /* INIT (unused) */
#define XEN_DOMCTL_SENDTRIG_POWER 3 /* ACPI power button (HVM) */
#define XEN_DOMCTL_SENDTRIG_SLEEP 4 /* ACPI sleep button (HVM) */

struct xen_domctl_sendtrigger {
    uint32_t trigger; /* IN: XEN_DOMCTL_SENDTRIG_* */
    uint32_t vcpu;    /* IN: the vCPU it goes to */
};
_Static_assert(sizeof(struct xen_domctl_sendtrigger) == 8, "sendtrigger size");

struct xen_domctl_nodeaffinity {
    struct xenctl_bitmap nodemap; /* IN/OUT: NUMA nodes the domain's memory comes from */
};
_Static_assert(sizeof(struct xen_domctl_nodeaffinity) == 16, "nodeaffinity size");

struct xen_domctl {
    uint32_t cmd;               /* XEN_DOMCTL_* */
    uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
    domid_t domain;             /* target domain */
    uint16_t _pad[3];           /* padding */
    union {
        struct xen_domctl_createdomain createdomain;           /* createdomain */
        struct xen_domctl_getdomaininfo getdomaininfo;         /* getdomaininfo */
        struct xen_domctl_max_mem max_mem;                     /* max_mem */
        struct xen_domctl_vcpucontext vcpucontext;             /* set/getvcpucontext */
        struct xen_domctl_getvcpuinfo getvcpuinfo;             /* getvcpuinfo */
        struct xen_domctl_max_vcpus max_vcpus;                 /* max_vcpus */
        struct xen_domctl_setdomainhandle setdomainhandle;     /* setdomainhandle */
        struct xen_domctl_setdebugging setdebugging;           /* setdebugging */
        struct xen_domctl_hypercall_init hypercall_init;       /* hypercall_init */
        struct xen_domctl_settimeoffset settimeoffset;         /* settimeoffset */
        struct xen_domctl_address_size address_size;           /* set/get_address_size */
        struct xen_domctl_vcpuaffinity vcpuaffinity;           /* set/getvcpuaffinity */
        struct xen_domctl_scheduler_op scheduler_op;           /* scheduler_op */
        struct xen_domctl_shadow_op shadow_op;                 /* shadow_op */
        struct xen_domctl_getpageframeinfo3 getpageframeinfo3; /* getpageframeinfo3 */
        struct xen_domctl_set_virq_handler set_virq_handler;   /* set_virq_handler */
        struct xen_domctl_irq_permission irq_permission;       /* irq_permission */
        struct xen_domctl_iomem_permission iomem_permission;   /* iomem_permission */
        struct xen_domctl_ioport_permission ioport_permission; /* ioport_permission */
        struct xen_domctl_memory_mapping memory_mapping;       /* memory_mapping */
        struct xen_domctl_set_target set_target;               /* set_target */
        struct xen_domctl_sendtrigger sendtrigger;             /* sendtrigger */
        struct xen_domctl_nodeaffinity nodeaffinity;           /* set/getnodeaffinity */
        uint8_t pad[128];                                      /* fixes the union size */
    } u;                                                       /* per-command argument */
};
_Static_assert(sizeof(struct xen_domctl) == 144, "xen_domctl size");
_Static_assert(offsetof(struct xen_domctl, domain) == 8, "xen_domctl domain");
_Static_assert(offsetof(struct xen_domctl, u) == 16, "xen_domctl u");

typedef struct xen_arch_domainconfig xen_arch_domainconfig_t;
typedef struct xen_domctl_createdomain xen_domctl_createdomain_t;
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
typedef struct xen_domctl_max_mem xen_domctl_max_mem_t;
typedef struct xen_domctl_vcpucontext xen_domctl_vcpucontext_t;
typedef struct xen_domctl_getvcpuinfo xen_domctl_getvcpuinfo_t;
typedef struct xen_domctl_max_vcpus xen_domctl_max_vcpus_t;
typedef struct xen_domctl_setdomainhandle xen_domctl_setdomainhandle_t;
typedef struct xen_domctl_setdebugging xen_domctl_setdebugging_t;
typedef struct xen_domctl_hypercall_init xen_domctl_hypercall_init_t;
typedef struct xen_domctl_settimeoffset xen_domctl_settimeoffset_t;
typedef struct xen_domctl_address_size xen_domctl_address_size_t;
typedef struct xenctl_bitmap xenctl_bitmap_t;
typedef struct xen_domctl_vcpuaffinity xen_domctl_vcpuaffinity_t;
typedef struct xen_domctl_scheduler_op xen_domctl_scheduler_op_t;
typedef struct xen_domctl_shadow_op xen_domctl_shadow_op_t;
typedef struct xen_domctl_getpageframeinfo3 xen_domctl_getpageframeinfo3_t;
typedef struct xen_domctl_set_virq_handler xen_domctl_set_virq_handler_t;
typedef struct xen_domctl xen_domctl_t;

#endif /* PUBLIC_DOMCTL_H */
