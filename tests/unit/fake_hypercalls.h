#ifndef TESTS_UNIT_FAKE_HYPERCALLS_H
#define TESTS_UNIT_FAKE_HYPERCALLS_H

/* What a fake arch handler for hypercall nr returns. */
#define FAKE_HYPERCALL_RESULT(nr) (1000 + (nr))

extern int fake_hypercall_last; /* number of the last fake handler run */

#endif
