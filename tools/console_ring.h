/*
 * A domU's console as its backend (dom0) sees it: what the domain writes to
 * the out ring of its console page is moved into a per-domain log; what the
 * user types is put into the in ring.  The log keeps the last
 * CONSOLE_LOG_SIZE bytes and remembers how far they have been shown, so
 * that attaching shows what nobody has seen yet, as xenconsoled's buffer.
 */
#ifndef TOOLS_CONSOLE_RING_H
#define TOOLS_CONSOLE_RING_H

#include <stddef.h>
#include <stdint.h>

#include "public/io/console.h"

#define CONSOLE_LOG_SIZE 16384 /* a power of two */

struct console_log {
    char data[CONSOLE_LOG_SIZE];
    uint64_t written; /* bytes ever logged; data holds the last CONSOLE_LOG_SIZE */
    uint64_t shown;   /* of those, how many were shown (or lost before being shown) */
};

/*
 * Move at most budget bytes from the out ring into the log.  The number of
 * bytes moved (the domain is to be notified if it is not 0), or -1 when the
 * ring's indices are impossible (more pending than the ring holds): a
 * broken or hostile domain, whose ring is then left alone.
 */
long console_ring_drain(struct xencons_interface *ring, struct console_log *log, size_t budget);

/* Put up to len bytes of input into the in ring: how many fit (notify if not 0). */
size_t console_ring_feed(struct xencons_interface *ring, const char *s, size_t len);

/*
 * Hand what the log holds and nobody has seen to show(), in at most two
 * pieces, and mark it seen.  Returns how many unseen bytes were lost
 * because the log wrapped over them.
 */
uint64_t console_log_show(struct console_log *log,
                          void (*show)(const char *s, size_t len, void *ctx), void *ctx);

#endif /* TOOLS_CONSOLE_RING_H */
