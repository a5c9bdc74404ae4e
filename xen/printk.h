/*
 * The hypervisor console: printk with log levels, panic.
 *
 * A message may start with a level prefix; messages above the console's
 * level (command line `loglvl=`) are dropped.  Every line is shown with
 * the "(XEN) " prefix, as Xen does.
 */
#ifndef XEN_PRINTK_H
#define XEN_PRINTK_H

#include <stdarg.h>

#include "xen/lib.h"

#define LOG_ERR \
    "\001"      \
    "1"
#define LOG_WARN \
    "\001"       \
    "2"
#define LOG_INFO \
    "\001"       \
    "3"
#define LOG_DEBUG \
    "\001"        \
    "4"

enum log_level { LOGLVL_NONE, LOGLVL_ERR, LOGLVL_WARN, LOGLVL_INFO, LOGLVL_DEBUG };

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

/* Write a guest's bytes to the console as they are (dom0's output). */
void console_write_raw(const char *text, size_t len);

/*
 * sysctl readconsole: copy to guest buffer buf at most *count bytes of the
 * console ring, from its oldest byte or (incremental, when still held)
 * from *index; *count becomes the bytes copied, *index the ring index
 * after them.  clear drops what was read from the ring.  0 or -EFAULT.
 */
int console_ring_read(uint64_t buf, uint32_t *count, uint32_t *index, bool incremental, bool clear);

/* Write a domU's bytes, each line prefixed "(d<id>) "; control characters dropped. */
void console_write_guest(unsigned domid, const char *text, size_t len);

/* Console input (xen/console_io.c): start polling; poll once (its timer's work). */
void console_input_start(void);
void console_input_poll(void);

/* Between these two every message is printed, whatever its level (debug keys). */
void console_start_log_everything(void);
void console_end_log_everything(void);

/* Set the level from its command-line name; -EINVAL for an unknown name. */
int console_set_level(const char *name);

/* Release the console whoever holds it: only for paths that end the machine. */
void console_force_unlock(void);

/* Print "Panic: ...", a backtrace, and end the machine. */
noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A refused boot: one clear message naming the problem, then a clean halt. */
noreturn void boot_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define BUG_ON(cond)                                              \
    do {                                                          \
        if (unlikely(cond))                                       \
            panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); \
    } while (0)

#endif
