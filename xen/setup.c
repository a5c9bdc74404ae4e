/*
 * The architecture-neutral start of day: command line, banner, the checks
 * that refuse a bad boot with one clear message, memory, then dom0.
 */
#include "common/bzimage.h"
#include "common/elf.h"
#include "xen/arch/console.h"
#include "xen/arch/cpu.h"
#include "xen/arch/mm.h"
#include "xen/builder/boot_domains.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"
#include "xen/setup.h"
#include "xen/version.h"

#define MIN_RAM (64UL << 20)

static void print_banner(const char *cmdline)
{
    size_t len;
    const uint8_t *id = arch_build_id(&len);

    printk("%s %s (guest ABI of Xen %d.%d), build id ", HV_NAME, HV_VERSION, XEN_ABI_MAJOR,
           XEN_ABI_MINOR);
    for (size_t i = 0; i < len; i++)
        printk("%02x", id[i]);
    printk("\nCommand line: %s\n", cmdline);
}

static const char *memory_type_name(uint32_t type)
{
    static const char *const names[] = {
        [1] = "usable", [2] = "reserved", [3] = "ACPI data", [4] = "ACPI NVS", [5] = "unusable",
    };

    return type < ARRAY_SIZE(names) && names[type] ? names[type] : "unknown";
}

static void print_memory_map(const struct boot_info *bi)
{
    printk("Memory map:\n");
    for (unsigned i = 0; i < bi->nr_mem; i++)
        printk(" %016lx - %016lx (%s)\n", bi->mem[i].base, bi->mem[i].base + bi->mem[i].size,
               memory_type_name(bi->mem[i].type));
}

/* Everything the boot loader handed us must make sense before we use it. */
static void check_boot_input(struct boot_info *bi, const struct phys_range *image)
{
    const char *problem;
    uint64_t ram;

    if (mb2_memmap_sanitize(bi, &problem))
        boot_fatal("memory map garbled: %s", problem);
    print_memory_map(bi);
    if (!boot_mem_is_ram(bi, image->start, image->end))
        boot_fatal("memory map garbled: the hypervisor image [%#lx, %#lx) is not in RAM",
                   image->start, image->end);
    ram = boot_mem_total_ram(bi);
    if (ram < MIN_RAM)
        boot_fatal("too little memory: %lu KiB of RAM, at least %lu KiB needed", ram >> 10,
                   MIN_RAM >> 10);
    if (bi->nr_mod == 0)
        boot_fatal("no dom0 kernel: the boot loader passed no multiboot2 module");
    for (unsigned i = 0; i < bi->nr_mod; i++) {
        const struct boot_module *m = &bi->mod[i];
        printk("Module %u: [%016lx, %016lx) %lu bytes, command line \"%s\"\n", i, m->start, m->end,
               m->end - m->start, m->cmdline);
        if (!boot_mem_is_ram(bi, m->start, m->end))
            boot_fatal("memory map garbled: module %u [%#lx, %#lx) is not in RAM", i, m->start,
                       m->end);
    }
}

/* A cheap look before any domain is built: an ELF, or a compressed kernel (checked when built). */
static void check_dom0_image(const struct boot_info *bi)
{
    const struct boot_module *m = &bi->mod[0];
    const uint8_t *data = boot_module_data(m);
    struct kernel_payload payload;
    const char *problem;
    struct elf_image elf;
    int rc = kernel_payload_find(data, m->end - m->start, &payload, &problem);

    if (rc < 0)
        boot_fatal("module 0 is a broken bzImage: %s", problem);
    if (rc == 0 && elf_open(&elf, data, m->end - m->start))
        boot_fatal("module 0 is not an ELF64 x86-64 image (nor a bzImage)");
}

noreturn void xen_start(struct boot_info *bi, const struct phys_range *image,
                        const struct phys_range *boot_data)
{
    const char *cmdline = bi->cmdline ? bi->cmdline : "";

    print_banner(cmdline);
    params_parse(cmdline);
    arch_console_setup(boot_params.console, boot_params.com1);
    if (console_set_level(boot_params.loglvl))
        printk(LOG_WARN "Command line: unknown loglvl \"%s\"\n", boot_params.loglvl);

    check_boot_input(bi, image);
    boot_mem_reserve(image->start, image->end);
    boot_mem_reserve(boot_data->start, boot_data->end);
    for (unsigned i = 0; i < bi->nr_mod; i++)
        boot_mem_reserve(ROUND_DOWN(bi->mod[i].start, PAGE_SIZE),
                         ROUND_UP(bi->mod[i].end, PAGE_SIZE));
    boot_mem_init(bi);
    printk("Free frames: %lu (%lu MiB)\n", page_alloc_free_count(),
           page_alloc_free_count() >> (20 - PAGE_SHIFT));

    arch_mm_init();
    arch_time_init();
    arch_smp_init(boot_params.maxcpus);
    check_dom0_image(bi);
    printk("Boot checks passed\n");
#ifdef SELFTEST_FAULT
    /* build/hypervisor-selftest-fault: prove the fault path works. */
    printk("Self-test: touching an unmapped address\n");
    *(volatile uint64_t *)ARCH_NEVER_MAPPED_VA = 1;
#endif
    boot_domains_start(bi);
}
