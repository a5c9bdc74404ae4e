/* The host stand-in for the arch layer (see fake_arch.c). */
#ifndef TESTS_UNIT_FAKE_ARCH_H
#define TESTS_UNIT_FAKE_ARCH_H

#include <setjmp.h>

#include "xen/arch/console.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/builder/layout.h"

#define FAKE_CONSOLE_SIZE 65536

extern char fake_console[FAKE_CONSOLE_SIZE];
extern size_t fake_console_len;
extern uint8_t *fake_ram;
extern mfn_t fake_ram_frames;
extern jmp_buf *fake_exit_jump; /* where arch_machine_exit() lands */
extern int fake_exit_status;

extern struct vcpu *fake_current;      /* what `current` is in a test */
extern uint64_t fake_tsc;              /* what arch_read_tsc() returns */
extern const char *fake_console_input; /* consumed by arch_console_read() */

/* What the PV MMU asked of the machine (counters reset by fake_mmu_reset). */
struct fake_mmu_log {
    unsigned flush_local, flush_one_local, flush_vcpus, flush_all, flush_cache;
    unsigned set_guest_table, set_ldt;
    uint64_t last_va;         /* of the last single-address flush */
    bool last_vcpus_all;      /* the last flush_vcpus had no mask */
    uint64_t last_vcpu_mask;  /* first word of its mask otherwise */
    bool last_cache_all_cpus; /* the last cache flush was for every CPU */
    uint64_t ldt_base;
    unsigned ldt_ents;
};
extern struct fake_mmu_log fake_mmu;
extern int fake_segdesc_result; /* what arch_validate_segdesc_page returns */
extern const struct xen_e820_entry *fake_e820;
extern size_t fake_e820_entries;
void fake_mmu_reset(void);

void fake_ram_init(mfn_t frames);
void fake_console_reset(void);

/* The status FAKE_EXPECT_EXIT gives when arch_domain_start() was reached. */
#define FAKE_EXIT_DOMAIN_STARTED 100

/* Run `stmt`, which must end the machine (or start a domain); evaluates to the exit status. */
#define FAKE_EXPECT_EXIT(stmt)   \
    ({                           \
        jmp_buf jump_;           \
        fake_exit_status = -1;   \
        fake_exit_jump = &jump_; \
        if (!setjmp(jump_)) {    \
            stmt;                \
        }                        \
        fake_exit_jump = NULL;   \
        fake_exit_status;        \
    })

/* CPUs and the timer interrupt, for the scheduler and the timers. */
#define FAKE_MAX_CPUS 64                            /* MAX_CPUS of xen/sched.h */
extern unsigned fake_cpu_id;                        /* what arch_cpu_id() returns */
extern uint64_t fake_timer_deadline[FAKE_MAX_CPUS]; /* last arch_timer_program, per CPU */
extern unsigned fake_timer_programs;                /* calls of arch_timer_program */
extern uint64_t fake_resched_ipi_mask;              /* CPUs sent a reschedule IPI */
extern unsigned fake_resched_ipis;                  /* calls of arch_send_reschedule */
void fake_set_time_ns(uint64_t ns);                 /* now_ns() returns ns from now on */
void fake_sched_reset(void);                        /* time 0, CPU 0, logs cleared */

/* Event upcalls the core asked the arch to deliver (arch_vcpu_kick). */
extern unsigned fake_vcpu_kicks;
extern struct vcpu *fake_last_kicked;

/* VCPUOP_initialise: the vCPU and context arch_vcpu_initialise got, what it returns. */
extern struct vcpu *fake_initialised_vcpu;
extern uint64_t fake_initialise_context;
extern long fake_initialise_result; /* 0: marks the vCPU initialised */

/* The start of day's calls into the arch (counters reset by fake_boot_reset). */
#define FAKE_MAX_DIRECTMAP 8
struct fake_boot_log {
    unsigned mm_init, time_init, smp_init;
    unsigned smp_max_cpus; /* arch_smp_init's argument */
    unsigned console_setups;
    char console[16], com1[32]; /* arch_console_setup's arguments */
    unsigned nr_directmap;      /* arch_directmap_add calls */
    paddr_t directmap[FAKE_MAX_DIRECTMAP][2];
    struct domain *started; /* arch_domain_start's domain */
};
extern struct fake_boot_log fake_boot;
void fake_boot_reset(void);

/* The builder's arch half (fake_build.c): what domain_build handed over. */
#define FAKE_MAX_BUILDS 8
struct fake_build_log {
    unsigned calls;
    struct domain *d; /* the last call's */
    struct dom0_layout layout;
    mfn_t *p2m;      /* a copy of the P2M it was given (freed by fake_build_reset) */
    uint64_t nr_p2m; /* its entries: d->max_pages */
    struct {
        struct domain *d;
        struct dom0_layout layout;
    } each[FAKE_MAX_BUILDS]; /* every call's, in order */
};
extern struct fake_build_log fake_build;
extern int fake_build_result; /* what arch_domain_build returns; 0 = success */
void fake_build_reset(void);

/* The fake text region the symbol table describes (fake_symbols.c). */
#define FAKE_TEXT_SIZE   256
#define FAKE_SYM_ENTRY   0   /* "fake_entry" */
#define FAKE_SYM_HANDLER 16  /* "fake_handler" */
#define FAKE_SYM_TAIL    100 /* "fake_tail", up to the end */
extern const char __text_start[], __text_end[];

#endif
