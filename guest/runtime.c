/*
 * Start of day and end of day of every guest.
 */
#include "common/string.h"
#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/runtime.h"
#include "guest/traps.h"
#include "public/errno.h"

const struct start_info *start_info;

void runtime_start(const struct start_info *si)
{
    long rc;

    start_info = si;
    rc = trap_init();
    if (rc)
        printk("warning: set_trap_table failed: %ld\n", rc);
    guest_main(si);
    guest_poweroff();
}

void guest_shutdown(unsigned reason)
{
    struct sched_shutdown arg = { .reason = reason };

    for (;;) {
        hypercall_sched_op(SCHEDOP_shutdown, &arg);
        hypercall_sched_op(SCHEDOP_yield, NULL);
    }
}

void guest_poweroff(void)
{
    guest_shutdown(SHUTDOWN_poweroff);
}

void guest_crash(void)
{
    guest_shutdown(SHUTDOWN_crash);
}

bool str_contains(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for (; *haystack; haystack++)
        if (strncmp(haystack, needle, n) == 0)
            return true;
    return n == 0;
}

const char *errno_name(long rc)
{
    static const struct {
        int value;
        const char *name;
    } names[] = {
        { XEN_EPERM, "-EPERM" },
        { XEN_ENOENT, "-ENOENT" },
        { XEN_ESRCH, "-ESRCH" },
        { XEN_EINTR, "-EINTR" },
        { XEN_EIO, "-EIO" },
        { XEN_ENXIO, "-ENXIO" },
        { XEN_E2BIG, "-E2BIG" },
        { XEN_EBADF, "-EBADF" },
        { XEN_EAGAIN, "-EAGAIN" },
        { XEN_ENOMEM, "-ENOMEM" },
        { XEN_EACCES, "-EACCES" },
        { XEN_EFAULT, "-EFAULT" },
        { XEN_EBUSY, "-EBUSY" },
        { XEN_EEXIST, "-EEXIST" },
        { XEN_EXDEV, "-EXDEV" },
        { XEN_ENODEV, "-ENODEV" },
        { XEN_EINVAL, "-EINVAL" },
        { XEN_ENOSPC, "-ENOSPC" },
        { XEN_ERANGE, "-ERANGE" },
        { XEN_ENOSYS, "-ENOSYS" },
        { XEN_ENODATA, "-ENODATA" },
        { XEN_ETIME, "-ETIME" },
        { XEN_EOVERFLOW, "-EOVERFLOW" },
        { XEN_ERESTART, "-ERESTART" },
        { XEN_EOPNOTSUPP, "-EOPNOTSUPP" },
        { XEN_ENOBUFS, "-ENOBUFS" },
        { XEN_EISCONN, "-EISCONN" },
        { XEN_ENOTCONN, "-ENOTCONN" },
        { XEN_ETIMEDOUT, "-ETIMEDOUT" },
    };

    if (rc == 0)
        return "0";
    if (rc > 0)
        return "positive";
    for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
        if (-rc == names[i].value)
            return names[i].name;
    return "-E?";
}
