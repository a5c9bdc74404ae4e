/*
 * Page-table helpers: walking the current tables, the spare-page and
 * free-frame pools, and one-request wrappers around the MMU hypercalls.
 */
#include "common/string.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/traps.h"
#include "public/errno.h"

static uint64_t spare_next, spare_end; /* virtual addresses */
static uint64_t free_next;             /* pfn */

uint64_t pt_read_cr3(void)
{
    uint64_t cr3;

    asm volatile("mov %%cr3, %0" : "=r"(cr3));
    return cr3;
}

uint64_t pt_pfn_to_mfn(uint64_t pfn)
{
    return ((const uint64_t *)start_info->mfn_list)[pfn];
}

uint64_t pt_entry_maddr(uint64_t va, int level)
{
    uint64_t table = pt_read_cr3() & PTE_ADDR_MASK;

    for (int l = 4; l > level; l--) {
        uint64_t e = ((const uint64_t *)mfn_to_virt(table >> 12))[pt_index(va, l)];
        if (!(e & PTE_PRESENT))
            return 0;
        table = e & PTE_ADDR_MASK;
    }
    return table + pt_index(va, level) * 8;
}

uint64_t pt_entry(uint64_t va, int level)
{
    uint64_t maddr = pt_entry_maddr(va, level);

    if (!maddr)
        return 0;
    return *(const volatile uint64_t *)((uint64_t)mfn_to_virt(maddr >> 12) + (maddr & 0xfff));
}

/* The pools start where start-of-day memory ends (public/xen.h). */
static void pools_init(void)
{
    const struct start_info *si = start_info;
    uint64_t stack_end = si->pt_base + (si->nr_pt_frames + 1) * PAGE_SIZE;

    spare_next = stack_end;
    spare_end = mapped_end(stack_end, 1UL << 30);
    free_next = (spare_end - GUEST_VIRT_BASE) / PAGE_SIZE;
}

void *pt_spare_page(void)
{
    void *page;

    if (!spare_end)
        pools_init();
    if (spare_next >= spare_end)
        return NULL;
    page = (void *)spare_next;
    spare_next += PAGE_SIZE;
    memset(page, 0, PAGE_SIZE);
    return page;
}

uint64_t pt_free_pfn(void)
{
    if (!spare_end)
        pools_init();
    if (free_next >= start_info->nr_pages)
        return 0;
    return free_next++;
}

uint64_t pt_foreign_frame(uint64_t max_page)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
    uint64_t pfn;

    for (uint64_t mfn = 0x100; mfn < max_page; mfn++) {
        if (!probe_read(&M2P[mfn], &pfn)) {
            mfn |= PAGE_SIZE / 8 - 1; /* skip the rest of this M2P page */
            continue;
        }
        if (pfn >= start_info->nr_pages || p2m[pfn] != mfn)
            return mfn;
    }
    return 0;
}

long pt_mmu_update(uint64_t ptr, uint64_t val)
{
    struct mmu_update req = { .ptr = ptr, .val = val };

    return hypercall_mmu_update(&req, 1, NULL, DOMID_SELF);
}

long pt_mmuext(unsigned cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg1, .arg2.src_mfn = arg2 };

    return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static long remap(const void *page, bool writable)
{
    uint64_t pte = pt_entry((uint64_t)page, 1);

    pte = writable ? pte | PTE_RW : pte & ~PTE_RW;
    return hypercall_update_va_mapping((uint64_t)page, pte, UVMF_INVLPG);
}

long pt_set_readonly(const void *page)
{
    return remap(page, false);
}

long pt_set_writable(const void *page)
{
    return remap(page, true);
}

long pt_new_l1(uint64_t va)
{
    void *l1 = pt_spare_page();
    uint64_t slot = pt_entry_maddr(va, 2);
    long rc;

    if (!l1 || !slot)
        return -XEN_ENOMEM;
    rc = pt_set_readonly(l1);
    if (rc)
        return rc;
    return pt_mmu_update(slot, virt_to_mfn(l1) << 12 | PTE_TABLE);
}

long pt_invlpg(uint64_t va)
{
    return pt_mmuext(MMUEXT_INVLPG_LOCAL, va, 0);
}

long pt_map(uint64_t va, uint64_t mfn, uint64_t flags)
{
    uint64_t slot = pt_entry_maddr(va, 1);
    long rc;

    if (!slot)
        return -XEN_EINVAL;
    rc = pt_mmu_update(slot, flags ? mfn << 12 | flags : 0);
    return rc ? rc : pt_invlpg(va);
}

long pt_unmap(uint64_t va)
{
    return pt_map(va, 0, 0);
}
