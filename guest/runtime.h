/*
 * The PV guest runtime: what every guest gets before guest_main() runs.
 *
 * guest/head.asm records the registers the builder started us with
 * (entry_regs), clears .bss, switches to our own stack and calls
 * runtime_start(), which installs the exception handlers (vectors 0-19)
 * and calls the guest's guest_main().  When guest_main() returns, the
 * guest powers off.
 */
#ifndef GUEST_RUNTIME_H
#define GUEST_RUNTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "public/xen.h"

/* Where guest.lds links every image. */
#define GUEST_VIRT_BASE 0xFFFFFFFF80000000UL
#define PAGE_SIZE       4096UL

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Registers at the first instruction, in guest/head.asm's order. */
struct entry_regs {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rflags;
    uint64_t cs, ss, ds, es, fs, gs;
};
extern struct entry_regs entry_regs;

/* What the builder handed us (entry_regs.rsi). */
extern const struct start_info *start_info;

/* Image bounds and our own stack (guest/guest.lds, guest/head.asm). */
extern char _image_start[], _end[];
extern char boot_stack[], boot_stack_top[];

/* Provided by each guest; its return value is ignored. */
int guest_main(const struct start_info *si);

void runtime_start(const struct start_info *si) __attribute__((noreturn));

/* SCHEDOP_shutdown; if the hypervisor refuses, spin yielding. */
void guest_shutdown(unsigned reason) __attribute__((noreturn));
void guest_poweroff(void) __attribute__((noreturn));
void guest_crash(void) __attribute__((noreturn));

/* True if needle occurs in haystack. */
bool str_contains(const char *haystack, const char *needle);

/* "-ENOSYS" for -38 and so on; "0" or "positive" for the rest. */
const char *errno_name(long rc);

#endif /* GUEST_RUNTIME_H */
