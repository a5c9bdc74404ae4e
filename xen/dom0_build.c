/*
 * The dom0 builder: what Xen's does for a 64-bit PV kernel.  Give dom0 its
 * memory, load the kernel by its ELF segments into the layout of
 * dom0_layout.c, append the initrd, write the P2M list and start_info,
 * let the arch build page tables and registers.  The modules' frames go
 * back to the allocator afterwards.
 */
#include "public/xen.h"
#include "xen/arch.h"
#include "xen/dom0_build.h"
#include "xen/page_alloc.h"
#include "xen/page_types.h"
#include "xen/printk.h"
#include "xen/setup.h"
#include "xen/xmalloc.h"

#define DOM0_MIN_PAGES      (16UL << (20 - PAGE_SHIFT))
#define HYPERVISOR_RESERVE  (128UL << (20 - PAGE_SHIFT))   /* kept for ourselves */

static void *module_data(const struct boot_module *m)
{
    return (uint8_t *)arch_mfn_to_virt(0) + m->start;
}

void dom0_copy_to(const struct dom0_layout *l, const mfn_t *p2m, uint64_t va,
                  const void *src, size_t len)
{
    while (len) {
        uint64_t pfn = (va - l->v_start) >> PAGE_SHIFT, off = va & (PAGE_SIZE - 1);
        size_t chunk = MIN(len, PAGE_SIZE - off);
        memcpy((uint8_t *)arch_mfn_to_virt(p2m[pfn]) + off, src, chunk);
        va += chunk;
        src = (const uint8_t *)src + chunk;
        len -= chunk;
    }
}

/* How much memory dom0 gets: dom0_mem=, else all but a reserve (as Xen). */
static uint64_t dom0_pages(uint64_t dom0_mem)
{
    uint64_t free = page_alloc_free_count();
    uint64_t avail = free > HYPERVISOR_RESERVE ? free - HYPERVISOR_RESERVE : 0;
    uint64_t want = dom0_mem ? dom0_mem >> PAGE_SHIFT : avail;

    if (want > avail)
        boot_fatal("dom0_mem=%luM is more than the %luM available", dom0_mem >> 20,
                   avail >> (20 - PAGE_SHIFT));
    if (want < DOM0_MIN_PAGES)
        boot_fatal("too little memory for dom0: %lu KiB", want << (PAGE_SHIFT - 10));
    return want;
}

/* Frames for PFNs 0..nr-1, in blocks as large as the allocator gives. */
static mfn_t *dom0_allocate(struct domain *d, uint64_t nr)
{
    mfn_t *p2m = xmalloc(nr * sizeof(*p2m));
    uint64_t pfn = 0;
    unsigned order = MAX_ORDER;

    if (!p2m)
        boot_fatal("out of memory for dom0's P2M");
    d->max_pages = nr;
    while (pfn < nr) {
        while ((1UL << order) > nr - pfn)
            order--;
        struct page_info *pg = alloc_pages(order);
        if (!pg) {
            if (order == 0)
                boot_fatal("out of memory building dom0");
            order--;
            continue;
        }
        for (uint64_t i = 0; i < (1UL << order); i++, pfn++) {
            mfn_t mfn = page_to_mfn(pg) + i;
            BUG_ON(page_assign(d, pg + i));
            memset(arch_mfn_to_virt(mfn), 0, PAGE_SIZE);
            p2m[pfn] = mfn;
            set_gpfn_from_mfn(mfn, pfn);
        }
    }
    return p2m;
}

static void load_kernel(const struct elf_image *elf, const struct dom0_layout *l,
                        const mfn_t *p2m)
{
    for (unsigned i = 0; i < elf_phdr_count(elf); i++) {
        const struct elf64_phdr *ph = elf_phdr(elf, i);
        if (ph->p_type != PT_LOAD || !ph->p_memsz)
            continue;
        /* Frames are zeroed: the bss needs no work. */
        dom0_copy_to(l, p2m, ph->p_paddr + l->virt_offset, elf_segment_data(elf, ph),
                     ph->p_filesz);
    }
}

static void write_start_info(struct domain *d, const struct dom0_layout *l, const mfn_t *p2m,
                             const struct boot_info *bi, uint64_t nr_pages,
                             uint64_t initrd_pfn)
{
    struct start_info si = { 0 };

    str_copy(si.magic, l->pae_mode ? "xen-3.0-x86_64p" : "xen-3.0-x86_64", sizeof(si.magic));
    si.nr_pages = nr_pages;
    si.shared_info = page_to_mfn(d->shared_info_page) << PAGE_SHIFT;
    si.flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
    si.pt_base = l->pt_start;
    si.nr_pt_frames = l->nr_pt_frames;
    si.mfn_list = l->p2m_start;
    if (bi->nr_mod > 1) {
        si.mod_len = bi->mod[1].end - bi->mod[1].start;
        si.mod_start = l->initrd_by_pfn ? initrd_pfn : l->initrd_start;
        if (l->initrd_by_pfn)
            si.flags |= SIF_MOD_START_PFN;
    }
    str_copy((char *)si.cmd_line, bi->mod[0].cmdline ? bi->mod[0].cmdline : "",
             sizeof(si.cmd_line));
    dom0_copy_to(l, p2m, l->start_info, &si, sizeof(si));
}

/* The modules were copied into dom0: their frames are free now. */
static void release_modules(const struct boot_info *bi)
{
    for (unsigned i = 0; i < bi->nr_mod; i++)
        page_alloc_add_range(PFN_UP(bi->mod[i].start), PFN_DOWN(bi->mod[i].end));
}

struct domain *dom0_build(const struct boot_info *bi, uint64_t dom0_mem)
{
    const struct boot_module *kernel = &bi->mod[0];
    uint64_t initrd_len = bi->nr_mod > 1 ? bi->mod[1].end - bi->mod[1].start : 0;
    uint64_t nr_pages = dom0_pages(dom0_mem), initrd_pfn = 0, pstart, pend;
    struct elf_xen_notes notes;
    struct dom0_layout l;
    struct elf_image elf;
    const char *problem;
    struct domain *d;
    mfn_t *p2m;

    if (elf_open(&elf, module_data(kernel), kernel->end - kernel->start) ||
        elf_load_range(&elf, &pstart, &pend) || elf_xen_notes(&elf, &notes))
        boot_fatal("module 0 is not an ELF64 x86-64 image");
    if (dom0_layout_compute(&notes, pstart, pend, initrd_len, nr_pages, &l, &problem))
        boot_fatal("cannot build dom0: %s", problem);

    d = domain_create(0, 1, true);
    if (!d)
        boot_fatal("out of memory creating dom0");
    if (l.pae_mode)
        d->vm_assist |= 1UL << VMASST_TYPE_pae_extended_cr3;
    p2m = dom0_allocate(d, nr_pages);

    load_kernel(&elf, &l, p2m);
    if (initrd_len && l.initrd_by_pfn) {
        initrd_pfn = nr_pages - PFN_UP(initrd_len);
        if (initrd_pfn < (l.v_end - l.v_start) >> PAGE_SHIFT)
            boot_fatal("cannot build dom0: the initrd does not fit in its memory");
        for (uint64_t off = 0; off < initrd_len; off += PAGE_SIZE)
            memcpy(arch_mfn_to_virt(p2m[initrd_pfn + off / PAGE_SIZE]),
                   (uint8_t *)module_data(&bi->mod[1]) + off, MIN(PAGE_SIZE, initrd_len - off));
    } else if (initrd_len) {
        dom0_copy_to(&l, p2m, l.initrd_start, module_data(&bi->mod[1]), initrd_len);
    }
    dom0_copy_to(&l, p2m, l.p2m_start, p2m, nr_pages * sizeof(*p2m));
    write_start_info(d, &l, p2m, bi, nr_pages, initrd_pfn);
    if (arch_dom0_build(d, &l, p2m))
        boot_fatal("out of memory building dom0's page tables");

    printk("dom0: %lu MiB, kernel [%#lx, %#lx), initial mapping [%#lx, %#lx), entry %#lx\n",
           nr_pages >> (20 - PAGE_SHIFT), l.kern_start, l.kern_end, l.v_start, l.v_end, l.entry);
    xfree(p2m);
    release_modules(bi);
    return d;
}
