/*
 * A kernel module to an ELF image (see kernel_image.h).  A compressed
 * kernel is decompressed into a block of frames from the page allocator,
 * with the decompressor's scratch in another, freed at once; the ELF copy
 * lives until the domain is built.
 */
#include "common/bzimage.h"
#include "common/decompress.h"
#include "xen/arch/mm.h"
#include "xen/builder/kernel_image.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"

/* No kernel we boot is larger; a bigger claim is a corrupt size field. */
#define MAX_KERNEL_BYTES (1UL << 30)

static unsigned order_for(uint64_t bytes)
{
    unsigned order = 0;

    while ((PAGE_SIZE << order) < bytes)
        order++;
    return order;
}

static int decompress_kernel(const struct kernel_payload *p, struct kernel_image *k,
                             const char **problem)
{
    enum decompress_format format = decompress_detect(p->data, p->len);
    size_t scratch_len = decompress_scratch_size(format);
    unsigned scratch_order = order_for(scratch_len ? scratch_len : 1);
    struct page_info *scratch;
    long out;

    if (format == DECOMPRESS_UNKNOWN) {
        *problem = "the bzImage's payload is in no compression format we know";
        return -EINVAL;
    }
    if (p->output_len > MAX_KERNEL_BYTES) {
        *problem = "the compressed kernel claims to be larger than 1 GiB";
        return -EINVAL;
    }
    k->order = order_for(p->output_len);
    k->pages = alloc_pages(k->order);
    scratch = alloc_pages(scratch_order);
    if (!k->pages || !scratch) {
        if (scratch)
            free_pages(scratch, scratch_order);
        *problem = "not enough memory to decompress the kernel";
        return -ENOMEM;
    }
    out = decompress(p->data, p->len, arch_mfn_to_virt(page_to_mfn(k->pages)), p->output_len,
                     arch_mfn_to_virt(page_to_mfn(scratch)), scratch_len);
    free_pages(scratch, scratch_order);
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
    const uint8_t *data = (const uint8_t *)arch_mfn_to_virt(0) + m->start;
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
    if (!rc && elf_open(&k->elf, arch_mfn_to_virt(page_to_mfn(k->pages)), payload.output_len)) {
        *problem = "the bzImage's payload is not an ELF64 x86-64 image";
        rc = -ENOEXEC;
    }
    if (rc)
        kernel_image_close(k);
    return rc;
}

void kernel_image_close(struct kernel_image *k)
{
    if (k->pages)
        free_pages(k->pages, k->order);
    k->pages = NULL;
}
