/*
 * Console ring backend logic (console_ring.h).  The domain is the producer
 * of out and the consumer of in: its indices are read once, checked, and
 * never trusted to stay put; the data is copied out before out_cons moves.
 */
#include "tools/console_ring.h"

static uint32_t index_read(const XENCONS_RING_IDX *idx)
{
    return __atomic_load_n(idx, __ATOMIC_ACQUIRE);
}

static void index_publish(XENCONS_RING_IDX *idx, uint32_t value)
{
    __atomic_store_n(idx, value, __ATOMIC_RELEASE);
}

static void log_put(struct console_log *log, char c)
{
    log->data[log->written++ & (CONSOLE_LOG_SIZE - 1)] = c;
}

long console_ring_drain(struct xencons_interface *ring, struct console_log *log, size_t budget)
{
    uint32_t cons = ring->out_cons;
    uint32_t prod = index_read(&ring->out_prod);
    uint32_t pending = prod - cons;

    if (pending > sizeof(ring->out))
        return -1;
    if (pending > budget)
        pending = (uint32_t)budget;
    for (uint32_t i = 0; i < pending; i++)
        log_put(log, ring->out[MASK_XENCONS_IDX(cons + i, ring->out)]);
    index_publish(&ring->out_cons, cons + pending);
    return pending;
}

size_t console_ring_feed(struct xencons_interface *ring, const char *s, size_t len)
{
    uint32_t prod = ring->in_prod;
    uint32_t used = prod - index_read(&ring->in_cons);
    size_t room = used > sizeof(ring->in) ? 0 : sizeof(ring->in) - used;

    if (len > room)
        len = room;
    for (size_t i = 0; i < len; i++)
        ring->in[MASK_XENCONS_IDX(prod + i, ring->in)] = s[i];
    index_publish(&ring->in_prod, prod + (uint32_t)len);
    return len;
}

uint64_t console_log_show(struct console_log *log,
                          void (*show)(const char *s, size_t len, void *ctx), void *ctx)
{
    uint64_t oldest = log->written > CONSOLE_LOG_SIZE ? log->written - CONSOLE_LOG_SIZE : 0;
    uint64_t lost = log->shown < oldest ? oldest - log->shown : 0;
    uint64_t from = log->shown + lost;

    while (from < log->written) {
        size_t at = from & (CONSOLE_LOG_SIZE - 1);
        size_t len = CONSOLE_LOG_SIZE - at;

        if (len > log->written - from)
            len = log->written - from;
        show(log->data + at, len, ctx);
        from += len;
    }
    log->shown = from;
    return lost;
}
