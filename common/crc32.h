/*
 * CRC-32 as gzip, xz and lzop use it (IEEE 802.3: reflected, polynomial
 * 0xEDB88320, all ones in and out).  bzip2's CRC shifts the other way and
 * stays in bunzip2.c.
 *
 * Eight bytes per step through eight tables, since a kernel is ~30 MiB.
 * The tables live in the caller's scratch area: nothing here allocates or
 * keeps state.
 */
#ifndef COMMON_CRC32_H
#define COMMON_CRC32_H

#include <stddef.h>
#include <stdint.h>

#define CRC32_SLICES 8

/* t[k][b]: the CRC step for byte b followed by k zero bytes. */
struct crc32_table {
    uint32_t t[CRC32_SLICES][256];
};

void crc32_table_init(struct crc32_table *table);

/* The CRC-32 of p[0, n) continued from crc, a finished CRC (0 to start). */
uint32_t crc32_update(const struct crc32_table *table, uint32_t crc, const uint8_t *p, size_t n);

static inline uint32_t crc32(const struct crc32_table *table, const uint8_t *p, size_t n)
{
    return crc32_update(table, 0, p, n);
}

#endif
