/*
 * libFuzzer target: decompress() on arbitrary input, with a bounded output
 * buffer and as much scratch as the most demanding format asks for.  A
 * crash, a sanitizer report, a hang (libFuzzer's -timeout) or a result
 * larger than the output buffer is a bug; any error code is fine.
 *
 * Inputs reach every format's decoder through its magic bytes, which the
 * seed corpus (made from the real tools, see build.mk) supplies.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/decompress.h"

#define FUZZ_OUT_CAP (4u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t largest_scratch_size(void)
{
    size_t largest = 0;

    for (int f = DECOMPRESS_GZIP; f <= DECOMPRESS_ZSTD; f++) {
        size_t need = decompress_scratch_size((enum decompress_format)f);

        if (need > largest)
            largest = need;
    }
    return largest;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t *out;
    static void *scratch;
    static size_t scratch_len;
    long ret;

    if (!out) {
        scratch_len = largest_scratch_size();
        out = malloc(FUZZ_OUT_CAP);
        scratch = malloc(scratch_len);
        if (!out || !scratch)
            abort();
    }
    ret = decompress(data, size, out, FUZZ_OUT_CAP, scratch, scratch_len);
    if (ret > (long)FUZZ_OUT_CAP)
        abort();
    return 0;
}
