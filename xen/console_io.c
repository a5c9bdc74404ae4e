/*
 * console_io: guests' access to the hypervisor console (ABI.md §15).
 * The control domain writes straight to the console, unprefixed, as Xen
 * does; only it may read console input.  Other domains may write, each
 * line prefixed "(d<id>) ", as on a debug build of Xen (a release build
 * says -EPERM): until dom0 serves console rings this is a domU's only
 * console.  Arguments are 32-bit, as in Xen.
 */
#include "public/xen.h"
#include "xen/arch.h"
#include "xen/domain.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/printk.h"

#define CHUNK           128 /* bytes copied per step */
#define CHUNKS_PER_CALL 32  /* steps before the call is continued */

static long console_write(uint32_t count, uint64_t buffer)
{
    char chunk[CHUNK];

    for (unsigned steps = 0; count > 0; steps++) {
        if (steps == CHUNKS_PER_CALL)
            return hypercall_continuation(CONSOLEIO_write, count, buffer, 0, 0);
        uint32_t len = MIN(count, CHUNK);
        if (copy_from_guest(chunk, buffer, len))
            return -EFAULT;
        if (current->domain->is_privileged)
            console_write_raw(chunk, len);
        else
            console_write_guest(current->domain->domain_id, chunk, len);
        buffer += len;
        count -= len;
    }
    return 0;
}

static long console_read(uint32_t count, uint64_t buffer)
{
    char chunk[CHUNK];
    long done = 0;

    if (count > INT32_MAX)
        return -E2BIG;
    while (done < count) {
        size_t got = arch_console_read(chunk, MIN(count - done, CHUNK));
        if (!got)
            break;
        if (copy_to_guest(buffer + done, chunk, got))
            return -EFAULT;
        done += got;
    }
    return done;
}

long do_console_io(uint64_t cmd, uint64_t count, uint64_t buffer, uint64_t a4, uint64_t a5)
{
    switch ((uint32_t)cmd) {
    case CONSOLEIO_write:
        return console_write(count, buffer);
    case CONSOLEIO_read:
        return current->domain->is_privileged ? console_read(count, buffer) : -EPERM;
    }
    return -ENOSYS;
}
