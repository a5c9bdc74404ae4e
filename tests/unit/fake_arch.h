/* The host stand-in for the arch layer (see fake_arch.c). */
#ifndef TESTS_UNIT_FAKE_ARCH_H
#define TESTS_UNIT_FAKE_ARCH_H

#include <setjmp.h>
#include "xen/arch.h"

#define FAKE_CONSOLE_SIZE   65536

extern char fake_console[FAKE_CONSOLE_SIZE];
extern size_t fake_console_len;
extern uint8_t *fake_ram;
extern mfn_t fake_ram_frames;
extern jmp_buf *fake_exit_jump;     /* where arch_machine_exit() lands */
extern int fake_exit_status;

extern struct vcpu *fake_current;   /* what `current` is in a test */

void fake_ram_init(mfn_t frames);
void fake_console_reset(void);

/* Run `stmt`, which must end the machine; evaluates to the exit status. */
#define FAKE_EXPECT_EXIT(stmt)                      \
    ({                                              \
        jmp_buf jump_;                              \
        fake_exit_status = -1;                      \
        fake_exit_jump = &jump_;                    \
        if (!setjmp(jump_)) {                       \
            stmt;                                   \
        }                                           \
        fake_exit_jump = NULL;                      \
        fake_exit_status;                           \
    })

#endif
