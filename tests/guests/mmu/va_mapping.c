/*
 * update_va_mapping (14) with each flush flag, and
 * update_va_mapping_otherdomain (22) on ourselves.
 */
#include "mmu.h"

static unsigned long this_vcpu_mask = 1; /* vCPU 0 */

/*
 * The page at va maps frame A and has been read; update_va_mapping
 * switches it to frame B with `flags`; afterwards (and after an INVLPG
 * of our own when the flags flush nothing) reads must show B.
 */
static void remap_with_flags(uint64_t flags)
{
    uint64_t a, b;
    volatile uint64_t *page = new_mapped_frame(&a);
    volatile uint64_t *other = new_mapped_frame(&b);

    if (!page || !other)
        return;
    fill_page(page, 30);
    fill_page(other, 31);
    CHECK(page_has(page, 30), "frame A does not read back");
    CHECK_RC(hypercall_update_va_mapping((uint64_t)page, b << 12 | PTE_DATA_RW, flags), 0);
    if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_NONE)
        CHECK_RC(pt_invlpg((uint64_t)page), 0);
    CHECK(page_has(page, 31), "the page still shows the old frame");
    CHECK_EQ(pte_mfn(l1_entry_of((uint64_t)page)), b);
}

static void flags_none(void)
{
    remap_with_flags(UVMF_NONE);
}
static void flags_tlb_flush_local(void)
{
    remap_with_flags(UVMF_TLB_FLUSH | UVMF_LOCAL);
}
static void flags_invlpg_local(void)
{
    remap_with_flags(UVMF_INVLPG | UVMF_LOCAL);
}
static void flags_tlb_flush_all(void)
{
    remap_with_flags(UVMF_TLB_FLUSH | UVMF_ALL);
}
static void flags_invlpg_all(void)
{
    remap_with_flags(UVMF_INVLPG | UVMF_ALL);
}
static void flags_invlpg_multi(void)
{
    remap_with_flags(UVMF_INVLPG | UVMF_MULTI | (uint64_t)&this_vcpu_mask);
}
static void flags_tlb_flush_multi(void)
{
    remap_with_flags(UVMF_TLB_FLUSH | UVMF_MULTI | (uint64_t)&this_vcpu_mask);
}

static void unmap_then_access_faults(void)
{
    uint64_t mfn, value;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (!page)
        return;
    page[0] = 1;
    CHECK_RC(hypercall_update_va_mapping((uint64_t)page, 0, UVMF_INVLPG), 0);
    CHECK(!probe_read(page, &value), "the unmapped page is still readable");
    CHECK_EQ(trap_last.vector, TRAP_PF);
}

/* A va without an L1 above it (nothing is mapped at 1 GiB): -EINVAL. */
static void va_without_l1_einval(void)
{
    uint64_t mfn = new_frame();

    if (!mfn)
        return;
    CHECK_RC(hypercall_update_va_mapping(0x40000000UL, mfn << 12 | PTE_DATA_RW, UVMF_INVLPG),
             -XEN_EINVAL);
}

static void otherdomain_self(void)
{
    uint64_t a, b;
    volatile uint64_t *page = new_mapped_frame(&a);
    volatile uint64_t *other = new_mapped_frame(&b);

    if (!page || !other)
        return;
    fill_page(other, 32);
    CHECK_RC(hypercall_4(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)page,
                         b << 12 | PTE_DATA_RW, UVMF_INVLPG, DOMID_SELF),
             0);
    CHECK(page_has(page, 32), "the page does not show the new frame");
}

/* As with mmu_update's foreigndom, our own id is refused. */
static void otherdomain_own_id_esrch(void)
{
    uint64_t a, b;
    volatile uint64_t *page = new_mapped_frame(&a);
    volatile uint64_t *other = new_mapped_frame(&b);

    if (!page || !other)
        return;
    CHECK_RC(hypercall_4(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)page,
                         b << 12 | PTE_DATA_RW, UVMF_INVLPG, 0),
             -XEN_ESRCH);
    CHECK_EQ(pte_mfn(l1_entry_of((uint64_t)page)), a);
}

const struct test_case va_mapping_cases[] = {
    { "uvm_flags_none", flags_none },
    { "uvm_flags_tlb_flush_local", flags_tlb_flush_local },
    { "uvm_flags_invlpg_local", flags_invlpg_local },
    { "uvm_flags_tlb_flush_all", flags_tlb_flush_all },
    { "uvm_flags_invlpg_all", flags_invlpg_all },
    { "uvm_flags_tlb_flush_multi", flags_tlb_flush_multi },
    { "uvm_flags_invlpg_multi", flags_invlpg_multi },
    { "uvm_unmap_then_access_faults", unmap_then_access_faults },
    { "uvm_va_without_l1_einval", va_without_l1_einval },
    { "uvm_otherdomain_self", otherdomain_self },
    { "uvm_otherdomain_own_id_esrch", otherdomain_own_id_esrch },
};
const unsigned va_mapping_count = ARRAY_SIZE(va_mapping_cases);
