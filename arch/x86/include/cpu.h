/* Thin wrappers over single x86 instructions. */
#ifndef ARCH_X86_CPU_H
#define ARCH_X86_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/include/processor.h"

static inline void outb(uint16_t port, uint8_t value)
{
    asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t value)
{
    asm volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t value)
{
    asm volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t value;

    asm volatile("inw %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t value;

    asm volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t value;

    asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

#define DEFINE_READ_CR(n)                                 \
    static inline uint64_t read_cr##n(void)               \
    {                                                     \
        uint64_t value;                                   \
        asm volatile("mov %%cr" #n ", %0" : "=r"(value)); \
        return value;                                     \
    }
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)

static inline void write_cr0(uint64_t value)
{
    asm volatile("mov %0, %%cr0" : : "r"(value) : "memory");
}

static inline void write_cr3(uint64_t value)
{
    asm volatile("mov %0, %%cr3" : : "r"(value) : "memory");
}

static inline void write_cr4(uint64_t value)
{
    asm volatile("mov %0, %%cr4" : : "r"(value) : "memory");
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t value)
{
    asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32)));
}

static inline void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *a, uint32_t *b, uint32_t *c,
                         uint32_t *d)
{
    asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(subleaf));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void invlpg(const void *va)
{
    asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void halt_forever(void)
{
    for (;;)
        asm volatile("cli; hlt");
}

/* The debug registers: n is 0-3, 6 or 7. */
static inline void write_dr(unsigned n, uint64_t value)
{
    switch (n) {
    case 0:
        asm volatile("mov %0, %%db0" : : "r"(value));
        break;
    case 1:
        asm volatile("mov %0, %%db1" : : "r"(value));
        break;
    case 2:
        asm volatile("mov %0, %%db2" : : "r"(value));
        break;
    case 3:
        asm volatile("mov %0, %%db3" : : "r"(value));
        break;
    case 6:
        asm volatile("mov %0, %%db6" : : "r"(value));
        break;
    case 7:
        asm volatile("mov %0, %%db7" : : "r"(value));
        break;
    }
}

static inline uint64_t read_dr6(void)
{
    uint64_t value;

    asm volatile("mov %%db6, %0" : "=r"(value));
    return value;
}

#endif
