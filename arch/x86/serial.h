/* The COM1 UART behind arch_console_write/read (xen/arch/console.h). */
#ifndef ARCH_X86_SERIAL_H
#define ARCH_X86_SERIAL_H

#include "xen/arch/console.h"

void serial_init(unsigned baud);
void serial_set_enabled(bool enabled);

#endif
