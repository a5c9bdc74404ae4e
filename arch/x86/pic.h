#ifndef ARCH_X86_PIC_H
#define ARCH_X86_PIC_H

#define PIC_VECTOR_BASE 0x20

void pic_disable(void);

#endif
