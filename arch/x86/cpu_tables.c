/*
 * GDT, TSS and IDT.
 *
 * Each CPU's GDT is a window of 15 pages at GDT_VIRT_START + cpu * 64 KiB:
 * pages 0-13 show the running guest's GDT frames (a shared zero page while
 * it has none: every selector there is not present), page 14 is this
 * CPU's reserved page, whose layout the guest ABI fixes (selectors
 * 0xE008...0xE033 in the order SYSCALL/SYSRET need, then the TSS).  The
 * boot CPU starts on its reserved page alone, before there is memory to
 * build the window.  NMI, #DB, #DF and #MC run on their own IST stacks
 * so a broken (or guest-chosen) stack pointer is never written to.  The IDT is shared.
 */
#include "arch/x86/asm_linkage.h"
#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/layout.h"
#include "arch/x86/include/pte_bits.h"
#include "arch/x86/percpu.h"
#include "xen/arch/mm.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/xmalloc.h"

#define GDT_WINDOW_PAGES (GDT_GUEST_FRAMES + 1)
#define GDT_WINDOW_SIZE  (16 * PAGE_SIZE)
#define GDT_LIMIT        (GDT_WINDOW_PAGES * PAGE_SIZE - 1)
#define IST_STACK_SIZE   8192
#define LDT_WINDOW_SIZE  (16 * PAGE_SIZE) /* 8192 descriptors */

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

/* What each CPU owns: its TSS, IST stacks and reserved GDT page. */
struct cpu_tables {
    struct tss64 tss __attribute__((aligned(64)));
    uint8_t ist_stacks[4][IST_STACK_SIZE] __attribute__((aligned(16)));
    uint64_t *gdt_reserved; /* one page */
};

static uint64_t boot_gdt_reserved[512] __attribute__((aligned(PAGE_SIZE)));
static struct cpu_tables boot_tables = { .gdt_reserved = boot_gdt_reserved };
static struct cpu_tables *cpu_tables[MAX_CPUS] = { &boot_tables };
static struct idt_gate idt[256] __attribute__((aligned(PAGE_SIZE)));
static mfn_t zero_frame;

static void gdt_fill_reserved(uint64_t *page, struct tss64 *tss)
{
    uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;

    page[HV_CS / 8 & 511] = 0x00AF9A000000FFFF;
    page[HV_DS / 8 & 511] = 0x00CF92000000FFFF;
    page[GUEST_CS32 / 8 & 511] = 0x00CFFA000000FFFF;
    page[GUEST_DS / 8 & 511] = 0x00CFF2000000FFFF;
    page[GUEST_CS64 / 8 & 511] = 0x00AFFA000000FFFF;
    /* 64-bit available TSS: 16 bytes */
    page[HV_TSS / 8 & 511] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89UL << 40) |
                             (((base >> 24) & 0xFF) << 56);
    page[(HV_TSS / 8 & 511) + 1] = base >> 32;
}

static void idt_set_gate(unsigned vector, uint64_t handler, unsigned dpl, unsigned ist)
{
    idt[vector] = (struct idt_gate){
        .offset_low = handler & 0xFFFF,
        .selector = HV_CS,
        .ist = ist,
        .type_attr = 0x8E | (dpl << 5), /* present interrupt gate */
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
    /* A #DB held back by MOV SS lands on our first entry instruction, on the guest's RSP. */
    idt_set_gate(1, exception_stubs[1], 0, IST_DB);
}

static void load_tables(uint64_t gdt_base)
{
    struct table_pointer gdtr = { GDT_LIMIT, gdt_base };
    struct table_pointer idtr = { sizeof(idt) - 1, (uint64_t)idt };

    asm volatile("lgdt %0" : : "m"(gdtr));
    asm volatile("pushq %0\n\t"
                 "leaq 1f(%%rip), %%rax\n\t"
                 "pushq %%rax\n\t"
                 "lretq\n"
                 "1:\n\t"
                 "mov %1, %%ds\n\t"
                 "mov %1, %%es\n\t"
                 "mov %1, %%ss\n\t"
                 :
                 : "i"(HV_CS), "r"(HV_DS)
                 : "rax", "memory");
    asm volatile("lidt %0" : : "m"(idtr));
}

static void tables_prepare(struct cpu_tables *t)
{
    for (unsigned i = 0; i < 4; i++)
        t->tss.ist[i] = (uint64_t)&t->ist_stacks[i][IST_STACK_SIZE];
    t->tss.iomap_base = sizeof(t->tss); /* no I/O bitmap: ring 3 has no ports */
    gdt_fill_reserved(t->gdt_reserved, &t->tss);
}

/* The boot CPU, before memory: its reserved page is the whole GDT. */
void desc_init_boot_cpu(void)
{
    tables_prepare(&boot_tables);
    idt_init();
    load_tables((uint64_t)boot_gdt_reserved - GDT_GUEST_FRAMES * PAGE_SIZE);
    asm volatile("ltr %w0" : : "r"(HV_TSS));
}

static uint64_t window_base(unsigned cpu)
{
    return GDT_VIRT_START + cpu * GDT_WINDOW_SIZE;
}

static void window_map(unsigned cpu, unsigned page, mfn_t mfn, bool writable)
{
    uint64_t va = window_base(cpu) + page * PAGE_SIZE;

    pagetable_map_hypervisor_page(va, mfn, PTE_P | (writable ? PTE_RW : 0));
    invlpg((void *)va);
}

static void window_build(unsigned cpu)
{
    for (unsigned i = 0; i < GDT_GUEST_FRAMES; i++)
        window_map(cpu, i, zero_frame, false);
    window_map(cpu, GDT_GUEST_FRAMES, arch_virt_to_mfn(cpu_tables[cpu]->gdt_reserved), true);
}

void desc_init_gdt_window(void)
{
    struct page_info *zero = alloc_pages(0);

    if (!zero)
        panic("out of memory for the GDT window");
    zero_frame = page_to_mfn(zero);
    memset(arch_mfn_to_virt(zero_frame), 0, PAGE_SIZE);
    window_build(0);
    load_tables(window_base(0));
}

int desc_prepare_cpu(unsigned cpu)
{
    struct cpu_tables *t = xmalloc_obj(struct cpu_tables);
    struct page_info *reserved = alloc_pages(0);

    if (!t || !reserved) {
        xfree(t);
        if (reserved)
            free_pages(reserved, 0);
        return -ENOMEM;
    }
    t->gdt_reserved = arch_mfn_to_virt(page_to_mfn(reserved));
    memset(t->gdt_reserved, 0, PAGE_SIZE);
    tables_prepare(t);
    cpu_tables[cpu] = t;
    window_build(cpu);
    return 0;
}

void desc_init_cpu(unsigned cpu)
{
    load_tables(window_base(cpu));
    asm volatile("ltr %w0" : : "r"(HV_TSS));
}

void desc_load_guest_gdt(const uint64_t *frames, unsigned nr_frames)
{
    unsigned cpu = this_cpu()->cpu_id;

    for (unsigned i = 0; i < GDT_GUEST_FRAMES; i++)
        window_map(cpu, i, i < nr_frames ? frames[i] : zero_frame, i < nr_frames);
}

static uint64_t ldt_window(unsigned cpu)
{
    return LDT_VIRT_START + cpu * LDT_WINDOW_SIZE;
}

void desc_load_ldt(const uint64_t *frames, unsigned nr_frames, unsigned entries)
{
    unsigned cpu = this_cpu()->cpu_id;
    uint64_t *reserved = cpu_tables[cpu]->gdt_reserved;
    uint64_t base = ldt_window(cpu), limit = entries * 8 - 1;

    /* Pages past the usable frames are not present: using them faults. */
    for (unsigned i = 0; i < LDT_WINDOW_SIZE / PAGE_SIZE; i++) {
        pagetable_map_hypervisor_page(base + i * PAGE_SIZE, i < nr_frames ? frames[i] : 0,
                                      i < nr_frames ? PTE_P | PTE_RW : 0);
        invlpg((void *)(base + i * PAGE_SIZE));
    }
    if (!entries) {
        asm volatile("lldt %w0" : : "r"(0));
        return;
    }
    /* 64-bit LDT descriptor: 16 bytes, type 2, present */
    reserved[HV_LDT / 8 & 511] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x82UL << 40) |
                                 (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
    reserved[(HV_LDT / 8 & 511) + 1] = base >> 32;
    asm volatile("lldt %w0" : : "r"(HV_LDT));
}

void desc_set_kernel_stack(unsigned cpu, uint64_t rsp0)
{
    cpu_tables[cpu]->tss.rsp[0] = rsp0;
}
