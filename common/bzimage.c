/*
 * Finding the kernel inside a bzImage (see bzimage.h).  Fields of the boot
 * protocol's setup header, at fixed offsets from the start of the file:
 * setup_sects (u8, 0x1F1), the "HdrS" signature (0x202), the protocol
 * version (u16, 0x206), payload_offset and payload_length (u32, 0x248 and
 * 0x24C).  The protected-mode part starts after the boot sector and
 * setup_sects sectors of setup; the payload is at payload_offset in it.
 * Every offset is checked against the file before it is read.
 */
#include "common/bytes.h"
#include "common/bzimage.h"
#include "common/decompress.h"
#include "common/errno.h"

#define SETUP_SECTS    0x1F1
#define HEADER_MAGIC   0x202
#define VERSION        0x206
#define PAYLOAD_OFFSET 0x248
#define PAYLOAD_LENGTH 0x24C
#define HEADER_END     0x250
#define SECTOR         512

static int refuse(const char **problem, const char *why)
{
    *problem = why;
    return -EINVAL;
}

/* The size the kernel's build appends to every compressed payload. */
static int take_output_len(struct kernel_payload *out, const char **problem)
{
    if (out->len < 4)
        return refuse(problem, "the compressed kernel is too short to hold its size");
    out->output_len = read_u32(out->data + out->len - 4);
    if (out->output_len == 0)
        return refuse(problem, "the compressed kernel says it is empty");
    return 1;
}

int kernel_payload_find(const uint8_t *img, size_t len, struct kernel_payload *out,
                        const char **problem)
{
    uint64_t start, plen;
    uint16_t version;

    if (len < HEADER_END || memcmp(img + HEADER_MAGIC, "HdrS", 4) != 0) {
        if (decompress_detect(img, len) != DECOMPRESS_GZIP)
            return 0;
        *out = (struct kernel_payload){ .data = img, .len = len };
        return take_output_len(out, problem);
    }
    version = (uint16_t)(img[VERSION] | img[VERSION + 1] << 8);
    if (version < BZIMAGE_MIN_VERSION)
        return refuse(problem, "the bzImage's boot protocol is older than 2.08 (no payload)");
    start = ((uint64_t)img[SETUP_SECTS] + 1) * SECTOR + read_u32(img + PAYLOAD_OFFSET);
    plen = read_u32(img + PAYLOAD_LENGTH);
    if (start > len || plen > len - start)
        return refuse(problem, "the bzImage's payload lies outside the file (truncated?)");
    *out = (struct kernel_payload){ .data = img + start, .len = plen };
    return take_output_len(out, problem);
}
