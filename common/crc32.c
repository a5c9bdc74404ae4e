/*
 * CRC-32 (IEEE 802.3) by slicing: t[k] advances the CRC over a byte and k
 * zero bytes after it, so eight independent lookups replace eight
 * dependent ones.
 */
#include "common/bytes.h"
#include "common/crc32.h"

void crc32_table_init(struct crc32_table *table)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;

        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table->t[0][n] = c;
    }
    for (int k = 1; k < CRC32_SLICES; k++)
        for (int n = 0; n < 256; n++)
            table->t[k][n] = (table->t[k - 1][n] >> 8) ^ table->t[0][table->t[k - 1][n] & 0xff];
}

uint32_t crc32_update(const struct crc32_table *table, uint32_t crc, const uint8_t *p, size_t n)
{
    const uint32_t(*t)[256] = table->t;
    uint32_t c = ~crc;

    for (; n >= 8; n -= 8, p += 8) {
        uint32_t lo = c ^ read_u32(p), hi = read_u32(p + 4);

        c = t[7][lo & 0xff] ^ t[6][lo >> 8 & 0xff] ^ t[5][lo >> 16 & 0xff] ^ t[4][lo >> 24] ^
            t[3][hi & 0xff] ^ t[2][hi >> 8 & 0xff] ^ t[1][hi >> 16 & 0xff] ^ t[0][hi >> 24];
    }
    while (n--)
        c = t[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}
