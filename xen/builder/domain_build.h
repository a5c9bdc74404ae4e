/*
 * Building a PV domain from multiboot2 modules (a kernel, maybe an initrd):
 * dom0, and the domUs started at boot.
 */
#ifndef XEN_DOMAIN_BUILD_H
#define XEN_DOMAIN_BUILD_H

#include "common/multiboot2.h"
#include "xen/builder/layout.h"
#include "xen/domain.h"

struct build_spec {
    domid_t domid;
    bool privileged; /* dom0 */
    unsigned max_vcpus;
    uint64_t nr_pages;
    unsigned module; /* the kernel's module number, for messages */
    const struct boot_module *kernel;
    const struct boot_module *initrd; /* NULL: none */
    unsigned weight, cap;             /* scheduler parameters */
};

/* Build a domain, vCPU 0 ready to run, paused; a refused image is boot_fatal(). */
struct domain *domain_build(const struct build_spec *spec);

/* Every domain is built: give the modules' frames back. */
void build_release_modules(const struct boot_info *bi);

/* The PFN the builder gives the page at va (the initial mapping or an INIT_P2M list). */
uint64_t build_va_to_pfn(const struct dom0_layout *l, uint64_t va);

/* Copy into the domain's initial mapping (or its INIT_P2M list), at virtual address va. */
void build_copy_to(const struct dom0_layout *l, const mfn_t *p2m, uint64_t va, const void *src,
                   size_t len);

#endif
