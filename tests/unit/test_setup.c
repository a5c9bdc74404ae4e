/*
 * The start of day on the host (xen/setup.c, with xen/params.c,
 * xen/boot_mem.c and xen/builder/boot_domains.c behind it): a boot_info
 * as the loader hands it over, over a fake machine of RAM_BYTES, goes into
 * xen_start(); it either builds the domains and starts dom0 (the fake's
 * arch_domain_start returns to the test) or refuses the boot with one
 * clear message (boot_fatal, also back in the test).
 */
#include <check.h>
#include <stdlib.h>

#include "common/multiboot2.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/kernel_fixture.h"
#include "xen/arch/mm.h"
#include "xen/domain.h"
#include "xen/mm.h"
#include "xen/page_alloc.h"
#include "xen/page_types.h"
#include "xen/setup.h"

#define MiB        (1UL << 20)
#define RAM_BYTES  (192 * MiB)
#define FRAMES     (RAM_BYTES >> PAGE_SHIFT)
#define HOLE       (64 * MiB) /* 1 MiB the firmware keeps, in the middle of RAM */
#define KERNEL_PA  (8 * MiB)
#define INITRD_PA  (KERNEL_PA + 64 * 1024)
#define DOMU_PA    (KERNEL_PA + 128 * 1024)
#define INITRD_LEN 5000UL

static const struct phys_range image = { 2 * MiB, 4 * MiB };
static const struct phys_range boot_data = { 4 * MiB, 4 * MiB + PAGE_SIZE };
static struct boot_info bi;

/* The PC's map: low memory, the BIOS area, RAM with a hole, as the loader reports it. */
static void set_memory_map(uint64_t ram_end)
{
    const struct boot_memrange map[] = {
        { 0, 0x9F000, BOOT_MEM_RAM },
        { 0x9F000, MiB - 0x9F000, BOOT_MEM_RESERVED },
        { MiB, HOLE - MiB, BOOT_MEM_RAM },
        { HOLE, MiB, BOOT_MEM_RESERVED },
        { HOLE + MiB, ram_end - HOLE - MiB, BOOT_MEM_RAM },
    };

    memcpy(bi.mem, map, sizeof(map));
    bi.nr_mem = ARRAY_SIZE(map);
}

static void add_module(uint64_t start, uint64_t len, const char *cmdline)
{
    bi.mod[bi.nr_mod++] = (struct boot_module){ start, start + len, cmdline };
}

static void setup(void)
{
    fake_ram_init(FRAMES); /* left as malloc gives it: touching it all is slow */
    free(m2p_table);
    m2p_table = malloc(FRAMES * sizeof(*m2p_table)); /* the real arch_mm_init's */
    memset(m2p_table, 0xFF, FRAMES * sizeof(*m2p_table));
    fake_sched_reset();
    fake_boot_reset();
    fake_build_reset();
    fake_console_reset();
    fake_current = NULL;
    memset(&bi, 0, sizeof(bi));
    set_memory_map(RAM_BYTES);
    kfix_make(fake_ram + KERNEL_PA, &(struct kfix_opts){ .pae = "yes" });
    add_module(KERNEL_PA, KFIX_IMAGE_BYTES, "console=hvc0");
}

static void add_initrd(void)
{
    memset(fake_ram + INITRD_PA, 0x5A, INITRD_LEN);
    add_module(INITRD_PA, INITRD_LEN, "");
}

static void add_domu_kernel(void)
{
    kfix_make(fake_ram + DOMU_PA, &(struct kfix_opts){ 0 });
    add_module(DOMU_PA, KFIX_IMAGE_BYTES, "");
}

static int boot(const char *cmdline)
{
    bi.cmdline = cmdline;
    return FAKE_EXPECT_EXIT(xen_start(&bi, &image, &boot_data));
}

static bool console_has(const char *text)
{
    return strstr(fake_console, text) != NULL;
}

#define CK_REFUSED(cmdline, why)                                                      \
    do {                                                                              \
        ck_assert_int_eq(boot(cmdline), MACHINE_BAD_BOOT);                            \
        ck_assert_msg(console_has("Fatal: " why), "console says:\n%s", fake_console); \
        ck_assert_ptr_null(fake_boot.started);                                        \
    } while (0)

/* Booted */

START_TEST(test_boots_dom0)
{
    struct domain *dom0;

    add_initrd();
    ck_assert_int_eq(boot("console=com1 com1=115200,8n1 dom0_mem=24M maxcpus=2 loglvl=all"),
                     FAKE_EXIT_DOMAIN_STARTED);
    dom0 = fake_boot.started;
    ck_assert_ptr_nonnull(dom0);
    ck_assert_uint_eq(dom0->domain_id, 0);
    ck_assert(dom0->is_privileged);
    ck_assert_uint_eq(dom0->tot_pages, 24 * MiB >> PAGE_SHIFT);
    ck_assert_uint_eq(dom0->pause_count, 0); /* unpaused to run */
    ck_assert_ptr_eq(fake_build.d, dom0);
    /* Module 1 is dom0's initrd, mapped after its kernel. */
    ck_assert_uint_eq(fake_build.layout.initrd_end - fake_build.layout.initrd_start, INITRD_LEN);
    ck_assert_uint_eq(fake_build.calls, 1);
    /* What the arch was asked on the way. */
    ck_assert_uint_eq(fake_boot.mm_init, 1);
    ck_assert_uint_eq(fake_boot.time_init, 1);
    ck_assert_uint_eq(fake_boot.smp_init, 1);
    ck_assert_uint_eq(fake_boot.smp_max_cpus, 2);
    ck_assert_str_eq(fake_boot.console, "com1");
    ck_assert_str_eq(fake_boot.com1, "115200,8n1");
    ck_assert_uint_eq(fake_boot.nr_directmap, 0); /* no RAM above 4 GiB */
    ck_assert(console_has("Command line: console=com1 com1=115200,8n1"));
    ck_assert(console_has("Boot checks passed"));
    ck_assert(console_has("Starting 1 domain\n"));
    ck_assert_str_eq(boot_cmdline(), bi.cmdline);
}
END_TEST

START_TEST(test_dom0_gets_all_memory_but_a_reserve)
{
    const uint64_t reserve = 128 * MiB >> PAGE_SHIFT;
    struct domain *dom0;

    ck_assert_int_eq(boot(""), FAKE_EXIT_DOMAIN_STARTED);
    dom0 = fake_boot.started;
    ck_assert_uint_eq(dom0->max_vcpus, 1); /* one per CPU */
    /* What is left is the reserve (less the hypervisor's own allocations
     * since), and the kernel module's whole frames, given back. */
    ck_assert_uint_le(page_alloc_free_count(), reserve + PFN_DOWN(KFIX_IMAGE_BYTES));
    ck_assert_uint_ge(page_alloc_free_count(), reserve - 64);
    ck_assert_uint_gt(dom0->tot_pages, 16 * MiB >> PAGE_SHIFT);
}
END_TEST

START_TEST(test_boots_domus_beside_dom0)
{
    struct domain *domu;

    add_initrd();
    add_domu_kernel();
    ck_assert_int_eq(boot("dom0_mem=24M dom0_max_vcpus=3 domus=2:16M:512:50"),
                     FAKE_EXIT_DOMAIN_STARTED);
    ck_assert_uint_eq(fake_boot.started->domain_id, 0);
    ck_assert_uint_eq(fake_boot.started->max_vcpus, 3);
    domu = domain_lookup(1);
    ck_assert_ptr_nonnull(domu);
    ck_assert(!domu->is_privileged);
    ck_assert_uint_eq(domu->tot_pages, 16 * MiB >> PAGE_SHIFT);
    ck_assert_uint_eq(domu->max_vcpus, 1);
    ck_assert_uint_eq(domu->sched_weight, 512);
    ck_assert_uint_eq(domu->sched_cap, 50);
    ck_assert_uint_eq(domu->pause_count, 0);
    ck_assert_ptr_eq(fake_build.d, domu); /* built last */
    ck_assert_uint_eq(fake_build.calls, 2);
    ck_assert(console_has("Starting 2 domains"));
}
END_TEST

START_TEST(test_a_domu_module_is_not_dom0s_initrd)
{
    add_domu_kernel();
    ck_assert_int_eq(boot("dom0_mem=24M domus=1"), FAKE_EXIT_DOMAIN_STARTED);
    ck_assert_uint_eq(domain_lookup(1)->tot_pages, 32 * MiB >> PAGE_SHIFT); /* the default */
    ck_assert_uint_eq(fake_build.calls, 2);
    ck_assert_ptr_eq(fake_build.each[0].d, fake_boot.started);
    ck_assert_uint_eq(fake_build.each[0].layout.initrd_end, fake_build.each[0].layout.initrd_start);
}
END_TEST

START_TEST(test_command_line_problems_are_warnings)
{
    ck_assert_int_eq(boot("loglvl=chatty frobnicate=1 maxcpus=lots dom0_mem=24M"),
                     FAKE_EXIT_DOMAIN_STARTED);
    ck_assert(console_has("Command line: unknown loglvl \"chatty\""));
    ck_assert(console_has("Command line: ignoring \"frobnicate=1\""));
    ck_assert(console_has("Command line: ignoring \"maxcpus=lots\""));
    ck_assert_uint_eq(fake_boot.smp_max_cpus, 0); /* all of them */
}
END_TEST

START_TEST(test_memory_the_firmware_keeps_belongs_to_domid_io)
{
    ck_assert_int_eq(boot("dom0_mem=24M"), FAKE_EXIT_DOMAIN_STARTED);
    ck_assert_ptr_eq(mfn_to_page(PFN_DOWN(HOLE))->owner, dom_io);
    ck_assert_ptr_eq(mfn_to_page(PFN_DOWN(HOLE + MiB) - 1)->owner, dom_io);
    ck_assert_ptr_eq(mfn_to_page(0xA0)->owner, dom_io); /* the BIOS area */
    ck_assert_ptr_eq(mfn_to_page(0x10)->owner, dom_io); /* the first MiB */
    ck_assert_ptr_ne(mfn_to_page(PFN_DOWN(HOLE + MiB))->owner, dom_io);
    /* The image and the boot data are never handed out. */
    for (mfn_t mfn = PFN_DOWN(image.start); mfn < PFN_DOWN(boot_data.end); mfn++)
        ck_assert(mfn_to_page(mfn)->count_info & PGC_reserved);
}
END_TEST

/* Refused */

START_TEST(test_refuses_a_garbled_memory_map)
{
    bi.mem[bi.nr_mem++] = (struct boot_memrange){ HOLE - PAGE_SIZE, 2 * PAGE_SIZE, BOOT_MEM_NVS };
    CK_REFUSED("", "memory map garbled: ");
}
END_TEST

START_TEST(test_refuses_an_image_outside_ram)
{
    static const struct phys_range in_hole = { HOLE, HOLE + 2 * MiB };

    bi.cmdline = "";
    ck_assert_int_eq(FAKE_EXPECT_EXIT(xen_start(&bi, &in_hole, &boot_data)), MACHINE_BAD_BOOT);
    ck_assert(console_has("Fatal: memory map garbled: the hypervisor image"));
}
END_TEST

START_TEST(test_refuses_too_little_memory)
{
    set_memory_map(HOLE + MiB + 64 * 1024); /* just under 64 MiB of RAM */
    CK_REFUSED("", "too little memory: ");
}
END_TEST

START_TEST(test_refuses_a_boot_without_modules)
{
    bi.nr_mod = 0;
    CK_REFUSED("", "no dom0 kernel");
}
END_TEST

START_TEST(test_refuses_a_module_outside_ram)
{
    add_module(HOLE + 4096, 100, "");
    CK_REFUSED("", "memory map garbled: module 1 ");
}
END_TEST

START_TEST(test_refuses_a_dom0_that_is_no_kernel)
{
    memcpy(fake_ram + KERNEL_PA, "MZ\0\0", 4);
    CK_REFUSED("", "module 0 is not an ELF64 x86-64 image");
}
END_TEST

START_TEST(test_refuses_bad_domus)
{
    add_domu_kernel();
    CK_REFUSED("dom0_mem=24M domus=5", "domus=: bad item \"5\"");
    fake_console_reset();
    CK_REFUSED("dom0_mem=24M domus=0", "domus=: bad item \"0\"");
    fake_console_reset();
    CK_REFUSED("dom0_mem=24M domus=1:16M,1:lots", "domus=: bad item \"1:lots\"");
}
END_TEST

START_TEST(test_refuses_dom0_settings_it_cannot_meet)
{
    CK_REFUSED("dom0_mem=1G", "dom0_mem=1024M is more than the ");
    fake_console_reset();
    CK_REFUSED("dom0_mem=8M", "too little memory for dom0: 8192 KiB");
    fake_console_reset();
    CK_REFUSED("dom0_mem=24M dom0_max_vcpus=129", "dom0_max_vcpus=129 is more than 128");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("setup");
    TCase *tc = tcase_create("setup");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_boots_dom0);
    tcase_add_test(tc, test_dom0_gets_all_memory_but_a_reserve);
    tcase_add_test(tc, test_boots_domus_beside_dom0);
    tcase_add_test(tc, test_a_domu_module_is_not_dom0s_initrd);
    tcase_add_test(tc, test_command_line_problems_are_warnings);
    tcase_add_test(tc, test_memory_the_firmware_keeps_belongs_to_domid_io);
    tcase_add_test(tc, test_refuses_a_garbled_memory_map);
    tcase_add_test(tc, test_refuses_an_image_outside_ram);
    tcase_add_test(tc, test_refuses_too_little_memory);
    tcase_add_test(tc, test_refuses_a_boot_without_modules);
    tcase_add_test(tc, test_refuses_a_module_outside_ram);
    tcase_add_test(tc, test_refuses_a_dom0_that_is_no_kernel);
    tcase_add_test(tc, test_refuses_bad_domus);
    tcase_add_test(tc, test_refuses_dom0_settings_it_cannot_meet);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
