#ifndef ARCH_X86_MM_H
#define ARCH_X86_MM_H

#include "xen/arch.h"

void mm_drop_identity_map(void);

#endif
