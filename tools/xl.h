/* xl, the toolstack's command line: `xl SUBCOMMAND [ARGS...]` as Xen's xl. */
#ifndef TOOLS_XL_H
#define TOOLS_XL_H

#include <stddef.h>
#include <stdint.h>

/* Run one xl command line (argv[0] is "xl"); its exit code, as Xen's xl's. */
int xl_main(int argc, char **argv);

/*
 * How xl reads files (configurations, kernels): 0 with the bytes in
 * *data[*len] (valid until the next call), or a negative errno.  dom0 sets
 * it to read its root file system; until it is set, `xl create` answers
 * that there is no file system.
 */
typedef int (*xl_file_reader)(const char *path, const void **data, size_t *len);
void xl_set_file_reader(xl_file_reader reader);

/*
 * xl's clock, for `xl uptime` and `xl top`: nanoseconds since the
 * hypervisor started (dom0 starts with it) and the wall clock in seconds
 * since the epoch (UTC).  dom0 sets them; unset, those commands say so.
 */
void xl_set_clock(uint64_t (*uptime_ns)(void), uint64_t (*wallclock_s)(void));

/* Note a domain's start for `xl uptime` (xl create does; dom0 need not). */
void xl_note_start(uint32_t domid);

/*
 * One pass of the domain lifecycle (tools/xl_lifecycle.c): each domain xl
 * created that has shut down gets its on_poweroff / on_reboot / on_crash
 * action.  xl_main runs one before each command; dom0 may run one on
 * VIRQ_DOM_EXC.
 */
void xl_lifecycle_poll(void);

#endif /* TOOLS_XL_H */
