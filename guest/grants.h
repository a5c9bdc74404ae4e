/*
 * Grant tables for a guest (public/grant_table.h; the hypercall is in
 * guest/hypercall.h): our own table's first frame mapped so that we can
 * fill its entries.
 */
#ifndef GUEST_GRANTS_H
#define GUEST_GRANTS_H

#include "guest/hypercall.h"
#include "public/grant_table.h"

/*
 * setup_table for one frame, mapped read-write at a window page
 * (guest/window.h): *table points at its entries.  0, or -errno (-EINVAL
 * for a status other than GNTST_okay).
 */
long grants_map_own_table(volatile struct grant_entry_v1 **table);

#endif /* GUEST_GRANTS_H */
