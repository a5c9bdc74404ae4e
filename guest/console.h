/*
 * Console output through console_io(CONSOLEIO_write) (public/io/console.h).
 *
 * Only dom0 (the hardware domain) may use it on Xen; that is how every
 * test guest runs.  printk() hands the hypervisor whole lines where it
 * can, so that a line is never interleaved with the hypervisor's own
 * messages.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stddef.h>

/* Writes len bytes as they are; 0 or the hypercall's error. */
long console_write(const char *s, size_t len);

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * One "info: ..." line (the newline is added).  Values that legitimately
 * differ between hypervisors (addresses, versions) go on these lines,
 * never on result lines.
 */
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* GUEST_CONSOLE_H */
