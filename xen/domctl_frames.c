/*
 * domctl's commands on a domain's frames, as Xen 4.17 answers them for a
 * 64-bit PV domain (its frame numbers are machine frames):
 *  - hypercall_init writes the hypercall page into a frame of the domain
 *    (not its frame: -EINVAL; one that cannot be writable: -EPERM);
 *  - getpageframeinfo3 tells the page-table type of up to 1024 frames,
 *    XEN_DOMCTL_PFINFO_XTAB for frames that are not the domain's own;
 *  - shadow_op: as Debian's Xen 4.17, built without shadow paging, answers
 *    for a PV domain: the dirty log reads clean (CLEAN and PEEK zero the
 *    caller's bitmap), log-dirty cannot be turned on (-EOPNOTSUPP), and
 *    every shadow command proper is -EINVAL.
 */
#include "public/domctl.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/domain.h"
#include "xen/domctl.h"
#include "xen/guest_access.h"
#include "xen/page_types.h"

#define PFINFO_MAX 1024 /* getpageframeinfo3's most entries per call */

long domctl_hypercall_init(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    struct page_info *pg = get_page_from_mfn(op->u.hypercall_init.gmfn, d);

    if (!pg)
        return -EINVAL;
    if (get_page_type(pg, PGT_writable_page)) {
        put_page(pg);
        return -EPERM;
    }
    arch_hypercall_page_fill(arch_mfn_to_virt(page_to_mfn(pg)));
    put_page_and_type(pg);
    return 0;
}

static uint64_t frame_type(struct domain *d, uint64_t mfn)
{
    static const uint64_t level[] = { XEN_DOMCTL_PFINFO_NOTAB, XEN_DOMCTL_PFINFO_L1TAB,
                                      XEN_DOMCTL_PFINFO_L2TAB, XEN_DOMCTL_PFINFO_L3TAB,
                                      XEN_DOMCTL_PFINFO_L4TAB };
    struct page_info *pg = get_page_from_mfn(mfn, d);
    uint64_t type_info, type;

    if (!pg)
        return XEN_DOMCTL_PFINFO_XTAB;
    type_info = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
    if (pg->count_info & PGC_xen_heap)
        type = XEN_DOMCTL_PFINFO_XTAB; /* shared_info: the hypervisor's */
    else
        type = (PGT_is_pt(type_info) ? level[PGT_level(type_info)] : XEN_DOMCTL_PFINFO_NOTAB) |
               (type_info & PGT_pinned ? XEN_DOMCTL_PFINFO_LPINTAB : 0);
    put_page(pg);
    return type;
}

/* Each entry in place: the frame number in, its type out; stops at the first fault. */
long domctl_getpageframeinfo3(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    uint64_t num = op->u.getpageframeinfo3.num, array = op->u.getpageframeinfo3.array;

    if (num > PFINFO_MAX)
        return -E2BIG;
    for (uint64_t i = 0; i < num; i++) {
        uint64_t mfn, type;

        if (copy_from_guest(&mfn, array + i * sizeof(mfn), sizeof(mfn)))
            return -EFAULT;
        type = frame_type(d, mfn);
        if (copy_to_guest(array + i * sizeof(type), &type, sizeof(type)))
            return -EFAULT;
    }
    return 0;
}

/* CLEAN / PEEK of a log nobody writes: the bitmap's bytes zeroed, no faults or dirt counted. */
static long log_dirty_read(struct xen_domctl_shadow_op *s)
{
    static const uint8_t zeros[256];
    uint64_t bytes = (s->pages + 7) / 8;

    if (s->mode & ~XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL)
        return -EINVAL;
    s->fault_count = s->dirty_count = 0;
    if (!s->dirty_bitmap)
        return 0;
    for (uint64_t done = 0; done < bytes; done += sizeof(zeros)) {
        if (copy_to_guest(s->dirty_bitmap + done, zeros, MIN(sizeof(zeros), bytes - done)))
            return -EFAULT;
    }
    return 0;
}

long domctl_shadow_op(struct domain *d, struct xen_domctl *op, bool *copyback)
{
    struct xen_domctl_shadow_op *s = &op->u.shadow_op;

    if (d == current->domain)
        return -EINVAL;
    *copyback = true;
    if (d->state == DOMAIN_DYING)
        return 0; /* Xen ignores paging ops on a dying domain */
    if (d->vcpus_hidden)
        return -EINVAL; /* no vCPUs yet */
    switch (s->op) {
    case XEN_DOMCTL_SHADOW_OP_CLEAN:
    case XEN_DOMCTL_SHADOW_OP_PEEK:
        return log_dirty_read(s);
    case XEN_DOMCTL_SHADOW_OP_ENABLE:
        if (!(s->mode & XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY))
            return -EINVAL;
        return -EOPNOTSUPP;
    case XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY:
        return -EOPNOTSUPP; /* no log-dirty without shadow paging */
    }
    return -EINVAL; /* every shadow command of a Xen without shadow paging */
}
