/*
 * GDT, TSS and IDT.
 *
 * Each CPU's GDT is a window of 15 pages: pages 0-13 hold the running
 * guest's descriptors (zero = not present while it has none), page 14 is
 * the hypervisor's reserved page, whose layout the guest ABI fixes
 * (selectors 0xE008...0xE033; the order is what SYSCALL/SYSRET need).
 * Until the page allocator works the window is static memory; then it
 * moves to GDT_VIRT_START, where guest frames can be mapped in and out.
 * NMI, #DF and #MC run on their own IST stacks so a broken stack pointer
 * still gets a register dump.
 */
#include "arch/x86/desc.h"
#include "arch/x86/include/layout.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/pagetable.h"
#include "xen/arch.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"

#define GDT_GUEST_PAGES     14
#define GDT_WINDOW_PAGES    (GDT_GUEST_PAGES + 1)
#define GDT_LIMIT           (GDT_WINDOW_PAGES * PAGE_SIZE - 1)
#define IST_STACK_SIZE      8192

struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
};

struct table_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss64) == 104, "TSS layout");
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate layout");

extern const uint64_t exception_stubs[256];

static uint8_t boot_gdt_window[GDT_WINDOW_PAGES * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct tss64 boot_tss __attribute__((aligned(64)));
static uint8_t boot_ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));
static struct idt_gate idt[256] __attribute__((aligned(PAGE_SIZE)));

static void gdt_fill_reserved(uint64_t *page, struct tss64 *tss)
{
    uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;

    page[HV_CS / 8 & 511] = 0x00AF9A000000FFFF;
    page[HV_DS / 8 & 511] = 0x00CF92000000FFFF;
    page[GUEST_CS32 / 8 & 511] = 0x00CFFA000000FFFF;
    page[GUEST_DS / 8 & 511] = 0x00CFF2000000FFFF;
    page[GUEST_CS64 / 8 & 511] = 0x00AFFA000000FFFF;
    /* 64-bit available TSS: 16 bytes */
    page[HV_TSS / 8 & 511] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) |
                             (0x89UL << 40) | (((base >> 24) & 0xFF) << 56);
    page[(HV_TSS / 8 & 511) + 1] = base >> 32;
}

static void idt_set_gate(unsigned vector, uint64_t handler, unsigned dpl, unsigned ist)
{
    idt[vector] = (struct idt_gate){
        .offset_low = handler & 0xFFFF,
        .selector = HV_CS,
        .ist = ist,
        .type_attr = 0x8E | (dpl << 5),     /* present interrupt gate */
        .offset_mid = (handler >> 16) & 0xFFFF,
        .offset_high = handler >> 32,
    };
}

static void idt_init(void)
{
    for (unsigned v = 0; v < 256; v++)
        idt_set_gate(v, exception_stubs[v], 0, 0);
    /* Guest int3/into reach their handlers directly (ABI). */
    idt_set_gate(3, exception_stubs[3], 3, 0);
    idt_set_gate(4, exception_stubs[4], 3, 0);
    idt_set_gate(2, exception_stubs[2], 0, IST_NMI);
    idt_set_gate(8, exception_stubs[8], 0, IST_DF);
    idt_set_gate(18, exception_stubs[18], 0, IST_MC);
}

static void load_gdt(uint64_t base)
{
    struct table_pointer gdtr = { GDT_LIMIT, base };

    asm volatile("lgdt %0" : : "m"(gdtr));
}

/* Map frame i of the window: a guest GDT frame, or the shared zero page. */
static void gdt_window_map(unsigned i, mfn_t mfn, bool writable)
{
    pagetable_map_hypervisor_page(GDT_VIRT_START + i * PAGE_SIZE, mfn,
                                  PTE_P | (writable ? PTE_RW : 0));
    invlpg((void *)(GDT_VIRT_START + i * PAGE_SIZE));
}

static mfn_t zero_frame;

void desc_init_gdt_window(void)
{
    struct page_info *zero = alloc_pages(0);

    if (!zero)
        panic("out of memory for the GDT window");
    zero_frame = page_to_mfn(zero);
    memset(arch_mfn_to_virt(zero_frame), 0, PAGE_SIZE);
    for (unsigned i = 0; i < GDT_GUEST_PAGES; i++)
        gdt_window_map(i, zero_frame, false);
    gdt_window_map(GDT_GUEST_PAGES,
                   arch_virt_to_mfn(&boot_gdt_window[GDT_GUEST_PAGES * PAGE_SIZE]), true);
    load_gdt(GDT_VIRT_START);
}

void desc_load_guest_gdt(const mfn_t *frames, unsigned nr_frames)
{
    for (unsigned i = 0; i < GDT_GUEST_PAGES; i++)
        gdt_window_map(i, i < nr_frames ? frames[i] : zero_frame, i < nr_frames);
}

void desc_set_kernel_stack(uint64_t rsp0)
{
    boot_tss.rsp[0] = rsp0;
}

void desc_init_boot_cpu(void)
{
    uint64_t *reserved = (uint64_t *)&boot_gdt_window[GDT_GUEST_PAGES * PAGE_SIZE];
    struct table_pointer idtr = { sizeof(idt) - 1, (uint64_t)idt };

    for (unsigned i = 0; i < 3; i++)
        boot_tss.ist[i] = (uint64_t)&boot_ist_stacks[i][IST_STACK_SIZE];
    boot_tss.iomap_base = sizeof(boot_tss);     /* no I/O bitmap */
    gdt_fill_reserved(reserved, &boot_tss);
    idt_init();

    load_gdt((uint64_t)boot_gdt_window);
    asm volatile("pushq %0\n\t"
                 "leaq 1f(%%rip), %%rax\n\t"
                 "pushq %%rax\n\t"
                 "lretq\n"
                 "1:\n\t"
                 "mov %1, %%ds\n\t"
                 "mov %1, %%es\n\t"
                 "mov %1, %%ss\n\t"
                 : : "i"(HV_CS), "r"(HV_DS) : "rax", "memory");
    asm volatile("ltr %w0" : : "r"(HV_TSS));
    asm volatile("lidt %0" : : "m"(idtr));
}
