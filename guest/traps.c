/*
 * Exceptions: the virtual IDT we register and what happens when one of
 * our handlers runs (see guest/traps.h for the rules).
 *
 * Invariant: trap_dispatch() never takes an exception itself.  A nested
 * one means the runtime is broken; it is reported and the guest crashes
 * rather than recursing.
 */
#include <stddef.h>

#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/runtime.h"
#include "guest/traps.h"

/* The 16-byte stubs, one per vector (guest/trap_entry.asm). */
extern const uint8_t trap_stubs[256 * 16];

volatile struct trap_record trap_last;
volatile uint64_t trap_count;
volatile uint64_t trap_fixup;

static struct trap_recovery *trap_recovery;
static unsigned trap_depth;

static const char *const trap_names[20] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#CSO",
    "#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
};

const char *trap_name(uint64_t vector)
{
    return vector < 20 ? trap_names[vector] : "vector";
}

uint64_t trap_handler(unsigned vector)
{
    return (uint64_t)&trap_stubs[(vector & 0xff) * 16];
}

static struct trap_info trap_entry(unsigned vector, unsigned dpl, bool mask_events)
{
    struct trap_info ti = {
        .vector = (uint8_t)vector,
        .flags = (uint8_t)((dpl & 3) | (mask_events ? 4 : 0)),
        .cs = FLAT_KERNEL_CS,
        .address = trap_handler(vector),
    };
    return ti;
}

long trap_init(void)
{
    struct trap_info table[21];

    for (unsigned v = 0; v < 20; v++)
        /* int3 and into may be raised from anywhere, as on bare metal. */
        table[v] = trap_entry(v, v == TRAP_BP || v == TRAP_OF ? 3 : 0, false);
    table[20] = (struct trap_info){ 0 };
    return hypercall_set_trap_table(table);
}

long trap_install(unsigned vector, unsigned dpl, bool mask_events)
{
    struct trap_info table[2] = { trap_entry(vector, dpl, mask_events), { 0 } };

    return hypercall_set_trap_table(table);
}

void expect_trap(const void *fixup)
{
    trap_fixup = (uint64_t)fixup;
}

bool trap_disarm(void)
{
    bool taken = trap_fixup == 0;

    trap_fixup = 0;
    return taken;
}

void trap_set_recovery(struct trap_recovery *r)
{
    trap_recovery = r;
}

static void trap_report(const struct trap_frame *f)
{
    printk("info: %s (vector %lu) error %#lx at rip %#lx rsp %#lx cs %#lx rflags %#lx\n",
           trap_name(f->vector), f->vector, f->error, f->rip, f->rsp, f->cs, f->rflags);
}

/* Called by trap_common (guest/trap_entry.asm) for every exception. */
void trap_dispatch(struct trap_frame *f);

void trap_dispatch(struct trap_frame *f)
{
    if (trap_depth++) {
        printk("fatal: exception inside the exception handler\n");
        trap_report(f);
        guest_crash();
    }

    trap_last.vector = f->vector;
    trap_last.error = f->error;
    trap_last.rip = f->rip;
    trap_last.cs = f->cs;
    trap_last.rflags = f->rflags;
    trap_last.rsp = f->rsp;
    trap_count++;

    /* A single-step trap would fire again after the return. */
    if (f->vector == TRAP_DB)
        f->rflags &= ~(uint64_t)X86_EFLAGS_TF;

    if (trap_fixup) {
        f->rip = trap_fixup;
        trap_fixup = 0;
    } else if (trap_recovery) {
        f->rip = (uint64_t)recovery_resume;
        f->rdi = (uint64_t)trap_recovery;
        trap_recovery = NULL;
    } else {
        printk("fatal: unexpected exception\n");
        trap_report(f);
        guest_crash();
    }
    trap_depth--;
}
