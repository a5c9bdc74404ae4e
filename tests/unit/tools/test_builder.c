/*
 * The domain builder run from dom0 (tools/builder.c) against a fake
 * machine behind the fake control seam: frames in a pool, handed out by
 * populate_physmap, mapped by bouncing through a buffer.  What the builder
 * asks the hypervisor and in what order, what it leaves in the domain's
 * memory (start_info, P2M, page tables, kernel, grant entries, vCPU 0),
 * the domU layout of Xen's toolstack page by page, and that a bad image or
 * a failing step leaves nothing behind.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/crc32.h"
#include "common/errno.h"
#include "public/grant_table.h"
#include "public/memory.h"
#include "tests/unit/tools/fake_xc.h"
#include "tools/builder.h"
#include "tools/builder_layout.h"

/*
 * The small PV kernel of the core tests, made in memory.  Compiled in here:
 * the toolstack's tests link none of tests/unit/'s objects.
 */
#include "tests/unit/kernel_fixture.c" // NOLINT(bugprone-suspicious-include)

#define DOMID       5
#define MFN_BASE    0x100000UL /* MFNs are not PFNs: a mix-up shows */
#define POOL_FRAMES 20480
#define PAGE        4096UL
#define SHINFO_MFN  (MFN_BASE + POOL_FRAMES)     /* not from the pool's allocator */
#define GNTTAB_MFN  (MFN_BASE + POOL_FRAMES + 1) /* the domain's first grant frame */

static struct machine {
    uint8_t *pool;          /* POOL_FRAMES + 2 frames: the last two shared_info and grants */
    uint64_t next;          /* the next free frame index */
    bool exists, destroyed; /* the domain */
    unsigned superpage_budget;
    long populate_fails_with;
    uint64_t tot_pages, max_kb;
    uint32_t vcpus;
    unsigned maps_live;
    uint64_t pinned_l4, hypercall_gmfn;
    struct vcpu_guest_context ctxt;
    bool ctxt_set;
    struct evtchn_alloc_unbound ports[2];
    unsigned nr_ports;
} m;

struct bounce {
    void *addr;
    xen_pfn_t mfns[XC_MAP_MAX];
    unsigned n;
};
static struct bounce bounces[4];

static uint8_t *frame(uint64_t mfn)
{
    ck_assert_uint_ge(mfn, MFN_BASE);
    ck_assert_uint_lt(mfn, MFN_BASE + POOL_FRAMES + 2);
    return m.pool + (mfn - MFN_BASE) * PAGE;
}

static long on_createdomain(struct xen_domctl *op, void *ctx)
{
    ck_assert(!m.exists);
    m.exists = true;
    m.vcpus = op->u.createdomain.max_vcpus;
    op->domain = DOMID;
    return 0;
}

static long on_destroy(struct xen_domctl *op, void *ctx)
{
    ck_assert_uint_eq(op->domain, DOMID);
    ck_assert_uint_eq(m.maps_live, 0); /* nothing of the builder's holds its frames */
    m.destroyed = true;
    return 0;
}

static long on_ok(struct xen_domctl *op, void *ctx)
{
    ck_assert_uint_eq(op->domain, DOMID);
    if (op->cmd == XEN_DOMCTL_max_mem)
        m.max_kb = op->u.max_mem.max_memkb;
    if (op->cmd == XEN_DOMCTL_hypercall_init)
        m.hypercall_gmfn = op->u.hypercall_init.gmfn;
    return 0;
}

static long on_getdomaininfo(struct xen_domctl *op, void *ctx)
{
    op->u.getdomaininfo.domain = DOMID;
    op->u.getdomaininfo.tot_pages = m.tot_pages;
    op->u.getdomaininfo.shared_info_frame = SHINFO_MFN;
    return 0;
}

static long on_setvcpucontext(struct xen_domctl *op, void *ctx)
{
    ck_assert_uint_eq(op->u.vcpucontext.vcpu, 0);
    memcpy(&m.ctxt, (void *)(uintptr_t)op->u.vcpucontext.ctxt, sizeof(m.ctxt));
    m.ctxt_set = true;
    return 0;
}

static long on_memory_op(unsigned cmd, void *arg, void *ctx)
{
    if (cmd == XENMEM_populate_physmap) {
        struct xen_memory_reservation *r = arg;
        xen_pfn_t *ext = (xen_pfn_t *)(uintptr_t)r->extent_start;
        uint64_t n = 1UL << r->extent_order;

        ck_assert_uint_eq(r->domid, DOMID);
        if (m.populate_fails_with)
            return m.populate_fails_with;
        for (uint64_t i = 0; i < r->nr_extents; i++) {
            if (r->extent_order && !m.superpage_budget--)
                return (long)i;
            m.next = (m.next + n - 1) & ~(n - 1);
            if (m.next + n > POOL_FRAMES)
                return (long)i;
            ext[i] = MFN_BASE + m.next;
            m.next += n;
            m.tot_pages += n;
        }
        return (long)r->nr_extents;
    }
    if (cmd == XENMEM_acquire_resource) {
        struct xen_mem_acquire_resource *r = arg;

        ck_assert_uint_eq(r->domid, DOMID);
        ck_assert_uint_eq(r->type, XENMEM_resource_grant_table);
        ck_assert_uint_eq(r->nr_frames, 1);
        *(xen_pfn_t *)(uintptr_t)r->frame_list = GNTTAB_MFN;
        return 0;
    }
    return -ENOSYS;
}

static long on_evtchn_op(int cmd, void *arg, void *ctx)
{
    struct evtchn_alloc_unbound *a = arg;

    ck_assert_int_eq(cmd, EVTCHNOP_alloc_unbound);
    ck_assert_uint_lt(m.nr_ports, 2);
    a->port = m.nr_ports + 1;
    m.ports[m.nr_ports++] = *a;
    return 0;
}

static long on_mmuext(const struct mmuext_op *ops, unsigned count, domid_t dom, void *ctx)
{
    ck_assert_uint_eq(count, 1);
    ck_assert_uint_eq(dom, DOMID);
    ck_assert_uint_eq(ops[0].cmd, MMUEXT_PIN_L4_TABLE);
    ck_assert_uint_eq(m.maps_live, 0); /* no writable mapping of a table when pinning */
    m.pinned_l4 = ops[0].arg1.mfn;
    return 0;
}

static void *on_map(domid_t dom, const xen_pfn_t *mfns, unsigned n, long *err, void *ctx)
{
    struct bounce *b = NULL;

    ck_assert_uint_eq(dom, DOMID);
    ck_assert_uint_le(n, XC_MAP_MAX);
    for (unsigned i = 0; i < 4 && !b; i++)
        if (!bounces[i].addr)
            b = &bounces[i];
    ck_assert_ptr_nonnull(b);
    b->addr = malloc(n * PAGE);
    b->n = n;
    memcpy(b->mfns, mfns, n * sizeof(*mfns));
    for (unsigned i = 0; i < n; i++)
        memcpy((uint8_t *)b->addr + i * PAGE, frame(mfns[i]), PAGE);
    m.maps_live++;
    return b->addr;
}

static long on_unmap(void *addr, unsigned n, void *ctx)
{
    for (unsigned i = 0; i < 4; i++) {
        struct bounce *b = &bounces[i];

        if (b->addr != addr)
            continue;
        ck_assert_uint_eq(b->n, n);
        for (unsigned j = 0; j < n; j++)
            memcpy(frame(b->mfns[j]), (uint8_t *)addr + j * PAGE, PAGE);
        free(addr);
        b->addr = NULL;
        m.maps_live--;
        return 0;
    }
    ck_abort_msg("unmapping what was not mapped");
    return -EINVAL;
}

static void machine_setup(void)
{
    free(m.pool);
    memset(&m, 0, sizeof(m));
    memset(bounces, 0, sizeof(bounces));
    m.pool = calloc(POOL_FRAMES + 2, PAGE);
    memset(m.pool + (SHINFO_MFN - MFN_BASE) * PAGE, 0xAA, PAGE); /* the builder must reset it */
    m.superpage_budget = 1000;
    fake_xc_reset();
    fake_xc_on_domctl(XEN_DOMCTL_createdomain, on_createdomain, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_destroydomain, on_destroy, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_max_vcpus, on_ok, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_max_mem, on_ok, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_set_address_size, on_ok, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_hypercall_init, on_ok, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_getdomaininfo, on_getdomaininfo, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_setvcpucontext, on_setvcpucontext, NULL);
    fake_xc_on_memory_op(on_memory_op, NULL);
    fake_xc_on_evtchn_op(on_evtchn_op, NULL);
    fake_xc_on_mmuext_op(on_mmuext, NULL);
    fake_xc_on_map_foreign(on_map, on_unmap, NULL);
}

static void *host_alloc(size_t n)
{
    return malloc(n);
}

static const struct kernel_alloc host_mem = { host_alloc, free };

static _Alignas(8) uint8_t kernel[KFIX_IMAGE_BYTES];

static void put32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static struct builder_spec spec(unsigned mem_mb, const struct kfix_opts *o)
{
    kfix_make(kernel, o);
    return (struct builder_spec){
        .kernel = kernel,
        .kernel_len = sizeof(kernel),
        .cmdline = "console=hvc0 role=test",
        .mem_mb = mem_mb,
        .vcpus = 2,
        .mem = &host_mem,
    };
}

/* The entry of `level` that maps va, walking the built tables from the pinned L4. */
static uint64_t walk(uint64_t va, unsigned level)
{
    uint64_t table = m.pinned_l4, e = 0;

    for (unsigned l = 4; l >= level; l--) {
        e = ((uint64_t *)frame(table))[(va >> (12 + 9 * (l - 1))) & 511];
        if (!(e & 1))
            return 0;
        table = (e & 0x000FFFFFFFFFF000UL) >> 12;
    }
    return e;
}

/* The guest's P2M, read back from its own memory. */
static uint64_t guest_mfn(const struct start_info *si, uint64_t pfn)
{
    uint64_t va = si->mfn_list + pfn * 8, e = walk(va, 1);

    ck_assert_msg(e & 1, "the P2M list is not mapped at %#lx", va);
    return *(uint64_t *)(frame((e & 0x000FFFFFFFFFF000UL) >> 12) + (va & 4095));
}

static const struct start_info *built_start_info(void)
{
    uint64_t e = walk(m.ctxt.user_regs.rsi, 1);

    ck_assert(e & 1);
    return (const struct start_info *)frame((e & 0x000FFFFFFFFFF000UL) >> 12);
}

START_TEST(builds_in_the_order_xen_s_toolstack_does)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    struct builder_result r;
    const char *problem = NULL;
    static const struct {
        enum fake_xc_kind kind;
        uint32_t cmd;
    } want[] = {
        { FAKE_XC_DOMCTL, XEN_DOMCTL_createdomain },
        { FAKE_XC_DOMCTL, XEN_DOMCTL_max_vcpus },
        { FAKE_XC_DOMCTL, XEN_DOMCTL_max_mem },
        { FAKE_XC_EVTCHN_OP, EVTCHNOP_alloc_unbound },
        { FAKE_XC_EVTCHN_OP, EVTCHNOP_alloc_unbound },
        { FAKE_XC_DOMCTL, XEN_DOMCTL_set_address_size },
        { FAKE_XC_MEMORY_OP, XENMEM_populate_physmap },
        { FAKE_XC_DOMCTL, XEN_DOMCTL_getdomaininfo },
        { FAKE_XC_DOMCTL, XEN_DOMCTL_hypercall_init },
        { FAKE_XC_MMUEXT_OP, 1 },
        { FAKE_XC_DOMCTL, XEN_DOMCTL_setvcpucontext },
        { FAKE_XC_MEMORY_OP, XENMEM_acquire_resource },
    };
    unsigned w = 0;

    machine_setup();
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    for (unsigned i = 0; i < fake_xc_call_count(); i++) {
        const struct fake_xc_call *c = fake_xc_call(i);

        if (c->kind == FAKE_XC_MAP_FOREIGN || c->kind == FAKE_XC_UNMAP_FOREIGN)
            continue;
        if (w && c->kind == want[w - 1].kind && c->cmd == want[w - 1].cmd &&
            c->kind == FAKE_XC_MEMORY_OP)
            continue; /* populate_physmap is called in batches */
        ck_assert_uint_lt(w, sizeof(want) / sizeof(want[0]));
        ck_assert_msg(c->kind == want[w].kind && c->cmd == want[w].cmd,
                      "call %u is kind %d cmd %u, expected kind %d cmd %u", i, c->kind, c->cmd,
                      want[w].kind, want[w].cmd);
        ck_assert_int_ge(c->rc, 0);
        w++;
    }
    ck_assert_uint_eq(w, sizeof(want) / sizeof(want[0]));
    ck_assert_uint_eq(m.maps_live, 0);
    ck_assert(!m.destroyed);
}
END_TEST

START_TEST(createdomain_gets_libxl_s_pv_defaults)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    struct builder_result r;
    const char *problem;
    const struct xen_domctl_createdomain *c;

    machine_setup();
    s.max_mem_mb = 128;
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    c = &fake_xc_call(0)->op.domctl.u.createdomain;
    ck_assert_uint_eq(fake_xc_call(0)->domain, 0); /* any free id */
    ck_assert_uint_eq(c->flags, 0);
    ck_assert_uint_eq(c->max_vcpus, 2);
    ck_assert_uint_eq(c->max_evtchn_port, 1023);
    ck_assert_int_eq(c->max_grant_frames, 64);
    ck_assert_int_eq(c->max_maptrack_frames, 1024);
    ck_assert_uint_eq(c->grant_opts, 1);
    ck_assert_uint_eq(m.max_kb, 128 * 1024 + 1024);
    ck_assert_uint_eq(r.domid, DOMID);
    /* xenstore's port first, then the console's, both for dom0 to bind. */
    ck_assert_uint_eq(m.ports[0].dom, DOMID);
    ck_assert_uint_eq(m.ports[0].remote_dom, 0);
    ck_assert_uint_eq(r.store_port, 1);
    ck_assert_uint_eq(r.console_port, 2);
}
END_TEST

START_TEST(start_info_and_p2m_are_what_the_guest_reads)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    struct builder_result r;
    const char *problem;
    const struct start_info *si;

    machine_setup();
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    ck_assert(m.ctxt_set);
    si = built_start_info();
    ck_assert_str_eq(si->magic, "xen-3.0-x86_64");
    ck_assert_uint_eq(si->nr_pages, 16384);
    ck_assert_uint_eq(si->shared_info, SHINFO_MFN << 12);
    ck_assert_uint_eq(si->flags, 0);
    ck_assert_uint_eq(si->store_evtchn, r.store_port);
    ck_assert_uint_eq(si->console.domU.evtchn, r.console_port);
    ck_assert_uint_eq(si->store_mfn, r.store_mfn);
    ck_assert_uint_eq(si->console.domU.mfn, r.console_mfn);
    ck_assert_str_eq((const char *)si->cmd_line, "console=hvc0 role=test");
    ck_assert_uint_eq(si->pt_base, KFIX_VIRT_BASE + 43 * PAGE);
    ck_assert_uint_eq(si->nr_pt_frames, 5);
    ck_assert_uint_eq(si->mfn_list, KFIX_VIRT_BASE + 8 * PAGE);
    ck_assert_uint_eq(si->mod_start, 0);
    for (uint64_t pfn = 0; pfn < si->nr_pages; pfn += 97)
        ck_assert_uint_eq(guest_mfn(si, pfn), MFN_BASE + pfn); /* frames handed out in order */
    /* The rings are clear; shared_info reset with every legacy vCPU masked. */
    for (unsigned i = 0; i < PAGE; i++)
        ck_assert_uint_eq(frame(r.store_mfn)[i] | frame(r.console_mfn)[i], 0);
    for (unsigned i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        ck_assert_uint_eq(
            ((struct shared_info *)frame(SHINFO_MFN))->vcpu_info[i].evtchn_upcall_mask, 1);
    ck_assert_uint_eq(((struct shared_info *)frame(SHINFO_MFN))->wc_sec, 0);
}
END_TEST

START_TEST(initial_mapping_covers_4mib_with_tables_read_only)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    struct builder_result r;
    const char *problem;
    const struct start_info *si;

    machine_setup();
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    si = built_start_info();
    ck_assert_uint_eq(m.pinned_l4, MFN_BASE + 43);
    ck_assert_uint_eq(m.ctxt.ctrlreg[3], (MFN_BASE + 43) << 12);
    for (uint64_t va = KFIX_VIRT_BASE; va < KFIX_VIRT_BASE + (4UL << 20); va += PAGE) {
        uint64_t pfn = (va - KFIX_VIRT_BASE) / PAGE, e = walk(va, 1);
        bool table = va >= si->pt_base && va < si->pt_base + si->nr_pt_frames * PAGE;

        ck_assert_msg(e & 1, "%#lx is not mapped", va);
        ck_assert_uint_eq(e >> 12, MFN_BASE + pfn);
        ck_assert_uint_eq(e & 0xfff, table ? 0x21 : 0x23);
    }
    ck_assert_uint_eq(walk(KFIX_VIRT_BASE + (4UL << 20), 1), 0);
    ck_assert_uint_eq(walk(KFIX_VIRT_BASE, 2) & 0xfff, 0x67);
    ck_assert_uint_eq(walk(KFIX_VIRT_BASE, 4) & 0xfff, 0x67);
}
END_TEST

START_TEST(kernel_is_loaded_and_vcpu0_starts_at_its_entry)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    struct builder_result r;
    const char *problem;
    uint64_t seg = KFIX_VIRT_BASE + KFIX_SEG_PADDR;

    machine_setup();
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    for (uint64_t off = 0; off < KFIX_SEG_MEMSZ; off++) {
        uint64_t e = walk(seg + off, 1);
        uint8_t byte = frame(e >> 12 & 0xFFFFFFFFFFUL)[(seg + off) & 4095];

        ck_assert_uint_eq(byte, off < KFIX_SEG_FILESZ ? kfix_segment[off] : 0);
    }
    ck_assert_uint_eq(m.hypercall_gmfn, MFN_BASE + 3);
    ck_assert_uint_eq(m.ctxt.user_regs.rip, KFIX_ENTRY);
    ck_assert_uint_eq(m.ctxt.user_regs.rsi, KFIX_VIRT_BASE + 40 * PAGE);
    ck_assert_uint_eq(m.ctxt.user_regs.rsp, KFIX_VIRT_BASE + 49 * PAGE);
    ck_assert_uint_eq(m.ctxt.kernel_sp, KFIX_VIRT_BASE + 49 * PAGE);
    ck_assert_uint_eq(m.ctxt.user_regs.rflags, 0x200);
    ck_assert_uint_eq(m.ctxt.flags, VGCF_in_kernel | VGCF_online);
    ck_assert_uint_eq(m.ctxt.user_regs.cs, FLAT_KERNEL_CS);
    ck_assert_uint_eq(m.ctxt.user_regs.ss, FLAT_KERNEL_SS);
    ck_assert_uint_eq(m.ctxt.kernel_ss, FLAT_KERNEL_SS);
    ck_assert_uint_eq(m.ctxt.debugreg[6], 0xffff0ff0);
    ck_assert_uint_eq(m.ctxt.debugreg[7], 0x400);
}
END_TEST

START_TEST(grant_entries_0_and_1_are_seeded_for_dom0)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    struct builder_result r;
    const char *problem;
    const struct grant_entry_v1 *g;

    machine_setup();
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    g = (const struct grant_entry_v1 *)frame(GNTTAB_MFN);
    ck_assert_uint_eq(g[GNTTAB_RESERVED_CONSOLE].flags, GTF_permit_access);
    ck_assert_uint_eq(g[GNTTAB_RESERVED_CONSOLE].domid, 0);
    ck_assert_uint_eq(g[GNTTAB_RESERVED_CONSOLE].frame, r.console_mfn);
    ck_assert_uint_eq(g[GNTTAB_RESERVED_XENSTORE].flags, GTF_permit_access);
    ck_assert_uint_eq(g[GNTTAB_RESERVED_XENSTORE].frame, r.store_mfn);
    ck_assert_uint_eq(g[2].flags, 0);
}
END_TEST

static long on_setup_table(unsigned cmd, void *uop, unsigned count, void *ctx)
{
    struct gnttab_setup_table *s = uop;

    ck_assert_uint_eq(cmd, GNTTABOP_setup_table);
    ck_assert_uint_eq(count, 1);
    ck_assert_uint_eq(s->dom, DOMID);
    ck_assert_uint_eq(s->nr_frames, 1);
    *(xen_pfn_t *)(uintptr_t)s->frame_list = GNTTAB_MFN;
    s->status = GNTST_okay;
    return 0;
}

static long no_acquire_resource(unsigned cmd, void *arg, void *ctx)
{
    return cmd == XENMEM_acquire_resource ? -EOPNOTSUPP : on_memory_op(cmd, arg, ctx);
}

static long refuse_acquire_resource(unsigned cmd, void *arg, void *ctx)
{
    return cmd == XENMEM_acquire_resource ? -EPERM : on_memory_op(cmd, arg, ctx);
}

START_TEST(without_acquire_resource_grants_go_through_setup_table)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    struct builder_result r;
    const char *problem;
    const struct grant_entry_v1 *g;

    machine_setup();
    fake_xc_on_memory_op(no_acquire_resource, NULL);
    fake_xc_on_grant_table_op(on_setup_table, NULL);
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_GRANT_TABLE_OP, GNTTABOP_setup_table), 1);
    g = (const struct grant_entry_v1 *)frame(GNTTAB_MFN);
    ck_assert_uint_eq(g[GNTTAB_RESERVED_CONSOLE].frame, r.console_mfn);
    ck_assert_uint_eq(g[GNTTAB_RESERVED_XENSTORE].frame, r.store_mfn);

    /* Where acquire_resource works, setup_table is not used. */
    machine_setup();
    fake_xc_on_grant_table_op(on_setup_table, NULL);
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_GRANT_TABLE_OP, GNTTABOP_setup_table), 0);

    /* Any other refusal fails the build, and the domain goes. */
    machine_setup();
    fake_xc_on_memory_op(refuse_acquire_resource, NULL);
    fake_xc_on_grant_table_op(on_setup_table, NULL);
    ck_assert_int_eq(builder_build(&s, &r, &problem), -EPERM);
    ck_assert_str_eq(problem, "acquiring the new domain's grant table failed");
    ck_assert(m.destroyed);
}
END_TEST

START_TEST(single_pages_when_2mib_extents_run_out)
{
    struct builder_spec s = spec(16, &(struct kfix_opts){ 0 });
    struct builder_result r;
    const char *problem;

    machine_setup();
    m.superpage_budget = 3; /* of the 8 a 16 MiB domain would take */
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    ck_assert_uint_eq(m.tot_pages, 4096);
    ck_assert_uint_eq(guest_mfn(built_start_info(), 3 * 512), MFN_BASE + 3 * 512);
}
END_TEST

START_TEST(initrd_by_pfn_goes_after_the_initial_mapping)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ .mod_start_pfn = true });
    static uint8_t initrd[3 * 4096 + 5];
    struct builder_result r;
    const char *problem;
    const struct start_info *si;

    machine_setup();
    memset(initrd, 0x5A, sizeof(initrd));
    s.ramdisk = initrd;
    s.ramdisk_len = sizeof(initrd);
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    si = built_start_info();
    ck_assert_uint_eq(si->flags, SIF_MOD_START_PFN);
    ck_assert_uint_eq(si->mod_start, 1024); /* the first PFN past 4 MiB */
    ck_assert_uint_eq(si->mod_len, 4 * PAGE);
    ck_assert_uint_eq(frame(guest_mfn(si, 1024 + 3))[4], 0x5A);
    ck_assert_uint_eq(frame(guest_mfn(si, 1024 + 3))[5], 0);
}
END_TEST

START_TEST(bad_images_are_refused_before_any_domain_exists)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    struct builder_result r;
    const char *problem = NULL;

    machine_setup();
    memcpy(kernel, "not a kernel", 12);
    ck_assert_int_lt(builder_build(&s, &r, &problem), 0);
    ck_assert_str_eq(problem, "it is not an ELF64 x86-64 image (nor a bzImage)");
    ck_assert_uint_eq(fake_xc_call_count(), 0);

    s = spec(64, &(struct kfix_opts){ .no_notes = true });
    ck_assert_int_eq(builder_build(&s, &r, &problem), -EINVAL);
    ck_assert_str_eq(problem, "the kernel has no Xen ELF notes");
    ck_assert_uint_eq(fake_xc_call_count(), 0);

    s = spec(1, &(struct kfix_opts){ 0 }); /* 256 pages: no room for a 4 MiB mapping */
    ck_assert_int_eq(builder_build(&s, &r, &problem), -ENOMEM);
    ck_assert_uint_eq(fake_xc_call_count(), 0);

    s = spec(64, &(struct kfix_opts){ 0 });
    s.vcpus = 0;
    ck_assert_int_eq(builder_build(&s, &r, &problem), -EINVAL);
    ck_assert_uint_eq(fake_xc_call_count(), 0);
}
END_TEST

START_TEST(a_failing_step_destroys_the_half_built_domain)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    struct builder_result r;
    const char *problem = NULL;

    machine_setup();
    m.populate_fails_with = -ENOMEM;
    ck_assert_int_eq(builder_build(&s, &r, &problem), -ENOMEM);
    ck_assert_str_eq(problem, "populate_physmap failed");
    ck_assert(m.destroyed);

    machine_setup();
    fake_xc_reply_domctl(XEN_DOMCTL_setvcpucontext, -EINVAL, NULL, 0);
    ck_assert_int_eq(builder_build(&s, &r, &problem), -EINVAL);
    ck_assert_str_eq(problem, "setvcpucontext for vCPU 0 failed");
    ck_assert(m.destroyed);
    ck_assert_uint_eq(m.maps_live, 0);

    machine_setup();
    fake_xc_reply_domctl(XEN_DOMCTL_createdomain, -ENOMEM, NULL, 0);
    ck_assert_int_eq(builder_build(&s, &r, &problem), -ENOMEM);
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_DOMCTL, XEN_DOMCTL_destroydomain), 0);
}
END_TEST

/* ---- compressed kernels: the hypervisor's decompressors, the builder's memory -- */

static unsigned live_blocks;

static void *counted_alloc(size_t n)
{
    live_blocks++;
    return malloc(n);
}

static void counted_free(void *p)
{
    if (p)
        live_blocks--;
    free(p);
}

static const struct kernel_alloc counted_mem = { counted_alloc, counted_free };

/* src as a gzip stream of one stored deflate block (n < 64 KiB). */
static size_t gzip_stored(const uint8_t *src, size_t n, uint8_t *out)
{
    static const uint8_t header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
    struct crc32_table table;
    size_t at = 0;

    crc32_table_init(&table);
    memcpy(out, header, sizeof(header));
    at = sizeof(header);
    out[at++] = 1; /* the final block, stored */
    out[at++] = n & 0xff;
    out[at++] = n >> 8;
    out[at++] = ~n & 0xff;
    out[at++] = (~n >> 8) & 0xff;
    memcpy(out + at, src, n);
    at += n;
    put32(out + at, crc32(&table, src, n));
    put32(out + at + 4, (uint32_t)n);
    return at + 8;
}

/* The kernel as a bare gzip stream, as Xen accepts one. */
static size_t gzip_kernel(uint8_t *out)
{
    return gzip_stored(kernel, sizeof(kernel), out);
}

START_TEST(a_gzip_kernel_is_decompressed_with_the_builder_s_memory)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    static _Alignas(8) uint8_t gz[sizeof(kernel) + 64];
    struct builder_result r;
    const char *problem;
    uint64_t seg = KFIX_VIRT_BASE + KFIX_SEG_PADDR;

    machine_setup();
    live_blocks = 0;
    s.kernel = gz;
    s.kernel_len = gzip_kernel(gz);
    s.mem = &counted_mem;
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    ck_assert_uint_eq(live_blocks, 0);
    for (uint64_t off = 0; off < KFIX_SEG_FILESZ; off += 97)
        ck_assert_uint_eq(frame(walk(seg + off, 1) >> 12 & 0xFFFFFFFFFFUL)[(seg + off) & 4095],
                          kfix_segment[off]);

    machine_setup();
    gz[s.kernel_len - 5] ^= 1; /* the CRC no longer matches */
    ck_assert_int_eq(builder_build(&s, &r, &problem), -EINVAL);
    ck_assert_str_eq(problem, "the compressed kernel is corrupt");
    ck_assert_uint_eq(live_blocks, 0);
    ck_assert_uint_eq(fake_xc_call_count(), 0);
}
END_TEST

/* As libxenguest does: a gzip'd ramdisk reaches the domain unpacked, in its size + 16. */
START_TEST(a_gzip_ramdisk_is_handed_over_unpacked)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ 0 });
    static uint8_t plain[5000], gz[5100];
    struct builder_result r;
    const char *problem;
    const struct start_info *si;
    uint64_t e;

    for (unsigned i = 0; i < sizeof(plain); i++)
        plain[i] = (uint8_t)(i * 7 + 1);
    machine_setup();
    s.ramdisk = gz;
    s.ramdisk_len = gzip_stored(plain, sizeof(plain), gz);
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    si = built_start_info();
    ck_assert_uint_eq(si->flags, 0);
    ck_assert_uint_eq(si->mod_start, KFIX_VIRT_BASE + 8 * PAGE); /* right after the kernel */
    ck_assert_uint_eq(si->mod_len, 2 * PAGE);                    /* 5000 + 16, in pages */
    ck_assert_uint_eq(si->mfn_list, KFIX_VIRT_BASE + 10 * PAGE);
    for (uint64_t off = 0; off < 2 * PAGE; off++) {
        e = walk(si->mod_start + off, 1);
        ck_assert_uint_eq(frame(e >> 12 & 0xFFFFFFFFFFUL)[off & 4095],
                          off < sizeof(plain) ? plain[off] : 0);
    }

    /* One that does not unpack goes over as it is. */
    machine_setup();
    gz[s.ramdisk_len - 6] ^= 0xff;
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    si = built_start_info();
    e = walk(si->mod_start, 1);
    ck_assert_uint_eq(frame(e >> 12 & 0xFFFFFFFFFFUL)[0], 0x1f);
}
END_TEST

/* ---- the layout alone, against libxenguest's arithmetic ---------------- */

static struct pv_kernel placed(uint64_t kern_pages)
{
    return (struct pv_kernel){
        .virt_offset = KFIX_VIRT_BASE,
        .v_start = KFIX_VIRT_BASE,
        .kern_start = KFIX_VIRT_BASE,
        .kern_end = KFIX_VIRT_BASE + kern_pages * PAGE,
        .entry = KFIX_VIRT_BASE,
    };
}

START_TEST(layout_of_a_small_domu)
{
    struct pv_kernel k = placed(24);
    struct domu_layout l;
    const char *problem;

    ck_assert_int_eq(domu_layout_compute(&k, (struct elf_xen_num){ 0 }, 0, 16384, &l, &problem), 0);
    ck_assert_uint_eq(l.kern_pfn, 0);
    ck_assert_uint_eq(l.p2m_pfn, 24);
    ck_assert_uint_eq(l.p2m_pages, 32);
    ck_assert_uint_eq(l.start_info_pfn, 56);
    ck_assert_uint_eq(l.xenstore_pfn, 57);
    ck_assert_uint_eq(l.console_pfn, 58);
    ck_assert_uint_eq(l.pt_pfn, 59);
    ck_assert_uint_eq(l.nr_pt_frames, 5);
    ck_assert_uint_eq(l.stack_pfn, 64);
    ck_assert_uint_eq(l.v_end, KFIX_VIRT_BASE + (4UL << 20));
    ck_assert_uint_eq(l.pfn_end, 1024);
}
END_TEST

START_TEST(layout_grows_the_mapping_to_keep_512k_after_the_stack)
{
    struct domu_layout l;
    const char *problem;

    /* 900 pages of kernel + 32 of P2M + 3 + 5 tables + stack would leave under 128 pages. */
    for (uint64_t kp = 850; kp < 1100; kp += 7) {
        struct pv_kernel k = placed(kp);

        ck_assert_int_eq(domu_layout_compute(&k, (struct elf_xen_num){ 0 }, 0, 16384, &l, &problem),
                         0);
        ck_assert_uint_eq((l.v_end - KFIX_VIRT_BASE) % (4UL << 20), 0);
        ck_assert_uint_ge(l.v_end - KFIX_VIRT_BASE - (l.stack_pfn + 1) * PAGE, 512UL << 10);
        ck_assert_uint_eq(l.nr_pt_frames, pv_pt_frames_needed(KFIX_VIRT_BASE, l.v_end));
    }
}
END_TEST

START_TEST(layout_puts_an_init_p2m_list_apart_with_its_own_tables)
{
    struct pv_kernel k = placed(24);
    struct domu_layout l;
    const char *problem;

    ck_assert_int_eq(domu_layout_compute(&k, (struct elf_xen_num){ 0x8000000000UL, true }, 0, 16384,
                                         &l, &problem),
                     0);
    ck_assert(l.p2m_apart);
    ck_assert_uint_eq(l.start_info_pfn, 24);
    ck_assert_uint_eq(l.pt_pfn, 27);
    ck_assert_uint_eq(l.nr_pt_frames, 5);
    ck_assert_uint_eq(l.stack_pfn, 32);
    ck_assert_uint_eq(l.p2m_pfn, 1024);
    ck_assert_uint_eq(l.p2m_pages, 32 + 3); /* the list, then an L3, an L2, an L1 */
    ck_assert_uint_eq(l.p2m_va, 0x8000000000UL);
    ck_assert(domu_layout_is_table(&l, 1056));
    ck_assert(!domu_layout_is_table(&l, 1055));

    /* An INIT_P2M at or above VIRT_BASE is ignored, as libxenguest ignores it. */
    ck_assert_int_eq(domu_layout_compute(&k,
                                         (struct elf_xen_num){ KFIX_VIRT_BASE + (1UL << 30), true },
                                         0, 16384, &l, &problem),
                     0);
    ck_assert(!l.p2m_apart);
    ck_assert_uint_eq(l.p2m_pfn, 24);
}
END_TEST

START_TEST(init_p2m_list_is_mapped_where_the_kernel_asked)
{
    struct builder_spec s = spec(64, &(struct kfix_opts){ .init_p2m = 0x8000000000UL });
    struct builder_result r;
    const char *problem;
    const struct start_info *si;

    machine_setup();
    ck_assert_int_eq(builder_build(&s, &r, &problem), 0);
    si = built_start_info();
    ck_assert_uint_eq(si->mfn_list, 0x8000000000UL);
    ck_assert_uint_eq(si->first_p2m_pfn, 1024);
    ck_assert_uint_eq(si->nr_p2m_frames, 35);
    for (uint64_t pfn = 0; pfn < 16384; pfn += 511)
        ck_assert_uint_eq(guest_mfn(si, pfn), MFN_BASE + pfn);
    ck_assert_uint_eq(walk(0x8000000000UL + 32 * PAGE, 1), 0);
}
END_TEST

static Suite *builder_suite(void)
{
    Suite *s = suite_create("builder");
    TCase *tc = tcase_create("builder");

    tcase_add_test(tc, builds_in_the_order_xen_s_toolstack_does);
    tcase_add_test(tc, createdomain_gets_libxl_s_pv_defaults);
    tcase_add_test(tc, start_info_and_p2m_are_what_the_guest_reads);
    tcase_add_test(tc, initial_mapping_covers_4mib_with_tables_read_only);
    tcase_add_test(tc, kernel_is_loaded_and_vcpu0_starts_at_its_entry);
    tcase_add_test(tc, grant_entries_0_and_1_are_seeded_for_dom0);
    tcase_add_test(tc, without_acquire_resource_grants_go_through_setup_table);
    tcase_add_test(tc, single_pages_when_2mib_extents_run_out);
    tcase_add_test(tc, initrd_by_pfn_goes_after_the_initial_mapping);
    tcase_add_test(tc, bad_images_are_refused_before_any_domain_exists);
    tcase_add_test(tc, a_failing_step_destroys_the_half_built_domain);
    tcase_add_test(tc, a_gzip_kernel_is_decompressed_with_the_builder_s_memory);
    tcase_add_test(tc, a_gzip_ramdisk_is_handed_over_unpacked);
    tcase_add_test(tc, layout_of_a_small_domu);
    tcase_add_test(tc, layout_grows_the_mapping_to_keep_512k_after_the_stack);
    tcase_add_test(tc, layout_puts_an_init_p2m_list_apart_with_its_own_tables);
    tcase_add_test(tc, init_p2m_list_is_mapped_where_the_kernel_asked);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(builder_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
