/* Pieces of `xl info` and `xl list` shared between tools/xl_info*.c. */
#ifndef TOOLS_XL_INFO_H
#define TOOLS_XL_INFO_H

#include <stdbool.h>

#include "tools/xc.h"

/* `xl list` columns beyond the first six: -v, -Z, -c. */
#define XL_LIST_VERBOSE (1U << 0) /* UUID, reason code, security label */
#define XL_LIST_CONTEXT (1U << 1) /* security label */
#define XL_LIST_CPUPOOL (1U << 2) /* cpupool name */

/* One `xl list` row with the given columns. */
void xl_print_domain_row(const struct xen_domctl_getdomaininfo *d, unsigned columns);

/* `xl list -l`: the configurations as libxl's JSON (tools/xl_json.c). */
void xl_list_details(const struct xen_domctl_getdomaininfo *info, int n);

/* `xl info -n`'s cpu_topology / device topology and numa_info sections. */
void xl_output_topologyinfo(void);
void xl_output_numainfo(void);

/* The xen_* and cc_* lines, through print (which may filter them, `xl info NAME`). */
void xl_output_xeninfo(void (*print)(const char *fmt, ...) __attribute__((format(printf, 1, 2))));

#endif /* TOOLS_XL_INFO_H */
