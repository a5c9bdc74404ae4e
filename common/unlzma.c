/*
 * unlzma: the legacy .lzma ("LZMA alone") container.
 *
 * A 13-byte header, then one LZMA stream:
 *     properties (1: (pb * 5 + lp) * 9 + lc) | dictionary size (4, LE) |
 *     uncompressed size (8, LE; all ones = unknown, so an end marker ends it)
 *
 * Limits: lc + lp <= 4 (LZMA_LCLP_MAX), as LZMA2 requires and as xz itself
 * holds .lzma to; a larger pair is -EOPNOTSUPP.  That bounds the scratch at
 * sizeof(struct lzma_probs), about 28 KiB.  The dictionary size is not
 * checked: the output buffer is the dictionary, whatever the header says.
 *
 * With a known size the end marker is optional.  Bytes after the end of the
 * stream are ignored: Linux appends the kernel's 4-byte uncompressed size to
 * the payload of a bzImage ("lzma -9" writes an unknown size and an end marker).
 */
#include "common/bytes.h"
#include "common/decompress.h"
#include "common/errno.h"
#include "common/lzma_dec.h"
#include "common/scratch.h"

#define LZMA_HEADER_SIZE  13
#define LZMA_SIZE_UNKNOWN UINT64_MAX

size_t unlzma_scratch_size(void)
{
    return SCRATCH_SIZE(struct lzma_probs);
}

/* Unknown size: decode up to the end marker, which must come by out_cap. */
static long unlzma_to_marker(struct lzma_dec *d, size_t out_cap)
{
    int ret = lzma_dec_run(d, out_cap);

    /* Output full: only an end marker may follow, or the input was cut short. */
    if (ret == LZMA_DEC_AT_LIMIT) {
        if (lzma_dec_end_marker(d) == 0)
            ret = LZMA_DEC_END_MARKER;
        else
            ret = d->in_pos > d->in_len ? -EINVAL : -ENOSPC;
    }
    if (ret < 0)
        return ret;
    return lzma_dec_rc_finished(d) ? (long)d->pos : -EINVAL;
}

/* Known size: decode exactly size bytes, optionally followed by an end marker. */
static long unlzma_sized(struct lzma_dec *d, uint64_t size, size_t out_cap)
{
    int ret;

    if (size > out_cap)
        return -ENOSPC;
    ret = lzma_dec_run(d, (size_t)size);
    /* An early end marker or a match past the end means a corrupt stream. */
    if (ret != LZMA_DEC_AT_LIMIT)
        return -EINVAL;
    if (lzma_dec_rc_finished(d))
        return (long)d->pos;
    if (lzma_dec_end_marker(d) == 0 && lzma_dec_rc_finished(d))
        return (long)d->pos;
    return -EINVAL;
}

long unlzma(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
            size_t scratch_len)
{
    struct lzma_probs *probs = SCRATCH_PLACE(struct lzma_probs, scratch, scratch_len);
    struct lzma_dec d;
    uint64_t size;
    int ret;

    if (!probs)
        return -ENOMEM;
    if (in_len < LZMA_HEADER_SIZE)
        return -EINVAL;
    lzma_dec_init(&d, out, probs);
    ret = lzma_dec_set_props(&d, in[0]);
    if (ret)
        return ret;
    lzma_dec_reset_state(&d);
    ret = lzma_dec_rc_init(&d, in + LZMA_HEADER_SIZE, in_len - LZMA_HEADER_SIZE);
    if (ret)
        return ret;
    size = read_u64(in + 5);
    if (size == LZMA_SIZE_UNKNOWN)
        return unlzma_to_marker(&d, out_cap);
    return unlzma_sized(&d, size, out_cap);
}
