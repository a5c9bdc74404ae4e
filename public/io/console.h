/*
 * public/io/console.h - the PV console ring page.
 *
 * One page shared between a domU (frontend) and the console backend,
 * found through start_info.console.domU.mfn and signalled through
 * console.domU.evtchn.  Indices are free-running u32 counters; the slot of
 * index i is i & (ring size - 1).  A producer writes data, issues a write
 * barrier, advances its prod index, then notifies the event channel.
 */
#ifndef PUBLIC_IO_CONSOLE_H
#define PUBLIC_IO_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/* A console ring index. */
typedef uint32_t XENCONS_RING_IDX;

/* Slot of index idx in ring (a char array whose size is a power of two). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

#define XENCONS_IN_SIZE  1024 /* bytes in the backend-to-guest ring */
#define XENCONS_OUT_SIZE 2048 /* bytes in the guest-to-backend ring */

struct xencons_interface {
    char in[XENCONS_IN_SIZE];   /* input to the guest (keyboard) */
    char out[XENCONS_OUT_SIZE]; /* output from the guest */
    XENCONS_RING_IDX in_cons;   /* guest's consumer index into in */
    XENCONS_RING_IDX in_prod;   /* backend's producer index into in */
    XENCONS_RING_IDX out_cons;  /* backend's consumer index into out */
    XENCONS_RING_IDX out_prod;  /* guest's producer index into out */
};
_Static_assert(sizeof(struct xencons_interface) == 3088, "xencons size");
_Static_assert(offsetof(struct xencons_interface, out) == 1024, "xencons out");
_Static_assert(offsetof(struct xencons_interface, in_cons) == 3072, "xencons in_cons");
_Static_assert(offsetof(struct xencons_interface, in_prod) == 3076, "xencons in_prod");
_Static_assert(offsetof(struct xencons_interface, out_cons) == 3080, "xencons out_cons");
_Static_assert(offsetof(struct xencons_interface, out_prod) == 3084, "xencons out_prod");

#endif /* PUBLIC_IO_CONSOLE_H */
