/*
 * public/memory.h - memory_op(cmd, arg) (hypercall 12).
 *
 * Growing and shrinking a domain's memory, exchanging frames, and reading
 * memory maps.  cmd bits 0-5 select the sub-op; bits 6 and up carry a
 * start extent the hypervisor uses for its own continuations, so guests
 * pass 0 there.  increase/decrease_reservation and populate_physmap return
 * the number of extents done, never a negative error.
 */
#ifndef PUBLIC_MEMORY_H
#define PUBLIC_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

#define MEMOP_EXTENT_SHIFT 6                               /* cmd bits of the start extent */
#define MEMOP_CMD_MASK     ((1 << MEMOP_EXTENT_SHIFT) - 1) /* cmd bits of the sub-op */

#define XENMEM_increase_reservation 0 /* struct xen_memory_reservation */
#define XENMEM_decrease_reservation 1 /* struct xen_memory_reservation */
#define XENMEM_maximum_ram_page     2 /* arg NULL: highest RAM MFN + 1 */
#define XENMEM_current_reservation  3 /* domid_t: pages owned */
#define XENMEM_maximum_reservation  4 /* domid_t: page limit */
#define XENMEM_machphys_mfn_list    5 /* struct xen_machphys_mfn_list */
#define XENMEM_populate_physmap     6 /* struct xen_memory_reservation */
#define XENMEM_add_to_physmap       7 /* struct xen_add_to_physmap */
/* 8 was translate_gpfn_list, removed */
#define XENMEM_memory_map                 9  /* struct xen_memory_map: own e820 */
#define XENMEM_machine_memory_map         10 /* struct xen_memory_map: host e820 */
#define XENMEM_exchange                   11 /* struct xen_memory_exchange */
#define XENMEM_machphys_mapping           12 /* struct xen_machphys_mapping */
#define XENMEM_set_memory_map             13 /* struct xen_foreign_memory_map */
#define XENMEM_maximum_gpfn               14 /* domid_t: highest PFN in use */
#define XENMEM_remove_from_physmap        15 /* struct xen_remove_from_physmap */
#define XENMEM_set_pod_target             16 /* HVM populate-on-demand */
#define XENMEM_get_pod_target             17 /* HVM populate-on-demand */
#define XENMEM_get_sharing_freed_pages    18 /* memory sharing statistics */
#define XENMEM_get_sharing_shared_pages   19 /* memory sharing statistics */
#define XENMEM_paging_op                  20 /* memory paging */
#define XENMEM_access_op                  21 /* memory access control */
#define XENMEM_sharing_op                 22 /* memory sharing */
#define XENMEM_add_to_physmap_batch       23 /* translated guests */
#define XENMEM_claim_pages                24 /* struct xen_memory_reservation, no extents */
#define XENMEM_machphys_compat_mfn_list   25 /* compat M2P frames */
#define XENMEM_get_vnumainfo              26 /* virtual NUMA layout */
#define XENMEM_reserved_device_memory_map 27 /* reserved device memory */
#define XENMEM_acquire_resource           28 /* map grant table / ioreq frames */

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x)     (x) /* allocate below 2^x (0 = any) */
#define XENMEMF_get_address_bits(x) ((x)&0xffU)
#define XENMEMF_node(x)             (((x) + 1) << 8) /* prefer NUMA node x */
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffU)
#define XENMEMF_populate_on_demand  (1 << 16) /* HVM populate-on-demand */
#define XENMEMF_exact_node_request  (1 << 17) /* the node is required */
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode               (1 << 18) /* node is a virtual node */

struct xen_memory_reservation {
    uint64_t extent_start;  /* guest pointer to xen_pfn_t[nr_extents] (IN and/or OUT) */
    xen_ulong_t nr_extents; /* number of extents */
    uint32_t extent_order;  /* each extent is 2^order contiguous pages */
    uint32_t mem_flags;     /* XENMEMF_* */
    domid_t domid;          /* target domain (DOMID_SELF) */
    uint16_t _pad[3];       /* padding */
};
_Static_assert(sizeof(struct xen_memory_reservation) == 32, "memory_reservation size");
_Static_assert(offsetof(struct xen_memory_reservation, nr_extents) == 8, "reservation nr_extents");
_Static_assert(offsetof(struct xen_memory_reservation, extent_order) == 16,
               "reservation extent_order");
_Static_assert(offsetof(struct xen_memory_reservation, mem_flags) == 20, "reservation mem_flags");
_Static_assert(offsetof(struct xen_memory_reservation, domid) == 24, "reservation domid");

/*
 * Trade the frames in `in` for newly allocated ones described by `out`.
 * in.nr_extents << in.extent_order must equal out's; nr_exchanged must be
 * zero on entry and reports progress on failure.
 */
struct xen_memory_exchange {
    struct xen_memory_reservation in;  /* IN: frames to give up */
    struct xen_memory_reservation out; /* IN: PFNs to fill; OUT: their new MFNs */
    xen_ulong_t nr_exchanged;          /* OUT: input extents exchanged */
};
_Static_assert(sizeof(struct xen_memory_exchange) == 72, "exchange size");
_Static_assert(offsetof(struct xen_memory_exchange, out) == 32, "exchange out");
_Static_assert(offsetof(struct xen_memory_exchange, nr_exchanged) == 64, "exchange nr_exchanged");

/* MFNs of the 2 MiB chunks backing the M2P table. */
struct xen_machphys_mfn_list {
    uint32_t max_extents;  /* IN: capacity of extent_start */
    uint32_t _pad0;        /* padding */
    uint64_t extent_start; /* guest pointer to xen_pfn_t[max_extents] (OUT) */
    uint32_t nr_extents;   /* OUT: entries written */
    uint32_t _pad1;        /* padding */
};
_Static_assert(sizeof(struct xen_machphys_mfn_list) == 24, "machphys_mfn_list size");
_Static_assert(offsetof(struct xen_machphys_mfn_list, extent_start) == 8,
               "machphys_mfn_list extent_start");
_Static_assert(offsetof(struct xen_machphys_mfn_list, nr_extents) == 16,
               "machphys_mfn_list nr_extents");

/* Where the read-only M2P table is mapped. */
struct xen_machphys_mapping {
    xen_ulong_t v_start; /* first virtual address of the M2P */
    xen_ulong_t v_end;   /* end (exclusive) of the M2P */
    xen_ulong_t max_mfn; /* highest MFN the M2P can describe */
};
_Static_assert(sizeof(struct xen_machphys_mapping) == 24, "machphys_mapping size");
_Static_assert(offsetof(struct xen_machphys_mapping, max_mfn) == 16, "machphys_mapping max_mfn");

/* xen_add_to_physmap.space */
#define XENMAPSPACE_shared_info  0 /* the shared_info page */
#define XENMAPSPACE_grant_table  1 /* a grant table frame */
#define XENMAPSPACE_gmfn         2 /* an existing guest frame */
#define XENMAPSPACE_gmfn_range   3 /* a range of guest frames */
#define XENMAPSPACE_gmfn_foreign 4 /* a frame of another domain */
#define XENMAPSPACE_dev_mmio     5 /* device MMIO (Arm) */

/* OR into idx with XENMAPSPACE_grant_table to map a v2 status frame. */
#define XENMAPIDX_grant_table_status 0x80000000U

/* Translated guests only; a PV caller gets -XEN_EACCES. */
struct xen_add_to_physmap {
    domid_t domid;   /* domain whose physmap changes */
    uint16_t size;   /* number of frames for gmfn_range */
    uint32_t space;  /* XENMAPSPACE_* */
    xen_ulong_t idx; /* index within the source space */
    xen_pfn_t gpfn;  /* guest frame to map it at */
};
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "add_to_physmap size");
_Static_assert(offsetof(struct xen_add_to_physmap, size) == 2, "add_to_physmap size field");
_Static_assert(offsetof(struct xen_add_to_physmap, space) == 4, "add_to_physmap space");
_Static_assert(offsetof(struct xen_add_to_physmap, idx) == 8, "add_to_physmap idx");
_Static_assert(offsetof(struct xen_add_to_physmap, gpfn) == 16, "add_to_physmap gpfn");

/* Translated guests only. */
struct xen_remove_from_physmap {
    domid_t domid;    /* domain whose physmap changes */
    uint16_t _pad[3]; /* padding */
    xen_pfn_t gpfn;   /* guest frame to unmap */
};
_Static_assert(sizeof(struct xen_remove_from_physmap) == 16, "remove_from_physmap size");
_Static_assert(offsetof(struct xen_remove_from_physmap, gpfn) == 8, "remove_from_physmap gpfn");

/* E820 memory types found in xen_e820_entry.type. */
#define XEN_E820_RAM      1 /* usable RAM */
#define XEN_E820_RESERVED 2 /* reserved */
#define XEN_E820_ACPI     3 /* ACPI reclaimable */
#define XEN_E820_NVS      4 /* ACPI non-volatile storage */
#define XEN_E820_UNUSABLE 5 /* unusable */

/* One e820 entry as the memory-map calls exchange them: 20 bytes, packed. */
struct xen_e820_entry {
    uint64_t addr; /* start physical address */
    uint64_t size; /* length in bytes */
    uint32_t type; /* XEN_E820_* */
} __attribute__((packed));
_Static_assert(sizeof(struct xen_e820_entry) == 20, "e820 entry size");
_Static_assert(offsetof(struct xen_e820_entry, size) == 8, "e820 size field");
_Static_assert(offsetof(struct xen_e820_entry, type) == 16, "e820 type");

/* XENMEM_set_memory_map accepts at most this many entries. */
#define XENMEM_MAX_E820_ENTRIES 1024

struct xen_memory_map {
    uint32_t nr_entries; /* IN: capacity of buffer; OUT: entries written */
    uint32_t _pad;       /* padding */
    uint64_t buffer;     /* guest pointer to struct xen_e820_entry[] */
};
_Static_assert(sizeof(struct xen_memory_map) == 16, "memory_map size");
_Static_assert(offsetof(struct xen_memory_map, buffer) == 8, "memory_map buffer");

struct xen_foreign_memory_map {
    domid_t domid;             /* domain whose map is set */
    uint16_t _pad[3];          /* padding */
    struct xen_memory_map map; /* the map */
};
_Static_assert(sizeof(struct xen_foreign_memory_map) == 24, "foreign_memory_map size");
_Static_assert(offsetof(struct xen_foreign_memory_map, map) == 8, "foreign_memory_map map");

/*
 * XENMEM_acquire_resource: the frames of another domain's resource, for a
 * privileged caller to map with mmu_update (as the toolstack maps a new
 * domain's grant table to seed its console and xenstore grants).
 */
#define XENMEM_resource_ioreq_server          0 /* HVM only */
#define XENMEM_resource_grant_table           1
#define XENMEM_resource_vmtrace_buf           2 /* HVM only */
#define XENMEM_resource_grant_table_id_shared 0 /* the entries */
#define XENMEM_resource_grant_table_id_status 1 /* v2 status frames */

struct xen_mem_acquire_resource {
    domid_t domid;       /* IN: the domain whose resource it is */
    uint16_t type;       /* IN: XENMEM_resource_* */
    uint32_t id;         /* IN: which one of that type */
    uint32_t nr_frames;  /* IN: frames wanted; OUT: the resource's size if frame_list is 0 */
    uint32_t pad;        /* must be 0 */
    uint64_t frame;      /* IN: first frame within the resource */
    uint64_t frame_list; /* guest pointer to xen_pfn_t[nr_frames] (OUT), or 0 to ask the size */
};
_Static_assert(sizeof(struct xen_mem_acquire_resource) == 32, "acquire_resource size");
_Static_assert(offsetof(struct xen_mem_acquire_resource, nr_frames) == 8,
               "acquire_resource nr_frames");
_Static_assert(offsetof(struct xen_mem_acquire_resource, frame) == 16, "acquire_resource frame");

typedef struct xen_memory_reservation xen_memory_reservation_t;
typedef struct xen_memory_exchange xen_memory_exchange_t;
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
typedef struct xen_e820_entry xen_e820_entry_t;
typedef struct xen_memory_map xen_memory_map_t;
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;

#endif /* PUBLIC_MEMORY_H */
