/*
 * A kernel module to an ELF image (see kernel_image.h).  A compressed
 * kernel is decompressed into a heap block, with the decompressor's scratch
 * in another, freed at once; the ELF copy lives until the domain is built.
 */
#include "common/bzimage.h"
#include "common/decompress.h"
#include "xen/arch/mm.h"
#include "xen/builder/kernel_image.h"
#include "xen/printk.h"
#include "xen/setup.h"
#include "xen/xmalloc.h"

/* No kernel we boot is larger; a bigger claim is a corrupt size field. */
#define MAX_KERNEL_BYTES (1UL << 30)

static int decompress_kernel(const struct kernel_payload *p, struct kernel_image *k,
                             const char **problem)
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
    k->copy = xmalloc(p->output_len);
    scratch = xmalloc(scratch_len);
    if (!k->copy || !scratch) {
        xfree(scratch);
        *problem = "not enough memory to decompress the kernel";
        return -ENOMEM;
    }
    out = decompress(p->data, p->len, k->copy, p->output_len, scratch, scratch_len);
    xfree(scratch);
    if (out != (long)p->output_len) {
        *problem = out < 0 ? "the compressed kernel is corrupt"
                           : "the compressed kernel is shorter than its stated size";
        return -EINVAL;
    }
    printk("Kernel: %s-compressed, %u bytes once decompressed\n", decompress_name(format),
           p->output_len);
    return 0;
}

int kernel_image_open(const struct boot_module *m, struct kernel_image *k, const char **problem)
{
    const uint8_t *data = boot_module_data(m);
    struct kernel_payload payload;
    int rc = kernel_payload_find(data, m->end - m->start, &payload, problem);

    *k = (struct kernel_image){ 0 };
    if (rc < 0)
        return rc;
    if (rc == 0) {
        rc = elf_open(&k->elf, data, m->end - m->start);
        if (rc)
            *problem = "it is not an ELF64 x86-64 image (nor a bzImage)";
        return rc;
    }
    rc = decompress_kernel(&payload, k, problem);
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
    xfree(k->copy);
    k->copy = NULL;
}
