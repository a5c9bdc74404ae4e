/*
 * Time sources: the TSC (calibrated at boot against the PIT, whose rate is
 * fixed) and the CMOS real-time clock (read once, for the wall clock).
 */
#include "arch/x86/apic.h"
#include "arch/x86/include/cpu.h"
#include "arch/x86/tsc.h"
#include "xen/arch/cpu.h"
#include "xen/time.h"

#define PIT_HZ       1193182
#define PIT_CH2      0x42
#define PIT_MODE     0x43
#define PIT_GATE     0x61
#define PIT_OUT2     0x20
#define CALIBRATE_MS 20

uint64_t arch_read_tsc(void)
{
    return rdtsc();
}

uint64_t tsc_calibrate(void)
{
    const uint32_t latch = PIT_HZ * CALIBRATE_MS / 1000;
    uint64_t start, end;

    outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01); /* gate on, speaker off */
    outb(PIT_MODE, 0xB0);                           /* channel 2, mode 0, 16-bit */
    outb(PIT_CH2, latch & 0xFF);
    outb(PIT_CH2, latch >> 8);
    start = rdtsc();
    while (!(inb(PIT_GATE) & PIT_OUT2))
        ;
    end = rdtsc();
    return (end - start) * PIT_HZ / latch;
}

void arch_time_init(void)
{
    uint64_t hz = tsc_calibrate();

    time_init(hz, rdtsc(), rtc_read_seconds());
    apic_init_boot_cpu(hz);
}

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static unsigned from_bcd(uint8_t v, bool bcd)
{
    return bcd ? (v & 0x0F) + (v >> 4) * 10 : v;
}

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). */
static uint64_t days_since_epoch(unsigned year, unsigned month, unsigned day)
{
    if (month <= 2) {
        year--;
        month += 12;
    }
    uint64_t days =
        365UL * year + year / 4 - year / 100 + year / 400 + (153 * (month - 3) + 2) / 5 + day - 1;
    return days - 719468; /* the same count for 1970-01-01 */
}

uint64_t rtc_read_seconds(void)
{
    while (cmos_read(0x0A) & 0x80) /* update in progress */
        ;
    bool bcd = !(cmos_read(0x0B) & 0x04);
    unsigned sec = from_bcd(cmos_read(0x00), bcd);
    unsigned min = from_bcd(cmos_read(0x02), bcd);
    unsigned hour = from_bcd(cmos_read(0x04) & 0x7F, bcd);
    unsigned day = from_bcd(cmos_read(0x07), bcd);
    unsigned month = from_bcd(cmos_read(0x08), bcd);
    unsigned year = from_bcd(cmos_read(0x09), bcd) + 100 * from_bcd(cmos_read(0x32), bcd);

    if (year < 1970)
        year += 100;
    return days_since_epoch(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
}
