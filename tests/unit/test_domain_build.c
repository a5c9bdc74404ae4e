/*
 * The domain builder end to end (xen/builder/domain_build.c): an ELF kernel
 * with Xen notes, made in memory and placed in fake RAM as a boot module,
 * goes into domain_build(); out comes a domain whose layout is the one
 * xen/builder/layout.c computes, whose P2M maps distinct frames it owns,
 * whose start_info, kernel and initrd are where the layout says, and whose
 * frames pass the audit.  A kernel the builder must refuse ends in
 * boot_fatal(), which the fake arch turns back into a return to the test.
 */
#include <check.h>
#include <stdlib.h>

#include "public/xen.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/kernel_fixture.h"
#include "xen/arch/mm.h"
#include "xen/builder/domain_build.h"
#include "xen/mm.h"
#include "xen/page_alloc.h"
#include "xen/page_types.h"
#include "xen/sched.h"

#define FRAMES     8192
#define FIRST_FREE 64 /* frames below hold the boot modules */
#define KERNEL_PA  (16 * PAGE_SIZE)
#define INITRD_PA  (40 * PAGE_SIZE)
#define NR_PAGES   2048    /* 8 MiB domains */
#define INITRD_LEN 10000UL /* not a whole number of pages */

static struct page_info table[FRAMES];
static struct boot_module kernel, initrd;

static void setup(void)
{
    fake_ram_init(FRAMES);
    memset(fake_ram, 0xAA, FRAMES * PAGE_SIZE); /* the builder must zero what it hands out */
    page_alloc_init(table, FRAMES);
    page_alloc_add_range(FIRST_FREE, FRAMES);
    free(m2p_table);
    m2p_table = malloc(FRAMES * sizeof(*m2p_table));
    memset(m2p_table, 0xFF, FRAMES * sizeof(*m2p_table));
    fake_sched_reset();
    fake_boot_reset();
    fake_build_reset();
    fake_mmu_reset();
    fake_console_reset();
    fake_current = NULL;
}

/* Module 0: the test kernel, with this command line. */
static void make_kernel(const struct kfix_opts *o, const char *cmdline)
{
    kfix_make(fake_ram + KERNEL_PA, o);
    kernel = (struct boot_module){ KERNEL_PA, KERNEL_PA + KFIX_IMAGE_BYTES, cmdline };
}

/* Module 1: INITRD_LEN patterned bytes. */
static void make_initrd(void)
{
    for (size_t i = 0; i < INITRD_LEN; i++)
        fake_ram[INITRD_PA + i] = (uint8_t)(i * 13 + 1);
    initrd = (struct boot_module){ INITRD_PA, INITRD_PA + INITRD_LEN, "" };
}

static struct build_spec spec_for(domid_t id, bool with_initrd)
{
    return (struct build_spec){
        .domid = id,
        .privileged = id == 0,
        .max_vcpus = 2,
        .nr_pages = NR_PAGES,
        .module = 0,
        .kernel = &kernel,
        .initrd = with_initrd ? &initrd : NULL,
        .weight = 512,
        .cap = 50,
    };
}

/* The layout layout.c computes for the kernel module and this spec. */
static struct dom0_layout expected_layout(const struct build_spec *spec)
{
    struct elf_image elf;
    struct elf_xen_notes notes;
    struct kernel_extent extent;
    struct dom0_layout l;
    const char *problem = NULL;
    uint64_t initrd_len = spec->initrd ? spec->initrd->end - spec->initrd->start : 0;

    ck_assert_int_eq(elf_open(&elf, fake_ram + kernel.start, kernel.end - kernel.start), 0);
    ck_assert_int_eq(elf_load_range(&elf, &extent.paddr_start, &extent.paddr_end), 0);
    ck_assert_int_eq(elf_xen_notes(&elf, &notes), 0);
    extent.elf_entry = elf.ehdr->e_entry;
    ck_assert_int_eq(dom0_layout_compute(&notes, &extent, initrd_len, spec->nr_pages, &l, &problem),
                     0);
    return l;
}

#define CK_FIELD(a, b, f) ck_assert_uint_eq((uint64_t)(a)->f, (uint64_t)(b)->f)

static void check_same_layout(const struct dom0_layout *got, const struct dom0_layout *want)
{
    CK_FIELD(got, want, virt_offset);
    CK_FIELD(got, want, v_start);
    CK_FIELD(got, want, kern_start);
    CK_FIELD(got, want, kern_end);
    CK_FIELD(got, want, initrd_start);
    CK_FIELD(got, want, initrd_end);
    CK_FIELD(got, want, p2m_start);
    CK_FIELD(got, want, p2m_end);
    CK_FIELD(got, want, start_info);
    CK_FIELD(got, want, pt_start);
    CK_FIELD(got, want, nr_pt_frames);
    CK_FIELD(got, want, stack_start);
    CK_FIELD(got, want, v_end);
    CK_FIELD(got, want, entry);
    CK_FIELD(got, want, hypercall_page);
    CK_FIELD(got, want, initrd_by_pfn);
    CK_FIELD(got, want, pae);
    CK_FIELD(got, want, p2m_apart);
    CK_FIELD(got, want, first_p2m_pfn);
    CK_FIELD(got, want, nr_p2m_frames);
}

/* The PFN holding the byte at va of the built domain, found by hand. */
static uint64_t pfn_of(const struct dom0_layout *l, uint64_t va)
{
    if (l->p2m_apart && va >= (l->p2m_start & ~(PAGE_SIZE - 1)) && va < l->p2m_end)
        return l->first_p2m_pfn + (va >> PAGE_SHIFT) - (l->p2m_start >> PAGE_SHIFT);
    ck_assert(va >= l->v_start && va < l->v_end);
    return (va - l->v_start) >> PAGE_SHIFT;
}

/* Read the built domain's memory at virtual address va, through its P2M. */
static void guest_read(const struct dom0_layout *l, uint64_t va, void *dst, size_t len)
{
    while (len) {
        size_t off = va & (PAGE_SIZE - 1), chunk = MIN(len, PAGE_SIZE - off);
        uint64_t pfn = pfn_of(l, va);

        ck_assert_uint_lt(pfn, fake_build.nr_p2m);
        memcpy(dst, (uint8_t *)arch_mfn_to_virt(fake_build.p2m[pfn]) + off, chunk);
        va += chunk;
        dst = (uint8_t *)dst + chunk;
        len -= chunk;
    }
}

static bool guest_zero(const struct dom0_layout *l, uint64_t va, uint64_t end)
{
    uint8_t byte;

    for (; va < end; va++) {
        guest_read(l, va, &byte, 1);
        if (byte)
            return false;
    }
    return true;
}

/* Every PFN maps a distinct frame d owns, recorded in the M2P. */
static void check_p2m(struct domain *d, uint64_t nr_pages)
{
    static bool seen[FRAMES];

    ck_assert_ptr_eq(fake_build.d, d);
    ck_assert_uint_eq(fake_build.nr_p2m, nr_pages);
    ck_assert_uint_eq(d->tot_pages, nr_pages);
    ck_assert_uint_eq(d->max_pages, nr_pages);
    memset(seen, 0, sizeof(seen));
    for (uint64_t pfn = 0; pfn < nr_pages; pfn++) {
        mfn_t mfn = fake_build.p2m[pfn];

        ck_assert_uint_ge(mfn, FIRST_FREE);
        ck_assert_uint_lt(mfn, FRAMES);
        ck_assert_msg(!seen[mfn], "pfn %lu: frame %lu mapped twice", pfn, mfn);
        seen[mfn] = true;
        ck_assert_ptr_eq(mfn_to_page(mfn)->owner, d);
        ck_assert_uint_eq(get_gpfn_from_mfn(mfn), pfn);
    }
    ck_assert(!seen[page_to_mfn(d->shared_info_page)]);
    ck_assert_int_eq(page_audit_domain(d), 0);
}

static void check_kernel_loaded(const struct dom0_layout *l)
{
    static uint8_t got[KFIX_SEG_FILESZ];

    guest_read(l, l->kern_start, got, KFIX_SEG_FILESZ);
    ck_assert_mem_eq(got, kfix_segment, KFIX_SEG_FILESZ);
    ck_assert(guest_zero(l, l->kern_start + KFIX_SEG_FILESZ, l->kern_end)); /* the bss */
    ck_assert(guest_zero(l, l->v_start, l->kern_start));
}

static struct start_info read_start_info(const struct dom0_layout *l)
{
    struct start_info si;

    guest_read(l, l->start_info, &si, sizeof(si));
    return si;
}

/* Built */

START_TEST(test_dom0_is_built_as_layout_c_lays_it_out)
{
    struct kfix_opts o = { .pae = "yes" };
    struct build_spec spec = spec_for(0, true);
    struct domain *d;

    make_kernel(&o, "console=hvc0 root=/dev/ram0");
    make_initrd();
    struct dom0_layout want = expected_layout(&spec);
    d = domain_build(&spec);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(fake_build.calls, 1);
    check_same_layout(&fake_build.layout, &want);
    /* Where layout.c put things, for this kernel. */
    const struct dom0_layout *l = &fake_build.layout;
    ck_assert_uint_eq(l->v_start, KFIX_VIRT_BASE);
    ck_assert_uint_eq(l->kern_start, KFIX_VIRT_BASE + KFIX_SEG_PADDR);
    ck_assert_uint_eq(l->kern_end, KFIX_VIRT_BASE + KFIX_SEG_PADDR + KFIX_SEG_MEMSZ);
    ck_assert_uint_eq(l->entry, KFIX_ENTRY);
    ck_assert_uint_eq(l->hypercall_page, KFIX_HCALL_PAGE);
    ck_assert_uint_eq(l->initrd_start, l->kern_end);
    ck_assert_uint_eq(l->initrd_end, l->kern_end + INITRD_LEN);
    ck_assert_uint_eq(l->p2m_end - l->p2m_start, NR_PAGES * 8);
    ck_assert_uint_eq(l->v_end % (4UL << 20), 0);
    ck_assert_uint_le((l->v_end - l->v_start) >> PAGE_SHIFT, NR_PAGES);
    ck_assert(!l->p2m_apart);

    check_p2m(d, NR_PAGES);
    check_kernel_loaded(l);
}
END_TEST

START_TEST(test_dom0_start_info_and_lists)
{
    struct kfix_opts o = { .pae = "yes" };
    struct build_spec spec = spec_for(0, true);
    static mfn_t list[NR_PAGES];
    static uint8_t got[INITRD_LEN];

    make_kernel(&o, "console=hvc0 root=/dev/ram0");
    make_initrd();
    struct domain *d = domain_build(&spec);
    const struct dom0_layout *l = &fake_build.layout;
    struct start_info si = read_start_info(l);

    ck_assert_str_eq(si.magic, ARCH_GUEST_ABI "p"); /* dom0 of a PAE_MODE kernel */
    ck_assert_uint_eq(si.nr_pages, NR_PAGES);
    ck_assert_uint_eq(si.shared_info, page_to_mfn(d->shared_info_page) << PAGE_SHIFT);
    ck_assert_uint_eq(si.flags, SIF_PRIVILEGED | SIF_INITDOMAIN);
    ck_assert_uint_eq(si.pt_base, l->pt_start);
    ck_assert_uint_eq(si.nr_pt_frames, l->nr_pt_frames);
    ck_assert_uint_eq(si.mfn_list, l->p2m_start);
    ck_assert_uint_eq(si.mod_start, l->initrd_start);
    ck_assert_uint_eq(si.mod_len, INITRD_LEN);
    ck_assert_str_eq((const char *)si.cmd_line, "console=hvc0 root=/dev/ram0");
    ck_assert_uint_eq(si.first_p2m_pfn, 0);
    ck_assert_uint_eq(si.nr_p2m_frames, 0);
    /* The P2M list the guest reads is the one the arch was given. */
    guest_read(l, l->p2m_start, list, sizeof(list));
    ck_assert_mem_eq(list, fake_build.p2m, sizeof(list));
    /* The initrd, mapped right after the kernel. */
    guest_read(l, l->initrd_start, got, INITRD_LEN);
    ck_assert_mem_eq(got, fake_ram + INITRD_PA, INITRD_LEN);
    ck_assert(guest_zero(l, l->initrd_end, ROUND_UP(l->initrd_end, PAGE_SIZE)));
}
END_TEST

START_TEST(test_built_domain_waits_paused_with_vcpu0_ready)
{
    struct kfix_opts o = { .pae = "yes" };
    struct build_spec spec = spec_for(0, false);
    unsigned weight, cap;

    make_kernel(&o, NULL);
    struct domain *d = domain_build(&spec);

    ck_assert_uint_eq(d->domain_id, 0);
    ck_assert(d->is_privileged);
    ck_assert_uint_eq(d->max_vcpus, 2);
    ck_assert_uint_eq(d->pause_count, 1);
    ck_assert_int_eq(d->state, DOMAIN_ACTIVE);
    ck_assert(d->vcpus[0]->initialised);
    ck_assert(!(d->vcpus[0]->pause_flags & VPF_down));
    ck_assert(d->vcpus[1]->pause_flags & VPF_down);
    ck_assert(!vcpu_runnable(d->vcpus[0])); /* until the domain is unpaused */
    sched_get_params(d, &weight, &cap);
    ck_assert_uint_eq(weight, 512);
    ck_assert_uint_eq(cap, 50);
    ck_assert(d->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3));
    ck_assert_ptr_eq(domain_lookup(0), d);
    ck_assert_ptr_nonnull(strstr(fake_console, "d0: 8 MiB, 2 vCPUs"));
}
END_TEST

START_TEST(test_domu_start_info_and_initrd_by_pfn)
{
    struct kfix_opts o = { .pae = "yes", .mod_start_pfn = true };
    struct build_spec spec = spec_for(3, true);
    static uint8_t got[PAGE_SIZE];
    uint64_t initrd_pfn = NR_PAGES - PFN_UP(INITRD_LEN);

    make_kernel(&o, NULL);
    make_initrd();
    struct dom0_layout want = expected_layout(&spec);
    struct domain *d = domain_build(&spec);
    const struct dom0_layout *l = &fake_build.layout;
    struct start_info si = read_start_info(l);

    check_same_layout(l, &want);
    ck_assert(l->initrd_by_pfn);
    ck_assert_uint_eq(l->initrd_start, l->initrd_end); /* not mapped */
    ck_assert_str_eq(si.magic, ARCH_GUEST_ABI);        /* the "p" is dom0's only */
    ck_assert_uint_eq(si.flags, SIF_MOD_START_PFN);
    ck_assert_uint_eq(si.mod_start, initrd_pfn);
    ck_assert_uint_eq(si.mod_len, INITRD_LEN);
    ck_assert_str_eq((const char *)si.cmd_line, "");
    ck_assert(!d->is_privileged);
    /* The initrd fills the last PFNs, the rest of its last frame zero. */
    for (uint64_t off = 0; off < INITRD_LEN; off += PAGE_SIZE) {
        size_t n = MIN(PAGE_SIZE, INITRD_LEN - off);
        memcpy(got, arch_mfn_to_virt(fake_build.p2m[initrd_pfn + off / PAGE_SIZE]), PAGE_SIZE);
        ck_assert_mem_eq(got, fake_ram + INITRD_PA + off, n);
        for (size_t i = n; i < PAGE_SIZE; i++)
            ck_assert_uint_eq(got[i], 0);
    }
    check_p2m(d, NR_PAGES);
    check_kernel_loaded(l);
}
END_TEST

START_TEST(test_pae_modes_and_no_pae)
{
    struct kfix_opts o = { 0 };
    struct build_spec spec = spec_for(0, false);

    /* No PAE_MODE: no "p", no extended CR3. */
    make_kernel(&o, NULL);
    struct domain *d = domain_build(&spec);
    ck_assert_str_eq(read_start_info(&fake_build.layout).magic, ARCH_GUEST_ABI);
    ck_assert(!(d->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3)));
    /* "bimodal": the "p", without extended CR3. */
    o.pae = "bimodal";
    make_kernel(&o, NULL);
    spec = spec_for(4, false);
    spec.privileged = true; /* a privileged domU is still not dom0 */
    d = domain_build(&spec);
    ck_assert_str_eq(read_start_info(&fake_build.layout).magic, ARCH_GUEST_ABI);
    ck_assert_uint_eq(read_start_info(&fake_build.layout).flags, 0);
    ck_assert_uint_eq(fake_build.layout.pae, ELF_XEN_PAE_BIMODAL);
    ck_assert(!(d->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3)));
}
END_TEST

START_TEST(test_init_p2m_list_lives_apart)
{
    const uint64_t at = 0xffffc90000000000UL; /* Linux's vmalloc area */
    struct kfix_opts o = { .pae = "yes", .init_p2m = at };
    struct build_spec spec = spec_for(0, false);
    static mfn_t list[NR_PAGES];

    make_kernel(&o, NULL);
    struct dom0_layout want = expected_layout(&spec);
    struct domain *d = domain_build(&spec);
    const struct dom0_layout *l = &fake_build.layout;
    struct start_info si = read_start_info(l);

    check_same_layout(l, &want);
    ck_assert(l->p2m_apart);
    ck_assert_uint_eq(l->p2m_start, at);
    ck_assert_uint_eq(l->first_p2m_pfn, (l->v_end - l->v_start) >> PAGE_SHIFT);
    ck_assert_uint_eq(si.mfn_list, at);
    ck_assert_uint_eq(si.first_p2m_pfn, l->first_p2m_pfn);
    ck_assert_uint_eq(si.nr_p2m_frames, l->nr_p2m_frames);
    guest_read(l, at, list, sizeof(list));
    ck_assert_mem_eq(list, fake_build.p2m, sizeof(list));
    check_p2m(d, NR_PAGES);
}
END_TEST

START_TEST(test_release_modules_frees_their_whole_frames)
{
    struct boot_info bi = { .nr_mod = 2 };
    uint64_t before = page_alloc_free_count();

    make_kernel(&(struct kfix_opts){ 0 }, NULL);
    make_initrd();
    bi.mod[0] = kernel;
    bi.mod[1] = initrd;
    build_release_modules(&bi);
    /* Frames a module only partly covers stay reserved. */
    ck_assert_uint_eq(page_alloc_free_count(),
                      before + PFN_DOWN(KFIX_IMAGE_BYTES) + PFN_DOWN(INITRD_LEN));
}
END_TEST

/* Refused */

/* Build, expecting a refusal whose message contains `why`; nothing may be left behind. */
static void check_refused(const struct build_spec *spec, const char *why)
{
    uint64_t free_before = page_alloc_free_count();

    ck_assert_int_eq(FAKE_EXPECT_EXIT(domain_build(spec)), MACHINE_BAD_BOOT);
    ck_assert_msg(strstr(fake_console, why), "console says:\n%s", fake_console);
    ck_assert_ptr_nonnull(strstr(fake_console, "Fatal: "));
    ck_assert_uint_eq(fake_build.calls, 0);
    ck_assert_ptr_null(domain_lookup(spec->domid));
    ck_assert_uint_eq(page_alloc_free_count(), free_before);
}

START_TEST(test_refuses_a_kernel_without_xen_notes)
{
    struct build_spec spec = spec_for(0, false);

    make_kernel(&(struct kfix_opts){ .no_notes = true }, NULL);
    check_refused(&spec, "cannot build d0: the kernel has no Xen ELF notes");
}
END_TEST

START_TEST(test_refuses_what_is_not_a_kernel)
{
    struct build_spec spec = spec_for(2, false);

    make_kernel(&(struct kfix_opts){ 0 }, NULL);
    memcpy(fake_ram + KERNEL_PA, "\177ELG", 4);
    spec.module = 3;
    check_refused(&spec, "cannot build d2 from module 3: ");
}
END_TEST

START_TEST(test_refuses_a_kernel_too_big_for_its_memory)
{
    struct build_spec spec = spec_for(0, false);

    make_kernel(&(struct kfix_opts){ 0 }, NULL);
    spec.nr_pages = 4; /* not even the kernel's 8 pages */
    check_refused(&spec, "cannot build d0: the kernel is too big for its memory");
    fake_console_reset();
    spec.nr_pages = 512; /* the kernel fits, not the 4 MiB initial mapping */
    check_refused(&spec, "cannot build d0: the kernel is too big for its memory");
}
END_TEST

START_TEST(test_refuses_an_initrd_by_pfn_that_does_not_fit)
{
    struct build_spec spec = spec_for(1, true);

    make_kernel(&(struct kfix_opts){ .mod_start_pfn = true }, NULL);
    make_initrd();
    spec.nr_pages = 1025; /* one page past the initial mapping: no room for 3 */
    check_refused(&spec, "cannot build d1: the initrd does not fit in its memory");
}
END_TEST

START_TEST(test_refuses_what_it_cannot_create)
{
    struct build_spec spec = spec_for(1, false);

    make_kernel(&(struct kfix_opts){ 0 }, NULL);
    spec.weight = 0;
    ck_assert_int_eq(FAKE_EXPECT_EXIT(domain_build(&spec)), MACHINE_BAD_BOOT);
    ck_assert_ptr_nonnull(strstr(fake_console, "cannot create d1"));
    spec = spec_for(2, false);
    spec.max_vcpus = MAX_VCPUS + 1;
    fake_console_reset();
    check_refused(&spec, "cannot create d2");
}
END_TEST

START_TEST(test_out_of_memory_is_fatal)
{
    struct build_spec spec = spec_for(0, false);

    make_kernel(&(struct kfix_opts){ 0 }, NULL);
    spec.nr_pages = FRAMES; /* more than there is */
    ck_assert_int_eq(FAKE_EXPECT_EXIT(domain_build(&spec)), MACHINE_BAD_BOOT);
    ck_assert_ptr_nonnull(strstr(fake_console, "out of memory building d0"));
    ck_assert_uint_eq(fake_build.calls, 0);
}
END_TEST

START_TEST(test_arch_failure_is_fatal)
{
    struct build_spec spec = spec_for(0, false);

    make_kernel(&(struct kfix_opts){ 0 }, NULL);
    fake_build_result = -ENOMEM;
    ck_assert_int_eq(FAKE_EXPECT_EXIT(domain_build(&spec)), MACHINE_BAD_BOOT);
    ck_assert_ptr_nonnull(strstr(fake_console, "out of memory building d0's page tables"));
    ck_assert_uint_eq(fake_build.calls, 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("domain_build");
    TCase *tc = tcase_create("domain_build");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_dom0_is_built_as_layout_c_lays_it_out);
    tcase_add_test(tc, test_dom0_start_info_and_lists);
    tcase_add_test(tc, test_built_domain_waits_paused_with_vcpu0_ready);
    tcase_add_test(tc, test_domu_start_info_and_initrd_by_pfn);
    tcase_add_test(tc, test_pae_modes_and_no_pae);
    tcase_add_test(tc, test_init_p2m_list_lives_apart);
    tcase_add_test(tc, test_release_modules_frees_their_whole_frames);
    tcase_add_test(tc, test_refuses_a_kernel_without_xen_notes);
    tcase_add_test(tc, test_refuses_what_is_not_a_kernel);
    tcase_add_test(tc, test_refuses_a_kernel_too_big_for_its_memory);
    tcase_add_test(tc, test_refuses_an_initrd_by_pfn_that_does_not_fit);
    tcase_add_test(tc, test_refuses_what_it_cannot_create);
    tcase_add_test(tc, test_out_of_memory_is_fatal);
    tcase_add_test(tc, test_arch_failure_is_fatal);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
