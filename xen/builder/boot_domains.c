/*
 * The domains started at boot.  Module 0 is dom0's kernel and module 1,
 * unless it is a domU's, its initrd.  `domus=` names the modules that
 * become unprivileged domUs, d1, d2, ... in that order, each as
 * <module>[:<memory>[:<weight>[:<cap>]]], comma-separated, e.g.
 * "domus=2:32M:256,3:32M:512".  dom0 gets dom0_mem= (else all the memory
 * left but a reserve) and dom0_max_vcpus= vCPUs (else one per CPU).
 */
#include "common/cmdline.h"
#include "xen/arch/domain.h"
#include "xen/builder/boot_domains.h"
#include "xen/builder/domain_build.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/setup.h"

#define MAX_BOOT_DOMUS     8
#define DOMU_DEFAULT_MEM   (32UL << 20)
#define DOM0_MIN_PAGES     (16UL << (20 - PAGE_SHIFT))
#define HYPERVISOR_RESERVE (128UL << (20 - PAGE_SHIFT)) /* kept for ourselves */

/* Parse one "<module>[:<mem>[:<weight>[:<cap>]]]" item; false if malformed. */
static bool parse_domu(const char *item, size_t len, struct build_spec *spec)
{
    uint64_t fields[4] = { 0, DOMU_DEFAULT_MEM, SCHED_DEFAULT_WEIGHT, 0 };
    char text[64];
    unsigned n = 0;

    if (len >= sizeof(text))
        return false;
    memcpy(text, item, len);
    text[len] = '\0';
    for (char *field = text; field && n < 4; n++) {
        char *next = strchr(field, ':');
        if (next)
            *next++ = '\0';
        if (*field && cmdline_parse_size(field, strlen(field), &fields[n]))
            return false;
        field = next;
    }
    spec->module = fields[0];
    spec->nr_pages = fields[1] >> PAGE_SHIFT;
    spec->weight = fields[2];
    spec->cap = fields[3];
    return true;
}

static unsigned parse_domus(const char *list, const struct boot_info *bi, struct build_spec *specs)
{
    unsigned n = 0;

    while (*list) {
        size_t len = strchr(list, ',') ? (size_t)(strchr(list, ',') - list) : strlen(list);
        struct build_spec *s = &specs[n];
        if (n < MAX_BOOT_DOMUS)
            *s = (struct build_spec){ 0 }; /* unprivileged, no initrd */
        if (n == MAX_BOOT_DOMUS || !parse_domu(list, len, s) || s->module == 0 ||
            s->module >= bi->nr_mod)
            boot_fatal("domus=: bad item \"%.*s\" (module numbers 1-%u, at most %u domUs)",
                       (int)len, list, bi->nr_mod - 1, MAX_BOOT_DOMUS);
        s->domid = n + 1;
        s->max_vcpus = 1;
        s->kernel = &bi->mod[s->module];
        n++;
        list += len + (list[len] == ',');
    }
    return n;
}

static bool is_domu_module(const struct build_spec *domus, unsigned n, unsigned module)
{
    for (unsigned i = 0; i < n; i++)
        if (domus[i].module == module)
            return true;
    return false;
}

/* dom0 gets dom0_mem=, else everything the domUs leave but a reserve. */
static uint64_t dom0_pages(const struct build_spec *domus, unsigned n)
{
    uint64_t free = page_alloc_free_count(), domu_pages = 0;

    for (unsigned i = 0; i < n; i++)
        domu_pages += domus[i].nr_pages;
    uint64_t avail =
        free > HYPERVISOR_RESERVE + domu_pages ? free - HYPERVISOR_RESERVE - domu_pages : 0;
    uint64_t want = boot_params.dom0_mem ? boot_params.dom0_mem >> PAGE_SHIFT : avail;

    if (want > avail)
        boot_fatal("dom0_mem=%luM is more than the %luM available", boot_params.dom0_mem >> 20,
                   avail >> (20 - PAGE_SHIFT));
    if (want < DOM0_MIN_PAGES)
        boot_fatal("too little memory for dom0: %lu KiB", want << (PAGE_SHIFT - 10));
    return want;
}

noreturn void boot_domains_start(const struct boot_info *bi)
{
    struct build_spec domus[MAX_BOOT_DOMUS];
    unsigned nr_domus = parse_domus(boot_params.domus, bi, domus);
    struct build_spec dom0 = {
        .domid = 0,
        .privileged = true,
        .max_vcpus = boot_params.dom0_max_vcpus ? boot_params.dom0_max_vcpus : sched_nr_cpus(),
        .nr_pages = dom0_pages(domus, nr_domus),
        .kernel = &bi->mod[0],
        .initrd = bi->nr_mod > 1 && !is_domu_module(domus, nr_domus, 1) ? &bi->mod[1] : NULL,
        .weight = SCHED_DEFAULT_WEIGHT,
    };
    struct domain *built[MAX_BOOT_DOMUS + 1];

    if (dom0.max_vcpus > MAX_VCPUS)
        boot_fatal("dom0_max_vcpus=%u is more than %u", dom0.max_vcpus, MAX_VCPUS);
    built[0] = domain_build(&dom0);
    for (unsigned i = 0; i < nr_domus; i++)
        built[i + 1] = domain_build(&domus[i]);
    build_release_modules(bi);
    console_input_start();
    printk("Starting %u domain%s\n", nr_domus + 1, nr_domus ? "s" : "");
    for (unsigned i = 0; i <= nr_domus; i++)
        domain_unpause(built[i]);
    arch_domain_start(built[0]);
}
