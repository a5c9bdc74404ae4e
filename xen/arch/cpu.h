/*
 * CPUs and time: what the scheduler, the timer queues and the boot path
 * need from the machine.
 */
#ifndef XEN_ARCH_CPU_H
#define XEN_ARCH_CPU_H

#include "xen/lib.h"

/* The time-stamp counter (the clock every guest sees too). */
uint64_t arch_read_tsc(void);

/* Calibrate the clocks and start this CPU's timer interrupt. */
void arch_time_init(void);

/* Start the other CPUs, at most max_cpus in all (0 = every one found). */
void arch_smp_init(unsigned max_cpus);

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

/* The vCPU running on this CPU (NULL when idle), inline from the arch. */
#include <asm/current.h>
#define current (arch_current())

#endif
