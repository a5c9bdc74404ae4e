/* The PV MMU (xen/mmu.c): what the arch calls besides the hypercalls. */
#ifndef XEN_MMU_H
#define XEN_MMU_H

#include "xen/domain.h"

/*
 * A guest's aligned 8-byte store of val at va faulted because va maps one
 * of its own L1 tables read-only (Linux writes PTEs directly and relies on
 * this).  Applies it as a checked update of that entry: 0, or -errno, and
 * then the caller delivers the page fault to the guest.  The caller
 * decodes the instruction and advances RIP on success.
 */
int pv_emulate_l1_write(struct vcpu *v, uint64_t va, uint64_t val);

#endif
