/*
 * Where the toolstack's output goes: dom0's console (dom0/print.c), or on
 * the host a buffer the tests read (tests/unit/tools/).
 */
#ifndef TOOLS_PRINT_H
#define TOOLS_PRINT_H

int tools_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* TOOLS_PRINT_H */
