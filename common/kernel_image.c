/*
 * A kernel image to an ELF image (see kernel_image.h).  A compressed
 * kernel is decompressed into a block from the caller's allocator, with
 * the decompressor's scratch in another, given back at once; the ELF copy
 * lives until kernel_image_close().
 */
#include "common/bzimage.h"
#include "common/decompress.h"
#include "common/errno.h"
#include "common/kernel_image.h"

/* No kernel we boot is larger; a bigger claim is a corrupt size field. */
#define MAX_KERNEL_BYTES (1UL << 30)

static int decompress_kernel(const struct kernel_payload *p, const struct kernel_alloc *mem,
                             struct kernel_image *k, const char **problem)
{
    enum decompress_format format = decompress_detect(p->data, p->len);
    size_t scratch_len = decompress_scratch_size(format);
    void *scratch;
    long out;

    if (format == DECOMPRESS_UNKNOWN) {
        *problem = "the bzImage's payload is in no compression format we know";
        return -EINVAL;
    }
    if (p->output_len > MAX_KERNEL_BYTES) {
        *problem = "the compressed kernel claims to be larger than 1 GiB";
        return -EINVAL;
    }
    k->copy = mem->alloc(p->output_len);
    scratch = scratch_len ? mem->alloc(scratch_len) : NULL;
    if (!k->copy || (scratch_len && !scratch)) {
        mem->free(scratch);
        *problem = "not enough memory to decompress the kernel";
        return -ENOMEM;
    }
    out = decompress(p->data, p->len, k->copy, p->output_len, scratch, scratch_len);
    mem->free(scratch);
    if (out != (long)p->output_len) {
        *problem = out < 0 ? "the compressed kernel is corrupt"
                           : "the compressed kernel is shorter than its stated size";
        return -EINVAL;
    }
    k->compressed = decompress_name(format);
    return 0;
}

int kernel_image_open(const void *data, size_t len, const struct kernel_alloc *mem,
                      struct kernel_image *k, const char **problem)
{
    struct kernel_payload payload;
    int rc = kernel_payload_find(data, len, &payload, problem);

    *k = (struct kernel_image){ .free = mem->free };
    if (rc < 0)
        return rc;
    if (rc == 0) {
        rc = elf_open(&k->elf, data, len);
        if (rc)
            *problem = "it is not an ELF64 x86-64 image (nor a bzImage)";
        return rc;
    }
    rc = decompress_kernel(&payload, mem, k, problem);
    if (!rc && elf_open(&k->elf, k->copy, payload.output_len)) {
        *problem = "the bzImage's payload is not an ELF64 x86-64 image";
        rc = -ENOEXEC;
    }
    if (rc)
        kernel_image_close(k);
    return rc;
}

void kernel_image_close(struct kernel_image *k)
{
    if (k->free)
        k->free(k->copy);
    k->copy = NULL;
}

int kernel_image_notes(const struct kernel_image *k, struct elf_xen_notes *notes,
                       uint64_t *paddr_start, uint64_t *paddr_end, const char **problem)
{
    if (elf_load_range(&k->elf, paddr_start, paddr_end) || elf_xen_notes(&k->elf, notes)) {
        *problem = "its ELF segments or notes are broken";
        return -ENOEXEC;
    }
    return 0;
}

int kernel_image_load(const struct kernel_image *k, uint64_t virt_offset,
                      int (*write)(void *ctx, uint64_t va, const void *src, size_t len), void *ctx)
{
    for (unsigned i = 0; i < elf_phdr_count(&k->elf); i++) {
        const struct elf64_phdr *ph = elf_phdr(&k->elf, i);
        int rc;

        if (ph->p_type != PT_LOAD || !ph->p_memsz || !ph->p_filesz)
            continue;
        rc = write(ctx, ph->p_paddr + virt_offset, elf_segment_data(&k->elf, ph), ph->p_filesz);
        if (rc)
            return rc;
    }
    return 0;
}
