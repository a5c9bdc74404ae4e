/*
 * usermode-no-user-l4: HYPERVISOR_iret to guest user mode while no user
 * L4 is set (MMUEXT_NEW_USER_BASEPTR 0, as at start of day) crashes the
 * domain (public/arch-x86_64.h).  As dom0 that ends the machine with status 3, so
 * this cannot share a guest with the other usermode cases.
 *
 * Should the hypervisor go on instead, whatever comes next (the user code
 * is a SYSCALL; or a fault if user mode cannot even fetch it) lands in
 * went_on (went_on.asm), which says so and powers off cleanly: status 0,
 * and the test fails.
 */
#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/runtime.h"

/* tests/guests/usermode-no-user-l4/went_on.asm */
void went_on(void);
void user_code(void);
void iret_to_user(uint64_t rip, uint64_t rsp) __attribute__((noreturn));

static uint8_t kernel_stack[8192] __attribute__((aligned(16)));

void went_on_report(void);

void went_on_report(void)
{
    printk("usermode-no-user-l4: still running after HYPERVISOR_iret to user mode, "
           "expected a domain crash\n");
    guest_poweroff();
}

/* Every exception and the syscall callback lead to went_on. */
static long catch_everything(void)
{
    struct trap_info table[21];
    struct callback_register syscall = {
        .type = CALLBACKTYPE_syscall,
        .address = (uint64_t)went_on,
    };
    long rc;

    for (unsigned v = 0; v < 20; v++)
        table[v] = (struct trap_info){ .vector = (uint8_t)v,
                                       .cs = FLAT_KERNEL_CS,
                                       .address = (uint64_t)went_on };
    table[20] = (struct trap_info){ 0 };
    rc = hypercall_set_trap_table(table);
    if (rc == 0)
        rc = hypercall_stack_switch(FLAT_KERNEL_SS, (uint64_t)kernel_stack + sizeof(kernel_stack));
    if (rc == 0)
        rc = hypercall_callback_op(CALLBACKOP_register, &syscall);
    return rc;
}

int guest_main(const struct start_info *si)
{
    long rc = pt_mmuext(MMUEXT_NEW_USER_BASEPTR, 0, 0);

    if (rc) {
        printk("usermode-no-user-l4: NEW_USER_BASEPTR 0 returned %ld (%s)\n", rc, errno_name(rc));
        return 0;
    }
    rc = catch_everything();
    if (rc) {
        printk("usermode-no-user-l4: installing the handlers returned %ld (%s)\n", rc,
               errno_name(rc));
        return 0;
    }
    printk("usermode-no-user-l4: no user L4, HYPERVISOR_iret to user mode\n");
    iret_to_user((uint64_t)user_code, (uint64_t)kernel_stack + sizeof(kernel_stack) / 2);
}
