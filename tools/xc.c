/* The control seam (tools/xc.h) over hypercalls, for dom0 and test guests. */
#include <stdbool.h>

#include "common/errno.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "tools/xc.h"

#define PTE_ENTRIES_PER_TABLE 512

long xc_domctl(struct xen_domctl *op)
{
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return hypercall_1(__HYPERVISOR_domctl, op);
}

long xc_sysctl(struct xen_sysctl *op)
{
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hypercall_1(__HYPERVISOR_sysctl, op);
}

long xc_memory_op(unsigned cmd, void *arg)
{
    return hypercall_memory_op(cmd, arg);
}

long xc_version(int cmd, void *arg)
{
    return hypercall_xen_version(cmd, arg);
}

long xc_sched_op(int cmd, void *arg)
{
    return hypercall_sched_op(cmd, arg);
}

long xc_evtchn_op(int cmd, void *arg)
{
    return hypercall_event_channel_op(cmd, arg);
}

long xc_mmu_update(const struct mmu_update *reqs, unsigned count, domid_t dom)
{
    return hypercall_mmu_update(reqs, count, NULL, dom);
}

long xc_mmuext_op(const struct mmuext_op *ops, unsigned count, domid_t dom)
{
    return hypercall_mmuext_op(ops, count, NULL, dom);
}

long xc_grant_table_op(unsigned cmd, void *uop, unsigned count)
{
    return hypercall_grant_table_op(cmd, uop, count);
}

/*
 * Foreign mappings live in a window of XC_WINDOW_PAGES pages in the top GiB
 * of our address space (above everything guest/ maps: the heap stays in
 * the first GiB above the image), with page tables built from spare pages
 * the first time a part of it is used.  A bitmap says which pages are
 * taken.  Unmapping flushes our TLB, so a page is never reused stale.
 */
#define XC_WINDOW_BASE  0xFFFFFFFFC0000000UL
#define XC_WINDOW_PAGES (2 * XC_MAP_MAX)

static uint64_t window_used[XC_WINDOW_PAGES / 64];
static struct mmu_update window_reqs[XC_MAP_MAX];

static bool window_taken(unsigned i)
{
    return window_used[i / 64] >> (i % 64) & 1;
}

static void window_mark(unsigned first, unsigned n, bool taken)
{
    for (unsigned i = first; i < first + n; i++) {
        if (taken)
            window_used[i / 64] |= 1UL << (i % 64);
        else
            window_used[i / 64] &= ~(1UL << (i % 64));
    }
}

/* The first run of n free window pages, or -1. */
static int window_find(unsigned n)
{
    for (unsigned first = 0, len = 0, i = 0; i < XC_WINDOW_PAGES; i++) {
        if (window_taken(i)) {
            first = i + 1;
            len = 0;
        } else if (++len == n) {
            return (int)first;
        }
    }
    return -1;
}

/* Tables down to the L1 that maps va, each new one from a spare page. */
static long window_tables(uint64_t va)
{
    for (int level = 4; level > 1; level--) {
        uint64_t slot = pt_entry_maddr(va, level);
        void *table;
        long rc;

        if (!slot)
            return -ENOMEM;
        if (pt_entry(va, level) & PTE_PRESENT)
            continue;
        table = pt_spare_page();
        if (!table)
            return -ENOMEM;
        rc = pt_set_readonly(table);
        if (!rc)
            rc = pt_mmu_update(slot, virt_to_mfn(table) << 12 | PTE_TABLE);
        if (rc)
            return rc;
    }
    return 0;
}

/* Point window pages [first, first + n) at mfns of dom, or clear them (mfns NULL). */
static long window_set(unsigned first, unsigned n, const xen_pfn_t *mfns, domid_t dom)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t va = XC_WINDOW_BASE + (uint64_t)(first + i) * PAGE_SIZE;

        window_reqs[i].ptr = pt_entry_maddr(va, 1) | MMU_NORMAL_PT_UPDATE;
        window_reqs[i].val = mfns ? mfns[i] << 12 | PTE_DATA_RW : 0;
    }
    return hypercall_mmu_update(window_reqs, n, NULL, mfns ? dom : DOMID_SELF);
}

static long window_flush(void)
{
    struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

    return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

void *xc_map_foreign(domid_t dom, const xen_pfn_t *mfns, unsigned n, long *err)
{
    int first = n && n <= XC_MAP_MAX ? window_find(n) : -1;
    long rc = first < 0 ? -ENOMEM : 0;

    for (unsigned i = 0; !rc && i < n; i += PTE_ENTRIES_PER_TABLE)
        rc = window_tables(XC_WINDOW_BASE + (uint64_t)(first + i) * PAGE_SIZE);
    if (!rc)
        rc = window_tables(XC_WINDOW_BASE + (uint64_t)(first + n - 1) * PAGE_SIZE);
    if (!rc) {
        rc = window_set((unsigned)first, n, mfns, dom);
        if (rc) { /* some may have been mapped: undo them all */
            window_set((unsigned)first, n, NULL, DOMID_SELF);
            window_flush();
        }
    }
    if (rc) {
        *err = rc;
        return NULL;
    }
    window_mark((unsigned)first, n, true);
    return (void *)(XC_WINDOW_BASE + (uint64_t)first * PAGE_SIZE);
}

long xc_unmap_foreign(void *addr, unsigned n)
{
    uint64_t va = (uint64_t)addr;
    unsigned first = (unsigned)((va - XC_WINDOW_BASE) / PAGE_SIZE);
    long rc;

    if (va < XC_WINDOW_BASE || va % PAGE_SIZE || !n || n > XC_MAP_MAX ||
        first + n > XC_WINDOW_PAGES)
        return -EINVAL;
    rc = window_set(first, n, NULL, DOMID_SELF);
    if (!rc)
        rc = window_flush();
    window_mark(first, n, false);
    return rc;
}
