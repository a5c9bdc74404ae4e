/*
 * The first C code.  head.asm calls start_xen() on the boot stack, running
 * on the high mapping with the boot page tables.  We make the console and
 * exception handling work before anything else can go wrong, read the
 * multiboot2 information, and hand over to the arch-neutral xen_start().
 */
#include "arch/x86/asm_linkage.h"
#include "arch/x86/cpu_tables.h"
#include "arch/x86/hv_pagetables.h"
#include "arch/x86/include/layout.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pic.h"
#include "arch/x86/serial.h"
#include "common/multiboot2.h"
#include "public/memory.h"
#include "xen/printk.h"
#include "xen/setup.h"

#define MAX_BOOT_INFO_SIZE (1UL << 20)

extern const char __image_start[], __image_end[];
extern const uint8_t __build_id_start[], __build_id_end[];

static struct boot_info boot_info;

const uint8_t *arch_build_id(size_t *len)
{
    /* ELF note: namesz, descsz, type, "GNU\0", then the id bytes */
    const uint32_t *note = (const uint32_t *)__build_id_start;

    if (__build_id_end - __build_id_start < 16) {
        *len = 0;
        return NULL;
    }
    *len = note[1];
    return __build_id_start + 16;
}

void arch_console_setup(const char *console, const char *com1)
{
    unsigned baud = 0;

    for (const char *p = com1; *p >= '0' && *p <= '9'; p++)
        baud = baud * 10 + (*p - '0');
    if (baud)
        serial_init(baud);
    serial_set_enabled(strcmp(console, "none") != 0);
}

/* The firmware's memory map, as the boot loader passed it (sanitized). */
size_t arch_machine_memory_map(const struct xen_e820_entry **map)
{
    static struct xen_e820_entry e820[BOOT_MAX_MEMRANGES];

    for (unsigned i = 0; i < boot_info.nr_mem; i++)
        e820[i] = (struct xen_e820_entry){ boot_info.mem[i].base, boot_info.mem[i].size,
                                           boot_info.mem[i].type };
    *map = e820;
    return boot_info.nr_mem;
}

void start_xen(uint32_t mbi_paddr)
{
    const void *mbi = arch_mfn_to_virt(0) + mbi_paddr;
    uint32_t mbi_size = *(const uint32_t *)mbi;
    struct phys_range image = {
        (uint64_t)__image_start - XEN_VIRT_START,
        (uint64_t)__image_end - XEN_VIRT_START,
    };
    struct phys_range boot_data = { mbi_paddr, mbi_paddr + mbi_size };
    const char *problem;

    serial_init(115200);
    desc_init_boot_cpu();
    pic_disable();
    percpu_init_boot_cpu((uint64_t)boot_stack + STACK_SIZE);
    mm_drop_identity_map();

    if (mb2_parse(mbi, MIN(mbi_size, MAX_BOOT_INFO_SIZE), &boot_info, &problem))
        boot_fatal("boot information garbled: %s", problem);
    xen_start(&boot_info, &image, &boot_data);
}
