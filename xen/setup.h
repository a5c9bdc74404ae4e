/* Boot: the hypervisor command line and the arch-neutral start of day. */
#ifndef XEN_SETUP_H
#define XEN_SETUP_H

#include "common/multiboot2.h"
#include "xen/arch/mm.h"
#include "xen/lib.h"

struct boot_params {
    char console[16];        /* console=: "com1" (default) or "none" */
    char com1[32];           /* com1=<baud>[,8n1] */
    char loglvl[16];         /* loglvl=: none, error, warning, info, debug, all */
    uint64_t dom0_mem;       /* dom0_mem=: bytes, 0 = the default */
    bool noreboot;           /* noreboot: halt instead of rebooting */
    uint64_t maxcpus;        /* maxcpus=: CPUs to start, 0 = all */
    uint64_t dom0_max_vcpus; /* dom0_max_vcpus=: 0 = one per CPU */
    char domus[256];         /* domus=: modules that become domUs (boot_domains.c) */
};

extern struct boot_params boot_params;

/* Physical ranges the allocator must never hand out. */
struct phys_range {
    paddr_t start, end;
};

/* Parse the hypervisor command line into boot_params (params.c). */
void params_parse(const char *cmdline);

/* The hypervisor command line, as the boot loader gave it. */
const char *boot_cmdline(void);

/* Entered by the arch once the console and traps work; never returns. */
noreturn void xen_start(struct boot_info *bi, const struct phys_range *image,
                        const struct phys_range *boot_data);

/* A boot module's bytes, through the direct map. */
static inline uint8_t *boot_module_data(const struct boot_module *m)
{
    return (uint8_t *)arch_mfn_to_virt(0) + m->start;
}

/* The boot-time memory setup (boot_mem.c). */
uint64_t boot_mem_total_ram(const struct boot_info *bi);
bool boot_mem_is_ram(const struct boot_info *bi, paddr_t start, paddr_t end);
void boot_mem_reserve(paddr_t start, paddr_t end);
void boot_mem_init(const struct boot_info *bi);

#endif
