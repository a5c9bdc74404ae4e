/*
 * A window of fresh virtual pages for guests that map frames of their own
 * (the mmu and hostile tests): 2 MiB above the image with an L1 of its own,
 * handed out a page at a time, and free frames to map there.  Failures are
 * reported to the running test case (test_fail) and returned as 0/NULL.
 */
#ifndef GUEST_WINDOW_H
#define GUEST_WINDOW_H

#include <stdint.h>

#include "guest/mm.h"

#define WINDOW_BASE (GUEST_VIRT_BASE + 0x4000000UL)

/* A window page nothing else uses, or 0. */
uint64_t window_page(void);

/* The machine address of a window page's L1 entry. */
uint64_t window_slot(uint64_t va);

/* A free frame's MFN, or 0. */
uint64_t new_frame(void);

/* A free frame mapped read-write at a window page (its MFN in *mfn), or NULL. */
volatile uint64_t *new_mapped_frame(uint64_t *mfn);

#endif /* GUEST_WINDOW_H */
