/*
 * A kernel image to an ELF image, as Xen 4.17 accepts kernels: a plain
 * ELF64 x86-64 file, or a bzImage (or a bare gzip stream) whose payload
 * decompresses to one.  The hypervisor's boot builder (xen/builder/) and
 * the toolstack's builder (tools/builder.c) open kernels with this one
 * function; each passes its own allocator.
 */
#ifndef COMMON_KERNEL_IMAGE_H
#define COMMON_KERNEL_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "common/elf.h"

/* Memory for a decompressed kernel and the decompressor's scratch. */
struct kernel_alloc {
    void *(*alloc)(size_t bytes); /* NULL when there is no memory */
    void (*free)(void *p);        /* free(NULL) does nothing */
};

struct kernel_image {
    struct elf_image elf;
    uint8_t *copy;          /* the decompressed ELF, NULL when the image is one */
    const char *compressed; /* "gzip", "xz", ... or NULL for a plain ELF */
    void (*free)(void *p);  /* how copy goes back */
};

/*
 * Open data[0..len) as a kernel: 0, or -EINVAL / -ENOEXEC / -ENOMEM with
 * *problem saying what is wrong (nothing is left allocated then).
 * Release with kernel_image_close().
 */
int kernel_image_open(const void *data, size_t len, const struct kernel_alloc *mem,
                      struct kernel_image *k, const char **problem);
void kernel_image_close(struct kernel_image *k);

/*
 * What the builders need of the opened kernel: the physical span of its
 * PT_LOAD segments and its notes.  0, or -ENOEXEC with *problem set.
 */
int kernel_image_notes(const struct kernel_image *k, struct elf_xen_notes *notes,
                       uint64_t *paddr_start, uint64_t *paddr_end, const char **problem);

/*
 * Copy each PT_LOAD segment's file bytes to its virtual address
 * (p_paddr + virt_offset) through write(); the rest of each segment (its
 * bss) is the caller's to have zeroed.  0 or write()'s first failure.
 */
int kernel_image_load(const struct kernel_image *k, uint64_t virt_offset,
                      int (*write)(void *ctx, uint64_t va, const void *src, size_t len), void *ctx);

#endif
