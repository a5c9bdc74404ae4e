/*
 * public/nmi.h - nmi_op(cmd, arg) (hypercall 28) and NMI reasons.
 */
#ifndef PUBLIC_NMI_H
#define PUBLIC_NMI_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

/* Bits of arch_shared_info.nmi_reason. */
#define _XEN_NMIREASON_io_error     0 /* I/O check error */
#define XEN_NMIREASON_io_error      (1UL << _XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr     1 /* PCI SERR */
#define XEN_NMIREASON_pci_serr      (1UL << _XEN_NMIREASON_pci_serr)
#define _XEN_NMIREASON_parity_error 1 /* old name of pci_serr */
#define XEN_NMIREASON_parity_error  (1UL << _XEN_NMIREASON_parity_error)
#define _XEN_NMIREASON_unknown      2 /* reason unknown */
#define XEN_NMIREASON_unknown       (1UL << _XEN_NMIREASON_unknown)

#define XENNMI_register_callback   0 /* arg: struct xennmi_callback */
#define XENNMI_unregister_callback 1 /* arg NULL */

struct xennmi_callback {
    xen_ulong_t handler_address; /* NMI handler entry point */
    xen_ulong_t pad;             /* must be zero */
};
_Static_assert(sizeof(struct xennmi_callback) == 16, "xennmi_callback size");

typedef struct xennmi_callback xennmi_callback_t;

#endif /* PUBLIC_NMI_H */
