/* Our own grant table, mapped (guest/grants.h). */
#include "guest/grants.h"
#include "guest/pt.h"
#include "guest/window.h"
#include "public/errno.h"

long grants_map_own_table(volatile struct grant_entry_v1 **table)
{
    uint64_t frame = 0, va = window_page();
    struct gnttab_setup_table setup = {
        .dom = DOMID_SELF, .nr_frames = 1, .status = 0x7777, .frame_list = (uint64_t)&frame
    };
    long rc = hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1);

    if (!rc && setup.status != GNTST_okay)
        rc = -XEN_EINVAL;
    if (!rc)
        rc = va ? pt_map(va, frame, PTE_DATA_RW) : -XEN_ENOMEM;
    if (!rc)
        *table = (volatile struct grant_entry_v1 *)va;
    return rc;
}
