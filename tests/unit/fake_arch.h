/* The host stand-in for the arch layer (see fake_arch.c). */
#ifndef TESTS_UNIT_FAKE_ARCH_H
#define TESTS_UNIT_FAKE_ARCH_H

#include <setjmp.h>
#include "xen/arch/console.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"

#define FAKE_CONSOLE_SIZE 65536

extern char fake_console[FAKE_CONSOLE_SIZE];
extern size_t fake_console_len;
extern uint8_t *fake_ram;
extern mfn_t fake_ram_frames;
extern jmp_buf *fake_exit_jump; /* where arch_machine_exit() lands */
extern int fake_exit_status;

extern struct vcpu *fake_current;
extern uint64_t fake_tsc;
extern const char *fake_console_input;  /* consumed by arch_console_read() */ /* what arch_read_tsc() returns */ /* what `current` is in a test */

/* What the PV MMU asked of the machine (counters reset by fake_mmu_reset). */
struct fake_mmu_log {
    unsigned flush_local, flush_one_local, flush_vcpus, flush_all, flush_cache;
    unsigned set_guest_table, set_ldt;
    uint64_t last_va;        /* of the last single-address flush */
    bool last_vcpus_all;     /* the last flush_vcpus had no mask */
    uint64_t last_vcpu_mask; /* first word of its mask otherwise */
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

/* Run `stmt`, which must end the machine; evaluates to the exit status. */
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

#endif
