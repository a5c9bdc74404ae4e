/*
 * printk: format into a line buffer, filter by level, and write to the
 * console with "(XEN) " at the start of each line.  One lock keeps lines
 * from different CPUs whole.  Everything written also goes into the
 * console ring, which the control domain reads with sysctl readconsole.
 */
#include "common/format.h"
#include "xen/arch/console.h"
#include "xen/guest_access.h"
#include "xen/printk.h"
#include "xen/spinlock.h"

#define NO_DOMU      (~0U)
#define CONRING_SIZE 16384U /* bytes the console ring keeps, a power of two */

static enum log_level console_level = LOGLVL_INFO;
static unsigned log_everything; /* > 0: every level is printed (debug keys) */
static bool at_line_start = true;
static unsigned line_domid = NO_DOMU; /* whose line: a domU, or NO_DOMU (hypervisor, dom0) */
static spinlock_t console_lock = SPINLOCK_INIT;

/* The ring: free-running indices (oldest byte kept, next byte), under console_lock. */
static char conring[CONRING_SIZE];
static uint32_t conring_cons, conring_prod;

/* Under the lock: to the console and into the ring, whose oldest bytes go when it is full. */
static void console_out(const char *text, size_t len)
{
    arch_console_write(text, len);
    for (size_t i = 0; i < len; i++)
        conring[conring_prod++ & (CONRING_SIZE - 1)] = text[i];
    if (conring_prod - conring_cons > CONRING_SIZE)
        conring_cons = conring_prod - CONRING_SIZE;
}

int console_ring_read(uint64_t buf, uint32_t *count, uint32_t *index, bool incremental, bool clear)
{
    uint32_t sofar = 0, c, p;
    char chunk[256];

    spin_lock(&console_lock);
    c = conring_cons;
    p = conring_prod;
    spin_unlock(&console_lock);
    /* An index within what the ring holds continues a reader's last read (as Xen). */
    if (incremental && (c <= p ? c < *index && *index <= p : c < *index || *index <= p))
        c = *index;
    /* Copied out a chunk at a time: never touch guest memory holding the console. */
    while (c != p && sofar < *count) {
        uint32_t len = p - c;

        len = len < sizeof(chunk) ? len : sizeof(chunk);
        len = len < *count - sofar ? len : *count - sofar;
        spin_lock(&console_lock);
        for (uint32_t i = 0; i < len; i++)
            chunk[i] = conring[(c + i) & (CONRING_SIZE - 1)];
        spin_unlock(&console_lock);
        if (copy_to_guest(buf + sofar, chunk, len))
            return -EFAULT;
        sofar += len;
        c += len;
    }
    if (clear) {
        spin_lock(&console_lock);
        conring_cons = p - c > CONRING_SIZE ? p - CONRING_SIZE : c;
        spin_unlock(&console_lock);
    }
    *count = sofar;
    *index = c;
    return 0;
}

static const char *const level_names[] = {
    [LOGLVL_NONE] = "none", [LOGLVL_ERR] = "error",   [LOGLVL_WARN] = "warning",
    [LOGLVL_INFO] = "info", [LOGLVL_DEBUG] = "debug",
};

/*
 * Under the lock: a domU's unfinished line, or another's when a domU
 * writes, ends here so that the next writer starts a line of its own.  (On
 * Xen a domU's line is only printed whole.)  The hypervisor and dom0 share
 * lines, as on Xen.
 */
static void line_claim(unsigned domid)
{
    if (!at_line_start && line_domid != domid) {
        console_out("\n", 1);
        at_line_start = true;
    }
    line_domid = domid;
}

void console_write_raw(const char *text, size_t len)
{
    if (!len)
        return;
    spin_lock(&console_lock);
    line_claim(NO_DOMU);
    /* dom0's own output is not kept in the ring, as on Xen: it may be interactive. */
    arch_console_write(text, len);
    at_line_start = text[len - 1] == '\n';
    spin_unlock(&console_lock);
}

void console_write_guest(unsigned domid, const char *text, size_t len)
{
    char prefix[16];
    int plen = fmt_snprintf(prefix, sizeof(prefix), "(d%u) ", domid);

    spin_lock(&console_lock);
    line_claim(domid);
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c != '\n' && c != '\t' && (c < ' ' || c > '~'))
            continue;
        if (at_line_start)
            console_out(prefix, plen);
        console_out(&c, 1);
        at_line_start = c == '\n';
    }
    spin_unlock(&console_lock);
}

void console_start_log_everything(void)
{
    __atomic_add_fetch(&log_everything, 1, __ATOMIC_RELAXED);
}

void console_end_log_everything(void)
{
    __atomic_sub_fetch(&log_everything, 1, __ATOMIC_RELAXED);
}

int console_set_level(const char *name)
{
    if (!strcmp(name, "all")) {
        console_level = LOGLVL_DEBUG;
        return 0;
    }
    for (unsigned i = 0; i < ARRAY_SIZE(level_names); i++) {
        if (!strcmp(name, level_names[i])) {
            console_level = i;
            return 0;
        }
    }
    return -EINVAL;
}

static void console_emit(const char *text, size_t len)
{
    static const char prefix[] = "(XEN) ";

    line_claim(NO_DOMU);
    while (len) {
        if (at_line_start) {
            console_out(prefix, sizeof(prefix) - 1);
            at_line_start = false;
        }
        size_t chunk = 0;
        while (chunk < len && text[chunk++] != '\n')
            ;
        console_out(text, chunk);
        at_line_start = text[chunk - 1] == '\n';
        text += chunk;
        len -= chunk;
    }
}

void vprintk(const char *fmt, va_list ap)
{
    char line[512];
    enum log_level level = LOGLVL_INFO;

    if (fmt[0] == '\001' && fmt[1] >= '1' && fmt[1] <= '4') {
        level = fmt[1] - '0';
        fmt += 2;
    }
    if (level > console_level && !__atomic_load_n(&log_everything, __ATOMIC_RELAXED))
        return;

    int len = fmt_vsnprintf(line, sizeof(line), fmt, ap);
    if (len >= (int)sizeof(line))
        len = sizeof(line) - 1;

    spin_lock(&console_lock);
    console_emit(line, len);
    spin_unlock(&console_lock);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

/* A fatal path may have struck while this or another CPU held the console. */
void console_force_unlock(void)
{
    spin_unlock(&console_lock);
}

noreturn void panic(const char *fmt, ...)
{
    va_list ap;

    console_force_unlock();
    /* A panic is shown whatever loglvl says, its backtrace too. */
    if (console_level < LOGLVL_INFO)
        console_level = LOGLVL_INFO;
    printk("\n****************************************\nPanic: ");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    printk("\n");
    arch_backtrace();
    printk("****************************************\nSystem halted.\n");
    arch_machine_exit(MACHINE_PANIC);
}

noreturn void assert_failed(const char *cond, const char *file, int line)
{
    panic("Assertion '%s' failed at %s:%d", cond, file, line);
}

noreturn void boot_fatal(const char *fmt, ...)
{
    va_list ap;

    printk("Fatal: ");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    printk("\nSystem halted.\n");
    arch_machine_exit(MACHINE_BAD_BOOT);
}
