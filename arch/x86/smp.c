/*
 * Bringing up the other CPUs.  The boot CPU finds them in the ACPI MADT,
 * prepares each one's tables, stack and per-CPU data, copies the real-mode
 * trampoline below 1 MiB (memory we never give out) and sends INIT and two
 * startup IPIs; the CPU reports in from ap_start() and goes idle.  One CPU
 * at a time, so the trampoline's variables serve them all.
 */
#include "arch/x86/acpi.h"
#include "arch/x86/apic.h"
#include "arch/x86/asm_linkage.h"
#include "arch/x86/cpu_tables.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/include/layout.h"
#include "arch/x86/include/processor.h"
#include "arch/x86/include/pte_bits.h"
#include "arch/x86/percpu.h"
#include "arch/x86/smp.h"
#include "xen/arch/cpu.h"
#include "xen/arch/mm.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/time.h"
#include "xen/xmalloc.h"

#define TRAMPOLINE_PADDR   0x8000
#define STARTUP_TIMEOUT_NS (1000UL * 1000 * 1000)

unsigned nr_cpus = 1;
static volatile unsigned cpu_arrived;
uint32_t cpu_apic_id[MAX_CPUS];
static uint32_t found_apic_ids[MAX_CPUS];

static void delay_ns(uint64_t ns)
{
    uint64_t until = now_ns() + ns;

    while (now_ns() < until)
        asm volatile("pause");
}

/* The AP's first C code, on its own stack, still on the trampoline tables. */
static noreturn void ap_start(void)
{
    unsigned cpu = nr_cpus;
    struct percpu *p = percpu_of[cpu];

    write_cr3((uint64_t)idle_l4 - XEN_VIRT_START);
    desc_init_cpu(cpu);
    percpu_init(p, cpu, p->stack_top);
    apic_init_ap();
    __atomic_store_n(&cpu_arrived, cpu, __ATOMIC_RELEASE);
    cpu_idle_loop();
}

/* A page table for the switch to long mode: the hypervisor, plus 1:1 below 2 MiB. */
static mfn_t trampoline_page_table(void)
{
    struct page_info *pg = alloc_pages(2);
    if (!pg)
        panic("out of memory starting CPUs");
    uint64_t *l4 = arch_mfn_to_virt(page_to_mfn(pg));
    uint64_t *l3 = l4 + 512, *l2 = l4 + 1024;

    memset(l4, 0, 3 * PAGE_SIZE);
    for (unsigned slot = 256; slot < 512; slot++)
        l4[slot] = idle_l4[slot];
    l4[0] = (arch_virt_to_mfn(l3) << PAGE_SHIFT) | PTE_P | PTE_RW;
    l3[0] = (arch_virt_to_mfn(l2) << PAGE_SHIFT) | PTE_P | PTE_RW;
    l2[0] = PTE_P | PTE_RW | PTE_PSE;
    return page_to_mfn(pg);
}

/* Where a trampoline symbol lives in the copy below 1 MiB. */
static void *trampoline_copy(const void *symbol)
{
    return (uint8_t *)arch_mfn_to_virt(0) + TRAMPOLINE_PADDR +
           ((const char *)symbol - trampoline_start);
}

static int start_cpu(unsigned cpu, uint32_t apic, mfn_t tables)
{
    struct page_info *stack = alloc_pages(2); /* 16 KiB, aligned: see STACK_SIZE */
    struct percpu *p = xmalloc_obj(struct percpu);

    if (!stack || !p || desc_prepare_cpu(cpu))
        return -ENOMEM;
    p->stack_top = (uint64_t)arch_mfn_to_virt(page_to_mfn(stack)) + STACK_SIZE;
    percpu_of[cpu] = p;
    memcpy(trampoline_copy(trampoline_start), trampoline_start, trampoline_end - trampoline_start);
    *(uint64_t *)trampoline_copy(&tramp_cr3) = tables << PAGE_SHIFT;
    *(uint64_t *)trampoline_copy(&tramp_efer) = rdmsr(MSR_EFER) & ~EFER_LMA;
    /* Below the guest frame at the top, aligned as if ap_start had been called. */
    *(uint64_t *)trampoline_copy(&tramp_stack) = p->stack_top - sizeof(struct cpu_regs) - 8;
    *(uint64_t *)trampoline_copy(&tramp_entry) = (uint64_t)ap_start;

    apic_send_init(apic);
    delay_ns(10 * 1000 * 1000);
    for (unsigned i = 0; i < 2 && cpu_arrived != cpu; i++) {
        apic_send_startup(apic, TRAMPOLINE_PADDR >> PAGE_SHIFT);
        delay_ns(200 * 1000);
    }
    uint64_t deadline = now_ns() + STARTUP_TIMEOUT_NS;
    while (__atomic_load_n(&cpu_arrived, __ATOMIC_ACQUIRE) != cpu && now_ns() < deadline)
        asm volatile("pause");
    return cpu_arrived == cpu ? 0 : -ETIMEDOUT;
}

void arch_smp_init(unsigned max_cpus)
{
    smp_boot_cpus(max_cpus ? max_cpus : MAX_CPUS);
    sched_init(nr_cpus);
}

void smp_boot_cpus(unsigned max_cpus)
{
    unsigned found = acpi_find_cpus(found_apic_ids, MAX_CPUS);
    uint32_t self = apic_id();
    mfn_t tables;

    cpu_apic_id[0] = self;
    if (found <= 1 || max_cpus <= 1)
        return;
    tables = trampoline_page_table();
    for (unsigned i = 0; i < found && nr_cpus < max_cpus; i++) {
        if (found_apic_ids[i] == self)
            continue;
        int rc = start_cpu(nr_cpus, found_apic_ids[i], tables);
        if (rc) {
            printk(LOG_WARN "CPU with APIC id %u did not start (%d)\n", found_apic_ids[i], rc);
            continue;
        }
        cpu_apic_id[nr_cpus] = found_apic_ids[i];
        printk("CPU%u up (APIC id %u)\n", nr_cpus, found_apic_ids[i]);
        nr_cpus++;
    }
    free_pages(mfn_to_page(tables), 2);
    printk("%u CPUs online\n", nr_cpus);
}
