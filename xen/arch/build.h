/*
 * The architecture's half of building a PV domain (xen/builder/): the
 * bootstrap page tables, the hypercall page and vCPU 0's first registers.
 */
#ifndef XEN_ARCH_BUILD_H
#define XEN_ARCH_BUILD_H

#include "xen/lib.h"

struct domain;
struct dom0_layout;

/*
 * Finish domain d laid out as l (its kernel, initrd, P2M and start_info
 * already copied in): page tables mapping [l->v_start, l->v_end), the
 * hypercall page, vCPU 0's registers.  p2m[pfn] gives every frame of d.
 */
int arch_domain_build(struct domain *d, const struct dom0_layout *l, const mfn_t *p2m);

#endif
