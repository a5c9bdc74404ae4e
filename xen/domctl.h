/* What domctl shares with sysctl (xen/domctl.c). */
#ifndef XEN_DOMCTL_H
#define XEN_DOMCTL_H

#include "public/domctl.h"

struct domain;

/* The domain with the lowest id >= id, with a reference; NULL if none. */
struct domain *domctl_domain_next(domid_t id);

/* d as XEN_DOMCTL_getdomaininfo reports it (also sysctl's getdomaininfolist). */
void domctl_getdomaininfo(struct domain *d, struct xen_domctl_getdomaininfo *info);

#endif
