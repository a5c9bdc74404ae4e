/*
 * dom0's start-of-day layout and the builder's checks of the kernel's
 * notes.  The first case is the layout Xen 4.17 gave dom0/ under QEMU
 * (64 MiB, a 96 KiB kernel at 0xffffffff80000000), read off its output.
 */
#include <check.h>

#include "public/features.h"
#include "xen/builder/layout.h"

#define VIRT_BASE 0xffffffff80000000UL

static struct elf_xen_notes good_notes(void)
{
    struct elf_xen_notes n = { .any = true };

    strcpy(n.loader, "generic");
    strcpy(n.xen_version, "xen-3.0");
    n.virt_base = (struct elf_xen_num){ VIRT_BASE, true };
    n.paddr_offset = (struct elf_xen_num){ VIRT_BASE, true };
    n.entry = (struct elf_xen_num){ VIRT_BASE, true };
    n.hypercall_page = (struct elf_xen_num){ VIRT_BASE + 0x1000, true };
    n.supported_features = (struct elf_xen_num){ 1U << XENFEAT_dom0, true };
    return n;
}

static int compute(const struct elf_xen_notes *n, uint64_t kern_size, uint64_t pages,
                   struct dom0_layout *l, const char **problem)
{
    return dom0_layout_compute(
        n, &(struct kernel_extent){ VIRT_BASE, VIRT_BASE + kern_size, VIRT_BASE }, 0, pages, l,
        problem);
}

START_TEST(test_matches_xen_for_a_small_dom0)
{
    struct elf_xen_notes n = good_notes();
    struct dom0_layout l;
    const char *problem = NULL;

    ck_assert_int_eq(compute(&n, 0x18000, 16384, &l, &problem), 0);
    ck_assert_uint_eq(l.kern_start, VIRT_BASE);
    ck_assert_uint_eq(l.kern_end, VIRT_BASE + 0x18000);
    ck_assert_uint_eq(l.p2m_start, VIRT_BASE + 0x18000);
    ck_assert_uint_eq(l.p2m_end, VIRT_BASE + 0x38000);
    ck_assert_uint_eq(l.start_info, VIRT_BASE + 0x38000);
    ck_assert_uint_eq(l.pt_start, VIRT_BASE + 0x39000);
    ck_assert_uint_eq(l.nr_pt_frames, 5);
    ck_assert_uint_eq(l.stack_start, VIRT_BASE + 0x3e000);
    ck_assert_uint_eq(l.v_end, VIRT_BASE + 0x400000);
}
END_TEST

START_TEST(test_end_keeps_512k_after_the_stack)
{
    struct elf_xen_notes n = good_notes();
    struct dom0_layout l;
    const char *problem;

    /* A kernel ending so the stack lands just below a 4 MiB boundary. */
    for (uint64_t size = 0x300000; size < 0x400000; size += 0x8000) {
        ck_assert_int_eq(compute(&n, size, 65536, &l, &problem), 0);
        ck_assert_uint_eq(l.v_end % (4UL << 20), 0);
        ck_assert_uint_ge(l.v_end - (l.stack_start + 4096), 512UL << 10);
        ck_assert_uint_ge(l.nr_pt_frames, dom0_pt_frames_needed(l.v_start, l.v_end));
    }
}
END_TEST

START_TEST(test_pieces_are_page_aligned_and_in_order)
{
    struct elf_xen_notes n = good_notes();
    struct dom0_layout l;
    const char *problem;

    ck_assert_int_eq(dom0_layout_compute(
                         &n, &(struct kernel_extent){ VIRT_BASE, VIRT_BASE + 0x123456, VIRT_BASE },
                         0x54321, 262144, &l, &problem),
                     0);
    ck_assert_uint_eq(l.initrd_start, VIRT_BASE + 0x124000);
    ck_assert_uint_eq(l.initrd_end, l.initrd_start + 0x54321);
    ck_assert_uint_eq(l.p2m_start % 4096, 0);
    ck_assert_uint_ge(l.p2m_start, l.initrd_end);
    ck_assert_uint_eq(l.p2m_end - l.p2m_start, 262144 * 8);
    ck_assert_uint_ge(l.start_info, l.p2m_end);
    ck_assert_uint_gt(l.pt_start, l.start_info);
    ck_assert_uint_eq(l.stack_start, l.pt_start + l.nr_pt_frames * 4096);
}
END_TEST

START_TEST(test_initrd_by_pfn_is_not_mapped)
{
    struct elf_xen_notes n = good_notes();
    struct dom0_layout l;
    const char *problem;

    n.mod_start_pfn = (struct elf_xen_num){ 1, true };
    ck_assert_int_eq(dom0_layout_compute(
                         &n, &(struct kernel_extent){ VIRT_BASE, VIRT_BASE + 0x10000, VIRT_BASE },
                         0x100000, 65536, &l, &problem),
                     0);
    ck_assert(l.initrd_by_pfn);
    ck_assert_uint_eq(l.initrd_start, l.initrd_end);
    ck_assert_uint_eq(l.p2m_start, VIRT_BASE + 0x10000);
}
END_TEST

START_TEST(test_pt_frames_needed_counts_each_level)
{
    /* One L4 + one L3 + one L2 + two L1s for 4 MiB inside one GiB. */
    ck_assert_uint_eq(dom0_pt_frames_needed(VIRT_BASE, VIRT_BASE + (4UL << 20)), 5);
    /* Crossing a GiB boundary needs a second L2. */
    ck_assert_uint_eq(dom0_pt_frames_needed(VIRT_BASE + (1UL << 30) - (2UL << 20),
                                            VIRT_BASE + (1UL << 30) + (2UL << 20)),
                      6);
}
END_TEST

struct refusal {
    const char *name;
    void (*spoil)(struct elf_xen_notes *n, uint64_t *kern_size, uint64_t *pages);
    const char *problem;
};

static void no_notes(struct elf_xen_notes *n, uint64_t *k, uint64_t *p)
{
    n->any = false;
}
static void bad_loader(struct elf_xen_notes *n, uint64_t *k, uint64_t *p)
{
    strcpy(n->loader, "elf");
}
static void bad_version(struct elf_xen_notes *n, uint64_t *k, uint64_t *p)
{
    strcpy(n->xen_version, "xen-2.0");
}
static void no_dom0(struct elf_xen_notes *n, uint64_t *k, uint64_t *p)
{
    n->supported_features.value = 1;
}
static void required_unknown(struct elf_xen_notes *n, uint64_t *k, uint64_t *p)
{
    strcpy(n->features, "!teleport");
}
static void required_smk(struct elf_xen_notes *n, uint64_t *k, uint64_t *p)
{
    strcpy(n->features, "!supervisor_mode_kernel");
}
static void entry_outside(struct elf_xen_notes *n, uint64_t *k, uint64_t *p)
{
    n->entry.value = VIRT_BASE + (1UL << 30);
}
static void too_big(struct elf_xen_notes *n, uint64_t *k, uint64_t *p)
{
    *k = 64UL << 20;
}
static void hcall_outside(struct elf_xen_notes *n, uint64_t *k, uint64_t *p)
{
    n->hypercall_page.value = 0x1000;
}

static const struct refusal refusals[] = {
    { "no notes", no_notes, "no Xen ELF notes" },
    { "bad loader", bad_loader, "LOADER" },
    { "bad version", bad_version, "XEN_VERSION" },
    { "no dom0 feature", no_dom0, "dom0 operation" },
    { "unknown required feature", required_unknown, "unknown feature" },
    { "supervisor mode kernel", required_smk, "supervisor_mode_kernel" },
    { "entry outside", entry_outside, "entry is out of bounds" },
    { "too big", too_big, "too big" },
    { "hypercall page outside", hcall_outside, "HYPERCALL_PAGE" },
};

START_TEST(test_refuses_bad_kernels)
{
    const struct refusal *r = &refusals[_i];
    struct elf_xen_notes n = good_notes();
    uint64_t kern_size = 0x18000, pages = 16384;
    struct dom0_layout l;
    const char *problem = NULL;

    r->spoil(&n, &kern_size, &pages);
    ck_assert_msg(compute(&n, kern_size, pages, &l, &problem) == -EINVAL, "%s accepted", r->name);
    ck_assert_ptr_nonnull(strstr(problem, r->problem));
}
END_TEST

/* Sizes that would wrap an addition are refused, not looped over. */
START_TEST(test_huge_initrd_is_refused_not_wrapped)
{
    struct elf_xen_notes n = good_notes();
    struct dom0_layout l;
    const char *problem = NULL;

    ck_assert_int_eq(dom0_layout_compute(
                         &n, &(struct kernel_extent){ VIRT_BASE, VIRT_BASE + 0x10000, VIRT_BASE },
                         137644035860221UL, 16384, &l, &problem),
                     -EINVAL);
    ck_assert_ptr_nonnull(strstr(problem, "too big"));
    ck_assert_int_eq(dom0_layout_compute(
                         &n, &(struct kernel_extent){ VIRT_BASE, VIRT_BASE + 0x10000, VIRT_BASE },
                         ~0UL, 16384, &l, &problem),
                     -EINVAL);
}
END_TEST

/* A mapping that would run past 2^64 (its p2m list does) is refused at once (fuzzer-found hang). */
START_TEST(test_mapping_past_the_top_is_refused_not_looped)
{
    struct elf_xen_notes n = good_notes();
    uint64_t base = 0xFFFFFFFF80000000UL;
    struct dom0_layout l;
    const char *problem = NULL;

    n.virt_base.value = base;
    n.paddr_offset.value = base;
    n.entry.value = base;
    n.hypercall_page.present = false;
    ck_assert_int_eq(dom0_layout_compute(&n, &(struct kernel_extent){ base, base + 0x10000, base },
                                         0, 1UL << 28, &l, &problem),
                     -EINVAL);
    ck_assert_ptr_nonnull(problem);
}
END_TEST

START_TEST(test_refuses_overlap_with_hypervisor_range)
{
    struct elf_xen_notes n = good_notes();
    struct dom0_layout l;
    const char *problem = NULL;
    uint64_t base = 0xFFFF800000000000UL;

    n.virt_base.value = n.paddr_offset.value = n.entry.value = base;
    n.hypercall_page.present = false;
    ck_assert_int_eq(dom0_layout_compute(&n, &(struct kernel_extent){ base, base + 0x10000, base },
                                         0, 16384, &l, &problem),
                     -EINVAL);
    ck_assert_ptr_nonnull(strstr(problem, "hypervisor"));
}
END_TEST

/* Only the notes Xen requires: VIRT_BASE 0, PADDR_OFFSET 0, entry from the ELF header. */
START_TEST(test_minimal_notes_take_libelf_defaults)
{
    struct elf_xen_notes n = { .any = true };
    struct kernel_extent k = { 0x100000, 0x180000, 0x100040 };
    struct dom0_layout l;
    const char *problem = NULL;

    strcpy(n.loader, "generic");
    strcpy(n.xen_version, "xen-3.0");
    ck_assert_int_eq(dom0_layout_compute(&n, &k, 0, 16384, &l, &problem), 0);
    ck_assert_uint_eq(l.v_start, 0);
    ck_assert_uint_eq(l.kern_start, 0x100000);
    ck_assert_uint_eq(l.kern_end, 0x180000);
    ck_assert_uint_eq(l.entry, 0x100040);
    ck_assert_uint_eq(l.p2m_start, 0x180000);
    ck_assert(!l.p2m_apart);
    /* An ELF entry outside the segments is refused, as libelf does. */
    k.elf_entry = 0x200000;
    ck_assert_int_eq(dom0_layout_compute(&n, &k, 0, 16384, &l, &problem), -EINVAL);
    /* PADDR_OFFSET without VIRT_BASE is refused. */
    k.elf_entry = 0x100040;
    n.paddr_offset = (struct elf_xen_num){ 0x1000, true };
    ck_assert_int_eq(dom0_layout_compute(&n, &k, 0, 16384, &l, &problem), -EINVAL);
}
END_TEST

/* The legacy __xen_guest section's PADDR_OFFSET defaults to VIRT_BASE. */
START_TEST(test_legacy_paddr_offset_defaults_to_virt_base)
{
    struct elf_xen_notes n = good_notes();
    struct kernel_extent k = { VIRT_BASE + 0x200000, VIRT_BASE + 0x300000, VIRT_BASE + 0x200000 };
    struct dom0_layout l;
    const char *problem = NULL;

    n.legacy = true;
    n.paddr_offset.present = false;
    n.entry.present = false;
    n.hypercall_page.present = false;
    ck_assert_int_eq(dom0_layout_compute(&n, &k, 0, 16384, &l, &problem), 0);
    ck_assert_uint_eq(l.virt_offset, 0);
    ck_assert_uint_eq(l.kern_start, VIRT_BASE + 0x200000);
}
END_TEST

/* INIT_P2M: the list at its own address, in frames after the initial mapping's. */
START_TEST(test_init_p2m_is_placed_apart)
{
    struct elf_xen_notes n = good_notes();
    struct dom0_layout l;
    const char *problem = NULL;
    uint64_t pages = 65536; /* 256 MiB: a 512 KiB list, 128 pages */

    n.init_p2m = (struct elf_xen_num){ 0x8000000000UL, true };
    ck_assert_int_eq(compute(&n, 0x18000, pages, &l, &problem), 0);
    ck_assert(l.p2m_apart);
    ck_assert_uint_eq(l.p2m_start, 0x8000000000UL);
    ck_assert_uint_eq(l.p2m_end, 0x8000000000UL + pages * 8);
    /* Nothing of the list in the initial mapping: start_info follows the kernel. */
    ck_assert_uint_eq(l.start_info, VIRT_BASE + 0x18000);
    ck_assert_uint_eq(l.first_p2m_pfn, (l.v_end - l.v_start) >> 12);
    /* 128 pages of list, one L1, one L2, one L3 of its own. */
    ck_assert_uint_eq(l.nr_p2m_frames, 128 + 3);
    /* Inside the kernel, overlapping the initial mapping, or in the hypervisor: refused. */
    n.init_p2m.value = VIRT_BASE + 0x1000;
    ck_assert_int_eq(compute(&n, 0x18000, pages, &l, &problem), -EINVAL);
    n.init_p2m.value = VIRT_BASE + 0x100000;
    ck_assert_int_eq(compute(&n, 0x18000, pages, &l, &problem), -EINVAL);
    n.init_p2m.value = 0xFFFF800000000000UL;
    ck_assert_int_eq(compute(&n, 0x18000, pages, &l, &problem), -EINVAL);
    /* Too little memory left for the list after the initial mapping. */
    n.init_p2m.value = 0x8000000000UL;
    ck_assert_int_eq(compute(&n, 0x18000, 1026, &l, &problem), -EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dom0_layout");
    TCase *tc = tcase_create("layout");
    int failed;

    tcase_add_test(tc, test_matches_xen_for_a_small_dom0);
    tcase_add_test(tc, test_end_keeps_512k_after_the_stack);
    tcase_add_test(tc, test_pieces_are_page_aligned_and_in_order);
    tcase_add_test(tc, test_initrd_by_pfn_is_not_mapped);
    tcase_add_test(tc, test_pt_frames_needed_counts_each_level);
    tcase_add_loop_test(tc, test_refuses_bad_kernels, 0, sizeof(refusals) / sizeof(refusals[0]));
    tcase_add_test(tc, test_refuses_overlap_with_hypervisor_range);
    tcase_add_test(tc, test_huge_initrd_is_refused_not_wrapped);
    tcase_add_test(tc, test_mapping_past_the_top_is_refused_not_looped);
    tcase_add_test(tc, test_minimal_notes_take_libelf_defaults);
    tcase_add_test(tc, test_legacy_paddr_offset_defaults_to_virt_base);
    tcase_add_test(tc, test_init_p2m_is_placed_apart);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
