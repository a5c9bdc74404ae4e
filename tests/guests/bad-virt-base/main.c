/*
 * Not a test guest that runs: its VIRT_BASE note lies above its image
 * (notes.asm), which the builder must refuse (tests/integration/
 * dom0-bad-virt-base.test).  If it ever runs, it says so.
 */
#include "guest/console.h"
#include "guest/runtime.h"

int guest_main(const struct start_info *si)
{
    printk("FAIL bad-virt-base/refused: a kernel with VIRT_BASE above its image was started\n");
    return 0;
}
