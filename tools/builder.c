/*
 * The domain builder run from dom0 (see builder.h).  Everything the
 * builder writes into the new domain goes through foreign mappings of at
 * most MAP_CHUNK pages at a time, unmapped again at once: when the L4 is
 * pinned, nothing of ours maps a page table, and when a failed build
 * destroys the domain, nothing of ours holds its frames.
 */
#include "common/decompress.h"
#include "common/errno.h"
#include "common/string.h"
#include "public/grant_table.h"
#include "public/memory.h"
#include "tools/builder.h"
#include "tools/builder_layout.h"
#include "tools/xc.h"

#define MAP_CHUNK       64 /* pages mapped at once */
#define SUPERPAGE_ORDER 9  /* populate_physmap tries 2 MiB extents first */
#define SUPERPAGE_BATCH 512
#define SMALL_BATCH     (1024 * 1024) /* single pages per populate_physmap */
#define GUEST_TYPE      "xen-3.0-x86_64"
#define GUNZIP_MAX      (1UL << 30) /* a gzip'd initrd claiming more is handed over as is */
#define GUNZIP_SLACK    16          /* libxenguest's room past the stated size */

/* x86-64 page-table entry bits, as Xen's toolstack writes the initial tables. */
#define PTE_PRESENT  (1UL << 0)
#define PTE_RW       (1UL << 1)
#define PTE_USER     (1UL << 2)
#define PTE_ACCESSED (1UL << 5)
#define PTE_DIRTY    (1UL << 6)
#define PTE_L1       (PTE_PRESENT | PTE_RW | PTE_ACCESSED)
#define PTE_UPPER    (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY | PTE_USER)

/* Debug registers' reset values, as the toolstack starts vCPU 0. */
#define DR6_DEFAULT 0xffff0ff0UL
#define DR7_DEFAULT 0x00000400UL
#define RFLAGS_IF   (1UL << 9)

struct build {
    const struct builder_spec *spec;
    const char **problem;
    domid_t domid;
    bool created;
    struct kernel_image image;
    struct domu_layout l;
    struct elf_xen_notes notes;
    xen_pfn_t *p2m; /* pfn -> mfn, l.nr_pages of them */
    uint64_t nr_pages;
    uint64_t shared_info_mfn;
    evtchn_port_t store_port, console_port;
    uint64_t *tables; /* the initial page tables, built here then copied in */
    uint64_t nr_tables;
    size_t initrd_len;   /* its segment: the ramdisk, or what a gzip'd one unpacks to */
    size_t initrd_unzip; /* 0, or the room a gzip'd ramdisk is unpacked into */
};

static int fail(struct build *b, int rc, const char *why)
{
    *b->problem = why;
    return rc;
}

static long domctl(struct build *b, uint32_t cmd, struct xen_domctl *op)
{
    op->cmd = cmd;
    op->domain = b->domid;
    return xc_domctl(op);
}

/* ---- the new domain's memory, a chunk of mappings at a time ----------- */

/* Copy len bytes to guest physical address pa (src NULL: zeros). */
static int dom_write(struct build *b, uint64_t pa, const void *src, size_t len)
{
    while (len) {
        uint64_t pfn = pa / PV_PAGE_SIZE, off = pa % PV_PAGE_SIZE;
        uint64_t pages = (off + len + PV_PAGE_SIZE - 1) / PV_PAGE_SIZE;
        size_t chunk;
        uint8_t *map;
        long rc;

        if (pfn >= b->nr_pages || pages > b->nr_pages - pfn)
            return fail(b, -EINVAL, "a write fell outside the domain's memory");
        if (pages > MAP_CHUNK)
            pages = MAP_CHUNK;
        chunk = pages * PV_PAGE_SIZE - off < len ? pages * PV_PAGE_SIZE - off : len;
        map = xc_map_foreign(b->domid, &b->p2m[pfn], (unsigned)pages, &rc);
        if (!map)
            return fail(b, (int)rc, "mapping the new domain's memory failed");
        if (src)
            memcpy(map + off, src, chunk);
        else
            memset(map + off, 0, chunk);
        rc = xc_unmap_foreign(map, (unsigned)pages);
        if (rc)
            return fail(b, (int)rc, "unmapping the new domain's memory failed");
        pa += chunk;
        len -= chunk;
        if (src)
            src = (const uint8_t *)src + chunk;
    }
    return 0;
}

static int dom_zero(struct build *b, uint64_t pfn, uint64_t pages)
{
    return dom_write(b, pfn * PV_PAGE_SIZE, NULL, pages * PV_PAGE_SIZE);
}

/* ---- steps ------------------------------------------------------------ */

/*
 * As libxenguest hands modules over: a gzip'd ramdisk (its stated size
 * believable) is unpacked into a segment of that size plus a little; one
 * that does not unpack goes over as it is.
 */
static void size_initrd(struct build *b)
{
    const uint8_t *r = b->spec->ramdisk;
    size_t len = b->spec->ramdisk_len;
    uint32_t stated;

    b->initrd_len = r ? len : 0;
    if (!r || len < 6 || r[0] != 0x1f || r[1] != 0x8b)
        return;
    stated = (uint32_t)r[len - 4] | (uint32_t)r[len - 3] << 8 | (uint32_t)r[len - 2] << 16 |
             (uint32_t)r[len - 1] << 24;
    if (stated > GUNZIP_MAX)
        return;
    b->initrd_unzip = stated + GUNZIP_SLACK;
    if (b->initrd_unzip > b->initrd_len)
        b->initrd_len = b->initrd_unzip;
}

static int open_kernel(struct build *b)
{
    const struct builder_spec *s = b->spec;
    struct kernel_extent extent;
    struct pv_kernel placed;
    int rc = kernel_image_open(s->kernel, s->kernel_len, s->mem, &b->image, b->problem);

    if (!rc)
        rc = kernel_image_notes(&b->image, &b->notes, &extent.paddr_start, &extent.paddr_end,
                                b->problem);
    if (rc)
        return rc;
    extent.elf_entry = b->image.elf.ehdr->e_entry;
    rc = pv_kernel_place(&b->notes, &extent, false, &placed, b->problem);
    if (!rc)
        rc = domu_layout_compute(&placed, b->notes.init_p2m, b->initrd_len, b->nr_pages, &b->l,
                                 b->problem);
    return rc;
}

/* createdomain with libxl's choices for a PV domain, then max_vcpus and max_mem. */
static int create(struct build *b)
{
    const struct builder_spec *s = b->spec;
    struct xen_domctl op = { 0 };
    struct xen_domctl_createdomain *c = &op.u.createdomain;
    unsigned max_mb = s->max_mem_mb ? s->max_mem_mb : s->mem_mb;
    long rc;

    c->max_vcpus = s->vcpus;
    c->max_evtchn_port = BUILDER_MAX_EVTCHN_PORT;
    c->max_grant_frames = BUILDER_MAX_GRANT_FRAMES;
    c->max_maptrack_frames = BUILDER_MAX_MAPTRACK_FRAMES;
    c->grant_opts = 1; /* grant table version 1 at most */
    if (s->handle)
        memcpy(c->handle, s->handle, sizeof(c->handle));
    b->domid = s->domid;
    rc = domctl(b, XEN_DOMCTL_createdomain, &op);
    if (rc)
        return fail(b, (int)rc, "createdomain failed");
    b->domid = op.domain;
    b->created = true;

    op = (struct xen_domctl){ .u.max_vcpus.max = s->vcpus };
    if ((rc = domctl(b, XEN_DOMCTL_max_vcpus, &op)))
        return fail(b, (int)rc, "max_vcpus failed");
    op = (struct xen_domctl){ .u.max_mem.max_memkb =
                                  (uint64_t)max_mb * 1024 + BUILDER_MAXMEM_SLACK_KB };
    if ((rc = domctl(b, XEN_DOMCTL_max_mem, &op)))
        return fail(b, (int)rc, "max_mem failed");
    return 0;
}

/* The xenstore and console event channels: unbound ports the backends connect to. */
static int alloc_ports(struct build *b)
{
    struct evtchn_alloc_unbound store = { b->domid, b->spec->store_domid, 0 };
    struct evtchn_alloc_unbound console = { b->domid, b->spec->console_domid, 0 };
    long rc = xc_evtchn_op(EVTCHNOP_alloc_unbound, &store);

    if (!rc)
        rc = xc_evtchn_op(EVTCHNOP_alloc_unbound, &console);
    if (rc)
        return fail(b, (int)rc, "allocating the xenstore and console event channels failed");
    b->store_port = store.port;
    b->console_port = console.port;
    return 0;
}

static long populate(struct build *b, xen_pfn_t *extents, uint64_t count, unsigned order)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)(uintptr_t)extents,
        .nr_extents = count,
        .extent_order = order,
        .domid = b->domid,
    };

    return xc_memory_op(XENMEM_populate_physmap, &r);
}

/* The domain's memory: 2 MiB extents while they come, single pages for the rest. */
static int populate_memory(struct build *b)
{
    struct xen_domctl op = { .u.address_size.size = 64 };
    xen_pfn_t extents[SUPERPAGE_BATCH];
    uint64_t pfn = 0, super = b->nr_pages >> SUPERPAGE_ORDER;
    long rc = domctl(b, XEN_DOMCTL_set_address_size, &op);

    if (rc)
        return fail(b, (int)rc, "set_address_size failed");
    for (uint64_t i = 0; i < b->nr_pages; i++)
        b->p2m[i] = i;
    while (super) {
        uint64_t count = super < SUPERPAGE_BATCH ? super : SUPERPAGE_BATCH;

        for (uint64_t j = 0; j < count; j++)
            extents[j] = pfn + (j << SUPERPAGE_ORDER);
        rc = populate(b, extents, count, SUPERPAGE_ORDER);
        if (rc < 0)
            return fail(b, (int)rc, "populate_physmap failed");
        for (long j = 0; j < rc; j++)
            for (uint64_t k = 0; k < (1UL << SUPERPAGE_ORDER); k++)
                b->p2m[pfn++] = extents[j] + k;
        super = (uint64_t)rc < count ? 0 : super - count;
    }
    while (pfn < b->nr_pages) {
        uint64_t count = b->nr_pages - pfn < SMALL_BATCH ? b->nr_pages - pfn : SMALL_BATCH;

        rc = populate(b, &b->p2m[pfn], count, 0);
        if (rc != (long)count)
            return fail(b, rc < 0 ? (int)rc : -ENOMEM,
                        "populate_physmap failed: not enough free memory");
        pfn += count;
    }
    return 0;
}

static int load_segment(void *ctx, uint64_t va, const void *src, size_t len)
{
    struct build *b = ctx;

    return dom_write(b, va - b->l.kernel.v_start, src, len);
}

/* The initrd's bytes: unpacked if it is gzip'd and unpacks, else as they are. */
static int load_initrd(struct build *b)
{
    const struct builder_spec *s = b->spec;
    uint64_t pa = b->l.initrd_pfn * PV_PAGE_SIZE;
    uint8_t *out = NULL;
    void *scratch = NULL;
    long n = -1;
    int rc;

    if (b->initrd_unzip) {
        out = s->mem->alloc(b->initrd_unzip);
        scratch = out ? s->mem->alloc(gunzip_scratch_size()) : NULL;
        if (scratch)
            n = gunzip(s->ramdisk, s->ramdisk_len, out, b->initrd_unzip, scratch,
                       gunzip_scratch_size());
    }
    rc = n >= 0 ? dom_write(b, pa, out, (size_t)n) : dom_write(b, pa, s->ramdisk, s->ramdisk_len);
    s->mem->free(scratch);
    s->mem->free(out);
    return rc;
}

/* The segments libxenguest clears, then the kernel's and the initrd's bytes. */
static int load_image(struct build *b)
{
    const struct domu_layout *l = &b->l;
    int rc = dom_zero(b, l->kern_pfn, l->kern_pages);

    if (!rc)
        rc = kernel_image_load(&b->image, l->kernel.virt_offset, load_segment, b);
    if (!rc && l->initrd_pages)
        rc = dom_zero(b, l->initrd_pfn, l->initrd_pages);
    if (!rc && l->initrd_pages)
        rc = load_initrd(b);
    if (!rc)
        rc = dom_zero(b, l->xenstore_pfn, 1);
    if (!rc)
        rc = dom_zero(b, l->console_pfn, 1);
    return rc;
}

static uint64_t *table_slot(struct build *b, uint64_t table_pfn)
{
    const struct domu_layout *l = &b->l;

    if (table_pfn >= l->pt_pfn && table_pfn < l->pt_pfn + l->nr_pt_frames)
        return &b->tables[(table_pfn - l->pt_pfn) * 512];
    return &b->tables[(l->nr_pt_frames + table_pfn - l->maps[1].lvl[PV_PT_LEVELS - 1].pfn) * 512];
}

static void emit_entry(void *ctx, uint64_t table_pfn, unsigned slot, uint64_t pfn, unsigned level)
{
    struct build *b = ctx;
    uint64_t flags = level > 1                          ? PTE_UPPER
                     : domu_layout_is_table(&b->l, pfn) ? PTE_L1 & ~PTE_RW
                                                        : PTE_L1;

    table_slot(b, table_pfn)[slot] = b->p2m[pfn] << PV_PAGE_SHIFT | flags;
}

/* The P2M list and the initial page tables. */
static int write_tables(struct build *b)
{
    const struct domu_layout *l = &b->l;
    uint64_t apart = l->nr_maps > 1 ? l->maps[1].area.tables : 0;
    int rc;

    b->nr_tables = l->nr_pt_frames + apart;
    b->tables = b->spec->mem->alloc(b->nr_tables * PV_PAGE_SIZE);
    if (!b->tables)
        return fail(b, -ENOMEM, "no memory for the initial page tables");
    memset(b->tables, 0, b->nr_tables * PV_PAGE_SIZE);
    domu_layout_tables(l, emit_entry, b);
    rc = dom_zero(b, l->p2m_pfn, l->p2m_pages);
    if (!rc)
        rc = dom_write(b, l->p2m_pfn * PV_PAGE_SIZE, b->p2m, b->nr_pages * sizeof(*b->p2m));
    if (!rc)
        rc = dom_write(b, l->pt_pfn * PV_PAGE_SIZE, b->tables, l->nr_pt_frames * PV_PAGE_SIZE);
    if (!rc && apart)
        rc = dom_write(b, l->maps[1].lvl[PV_PT_LEVELS - 1].pfn * PV_PAGE_SIZE,
                       b->tables + l->nr_pt_frames * 512, apart * PV_PAGE_SIZE);
    return rc;
}

static int write_start_info(struct build *b)
{
    const struct domu_layout *l = &b->l;
    const struct builder_spec *s = b->spec;
    static struct start_info si; /* a page of it: not on the stack */

    memset(&si, 0, sizeof(si));
    str_copy(si.magic, GUEST_TYPE, sizeof(si.magic));
    si.nr_pages = b->nr_pages;
    si.shared_info = b->shared_info_mfn << PV_PAGE_SHIFT;
    si.pt_base = l->kernel.v_start + l->pt_pfn * PV_PAGE_SIZE;
    si.nr_pt_frames = l->nr_pt_frames;
    si.mfn_list = l->p2m_va;
    if (l->p2m_apart) {
        si.first_p2m_pfn = l->p2m_pfn;
        si.nr_p2m_frames = l->p2m_pages;
    }
    si.store_mfn = b->p2m[l->xenstore_pfn];
    si.store_evtchn = b->store_port;
    si.console.domU.mfn = b->p2m[l->console_pfn];
    si.console.domU.evtchn = b->console_port;
    if (s->ramdisk) {
        /* Page-rounded, as Xen's toolstack hands modules over. */
        si.flags = l->kernel.initrd_by_pfn ? SIF_MOD_START_PFN : 0;
        si.mod_start = l->kernel.initrd_by_pfn ? l->initrd_pfn
                                               : l->kernel.v_start + l->initrd_pfn * PV_PAGE_SIZE;
        si.mod_len = l->initrd_pages * PV_PAGE_SIZE;
    }
    str_copy((char *)si.cmd_line, s->cmdline ? s->cmdline : "", sizeof(si.cmd_line));
    return dom_write(b, l->start_info_pfn * PV_PAGE_SIZE, &si, sizeof(si));
}

/* shared_info as the toolstack hands it over: zero, every legacy vCPU's events masked. */
static int reset_shared_info(struct build *b)
{
    struct shared_info *sh;
    long rc;

    sh = xc_map_foreign(b->domid, &b->shared_info_mfn, 1, &rc);
    if (!sh)
        return fail(b, (int)rc, "mapping the new domain's shared_info failed");
    memset(sh, 0, sizeof(*sh));
    for (unsigned i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        sh->vcpu_info[i].evtchn_upcall_mask = 1;
    rc = xc_unmap_foreign(sh, 1);
    return rc ? fail(b, (int)rc, "unmapping shared_info failed") : 0;
}

/* getdomaininfo, the tables, start_info, hypercall page, pinned L4, shared_info. */
static int boot_image(struct build *b)
{
    const struct domu_layout *l = &b->l;
    struct xen_domctl op = { 0 };
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };
    long rc = domctl(b, XEN_DOMCTL_getdomaininfo, &op);

    if (rc || op.u.getdomaininfo.domain != b->domid)
        return fail(b, rc ? (int)rc : -ESRCH, "getdomaininfo of the new domain failed");
    b->shared_info_mfn = op.u.getdomaininfo.shared_info_frame;
    if ((rc = write_tables(b)) || (rc = write_start_info(b)))
        return (int)rc;
    if (l->kernel.hypercall_page) {
        op = (struct xen_domctl){ 0 };
        op.u.hypercall_init.gmfn =
            b->p2m[(l->kernel.hypercall_page - l->kernel.v_start) >> PV_PAGE_SHIFT];
        if ((rc = domctl(b, XEN_DOMCTL_hypercall_init, &op)))
            return fail(b, (int)rc, "hypercall_init failed");
    }
    pin.arg1.mfn = b->p2m[l->pt_pfn];
    if ((rc = xc_mmuext_op(&pin, 1, b->domid)))
        return fail(b, (int)rc, "pinning the new domain's L4 failed");
    return reset_shared_info(b);
}

/* vCPU 0 at the kernel's entry, as libxenguest starts it. */
static int start_vcpu(struct build *b)
{
    const struct domu_layout *l = &b->l;
    static struct vcpu_guest_context ctxt; /* 5 KiB: not on the stack */
    struct xen_domctl op = { 0 };
    long rc;

    memset(&ctxt, 0, sizeof(ctxt));
    ctxt.user_regs.rip = l->kernel.entry;
    ctxt.user_regs.rsp = l->kernel.v_start + (l->stack_pfn + 1) * PV_PAGE_SIZE;
    ctxt.user_regs.rsi = l->kernel.v_start + l->start_info_pfn * PV_PAGE_SIZE;
    ctxt.user_regs.rflags = RFLAGS_IF;
    ctxt.debugreg[6] = DR6_DEFAULT;
    ctxt.debugreg[7] = DR7_DEFAULT;
    ctxt.flags = VGCF_in_kernel | VGCF_online;
    ctxt.ctrlreg[3] = b->p2m[l->pt_pfn] << PV_PAGE_SHIFT;
    ctxt.user_regs.ds = ctxt.user_regs.es = FLAT_KERNEL_DS;
    ctxt.user_regs.fs = ctxt.user_regs.gs = FLAT_KERNEL_DS;
    ctxt.user_regs.ss = FLAT_KERNEL_SS;
    ctxt.user_regs.cs = FLAT_KERNEL_CS;
    ctxt.kernel_ss = ctxt.user_regs.ss;
    ctxt.kernel_sp = ctxt.user_regs.rsp;
    op.u.vcpucontext.vcpu = 0;
    op.u.vcpucontext.ctxt = (uint64_t)(uintptr_t)&ctxt;
    rc = domctl(b, XEN_DOMCTL_setvcpucontext, &op);
    return rc ? fail(b, (int)rc, "setvcpucontext for vCPU 0 failed") : 0;
}

/* A hypervisor without acquire_resource: the table's first frame through setup_table. */
static long grant_frame_by_setup_table(struct build *b, xen_pfn_t *frame)
{
    struct gnttab_setup_table setup = {
        .dom = b->domid,
        .nr_frames = 1,
        .frame_list = (uint64_t)(uintptr_t)frame,
    };
    long rc = xc_grant_table_op(GNTTABOP_setup_table, &setup, 1);

    return rc ? rc : setup.status != GNTST_okay ? -EINVAL : 0;
}

/* Grant entries 0 and 1 (console, xenstore) for the backends, in the acquired table. */
static int seed_grants(struct build *b)
{
    const struct builder_spec *s = b->spec;
    xen_pfn_t frame;
    struct xen_mem_acquire_resource r = {
        .domid = b->domid,
        .type = XENMEM_resource_grant_table,
        .id = XENMEM_resource_grant_table_id_shared,
        .nr_frames = 1,
        .frame_list = (uint64_t)(uintptr_t)&frame,
    };
    struct grant_entry_v1 *table;
    long rc = xc_memory_op(XENMEM_acquire_resource, &r);

    if (rc == -EOPNOTSUPP)
        rc = grant_frame_by_setup_table(b, &frame);
    if (rc)
        return fail(b, (int)rc, "acquiring the new domain's grant table failed");
    table = xc_map_foreign(b->domid, &frame, 1, &rc);
    if (!table)
        return fail(b, (int)rc, "mapping the new domain's grant table failed");
    if (s->console_domid != b->domid)
        table[GNTTAB_RESERVED_CONSOLE] =
            (struct grant_entry_v1){ GTF_permit_access, s->console_domid,
                                     (uint32_t)b->p2m[b->l.console_pfn] };
    if (s->store_domid != b->domid)
        table[GNTTAB_RESERVED_XENSTORE] =
            (struct grant_entry_v1){ GTF_permit_access, s->store_domid,
                                     (uint32_t)b->p2m[b->l.xenstore_pfn] };
    rc = xc_unmap_foreign(table, 1);
    return rc ? fail(b, (int)rc, "unmapping the grant table failed") : 0;
}

static int check_spec(struct build *b)
{
    const struct builder_spec *s = b->spec;

    if (!s->kernel || !s->kernel_len)
        return fail(b, -EINVAL, "no kernel image");
    if (!s->vcpus)
        return fail(b, -EINVAL, "a domain needs at least one vCPU");
    if (!s->mem_mb || (s->max_mem_mb && s->max_mem_mb < s->mem_mb))
        return fail(b, -EINVAL, "memory must be at least 1 MiB and no more than maxmem");
    if (!s->mem || !s->mem->alloc || !s->mem->free)
        return fail(b, -EINVAL, "the builder was given no memory of its own");
    return 0;
}

static void release(struct build *b)
{
    kernel_image_close(&b->image);
    b->spec->mem->free(b->p2m);
    b->spec->mem->free(b->tables);
}

int builder_build(const struct builder_spec *spec, struct builder_result *out, const char **problem)
{
    struct build b = { .spec = spec, .problem = problem };
    int rc = check_spec(&b);

    if (rc)
        return rc;
    b.nr_pages = (uint64_t)spec->mem_mb << (20 - PV_PAGE_SHIFT);
    size_initrd(&b);
    rc = open_kernel(&b);
    if (rc) {
        kernel_image_close(&b.image);
        return rc;
    }
    b.p2m = spec->mem->alloc(b.nr_pages * sizeof(*b.p2m));
    if (!b.p2m)
        rc = fail(&b, -ENOMEM, "no memory for the new domain's P2M");
    if (!rc && !(rc = create(&b)) && !(rc = alloc_ports(&b)) && !(rc = populate_memory(&b)) &&
        !(rc = load_image(&b)) && !(rc = boot_image(&b)) && !(rc = start_vcpu(&b)))
        rc = seed_grants(&b);
    if (!rc)
        *out =
            (struct builder_result){ b.domid,      b.p2m[b.l.xenstore_pfn], b.p2m[b.l.console_pfn],
                                     b.store_port, b.console_port,          b.nr_pages };
    if (rc && b.created) {
        struct xen_domctl op = { 0 };

        domctl(&b, XEN_DOMCTL_destroydomain, &op);
    }
    release(&b);
    return rc;
}
