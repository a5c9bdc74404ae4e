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

#define XEN_DOMCTL_createdomain        1 /* struct xen_domctl_createdomain */
#define XEN_DOMCTL_destroydomain       2 /* no argument; continues internally */
#define XEN_DOMCTL_pausedomain         3 /* no argument */
#define XEN_DOMCTL_unpausedomain       4 /* no argument */
#define XEN_DOMCTL_getdomaininfo       5 /* struct xen_domctl_getdomaininfo */
#define XEN_DOMCTL_setvcpuaffinity     9
#define XEN_DOMCTL_shadow_op           10
#define XEN_DOMCTL_max_mem             11 /* struct xen_domctl_max_mem */
#define XEN_DOMCTL_setvcpucontext      12 /* struct xen_domctl_vcpucontext */
#define XEN_DOMCTL_getvcpucontext      13 /* struct xen_domctl_vcpucontext */
#define XEN_DOMCTL_getvcpuinfo         14 /* struct xen_domctl_getvcpuinfo */
#define XEN_DOMCTL_max_vcpus           15 /* struct xen_domctl_max_vcpus */
#define XEN_DOMCTL_scheduler_op        16
#define XEN_DOMCTL_setdomainhandle     17 /* struct xen_domctl_setdomainhandle */
#define XEN_DOMCTL_setdebugging        18
#define XEN_DOMCTL_irq_permission      19
#define XEN_DOMCTL_iomem_permission    20
#define XEN_DOMCTL_ioport_permission   21
#define XEN_DOMCTL_hypercall_init      22 /* struct xen_domctl_hypercall_init */
#define XEN_DOMCTL_settimeoffset       24 /* struct xen_domctl_settimeoffset */
#define XEN_DOMCTL_getvcpuaffinity     25
#define XEN_DOMCTL_resumedomain        27 /* no argument */
#define XEN_DOMCTL_sendtrigger         28
#define XEN_DOMCTL_set_address_size    35 /* struct xen_domctl_address_size */
#define XEN_DOMCTL_get_address_size    36 /* struct xen_domctl_address_size */
#define XEN_DOMCTL_set_ext_vcpucontext 42
#define XEN_DOMCTL_get_ext_vcpucontext 43
#define XEN_DOMCTL_set_target          46
#define XEN_DOMCTL_set_virq_handler    66
#define XEN_DOMCTL_soft_reset          79
#define XEN_DOMCTL_get_cpu_policy      82
#define XEN_DOMCTL_set_cpu_policy      83

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

struct xen_domctl {
    uint32_t cmd;               /* XEN_DOMCTL_* */
    uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
    domid_t domain;             /* target domain */
    uint16_t _pad[3];           /* padding */
    union {
        struct xen_domctl_createdomain createdomain;       /* createdomain */
        struct xen_domctl_getdomaininfo getdomaininfo;     /* getdomaininfo */
        struct xen_domctl_max_mem max_mem;                 /* max_mem */
        struct xen_domctl_vcpucontext vcpucontext;         /* set/getvcpucontext */
        struct xen_domctl_getvcpuinfo getvcpuinfo;         /* getvcpuinfo */
        struct xen_domctl_max_vcpus max_vcpus;             /* max_vcpus */
        struct xen_domctl_setdomainhandle setdomainhandle; /* setdomainhandle */
        struct xen_domctl_setdebugging setdebugging;       /* setdebugging */
        struct xen_domctl_hypercall_init hypercall_init;   /* hypercall_init */
        struct xen_domctl_settimeoffset settimeoffset;     /* settimeoffset */
        struct xen_domctl_address_size address_size;       /* set/get_address_size */
        uint8_t pad[128];                                  /* fixes the union size */
    } u;                                                   /* per-command argument */
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
typedef struct xen_domctl xen_domctl_t;

#endif /* PUBLIC_DOMCTL_H */
