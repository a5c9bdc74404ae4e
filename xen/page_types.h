/*
 * Frame ownership, reference counts and page types: the PV MMU's ledger.
 * The rules are stated at the top of xen/page_types.c.
 */
#ifndef XEN_PAGE_TYPES_H
#define XEN_PAGE_TYPES_H

#include "xen/arch/pte.h"
#include "xen/domain.h"
#include "xen/mm.h"

/*
 * Owners that are not domains: DOMID_IO owns I/O frames inside the frame
 * table (mapped at the caller's privilege, never reference counted),
 * DOMID_XEN owns hypervisor pages a privileged guest may map.
 */
extern struct domain *const dom_io;
extern struct domain *const dom_xen;

/* Serializes every type change and page-table update. */
void mm_lock(void);
void mm_unlock(void);
bool mm_lock_held(void); /* by someone: for ASSERTs */

/* General references.  get_page fails if the frame is not d's. */
bool get_page(struct page_info *pg, struct domain *d);
void put_page(struct page_info *pg);
/* A reference on a frame that has at least one (no owner check); false if not. */
bool page_ref_if_live(struct page_info *pg);
/* The frame's owner with a reference taken, or NULL (free, or would overflow). */
struct domain *page_get_owner_and_reference(struct page_info *pg);
/* get_page on an MFN: NULL if invalid or not d's. */
struct page_info *get_page_from_mfn(mfn_t mfn, struct domain *d);

/*
 * Type references (the caller holds a general reference).  0, or -EINVAL
 * for a type conflict or overflow, or the error that made validation of a
 * page table fail.  The last put of a page table devalidates it.
 */
int get_page_type(struct page_info *pg, uint64_t type);
void put_page_type(struct page_info *pg);
int get_page_and_type(struct page_info *pg, struct domain *d, uint64_t type);
void put_page_and_type(struct page_info *pg);

/* Versions for callers already holding mm_lock (xen/pagetable.c, xen/mmu.c). */
int page_type_get_locked(struct page_info *pg, uint64_t type);
void page_type_put_locked(struct page_info *pg, struct page_info *linear_from);
int page_and_type_get_locked(mfn_t mfn, uint64_t type, struct domain *d);
void page_and_type_put_locked(struct page_info *pg);

/* Linear page-table bookkeeping (xen/pagetable.c). */
bool page_linear_get(struct page_info *table, struct page_info *target, uint64_t type);

/*
 * Frame assignment.  page_assign gives a freshly allocated frame to d with
 * its allocation reference (PGC_allocated, count 1); the frame returns to
 * the heap when its last reference goes.  page_drop_allocation drops that
 * reference (decrease_reservation): 0, or -EINVAL if it was not held.
 */
int page_assign(struct domain *d, struct page_info *pg);
int page_drop_allocation(struct page_info *pg);

/*
 * Take a frame away from d (XENMEM_exchange, GNTTABOP_transfer): it must
 * be d's and in no use but its allocation (nothing maps it, no type).  It
 * leaves d's list, unreferenced and ownerless; tot_pages is the caller's
 * to adjust.  0, or -EINVAL.  page_give_back undoes it.
 */
int page_steal(struct domain *d, struct page_info *pg);
void page_give_back(struct domain *d, struct page_info *pg);

/*
 * A hypervisor page given to d as if it were d's (shared_info): writable
 * type pinned by the hypervisor, never returned to the heap by put_page.
 */
void page_share_xen(struct page_info *pg, struct domain *d);
/* A dying d gives such a page back: the hypervisor's hold goes, once (mm_lock held). */
void page_unshare_xen(struct page_info *pg, struct domain *d);

/*
 * A frame that was a guest's goes back to the heap: its M2P entry cleared,
 * every TLB flushed first (a guest may have left a translation cached).
 */
void page_free_guest_frame(struct page_info *pg);

/* The same for every frame on a list (linked by page_info.list), with one TLB flush. */
void page_free_guest_frames(struct list_head *frames);
/* The frames a dying d released since the last call, the same way (d's reaper). */
void page_free_dying(struct domain *d);
/* An I/O frame inside the frame table (an e820 hole): owned by DOMID_IO. */
void page_set_io(struct page_info *pg);

/* May d map I/O memory and use non-default cache attributes? */
bool domain_has_io_caps(const struct domain *d);

/*
 * Check d's frames against the page tables that reference them: counts,
 * types, the read-only rule.  Prints each inconsistency; returns their
 * number, or -ENOMEM if the check could not run.
 */
int page_audit_domain(struct domain *d);

#endif
