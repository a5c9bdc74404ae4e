/*
 * review-np-selector (security review): a guest kernel leaves a selector
 * of its own GDT in DS, makes that descriptor not present with
 * update_descriptor (still a writable data segment, only its P bit
 * clear: always allowed, a not-present descriptor is harmless), then
 * sleeps.  When the hypervisor puts the vCPU back on the
 * CPU it reloads DS; the load raises #NP (not #GP), which must be caught
 * like any other bad selector (Xen loads the null selector, or bounces to
 * the failsafe callback), never be fatal to the hypervisor.
 */
#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "guest/traps.h"
#include "public/errno.h"
#include "public/sched.h"

#define DESC_FLAT_DATA_DPL3 0x00CFF2000000FFFFUL
#define DESC_P              (1UL << 47)
#define DATA_SEL            0x0b /* GDT entry 1, RPL 3 */

void set_ds(uint16_t sel);
uint64_t get_ds(void);

static long set_gdt(const uint64_t *frames, unsigned long entries)
{
    return hypercall_2(__HYPERVISOR_set_gdt, frames, entries);
}

static long update_descriptor(uint64_t maddr, uint64_t desc)
{
    return hypercall_2(__HYPERVISOR_update_descriptor, maddr, desc);
}

/* Sleep until an already passed deadline: the vCPU leaves the CPU and comes back. */
static long sleep_briefly(void)
{
    struct sched_poll poll = { .ports = 0, .nr_ports = 0, .timeout = 1 };

    return hypercall_sched_op(SCHEDOP_poll, &poll);
}

static void not_present_ds_survives_a_sleep(void)
{
    uint64_t *gdt = pt_spare_page(), frames[1];

    CHECK(gdt, "no spare page left");
    gdt[1] = DESC_FLAT_DATA_DPL3;
    CHECK_RC(pt_set_readonly(gdt), 0);
    frames[0] = virt_to_mfn(gdt);
    CHECK_RC(set_gdt(frames, 512), 0);
    set_ds(DATA_SEL);
    CHECK_EQ(get_ds(), DATA_SEL);
    /* DS keeps its cached descriptor; the table now says "not present". */
    CHECK_RC(update_descriptor(frames[0] << 12 | 8, DESC_FLAT_DATA_DPL3 & ~DESC_P), 0);
    info("DS before the sleeps: %#lx", get_ds());
    for (int i = 0; i < 3; i++) {
        CHECK_RC(sleep_briefly(), 0);
        info("DS after sleep %d: %#lx", i, get_ds());
    }
    info("DS after the sleeps: %#lx", get_ds());
    set_ds(0);
    CHECK_RC(set_gdt(NULL, 0), 0);
}

static const struct test_case cases[] = {
    { "not_present_ds_survives_a_sleep", not_present_ds_survives_a_sleep },
};

int guest_main(const struct start_info *si)
{
    test_main("review-np-selector", cases, ARRAY_SIZE(cases));
    return 0;
}
