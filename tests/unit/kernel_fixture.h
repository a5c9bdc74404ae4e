/*
 * A small 64-bit PV kernel for the builder and boot tests: an ELF image
 * with one PT_LOAD segment (code, then bss) and a PT_NOTE segment of Xen
 * notes, as a well-behaved Linux carries them, made in memory.
 */
#ifndef TESTS_UNIT_KERNEL_FIXTURE_H
#define TESTS_UNIT_KERNEL_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#define KFIX_VIRT_BASE   0xffffffff80000000UL
#define KFIX_SEG_PADDR   0x2000UL /* the segment's ELF physical address */
#define KFIX_SEG_OFFSET  0x1000UL /* its bytes in the file */
#define KFIX_SEG_FILESZ  0x2345UL
#define KFIX_SEG_MEMSZ   0x6000UL
#define KFIX_IMAGE_BYTES (KFIX_SEG_OFFSET + KFIX_SEG_FILESZ)
#define KFIX_ENTRY       (KFIX_VIRT_BASE + KFIX_SEG_PADDR + 0x40)
#define KFIX_HCALL_PAGE  (KFIX_VIRT_BASE + KFIX_SEG_PADDR + 0x1000)

/* What goes into the notes; all zero is the well-behaved kernel. */
struct kfix_opts {
    bool no_notes;      /* no PT_NOTE segment at all */
    const char *pae;    /* PAE_MODE, NULL = none */
    bool mod_start_pfn; /* MOD_START_PFN = 1 */
    uint64_t init_p2m;  /* INIT_P2M, 0 = none */
};

/* The PT_LOAD segment's file bytes, as kfix_make writes them. */
extern uint8_t kfix_segment[KFIX_SEG_FILESZ];

/* Write the kernel at `at`: KFIX_IMAGE_BYTES bytes, 8-aligned. */
void kfix_make(void *at, const struct kfix_opts *o);

#endif
