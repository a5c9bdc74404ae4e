/*
 * public/sysctl.h - sysctl(op) (hypercall 35): host-wide control for the
 * toolstack in a privileged domain.
 *
 * Not a stable ABI: interface_version must match (else -XEN_EACCES).  This
 * is Xen 4.17's version 0x15, limited to what an xl-like tool needs.
 */
#ifndef PUBLIC_SYSCTL_H
#define PUBLIC_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

#include "domctl.h"
#include "xen.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

#define XEN_SYSCTL_readconsole            1 /* struct xen_sysctl_readconsole */
#define XEN_SYSCTL_tbuf_op                2
#define XEN_SYSCTL_physinfo               3 /* struct xen_sysctl_physinfo */
#define XEN_SYSCTL_sched_id               4 /* struct xen_sysctl_sched_id */
#define XEN_SYSCTL_perfc_op               5
#define XEN_SYSCTL_getdomaininfolist      6 /* struct xen_sysctl_getdomaininfolist */
#define XEN_SYSCTL_debug_keys             7
#define XEN_SYSCTL_getcpuinfo             8
#define XEN_SYSCTL_availheap              9
#define XEN_SYSCTL_get_pmstat             10
#define XEN_SYSCTL_cpu_hotplug            11
#define XEN_SYSCTL_pm_op                  12
#define XEN_SYSCTL_page_offline_op        14
#define XEN_SYSCTL_lockprof_op            15
#define XEN_SYSCTL_cputopoinfo            16
#define XEN_SYSCTL_numainfo               17
#define XEN_SYSCTL_cpupool_op             18 /* struct xen_sysctl_cpupool_op */
#define XEN_SYSCTL_scheduler_op           19
#define XEN_SYSCTL_coverage_op            20
#define XEN_SYSCTL_psr_cmt_op             21
#define XEN_SYSCTL_pcitopoinfo            22
#define XEN_SYSCTL_psr_alloc              23
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset     26
#define XEN_SYSCTL_livepatch_op           27
#define XEN_SYSCTL_get_cpu_policy         29

/* struct xenctl_bitmap (CPU or node masks) comes from domctl.h. */

/* Read (and optionally clear) the hypervisor's console ring. */
struct xen_sysctl_readconsole {
    uint8_t clear;       /* IN: non-zero clears what was read */
    uint8_t incremental; /* IN: non-zero starts at index */
    uint8_t pad0;        /* padding */
    uint8_t pad1;        /* padding */
    uint32_t index;      /* IN: start index (incremental); OUT: end index */
    uint64_t buffer;     /* guest pointer to char[count] (OUT) */
    uint32_t count;      /* IN: buffer size; OUT: bytes written */
    uint32_t _pad;       /* padding */
};
_Static_assert(sizeof(struct xen_sysctl_readconsole) == 24, "readconsole size");
_Static_assert(offsetof(struct xen_sysctl_readconsole, index) == 4, "readconsole index");
_Static_assert(offsetof(struct xen_sysctl_readconsole, buffer) == 8, "readconsole buffer");
_Static_assert(offsetof(struct xen_sysctl_readconsole, count) == 16, "readconsole count");

/* physinfo capabilities */
#define XEN_SYSCTL_PHYSCAP_hvm                (1U << 0) /* HVM guests possible */
#define XEN_SYSCTL_PHYSCAP_pv                 (1U << 1) /* PV guests possible */
#define XEN_SYSCTL_PHYSCAP_directio           (1U << 2) /* device pass-through with IOMMU */
#define XEN_SYSCTL_PHYSCAP_hap                (1U << 3) /* hardware-assisted paging */
#define XEN_SYSCTL_PHYSCAP_shadow             (1U << 4) /* shadow paging */
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1U << 5) /* IOMMU shares HAP tables */
#define XEN_SYSCTL_PHYSCAP_vmtrace            (1U << 6) /* processor tracing */
#define XEN_SYSCTL_PHYSCAP_vpmu               (1U << 7) /* virtual PMU */
#define XEN_SYSCTL_PHYSCAP_gnttab_v1          (1U << 8) /* grant tables v1 */
#define XEN_SYSCTL_PHYSCAP_gnttab_v2          (1U << 9) /* grant tables v2 */

struct xen_sysctl_physinfo {
    uint32_t threads_per_core;  /* OUT: SMT threads per core */
    uint32_t cores_per_socket;  /* OUT: cores per socket */
    uint32_t nr_cpus;           /* OUT: CPUs online */
    uint32_t max_cpu_id;        /* OUT: highest possible CPU id */
    uint32_t nr_nodes;          /* OUT: NUMA nodes online */
    uint32_t max_node_id;       /* OUT: highest possible node id */
    uint32_t cpu_khz;           /* OUT: CPU frequency in kHz */
    uint32_t capabilities;      /* OUT: XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities; /* OUT: arch-specific bits (none defined on x86) */
    uint32_t pad;               /* padding */
    uint64_t total_pages;       /* OUT: RAM pages */
    uint64_t free_pages;        /* OUT: free pages */
    uint64_t scrub_pages;       /* OUT: pages awaiting scrubbing */
    uint64_t outstanding_pages; /* OUT: claimed pages */
    uint64_t max_mfn;           /* OUT: highest possible MFN */
    uint32_t hw_cap[8];         /* OUT: CPU feature words */
};
_Static_assert(sizeof(struct xen_sysctl_physinfo) == 112, "physinfo size");
_Static_assert(offsetof(struct xen_sysctl_physinfo, capabilities) == 28, "physinfo capabilities");
_Static_assert(offsetof(struct xen_sysctl_physinfo, total_pages) == 40, "physinfo total_pages");
_Static_assert(offsetof(struct xen_sysctl_physinfo, max_mfn) == 72, "physinfo max_mfn");
_Static_assert(offsetof(struct xen_sysctl_physinfo, hw_cap) == 80, "physinfo hw_cap");

/* Scheduler ids (sched_id, cpupool_op). */
#define XEN_SCHEDULER_CREDIT   5
#define XEN_SCHEDULER_CREDIT2  6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS     8
#define XEN_SCHEDULER_NULL     9

struct xen_sysctl_sched_id {
    uint32_t sched_id; /* OUT: XEN_SCHEDULER_* of the default pool */
};
_Static_assert(sizeof(struct xen_sysctl_sched_id) == 4, "sched_id size");

/* Info for up to max_domains domains with id >= first_domain. */
struct xen_sysctl_getdomaininfolist {
    domid_t first_domain; /* IN: lowest domain id to report */
    uint16_t _pad0;       /* padding */
    uint32_t max_domains; /* IN: capacity of buffer */
    uint64_t buffer;      /* guest pointer to struct xen_domctl_getdomaininfo[] */
    uint32_t num_domains; /* OUT: entries written */
    uint32_t _pad1;       /* padding */
};
_Static_assert(sizeof(struct xen_sysctl_getdomaininfolist) == 24, "getdomaininfolist size");
_Static_assert(offsetof(struct xen_sysctl_getdomaininfolist, max_domains) == 4,
               "getdomaininfolist max_domains");
_Static_assert(offsetof(struct xen_sysctl_getdomaininfolist, buffer) == 8,
               "getdomaininfolist buffer");
_Static_assert(offsetof(struct xen_sysctl_getdomaininfolist, num_domains) == 16,
               "getdomaininfolist num_domains");

/* Inject debug keys, as if typed on the hypervisor's console. */
struct xen_sysctl_debug_keys {
    uint64_t keys;    /* IN: guest pointer to char[nr_keys] */
    uint32_t nr_keys; /* IN: number of keys */
    uint32_t _pad;    /* padding */
};
_Static_assert(sizeof(struct xen_sysctl_debug_keys) == 16, "debug_keys size");

/* One physical CPU (getcpuinfo). */
struct xen_sysctl_cpuinfo {
    uint64_t idletime; /* ns this CPU spent idle since boot */
};
_Static_assert(sizeof(struct xen_sysctl_cpuinfo) == 8, "cpuinfo size");

struct xen_sysctl_getcpuinfo {
    uint32_t max_cpus; /* IN: entries in info */
    uint32_t _pad;     /* padding */
    uint64_t info;     /* guest pointer to struct xen_sysctl_cpuinfo[max_cpus] */
    uint32_t nr_cpus;  /* OUT: entries written */
    uint32_t _pad1;    /* padding */
};
_Static_assert(sizeof(struct xen_sysctl_getcpuinfo) == 24, "getcpuinfo size");
_Static_assert(offsetof(struct xen_sysctl_getcpuinfo, nr_cpus) == 16, "getcpuinfo nr_cpus");

/* Free heap memory between two address widths, on one node or all. */
struct xen_sysctl_availheap {
    uint32_t min_bitwidth; /* IN: lowest address width (0: any) */
    uint32_t max_bitwidth; /* IN: highest address width (0: any) */
    int32_t node;          /* IN: NUMA node, -1 for all */
    uint32_t _pad;         /* padding */
    uint64_t avail_bytes;  /* OUT: free bytes in that range */
};
_Static_assert(sizeof(struct xen_sysctl_availheap) == 24, "availheap size");
_Static_assert(offsetof(struct xen_sysctl_availheap, avail_bytes) == 16, "availheap avail_bytes");

#define XEN_INVALID_CORE_ID   (~0U)
#define XEN_INVALID_SOCKET_ID (~0U)
#define XEN_INVALID_NODE_ID   (~0U)
#define XEN_INVALID_MEM_SZ    (~0ULL)
#define XEN_INVALID_NODE_DIST (~0U)

/* Where one CPU sits (cputopoinfo). */
struct xen_sysctl_cputopo {
    uint32_t core;   /* core id, or XEN_INVALID_CORE_ID */
    uint32_t socket; /* socket id, or XEN_INVALID_SOCKET_ID */
    uint32_t node;   /* NUMA node, or XEN_INVALID_NODE_ID */
};
_Static_assert(sizeof(struct xen_sysctl_cputopo) == 12, "cputopo size");

struct xen_sysctl_cputopoinfo {
    uint32_t num_cpus; /* IN: entries in cputopo; OUT: CPU ids there are (NULL cputopo) or
                          entries written */
    uint32_t _pad;     /* padding */
    uint64_t cputopo;  /* guest pointer to struct xen_sysctl_cputopo[num_cpus], or 0 */
};
_Static_assert(sizeof(struct xen_sysctl_cputopoinfo) == 16, "cputopoinfo size");

/* One node's memory (numainfo). */
struct xen_sysctl_meminfo {
    uint64_t memsize; /* bytes the node spans, or XEN_INVALID_MEM_SZ */
    uint64_t memfree; /* bytes free on it, or XEN_INVALID_MEM_SZ */
};
_Static_assert(sizeof(struct xen_sysctl_meminfo) == 16, "meminfo size");

struct xen_sysctl_numainfo {
    uint32_t num_nodes; /* IN: entries; OUT: nodes there are (both NULL) or entries written */
    uint32_t _pad;      /* padding */
    uint64_t meminfo;   /* guest pointer to struct xen_sysctl_meminfo[num_nodes], or 0 */
    uint64_t distance;  /* guest pointer to uint32_t[num_nodes][num_nodes], or 0 */
};
_Static_assert(sizeof(struct xen_sysctl_numainfo) == 24, "numainfo size");

/* Trace buffers (tbuf_op). */
#define XEN_SYSCTL_TBUFOP_get_info     0
#define XEN_SYSCTL_TBUFOP_set_cpu_mask 1
#define XEN_SYSCTL_TBUFOP_set_evt_mask 2
#define XEN_SYSCTL_TBUFOP_set_size     3
#define XEN_SYSCTL_TBUFOP_enable       4
#define XEN_SYSCTL_TBUFOP_disable      5

struct xen_sysctl_tbuf_op {
    uint32_t cmd;                  /* IN: XEN_SYSCTL_TBUFOP_* */
    uint32_t _pad;                 /* padding */
    struct xenctl_bitmap cpu_mask; /* IN/OUT: CPUs traced */
    uint32_t evt_mask;             /* IN/OUT: event classes traced */
    uint32_t _pad1;                /* padding */
    uint64_t buffer_mfn;           /* OUT: the trace buffers' first frame */
    uint32_t size;                 /* IN/OUT: pages per CPU */
    uint32_t _pad2;                /* padding */
};
_Static_assert(sizeof(struct xen_sysctl_tbuf_op) == 48, "tbuf_op size");

/* CPU hotplug (cpu_hotplug). */
#define XEN_SYSCTL_CPU_HOTPLUG_ONLINE      0
#define XEN_SYSCTL_CPU_HOTPLUG_OFFLINE     1
#define XEN_SYSCTL_CPU_HOTPLUG_SMT_ENABLE  2
#define XEN_SYSCTL_CPU_HOTPLUG_SMT_DISABLE 3

struct xen_sysctl_cpu_hotplug {
    uint32_t cpu; /* IN: physical CPU (ONLINE/OFFLINE) */
    uint32_t op;  /* IN: XEN_SYSCTL_CPU_HOTPLUG_* */
};
_Static_assert(sizeof(struct xen_sysctl_cpu_hotplug) == 8, "cpu_hotplug size");

/* Which CPUID/MSR levelling the hardware can do (get_cpu_levelling_caps). */
#define XEN_SYSCTL_CPU_LEVELCAP_faulting    (1U << 0) /* CPUID faulting */
#define XEN_SYSCTL_CPU_LEVELCAP_ecx         (1U << 1) /* leaf 1 ECX mask */
#define XEN_SYSCTL_CPU_LEVELCAP_edx         (1U << 2) /* leaf 1 EDX mask */
#define XEN_SYSCTL_CPU_LEVELCAP_extd_ecx    (1U << 3) /* leaf 0x80000001 ECX mask */
#define XEN_SYSCTL_CPU_LEVELCAP_extd_edx    (1U << 4) /* leaf 0x80000001 EDX mask */
#define XEN_SYSCTL_CPU_LEVELCAP_xsave_eax   (1U << 5) /* leaf 0xd[1] EAX mask */
#define XEN_SYSCTL_CPU_LEVELCAP_thermal_ecx (1U << 6) /* leaf 6 ECX mask */
#define XEN_SYSCTL_CPU_LEVELCAP_l7s0_eax    (1U << 7) /* leaf 7[0] EAX mask */
#define XEN_SYSCTL_CPU_LEVELCAP_l7s0_ebx    (1U << 8) /* leaf 7[0] EBX mask */
struct xen_sysctl_cpu_levelling_caps {
    uint32_t caps; /* OUT: XEN_SYSCTL_CPU_LEVELCAP_* */
};

/* A featureset (get_cpu_featureset): Xen's feature words, in its order. */
#define XEN_SYSCTL_cpu_featureset_raw     0
#define XEN_SYSCTL_cpu_featureset_host    1
#define XEN_SYSCTL_cpu_featureset_pv      2
#define XEN_SYSCTL_cpu_featureset_hvm     3
#define XEN_SYSCTL_cpu_featureset_pv_max  4
#define XEN_SYSCTL_cpu_featureset_hvm_max 5

struct xen_sysctl_cpu_featureset {
    uint32_t index;       /* IN: XEN_SYSCTL_cpu_featureset_* */
    uint32_t nr_features; /* IN: words in features; OUT: words written, or the
                             number there are when features is 0 */
    uint64_t features;    /* guest pointer to uint32_t[nr_features], or 0 */
};
_Static_assert(sizeof(struct xen_sysctl_cpu_featureset) == 16, "cpu_featureset size");

/* A system CPU policy (get_cpu_policy), serialised as public/cpu_policy.h arrays. */
#define XEN_SYSCTL_cpu_policy_raw         0
#define XEN_SYSCTL_cpu_policy_host        1
#define XEN_SYSCTL_cpu_policy_pv_max      2
#define XEN_SYSCTL_cpu_policy_hvm_max     3
#define XEN_SYSCTL_cpu_policy_pv_default  4
#define XEN_SYSCTL_cpu_policy_hvm_default 5

struct xen_sysctl_cpu_policy {
    uint32_t index;        /* IN: XEN_SYSCTL_cpu_policy_* */
    uint32_t nr_leaves;    /* IN: entries in cpuid_policy; OUT: written, or the most there
                              can be when cpuid_policy is 0 */
    uint32_t nr_msrs;      /* IN/OUT: the same for msr_policy */
    uint32_t _rsvd;        /* must be zero */
    uint64_t cpuid_policy; /* guest pointer to xen_cpuid_leaf_t[nr_leaves], or 0 */
    uint64_t msr_policy;   /* guest pointer to xen_msr_entry_t[nr_msrs], or 0 */
};
_Static_assert(sizeof(struct xen_sysctl_cpu_policy) == 32, "cpu_policy size");

#define XEN_SYSCTL_CPUPOOL_OP_CREATE     1           /* create a pool */
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY    2           /* destroy a pool */
#define XEN_SYSCTL_CPUPOOL_OP_INFO       3           /* describe pool >= cpupool_id */
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU     4           /* add a CPU */
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU      5           /* remove a CPU */
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN 6           /* move a domain */
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO   7           /* CPUs in no pool */
#define XEN_SYSCTL_CPUPOOL_PAR_ANY       0xFFFFFFFFU /* any pool id / any CPU */

struct xen_sysctl_cpupool_op {
    uint32_t op;                 /* IN: XEN_SYSCTL_CPUPOOL_OP_* */
    uint32_t cpupool_id;         /* IN/OUT: pool id */
    uint32_t sched_id;           /* IN (create) / OUT (info): XEN_SCHEDULER_* */
    uint32_t domid;              /* IN: domain to move */
    uint32_t cpu;                /* IN: CPU to add/remove */
    uint32_t n_dom;              /* OUT: domains in the pool */
    struct xenctl_bitmap cpumap; /* OUT: CPUs in the pool (or free) */
};
_Static_assert(sizeof(struct xen_sysctl_cpupool_op) == 40, "cpupool_op size");
_Static_assert(offsetof(struct xen_sysctl_cpupool_op, cpumap) == 24, "cpupool_op cpumap");

/* Power-management statistics (get_pmstat); the C-state part only. */
#define PMSTAT_CATEGORY_MASK 0xf0
#define PMSTAT_PX            0x10
#define PMSTAT_CX            0x20
#define PMSTAT_get_max_px    (PMSTAT_PX | 0x1)
#define PMSTAT_get_pxstat    (PMSTAT_PX | 0x2)
#define PMSTAT_reset_pxstat  (PMSTAT_PX | 0x3)
#define PMSTAT_get_max_cx    (PMSTAT_CX | 0x1)
#define PMSTAT_get_cxstat    (PMSTAT_CX | 0x2)
#define PMSTAT_reset_cxstat  (PMSTAT_CX | 0x3)

struct xen_sysctl_get_pmstat {
    uint32_t type;  /* IN: PMSTAT_* */
    uint32_t cpuid; /* IN: the CPU */
    union {
        struct pm_cx_stat {
            uint32_t nr;          /* IN: entries in triggers/residencies; OUT: C-states */
            uint32_t last;        /* OUT: the last C-state entered */
            uint64_t idle_time;   /* OUT: ns idle since boot */
            uint64_t triggers;    /* guest pointer to uint64_t[nr]: entries per C-state */
            uint64_t residencies; /* guest pointer to uint64_t[nr]: ns per C-state */
            uint32_t nr_pc;       /* IN: entries in pc; OUT: package C-states counted */
            uint32_t nr_cc;       /* IN: entries in cc; OUT: core C-states counted */
            uint64_t pc, cc;      /* guest pointers to uint64_t[nr_pc], [nr_cc] */
        } getcx;                  /* get_max_cx (nr only), get_cxstat */
        uint8_t pad[72];          /* the P-state and full C-state records */
    } u;                          /* per type */
};
_Static_assert(offsetof(struct xen_sysctl_get_pmstat, u) == 8, "get_pmstat u");

/* Power-management settings (pm_op): only the scheduler and C-state commands. */
#define PM_PARA_CATEGORY_MASK              0xf0
#define CPUFREQ_PARA                       0x10
#define XEN_SYSCTL_pm_op_set_sched_opt_smt 0x21
#define XEN_SYSCTL_pm_op_get_max_cstate    0x22
#define XEN_SYSCTL_pm_op_set_max_cstate    0x23
#define XEN_SYSCTL_pm_op_enable_turbo      0x26
#define XEN_SYSCTL_pm_op_disable_turbo     0x27

struct xen_sysctl_pm_op {
    uint32_t cmd;   /* IN: a command above, or a CPUFREQ_PARA one */
    uint32_t cpuid; /* IN: the CPU (C-state limits: 0 the state, 1 the sub-state) */
    union {
        uint32_t set_sched_opt_smt; /* IN: new value; OUT: the old one */
        uint32_t get_max_cstate;    /* OUT */
        uint32_t set_max_cstate;    /* IN */
        uint8_t pad[112];           /* the cpufreq records */
    } u;                            /* per command */
};
_Static_assert(offsetof(struct xen_sysctl_pm_op, u) == 8, "pm_op u");

/* Page offlining (page_offline_op). */
#define sysctl_page_offline       1
#define sysctl_page_online        2
#define sysctl_query_page_offline 3
#define PG_OFFLINE_INVALID        (1U << 0) /* not handled */
#define PG_ONLINE_ONLINED         (1U << 1) /* online: it is */

struct xen_sysctl_page_offline_op {
    uint32_t cmd;    /* IN: sysctl_page_offline / _online / sysctl_query_page_offline */
    uint32_t start;  /* IN: first frame */
    uint32_t end;    /* IN: last frame */
    uint32_t _pad;   /* padding */
    uint64_t status; /* guest pointer to uint32_t[end - start + 1] (OUT) */
};
_Static_assert(sizeof(struct xen_sysctl_page_offline_op) == 24, "page_offline_op size");

/* Live patching (livepatch_op). */
#define XEN_SYSCTL_LIVEPATCH_UPLOAD 0
#define XEN_SYSCTL_LIVEPATCH_GET    1
#define XEN_SYSCTL_LIVEPATCH_LIST   2
#define XEN_SYSCTL_LIVEPATCH_ACTION 3
#define XEN_LIVEPATCH_NAME_SIZE     128

struct xen_livepatch_name {
    uint64_t name;   /* guest pointer to char[size], NUL-terminated */
    uint16_t size;   /* bytes, the NUL included */
    uint16_t pad[3]; /* must be zero */
};
_Static_assert(sizeof(struct xen_livepatch_name) == 16, "livepatch name size");

struct xen_sysctl_livepatch_list {
    uint32_t version;                                   /* OUT: changes when the list does */
    uint32_t idx;                                       /* IN: first payload */
    uint32_t nr;                                        /* IN: entries wanted; OUT: payloads left */
    uint32_t pad;                                       /* must be zero */
    uint32_t name_total_size;                           /* OUT */
    uint32_t metadata_total_size;                       /* OUT */
    uint64_t status, name, len, metadata, metadata_len; /* guest arrays */
};

struct xen_sysctl_livepatch_op {
    uint32_t cmd; /* IN: XEN_SYSCTL_LIVEPATCH_* */
    uint32_t pad; /* must be zero */
    union {
        struct {
            struct xen_livepatch_name name; /* IN */
            uint64_t size;                  /* IN: payload bytes */
            uint64_t payload;               /* IN: guest pointer to the ELF */
        } upload;
        struct {
            struct xen_livepatch_name name; /* IN */
            uint32_t state, rc;             /* OUT */
        } get;
        struct xen_sysctl_livepatch_list list;
        struct {
            struct xen_livepatch_name name; /* IN */
            uint32_t cmd, timeout, flags, pad;
        } action;
    } u; /* per command */
};
_Static_assert(offsetof(struct xen_sysctl_livepatch_op, u) == 8, "livepatch_op u");

/* The NUMA node of PCI devices (pcitopoinfo). */
#define XEN_INVALID_DEV (XEN_INVALID_NODE_ID - 1) /* no such device */

struct xen_sysctl_pcitopoinfo {
    uint32_t num_devs; /* IN: entries; OUT: entries done */
    uint32_t _pad;     /* padding */
    uint64_t devs;     /* guest pointer to { uint16_t seg; uint8_t bus, devfn; }[num_devs] */
    uint64_t nodes;    /* guest pointer to uint32_t[num_devs] (OUT) */
};
_Static_assert(sizeof(struct xen_sysctl_pcitopoinfo) == 24, "pcitopoinfo size");

/* Cache QoS (psr_alloc). */
#define XEN_SYSCTL_PSR_get_l3_info  0
#define XEN_SYSCTL_PSR_get_l2_info  1
#define XEN_SYSCTL_PSR_get_mba_info 2

/* Scheduler-wide parameters of one pool (scheduler_op). */
#define XEN_SYSCTL_SCHEDOP_putinfo       0
#define XEN_SYSCTL_SCHEDOP_getinfo       1
#define XEN_SYSCTL_SCHED_RATELIMIT_MAX   500000 /* us */
#define XEN_SYSCTL_SCHED_RATELIMIT_MIN   100    /* us */
#define XEN_SYSCTL_CSCHED_TSLICE_MAX     1000   /* ms */
#define XEN_SYSCTL_CSCHED_TSLICE_MIN     1      /* ms */
#define XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US 100000 /* us */

struct xen_sysctl_credit_schedule {
    uint32_t tslice_ms;          /* time slice */
    uint32_t ratelimit_us;       /* least run before preemption, 0: none */
    uint32_t vcpu_migr_delay_us; /* cache-hot time before migration */
};

struct xen_sysctl_credit2_schedule {
    uint32_t ratelimit_us; /* least run before preemption, 0: none */
};

struct xen_sysctl_scheduler_op {
    uint32_t cpupool_id; /* IN: the pool */
    uint32_t sched_id;   /* IN: XEN_SCHEDULER_* it must run */
    uint32_t cmd;        /* IN: XEN_SYSCTL_SCHEDOP_* */
    uint32_t _pad;       /* padding */
    union {
        struct xen_sysctl_credit_schedule sched_credit;   /* credit */
        struct xen_sysctl_credit2_schedule sched_credit2; /* credit2 */
        uint8_t pad[16];                                  /* the other schedulers' room */
    } u;                                                  /* IN (putinfo) / OUT (getinfo) */
};
_Static_assert(offsetof(struct xen_sysctl_scheduler_op, u) == 16, "scheduler_op u");

struct xen_sysctl {
    uint32_t cmd;               /* XEN_SYSCTL_* */
    uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_readconsole readconsole;               /* readconsole */
        struct xen_sysctl_physinfo physinfo;                     /* physinfo */
        struct xen_sysctl_sched_id sched_id;                     /* sched_id */
        struct xen_sysctl_getdomaininfolist getdomaininfolist;   /* getdomaininfolist */
        struct xen_sysctl_cpupool_op cpupool_op;                 /* cpupool_op */
        struct xen_sysctl_debug_keys debug_keys;                 /* debug_keys */
        struct xen_sysctl_getcpuinfo getcpuinfo;                 /* getcpuinfo */
        struct xen_sysctl_availheap availheap;                   /* availheap */
        struct xen_sysctl_cputopoinfo cputopoinfo;               /* cputopoinfo */
        struct xen_sysctl_numainfo numainfo;                     /* numainfo */
        struct xen_sysctl_tbuf_op tbuf_op;                       /* tbuf_op */
        struct xen_sysctl_cpu_hotplug cpu_hotplug;               /* cpu_hotplug */
        struct xen_sysctl_cpu_levelling_caps cpu_levelling_caps; /* get_cpu_levelling_caps */
        struct xen_sysctl_cpu_featureset cpu_featureset;         /* get_cpu_featureset */
        struct xen_sysctl_cpu_policy cpu_policy;                 /* get_cpu_policy */
        struct xen_sysctl_scheduler_op scheduler_op;             /* scheduler_op */
        struct xen_sysctl_get_pmstat get_pmstat;                 /* get_pmstat */
        struct xen_sysctl_pm_op pm_op;                           /* pm_op */
        struct xen_sysctl_page_offline_op page_offline;          /* page_offline_op */
        struct xen_sysctl_livepatch_op livepatch;                /* livepatch_op */
        struct xen_sysctl_pcitopoinfo pcitopoinfo;               /* pcitopoinfo */
        uint8_t pad[128];                                        /* fixes the union size */
    } u;                                                         /* per-command argument */
};
_Static_assert(sizeof(struct xen_sysctl) == 136, "xen_sysctl size");
_Static_assert(offsetof(struct xen_sysctl, u) == 8, "xen_sysctl u");

typedef struct xen_sysctl_readconsole xen_sysctl_readconsole_t;
typedef struct xen_sysctl_physinfo xen_sysctl_physinfo_t;
typedef struct xen_sysctl_sched_id xen_sysctl_sched_id_t;
typedef struct xen_sysctl_getdomaininfolist xen_sysctl_getdomaininfolist_t;
typedef struct xen_sysctl_cpupool_op xen_sysctl_cpupool_op_t;
typedef struct xen_sysctl_debug_keys xen_sysctl_debug_keys_t;
typedef struct xen_sysctl_cpuinfo xen_sysctl_cpuinfo_t;
typedef struct xen_sysctl_getcpuinfo xen_sysctl_getcpuinfo_t;
typedef struct xen_sysctl_availheap xen_sysctl_availheap_t;
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;
typedef struct xen_sysctl_cputopoinfo xen_sysctl_cputopoinfo_t;
typedef struct xen_sysctl_meminfo xen_sysctl_meminfo_t;
typedef struct xen_sysctl_numainfo xen_sysctl_numainfo_t;
typedef struct xen_sysctl_tbuf_op xen_sysctl_tbuf_op_t;
typedef struct xen_sysctl_cpu_hotplug xen_sysctl_cpu_hotplug_t;
typedef struct xen_sysctl_cpu_levelling_caps xen_sysctl_cpu_levelling_caps_t;
typedef struct xen_sysctl_cpu_featureset xen_sysctl_cpu_featureset_t;
typedef struct xen_sysctl_cpu_policy xen_sysctl_cpu_policy_t;
typedef struct xen_sysctl_scheduler_op xen_sysctl_scheduler_op_t;
typedef struct xen_sysctl xen_sysctl_t;

#endif /* PUBLIC_SYSCTL_H */
