/*
 * Not a test guest that runs: an image too big for the memory its test
 * gives it (48 MiB of .bss), which the domain builder must refuse
 * (tests/integration/dom0-too-big.test).  If it ever runs, it says so.
 */
#include "guest/console.h"
#include "guest/runtime.h"

static volatile char ballast[48 << 20] __attribute__((used));

int guest_main(const struct start_info *si)
{
    ballast[0] = 1;
    printk("FAIL bigimage/refused: a %lu-byte image was started\n", (unsigned long)sizeof(ballast));
    return 0;
}
