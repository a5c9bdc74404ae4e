/*
 * The decompressors' front door: which format a buffer holds, by its magic
 * bytes, and the call to that format's decompressor.
 *
 * Every format but legacy lzma starts with a fixed magic.  An .lzma file
 * starts with a properties byte, a dictionary size and a 64-bit
 * uncompressed size, which random data can match; so it is tried last and
 * only accepted in the shapes the lzma tools write (the same rules xz's own
 * format detection uses).  Skippable frames are not detected: lz4 and zstd
 * share them.
 */
#include <stdbool.h>
#include <stdint.h>

#include "common/bytes.h"
#include "common/decompress.h"
#include "common/errno.h"
#include "common/string.h"

#define LZMA_HEADER_LEN     13
#define LZMA_MAX_PROPERTIES (9 * 5 * 5) /* lc < 9, lp < 5, pb < 5 */
#define LZMA_UNKNOWN_SIZE   UINT64_MAX
#define LZMA_MAX_KNOWN_SIZE (1ull << 38) /* 256 GiB: anything bigger is not a size */

struct format_magic {
    enum decompress_format format;
    uint8_t len;
    uint8_t bytes[9];
};

static const struct format_magic magics[] = {
    { DECOMPRESS_GZIP, 2, { 0x1f, 0x8b } },
    { DECOMPRESS_XZ, 6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 } },
    { DECOMPRESS_LZO, 9, { 0x89, 'L', 'Z', 'O', 0x00, '\r', '\n', 0x1a, '\n' } },
    { DECOMPRESS_LZ4, 4, { 0x02, 0x21, 0x4c, 0x18 } }, /* legacy frame */
    { DECOMPRESS_LZ4, 4, { 0x04, 0x22, 0x4d, 0x18 } }, /* current frame */
    { DECOMPRESS_ZSTD, 4, { 0x28, 0xb5, 0x2f, 0xfd } },
};

/* A dictionary size the lzma tools write: 2^n or 2^n + 2^(n-1). */
static bool lzma_dict_size_plausible(uint32_t size)
{
    uint32_t top = size & -size; /* lowest set bit */

    return size != 0 && (size == top || size == 3 * top);
}

static bool lzma_header_plausible(const uint8_t *in, size_t in_len)
{
    uint64_t size;

    if (in_len < LZMA_HEADER_LEN || in[0] >= LZMA_MAX_PROPERTIES)
        return false;
    size = read_u64(in + 5);
    return lzma_dict_size_plausible(read_u32(in + 1)) &&
           (size == LZMA_UNKNOWN_SIZE || size < LZMA_MAX_KNOWN_SIZE);
}

enum decompress_format decompress_detect(const uint8_t *in, size_t in_len)
{
    for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
        if (in_len >= magics[i].len && memcmp(in, magics[i].bytes, magics[i].len) == 0)
            return magics[i].format;
    if (in_len >= 4 && in[0] == 'B' && in[1] == 'Z' && in[2] == 'h' && in[3] >= '1' && in[3] <= '9')
        return DECOMPRESS_BZIP2;
    if (lzma_header_plausible(in, in_len))
        return DECOMPRESS_LZMA;
    return DECOMPRESS_UNKNOWN;
}

const char *decompress_name(enum decompress_format format)
{
    switch (format) {
    case DECOMPRESS_GZIP:
        return "gzip";
    case DECOMPRESS_XZ:
        return "xz";
    case DECOMPRESS_LZMA:
        return "lzma";
    case DECOMPRESS_BZIP2:
        return "bzip2";
    case DECOMPRESS_LZO:
        return "lzo";
    case DECOMPRESS_LZ4:
        return "lz4";
    case DECOMPRESS_ZSTD:
        return "zstd";
    case DECOMPRESS_UNKNOWN:
        break;
    }
    return "unknown";
}

size_t decompress_scratch_size(enum decompress_format format)
{
    switch (format) {
    case DECOMPRESS_GZIP:
        return gunzip_scratch_size();
    case DECOMPRESS_XZ:
        return unxz_scratch_size();
    case DECOMPRESS_LZMA:
        return unlzma_scratch_size();
    case DECOMPRESS_BZIP2:
        return bunzip2_scratch_size();
    case DECOMPRESS_LZO:
        return unlzo_scratch_size();
    case DECOMPRESS_LZ4:
        return unlz4_scratch_size();
    case DECOMPRESS_ZSTD:
        return unzstd_scratch_size();
    case DECOMPRESS_UNKNOWN:
        break;
    }
    return 0;
}

long decompress(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
                size_t scratch_len)
{
    switch (decompress_detect(in, in_len)) {
    case DECOMPRESS_GZIP:
        return gunzip(in, in_len, out, out_cap, scratch, scratch_len);
    case DECOMPRESS_XZ:
        return unxz(in, in_len, out, out_cap, scratch, scratch_len);
    case DECOMPRESS_LZMA:
        return unlzma(in, in_len, out, out_cap, scratch, scratch_len);
    case DECOMPRESS_BZIP2:
        return bunzip2(in, in_len, out, out_cap, scratch, scratch_len);
    case DECOMPRESS_LZO:
        return unlzo(in, in_len, out, out_cap, scratch, scratch_len);
    case DECOMPRESS_LZ4:
        return unlz4(in, in_len, out, out_cap, scratch, scratch_len);
    case DECOMPRESS_ZSTD:
        return unzstd(in, in_len, out, out_cap, scratch, scratch_len);
    case DECOMPRESS_UNKNOWN:
        break;
    }
    return -EINVAL;
}
