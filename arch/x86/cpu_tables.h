/* Descriptor tables: per-CPU GDT window with Xen's reserved page, TSS, IDT. */
#ifndef ARCH_X86_DESC_H
#define ARCH_X86_DESC_H

#include <stdint.h>

/* Selectors in the reserved GDT page (ABI: FIRST_RESERVED_GDT_BYTE 0xE000). */
#define HV_CS      0xE008 /* ring-0 64-bit code */
#define HV_DS      0xE010 /* ring-0 data */
#define GUEST_CS32 0xE023 /* ring-3 compat code (FLAT_RING3_CS32) */
#define GUEST_DS   0xE02B /* ring-3 data (FLAT_RING3_SS64) */
#define GUEST_CS64 0xE033 /* ring-3 64-bit code (FLAT_RING3_CS64) */
#define HV_TSS     0xE040
#define HV_LDT     0xE050

#define IST_NMI 1
#define IST_DF  2
#define IST_MC  3
#define IST_DB  4

#define GDT_GUEST_FRAMES 14 /* FIRST_RESERVED_GDT_PAGE */

void desc_init_boot_cpu(void);

/* Move the boot CPU's GDT to its window (needs the page allocator). */
void desc_init_gdt_window(void);

/* Another CPU: build its tables (on the boot CPU), then load them (on it). */
int desc_prepare_cpu(unsigned cpu);
void desc_init_cpu(unsigned cpu);

/* Show these guest GDT frames (at most GDT_GUEST_FRAMES) in the window. */
void desc_load_guest_gdt(const uint64_t *frames, unsigned nr_frames);

/* The stack a ring-3 -> ring-0 transition switches to on this CPU. */
void desc_set_kernel_stack(unsigned cpu, uint64_t rsp0);

/* Show an LDT of `entries` descriptors in these frames on this CPU (0: none). */
void desc_load_ldt(const uint64_t *frames, unsigned nr_frames, unsigned entries);

#endif
