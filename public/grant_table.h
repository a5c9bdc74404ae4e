/*
 * public/grant_table.h - grant tables, version 1 (hypercall 20).
 *
 * A domain shares one of its pages with another by filling a grant entry
 * in its grant table; the grantee maps or copies through the entry with
 * grant_table_op(cmd, uop, count), where uop points to an array of count
 * structures of the command's type.  The call returns 0 or a negative
 * error for the call itself; each element reports its own GNTST_* status.
 * For a PV granter the frame is an MFN.
 */
#ifndef PUBLIC_GRANT_TABLE_H
#define PUBLIC_GRANT_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

/* Index of a grant entry in the granter's table. */
typedef uint32_t grant_ref_t;
/* Handle of an established mapping, returned by map_grant_ref. */
typedef uint32_t grant_handle_t;

/* Entries the toolstack pre-fills; guests allocate refs above these. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0 /* console ring page for the backend */
#define GNTTAB_RESERVED_XENSTORE   1 /* xenstore ring page for the daemon */

/* v1 grant entry: 512 per 4 KiB page. */
struct grant_entry_v1 {
    uint16_t flags; /* GTF_* (written last by the granter) */
    domid_t domid;  /* domain being granted access */
    uint32_t frame; /* frame granted (MFN for PV), or for transfer */
};
_Static_assert(sizeof(struct grant_entry_v1) == 8, "grant_entry_v1 size");
_Static_assert(offsetof(struct grant_entry_v1, domid) == 2, "gnt domid");
_Static_assert(offsetof(struct grant_entry_v1, frame) == 4, "gnt frame");

/* grant_entry_v1.flags: type in bits 0-1. */
#define GTF_invalid         (0U << 0) /* entry grants nothing */
#define GTF_permit_access   (1U << 0) /* domid may map/copy frame */
#define GTF_accept_transfer (2U << 0) /* domid may transfer a page here */
#define GTF_transitive      (3U << 0) /* v2 only: grant through another grant */
#define GTF_type_mask       (3U << 0) /* type bits */
#define _GTF_readonly       2
#define GTF_readonly        (1U << _GTF_readonly) /* grantee may only read */
#define _GTF_reading        3
#define GTF_reading         (1U << _GTF_reading) /* set by Xen: mapped for reading */
#define _GTF_writing        4
#define GTF_writing         (1U << _GTF_writing) /* set by Xen: mapped for writing */
#define _GTF_PWT            5
#define GTF_PWT             (1U << _GTF_PWT) /* cache attribute: write-through */
#define _GTF_PCD            6
#define GTF_PCD             (1U << _GTF_PCD) /* cache attribute: cache disable */
#define _GTF_PAT            7
#define GTF_PAT             (1U << _GTF_PAT) /* cache attribute: PAT bit */
#define _GTF_sub_page       8
#define GTF_sub_page        (1U << _GTF_sub_page) /* v2 only: sub-page grant */
/* Transfer-specific flags (GTF_accept_transfer entries). */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed  (1U << _GTF_transfer_committed) /* transfer under way */
#define _GTF_transfer_completed 3
#define GTF_transfer_completed  (1U << _GTF_transfer_completed) /* frame field is valid */

#define GNTTABOP_map_grant_ref     0  /* struct gnttab_map_grant_ref */
#define GNTTABOP_unmap_grant_ref   1  /* struct gnttab_unmap_grant_ref */
#define GNTTABOP_setup_table       2  /* struct gnttab_setup_table */
#define GNTTABOP_dump_table        3  /* struct gnttab_dump_table */
#define GNTTABOP_transfer          4  /* struct gnttab_transfer */
#define GNTTABOP_copy              5  /* struct gnttab_copy */
#define GNTTABOP_query_size        6  /* struct gnttab_query_size */
#define GNTTABOP_unmap_and_replace 7  /* struct gnttab_unmap_and_replace */
#define GNTTABOP_set_version       8  /* struct gnttab_set_version */
#define GNTTABOP_get_status_frames 9  /* struct gnttab_get_status_frames (v2) */
#define GNTTABOP_get_version       10 /* struct gnttab_get_version */
#define GNTTABOP_swap_grant_ref    11 /* struct gnttab_swap_grant_ref (v2) */
#define GNTTABOP_cache_flush       12 /* Arm only */

/* Per-element status codes. */
#define GNTST_okay              (0)   /* success */
#define GNTST_general_error     (-1)  /* unspecified failure */
#define GNTST_bad_domain        (-2)  /* bad domain id */
#define GNTST_bad_gntref        (-3)  /* bad grant reference */
#define GNTST_bad_handle        (-4)  /* bad mapping handle */
#define GNTST_bad_virt_addr     (-5)  /* bad host virtual address */
#define GNTST_bad_dev_addr      (-6)  /* bad device address */
#define GNTST_no_device_space   (-7)  /* out of device mapping space */
#define GNTST_permission_denied (-8)  /* not allowed by the grant */
#define GNTST_bad_page          (-9)  /* bad page */
#define GNTST_bad_copy_arg      (-10) /* copy crosses a page boundary */
#define GNTST_address_too_big   (-11) /* transfer page address too large */
#define GNTST_eagain            (-12) /* try again (page paged out) */
#define GNTST_no_space          (-13) /* out of space */

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map      0
#define GNTMAP_device_map       (1U << _GNTMAP_device_map) /* map for device DMA */
#define _GNTMAP_host_map        1
#define GNTMAP_host_map         (1U << _GNTMAP_host_map) /* map into the CPU's page tables */
#define _GNTMAP_readonly        2
#define GNTMAP_readonly         (1U << _GNTMAP_readonly) /* map read-only */
#define _GNTMAP_application_map 3
#define GNTMAP_application_map  (1U << _GNTMAP_application_map) /* user-accessible mapping */
#define _GNTMAP_contains_pte    4
/* host_addr is the machine address of the PTE to write */
#define GNTMAP_contains_pte  (1U << _GNTMAP_contains_pte)
#define _GNTMAP_guest_avail0 16
/* guest-available bits, copied into PTE software bits */
#define GNTMAP_guest_avail_mask ((uint32_t)~0U << _GNTMAP_guest_avail0)

/* Map a granted frame (host_map: into the caller's page tables). */
struct gnttab_map_grant_ref {
    uint64_t host_addr;    /* IN: virtual address, or PTE machine address (contains_pte) */
    uint32_t flags;        /* IN: GNTMAP_* */
    grant_ref_t ref;       /* IN: grant reference in dom's table */
    domid_t dom;           /* IN: granting domain */
    int16_t status;        /* OUT: GNTST_* */
    grant_handle_t handle; /* OUT: handle for unmapping */
    uint64_t dev_bus_addr; /* OUT: bus address for device_map */
};
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "map size");
_Static_assert(offsetof(struct gnttab_map_grant_ref, flags) == 8, "map flags");
_Static_assert(offsetof(struct gnttab_map_grant_ref, ref) == 12, "map ref");
_Static_assert(offsetof(struct gnttab_map_grant_ref, dom) == 16, "map dom");
_Static_assert(offsetof(struct gnttab_map_grant_ref, status) == 18, "map status");
_Static_assert(offsetof(struct gnttab_map_grant_ref, handle) == 20, "map handle");
_Static_assert(offsetof(struct gnttab_map_grant_ref, dev_bus_addr) == 24, "map dev_bus_addr");

/* Undo a map_grant_ref. */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;    /* IN: address given to map (0 if none) */
    uint64_t dev_bus_addr; /* IN: bus address returned by map (0 if none) */
    grant_handle_t handle; /* IN: handle returned by map */
    int16_t status;        /* OUT: GNTST_* */
    uint16_t _pad;         /* padding */
};
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "unmap size");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, handle) == 16, "unmap handle");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, status) == 20, "unmap status");

/* Grow the table to nr_frames and return its frames (MFNs for PV). */
struct gnttab_setup_table {
    domid_t dom;         /* IN: domain (DOMID_SELF) */
    uint16_t _pad0;      /* padding */
    uint32_t nr_frames;  /* IN: frames wanted */
    int16_t status;      /* OUT: GNTST_* */
    uint16_t _pad1[3];   /* padding */
    uint64_t frame_list; /* guest pointer to xen_pfn_t[nr_frames] (OUT) */
};
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "setup_table size");
_Static_assert(offsetof(struct gnttab_setup_table, nr_frames) == 4, "setup_table nr_frames");
_Static_assert(offsetof(struct gnttab_setup_table, status) == 8, "setup_table status");
_Static_assert(offsetof(struct gnttab_setup_table, frame_list) == 16, "setup_table frame_list");

/* Print a domain's table on the hypervisor console. */
struct gnttab_dump_table {
    domid_t dom;    /* IN: domain */
    int16_t status; /* OUT: GNTST_* */
};
_Static_assert(sizeof(struct gnttab_dump_table) == 4, "dump_table size");

/* Give one of the caller's pages to a domain that offered accept_transfer. */
struct gnttab_transfer {
    xen_pfn_t mfn;     /* IN: frame to give away */
    domid_t domid;     /* IN: receiving domain */
    uint16_t _pad0;    /* padding */
    grant_ref_t ref;   /* IN: accept_transfer entry in domid's table */
    int16_t status;    /* OUT: GNTST_* */
    uint16_t _pad1[3]; /* padding */
};
_Static_assert(sizeof(struct gnttab_transfer) == 24, "transfer size");
_Static_assert(offsetof(struct gnttab_transfer, domid) == 8, "transfer domid");
_Static_assert(offsetof(struct gnttab_transfer, ref) == 12, "transfer ref");
_Static_assert(offsetof(struct gnttab_transfer, status) == 16, "transfer status");

#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref  (1U << _GNTCOPY_source_gref) /* source is a grant ref */
#define _GNTCOPY_dest_gref   1
#define GNTCOPY_dest_gref    (1U << _GNTCOPY_dest_gref) /* destination is a grant ref */

/* One side of a grant copy. */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref; /* grant reference (flag set) */
        xen_pfn_t gmfn;  /* the caller's own frame (flag clear) */
    } u;                 /* which page */
    domid_t domid;       /* owner of the page */
    uint16_t offset;     /* byte offset within the page */
    uint32_t _pad;       /* padding */
};
_Static_assert(sizeof(struct gnttab_copy_ptr) == 16, "copy_ptr size");
_Static_assert(offsetof(struct gnttab_copy_ptr, domid) == 8, "copy_ptr domid");
_Static_assert(offsetof(struct gnttab_copy_ptr, offset) == 10, "copy_ptr offset");

/* Copy bytes between pages without mapping them; must not cross a page. */
struct gnttab_copy {
    struct gnttab_copy_ptr source; /* IN: where to copy from */
    struct gnttab_copy_ptr dest;   /* IN: where to copy to */
    uint16_t len;                  /* IN: bytes to copy */
    uint16_t flags;                /* IN: GNTCOPY_* */
    int16_t status;                /* OUT: GNTST_* */
    uint16_t _pad;                 /* padding */
};
_Static_assert(sizeof(struct gnttab_copy) == 40, "copy size");
_Static_assert(offsetof(struct gnttab_copy, dest) == 16, "copy dest");
_Static_assert(offsetof(struct gnttab_copy, len) == 32, "copy len");
_Static_assert(offsetof(struct gnttab_copy, flags) == 34, "copy flags");
_Static_assert(offsetof(struct gnttab_copy, status) == 36, "copy status");

/* Current and maximum table size in frames. */
struct gnttab_query_size {
    domid_t dom;            /* IN: domain */
    uint16_t _pad0;         /* padding */
    uint32_t nr_frames;     /* OUT: frames in use */
    uint32_t max_nr_frames; /* OUT: frame limit */
    int16_t status;         /* OUT: GNTST_* */
    uint16_t _pad1;         /* padding */
};
_Static_assert(sizeof(struct gnttab_query_size) == 16, "query_size size");
_Static_assert(offsetof(struct gnttab_query_size, nr_frames) == 4, "query_size nr_frames");
_Static_assert(offsetof(struct gnttab_query_size, max_nr_frames) == 8, "query_size max_nr_frames");
_Static_assert(offsetof(struct gnttab_query_size, status) == 12, "query_size status");

/* Unmap a grant mapping and move the PTE at new_addr into its place. */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;    /* IN: address of the grant mapping */
    uint64_t new_addr;     /* IN: address whose mapping replaces it */
    grant_handle_t handle; /* IN: handle returned by map */
    int16_t status;        /* OUT: GNTST_* */
    uint16_t _pad;         /* padding */
};
_Static_assert(sizeof(struct gnttab_unmap_and_replace) == 24, "unmap_and_replace size");
_Static_assert(offsetof(struct gnttab_unmap_and_replace, status) == 20, "unmap_and_replace status");

/* Select the table format (1 or 2); OUT: the version in force. */
struct gnttab_set_version {
    uint32_t version; /* IN/OUT: grant table version */
};
_Static_assert(sizeof(struct gnttab_set_version) == 4, "set_version size");

/* v2: frames of the status array. */
struct gnttab_get_status_frames {
    uint32_t nr_frames;  /* IN: frames wanted */
    domid_t dom;         /* IN: domain */
    int16_t status;      /* OUT: GNTST_* */
    uint64_t frame_list; /* guest pointer to uint64_t[nr_frames] (OUT) */
};
_Static_assert(sizeof(struct gnttab_get_status_frames) == 16, "get_status_frames size");
_Static_assert(offsetof(struct gnttab_get_status_frames, frame_list) == 8,
               "get_status_frames frame_list");

/* Which table version a domain uses. */
struct gnttab_get_version {
    domid_t dom;      /* IN: domain */
    uint16_t pad;     /* padding */
    uint32_t version; /* OUT: grant table version */
};
_Static_assert(sizeof(struct gnttab_get_version) == 8, "get_version size");
_Static_assert(offsetof(struct gnttab_get_version, version) == 4, "get_version version");

/* v2: swap two entries of the caller's table. */
struct gnttab_swap_grant_ref {
    grant_ref_t ref_a; /* IN: first entry */
    grant_ref_t ref_b; /* IN: second entry */
    int16_t status;    /* OUT: GNTST_* */
    uint16_t _pad;     /* padding */
};
_Static_assert(sizeof(struct gnttab_swap_grant_ref) == 12, "swap_grant_ref size");

/* cache_flush: write back and/or invalidate part of a frame (an Arm need; on x86 a cache flush). */
#define GNTTAB_CACHE_CLEAN       (1U << 0)  /* write back */
#define GNTTAB_CACHE_INVAL       (1U << 1)  /* invalidate */
#define GNTTAB_CACHE_SOURCE_GREF (1U << 31) /* a.ref names the frame (unimplemented on Xen) */
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr; /* machine address of the frame */
        grant_ref_t ref;       /* or a grant (SOURCE_GREF) */
    } a;
    uint16_t offset; /* IN: start within the frame */
    uint16_t length; /* IN: bytes */
    uint32_t op;     /* IN: GNTTAB_CACHE_* */
};
_Static_assert(sizeof(struct gnttab_cache_flush) == 16, "cache_flush size");
_Static_assert(offsetof(struct gnttab_cache_flush, op) == 12, "cache_flush op");

typedef struct grant_entry_v1 grant_entry_v1_t;
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
typedef struct gnttab_setup_table gnttab_setup_table_t;
typedef struct gnttab_dump_table gnttab_dump_table_t;
typedef struct gnttab_transfer gnttab_transfer_t;
typedef struct gnttab_copy gnttab_copy_t;
typedef struct gnttab_query_size gnttab_query_size_t;
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
typedef struct gnttab_set_version gnttab_set_version_t;
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
typedef struct gnttab_get_version gnttab_get_version_t;
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;

#endif /* PUBLIC_GRANT_TABLE_H */
