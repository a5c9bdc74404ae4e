/* The local APIC: this CPU's timer interrupt, IPIs, end of interrupt. */
#ifndef ARCH_X86_APIC_H
#define ARCH_X86_APIC_H

#include <stdint.h>

#define VECTOR_TIMER      0xF0
#define VECTOR_RESCHEDULE 0xF1
#define VECTOR_FLUSH      0xF2
#define VECTOR_SPURIOUS   0xFF

void apic_init_boot_cpu(uint64_t tsc_hz);
void apic_init_ap(void);
void apic_eoi(void);
uint32_t apic_id(void);

/* Fire VECTOR_TIMER when the TSC reaches tsc (0 = never). */
void apic_timer_at(uint64_t tsc);

void apic_send_ipi(uint32_t dest_apic_id, uint8_t vector);
void apic_send_init(uint32_t dest_apic_id);
void apic_send_startup(uint32_t dest_apic_id, uint8_t page);

#endif
