/*
 * startofday: the state a PV kernel finds at its first instruction when
 * booted as dom0 (public/arch-x86_64.h, public/xen.h): start_info, the initial mapping and
 * its order, the bootstrap page tables, the P2M/M2P, the boot stack, the
 * entry registers and the hypercall page.
 */
#include "common/string.h"
#include "guest/hypercall.h"
#include "guest/mm.h"
#include "guest/test.h"
#include "guest/traps.h"

/* What tests/integration/startofday.test passes as our command line. */
#define EXPECTED_CMDLINE "startofday check=cmdline x=1"

static const struct start_info *si;

static uint64_t stack_page(void)
{
    return si->pt_base + si->nr_pt_frames * PAGE_SIZE;
}

/* The L1 entry mapping va in the bootstrap tables, 0 if there is none. */
static uint64_t l1_entry(uint64_t va)
{
    const uint64_t *table = (const uint64_t *)si->pt_base;

    for (int level = 4; level > 1; level--) {
        uint64_t e = table[pt_index(va, level)];
        if (!(e & PTE_PRESENT))
            return 0;
        table = mfn_to_virt(pte_mfn(e));
    }
    return table[pt_index(va, 1)];
}

static void magic_starts_with_xen(void)
{
    CHECK(strnlen(si->magic, sizeof(si->magic)) < sizeof(si->magic), "magic is not NUL-terminated");
    CHECK(strncmp(si->magic, "xen-", 4) == 0, "magic \"%.32s\" lacks \"xen-\"", si->magic);
    info("magic \"%s\"", si->magic);
}

static void flags_initdomain_privileged(void)
{
    CHECK_EQ(si->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN), SIF_PRIVILEGED | SIF_INITDOMAIN);
    info("flags %#x", si->flags);
}

static void nr_pages_nonzero(void)
{
    CHECK(si->nr_pages > 0, "nr_pages is 0");
    info("nr_pages %lu", si->nr_pages);
}

static void shared_info_page_aligned(void)
{
    CHECK(si->shared_info != 0, "shared_info is 0");
    CHECK_EQ(si->shared_info & (PAGE_SIZE - 1), 0);
}

static void start_info_is_rsi_and_page_aligned(void)
{
    CHECK_EQ(entry_regs.rsi, (uint64_t)si);
    CHECK_EQ((uint64_t)si & (PAGE_SIZE - 1), 0);
}

/* ABI §6: kernel, P2M, start_info, page tables, boot stack, packed in that order. */
static void layout_is_kernel_p2m_start_info_tables_stack(void)
{
    uint64_t kend = (uint64_t)_end;
    uint64_t p2m_end = (si->mfn_list + si->nr_pages * 8 + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

    info("kernel [0, %#lx) p2m %#lx start_info %#lx pt_base %#lx stack %#lx (from VIRT_BASE)",
         kend - GUEST_VIRT_BASE, si->mfn_list - GUEST_VIRT_BASE, (uint64_t)si - GUEST_VIRT_BASE,
         si->pt_base - GUEST_VIRT_BASE, stack_page() - GUEST_VIRT_BASE);
    CHECK_EQ(si->mfn_list, kend);
    CHECK_EQ((uint64_t)si, p2m_end);
    CHECK_EQ(si->pt_base, (uint64_t)si + PAGE_SIZE);
}

static void pt_base_aligned_mapped_readable(void)
{
    uint64_t value;

    CHECK_EQ(si->pt_base & (PAGE_SIZE - 1), 0);
    CHECK(si->pt_base >= (uint64_t)_end, "pt_base overlaps the kernel image");
    CHECK(mapped_end(GUEST_VIRT_BASE, si->pt_base + PAGE_SIZE - GUEST_VIRT_BASE) ==
              si->pt_base + PAGE_SIZE,
          "the initial mapping has a hole before the end of the L4");
    CHECK(probe_read((const void *)si->pt_base, &value), "cannot read the L4 at pt_base");
}

static void nr_pt_frames_at_least_4(void)
{
    CHECK(si->nr_pt_frames >= 4, "nr_pt_frames is %lu", si->nr_pt_frames);
    info("nr_pt_frames %lu", si->nr_pt_frames);
}

/* pt_base is what CR3 points at; reading CR3 is emulated (it faults in ring 3). */
static void cr3_is_the_l4_at_pt_base(void)
{
    uint64_t cr3;

    asm volatile("mov %%cr3, %0" : "=r"(cr3));
    CHECK_EQ(cr3, virt_to_mfn((const void *)si->pt_base) << 12);
}

/* The first frame is the L4: slot 511 leads to the tables mapping VIRT_BASE. */
static void l4_maps_the_kernel(void)
{
    const uint64_t *l4 = (const uint64_t *)si->pt_base;
    uint64_t text = l1_entry(GUEST_VIRT_BASE);

    CHECK(l4[pt_index(GUEST_VIRT_BASE, 4)] & PTE_PRESENT, "L4 slot for VIRT_BASE not present");
    CHECK(text & PTE_PRESENT, "no L1 entry for VIRT_BASE");
    CHECK_EQ(pte_mfn(text), virt_to_mfn(_image_start));
}

/* Every page of the initial region maps PFN (va - VIRT_BASE) / 4096, through the P2M. */
static void initial_mapping_is_pfn_order(void)
{
    uint64_t end = mapped_end(GUEST_VIRT_BASE, 1UL << 30);
    const uint64_t *p2m = (const uint64_t *)si->mfn_list;

    info("initial mapping [0, %#lx) from VIRT_BASE", end - GUEST_VIRT_BASE);
    for (uint64_t va = GUEST_VIRT_BASE; va < end; va += PAGE_SIZE) {
        uint64_t pte = l1_entry(va);
        CHECK(pte & PTE_PRESENT, "no L1 entry for %#lx", va);
        CHECK(pte_mfn(pte) == p2m[virt_to_pfn((void *)va)], "va %#lx maps mfn %#lx, p2m says %#lx",
              va, pte_mfn(pte), p2m[virt_to_pfn((void *)va)]);
    }
}

/* Page-table frames are mapped read-only, everything else in the region writable. */
static void only_page_tables_mapped_read_only(void)
{
    uint64_t end = mapped_end(GUEST_VIRT_BASE, 1UL << 30);

    for (uint64_t va = GUEST_VIRT_BASE; va < end; va += PAGE_SIZE) {
        bool table = va >= si->pt_base && va < stack_page();
        uint64_t pte = l1_entry(va);
        CHECK(!!(pte & PTE_RW) != table, "va %#lx has pte flags %#lx", va, pte & ~PTE_ADDR_MASK);
    }
}

static void p2m_consistent_with_m2p(void)
{
    const uint64_t *p2m = (const uint64_t *)si->mfn_list;

    for (uint64_t pfn = 0; pfn < si->nr_pages; pfn++)
        CHECK(M2P[p2m[pfn]] == pfn, "m2p[p2m[%#lx] = %#lx] is %#lx", pfn, p2m[pfn], M2P[p2m[pfn]]);
}

static void m2p_write_faults(void)
{
    volatile uint64_t *entry = (volatile uint64_t *)&M2P[virt_to_mfn(_image_start)];

    CHECK(!probe_write(entry, *entry), "writing the M2P did not fault");
    CHECK_EQ(trap_last.vector, TRAP_PF);
    CHECK_EQ(trap_last.error, PFEC_PRESENT | PFEC_WRITE); /* U clear: kernel mode */
    info("M2P write: #PF error %#lx", trap_last.error);
}

static void l4_write_faults(void)
{
    volatile uint64_t *l4 = (volatile uint64_t *)si->pt_base;

    CHECK(!probe_write(&l4[0], l4[0]), "writing the L4 did not fault");
    CHECK_EQ(trap_last.vector, TRAP_PF);
    CHECK_EQ(trap_last.error, PFEC_PRESENT | PFEC_WRITE); /* U clear: kernel mode */
    info("L4 write: #PF error %#lx", trap_last.error);
}

static void boot_stack_follows_page_tables(void)
{
    uint64_t page = stack_page();

    CHECK(entry_regs.rsp > page && entry_regs.rsp <= page + PAGE_SIZE,
          "entry rsp %#lx is not in the page at %#lx", entry_regs.rsp, page);
    info("entry rsp = boot stack page + %#lx", entry_regs.rsp - page);
}

static void at_least_512k_mapped_after_boot_stack(void)
{
    uint64_t start = stack_page() + PAGE_SIZE;
    uint64_t end = mapped_end(start, 512 * 1024);

    CHECK(end == start + 512 * 1024, "only %lu KiB mapped after the boot stack",
          (end - start) >> 10);
}

static void entry_code_and_stack_selectors(void)
{
    CHECK_EQ(entry_regs.cs, FLAT_KERNEL_CS);
    CHECK_EQ(entry_regs.ss, FLAT_KERNEL_SS);
}

static void entry_data_selectors_null(void)
{
    CHECK_EQ(entry_regs.ds, 0);
    CHECK_EQ(entry_regs.es, 0);
    CHECK_EQ(entry_regs.fs, 0);
    CHECK_EQ(entry_regs.gs, 0);
}

static void entry_rflags_only_if(void)
{
    /* Bit 1 always reads as 1. */
    CHECK_EQ(entry_regs.rflags & ~2UL, X86_EFLAGS_IF);
}

static void entry_other_registers_zero(void)
{
    const uint64_t *r = &entry_regs.rax;

    /* rax, rbx, rcx, rdx, [rsi], rdi, rbp, [rsp], r8-r15 */
    for (unsigned i = 0; i < 16; i++) {
        if (i == 4 || i == 7)
            continue;
        CHECK(r[i] == 0, "register %u is %#lx at entry", i, r[i]);
    }
}

/* ABI §2: stub n is push rcx; push r11; mov eax, n; syscall; pop r11; pop rcx; ret. */
static void hypercall_stubs_match_abi(void)
{
    for (unsigned n = 0; n < XEN_HYPERCALL_NR_SLOTS; n++) {
        const uint8_t *stub = &hypercall_page[n * 32];
        const uint8_t want[14] = { 0x51, 0x41, 0x53, 0xb8, n,    0,    0,
                                   0,    0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };
        if (n == __HYPERVISOR_iret)
            continue;
        CHECK(memcmp(stub, want, sizeof(want)) == 0, "stub %u differs", n);
        for (unsigned i = sizeof(want); i < 32; i++)
            CHECK(stub[i] == 0xcc, "stub %u byte %u is %#x", n, i, stub[i]);
    }
}

/* Stub 23: push rcx; push r11; push rax; mov eax, 23; syscall; then 0xCC. */
static void hypercall_iret_stub_matches_abi(void)
{
    const uint8_t *stub = &hypercall_page[__HYPERVISOR_iret * 32];
    const uint8_t want[11] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0, 0, 0x0f, 0x05 };

    CHECK(memcmp(stub, want, sizeof(want)) == 0, "the iret stub differs");
    for (unsigned i = sizeof(want); i < 32; i++)
        CHECK(stub[i] == 0xcc, "iret stub byte %u is %#x", i, stub[i]);
}

static void cmd_line_is_the_module_command_line(void)
{
    CHECK(strnlen(si->cmd_line, sizeof(si->cmd_line)) < sizeof(si->cmd_line),
          "cmd_line is not NUL-terminated");
    CHECK(strcmp(si->cmd_line, EXPECTED_CMDLINE) == 0, "cmd_line is \"%.200s\"", si->cmd_line);
}

static void no_initrd_no_module(void)
{
    CHECK_EQ(si->mod_start, 0);
    CHECK_EQ(si->mod_len, 0);
}

static const struct test_case cases[] = {
    { "magic_starts_with_xen", magic_starts_with_xen },
    { "flags_initdomain_privileged", flags_initdomain_privileged },
    { "nr_pages_nonzero", nr_pages_nonzero },
    { "shared_info_page_aligned", shared_info_page_aligned },
    { "start_info_is_rsi_and_page_aligned", start_info_is_rsi_and_page_aligned },
    { "layout_is_kernel_p2m_start_info_tables_stack",
      layout_is_kernel_p2m_start_info_tables_stack },
    { "pt_base_aligned_mapped_readable", pt_base_aligned_mapped_readable },
    { "nr_pt_frames_at_least_4", nr_pt_frames_at_least_4 },
    { "cr3_is_the_l4_at_pt_base", cr3_is_the_l4_at_pt_base },
    { "l4_maps_the_kernel", l4_maps_the_kernel },
    { "initial_mapping_is_pfn_order", initial_mapping_is_pfn_order },
    { "only_page_tables_mapped_read_only", only_page_tables_mapped_read_only },
    { "p2m_consistent_with_m2p", p2m_consistent_with_m2p },
    { "m2p_write_faults", m2p_write_faults },
    { "l4_write_faults", l4_write_faults },
    { "boot_stack_follows_page_tables", boot_stack_follows_page_tables },
    { "at_least_512k_mapped_after_boot_stack", at_least_512k_mapped_after_boot_stack },
    { "entry_code_and_stack_selectors", entry_code_and_stack_selectors },
    { "entry_data_selectors_null", entry_data_selectors_null },
    { "entry_rflags_only_if", entry_rflags_only_if },
    { "entry_other_registers_zero", entry_other_registers_zero },
    { "hypercall_stubs_match_abi", hypercall_stubs_match_abi },
    { "hypercall_iret_stub_matches_abi", hypercall_iret_stub_matches_abi },
    { "cmd_line_is_the_module_command_line", cmd_line_is_the_module_command_line },
    { "no_initrd_no_module", no_initrd_no_module },
};

int guest_main(const struct start_info *start)
{
    si = start;
    test_main("startofday", cases, ARRAY_SIZE(cases));
}
