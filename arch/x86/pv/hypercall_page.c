/*
 * The hypercall page of a 64-bit PV guest, as Xen 4.17 writes it: one
 * 32-byte stub per hypercall number, the rest of each slot int3.
 *   push %rcx; push %r11; mov $nr, %eax; syscall; pop %r11; pop %rcx; ret
 * HYPERVISOR_iret does not return: its stub also pushes RAX (the frame
 * the iret hypercall consumes) and stops after the syscall.
 */
#include "public/xen.h"
#include "xen/arch/domain.h"
#include "xen/lib.h"

#define STUB_SIZE 32
#define INT3      0xCC

void arch_hypercall_page_fill(void *page)
{
    static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xB8, __HYPERVISOR_iret,
                                    0,    0,    0,    0x0F, 0x05 };
    uint8_t *p = page;

    memset(p, INT3, PAGE_SIZE);
    for (unsigned nr = 0; nr < PAGE_SIZE / STUB_SIZE; nr++, p += STUB_SIZE) {
        const uint8_t call[] = { 0x51, 0x41, 0x53, 0xB8, (uint8_t)nr, 0,    0,
                                 0,    0x0F, 0x05, 0x41, 0x5B,        0x59, 0xC3 };

        if (nr == __HYPERVISOR_iret)
            memcpy(p, iret, sizeof(iret));
        else
            memcpy(p, call, sizeof(call));
    }
}
