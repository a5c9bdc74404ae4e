/*
 * The hypervisor's symbol table on the host, for xen/symbols.c: in the
 * image xen/gen-symbols emits it and the linker script places
 * __text_start/__text_end.  Here a fake text region of FAKE_TEXT_SIZE
 * bytes holds three functions (fake_arch.h names their offsets).
 */
#include "tests/unit/fake_arch.h"

/* Two labels FAKE_TEXT_SIZE bytes apart: only assembly can place them so. */
asm(".pushsection .rodata\n"
    ".balign 64\n"
    ".globl __text_start\n"
    "__text_start:\n"
    ".skip 256\n"
    ".globl __text_end\n"
    "__text_end:\n"
    ".popsection");
_Static_assert(FAKE_TEXT_SIZE == 256, "the .skip above");

/* The layout xen/gen-symbols emits: sorted by address, names by offset. */
struct symbol_entry {
    uint64_t addr;
    uint64_t name_offset;
};

const uint64_t xen_nr_symbols = 3;
const struct symbol_entry xen_symbols[] = {
    { (uint64_t)__text_start + FAKE_SYM_ENTRY, 0 },
    { (uint64_t)__text_start + FAKE_SYM_HANDLER, 11 },
    { (uint64_t)__text_start + FAKE_SYM_TAIL, 24 },
};
const char xen_symbol_names[] = "fake_entry\0fake_handler\0fake_tail";
