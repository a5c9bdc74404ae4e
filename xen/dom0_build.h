/* Building dom0 from the first multiboot2 module (and the second as initrd). */
#ifndef XEN_DOM0_BUILD_H
#define XEN_DOM0_BUILD_H

#include "common/multiboot2.h"
#include "xen/dom0_layout.h"
#include "xen/domain.h"

/* Build dom0; on a refused image, boot_fatal() with the reason. */
struct domain *dom0_build(const struct boot_info *bi, uint64_t dom0_mem);

/*
 * The x86 part (arch/x86/dom0_build.c): bootstrap page tables, hypercall
 * page, initial registers.  p2m[pfn] gives every frame of the domain.
 */
int arch_dom0_build(struct domain *d, const struct dom0_layout *l, const mfn_t *p2m);

/* Copy into dom0's initial mapping, at virtual address va. */
void dom0_copy_to(const struct dom0_layout *l, const mfn_t *p2m, uint64_t va,
                  const void *src, size_t len);

#endif
