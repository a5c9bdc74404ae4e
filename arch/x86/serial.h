#ifndef ARCH_X86_SERIAL_H
#define ARCH_X86_SERIAL_H

#include "xen/arch.h"

void serial_init(unsigned baud);
void serial_set_enabled(bool enabled);

#endif
