#ifndef TESTS_UNIT_FAKE_GUEST_MEMORY_H
#define TESTS_UNIT_FAKE_GUEST_MEMORY_H

#include <stddef.h>

/* Make [start, start + len) of host memory readable/writable as guest memory. */
void fake_guest_memory_add(void *start, size_t len);
void fake_guest_memory_reset(void);

#endif
