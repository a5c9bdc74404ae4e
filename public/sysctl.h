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

struct xen_sysctl {
    uint32_t cmd;               /* XEN_SYSCTL_* */
    uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_readconsole readconsole;             /* readconsole */
        struct xen_sysctl_physinfo physinfo;                   /* physinfo */
        struct xen_sysctl_sched_id sched_id;                   /* sched_id */
        struct xen_sysctl_getdomaininfolist getdomaininfolist; /* getdomaininfolist */
        struct xen_sysctl_cpupool_op cpupool_op;               /* cpupool_op */
        uint8_t pad[128];                                      /* fixes the union size */
    } u;                                                       /* per-command argument */
};
_Static_assert(sizeof(struct xen_sysctl) == 136, "xen_sysctl size");
_Static_assert(offsetof(struct xen_sysctl, u) == 8, "xen_sysctl u");

typedef struct xenctl_bitmap xenctl_bitmap_t;
typedef struct xen_sysctl_readconsole xen_sysctl_readconsole_t;
typedef struct xen_sysctl_physinfo xen_sysctl_physinfo_t;
typedef struct xen_sysctl_sched_id xen_sysctl_sched_id_t;
typedef struct xen_sysctl_getdomaininfolist xen_sysctl_getdomaininfolist_t;
typedef struct xen_sysctl_cpupool_op xen_sysctl_cpupool_op_t;
typedef struct xen_sysctl xen_sysctl_t;

#endif /* PUBLIC_SYSCTL_H */
