/*
 * Not a test guest that runs: its ENTRY note lies outside its image
 * (notes.asm), which the builder must refuse (tests/integration/
 * dom0-bad-entry.test).  If it ever runs, it says so.
 */
#include "guest/console.h"
#include "guest/runtime.h"

int guest_main(const struct start_info *si)
{
    printk("FAIL bad-entry/refused: a kernel with ENTRY outside its image was started\n");
    return 0;
}
