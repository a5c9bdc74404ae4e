/*
 * domctl on a domU built by hand from dom0: vCPU contexts (set, read
 * back, refused, reset), the hypercall page, frame types, affinities,
 * scheduler parameters, shadow_op's queries, set_virq_handler and
 * resumedomain.  The domU never runs: it gets two frames, one zeroed to
 * serve as its L4, and is destroyed at the end of each case.
 */
#include "common/string.h"
#include "domctl.h"
#include "guest/pt.h"
#include "guest/window.h"

#define CANONICAL_HIGH 0xffff880000001000UL /* guest kernel space, above the hypervisor's */

long create_domu(struct domu *u, unsigned vcpus, bool with_vcpus)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_createdomain, 0);
    long rc;

    op.u.createdomain.max_vcpus = vcpus;
    op.u.createdomain.max_evtchn_port = ~0U;
    op.u.createdomain.max_grant_frames = -1;
    op.u.createdomain.max_maptrack_frames = -1;
    op.u.createdomain.grant_opts = 1;
    rc = domctl(&op);
    u->id = op.domain;
    if (rc || !with_vcpus)
        return rc;
    op = domctl_req(XEN_DOMCTL_max_vcpus, u->id);
    op.u.max_vcpus.max = vcpus;
    return domctl(&op);
}

void destroy_domu(const struct domu *u)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_destroydomain, u->id);

    CHECK_RC(domctl(&op), 0);
}

/* Map a frame of u (foreign) at a window page: its address, or 0. */
static uint64_t map_foreign(const struct domu *u, uint64_t mfn)
{
    uint64_t va = window_page();
    struct mmu_update req = { window_slot(va), (mfn << 12) | PTE_DATA_RW };
    long rc;

    if (!va)
        return 0;
    rc = hypercall_mmu_update(&req, 1, NULL, u->id);
    if (rc) {
        test_fail("mapping d%u's frame %#lx: %ld (%s)", u->id, mfn, rc, errno_name(rc));
        return 0;
    }
    pt_invlpg(va);
    return va;
}

static void unmap(uint64_t va)
{
    pt_mmu_update(window_slot(va), 0);
    pt_invlpg(va);
}

/* u with vCPUs and two frames, the first zeroed (an empty L4 validates). */
bool build_domu(struct domu *u, unsigned vcpus)
{
    struct xen_domctl op;
    uint64_t frames[2] = { 0, 1 };
    struct xen_memory_reservation r = { (uint64_t)frames, 2, 0, 0, 0, { 0 } };
    uint64_t va;
    long rc;

    rc = create_domu(u, vcpus, true);
    if (rc) {
        test_fail("creating a domU: %ld (%s)", rc, errno_name(rc));
        return false;
    }
    op = domctl_req(XEN_DOMCTL_max_mem, u->id);
    op.u.max_mem.max_memkb = 64;
    r.domid = u->id;
    if (domctl(&op) || hypercall_memory_op(XENMEM_populate_physmap, &r) != 2) {
        test_fail("giving d%u two frames failed", u->id);
        return false;
    }
    u->l4 = frames[0];
    u->spare = frames[1];
    va = map_foreign(u, u->l4);
    if (!va)
        return false;
    memset((void *)va, 0, PAGE_SIZE);
    unmap(va);
    return true;
}

/* A context that starts vCPU 0 of u in kernel mode on its empty L4. */
static void good_context(struct vcpu_guest_context *c, const struct domu *u)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel | VGCF_online;
    c->user_regs.rip = CANONICAL_HIGH;
    c->user_regs.rsp = CANONICAL_HIGH + 0x800;
    c->user_regs.rsi = 0x1234;
    c->user_regs.cs = FLAT_RING3_CS64 & ~3;
    c->user_regs.ss = FLAT_RING3_DS32 & ~3;
    c->user_regs.rflags = 0x3002; /* IOPL 3 */
    c->kernel_ss = FLAT_RING3_DS32 & ~3;
    c->kernel_sp = CANONICAL_HIGH + 0x1000;
    c->ctrlreg[3] = u->l4 << 12;
    c->event_callback_eip = CANONICAL_HIGH + 0x100;
    c->failsafe_callback_eip = CANONICAL_HIGH + 0x200;
    c->syscall_callback_eip = CANONICAL_HIGH + 0x300;
    c->fs_base = 0x7000;
    c->trap_ctxt[14] = (struct trap_info){ 14, 0, FLAT_RING3_CS64 & ~3, 0, CANONICAL_HIGH + 0x400 };
}

static struct vcpu_guest_context ctx, got;

static long set_context(domid_t id, unsigned vcpu, const struct vcpu_guest_context *c)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_setvcpucontext, id);

    op.u.vcpucontext.vcpu = vcpu;
    op.u.vcpucontext.ctxt = (uint64_t)c;
    return domctl(&op);
}

static long get_context(domid_t id, unsigned vcpu, struct vcpu_guest_context *c)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_getvcpucontext, id);

    op.u.vcpucontext.vcpu = vcpu;
    op.u.vcpucontext.ctxt = (uint64_t)c;
    return domctl(&op);
}

static long frame_types(domid_t id, uint64_t *array, uint64_t num)
{
    struct xen_domctl op = domctl_req(XEN_DOMCTL_getpageframeinfo3, id);

    op.u.getpageframeinfo3.num = num;
    op.u.getpageframeinfo3.array = (uint64_t)array;
    return domctl(&op);
}

/* Who may be asked, and when: the caller's own, vCPUs not made yet, bad ids. */
static void vcpucontext_refused(void)
{
    struct domu u;

    CHECK_RC(set_context(0, 0, &ctx), -XEN_EINVAL);
    CHECK_RC(get_context(0, 0, &got), -XEN_EINVAL); /* the calling vCPU */
    CHECK_RC(get_context(0, self_vcpus(), &got), -XEN_EINVAL);
    CHECK_RC(create_domu(&u, 2, false), 0);
    CHECK_RC(get_context(u.id, 0, &got), -XEN_EINVAL); /* before max_vcpus */
    CHECK_RC(set_context(u.id, 0, &ctx), -XEN_EINVAL);
    destroy_domu(&u);
    CHECK_RC(create_domu(&u, 2, true), 0);
    CHECK_RC(get_context(u.id, 0, &got), -XEN_ENODATA); /* no context yet */
    CHECK_RC(get_context(u.id, 2, &got), -XEN_EINVAL);
    CHECK_RC(set_context(u.id, 2, &ctx), -XEN_EINVAL);
    CHECK_RC(set_context(u.id, ~0U, &ctx), -XEN_EINVAL);
    CHECK_RC(set_context(u.id, 1, NULL), 0); /* none: a reset */
    CHECK_RC(set_context(u.id, 1, (void *)HYPERVISOR_DIRECT_MAP), -XEN_EFAULT);
    CHECK_RC(set_context(u.id, 1, (void *)NONCANONICAL), -XEN_EFAULT);
    destroy_domu(&u);
}

struct bad_context {
    const char *what;
    unsigned field;
    uint64_t value;
    long rc; /* Xen 4.17's answer */
};

/* Refused first; then what Xen 4.17 takes (the vCPU has a context from then on). */
static const struct bad_context bad_contexts[] = {
    { "rip not canonical", 0, NONCANONICAL, -XEN_EINVAL },
    { "kernel_sp not canonical", 1, NONCANONICAL, -XEN_EINVAL },
    { "trap handler not canonical", 2, NONCANONICAL, -XEN_EINVAL },
    { "ldt_base not page aligned", 3, 0x10008, -XEN_EINVAL },
    { "ldt_base in the hypervisor", 3, HYPERVISOR_DIRECT_MAP, -XEN_EINVAL },
    { "8193 ldt entries", 4, 8193, -XEN_EINVAL },
    { "7169 gdt entries", 5, 7169, -XEN_EINVAL },
    { "unknown vm_assist bit", 8, 1UL << 30, -XEN_EINVAL },
    { "user mode without a user L4", 9, VGCF_online, -XEN_EINVAL },
    { "L4 not the domain's", 10, 0, -XEN_EINVAL },
    { "L4 past the end of memory", 10, 1UL << 40, -XEN_EINVAL },
    { "user L4 not the domain's", 11, 0, -XEN_EINVAL },
    { "gdt frame not the domain's", 12, 0, -XEN_EINVAL },
    { "fs_base not canonical", 13, NONCANONICAL, -XEN_EINVAL },
    { "syscall callback not canonical", 14, NONCANONICAL, -XEN_EINVAL },
    { "dr7 above 32 bits", 6, 1UL << 32, 0 },
    { "dr0 in the hypervisor", 7, HYPERVISOR_DIRECT_MAP, 0 },
};

static void apply_bad(struct vcpu_guest_context *c, const struct bad_context *b, uint64_t own)
{
    switch (b->field) {
    case 0:
        c->user_regs.rip = b->value;
        break;
    case 1:
        c->kernel_sp = b->value;
        break;
    case 2:
        c->trap_ctxt[3].address = b->value;
        break;
    case 3:
        c->ldt_base = b->value;
        c->ldt_ents = 1;
        break;
    case 4:
        c->ldt_ents = b->value;
        break;
    case 5:
        c->gdt_ents = b->value;
        break;
    case 6:
        c->debugreg[7] = b->value;
        break;
    case 7:
        c->debugreg[0] = b->value;
        break;
    case 8:
        c->vm_assist = b->value;
        break;
    case 9:
        c->flags = b->value;
        break;
    case 10:
        c->ctrlreg[3] = (b->value ? b->value : own) << 12;
        break;
    case 11:
        c->ctrlreg[1] = own << 12;
        break;
    case 12:
        c->gdt_frames[0] = own;
        c->gdt_ents = 16;
        break;
    case 13:
        c->fs_base = b->value;
        break;
    default:
        c->syscall_callback_eip = b->value;
        break;
    }
}

/* Every check of Xen's arch_set_info_guest, in its order of answers. */
static void setvcpucontext_checks(void)
{
    struct domu u;
    uint64_t own = pt_pfn_to_mfn(0); /* a frame of ours, not the domU's */
    unsigned wrong = 0;

    if (!build_domu(&u, 2))
        return;
    for (unsigned i = 0; i < ARRAY_SIZE(bad_contexts); i++) {
        long rc;

        good_context(&ctx, &u);
        apply_bad(&ctx, &bad_contexts[i], own);
        rc = set_context(u.id, 0, &ctx);
        info("setvcpucontext %s: %ld (%s)", bad_contexts[i].what, rc, errno_name(rc));
        wrong += rc != bad_contexts[i].rc;
    }
    CHECK_EQ(wrong, 0);
    /* The refused debug registers were left at their reset values. */
    CHECK_RC(get_context(u.id, 0, &got), 0);
    CHECK_EQ(got.debugreg[0], 0);
    CHECK_EQ(got.debugreg[6], 0xffff0ff0);
    CHECK_EQ(got.debugreg[7], 0x400);
    destroy_domu(&u);
}

static void check_read_back(const struct vcpu_guest_context *c, const struct domu *u)
{
    info("getvcpucontext: flags %#lx rflags %#lx cs %#x ss %#x cr0 %#lx cr4 %#lx dr6 %#lx dr7 %#lx",
         c->flags, c->user_regs.rflags, c->user_regs.cs, c->user_regs.ss, c->ctrlreg[0],
         c->ctrlreg[4], c->debugreg[6], c->debugreg[7]);
    CHECK_EQ(c->flags & ~(uint64_t)VGCF_i387_valid, VGCF_in_kernel | VGCF_online);
    CHECK_EQ(c->user_regs.rip, CANONICAL_HIGH);
    CHECK_EQ(c->user_regs.rsp, CANONICAL_HIGH + 0x800);
    CHECK_EQ(c->user_regs.rsi, 0x1234);
    CHECK_EQ(c->user_regs.cs, FLAT_RING3_CS64);
    CHECK_EQ(c->user_regs.ss, FLAT_RING3_DS32);
    CHECK_EQ(c->user_regs.rflags & 0x3200, 0x3200); /* IOPL kept, IF forced on */
    CHECK_EQ(c->kernel_ss, FLAT_RING3_DS32);
    CHECK_EQ(c->kernel_sp, CANONICAL_HIGH + 0x1000);
    CHECK_EQ(c->ctrlreg[3], u->l4 << 12);
    CHECK_EQ(c->ctrlreg[1], 0);
    CHECK_EQ(c->ctrlreg[0] & 8, 0); /* TS as given */
    CHECK_EQ(c->event_callback_eip, CANONICAL_HIGH + 0x100);
    CHECK_EQ(c->failsafe_callback_eip, CANONICAL_HIGH + 0x200);
    CHECK_EQ(c->syscall_callback_eip, CANONICAL_HIGH + 0x300);
    CHECK_EQ(c->fs_base, 0x7000);
    CHECK_EQ(c->trap_ctxt[14].address, CANONICAL_HIGH + 0x400);
    CHECK_EQ(c->trap_ctxt[14].cs, FLAT_RING3_CS64);
    CHECK_EQ(c->gdt_ents, 0);
    CHECK_EQ(c->ldt_ents, 0);
    CHECK_EQ(c->debugreg[6], 0xffff0ff0);
    CHECK_EQ(c->debugreg[7], 0x400);
    CHECK_EQ(c->vm_assist, 0);
}

/* A context set, read back, changed in its registers only, and reset. */
static void setvcpucontext_round_trip(void)
{
    struct xen_domctl op;
    uint64_t types[2];
    struct domu u;

    if (!build_domu(&u, 2))
        return;
    good_context(&ctx, &u);
    CHECK_RC(set_context(u.id, 0, &ctx), 0);
    memset(&got, 0xa5, sizeof(got));
    CHECK_RC(get_context(u.id, 0, &got), 0);
    check_read_back(&got, &u);
    op = domctl_req(XEN_DOMCTL_getvcpuinfo, u.id);
    CHECK_RC(domctl(&op), 0);
    CHECK_EQ(op.u.getvcpuinfo.online, 1);
    types[0] = u.l4;
    types[1] = u.spare;
    CHECK_RC(frame_types(u.id, types, 2), 0);
    CHECK_EQ(types[0], XEN_DOMCTL_PFINFO_L4TAB);
    CHECK_EQ(types[1], XEN_DOMCTL_PFINFO_NOTAB);
    /* Again with new registers: taken; with other tables: refused. */
    ctx.user_regs.rip += 0x10;
    CHECK_RC(set_context(u.id, 0, &ctx), 0);
    CHECK_RC(get_context(u.id, 0, &got), 0);
    CHECK_EQ(got.user_regs.rip, CANONICAL_HIGH + 0x10);
    ctx.ctrlreg[3] = u.spare << 12;
    CHECK_RC(set_context(u.id, 0, &ctx), -XEN_EOPNOTSUPP);
    good_context(&ctx, &u);
    ctx.ldt_ents = 1;
    CHECK_RC(set_context(u.id, 0, &ctx), -XEN_EOPNOTSUPP);
    /* Offline: the vCPU goes down, its context stays. */
    good_context(&ctx, &u);
    ctx.flags = VGCF_in_kernel;
    CHECK_RC(set_context(u.id, 0, &ctx), 0);
    CHECK_RC(get_context(u.id, 0, &got), 0);
    CHECK_EQ(got.flags & VGCF_online, 0);
    op = domctl_req(XEN_DOMCTL_getvcpuinfo, u.id);
    CHECK_RC(domctl(&op), 0);
    CHECK_EQ(op.u.getvcpuinfo.online, 0);
    /* Reset: no context any more, and a new one may name other tables. */
    CHECK_RC(set_context(u.id, 0, NULL), 0);
    CHECK_RC(get_context(u.id, 0, &got), -XEN_ENODATA);
    good_context(&ctx, &u);
    CHECK_RC(set_context(u.id, 1, &ctx), 0);
    CHECK_RC(get_context(u.id, 1, &got), 0);
    CHECK_EQ(got.ctrlreg[3], u.l4 << 12);
    CHECK_RC(get_context(u.id, 1, (void *)HYPERVISOR_DIRECT_MAP), -XEN_EFAULT);
    destroy_domu(&u);
}

/* Into a frame of the domain only, a frame that can be writable; the bytes are Xen's. */
static void hypercall_init_page(void)
{
    struct xen_domctl op;
    struct domu u;
    uint64_t va;

    if (!build_domu(&u, 1))
        return;
    good_context(&ctx, &u);
    CHECK_RC(set_context(u.id, 0, &ctx), 0); /* u.l4 is an L4 now */
    op = domctl_req(XEN_DOMCTL_hypercall_init, u.id);
    op.u.hypercall_init.gmfn = u.l4;
    CHECK_RC(domctl(&op), -XEN_EPERM);
    op.u.hypercall_init.gmfn = pt_pfn_to_mfn(0);
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op.u.hypercall_init.gmfn = 1UL << 40;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op.u.hypercall_init.gmfn = ~0UL;
    CHECK_RC(domctl(&op), -XEN_EINVAL);
    op.u.hypercall_init.gmfn = u.spare;
    CHECK_RC(domctl(&op), 0);
    va = map_foreign(&u, u.spare);
    if (va) {
        CHECK(!memcmp((void *)va, hypercall_page, PAGE_SIZE),
              "the page differs from our own hypercall page");
        unmap(va);
    }
    /* Our own frames are fair game too. */
    op = domctl_req(XEN_DOMCTL_hypercall_init, 0);
    op.u.hypercall_init.gmfn = pt_read_cr3() >> 12;
    CHECK_RC(domctl(&op), -XEN_EPERM);
    destroy_domu(&u);
}

static void getpageframeinfo3_types(void)
{
    uint64_t types[6];
    struct domu u;

    if (!build_domu(&u, 1))
        return;
    types[0] = u.l4;
    types[1] = u.spare;
    types[2] = pt_pfn_to_mfn(0);
    types[3] = 1UL << 40;
    types[4] = ~0UL;
    types[5] = 0;
    CHECK_RC(frame_types(u.id, types, 6), 0);
    info("pfinfo: %#lx %#lx %#lx %#lx %#lx %#lx", types[0], types[1], types[2], types[3], types[4],
         types[5]);
    CHECK_EQ(types[0], XEN_DOMCTL_PFINFO_NOTAB);
    CHECK_EQ(types[1], XEN_DOMCTL_PFINFO_NOTAB);
    CHECK_EQ(types[2], XEN_DOMCTL_PFINFO_XTAB);
    CHECK_EQ(types[3], XEN_DOMCTL_PFINFO_XTAB);
    CHECK_EQ(types[4], XEN_DOMCTL_PFINFO_XTAB);
    CHECK_EQ(types[5], XEN_DOMCTL_PFINFO_XTAB);
    /* Ours, seen from ourselves: the L4 we run on is pinned. */
    types[0] = pt_read_cr3() >> 12;
    types[1] = start_info->shared_info >> 12;
    CHECK_RC(frame_types(0, types, 2), 0);
    CHECK_EQ(types[0], XEN_DOMCTL_PFINFO_L4TAB | XEN_DOMCTL_PFINFO_LPINTAB);
    CHECK_EQ(types[1], XEN_DOMCTL_PFINFO_XTAB);
    CHECK_RC(frame_types(u.id, types, 1025), -XEN_E2BIG);
    CHECK_RC(frame_types(u.id, types, 1UL << 32), -XEN_E2BIG);
    CHECK_RC(frame_types(u.id, NULL, 1), -XEN_EFAULT);
    CHECK_RC(frame_types(u.id, (void *)HYPERVISOR_DIRECT_MAP, 1), -XEN_EFAULT);
    CHECK_RC(frame_types(u.id, NULL, 0), 0);
    destroy_domu(&u);
}

const struct test_case vcpu_cases[] = {
    { "domctl_vcpucontext_refused", vcpucontext_refused },
    { "domctl_setvcpucontext_checks", setvcpucontext_checks },
    { "domctl_setvcpucontext_round_trip", setvcpucontext_round_trip },
    { "domctl_hypercall_init_page", hypercall_init_page },
    { "domctl_getpageframeinfo3_types", getpageframeinfo3_types },
};
const unsigned vcpu_count = ARRAY_SIZE(vcpu_cases);
