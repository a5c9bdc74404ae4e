/*
 * The PV MMU hypercalls: mmu_update (1), update_va_mapping (14),
 * update_va_mapping_otherdomain (22) and mmuext_op (26), with Xen 4.17's
 * semantics and error codes (public/xen.h).  Checking and reference counting
 * is xen/pagetable.c's and xen/page_types.c's job; this file decodes
 * requests, decides who owns what, and keeps batches preemptible.
 *
 * Batches: bit 31 of count marks a continuation (a guest setting it gets
 * the same treatment, as on Xen); the number of requests done so far then
 * lives in *pdone, so *pdone ends as one uninterrupted call would leave it.
 */
#include "public/xen.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/mmu.h"
#include "xen/page_types.h"
#include "xen/pagetable.h"
#include "xen/printk.h"

#define MMU_UPDATE_PREEMPTED (1U << 31)
#define MMU_CMD_MASK         7U /* low bits of ptr: 0-3 defined */
#define LDT_MAX_ENTRIES      8192

/* The owner of the frames an operation maps (foreigndom), with a reference. */
static struct domain *pg_owner_get(domid_t domid)
{
    struct domain *curr = current->domain;

    if (domid == DOMID_SELF) {
        domain_get(curr);
        return curr;
    }
    if (domid == curr->domain_id)
        return NULL;
    if (domid == DOMID_IO)
        return dom_io;
    if (domid == DOMID_XEN)
        return dom_xen;
    return domain_lookup(domid);
}

static void pg_owner_put(struct domain *d)
{
    if (d != dom_io && d != dom_xen)
        domain_put(d);
}

/* Xen's default policy for acting on another domain: only the privileged. */
static int may_target(const struct domain *src, const struct domain *target)
{
    return src == target || src->is_privileged ? 0 : -EPERM;
}

static bool m2p_strict(const struct domain *d)
{
    return d->vm_assist & (1UL << VMASST_TYPE_m2p_strict);
}

/* A vCPU bitmap in guest memory, clipped to d's vCPUs. */
static int read_vcpumask(const struct domain *d, uint64_t ptr, uint64_t mask[MAX_VCPUS / 64])
{
    memset(mask, 0, MAX_VCPUS / 8);
    for (unsigned w = 0; w * 64 < d->max_vcpus; w++) {
        if (copy_from_guest(&mask[w], ptr + w * 8, 8)) {
            memset(mask, 0, MAX_VCPUS / 8);
            return -EFAULT;
        }
        if (d->max_vcpus - w * 64 < 64)
            mask[w] &= (1UL << (d->max_vcpus - w * 64)) - 1;
    }
    return 0;
}

/* mmu_update */

static void write_raw(struct page_info *pg, unsigned slot, uint64_t val)
{
    ((uint64_t *)arch_mfn_to_virt(page_to_mfn(pg)))[slot] = val;
}

/* A checked write into a page-table page, or a plain one into a writable page. */
static int normal_update(struct domain *pt_owner, struct domain *pg_owner, uint64_t ptr,
                         uint64_t val, bool preserve_ad)
{
    struct page_info *pg = get_page_from_mfn(ptr >> PAGE_SHIFT, pt_owner);
    unsigned slot = (ptr & (PAGE_SIZE - 1)) / sizeof(uint64_t);
    uint64_t x;
    int rc = -EINVAL;

    if (!pg)
        return -EINVAL;
    mm_lock();
    x = pg->type_info;
    if ((x & PGT_validated) && (x & PGT_count_mask)) {
        switch (x & PGT_type_mask) {
        case PGT_l1_page_table:
            rc = pt_update_entry(pg, slot, val, preserve_ad, pt_owner, pg_owner);
            break;
        case PGT_l2_page_table:
        case PGT_l3_page_table:
        case PGT_l4_page_table:
            if (pg_owner == pt_owner)
                rc = pt_update_entry(pg, slot, val, preserve_ad, pt_owner, pt_owner);
            break;
        case PGT_writable_page:
            write_raw(pg, slot, val);
            rc = 0;
            break;
        }
    } else if (!page_type_get_locked(pg, PGT_writable_page)) {
        write_raw(pg, slot, val);
        page_type_put_locked(pg, NULL);
        rc = 0;
    }
    mm_unlock();
    put_page(pg);
    return rc;
}

static int machphys_update(struct domain *d, struct domain *pt_owner, struct domain *pg_owner,
                           uint64_t ptr, uint64_t pfn)
{
    struct page_info *pg;

    if (d != pt_owner || (pg_owner != dom_io && may_target(d, pg_owner)))
        return -EPERM;
    pg = get_page_from_mfn(ptr >> PAGE_SHIFT, pg_owner);
    if (!pg)
        return -EINVAL;
    set_gpfn_from_mfn(ptr >> PAGE_SHIFT, pfn);
    put_page(pg);
    return 0;
}

static int mmu_update_one(struct domain *d, struct domain *pt_owner, struct domain *pg_owner,
                          const struct mmu_update *req)
{
    unsigned cmd = req->ptr & MMU_CMD_MASK;
    uint64_t ptr = req->ptr & ~(uint64_t)MMU_CMD_MASK;

    switch (cmd) {
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_PRESERVE_AD:
    case MMU_PT_UPDATE_NO_TRANSLATE:
        if ((pg_owner != dom_io && may_target(d, pg_owner)) || may_target(d, pt_owner))
            return -EPERM;
        return normal_update(pt_owner, pg_owner, ptr, req->val, cmd == MMU_PT_UPDATE_PRESERVE_AD);
    case MMU_MACHPHYS_UPDATE:
        return machphys_update(d, pt_owner, pg_owner, ptr, req->val);
    default:
        return -ENOSYS;
    }
}

/* Continuation bookkeeping shared by mmu_update and mmuext_op. */
static void report_done(uint64_t pdone, unsigned done)
{
    if (pdone)
        copy_to_guest(pdone, &done, sizeof(done));
}

static unsigned resume_count(unsigned *count, uint64_t pdone)
{
    unsigned done = 0;

    if (*count & MMU_UPDATE_PREEMPTED) {
        *count &= ~MMU_UPDATE_PREEMPTED;
        if (pdone)
            copy_from_guest(&done, pdone, sizeof(done));
    }
    return done;
}

/* The table owner named in foreigndom bits 31:16 (0 = the caller). */
static int pt_owner_get(struct domain *d, unsigned foreigndom, struct domain **pt_owner)
{
    unsigned pt_dom = foreigndom >> 16;

    *pt_owner = d;
    if (!pt_dom)
        return 0;
    *pt_owner = domain_lookup((domid_t)(pt_dom - 1));
    if (!*pt_owner) {
        *pt_owner = d;
        return -ESRCH;
    }
    if (*pt_owner == d)
        domain_put(d);
    else if (!(*pt_owner)->vcpus || !(*pt_owner)->vcpus[0])
        return -EINVAL;
    return 0;
}

long do_mmu_update(uint64_t reqs, uint64_t count_arg, uint64_t pdone, uint64_t fd_arg,
                   uint64_t unused)
{
    unsigned count = (unsigned)count_arg, foreigndom = (unsigned)fd_arg, done, i = 0;
    struct domain *d = current->domain, *pt_owner, *pg_owner;
    long rc;

    if (count == MMU_UPDATE_PREEMPTED && !reqs)
        return (int)foreigndom;
    done = resume_count(&count, pdone);
    if (!guest_array_ok(reqs, count, sizeof(struct mmu_update)))
        return -EFAULT;
    rc = pt_owner_get(d, foreigndom, &pt_owner);
    if (rc)
        goto out;
    pg_owner = pg_owner_get((domid_t)foreigndom);
    if (!pg_owner) {
        rc = -ESRCH;
        goto out;
    }
    for (i = 0; i < count; i++) {
        struct mmu_update req;

        if (i && hypercall_preempt_check()) {
            rc = -ERESTART;
            break;
        }
        if (copy_from_guest(&req, reqs + (uint64_t)i * sizeof(req), sizeof(req))) {
            rc = -EFAULT;
            break;
        }
        rc = mmu_update_one(d, pt_owner, pg_owner, &req);
        if (rc)
            printk(LOG_DEBUG "d%u: mmu_update ptr %#lx val %#lx refused: %ld\n", d->domain_id,
                   req.ptr, req.val, rc);
        if (rc)
            break;
    }
    if (rc == -ERESTART)
        rc = hypercall_continuation(reqs + (uint64_t)i * sizeof(struct mmu_update),
                                    (count - i) | MMU_UPDATE_PREEMPTED, pdone, foreigndom, 0);
    pg_owner_put(pg_owner);
out:
    if (pt_owner != d)
        domain_put(pt_owner);
    report_done(pdone, done + i);
    return rc;
}

/* update_va_mapping */

static int flush_after_update(struct domain *d, uint64_t va, uint64_t flags)
{
    uint64_t bmap = flags & ~UVMF_FLUSHTYPE_MASK, mask[MAX_VCPUS / 64];
    bool one = (flags & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG;
    int rc = 0;

    if ((flags & UVMF_FLUSHTYPE_MASK) != UVMF_TLB_FLUSH && !one)
        return 0;
    if (bmap == UVMF_LOCAL) {
        if (!one)
            arch_flush_tlb_local();
        else if (arch_va_canonical(va))
            arch_flush_tlb_one_local(va);
    } else if (bmap == UVMF_ALL) {
        arch_flush_tlb_vcpus(d, NULL, one, va);
    } else {
        rc = read_vcpumask(d, bmap, mask);
        if (!rc)
            arch_flush_tlb_vcpus(d, mask, one, va);
    }
    return rc;
}

static long update_va_mapping(uint64_t va, uint64_t val, uint64_t flags, struct domain *pg_owner)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    struct page_info *l1pg;
    mfn_t l1;
    int rc = may_target(d, pg_owner);

    if (rc)
        return rc;
    rc = -EINVAL;
    mm_lock();
    if (guest_addr_ok(va) && !pt_walk_to_l1(v, va, &l1) && (l1pg = pt_get_l1(d, l1))) {
        rc = pt_update_entry(l1pg, pte_index(va, 1), val, false, d, pg_owner);
        put_page(l1pg);
    }
    mm_unlock();
    /* Nothing changed on error: no flush for an unchecked va. */
    if (rc)
        return rc;
    return flush_after_update(d, va, flags);
}

long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags, uint64_t unused4,
                          uint64_t unused5)
{
    return update_va_mapping(va, val, flags, current->domain);
}

long do_update_va_mapping_otherdomain(uint64_t va, uint64_t val, uint64_t flags, uint64_t domid,
                                      uint64_t unused)
{
    struct domain *pg_owner = pg_owner_get((domid_t)domid);
    long rc;

    if (!pg_owner)
        return -ESRCH;
    rc = update_va_mapping(va, val, flags, pg_owner);
    pg_owner_put(pg_owner);
    return rc;
}

/*
 * The "writable page tables" assist: the guest stored val with an aligned
 * 8-byte write at va, which faulted because va maps one of its own L1
 * tables read-only.  Apply it as a checked update of that entry.
 */
int pv_emulate_l1_write(struct vcpu *v, uint64_t va, uint64_t val)
{
    struct domain *d = v->domain;
    struct page_info *table = NULL;
    mfn_t l1;
    int rc = -EINVAL;

    if ((va & 7) || !guest_addr_ok(va))
        return -EINVAL;
    mm_lock();
    if (!pt_walk_to_l1(v, va, &l1)) {
        pte_t e = ((const pte_t *)arch_mfn_to_virt(l1))[pte_index(va, 1)];

        if (pte_present(e) && !pte_writable(e))
            table = get_page_from_mfn(pte_mfn(e), d);
    }
    if (table) {
        uint64_t x = table->type_info;

        if ((x & PGT_validated) && (x & PGT_count_mask) && (x & PGT_type_mask) == PGT_l1_page_table)
            rc = pt_update_entry(table, (va & (PAGE_SIZE - 1)) / sizeof(pte_t), val, false, d, d);
        put_page(table);
    }
    mm_unlock();
    return rc;
}

/* mmuext_op */

static int pin_table(struct domain *pg_owner, mfn_t mfn, unsigned level)
{
    struct page_info *pg = get_page_from_mfn(mfn, pg_owner);
    int rc;

    if (!pg)
        return -EINVAL;
    mm_lock();
    rc = page_type_get_locked(pg, PGT_pt_of_level(level));
    if (!rc && (pg->type_info & PGT_pinned)) {
        page_type_put_locked(pg, NULL);
        rc = -EINVAL;
    }
    if (!rc)
        pg->type_info |= PGT_pinned;
    mm_unlock();
    if (rc)
        put_page(pg);
    return rc;
}

static int unpin_table(struct domain *pg_owner, mfn_t mfn)
{
    struct page_info *pg = get_page_from_mfn(mfn, pg_owner);
    int rc = 0;

    if (!pg)
        return -EINVAL;
    mm_lock();
    if (pg->type_info & PGT_pinned) {
        pg->type_info &= ~PGT_pinned;
        page_and_type_put_locked(pg);
    } else {
        rc = -EINVAL;
    }
    mm_unlock();
    put_page(pg);
    return rc;
}

/* Replace a base pointer (kernel or user root table) with mfn; 0 = no user table. */
static int set_base(struct vcpu *v, mfn_t *base, mfn_t mfn, bool kernel)
{
    struct domain *d = v->domain;
    mfn_t old = *base;
    int rc = 0;

    if (old == mfn) {
        if (kernel)
            arch_set_guest_table(v);
        return 0;
    }
    mm_lock();
    if (mfn || kernel)
        rc = page_and_type_get_locked(mfn, PGT_l4_page_table, d);
    if (!rc) {
        if (mfn && kernel != m2p_strict(d))
            arch_set_ro_m2p_slot(arch_mfn_to_virt(mfn), kernel);
        *base = mfn;
        if (kernel)
            arch_set_guest_table(v);
        if (old)
            page_and_type_put_locked(mfn_to_page(old));
    }
    mm_unlock();
    return rc;
}

static int set_ldt(struct vcpu *v, uint64_t base, unsigned ents)
{
    uint64_t ptr = ents ? base : 0;

    if ((ptr & (PAGE_SIZE - 1)) || !guest_addr_ok(ptr) || ents > LDT_MAX_ENTRIES)
        return -EINVAL;
    arch_set_ldt(v, ptr, ents);
    return 0;
}

static int clear_page_op(struct domain *pg_owner, mfn_t mfn)
{
    struct page_info *pg = pg_owner == dom_io ? NULL : get_page_from_mfn(mfn, pg_owner);

    if (!pg)
        return -EINVAL;
    if (get_page_type(pg, PGT_writable_page)) {
        put_page(pg);
        return -EINVAL;
    }
    memset(arch_mfn_to_virt(mfn), 0, PAGE_SIZE);
    put_page_and_type(pg);
    return 0;
}

static int copy_page_op(struct domain *pg_owner, mfn_t dst_mfn, mfn_t src_mfn)
{
    struct page_info *src, *dst;

    src = pg_owner == dom_io ? NULL : get_page_from_mfn(src_mfn, pg_owner);
    if (!src)
        return -EINVAL;
    dst = get_page_from_mfn(dst_mfn, pg_owner);
    if (!dst || get_page_type(dst, PGT_writable_page)) {
        put_page(src);
        if (dst)
            put_page(dst);
        return -EINVAL;
    }
    if (dst_mfn != src_mfn)
        arch_copy_page(arch_mfn_to_virt(dst_mfn), arch_mfn_to_virt(src_mfn));
    put_page_and_type(dst);
    put_page(src);
    return 0;
}

static int flush_op(struct vcpu *v, const struct mmuext_op *op)
{
    struct domain *d = v->domain;
    uint64_t va = op->arg1.linear_addr, mask[MAX_VCPUS / 64];

    switch (op->cmd) {
    case MMUEXT_TLB_FLUSH_LOCAL:
        arch_flush_tlb_local();
        return 0;
    case MMUEXT_INVLPG_LOCAL:
        if (arch_va_canonical(va))
            arch_flush_tlb_one_local(va);
        return 0;
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI:
        if (read_vcpumask(d, op->arg2.vcpumask, mask))
            return -EINVAL;
        if (op->cmd == MMUEXT_TLB_FLUSH_MULTI)
            arch_flush_tlb_vcpus(d, mask, false, 0);
        else if (guest_addr_ok(va))
            arch_flush_tlb_vcpus(d, mask, true, va);
        return 0;
    case MMUEXT_TLB_FLUSH_ALL:
        arch_flush_tlb_vcpus(d, NULL, false, 0);
        return 0;
    default: /* MMUEXT_INVLPG_ALL */
        if (guest_addr_ok(va))
            arch_flush_tlb_vcpus(d, NULL, true, va);
        return 0;
    }
}

/* Operations on the caller's own state: foreigndom must be the caller. */
static int self_op(struct vcpu *v, const struct mmuext_op *op)
{
    bool io = domain_has_io_caps(v->domain);

    switch (op->cmd) {
    case MMUEXT_NEW_BASEPTR:
        return set_base(v, &v->guest_table, op->arg1.mfn, true);
    case MMUEXT_NEW_USER_BASEPTR:
        return set_base(v, &v->guest_table_user, op->arg1.mfn, false);
    case MMUEXT_SET_LDT:
        return set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
    case MMUEXT_FLUSH_CACHE:
        if (!io)
            return -EACCES;
        arch_flush_cache(false);
        return 0;
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        if (!io)
            return -EINVAL;
        arch_flush_cache(true);
        return 0;
    default:
        return flush_op(v, op);
    }
}

static int mmuext_one(struct vcpu *v, struct domain *pg_owner, const struct mmuext_op *op)
{
    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return pin_table(pg_owner, op->arg1.mfn, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
    case MMUEXT_UNPIN_TABLE:
        return unpin_table(pg_owner, op->arg1.mfn);
    case MMUEXT_NEW_BASEPTR:
    case MMUEXT_NEW_USER_BASEPTR:
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
    case MMUEXT_INVLPG_ALL:
    case MMUEXT_FLUSH_CACHE:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
    case MMUEXT_SET_LDT:
        return pg_owner == v->domain ? self_op(v, op) : -EPERM;
    case MMUEXT_CLEAR_PAGE:
        return clear_page_op(pg_owner, op->arg1.mfn);
    case MMUEXT_COPY_PAGE:
        return copy_page_op(pg_owner, op->arg1.mfn, op->arg2.src_mfn);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -EOPNOTSUPP;
    default:
        return -ENOSYS;
    }
}

long do_mmuext_op(uint64_t ops, uint64_t count_arg, uint64_t pdone, uint64_t fd_arg,
                  uint64_t unused)
{
    unsigned count = (unsigned)count_arg, foreigndom = (unsigned)fd_arg, done, i;
    struct vcpu *v = current;
    struct domain *pg_owner;
    long rc = 0;

    if (count == MMU_UPDATE_PREEMPTED && !ops)
        return (int)foreigndom;
    done = resume_count(&count, pdone);
    if (!guest_array_ok(ops, count, sizeof(struct mmuext_op)))
        return -EFAULT;
    pg_owner = pg_owner_get((domid_t)foreigndom);
    if (!pg_owner)
        return -ESRCH;
    rc = may_target(v->domain, pg_owner);
    if (rc) {
        pg_owner_put(pg_owner);
        return rc;
    }
    for (i = 0; i < count; i++) {
        struct mmuext_op op;

        if (i && hypercall_preempt_check()) {
            rc = -ERESTART;
            break;
        }
        if (copy_from_guest(&op, ops + (uint64_t)i * sizeof(op), sizeof(op))) {
            rc = -EFAULT;
            break;
        }
        rc = mmuext_one(v, pg_owner, &op);
        if (rc)
            break;
    }
    if (rc == -ERESTART)
        rc = hypercall_continuation(ops + (uint64_t)i * sizeof(struct mmuext_op),
                                    (count - i) | MMU_UPDATE_PREEMPTED, pdone, foreigndom, 0);
    pg_owner_put(pg_owner);
    report_done(pdone, done + i);
    return rc;
}
