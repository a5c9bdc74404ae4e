/*
 * Memory: the hypervisor's view of machine frames, the guest part of the
 * virtual address space, and the TLB and cache maintenance the PV MMU
 * (xen/page_types.c, xen/pagetable.c, xen/mmu.c, xen/memory.c) asks for.
 * The entry format itself is in xen/arch/pte.h.
 */
#ifndef XEN_ARCH_MM_H
#define XEN_ARCH_MM_H

#include "xen/lib.h"

/* GUEST_VA_LOW_END, GUEST_VA_HIGH_START, arch_va_canonical(), inline. */
#include <asm/va_layout.h>
/* arch_copy_page(dst, src): copy one whole, page-aligned page, inline. */
#include <asm/page_copy.h>

struct domain;
struct vcpu;
struct xen_e820_entry;

/* The direct map: every RAM frame has a hypervisor virtual address (inline). */
#include <asm/direct_map.h>
mfn_t arch_virt_to_mfn(const void *va);

/* The page allocator works: set up what needs memory (the M2P). */
void arch_mm_init(void);

/* Extend the direct map over RAM the boot mapping does not cover. */
void arch_directmap_add(paddr_t start, paddr_t end);

/*
 * May an I/O-capable domain map this frame?  Not beyond the physical
 * address width, nor the hypervisor's own device registers.
 */
bool arch_iomem_allowed(mfn_t mfn);

/* The machine memory map (for XENMEM_machine_memory_map): entries, count. */
size_t arch_machine_memory_map(const struct xen_e820_entry **map);

/* Flush this CPU's TLB (non-global entries), or one address of it. */
void arch_flush_tlb_local(void);
void arch_flush_tlb_one_local(uint64_t va);

/*
 * Flush the TLBs of d's vCPUs whose bit is set in vcpu_mask (bit i of word
 * i / 64; NULL = all of them): everything, or just va when one is true.
 */
void arch_flush_tlb_vcpus(struct domain *d, const uint64_t *vcpu_mask, bool one, uint64_t va);

/* Flush every CPU's TLB: a frame stops being writable by any guest. */
void arch_flush_tlb_all(void);

/* Write back and invalidate caches, on this CPU or on all of them. */
void arch_flush_cache(bool all_cpus);

/*
 * GNTTABOP_cache_flush on this CPU: write back (clean) and/or invalidate
 * the caches for a device's sake.  0, or -EOPNOTSUPP for what the machine
 * does not offer.
 */
int arch_cache_flush_for_device(bool clean, bool invalidate);

/* v's page-table base (guest_table / guest_table_user) changed: reload it. */
void arch_set_guest_table(struct vcpu *v);

#endif
