/*
 * The hypervisor's virtual address layout (x86_64).
 *
 * We live in the 16 L4 slots Xen reserves for itself, 256-271
 * (0xFFFF800000000000-0xFFFF87FFFFFFFFFF); those slots are present in every
 * guest page table, supervisor-only except for the read-only M2P window.
 *
 *   slot 256  read-only machine-to-phys table, readable by guests (ABI)
 *   slot 260  per-CPU GDT and LDT windows
 *   slot 261  fixed mappings (local APIC) below the hypervisor image,
 *             which is at XEN_VIRT_START + physical address
 *   262-271   direct map of all RAM: DIRECTMAP_VIRT_START + physical address
 *
 * This file is shared with assembly (boot and entry code): constants only.
 */
#ifndef ARCH_X86_LAYOUT_H
#define ARCH_X86_LAYOUT_H

#define HV_SLOT_FIRST 256
#define HV_SLOT_LAST  271

#define RO_MPT_VIRT_START    0xFFFF800000000000
#define RO_MPT_VIRT_END      0xFFFF804000000000
#define GDT_VIRT_START       0xFFFF820000000000
#define LDT_VIRT_START       0xFFFF820001000000
#define FIXMAP_VIRT_START    0xFFFF82C000000000 /* device registers, uncached */
#define XEN_VIRT_START       0xFFFF82D040000000
#define DIRECTMAP_VIRT_START 0xFFFF830000000000
#define DIRECTMAP_VIRT_END   0xFFFF880000000000

/* GRUB loads the image here; the boot code maps it at XEN_VIRT_START + this. */
#define XEN_LOAD_PADDR 0x200000

/* Each boot/CPU stack; guard pages are not mapped below them. */
#define STACK_SIZE (16 * 1024)

#endif
