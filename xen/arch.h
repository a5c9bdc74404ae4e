/*
 * What the core (xen/) needs from the architecture.  arch/x86/ implements
 * it on the machine; tests/unit/fake_arch.c implements it on the host so the
 * unit tests link the real core files.
 */
#ifndef XEN_ARCH_H
#define XEN_ARCH_H

#include "xen/lib.h"

struct domain;
struct vcpu;

/* Machine exit statuses (written to QEMU's isa-debug-exit port, see docs). */
enum machine_status {
    MACHINE_POWEROFF = 0,   /* dom0 powered off cleanly */
    MACHINE_PANIC = 1,      /* hypervisor panic or fault */
    MACHINE_BAD_BOOT = 2,   /* boot refused: bad input from the loader */
    MACHINE_DOM0_CRASH = 3, /* dom0 crashed */
    MACHINE_REBOOT = 4,     /* dom0 asked for a reboot */
};

/* Write to the hypervisor's console (serial).  Never fails. */
void arch_console_write(const char *text, size_t len);

/* Console input already received: up to max bytes, never waits. */
size_t arch_console_read(char *buf, size_t max);

/* Apply console= and com1= from the command line. */
void arch_console_setup(const char *console, const char *com1);

/* End the machine with a status: stop QEMU if it listens, else halt. */
noreturn void arch_machine_exit(enum machine_status status);

/* Print a symbolized backtrace of the calling context. */
void arch_backtrace(void);

/* The time-stamp counter (the clock every guest sees too). */
uint64_t arch_read_tsc(void);

/* The direct map: every RAM frame has a hypervisor virtual address. */
void *arch_mfn_to_virt(mfn_t mfn);
mfn_t arch_virt_to_mfn(const void *va);

/* The page allocator works: set up what needs memory (the M2P). */
void arch_mm_init(void);

/* Calibrate the clocks and start this CPU's timer interrupt. */
void arch_time_init(void);

/* Start the other CPUs, at most max_cpus in all (0 = every one found). */
void arch_smp_init(unsigned max_cpus);

/* Start running a built domain's vCPU 0 on this CPU. */
noreturn void arch_domain_start(struct domain *d);

/* Extend the direct map over RAM the boot mapping does not cover. */
void arch_directmap_add(paddr_t start, paddr_t end);

/* The image's build id (bytes) and its length. */
const uint8_t *arch_build_id(size_t *len);

/* Architecture state of domains and vCPUs: 0 or -ENOMEM. */
int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);

/* A dying domain lets go of the frames its arch state holds (GDT, LDT). */
void arch_domain_relinquish(struct domain *d);

/* Tell held() each frame reference the arch state holds, with its type (the audit). */
void arch_domain_held_frames(struct domain *d, void (*held)(void *ctx, mfn_t mfn, uint64_t type),
                             void *ctx);

/* The domain stopped running (shutdown or crash): deschedule it. */
void arch_domain_shutdown(struct domain *d);

/*
 * v was just given a pending event upcall (evtchn_upcall_pending went from
 * 0 to 1): make it notice soon, waking it if it is blocked and interrupting
 * it if it runs on another CPU.  Called with event-channel locks held.
 */
void arch_vcpu_kick(struct vcpu *v);

/*
 * May an I/O-capable domain map this frame?  Not beyond the physical
 * address width, nor the hypervisor's own device registers.
 */
bool arch_iomem_allowed(mfn_t mfn);

/* VCPUOP_initialise: v's context from a guest vcpu_guest_context. */
long arch_vcpu_initialise(struct vcpu *v, uint64_t guest_context);

/* The vCPU running on this CPU (NULL when idle), inline from the arch. */
#include <asm/current.h>
#define current (arch_current())

/*
 * What the PV MMU (xen/page_types.c, xen/pagetable.c, xen/mmu.c,
 * xen/memory.c) needs from the machine.
 */
struct xen_e820_entry;

/* Flush this CPU's TLB (non-global entries), or one address of it. */
void arch_flush_tlb_local(void);
void arch_flush_tlb_one_local(uint64_t va);

/*
 * Flush the TLBs of d's vCPUs whose bit is set in vcpu_mask (bit i of word
 * i / 64; NULL = all of them): everything, or just va when one is true.
 */
void arch_flush_tlb_vcpus(struct domain *d, const uint64_t *vcpu_mask, bool one, uint64_t va);

/* Flush every CPU's TLB: a frame stops being writable by any guest. */
void arch_flush_tlb_all(void);

/* Write back and invalidate caches, on this CPU or on all of them. */
void arch_flush_cache(bool all_cpus);

/* v's page-table base (guest_table / guest_table_user) changed: reload it. */
void arch_set_guest_table(struct vcpu *v);

/* The LDT of the current vCPU is now ents entries at base (0 entries = none). */
void arch_set_ldt(struct vcpu *v, uint64_t base, unsigned ents);

/*
 * Check (and fix up) a page of segment descriptors a guest wants to use as
 * GDT/LDT frame, owned by d: 0, or -EINVAL if any descriptor is unsafe.
 */
int arch_validate_segdesc_page(struct domain *d, void *page);

/* The machine memory map (for XENMEM_machine_memory_map): entries, count. */
size_t arch_machine_memory_map(const struct xen_e820_entry **map);

/*
 * What the scheduler and the timer queues (xen/sched.c, xen/timer.c) need
 * from the machine.
 */

/* The calling CPU's number, 0..nr_cpus-1 (the boot CPU is 0). */
unsigned arch_cpu_id(void);

/*
 * Program this CPU's one-shot timer interrupt for system time deadline_ns
 * (0 = none; a deadline already past fires at once).  Only xen/timer.c
 * calls it; the interrupt handler calls timers_run(arch_cpu_id()).
 */
void arch_timer_program(uint64_t deadline_ns);

/*
 * Interrupt another CPU (IPI) so that it leaves the guest or its idle halt
 * and, on its way back, sees sched_need_resched(cpu).
 */
void arch_send_reschedule(unsigned cpu);

#endif
