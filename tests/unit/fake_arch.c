/*
 * The arch layer on the host, for unit tests: console output is collected
 * in a buffer, "machine frames" are a heap-allocated array of pages, and a
 * machine exit longjmps back to the test that expected it.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/fake_arch.h"
#include "xen/arch/console.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/sched.h"
#include "xen/time.h"

char fake_console[FAKE_CONSOLE_SIZE];
size_t fake_console_len;
uint8_t *fake_ram;
mfn_t fake_ram_frames;
jmp_buf *fake_exit_jump;
int fake_exit_status = -1;

void fake_ram_init(mfn_t frames)
{
    free(fake_ram);
    fake_ram = aligned_alloc(PAGE_SIZE, frames * PAGE_SIZE);
    fake_ram_frames = frames;
}

void fake_console_reset(void)
{
    fake_console_len = 0;
    fake_console[0] = '\0';
}

void arch_console_write(const char *text, size_t len)
{
    size_t room = FAKE_CONSOLE_SIZE - 1 - fake_console_len;

    len = len < room ? len : room;
    memcpy(fake_console + fake_console_len, text, len);
    fake_console_len += len;
    fake_console[fake_console_len] = '\0';
}

const char *fake_console_input; /* what the "serial port" has received */

size_t arch_console_read(char *buf, size_t max)
{
    size_t n = 0;

    while (fake_console_input && *fake_console_input && n < max)
        buf[n++] = *fake_console_input++;
    return n;
}

/* The start of day's requests. */
struct fake_boot_log fake_boot;

void fake_boot_reset(void)
{
    memset(&fake_boot, 0, sizeof(fake_boot));
}

void arch_console_setup(const char *console, const char *com1)
{
    fake_boot.console_setups++;
    str_copy(fake_boot.console, console, sizeof(fake_boot.console));
    str_copy(fake_boot.com1, com1, sizeof(fake_boot.com1));
}

noreturn void arch_machine_exit(enum machine_status status)
{
    fake_exit_status = status;
    if (fake_exit_jump)
        longjmp(*fake_exit_jump, 1);
    fprintf(stderr, "unexpected machine exit %d; console:\n%s\n", status, fake_console);
    abort();
}

void arch_backtrace(void)
{
}

void *arch_mfn_to_virt(mfn_t mfn)
{
    if (mfn >= fake_ram_frames) {
        fprintf(stderr, "fake arch: frame %#lx outside fake RAM\n", (unsigned long)mfn);
        abort();
    }
    return fake_ram + mfn * PAGE_SIZE;
}

mfn_t arch_virt_to_mfn(const void *va)
{
    return (mfn_t)(((const uint8_t *)va - fake_ram) / PAGE_SIZE);
}

void arch_mm_init(void)
{
    fake_boot.mm_init++;
}

void arch_time_init(void)
{
    fake_boot.time_init++;
}

void arch_smp_init(unsigned max_cpus)
{
    fake_boot.smp_init++;
    fake_boot.smp_max_cpus = max_cpus;
}

/* The fake cannot run a guest: the boot path ends here, back in the test. */
noreturn void arch_domain_start(struct domain *d)
{
    fake_boot.started = d;
    fake_exit_status = FAKE_EXIT_DOMAIN_STARTED;
    if (fake_exit_jump)
        longjmp(*fake_exit_jump, 1);
    fprintf(stderr, "fake arch cannot run domains\n");
    abort();
}

uint64_t fake_tsc;

uint64_t arch_read_tsc(void)
{
    return fake_tsc;
}

void arch_directmap_add(paddr_t start, paddr_t end)
{
    if (fake_boot.nr_directmap < FAKE_MAX_DIRECTMAP) {
        fake_boot.directmap[fake_boot.nr_directmap][0] = start;
        fake_boot.directmap[fake_boot.nr_directmap][1] = end;
    }
    fake_boot.nr_directmap++;
}

const uint8_t *arch_build_id(size_t *len)
{
    static const uint8_t id[4] = { 0xde, 0xad, 0xbe, 0xef };

    *len = sizeof(id);
    return id;
}

struct vcpu *fake_current;

int arch_domain_create(struct domain *d)
{
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
}

int arch_vcpu_create(struct vcpu *v)
{
    return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
}

void arch_domain_shutdown(struct domain *d)
{
}

void arch_domain_relinquish(struct domain *d)
{
}

/* The PV MMU's hooks: remember what was asked. */
uint64_t *m2p_table;
struct fake_mmu_log fake_mmu;
int fake_segdesc_result;
const struct xen_e820_entry *fake_e820;
size_t fake_e820_entries;

void fake_mmu_reset(void)
{
    memset(&fake_mmu, 0, sizeof(fake_mmu));
    fake_segdesc_result = 0;
    fake_e820 = NULL;
    fake_e820_entries = 0;
}

void arch_flush_tlb_local(void)
{
    fake_mmu.flush_local++;
}

void arch_flush_tlb_one_local(uint64_t va)
{
    fake_mmu.flush_one_local++;
    fake_mmu.last_va = va;
}

void arch_flush_tlb_vcpus(struct domain *d, const uint64_t *vcpu_mask, bool one, uint64_t va)
{
    fake_mmu.flush_vcpus++;
    fake_mmu.last_vcpus_all = !vcpu_mask;
    fake_mmu.last_vcpu_mask = vcpu_mask ? vcpu_mask[0] : 0;
    if (one)
        fake_mmu.last_va = va;
}

void arch_flush_tlb_all(void)
{
    fake_mmu.flush_all++;
}

void arch_flush_cache(bool all_cpus)
{
    fake_mmu.flush_cache++;
    fake_mmu.last_cache_all_cpus = all_cpus;
}

int arch_cache_flush_for_device(bool clean, bool invalidate)
{
    if (!clean)
        return -EOPNOTSUPP;
    fake_mmu.flush_cache++;
    fake_mmu.last_cache_all_cpus = false;
    return 0;
}

void arch_set_guest_table(struct vcpu *v)
{
    fake_mmu.set_guest_table++;
}

void arch_set_ldt(struct vcpu *v, uint64_t base, unsigned ents)
{
    fake_mmu.set_ldt++;
    fake_mmu.ldt_base = base;
    fake_mmu.ldt_ents = ents;
}

int arch_validate_segdesc_page(struct domain *d, void *page)
{
    return fake_segdesc_result;
}

size_t arch_machine_memory_map(const struct xen_e820_entry **map)
{
    *map = fake_e820;
    return fake_e820_entries;
}

/* Event upcalls: count the kicks, and wake a sleeper as the arch must. */
unsigned fake_vcpu_kicks;
struct vcpu *fake_last_kicked;

void arch_vcpu_kick(struct vcpu *v)
{
    fake_vcpu_kicks++;
    fake_last_kicked = v;
    vcpu_wake(v);
}

/*
 * The scheduler's and the timers' hooks: a settable CPU, logs of what was
 * asked.  System time is xen/time.c's now_ns() over fake_tsc, which
 * fake_set_time_ns() runs at 1 GHz so that ticks are nanoseconds.
 */
unsigned fake_cpu_id;
uint64_t fake_timer_deadline[FAKE_MAX_CPUS];
unsigned fake_timer_programs;
uint64_t fake_resched_ipi_mask;
unsigned fake_resched_ipis;
_Static_assert(FAKE_MAX_CPUS == MAX_CPUS, "fake CPU arrays cover every CPU");

void fake_set_time_ns(uint64_t ns)
{
    time_init(1000000000, 0, 0);
    fake_tsc = ns;
}

void fake_sched_reset(void)
{
    fake_set_time_ns(0);
    fake_cpu_id = 0;
    memset(fake_timer_deadline, 0, sizeof(fake_timer_deadline));
    fake_timer_programs = 0;
    fake_resched_ipi_mask = 0;
    fake_resched_ipis = 0;
}

unsigned arch_cpu_id(void)
{
    return fake_cpu_id;
}

void arch_timer_program(uint64_t deadline_ns)
{
    fake_timer_deadline[fake_cpu_id] = deadline_ns;
    fake_timer_programs++;
}

void arch_send_reschedule(unsigned cpu)
{
    fake_resched_ipi_mask |= 1UL << cpu;
    fake_resched_ipis++;
}

/* VCPUOP_initialise: the arch reads the context; here it is only remembered. */
struct vcpu *fake_initialised_vcpu;
uint64_t fake_initialise_context;
long fake_initialise_result;

long arch_vcpu_initialise(struct vcpu *v, uint64_t guest_context)
{
    fake_initialised_vcpu = v;
    fake_initialise_context = guest_context;
    if (fake_initialise_result)
        return fake_initialise_result;
    v->initialised = true;
    return 0;
}

bool arch_iomem_allowed(mfn_t mfn)
{
    return mfn < (1UL << 24); /* a 36-bit machine */
}

void arch_domain_held_frames(struct domain *d, void (*held)(void *ctx, mfn_t mfn, uint64_t type),
                             void *ctx)
{
}
