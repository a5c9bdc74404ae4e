/*
 * public/physdev.h - physdev_op(cmd, arg) (hypercall 33).
 *
 * Physical device and interrupt management, mostly for dom0.  Only the
 * structures a PV kernel uses early are defined here; a hypervisor
 * without physical devices may refuse the rest.
 */
#ifndef PUBLIC_PHYSDEV_H
#define PUBLIC_PHYSDEV_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

#define PHYSDEVOP_IRQ_UNMASK_NOTIFY  4 /* old interface only */
#define PHYSDEVOP_irq_status_query   5 /* struct physdev_irq_status_query */
#define PHYSDEVOP_set_iopl           6 /* struct physdev_set_iopl */
#define PHYSDEVOP_set_iobitmap       7 /* struct physdev_set_iobitmap */
#define PHYSDEVOP_apic_read          8
#define PHYSDEVOP_apic_write         9
#define PHYSDEVOP_alloc_irq_vector   10
#define PHYSDEVOP_free_irq_vector    11
#define PHYSDEVOP_eoi                12 /* struct physdev_eoi */
#define PHYSDEVOP_map_pirq           13
#define PHYSDEVOP_unmap_pirq         14
#define PHYSDEVOP_manage_pci_add     15
#define PHYSDEVOP_manage_pci_remove  16
#define PHYSDEVOP_pirq_eoi_gmfn_v1   17 /* struct physdev_pirq_eoi_gmfn */
#define PHYSDEVOP_restore_msi        19
#define PHYSDEVOP_manage_pci_add_ext 20
#define PHYSDEVOP_setup_gsi          21
#define PHYSDEVOP_get_free_pirq      23
#define PHYSDEVOP_pci_mmcfg_reserved 24
#define PHYSDEVOP_pci_device_add     25
#define PHYSDEVOP_pci_device_remove  26
#define PHYSDEVOP_restore_msi_ext    27
#define PHYSDEVOP_pirq_eoi_gmfn_v2   28 /* struct physdev_pirq_eoi_gmfn */
#define PHYSDEVOP_dbgp_op            29
#define PHYSDEVOP_prepare_msix       30
#define PHYSDEVOP_release_msix       31
#define PHYSDEVOP_pirq_eoi_gmfn      PHYSDEVOP_pirq_eoi_gmfn_v2

/* Signal end-of-interrupt for a physical IRQ. */
struct physdev_eoi {
    uint32_t irq; /* IN: physical IRQ */
};
_Static_assert(sizeof(struct physdev_eoi) == 4, "physdev_eoi size");

/*
 * Register a frame holding one EOI-needed bit per PIRQ.  v2 additionally
 * lets unmasking an event channel unmask the PIRQ behind it.
 */
struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn; /* IN: the frame */
};
_Static_assert(sizeof(struct physdev_pirq_eoi_gmfn) == 8, "physdev_pirq_eoi_gmfn size");

#define _XENIRQSTAT_needs_eoi 0
#define XENIRQSTAT_needs_eoi  (1U << _XENIRQSTAT_needs_eoi) /* PHYSDEVOP_eoi required */
#define _XENIRQSTAT_shared    1
#define XENIRQSTAT_shared     (1U << _XENIRQSTAT_shared) /* IRQ is shared */

/* Query how a physical IRQ must be handled. */
struct physdev_irq_status_query {
    uint32_t irq;   /* IN: physical IRQ */
    uint32_t flags; /* OUT: XENIRQSTAT_* */
};
_Static_assert(sizeof(struct physdev_irq_status_query) == 8, "physdev_irq_status_query size");

/* Set the vCPU's virtual I/O privilege level. */
struct physdev_set_iopl {
    uint32_t iopl; /* IN: 0-3 */
};
_Static_assert(sizeof(struct physdev_set_iopl) == 4, "physdev_set_iopl size");

/* Register an I/O permission bitmap, as in a TSS. */
struct physdev_set_iobitmap {
    uint64_t bitmap;   /* IN: guest pointer to the bitmap bytes */
    uint32_t nr_ports; /* IN: number of ports the bitmap covers */
    uint32_t _pad;     /* padding */
};
_Static_assert(sizeof(struct physdev_set_iobitmap) == 16, "physdev_set_iobitmap size");
_Static_assert(offsetof(struct physdev_set_iobitmap, nr_ports) == 8,
               "physdev_set_iobitmap nr_ports");

typedef struct physdev_eoi physdev_eoi_t;
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
typedef struct physdev_set_iopl physdev_set_iopl_t;
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;

#endif /* PUBLIC_PHYSDEV_H */
