/*
 * console_io: guests' access to the hypervisor console (public/io/console.h).
 * The control domain writes straight to the console, unprefixed, as Xen
 * does; only it may read console input.  Other domains may write, each
 * line prefixed "(d<id>) ", as on a debug build of Xen (a release build
 * says -EPERM): until dom0 serves console rings this is a domU's only
 * console.  Arguments are 32-bit, as in Xen.
 */
#include "public/xen.h"
#include "xen/arch/console.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/domain.h"
#include "xen/event_channel.h"
#include "xen/guest_access.h"
#include "xen/hypercall.h"
#include "xen/printk.h"
#include "xen/spinlock.h"
#include "xen/time.h"
#include "xen/timer.h"

#define CHUNK           128 /* bytes copied per step */
#define INPUT_RING_SIZE 4096
#define INPUT_POLL_NS   (20UL * 1000 * 1000)
#define CHUNKS_PER_CALL 32 /* steps before the call is continued */

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

/*
 * Console input: polled from the serial port every INPUT_POLL_NS into a
 * ring (the UART's own FIFO is 16 bytes), announced to the control domain
 * with VIRQ_CONSOLE, read with CONSOLEIO_read.  A full ring drops input.
 */
static char input_ring[INPUT_RING_SIZE];
static uint32_t input_prod, input_cons; /* free-running */
static spinlock_t input_lock = SPINLOCK_INIT;
static struct timer input_timer;

void console_input_poll(void)
{
    char chunk[CHUNK];
    size_t got, kept = 0;

    while ((got = arch_console_read(chunk, sizeof(chunk)))) {
        spin_lock(&input_lock);
        for (size_t i = 0; i < got && input_prod - input_cons < INPUT_RING_SIZE; i++, kept++)
            input_ring[input_prod++ % INPUT_RING_SIZE] = chunk[i];
        spin_unlock(&input_lock);
    }
    if (kept)
        evtchn_raise_global_virq(VIRQ_CONSOLE);
}

static void input_timer_fired(void *data)
{
    console_input_poll();
    timer_set(&input_timer, now_ns() + INPUT_POLL_NS);
}

void console_input_start(void)
{
    timer_init(&input_timer, input_timer_fired, NULL, arch_cpu_id());
    timer_set(&input_timer, now_ns() + INPUT_POLL_NS);
}

/* Copy out what has arrived; it leaves the ring only once the guest has it. */
static long console_read(uint32_t count, uint64_t buffer)
{
    char chunk[CHUNK];
    long done = 0;

    if (count > INT32_MAX)
        return -E2BIG;
    spin_lock(&input_lock);
    while (done < count && input_cons != input_prod) {
        size_t n = 0;
        while (n < CHUNK && done + n < count && input_cons + n != input_prod) {
            chunk[n] = input_ring[(input_cons + n) % INPUT_RING_SIZE];
            n++;
        }
        if (copy_to_guest(buffer + done, chunk, n)) {
            done = -EFAULT;
            break;
        }
        input_cons += n;
        done += n;
    }
    spin_unlock(&input_lock);
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
