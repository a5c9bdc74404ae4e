/*
 * A guest kernel single-steps MOV SS immediately followed by SYSCALL (see
 * probe.asm): the hypercall must still work and the held-back debug trap
 * reach the guest, never be taken as the hypervisor's own.  QEMU's TCG
 * does not carry the MOV SS shadow into ring 0 (a hypervisor without the
 * fix passes here too), so under QEMU this checks what the guest sees;
 * on hardware it is the CVE-2018-8897 case.
 */
#include "guest/hypercall.h"
#include "guest/test.h"
#include "guest/traps.h"

long movss_syscall_probe(void);
void db_handler(void);
extern volatile uint64_t db_count;

static void movss_then_syscall_single_stepped(void)
{
    struct trap_info table[2] = {
        { .vector = 1, .flags = 0, .cs = 0xe033, .address = (uint64_t)db_handler },
        { 0 },
    };
    long rc;

    CHECK_RC(hypercall_set_trap_table(table), 0);
    db_count = 0;
    rc = movss_syscall_probe();
    CHECK_RC(trap_install(1, 0, false), 0);
    CHECK_RC(rc, 0x00040011);
    CHECK(db_count >= 1, "no single-step trap reached the guest");
}

static const struct test_case cases[] = {
    { "movss_then_syscall_single_stepped", movss_then_syscall_single_stepped },
};

int guest_main(const struct start_info *si)
{
    test_main("movss", cases, ARRAY_SIZE(cases));
    return 0;
}
