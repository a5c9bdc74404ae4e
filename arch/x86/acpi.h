#ifndef ARCH_X86_ACPI_H
#define ARCH_X86_ACPI_H

#include <stdint.h>

/* The APIC ids of the enabled CPUs (MADT order); 0 if no MADT was found. */
unsigned acpi_find_cpus(uint32_t *apic_ids, unsigned max);

#endif
