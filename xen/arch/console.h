/*
 * The machine's console and its end: what printk, console_io and panic
 * need from the architecture.
 */
#ifndef XEN_ARCH_CONSOLE_H
#define XEN_ARCH_CONSOLE_H

#include "xen/lib.h"

/* Machine exit statuses (written to QEMU's isa-debug-exit port, see docs/harness.md). */
enum machine_status {
    MACHINE_POWEROFF = 0,   /* dom0 powered off cleanly */
    MACHINE_PANIC = 1,      /* hypervisor panic or fault */
    MACHINE_BAD_BOOT = 2,   /* boot refused: bad input from the loader */
    MACHINE_DOM0_CRASH = 3, /* dom0 crashed */
    MACHINE_REBOOT = 4,     /* dom0 asked for a reboot */
};

/* Write to the hypervisor's console (serial).  Never fails. */
void arch_console_write(const char *text, size_t len);

/* Console input already received: up to max bytes, never waits. */
size_t arch_console_read(char *buf, size_t max);

/* Apply console= and com1= from the command line. */
void arch_console_setup(const char *console, const char *com1);

/* End the machine with a status: stop QEMU if it listens, else halt. */
noreturn void arch_machine_exit(enum machine_status status);

/* Print a symbolized backtrace of the calling context. */
void arch_backtrace(void);

/* The image's build id (bytes) and its length. */
const uint8_t *arch_build_id(size_t *len);

#endif
