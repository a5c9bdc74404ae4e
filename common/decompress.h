/*
 * Freestanding decompressors for the formats a Linux bzImage may carry its
 * kernel in: gzip, xz, lzma, bzip2, lzo, lz4 and zstd.
 *
 * Every decompressor works in one call on flat buffers: the whole input is
 * in memory and the output goes to one buffer that is also the history
 * window, so no decompressor keeps a dictionary of its own.  What state a
 * format needs beyond that (probability tables, Huffman tables, bzip2's
 * block array) comes from a caller-provided scratch area of at least
 * decompress_scratch_size(format) bytes; nothing allocates.
 *
 * Nothing in the input is trusted: every read is bounds-checked against
 * in_len, every write against out_cap, and a corrupt stream ends in an
 * error, never an out-of-bounds access or an endless loop.
 *
 * Results: the number of bytes written (>= 0), or
 *   -EINVAL   the input is not a valid stream (bad magic, bad header,
 *             corrupt data, checksum mismatch, truncated input)
 *   -ENOSPC   the output does not fit in out_cap
 *   -ENOMEM   scratch_len is smaller than the format needs
 *   -EOPNOTSUPP  a valid stream using a feature we do not decode (named in
 *             the file that refuses it)
 */
#ifndef COMMON_DECOMPRESS_H
#define COMMON_DECOMPRESS_H

#include <stddef.h>
#include <stdint.h>

enum decompress_format {
    DECOMPRESS_UNKNOWN,
    DECOMPRESS_GZIP,  /* RFC 1952 member(s), deflate (RFC 1951) inside */
    DECOMPRESS_XZ,    /* .xz container: LZMA2, optionally after the x86 BCJ filter */
    DECOMPRESS_LZMA,  /* the legacy .lzma ("LZMA alone") container */
    DECOMPRESS_BZIP2, /* .bz2 */
    DECOMPRESS_LZO,   /* lzop's file format, LZO1X blocks */
    DECOMPRESS_LZ4,   /* lz4's legacy frame (what Linux uses) or the current frame */
    DECOMPRESS_ZSTD,  /* zstd frames (RFC 8878), skippable frames skipped */
};

/* The format whose magic bytes start in[], or DECOMPRESS_UNKNOWN. */
enum decompress_format decompress_detect(const uint8_t *in, size_t in_len);

/* A short lower-case name for messages ("gzip", "xz", ...). */
const char *decompress_name(enum decompress_format format);

/* Scratch bytes decompress() needs for a format (0 for none). */
size_t decompress_scratch_size(enum decompress_format format);

/* Detect the format of in[] and decompress it into out[]. */
long decompress(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
                size_t scratch_len);

/* One entry per format, same contract as decompress(). */
long gunzip(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
            size_t scratch_len);
long unxz(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
          size_t scratch_len);
long unlzma(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
            size_t scratch_len);
long bunzip2(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
             size_t scratch_len);
long unlzo(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
           size_t scratch_len);
long unlz4(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
           size_t scratch_len);
long unzstd(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap, void *scratch,
            size_t scratch_len);

/* Scratch bytes each of the above needs (0 for none). */
size_t gunzip_scratch_size(void);
size_t unxz_scratch_size(void);
size_t unlzma_scratch_size(void);
size_t bunzip2_scratch_size(void);
size_t unlzo_scratch_size(void);
size_t unlz4_scratch_size(void);
size_t unzstd_scratch_size(void);

#endif
