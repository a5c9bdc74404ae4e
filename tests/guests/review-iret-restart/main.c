/*
 * review-iret-restart (security review): HYPERVISOR_iret returns the
 * interrupted context's RAX as its own result.  If that RAX happens to be
 * -ERESTART (85), the hypervisor must not take it for a preempted
 * hypercall: that would move the context's RIP back by 2 and overwrite its
 * RAX, RDI, RSI, RDX, R10 and R8 with stale continuation arguments.  Any
 * user process of a PV guest can put that value in RAX, so this corrupts
 * guest user state and leaks old kernel hypercall arguments to it.
 */
#include "guest/hypercall.h"
#include "guest/test.h"
#include "guest/traps.h"

uint64_t iret_rax_probe(void);

static void iret_restores_rax_minus_85(void)
{
    uint64_t rax = iret_rax_probe();

    CHECK(trap_disarm(), "int3 did not trap");
    CHECK_EQ(rax, (uint64_t)-85);
}

static const struct test_case cases[] = {
    { "iret_restores_rax_minus_85", iret_restores_rax_minus_85 },
};

int guest_main(const struct start_info *si)
{
    test_main("review-iret-restart", cases, ARRAY_SIZE(cases));
    return 0;
}
