/*
 * The legacy 8259 interrupt controllers.  The firmware leaves them
 * delivering IRQ 0-7 on vectors 8-15, on top of the CPU's exceptions; we
 * move them to 0x20-0x2F (so even a spurious IRQ cannot pose as a fault)
 * and mask every line: our interrupts come from the local APIC.
 */
#include "arch/x86/include/cpu.h"
#include "arch/x86/pic.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xA0
#define PIC2_DATA 0xA1
#define ICW1_INIT 0x11 /* edge triggered, cascade, ICW4 follows */
#define ICW4_8086 0x01

void pic_disable(void)
{
    outb(PIC1_CMD, ICW1_INIT);
    outb(PIC2_CMD, ICW1_INIT);
    outb(PIC1_DATA, PIC_VECTOR_BASE);
    outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
    outb(PIC1_DATA, 1 << 2); /* the slave hangs off IRQ 2 */
    outb(PIC2_DATA, 2);
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    outb(PIC1_DATA, 0xFF);
    outb(PIC2_DATA, 0xFF);
}
