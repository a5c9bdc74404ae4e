/*
 * The ELF image inside a kernel module: the module itself, or the ELF a
 * bzImage (or a gzip'd ELF) decompresses to, as Xen 4.17 accepts them.
 */
#ifndef XEN_BUILDER_KERNEL_IMAGE_H
#define XEN_BUILDER_KERNEL_IMAGE_H

#include "common/elf.h"
#include "common/multiboot2.h"
#include "xen/lib.h"

struct kernel_image {
    struct elf_image elf;
    uint8_t *copy; /* the decompressed ELF, NULL when the module is one */
};

/*
 * Open module m as a kernel: 0, or -EINVAL / -ENOEXEC / -ENOMEM with
 * *problem saying what is wrong.  Release with kernel_image_close().
 */
int kernel_image_open(const struct boot_module *m, struct kernel_image *k, const char **problem);
void kernel_image_close(struct kernel_image *k);

#endif
