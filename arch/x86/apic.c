/*
 * The local APIC, through its memory-mapped registers (uncached, at a
 * fixed virtual address).  The timer runs in TSC-deadline mode when the
 * CPU has it: the deadline is simply a TSC value.  Otherwise it runs
 * one-shot, counting bus ticks we convert from TSC ticks with the ratio
 * measured at boot.
 */
#include "arch/x86/apic.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/layout.h"
#include "arch/x86/include/processor.h"
#include "arch/x86/include/pte_bits.h"
#include "xen/arch/mm.h"
#include "xen/printk.h"

#define APIC_BASE_ENABLE (1UL << 11)

#define APIC_ID            0x020
#define APIC_TPR           0x080
#define APIC_EOI           0x0B0
#define APIC_SVR           0x0F0
#define APIC_ICR_LOW       0x300
#define APIC_ICR_HIGH      0x310
#define APIC_LVT_TIMER     0x320
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE  0x3E0

#define SVR_ENABLE       (1U << 8)
#define LVT_TSC_DEADLINE (2U << 17)
#define ICR_BUSY         (1U << 12)
#define ICR_INIT         (5U << 8)
#define ICR_STARTUP      (6U << 8)
#define ICR_ASSERT       (1U << 14)
#define DIVIDE_BY_1      0xB

static volatile uint32_t *apic_regs;
static bool tsc_deadline;
static uint64_t tsc_per_apic_tick_x1024; /* one-shot mode: TSC ticks per APIC tick, scaled */

static uint32_t apic_read(unsigned reg)
{
    return apic_regs[reg / 4];
}

static void apic_write(unsigned reg, uint32_t value)
{
    apic_regs[reg / 4] = value;
}

/* Frames only the hypervisor may map: the local APIC's and the IO-APICs'. */
#define IOAPIC_FIRST_MFN 0xFEC00
#define IOAPIC_LAST_MFN  0xFECFF

bool arch_iomem_allowed(mfn_t mfn)
{
    static unsigned paddr_bits;
    uint32_t a, b, c, d;

    if (!paddr_bits) {
        cpuid(0x80000008, 0, &a, &b, &c, &d);
        paddr_bits = a & 0xFF;
    }
    if (mfn >> (paddr_bits - PAGE_SHIFT))
        return false;
    if (mfn == (rdmsr(MSR_APIC_BASE) & PTE_ADDR_MASK) >> PAGE_SHIFT)
        return false;
    return mfn < IOAPIC_FIRST_MFN || mfn > IOAPIC_LAST_MFN;
}

uint32_t apic_id(void)
{
    return apic_read(APIC_ID) >> 24;
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

/* One-shot mode: how many TSC ticks does one APIC timer tick last? */
static void measure_apic_timer(void)
{
    const uint32_t ticks = 1U << 20;

    apic_write(APIC_LVT_TIMER, VECTOR_TIMER | (1U << 16)); /* masked */
    apic_write(APIC_TIMER_DIVIDE, DIVIDE_BY_1);
    uint64_t start = rdtsc();
    apic_write(APIC_TIMER_INITIAL, ticks);
    while (apic_read(APIC_TIMER_CURRENT) > 0)
        ;
    tsc_per_apic_tick_x1024 = ((rdtsc() - start) << 10) / ticks;
    if (!tsc_per_apic_tick_x1024)
        tsc_per_apic_tick_x1024 = 1;
}

static void apic_enable(void)
{
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
    apic_write(APIC_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
    apic_write(APIC_TPR, 0);
}

/* Every CPU's APIC sits at the same address; the ratio is the same too. */
void apic_init_ap(void)
{
    apic_enable();
    if (!tsc_deadline)
        apic_write(APIC_TIMER_DIVIDE, DIVIDE_BY_1);
    apic_write(APIC_LVT_TIMER, VECTOR_TIMER | (tsc_deadline ? LVT_TSC_DEADLINE : 0));
}

void apic_init_boot_cpu(uint64_t tsc_hz)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    uint32_t a, b, c, d;

    pagetable_map_hypervisor_page(FIXMAP_VIRT_START, (base & PTE_ADDR_MASK) >> PAGE_SHIFT,
                                  PTE_P | PTE_RW | PTE_PCD | PTE_PWT);
    apic_regs = (volatile uint32_t *)FIXMAP_VIRT_START;
    apic_enable();

    cpuid(1, 0, &a, &b, &c, &d);
    tsc_deadline = c & (1U << 24);
    if (!tsc_deadline)
        measure_apic_timer();
    apic_init_ap();
    printk("Local APIC %u: timer in %s mode, TSC %lu kHz\n", apic_id(),
           tsc_deadline ? "TSC-deadline" : "one-shot", tsc_hz / 1000);
}

void apic_timer_at(uint64_t tsc)
{
    if (tsc_deadline) {
        wrmsr(MSR_TSC_DEADLINE, tsc);
        return;
    }
    uint64_t now = rdtsc();
    uint64_t ticks = tsc > now ? ((tsc - now) << 10) / tsc_per_apic_tick_x1024 : 1;
    apic_write(APIC_TIMER_INITIAL, tsc ? (uint32_t)MIN(MAX(ticks, 1), UINT32_MAX) : 0);
}

static void send_icr(uint32_t dest, uint32_t command)
{
    while (apic_read(APIC_ICR_LOW) & ICR_BUSY)
        ;
    apic_write(APIC_ICR_HIGH, dest << 24);
    apic_write(APIC_ICR_LOW, command);
}

void apic_send_ipi(uint32_t dest, uint8_t vector)
{
    send_icr(dest, vector);
}

void apic_send_init(uint32_t dest)
{
    send_icr(dest, ICR_INIT | ICR_ASSERT);
}

void apic_send_startup(uint32_t dest, uint8_t page)
{
    send_icr(dest, ICR_STARTUP | ICR_ASSERT | page);
}
