/*
 * Symbol lookup.  xen/gen-symbols emits, into the last section of the
 * image, the text symbols sorted by address: a binary search finds the one
 * at or below an address.
 */
#include "xen/symbols.h"

struct symbol_entry {
    uint64_t addr;
    uint64_t name_offset;
};

extern const uint64_t xen_nr_symbols;
extern const struct symbol_entry xen_symbols[];
extern const char xen_symbol_names[];
extern const char __text_start[], __text_end[];

const char *symbol_lookup(uint64_t addr, uint64_t *offset)
{
    uint64_t lo = 0, hi = xen_nr_symbols;

    if (addr < (uint64_t)__text_start || addr >= (uint64_t)__text_end)
        return NULL;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (xen_symbols[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    if (hi == 0 || xen_symbols[lo].addr > addr)
        return NULL;
    *offset = addr - xen_symbols[lo].addr;
    return &xen_symbol_names[xen_symbols[lo].name_offset];
}
