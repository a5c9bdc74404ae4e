/*
 * Attacks on the address space as a whole: update_va_mapping of
 * addresses that are not ours, new page-table bases that are not L4s,
 * and LDTs in the wrong place.
 */
#include "hostile.h"

static void uvm_refused(uint64_t va, long expected)
{
    uint64_t mfn = new_frame();

    if (mfn)
        CHECK_RC(hypercall_update_va_mapping(va, mfn << 12 | PTE_DATA_RW, UVMF_INVLPG), expected);
}

static void uvm_hypervisor_direct_map(void)
{
    uvm_refused(HYPERVISOR_DIRECT_MAP, -XEN_EINVAL);
}
static void uvm_m2p_range(void)
{
    uvm_refused(MACH2PHYS_VIRT_START, -XEN_EINVAL);
}
static void uvm_last_hypervisor_page(void)
{
    uvm_refused(HYPERVISOR_VIRT_END - PAGE_SIZE, -XEN_EINVAL);
}
static void uvm_noncanonical(void)
{
    uvm_refused(NONCANONICAL, -XEN_EINVAL);
}
static void uvm_noncanonical_high(void)
{
    uvm_refused(0xFFFF7FFFFFFFF000UL, -XEN_EINVAL);
}

/* A vCPU bitmap pointer that points nowhere: the update is done, the flush fails. */
static void uvm_multi_bad_mask_pointer(void)
{
    uint64_t a, b;
    volatile uint64_t *page = new_mapped_frame(&a);

    if (!page || !(b = new_frame()))
        return;
    CHECK_RC(hypercall_update_va_mapping((uint64_t)page, b << 12 | PTE_DATA_RW,
                                         UVMF_INVLPG | (HYPERVISOR_DIRECT_MAP)),
             -XEN_EFAULT);
    CHECK_RC(pt_invlpg((uint64_t)page), 0);
    CHECK_EQ(pte_mfn(pt_entry((uint64_t)page, 1)), b);
}

static void uvm_otherdomain_unknown_domain(void)
{
    uint64_t mfn;
    volatile uint64_t *page = new_mapped_frame(&mfn);

    if (page)
        CHECK_RC(hypercall_4(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)page,
                             mfn << 12 | PTE_DATA_RW, UVMF_INVLPG, 77),
                 -XEN_ESRCH);
}

/* Our frame presented as the hypervisor's: the owners do not match. */
static void uvm_otherdomain_domid_xen(void)
{
    uint64_t a, b = 0;
    volatile uint64_t *page = new_mapped_frame(&a);

    if (!page || !(b = new_frame()))
        return;
    CHECK_RC(hypercall_4(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)page,
                         b << 12 | PTE_DATA_RW, UVMF_INVLPG, DOMID_XEN),
             -XEN_EBUSY);
    CHECK_EQ(pte_mfn(pt_entry((uint64_t)page, 1)), a);
}

/* ---- new page-table bases -------------------------------------------- */

static void new_baseptr_data_frame(void)
{
    uint64_t mfn, cr3 = pt_read_cr3();

    if (!new_mapped_frame(&mfn))
        return;
    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, mfn, 0), -XEN_EINVAL);
    CHECK_EQ(pt_read_cr3(), cr3);
}

static void new_baseptr_pinned_l1(void)
{
    uint64_t mfn = read_only_spare(NULL), cr3 = pt_read_cr3();

    if (!mfn)
        return;
    CHECK_RC(pt_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0), 0);
    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, mfn, 0), -XEN_EINVAL);
    CHECK_EQ(pt_read_cr3(), cr3);
    CHECK_RC(pt_mmuext(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
}

static void new_baseptr_foreign_frame(void)
{
    uint64_t mfn = foreign_frame(), cr3 = pt_read_cr3();

    if (!mfn)
        return;
    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, mfn, 0), -XEN_EINVAL);
    CHECK_EQ(pt_read_cr3(), cr3);
}

static void new_baseptr_mfn_beyond_ram(void)
{
    uint64_t cr3 = pt_read_cr3();

    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, (uint64_t)max_ram_page() + 0x1000, 0), -XEN_EINVAL);
    CHECK_EQ(pt_read_cr3(), cr3);
}

/* Only for ourselves: naming a foreign domain is refused. */
static void new_baseptr_for_domid_xen(void)
{
    uint64_t cr3 = pt_read_cr3();

    CHECK_RC(mmuext_fd(MMUEXT_NEW_BASEPTR, cr3 >> 12, 0, DOMID_XEN), -XEN_EPERM);
    CHECK_EQ(pt_read_cr3(), cr3);
}

static void new_user_baseptr_data_frame(void)
{
    uint64_t mfn;

    if (new_mapped_frame(&mfn))
        CHECK_RC(pt_mmuext(MMUEXT_NEW_USER_BASEPTR, mfn, 0), -XEN_EINVAL);
}

/* An L4 that maps a data frame writable in its guest part. */
static void new_baseptr_l4_with_bad_entry(void)
{
    uint64_t *l4 = pt_spare_page(), mfn, cr3 = pt_read_cr3();

    CHECK(l4, "no spare page left");
    memcpy(l4, mfn_to_virt(cr3 >> 12), PAGE_SIZE);
    l4[300] = boot_table_mfn(1) << 12 | PTE_TABLE; /* an L1 where an L3 belongs */
    CHECK_RC(pt_set_readonly(l4), 0);
    mfn = virt_to_mfn(l4);
    CHECK_RC(pt_mmuext(MMUEXT_NEW_BASEPTR, mfn, 0), -XEN_EINVAL);
    CHECK_EQ(pt_read_cr3(), cr3);
}

static void mmuext_unknown_commands(void)
{
    static const unsigned cmds[] = { 14, 21, 0x100, 0x80000000u, 0xffffffffu };
    uint64_t l4 = pt_read_cr3() >> 12;

    for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
        long rc = pt_mmuext(cmds[i], l4, l4);
        CHECK(rc == -XEN_ENOSYS, "cmd %#x: %ld (%s)", cmds[i], rc, errno_name(rc));
    }
}

/* ---- LDT placement ---------------------------------------------------- */

static void set_ldt_misaligned_base(void)
{
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, GUEST_VIRT_BASE + 8, 1), -XEN_EINVAL);
}

static void set_ldt_too_many_entries(void)
{
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, GUEST_VIRT_BASE, 8193), -XEN_EINVAL);
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, GUEST_VIRT_BASE, 0xffffffffu), -XEN_EINVAL);
}

static void set_ldt_in_hypervisor_range(void)
{
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, HYPERVISOR_DIRECT_MAP, 16), -XEN_EINVAL);
}

static void set_ldt_noncanonical(void)
{
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, NONCANONICAL, 16), -XEN_EINVAL);
}

/* The end of the LDT reaches into the hypervisor's range. */
static void set_ldt_running_into_hypervisor(void)
{
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, HYPERVISOR_VIRT_START - PAGE_SIZE, 8192), -XEN_EINVAL);
}

static void set_ldt_for_domid_xen(void)
{
    CHECK_RC(mmuext_fd(MMUEXT_SET_LDT, 0, 0, DOMID_XEN), -XEN_EPERM);
}

/*
 * An LDT over a writable page is accepted (pages are checked when used);
 * loading a selector from it then faults, since the page cannot become
 * a descriptor page while mapped writable.  Xen reports that as the
 * guest's own #PF on the LDT page, error code 0.
 */
static void ldt_on_writable_page_faults_on_use(void)
{
    uint64_t *ldt = pt_spare_page(), seen;

    CHECK(ldt, "no spare page left");
    ldt[1] = 0x00CFF2000000FFFFUL;
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, (uint64_t)ldt, 2), 0);
    seen = ds_load_probe(0x0f);
    CHECK(trap_disarm(), "the selector loaded (%#lx)", seen);
    info("loading the LDT selector: %s error %#lx", trap_name(trap_last.vector), trap_last.error);
    CHECK_EQ(trap_last.vector, TRAP_PF);
    CHECK_EQ(trap_last.error, 0);
    CHECK_RC(pt_mmuext(MMUEXT_SET_LDT, 0, 0), 0);
}

const struct test_case address_space_cases[] = {
    { "uvm_hypervisor_direct_map", uvm_hypervisor_direct_map },
    { "uvm_m2p_range", uvm_m2p_range },
    { "uvm_last_hypervisor_page", uvm_last_hypervisor_page },
    { "uvm_noncanonical", uvm_noncanonical },
    { "uvm_noncanonical_high", uvm_noncanonical_high },
    { "uvm_multi_bad_mask_pointer", uvm_multi_bad_mask_pointer },
    { "uvm_otherdomain_unknown_domain", uvm_otherdomain_unknown_domain },
    { "uvm_otherdomain_domid_xen", uvm_otherdomain_domid_xen },
    { "new_baseptr_data_frame", new_baseptr_data_frame },
    { "new_baseptr_pinned_l1", new_baseptr_pinned_l1 },
    { "new_baseptr_foreign_frame", new_baseptr_foreign_frame },
    { "new_baseptr_mfn_beyond_ram", new_baseptr_mfn_beyond_ram },
    { "new_baseptr_for_domid_xen", new_baseptr_for_domid_xen },
    { "new_user_baseptr_data_frame", new_user_baseptr_data_frame },
    { "new_baseptr_l4_with_bad_entry", new_baseptr_l4_with_bad_entry },
    { "mmuext_unknown_commands", mmuext_unknown_commands },
    { "set_ldt_misaligned_base", set_ldt_misaligned_base },
    { "set_ldt_too_many_entries", set_ldt_too_many_entries },
    { "set_ldt_in_hypervisor_range", set_ldt_in_hypervisor_range },
    { "set_ldt_noncanonical", set_ldt_noncanonical },
    { "set_ldt_running_into_hypervisor", set_ldt_running_into_hypervisor },
    { "set_ldt_for_domid_xen", set_ldt_for_domid_xen },
    { "ldt_on_writable_page_faults_on_use", ldt_on_writable_page_faults_on_use },
};
const unsigned address_space_count = ARRAY_SIZE(address_space_cases);
