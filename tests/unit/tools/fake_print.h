/*
 * tools_printf on the host: everything the toolstack prints is kept in one
 * buffer the tests read and compare.  Shared by the toolstack's tests.
 */
#ifndef TESTS_UNIT_TOOLS_FAKE_PRINT_H
#define TESTS_UNIT_TOOLS_FAKE_PRINT_H

#include <stddef.h>

#define FAKE_PRINT_MAX 65536

/* Empty the buffer. */
void fake_print_reset(void);

/* What was printed since the last reset, NUL-terminated. */
const char *fake_print_output(void);
size_t fake_print_length(void);

/* Non-zero if more than FAKE_PRINT_MAX - 1 bytes were printed (the rest was dropped). */
int fake_print_overflowed(void);

#endif /* TESTS_UNIT_TOOLS_FAKE_PRINT_H */
