/*
 * Linux bzImages as a PV kernel module: a real-mode setup area, then a
 * protected-mode part whose payload (boot protocol 2.08 and later) is the
 * kernel's ELF image, compressed (common/decompress.h).  Xen 4.17 boots
 * such a file directly, and so does a module that is a gzip'd ELF.
 */
#ifndef COMMON_BZIMAGE_H
#define COMMON_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

#define BZIMAGE_MIN_VERSION 0x0208 /* the first boot protocol with payload fields */

/* Where the compressed kernel is, and what it decompresses to. */
struct kernel_payload {
    const uint8_t *data;
    size_t len;
    uint32_t output_len; /* the last 4 bytes of the payload: the size of the ELF */
};

/*
 * Does img[0..len) hold a compressed kernel?  1: a bzImage (or a bare
 * gzip stream), *out filled; 0: neither (perhaps a plain ELF); -EINVAL: a
 * bzImage that is broken (protocol before 2.08, payload outside the file,
 * too short to hold its size), with *problem saying how.
 */
int kernel_payload_find(const uint8_t *img, size_t len, struct kernel_payload *out,
                        const char **problem);

#endif
