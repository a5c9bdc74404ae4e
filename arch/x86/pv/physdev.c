/*
 * physdev_op (hypercall 33) for a machine with no devices passed through:
 * the vCPU's virtual IOPL and I/O bitmap, which emul_io.c consults on every
 * port access, and Xen 4.17's answers for the interrupt and PCI sub-ops a
 * PV kernel probes.  One dispatch table.
 */
#include "arch/x86/pv/domain.h"
#include "public/physdev.h"
#include "xen/arch/cpu.h"
#include "xen/arch/hypercalls.h"
#include "xen/guest_access.h"
#include "xen/printk.h"

#define MAX_IO_PORTS 65536
#define IOBMP_BYTES  (MAX_IO_PORTS / 8) /* the most a bitmap can span */

/*
 * The physical IRQs a domain may name: Xen's nr_pirqs depends on the
 * machine's GSIs and CPUs; we take the GSIs of one 24-pin IO-APIC, which
 * every PC (and QEMU) has and which every Xen domain's range includes.
 */
#define NR_PIRQS 24

static long set_iopl(uint64_t arg)
{
    struct physdev_set_iopl req;

    if (copy_from_guest(&req, arg, sizeof(req)))
        return -EFAULT;
    if (req.iopl > 3)
        return -EINVAL;
    avcpu(current)->iopl = req.iopl;
    return 0;
}

static long set_iobitmap(uint64_t arg)
{
    struct physdev_set_iobitmap req;
    struct arch_vcpu *a = avcpu(current);

    if (copy_from_guest(&req, arg, sizeof(req)))
        return -EFAULT;
    if (!guest_array_ok(req.bitmap, IOBMP_BYTES, 1) || req.nr_ports > MAX_IO_PORTS)
        return -EINVAL;
    a->iobitmap = req.bitmap;
    a->iobitmap_ports = req.nr_ports;
    return 0;
}

/*
 * No physical IRQ is routed to any guest, but one in range has a status:
 * not shared, and (as Xen tells every guest that does not map the PIRQ EOI
 * bitmap) needing an EOI.
 */
static long irq_status_query(uint64_t arg)
{
    struct physdev_irq_status_query req;

    if (copy_from_guest(&req, arg, sizeof(req)))
        return -EFAULT;
    if (req.irq >= NR_PIRQS)
        return -EINVAL;
    req.flags = XENIRQSTAT_needs_eoi;
    return copy_to_guest(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

/* No PIRQ exists to EOI. */
static long eoi(uint64_t arg)
{
    struct physdev_eoi req;

    if (copy_from_guest(&req, arg, sizeof(req)))
        return -EFAULT;
    return -EINVAL;
}

/* Sub-ops that name a physical IRQ or PCI device: none exists for the caller. */
static long no_such_irq(uint64_t arg)
{
    return -EINVAL;
}

/* Sub-ops only the hardware domain may use, about hardware we do not manage. */
static long hardware_only(uint64_t arg)
{
    return current->domain->is_privileged ? -ENOSYS : -EPERM;
}

typedef long physdev_fn(uint64_t arg);

static physdev_fn *const physdev_ops[] = {
    [PHYSDEVOP_irq_status_query] = irq_status_query,
    [PHYSDEVOP_set_iopl] = set_iopl,
    [PHYSDEVOP_set_iobitmap] = set_iobitmap,
    [PHYSDEVOP_eoi] = eoi,
    [PHYSDEVOP_map_pirq] = no_such_irq,
    [PHYSDEVOP_unmap_pirq] = no_such_irq,
    [PHYSDEVOP_manage_pci_add] = hardware_only,
    [PHYSDEVOP_manage_pci_remove] = hardware_only,
    [PHYSDEVOP_manage_pci_add_ext] = hardware_only,
    [PHYSDEVOP_setup_gsi] = hardware_only,
    [PHYSDEVOP_pci_device_add] = hardware_only,
    [PHYSDEVOP_pci_device_remove] = hardware_only,
};

long do_physdev_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
    physdev_fn *fn;

    cmd = (uint32_t)cmd; /* an int, as in Xen */
    fn = cmd < ARRAY_SIZE(physdev_ops) ? physdev_ops[cmd] : NULL;

    if (!fn) {
        printk(LOG_DEBUG "d%u v%u: physdev_op %lu not implemented\n", current->domain->domain_id,
               current->vcpu_id, cmd);
        return -ENOSYS;
    }
    return fn(arg);
}
