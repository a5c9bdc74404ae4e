/*
 * Grant tables (xen/grant_table.c): each domain's table of grant entries,
 * through which it lets another domain map or copy one of its frames.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include "xen/domain.h"

/* Xen 4.17's defaults (its gnttab_max_frames and gnttab_max_maptrack_frames). */
#define GNTTAB_DEFAULT_MAX_FRAMES          64
#define GNTTAB_DEFAULT_MAX_MAPTRACK_FRAMES 1024

/* d's table, one frame to start with: 0 or -ENOMEM (-EINVAL for bad limits). */
int grant_table_init(struct domain *d, unsigned max_frames, unsigned max_maptrack_frames);

/*
 * A dying domain lets go: of its mappings of other domains' grants (their
 * pins; the references its page tables hold go with those tables), and of
 * the hypervisor's hold on its own grant frames.
 */
void grant_table_relinquish(struct domain *d);

/*
 * Tell held() each reference to d's frames that grant mappings hold
 * outside page tables (device mappings), with its type (the frame audit;
 * call without mm_lock).
 */
void grant_table_held_frames(struct domain *d, void (*held)(void *ctx, mfn_t mfn, uint64_t type),
                             void *ctx);

/* The last reference to d went: free the table. */
void grant_table_destroy(struct domain *d);

/* Frames d's table may grow to. */
unsigned grant_table_max_frames(const struct domain *d);

/* Frame idx of d's table, growing the table to reach it: 0 or -EINVAL. */
int grant_table_frame(struct domain *d, unsigned idx, mfn_t *mfn);

#endif
