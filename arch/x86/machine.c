/*
 * Ending the machine.  Under QEMU, an isa-debug-exit device at port 0xf4
 * turns the status byte we write into QEMU's exit code ((status << 1) | 1);
 * on hardware the write goes nowhere and we halt.
 */
#include "arch/x86/include/cpu.h"
#include "xen/arch/console.h"

#define DEBUG_EXIT_PORT 0xF4

noreturn void arch_machine_exit(enum machine_status status)
{
    outb(DEBUG_EXIT_PORT, status);
    halt_forever();
    __builtin_unreachable();
}
