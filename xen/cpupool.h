/* CPU pools as domains see them (xen/cpupool.c). */
#ifndef XEN_CPUPOOL_H
#define XEN_CPUPOOL_H

#include "xen/lib.h"

/*
 * May a new domain join pool pool_id (createdomain's cpupool_id)?  0, or
 * Xen's refusal: -ESRCH for no such pool, -ENODEV for a pool without CPUs
 * (every pool but Pool-0).
 */
int cpupool_admit_domain(uint32_t pool_id);

#endif
