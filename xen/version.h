/* Who we are, and the Xen version whose guest ABI we speak. */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

#define HV_NAME       "Xen-compatible PV hypervisor"
#define HV_VERSION    "0.1"
#define XEN_ABI_MAJOR 4
#define XEN_ABI_MINOR 17

#endif
