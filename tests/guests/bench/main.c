/*
 * bench: path lengths of the hot hypercalls, for tests/harness/run-bench
 * (DESIGN.md §5).  Under QEMU's -icount the TSC advances one tick per
 * guest instruction, so an rdtsc delta around an operation is the number
 * of instructions it took, hypervisor included.  Each figure is the
 * median of RUNS samples, less the cost of the rdtsc pair itself, and is
 * printed as
 *
 *     bench: <op> <instructions per op>
 *     bench: <op> n/a <why>
 *
 * then "bench: done".  Figures only: nothing here passes or fails.
 *
 * The operations:
 *  - null_hypercall: xen_version(XENVER_version, NULL) through the
 *    hypercall page (no argument to copy, no side effect);
 *  - mmu_update_map_per_entry: one 512-request mmu_update mapping 512
 *    fresh frames at the 512 pages of an empty L1, divided by 512;
 *  - mmu_update_per_entry: the same 512 requests again, each rewriting an
 *    entry with the value it already holds (what DESIGN.md §6 measured);
 *  - mmuext_pin_unpin_l1: MMUEXT_PIN_L1_TABLE then MMUEXT_UNPIN_TABLE of
 *    an empty, read-only L1 (two hypercalls);
 *  - update_va_mapping_invlpg: one page switched between two frames with
 *    UVMF_INVLPG;
 *  - evtchn_send_self: EVTCHNOP_send on a channel from us to ourselves
 *    (events stay masked, so nothing is delivered), pending bits cleared
 *    between samples;
 *  - evtchn_roundtrip_interdomain: an event to another domain and its
 *    answer: EVTCHNOP_send, then SCHEDOP_poll until our port is pending
 *    (both sides with upcalls masked), the other side doing the same;
 *    every instruction of both domains and the hypervisor in between
 *    counts.  The other side is this image again, started as domU d1
 *    with `echo` on its command line (our domus=; Xen has no d1 here, so
 *    the figure is n/a there).
 *  - grant_map_unmap: GNTTABOP_map_grant_ref of one of our frames, granted
 *    to ourselves, at an empty page, then GNTTABOP_unmap_grant_ref of it
 *    (two hypercalls);
 *  - grant_copy_4k: GNTTABOP_copy of a whole page from that grant into
 *    another of our frames.
 */
#include "common/string.h"
#include "guest/args.h"
#include "guest/console.h"
#include "guest/events.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/time.h"
#include "public/errno.h"
#include "public/event_channel.h"
#include "public/grant_table.h"

#define RUNS  9
#define BATCH 512

/* Where the measured mappings go: L2 slots 32 and 33 above the image. */
#define BATCH_BASE (GUEST_VIRT_BASE + 0x4000000UL)
#define SCRATCH_VA (GUEST_VIRT_BASE + 0x4200000UL)

static uint64_t rdtsc_cost;
static struct mmu_update map_batch[BATCH], unmap_batch[BATCH];

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return (uint64_t)hi << 32 | lo;
}

static uint64_t median(uint64_t *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

static uint64_t since(uint64_t start)
{
    uint64_t d = rdtsc() - start;

    return d > rdtsc_cost ? d - rdtsc_cost : 0;
}

static void report(const char *op, uint64_t *samples, unsigned per)
{
    printk("bench: %s %lu\n", op, median(samples, RUNS) / per);
}

static void not_available(const char *op, const char *what, long rc)
{
    printk("bench: %s n/a %s returned %ld (%s)\n", op, what, rc, errno_name(rc));
}

static void measure_rdtsc(void)
{
    uint64_t s[RUNS];

    for (int i = 0; i < RUNS; i++) {
        uint64_t t = rdtsc();
        s[i] = rdtsc() - t;
    }
    rdtsc_cost = median(s, RUNS);
    info("rdtsc pair: %lu ticks", rdtsc_cost);
}

static void bench_null_hypercall(void)
{
    uint64_t s[RUNS];

    for (int i = 0; i < RUNS; i++) {
        uint64_t t = rdtsc();
        hypercall_xen_version(XENVER_version, NULL);
        s[i] = since(t);
    }
    report("null_hypercall", s, 1);
}

static void bench_mmu_update(void)
{
    uint64_t s[RUNS];
    long rc = pt_new_l1(BATCH_BASE);

    if (rc) {
        not_available("mmu_update_map_per_entry", "installing an L1", rc);
        not_available("mmu_update_per_entry", "installing an L1", rc);
        return;
    }
    for (int i = 0; i < BATCH; i++) {
        uint64_t slot = pt_entry_maddr(BATCH_BASE + i * PAGE_SIZE, 1);
        uint64_t pfn = pt_free_pfn();
        map_batch[i] = (struct mmu_update){ slot, pt_pfn_to_mfn(pfn) << 12 | PTE_DATA_RW };
        unmap_batch[i] = (struct mmu_update){ slot, 0 };
    }
    for (int i = 0; i < RUNS; i++) {
        uint64_t t;
        rc = hypercall_mmu_update(unmap_batch, BATCH, NULL, DOMID_SELF);
        if (!rc) {
            t = rdtsc();
            rc = hypercall_mmu_update(map_batch, BATCH, NULL, DOMID_SELF);
            s[i] = since(t);
        }
        if (rc) {
            not_available("mmu_update_map_per_entry", "mmu_update", rc);
            not_available("mmu_update_per_entry", "mmu_update", rc);
            return;
        }
    }
    report("mmu_update_map_per_entry", s, BATCH);
    for (int i = 0; i < RUNS; i++) {
        uint64_t t = rdtsc();
        rc = hypercall_mmu_update(map_batch, BATCH, NULL, DOMID_SELF);
        s[i] = since(t);
        if (rc) {
            not_available("mmu_update_per_entry", "mmu_update", rc);
            return;
        }
    }
    report("mmu_update_per_entry", s, BATCH);
}

static void bench_pin_unpin(void)
{
    uint64_t s[RUNS], mfn;
    void *l1 = pt_spare_page();
    long rc = l1 ? pt_set_readonly(l1) : -XEN_ENOMEM;

    if (rc) {
        not_available("mmuext_pin_unpin_l1", "making the L1 read-only", rc);
        return;
    }
    mfn = virt_to_mfn(l1);
    for (int i = 0; i < RUNS; i++) {
        uint64_t t = rdtsc();
        long pin = pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0);
        long unpin = pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0);
        s[i] = since(t);
        if (pin || unpin) {
            not_available("mmuext_pin_unpin_l1", pin ? "pin" : "unpin", pin ? pin : unpin);
            return;
        }
    }
    report("mmuext_pin_unpin_l1", s, 1);
}

static void bench_update_va_mapping(void)
{
    uint64_t s[RUNS], frame[2];
    long rc = 0;

    frame[0] = pt_pfn_to_mfn(pt_free_pfn());
    frame[1] = pt_pfn_to_mfn(pt_free_pfn());
    for (int i = 0; i < RUNS && !rc; i++) {
        uint64_t t = rdtsc();
        rc = hypercall_update_va_mapping(BATCH_BASE, frame[i & 1] << 12 | PTE_DATA_RW, UVMF_INVLPG);
        s[i] = since(t);
    }
    if (rc)
        not_available("update_va_mapping_invlpg", "update_va_mapping", rc);
    else
        report("update_va_mapping_invlpg", s, 1);
}

/* Clears every trace of a pending event on the two ports, if shared_info is mapped. */
static void clear_pending(volatile struct shared_info *sh, evtchn_port_t a, evtchn_port_t b)
{
    if (!sh)
        return;
    sh->evtchn_pending[a / 64] &= ~(1UL << (a % 64));
    sh->evtchn_pending[b / 64] &= ~(1UL << (b % 64));
    sh->vcpu_info[0].evtchn_pending_sel = 0;
    sh->vcpu_info[0].evtchn_upcall_pending = 0;
}

static void bench_evtchn_send(void)
{
    struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bind = { .remote_dom = DOMID_SELF };
    struct evtchn_send send;
    volatile struct shared_info *sh = NULL;
    uint64_t s[RUNS];
    long rc;

    rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &alloc);
    if (rc) {
        not_available("evtchn_send_self", "EVTCHNOP_alloc_unbound", rc);
        return;
    }
    bind.remote_port = alloc.port;
    rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &bind);
    if (rc) {
        not_available("evtchn_send_self", "EVTCHNOP_bind_interdomain", rc);
        return;
    }
    if (pt_new_l1(SCRATCH_VA) == 0 &&
        pt_map(SCRATCH_VA, start_info->shared_info >> 12, PTE_DATA_RW) == 0)
        sh = (volatile struct shared_info *)SCRATCH_VA;
    else
        info("shared_info not mapped: samples after the first find the event pending");
    send.port = bind.local_port;
    for (int i = 0; i < RUNS; i++) {
        uint64_t t;
        clear_pending(sh, alloc.port, bind.local_port);
        t = rdtsc();
        rc = hypercall_event_channel_op(EVTCHNOP_send, &send);
        s[i] = since(t);
        if (rc) {
            not_available("evtchn_send_self", "EVTCHNOP_send", rc);
            return;
        }
    }
    clear_pending(sh, alloc.port, bind.local_port);
    report("evtchn_send_self", s, 1);
}

/* One round trip: send, then sleep until the answer is pending; false on a timeout. */
static bool round_trip(evtchn_port_t port)
{
    uint64_t limit = time_now() + NS_PER_S;

    if (evtchn_send(port))
        return false;
    while (!port_test_and_clear(port)) {
        if (time_now() >= limit)
            return false;
        sched_poll(&port, 1, limit);
    }
    return true;
}

static void bench_evtchn_interdomain(void)
{
    const char *op = "evtchn_roundtrip_interdomain";
    evtchn_port_t port;
    uint64_t s[RUNS], limit;
    long rc = events_init();

    if (rc) {
        not_available(op, "mapping shared_info", rc);
        return;
    }
    /* d1 allocated its first port, 1, for us as it started. */
    limit = time_now() + NS_PER_S;
    while ((rc = evtchn_bind_interdomain(1, 1, &port)) != 0 && time_now() < limit)
        sched_yield();
    if (rc) {
        not_available(op, "EVTCHNOP_bind_interdomain to d1's port 1", rc);
        return;
    }
    port_test_and_clear(port);  /* a fresh binding starts pending */
    for (int i = 0; i < 3; i++) /* warm up both sides */
        if (!round_trip(port)) {
            printk("bench: %s n/a d1 did not answer within 1 s\n", op);
            return;
        }
    for (int i = 0; i < RUNS; i++) {
        uint64_t t = rdtsc();
        bool ok = round_trip(port);
        s[i] = since(t);
        if (!ok) {
            printk("bench: %s n/a d1 did not answer within 1 s\n", op);
            return;
        }
    }
    report(op, s, 1);
}

/*
 * Grants: our table's first frame mapped at GRANT_TABLE_VA, its entry
 * GRANT_REF granting a frame of ours to us, mapped at BATCH_BASE (emptied).
 */
#define GRANT_TABLE_VA (SCRATCH_VA + PAGE_SIZE)
#define GRANT_REF      8
#define SELF_ID        0 /* dom0 */

static long grant_self(uint64_t *granted)
{
    struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };
    volatile struct grant_entry_v1 *table = (volatile struct grant_entry_v1 *)GRANT_TABLE_VA;
    uint64_t frame = 0; /* written by setup_table */
    long rc;

    setup.frame_list = (uint64_t)&frame;
    rc = hypercall_grant_table_op(GNTTABOP_setup_table, &setup, 1);
    if (!rc && setup.status != GNTST_okay)
        rc = -XEN_EINVAL;
    if (!rc)
        rc = hypercall_update_va_mapping(GRANT_TABLE_VA, frame << 12 | PTE_DATA_RW, UVMF_INVLPG);
    if (!rc)
        rc = hypercall_update_va_mapping(BATCH_BASE, 0, UVMF_INVLPG);
    if (rc)
        return rc;
    *granted = pt_pfn_to_mfn(pt_free_pfn());
    table[GRANT_REF].domid = SELF_ID;
    table[GRANT_REF].frame = *granted;
    table[GRANT_REF].flags = GTF_permit_access;
    return 0;
}

static void bench_grants(void)
{
    uint64_t s[RUNS], c[RUNS], granted, dest = pt_pfn_to_mfn(pt_free_pfn());
    struct gnttab_map_grant_ref map = { 0 };
    struct gnttab_unmap_grant_ref unmap = { 0 };
    struct gnttab_copy copy = {
        .source = { .u.ref = GRANT_REF, .domid = SELF_ID },
        .dest = { .u.gmfn = dest, .domid = DOMID_SELF },
        .len = 4096,
        .flags = GNTCOPY_source_gref,
    };
    long rc = grant_self(&granted);

    for (int i = 0; i < RUNS && !rc; i++) {
        uint64_t t = rdtsc();

        map = (struct gnttab_map_grant_ref){
            .host_addr = BATCH_BASE, .flags = GNTMAP_host_map, .ref = GRANT_REF, .dom = SELF_ID
        };
        rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &map, 1);
        if (!rc && map.status == GNTST_okay) {
            unmap =
                (struct gnttab_unmap_grant_ref){ .host_addr = BATCH_BASE, .handle = map.handle };
            rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &unmap, 1);
        }
        s[i] = since(t);
        if (!rc && (map.status != GNTST_okay || unmap.status != GNTST_okay))
            rc = -XEN_EINVAL;
        t = rdtsc();
        if (!rc)
            rc = hypercall_grant_table_op(GNTTABOP_copy, &copy, 1);
        c[i] = since(t);
        if (!rc && copy.status != GNTST_okay)
            rc = -XEN_EINVAL;
    }
    if (rc) {
        not_available("grant_map_unmap", "grant_table_op", rc);
        not_available("grant_copy_4k", "grant_table_op", rc);
        return;
    }
    report("grant_map_unmap", s, 1);
    report("grant_copy_4k", c, 1);
}

/* As domU d1: answer every event from dom0, asleep in between. */
static void echo(void)
{
    evtchn_port_t port;
    long rc = events_init();

    if (!rc)
        rc = timer_stop_periodic(0);
    if (!rc)
        rc = evtchn_alloc_unbound(0, &port);
    if (rc) {
        info("echo: setting up gave %ld (%s)", rc, errno_name(rc));
        return;
    }
    for (;;) {
        while (!port_test_and_clear(port))
            sched_poll(&port, 1, 0);
        evtchn_send(port);
    }
}

int guest_main(const struct start_info *si)
{
    if (arg_present("echo")) {
        echo();
        return 0;
    }
    measure_rdtsc();
    bench_null_hypercall();
    bench_mmu_update();
    bench_pin_unpin();
    bench_update_va_mapping();
    bench_evtchn_send();
    bench_evtchn_interdomain();
    bench_grants();
    printk("bench: done\n");
    return 0;
}
