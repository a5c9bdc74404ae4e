/*
 * grant-ring: a Xen-style shared ring between domains over a grant and an
 * event channel, then its teardown in both orders; on our hypervisor only
 * (Xen starts no domUs at boot).  One image, two roles by command line:
 *
 *     role=dom0                      the back end: maps each front's ring,
 *                                    answers its requests, tears down
 *     role=front rounds=<n>          a front end (d1, d2): grants dom0 its
 *       teardown=revoke|die          ring page, sends n requests, checks
 *       report=<p> ring=<p> step=<p> every response; then either revokes
 *                                    and frees the page after dom0 unmaps
 *                                    it (revoke), or shuts down with it
 *                                    still mapped (die)
 */
#include "grant-ring.h"
#include "guest/args.h"

int16_t gnt_map(uint64_t va, uint32_t flags, grant_ref_t ref, domid_t dom, grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = va, .flags = flags, .ref = ref, .dom = dom, .status = 0x7777
    };
    long rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    if (rc) {
        test_fail("map_grant_ref returned %ld (%s)", rc, errno_name(rc));
        return GNT_CALL_FAILED;
    }
    if (handle)
        *handle = op.handle;
    return op.status;
}

int16_t gnt_unmap(uint64_t va, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = va, .handle = handle, .status = 0x7777 };
    long rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

    if (rc) {
        test_fail("unmap_grant_ref returned %ld (%s)", rc, errno_name(rc));
        return GNT_CALL_FAILED;
    }
    return op.status;
}

int guest_main(const struct start_info *si)
{
    char role[16] = "";
    long rc = events_init();

    if (rc) {
        printk("FAIL grant-ring/setup: events_init gave %ld (%s)\n", rc, errno_name(rc));
        return 0;
    }
    arg_string("role", role, sizeof(role));
    if (!strcmp(role, "dom0"))
        dom0_main();
    if (!strcmp(role, "front"))
        front_main();
    printk("FAIL grant-ring/role: unknown role \"%s\"\n", role);
    return 0;
}
