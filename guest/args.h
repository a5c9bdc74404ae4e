/*
 * The guest's command line (start_info.cmd_line) as words: `name` or
 * `name=value`, separated by spaces.  Lets one image play several roles
 * in a multi-domain test.
 */
#ifndef GUEST_ARGS_H
#define GUEST_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if the word `name` or `name=...` is on the command line. */
bool arg_present(const char *name);

/* The value of `name=<number>` (decimal or 0x hex), else dflt. */
uint64_t arg_uint(const char *name, uint64_t dflt);

/* Copies the value of `name=<text>` into buf (NUL-terminated); false if absent. */
bool arg_string(const char *name, char *buf, size_t size);

#endif /* GUEST_ARGS_H */
