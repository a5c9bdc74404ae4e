/*
 * The domain builder: what Xen's dom0 builder does for a 64-bit PV kernel,
 * used for dom0 and for the domUs started at boot.  Give the domain its
 * memory, load the kernel by its ELF segments into the layout of
 * dom0_layout.c, append the initrd, write the P2M list and start_info,
 * let the arch build page tables and registers.
 */
#include "common/kernel_image.h"
#include "public/xen.h"
#include "xen/arch/build.h"
#include "xen/arch/mm.h"
#include "xen/builder/domain_build.h"
#include "xen/page_alloc.h"
#include "xen/page_types.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/setup.h"
#include "xen/xmalloc.h"

uint64_t build_va_to_pfn(const struct dom0_layout *l, uint64_t va)
{
    if (l->p2m_apart && va >= (l->p2m_start & ~(PAGE_SIZE - 1)) && va < l->p2m_end)
        return l->first_p2m_pfn + ((va >> PAGE_SHIFT) - (l->p2m_start >> PAGE_SHIFT));
    return (va - l->v_start) >> PAGE_SHIFT;
}

void build_copy_to(const struct dom0_layout *l, const mfn_t *p2m, uint64_t va, const void *src,
                   size_t len)
{
    while (len) {
        uint64_t pfn = build_va_to_pfn(l, va), off = va & (PAGE_SIZE - 1);
        size_t chunk = MIN(len, PAGE_SIZE - off);
        memcpy((uint8_t *)arch_mfn_to_virt(p2m[pfn]) + off, src, chunk);
        va += chunk;
        src = (const uint8_t *)src + chunk;
        len -= chunk;
    }
}

/* Frames for PFNs 0..nr-1, in blocks as large as the allocator gives. */
static mfn_t *allocate_memory(struct domain *d, uint64_t nr)
{
    mfn_t *p2m = xmalloc(nr * sizeof(*p2m));
    uint64_t pfn = 0;
    unsigned order = MAX_ORDER;

    if (!p2m)
        boot_fatal("out of memory for d%u's P2M", d->domain_id);
    d->max_pages = nr;
    while (pfn < nr) {
        while ((1UL << order) > nr - pfn)
            order--;
        struct page_info *pg = alloc_guest_pages(order);
        if (!pg) {
            if (order == 0)
                boot_fatal("out of memory building d%u", d->domain_id);
            order--;
            continue;
        }
        for (uint64_t i = 0; i < (1UL << order); i++, pfn++) {
            mfn_t mfn = page_to_mfn(pg) + i;
            BUG_ON(page_assign(d, pg + i));
            p2m[pfn] = mfn;
            set_gpfn_from_mfn(mfn, pfn);
        }
    }
    return p2m;
}

struct load_target {
    const struct dom0_layout *l;
    const mfn_t *p2m;
};

static int load_segment(void *ctx, uint64_t va, const void *src, size_t len)
{
    const struct load_target *t = ctx;

    build_copy_to(t->l, t->p2m, va, src, len);
    return 0;
}

/* Frames are zeroed: the segments' bss needs no work. */
static void load_kernel(const struct kernel_image *k, const struct dom0_layout *l, const mfn_t *p2m)
{
    struct load_target t = { l, p2m };

    kernel_image_load(k, l->virt_offset, load_segment, &t);
}

static void *heap_alloc(size_t bytes)
{
    return xmalloc(bytes);
}

static void heap_free(void *p)
{
    xfree(p);
}

static const struct kernel_alloc kernel_heap = { heap_alloc, heap_free };

static void write_start_info(struct domain *d, const struct dom0_layout *l, const mfn_t *p2m,
                             const struct build_spec *spec, uint64_t initrd_pfn)
{
    struct start_info si = { 0 };
    bool dom0 = d->domain_id == 0;

    /* Xen's dom0 builder adds the "p" for PAE_MODE kernels; its toolstack does not. */
    str_copy(si.magic, dom0 && l->pae != ELF_XEN_PAE_NONE ? ARCH_GUEST_ABI "p" : ARCH_GUEST_ABI,
             sizeof(si.magic));
    si.nr_pages = spec->nr_pages;
    si.shared_info = page_to_mfn(d->shared_info_page) << PAGE_SHIFT;
    si.flags = dom0 ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
    si.pt_base = l->pt_start;
    si.nr_pt_frames = l->nr_pt_frames;
    si.mfn_list = l->p2m_start;
    si.first_p2m_pfn = l->first_p2m_pfn;
    si.nr_p2m_frames = l->nr_p2m_frames;
    if (spec->initrd) {
        si.mod_len = spec->initrd->end - spec->initrd->start;
        si.mod_start = l->initrd_by_pfn ? initrd_pfn : l->initrd_start;
        if (l->initrd_by_pfn)
            si.flags |= SIF_MOD_START_PFN;
    }
    str_copy((char *)si.cmd_line, spec->kernel->cmdline ? spec->kernel->cmdline : "",
             sizeof(si.cmd_line));
    build_copy_to(l, p2m, l->start_info, &si, sizeof(si));
}

void build_release_modules(const struct boot_info *bi)
{
    for (unsigned i = 0; i < bi->nr_mod; i++)
        page_alloc_add_range(PFN_UP(bi->mod[i].start), PFN_DOWN(bi->mod[i].end));
}

static void load_initrd(const struct dom0_layout *l, const mfn_t *p2m,
                        const struct boot_module *initrd, uint64_t initrd_pfn)
{
    uint64_t len = initrd->end - initrd->start;

    if (!l->initrd_by_pfn) {
        build_copy_to(l, p2m, l->initrd_start, boot_module_data(initrd), len);
        return;
    }
    for (uint64_t off = 0; off < len; off += PAGE_SIZE)
        memcpy(arch_mfn_to_virt(p2m[initrd_pfn + off / PAGE_SIZE]),
               (uint8_t *)boot_module_data(initrd) + off, MIN(PAGE_SIZE, len - off));
}

struct domain *domain_build(const struct build_spec *spec)
{
    const struct boot_module *kernel = spec->kernel;
    uint64_t initrd_len = spec->initrd ? spec->initrd->end - spec->initrd->start : 0;
    uint64_t initrd_pfn = 0;
    struct kernel_extent extent;
    struct elf_xen_notes notes;
    struct dom0_layout l;
    struct kernel_image image;
    const char *problem;
    struct domain *d;
    mfn_t *p2m;

    if (kernel_image_open(boot_module_data(kernel), kernel->end - kernel->start, &kernel_heap,
                          &image, &problem) ||
        kernel_image_notes(&image, &notes, &extent.paddr_start, &extent.paddr_end, &problem))
        boot_fatal("cannot build d%u from module %u: %s", spec->domid, spec->module, problem);
    if (image.compressed)
        printk("Kernel: %s-compressed, %lu bytes once decompressed\n", image.compressed,
               (unsigned long)image.elf.size);
    extent.elf_entry = image.elf.ehdr->e_entry;
    if (dom0_layout_compute(&notes, &extent, initrd_len, spec->nr_pages, &l, &problem))
        boot_fatal("cannot build d%u: %s", spec->domid, problem);
    if (initrd_len && l.initrd_by_pfn) {
        initrd_pfn = spec->nr_pages - PFN_UP(initrd_len);
        if (initrd_pfn < ((l.v_end - l.v_start) >> PAGE_SHIFT) + l.nr_p2m_frames)
            boot_fatal("cannot build d%u: the initrd does not fit in its memory", spec->domid);
    }

    d = domain_create(spec->domid, spec->max_vcpus, spec->privileged);
    if (!d || sched_set_params(d, spec->weight, spec->cap))
        boot_fatal("cannot create d%u (out of memory or bad weight/cap)", spec->domid);
    if (l.pae == ELF_XEN_PAE_EXTCR3)
        d->vm_assist |= 1UL << VMASST_TYPE_pae_extended_cr3;
    p2m = allocate_memory(d, spec->nr_pages);
    load_kernel(&image, &l, p2m);
    kernel_image_close(&image);
    if (initrd_len)
        load_initrd(&l, p2m, spec->initrd, initrd_pfn);
    build_copy_to(&l, p2m, l.p2m_start, p2m, spec->nr_pages * sizeof(*p2m));
    write_start_info(d, &l, p2m, spec, initrd_pfn);
    if (arch_domain_build(d, &l, p2m))
        boot_fatal("out of memory building d%u's page tables", spec->domid);

    printk("d%u: %lu MiB, %u vCPU%s, kernel [%#lx, %#lx), initial mapping [%#lx, %#lx), "
           "entry %#lx\n",
           spec->domid, spec->nr_pages >> (20 - PAGE_SHIFT), spec->max_vcpus,
           spec->max_vcpus > 1 ? "s" : "", l.kern_start, l.kern_end, l.v_start, l.v_end, l.entry);
    xfree(p2m);
    return d;
}
