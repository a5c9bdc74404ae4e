/* Names for code addresses, from the table the build links into the image. */
#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H

#include "xen/lib.h"

/* The symbol containing addr and the offset into it; NULL if none. */
const char *symbol_lookup(uint64_t addr, uint64_t *offset);

#endif
