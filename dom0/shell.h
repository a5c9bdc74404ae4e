/*
 * dom0's shell: a prompt on the console, the line editor (dom0/lineedit.h)
 * fed by console input (CONSOLEIO_read, announced by VIRQ_CONSOLE through
 * the main loop), and the commands of dom0/commands.c.  A line is split
 * into words at blanks; '...' and "..." quote, a backslash escapes the
 * next character, # starts a comment.
 */
#ifndef DOM0_SHELL_H
#define DOM0_SHELL_H

#include <stdint.h>

#define SHELL_PROMPT   "dom0# "
#define SHELL_MAX_ARGS 32

/* Runs one command line; its exit status (0 for an empty line). */
int shell_run_line(const char *line);

/*
 * Runs a script from the root file system, one command per line, each
 * shown after the prompt as if typed; -ENOENT and the like if it cannot
 * be read (nothing is printed then), else 0.
 */
int shell_run_script(const char *path);

/*
 * Binds VIRQ_CONSOLE and watches it in the main loop; 0 or the error.
 * Keys typed before shell_start() wait for the prompt.
 */
long shell_init(void);

/* Shows the prompt: from now on console input is the shell's. */
void shell_start(void);

/*
 * For a command that takes the console over (e.g. attaching to a domU's
 * console): up to `size` keys typed, waiting for them (serving the other
 * event sources meanwhile) until system time reaches `deadline` (0: no
 * limit); the count, 0 at the deadline, or a negative errno.
 */
long shell_read_keys(char *buf, unsigned size, uint64_t deadline);

#endif /* DOM0_SHELL_H */
