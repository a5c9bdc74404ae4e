/*
 * grant-domains: grants between domains, on our hypervisor only (Xen
 * starts no domUs at boot, and its release build drops their output).
 * One image, three roles by command line (grant-domains.h):
 *
 *     role=dom0      maps, copies and refuses the domUs' grants, watches
 *                    d1 die with one of them mapped, powers off with
 *                    d2's still mapped
 *     role=granter   d1: grants pages to dom0 and checks what it sees
 *     role=holder    d2: grants one page and stays alive
 */
#include "grant-domains.h"
#include "guest/args.h"

void fill_page(volatile uint64_t *page, uint64_t tag)
{
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        page[i] = tag_word(tag, i);
}

bool page_has(const volatile uint64_t *page, uint64_t tag, unsigned skip)
{
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        if (i != skip && page[i] != tag_word(tag, i))
            return false;
    return true;
}

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

long step_send(evtchn_port_t port)
{
    return evtchn_send(port);
}

int guest_main(const struct start_info *si)
{
    char role[16] = "";
    long rc = events_init();

    if (rc) {
        printk("FAIL grant-domains/setup: events_init gave %ld (%s)\n", rc, errno_name(rc));
        return 0;
    }
    arg_string("role", role, sizeof(role));
    if (!strcmp(role, "dom0"))
        dom0_main();
    if (!strcmp(role, "granter"))
        granter_main();
    if (!strcmp(role, "holder"))
        holder_main();
    printk("FAIL grant-domains/role: unknown role \"%s\"\n", role);
    return 0;
}
