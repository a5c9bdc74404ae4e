/*
 * crash: an exception on a vector without a handler crashes the domain
 * (public/arch-x86_64.h).  As dom0 that ends the machine with status 3 ("crashed"),
 * so this cannot share a guest with the other trap cases.
 *
 * set_trap_table(NULL) clears every vector; the ud2 that follows has
 * nowhere to go.
 */
#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/runtime.h"

int guest_main(const struct start_info *si)
{
    long rc = hypercall_set_trap_table(NULL);

    if (rc != 0) {
        printk("crash: set_trap_table(NULL) failed: %ld (%s)\n", rc, errno_name(rc));
        return 0;
    }
    printk("crash: trap table cleared, executing ud2\n");
    asm volatile("ud2");
    printk("crash: still running after ud2 without a handler\n");
    return 0;
}
