#ifndef ARCH_X86_TSC_H
#define ARCH_X86_TSC_H

#include <stdint.h>

/* TSC ticks per second, measured against the PIT. */
uint64_t tsc_calibrate(void);

/* The CMOS clock, in seconds since 1970 (UTC assumed). */
uint64_t rtc_read_seconds(void);

#endif
