/*
 * The xenstore ring page (public/io/xs_wire.h), from the daemon's side: take
 * request bytes out of req[], put response bytes into rsp[].
 *
 * The page is shared with the guest, which may write anything at any time.
 * So each index is read once, the pair is checked before use (a producer
 * can be at most XENSTORE_RING_SIZE ahead of its consumer, modulo 2^32), data
 * is read only between the indices read, and only our own index is written.
 * A barrier separates index reads from data accesses and data accesses from
 * the index update.  Corrupt indices answer -XEN_EIO; the caller drops the
 * connection (the guest can only hurt itself).
 */
#include "common/string.h"
#include "tools/xenstore/core.h"

static uint32_t read_index(const XENSTORE_RING_IDX *idx)
{
    return *(const volatile XENSTORE_RING_IDX *)idx;
}

static void write_index(XENSTORE_RING_IDX *idx, uint32_t val)
{
    *(volatile XENSTORE_RING_IDX *)idx = val;
}

/* Copy len bytes out of ring[] starting at free-running index idx, wrapping. */
static void copy_from_ring(void *dst, const char *ring, uint32_t idx, size_t len)
{
    size_t first = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(idx);

    if (first > len)
        first = len;
    memcpy(dst, ring + MASK_XENSTORE_IDX(idx), first);
    memcpy((char *)dst + first, ring, len - first);
}

static void copy_to_ring(char *ring, uint32_t idx, const void *src, size_t len)
{
    size_t first = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(idx);

    if (first > len)
        first = len;
    memcpy(ring + MASK_XENSTORE_IDX(idx), src, first);
    memcpy(ring, (const char *)src + first, len - first);
}

/* Up to len request bytes into buf; returns how many (0: ring empty) or -XEN_EIO. */
int xs_ring_read(struct xenstore_domain_interface *ring, void (*mb)(void), void *buf, size_t len)
{
    uint32_t cons = read_index(&ring->req_cons), prod = read_index(&ring->req_prod);
    uint32_t avail = prod - cons;

    mb();
    if (avail > XENSTORE_RING_SIZE)
        return -XEN_EIO;
    if (len > avail)
        len = avail;
    if (!len)
        return 0;
    copy_from_ring(buf, ring->req, cons, len);
    mb();
    write_index(&ring->req_cons, cons + (uint32_t)len);
    return (int)len;
}

/* Up to len response bytes from buf; returns how many (0: ring full) or -XEN_EIO. */
int xs_ring_write(struct xenstore_domain_interface *ring, void (*mb)(void), const void *buf,
                  size_t len)
{
    uint32_t cons = read_index(&ring->rsp_cons), prod = read_index(&ring->rsp_prod);
    uint32_t used = prod - cons;

    mb();
    if (used > XENSTORE_RING_SIZE)
        return -XEN_EIO;
    if (len > XENSTORE_RING_SIZE - used)
        len = XENSTORE_RING_SIZE - used;
    if (!len)
        return 0;
    copy_to_ring(ring->rsp, prod, buf, len);
    mb();
    write_index(&ring->rsp_prod, prod + (uint32_t)len);
    return (int)len;
}
