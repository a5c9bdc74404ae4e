/*
 * vcpus: a second vCPU of dom0 (public/vcpu.h): which vCPUs exist and are up,
 * VCPUOP_initialise with a full vcpu_guest_context, VCPUOP_up/down, IPIs
 * between the two vCPUs, VCPUOP_register_vcpu_info, per-vCPU timers and
 * runstate.  Runs with two CPUs (smp = 2), so dom0 has vCPUs 0 and 1 and
 * vCPU 1 starts down.  Expected values are Xen 4.17's.
 *
 * vCPU 1 runs secondary_main() on its own stack with our page tables, trap
 * table and its own event callback.  It takes orders through `mbox`: vCPU
 * 0 writes a command and sends an IPI on cmd_port; vCPU 1 carries it out,
 * writes the result and bumps `done`.  Its IPI handler for ping_port
 * answers on pong_port from inside the upcall.
 */
#include "common/string.h"
#include "guest/events.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "guest/time.h"
#include "guest/traps.h"
#include "public/errno.h"
#include "public/vcpu.h"

#define STACK_SIZE (16 * 1024)
#define ROUNDS     1000
#define REPLY_NS   NS_PER_S          /* generous: QEMU's CPUs are host threads */
#define SILENCE_NS (200 * NS_PER_MS) /* how long a downed vCPU must stay silent */

enum command { CMD_NONE, CMD_BIND_PING, CMD_REGISTER_VCPU_INFO, CMD_SINGLESHOT, CMD_QUIT };

static struct {
    volatile uint32_t started; /* vCPU 1 ran its first line */
    volatile uint64_t entry_rdi, entry_cs, entry_ss, entry_rsp;
    volatile uint8_t entry_mask; /* its upcall mask as it started */
    volatile uint32_t command;
    volatile uint64_t arg;
    volatile long result;
    volatile uint32_t done;  /* commands carried out */
    volatile uint32_t loops; /* times round its idle loop */
} mbox;

static uint8_t stack1[STACK_SIZE] __attribute__((aligned(16)));
static struct vcpu_guest_context ctxt;
/* Pages for VCPUOP_register_vcpu_info: vCPU 0's at offset 64, vCPU 1's at 128. */
static uint8_t info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static evtchn_port_t cmd_port;      /* IPI to vCPU 1: a command is waiting */
static evtchn_port_t ping_port;     /* IPI to vCPU 1: answer on pong_port */
static evtchn_port_t pong_port;     /* IPI to vCPU 0: a ping's answer */
static evtchn_port_t done_port;     /* IPI to vCPU 0: a command was carried out */
static evtchn_port_t timer1_port;   /* VIRQ_TIMER of vCPU 1 */
static volatile uint64_t timer1_at; /* when vCPU 1 took its timer event */

static long vcpu_op(int cmd, unsigned vcpu, void *arg)
{
    return hypercall_vcpu_op(cmd, vcpu, arg);
}

/* ---- vCPU 1 ------------------------------------------------------------ */

static void on_ping(evtchn_port_t port, void *data)
{
    evtchn_send(pong_port);
}

static void on_timer1(evtchn_port_t port, void *data)
{
    timer1_at = time_now_on(1);
}

static long run_command(uint32_t command, uint64_t arg)
{
    switch (command) {
    case CMD_BIND_PING: {
        long rc = evtchn_bind_ipi(1, &ping_port);
        if (rc == 0)
            events_bind(ping_port, 1, on_ping, NULL);
        return rc;
    }
    case CMD_REGISTER_VCPU_INFO:
        return events_register_vcpu_info(1, (void *)arg);
    case CMD_SINGLESHOT:
        return timer_singleshot(1, time_now_on(1) + arg, 0);
    }
    return -XEN_ENOSYS;
}

void secondary_main(uint64_t rdi);
void secondary_main(uint64_t rdi)
{
    uint64_t cs, ss, rsp;

    asm volatile("mov %%cs, %0; mov %%ss, %1; mov %%rsp, %2" : "=r"(cs), "=r"(ss), "=r"(rsp));
    mbox.entry_rdi = rdi;
    mbox.entry_cs = cs;
    mbox.entry_ss = ss;
    mbox.entry_rsp = rsp;
    mbox.entry_mask = events_vcpu_info(1)->evtchn_upcall_mask;
    __atomic_store_n(&mbox.started, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        uint32_t command = __atomic_exchange_n(&mbox.command, CMD_NONE, __ATOMIC_SEQ_CST);

        mbox.loops++;
        if (command == CMD_QUIT) {
            hypercall_vcpu_op(VCPUOP_down, 1, NULL);
            continue;
        }
        if (command != CMD_NONE) {
            mbox.result = run_command(command, mbox.arg);
            __atomic_add_fetch(&mbox.done, 1, __ATOMIC_SEQ_CST);
            evtchn_send(done_port);
            continue;
        }
        events_mask_upcalls(1);
        if (__atomic_load_n(&mbox.command, __ATOMIC_SEQ_CST) == CMD_NONE)
            sched_block();
        else
            events_unmask_upcalls(1);
    }
}

/* ---- vCPU 0's side ------------------------------------------------------ */

/* Has vCPU 1 carry out a command; its result, or -ETIMEDOUT. */
static long order(uint32_t command, uint64_t arg)
{
    uint32_t done = mbox.done;

    mbox.arg = arg;
    __atomic_store_n(&mbox.command, command, __ATOMIC_SEQ_CST);
    evtchn_send(cmd_port);
    if (!events_wait_until(0, done_port, &mbox.done, done, time_now() + REPLY_NS)) {
        volatile struct vcpu_info *v1 = events_vcpu_info(1);
        struct vcpu_runstate_info r = { 0 };
        vcpu_op(VCPUOP_get_runstate_info, 1, &r);
        info("order %u: vCPU 1 loops %u done %u command %u; state %d; cmd port pending %d "
             "masked %d; vcpu_info 1 pending %u mask %u sel %#lx",
             command, mbox.loops, mbox.done, mbox.command, r.state, port_is_pending(cmd_port),
             port_is_masked(cmd_port), v1->evtchn_upcall_pending, v1->evtchn_upcall_mask,
             v1->evtchn_pending_sel);
        return -XEN_ETIMEDOUT;
    }
    return mbox.result;
}

/* vCPU 1's context: our tables, its own stack and callback, our trap handlers. */
static void build_context(struct vcpu_guest_context *c)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel;
    c->user_regs.rip = (uint64_t)secondary_main;
    c->user_regs.rsp = (uint64_t)(stack1 + STACK_SIZE) - 8; /* as if called */
    c->user_regs.rdi = 1;
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->user_regs.rflags = 0x202;
    for (unsigned v = 0; v < 20; v++)
        c->trap_ctxt[v] = (struct trap_info){ .vector = (uint8_t)v,
                                              .flags = v == TRAP_BP || v == TRAP_OF ? 3 : 0,
                                              .cs = FLAT_KERNEL_CS,
                                              .address = trap_handler(v) };
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = (uint64_t)(stack1 + STACK_SIZE);
    c->ctrlreg[3] = pt_read_cr3();
    c->event_callback_eip = events_callback(1);
}

/* Spins until *word != old; false if the deadline came first. */
static bool spin_until(const volatile uint32_t *word, uint32_t old, uint64_t deadline)
{
    while (*word == old)
        if (time_now() >= deadline)
            return false;
    return true;
}

/* Sends one ping to vCPU 1 and waits up to `wait` for its pong; false if none came. */
static bool ping_within(uint64_t wait)
{
    uint32_t pongs = events_count(pong_port);

    if (evtchn_send(ping_port))
        return false;
    return events_wait_until(0, pong_port, events_counter(pong_port), pongs, time_now() + wait);
}

static bool ping(void)
{
    return ping_within(REPLY_NS);
}

/* ---- cases ---------------------------------------------------------------- */

static void vcpu_0_is_up_and_vcpu_1_is_down(void)
{
    CHECK_RC(vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    CHECK_RC(vcpu_op(VCPUOP_is_up, 1, NULL), 0);
}

static void is_up_of_a_missing_vcpu_is_enoent(void)
{
    CHECK_RC(vcpu_op(VCPUOP_is_up, 2, NULL), -XEN_ENOENT);
    CHECK_RC(vcpu_op(VCPUOP_is_up, 31, NULL), -XEN_ENOENT);
    CHECK_RC(vcpu_op(VCPUOP_is_up, 0xFFFFFFFFu, NULL), -XEN_ENOENT);
}

static void runstate_of_a_down_vcpu_is_offline(void)
{
    struct vcpu_runstate_info r = { 0 };

    CHECK_RC(vcpu_op(VCPUOP_get_runstate_info, 1, &r), 0);
    CHECK_EQ(r.state, RUNSTATE_offline);
    CHECK_EQ(r.time[RUNSTATE_running], 0);
}

static void up_before_initialise_is_einval(void)
{
    CHECK_RC(vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
    CHECK_RC(vcpu_op(VCPUOP_is_up, 1, NULL), 0);
}

static void initialise_a_missing_vcpu_is_enoent(void)
{
    build_context(&ctxt);
    CHECK_RC(vcpu_op(VCPUOP_initialise, 2, &ctxt), -XEN_ENOENT);
}

static void initialise_with_a_noncanonical_rip_is_einval(void)
{
    build_context(&ctxt);
    ctxt.user_regs.rip = 0x0000800000000000UL;
    CHECK_RC(vcpu_op(VCPUOP_initialise, 1, &ctxt), -XEN_EINVAL);
    build_context(&ctxt);
    ctxt.event_callback_eip = 0x8000000000000000UL;
    CHECK_RC(vcpu_op(VCPUOP_initialise, 1, &ctxt), -XEN_EINVAL);
    CHECK_RC(vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL); /* still not initialised */
}

static void initialise_then_up_runs_vcpu_1(void)
{
    uint64_t limit;

    build_context(&ctxt);
    /* vCPU 1 starts with upcalls masked: we set its mask, as Linux does. */
    events_mask_upcalls(1);
    CHECK_RC(vcpu_op(VCPUOP_initialise, 1, &ctxt), 0);
    CHECK_RC(vcpu_op(VCPUOP_is_up, 1, NULL), 0); /* initialised, not up */
    CHECK_RC(vcpu_op(VCPUOP_up, 1, NULL), 0);
    limit = time_now() + REPLY_NS;
    while (!__atomic_load_n(&mbox.started, __ATOMIC_SEQ_CST) && time_now() < limit)
        asm volatile("pause");
    CHECK(mbox.started, "vCPU 1 did not run within 1 s");
    CHECK_RC(vcpu_op(VCPUOP_is_up, 1, NULL), 1);
    CHECK_EQ(mbox.entry_rdi, 1);
    CHECK_EQ(mbox.entry_cs, FLAT_KERNEL_CS);
    CHECK_EQ(mbox.entry_ss, FLAT_KERNEL_SS);
    CHECK(mbox.entry_rsp >= (uint64_t)stack1 && mbox.entry_rsp < (uint64_t)stack1 + STACK_SIZE,
          "vCPU 1 runs on %#lx, not its stack", mbox.entry_rsp);
    CHECK_EQ(mbox.entry_mask, 1);
}

static void initialise_twice_is_eexist(void)
{
    build_context(&ctxt);
    CHECK_RC(vcpu_op(VCPUOP_initialise, 1, &ctxt), -XEN_EEXIST);
    CHECK_RC(vcpu_op(VCPUOP_initialise, 0, &ctxt), -XEN_EEXIST);
}

static void up_of_a_running_vcpu_is_harmless(void)
{
    CHECK_RC(vcpu_op(VCPUOP_up, 1, NULL), 0);
    CHECK_RC(vcpu_op(VCPUOP_up, 0, NULL), 0);
    CHECK_RC(vcpu_op(VCPUOP_is_up, 1, NULL), 1);
}

static void vcpu_1_takes_commands(void)
{
    CHECK(mbox.started, "vCPU 1 is not running");
    CHECK_RC(order(CMD_BIND_PING, 0), 0);
    CHECK(ping_port != 0, "no ping port");
    CHECK_RC(evtchn_state(DOMID_SELF, ping_port), EVTCHNSTAT_ipi);
}

static void ipi_round_trips_lose_nothing(void)
{
    uint32_t pings0 = events_count(ping_port), pongs0 = events_count(pong_port);
    unsigned i;

    CHECK(ping_port, "no ping port");
    for (i = 0; i < ROUNDS; i++)
        if (!ping())
            break;
    CHECK(i == ROUNDS, "round %u of %u: no answer within 1 s", i + 1, ROUNDS);
    CHECK_EQ(events_count(ping_port) - pings0, ROUNDS);
    CHECK_EQ(events_count(pong_port) - pongs0, ROUNDS);
    info("%u IPI round trips; upcalls: vCPU 0 %u, vCPU 1 %u", ROUNDS, events_upcalls(0),
         events_upcalls(1));
}

static void singleshot_of_another_vcpu_is_einval(void)
{
    struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = time_now() + NS_PER_MS };

    CHECK_RC(vcpu_op(VCPUOP_set_singleshot_timer, 1, &t), -XEN_EINVAL);
    CHECK_RC(vcpu_op(VCPUOP_stop_singleshot_timer, 1, NULL), -XEN_EINVAL);
}

/* Each vCPU has its own timer and its own VIRQ_TIMER port. */
static void vcpu_1_has_its_own_timer(void)
{
    uint32_t before;

    CHECK_RC(vcpu_op(VCPUOP_stop_periodic_timer, 1, NULL), 0);
    CHECK_RC(evtchn_bind_virq(VIRQ_TIMER, 1, &timer1_port), 0);
    events_bind(timer1_port, 1, on_timer1, NULL);
    before = events_count(timer1_port);
    CHECK_RC(order(CMD_SINGLESHOT, 2 * NS_PER_MS), 0);
    CHECK(spin_until(events_counter(timer1_port), before, time_now() + REPLY_NS),
          "vCPU 1's timer event did not come");
    CHECK(timer1_at != 0, "no time recorded");
}

static void register_vcpu_info_for_a_running_vcpu_is_einval(void)
{
    struct vcpu_register_vcpu_info r = { .mfn = virt_to_mfn(info_page), .offset = 128 };

    CHECK_RC(vcpu_op(VCPUOP_register_vcpu_info, 1, &r), -XEN_EINVAL);
}

static void register_vcpu_info_past_the_page_end_is_refused(void)
{
    struct vcpu_register_vcpu_info r = { .mfn = virt_to_mfn(info_page), .offset = PAGE_SIZE - 63 };

    CHECK_RC(vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -XEN_ENXIO);
}

static void register_vcpu_info_misaligned_is_refused(void)
{
    struct vcpu_register_vcpu_info r = { .mfn = virt_to_mfn(info_page), .offset = 4 };

    CHECK_RC(vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -XEN_ENXIO);
}

static void register_vcpu_info_for_both_vcpus(void)
{
    volatile struct vcpu_info *v0 = (volatile struct vcpu_info *)(info_page + 64);
    volatile struct vcpu_info *v1 = (volatile struct vcpu_info *)(info_page + 128);
    uint64_t old_time = time_now();

    info("vcpu_info page: mfn %#lx", virt_to_mfn(info_page));
    events_mask_upcalls(0);
    CHECK_RC(events_register_vcpu_info(0, (void *)v0), 0);
    CHECK_EQ(v0->evtchn_upcall_mask, 1); /* copied over */
    events_unmask_upcalls(0);
    CHECK(!(v0->time.version & 1) && v0->time.tsc_to_system_mul != 0,
          "no time info in the new vcpu_info");
    CHECK(time_now() >= old_time, "system time from the new area went back");
    CHECK_RC(order(CMD_REGISTER_VCPU_INFO, (uint64_t)v1), 0);
    CHECK(v1->time.tsc_to_system_mul != 0, "no time info in vCPU 1's new vcpu_info");
}

static void events_still_arrive_after_register_vcpu_info(void)
{
    for (unsigned i = 0; i < 100; i++)
        CHECK(ping(), "round %u: no answer", i + 1);
}

static void register_vcpu_info_twice_is_einval(void)
{
    struct vcpu_register_vcpu_info r = { .mfn = virt_to_mfn(info_page), .offset = 256 };

    CHECK_RC(vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -XEN_EINVAL);
}

static void down_stops_vcpu_1(void)
{
    struct vcpu_runstate_info r = { 0 };
    uint32_t loops;

    CHECK_RC(vcpu_op(VCPUOP_down, 1, NULL), 0);
    CHECK_RC(vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    loops = mbox.loops;
    CHECK(!ping_within(SILENCE_NS), "a downed vCPU answered");
    CHECK_EQ(mbox.loops, loops);
    /* Blocked when it went down, it reads offline once the ping woke it. */
    CHECK_RC(vcpu_op(VCPUOP_get_runstate_info, 1, &r), 0);
    CHECK_EQ(r.state, RUNSTATE_offline);
}

/* The ping it missed is still pending: up again, vCPU 1 answers it. */
static void up_after_down_resumes_vcpu_1(void)
{
    uint32_t pongs = events_count(pong_port);

    CHECK_RC(vcpu_op(VCPUOP_up, 1, NULL), 0);
    CHECK_RC(vcpu_op(VCPUOP_is_up, 1, NULL), 1);
    CHECK(events_wait_until(0, pong_port, events_counter(pong_port), pongs, time_now() + REPLY_NS),
          "the missed ping was not answered");
    CHECK(ping(), "no answer after up");
}

static void vcpu_1_takes_itself_down(void)
{
    uint64_t limit;

    __atomic_store_n(&mbox.command, CMD_QUIT, __ATOMIC_SEQ_CST);
    evtchn_send(cmd_port);
    limit = time_now() + REPLY_NS;
    while (vcpu_op(VCPUOP_is_up, 1, NULL) == 1 && time_now() < limit)
        asm volatile("pause");
    CHECK_RC(vcpu_op(VCPUOP_is_up, 1, NULL), 0);
}

static const struct test_case cases[] = {
    { "vcpu_0_is_up_and_vcpu_1_is_down", vcpu_0_is_up_and_vcpu_1_is_down },
    { "is_up_of_a_missing_vcpu_is_enoent", is_up_of_a_missing_vcpu_is_enoent },
    { "runstate_of_a_down_vcpu_is_offline", runstate_of_a_down_vcpu_is_offline },
    { "up_before_initialise_is_einval", up_before_initialise_is_einval },
    { "initialise_a_missing_vcpu_is_enoent", initialise_a_missing_vcpu_is_enoent },
    { "initialise_with_a_noncanonical_rip_is_einval",
      initialise_with_a_noncanonical_rip_is_einval },
    { "initialise_then_up_runs_vcpu_1", initialise_then_up_runs_vcpu_1 },
    { "initialise_twice_is_eexist", initialise_twice_is_eexist },
    { "up_of_a_running_vcpu_is_harmless", up_of_a_running_vcpu_is_harmless },
    { "vcpu_1_takes_commands", vcpu_1_takes_commands },
    { "ipi_round_trips_lose_nothing", ipi_round_trips_lose_nothing },
    { "singleshot_of_another_vcpu_is_einval", singleshot_of_another_vcpu_is_einval },
    { "vcpu_1_has_its_own_timer", vcpu_1_has_its_own_timer },
    { "register_vcpu_info_for_a_running_vcpu_is_einval",
      register_vcpu_info_for_a_running_vcpu_is_einval },
    { "register_vcpu_info_past_the_page_end_is_refused",
      register_vcpu_info_past_the_page_end_is_refused },
    { "register_vcpu_info_misaligned_is_refused", register_vcpu_info_misaligned_is_refused },
    { "register_vcpu_info_for_both_vcpus", register_vcpu_info_for_both_vcpus },
    { "events_still_arrive_after_register_vcpu_info",
      events_still_arrive_after_register_vcpu_info },
    { "register_vcpu_info_twice_is_einval", register_vcpu_info_twice_is_einval },
    { "down_stops_vcpu_1", down_stops_vcpu_1 },
    { "up_after_down_resumes_vcpu_1", up_after_down_resumes_vcpu_1 },
    { "vcpu_1_takes_itself_down", vcpu_1_takes_itself_down },
};

int guest_main(const struct start_info *si)
{
    long rc = events_init();

    if (rc == 0)
        rc = evtchn_bind_ipi(1, &cmd_port);
    if (rc == 0)
        rc = evtchn_bind_ipi(0, &pong_port);
    if (rc == 0)
        rc = evtchn_bind_ipi(0, &done_port);
    if (rc) {
        printk("FAIL vcpus/setup: %ld (%s)\n", rc, errno_name(rc));
        return 0;
    }
    events_bind(cmd_port, 1, NULL, NULL);
    events_bind(pong_port, 0, NULL, NULL);
    events_bind(done_port, 0, NULL, NULL);
    test_main("vcpus", cases, ARRAY_SIZE(cases));
}
