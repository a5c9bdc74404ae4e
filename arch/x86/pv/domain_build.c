/*
 * The x86 half of the domain builder: the bootstrap page tables (mapping the
 * whole initial region, the tables themselves read-only), the hypercall
 * page, and vCPU 0's first registers (public/xen.h).
 */
#include "arch/x86/cpu_tables.h"
#include "arch/x86/hv_pagetables.h"
#include "arch/x86/include/processor.h"
#include "arch/x86/include/pte_bits.h"
#include "arch/x86/pv/domain.h"
#include "public/xen.h"
#include "xen/arch/build.h"
#include "xen/arch/cpu.h"
#include "xen/arch/domain.h"
#include "xen/arch/mm.h"
#include "xen/builder/domain_build.h"
#include "xen/pagetable.h"
#include "xen/printk.h"
#include "xen/sched.h"
#include "xen/vcpu_op.h"

#define L1_PROT    (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D | PTE_GUEST_KERNEL)
#define UPPER_PROT (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)

struct pt_builder {
    const struct dom0_layout *l;
    const mfn_t *p2m;
    uint64_t next_pfn; /* the next bootstrap page-table frame to use */
    uint64_t *l4, *l3, *l2, *l1;
};

static uint64_t *new_table(struct pt_builder *b, mfn_t *mfn)
{
    *mfn = b->p2m[b->next_pfn++];
    return arch_mfn_to_virt(*mfn);
}

/*
 * Walk the region page by page, taking a new L1 at every 2 MiB, and an L2
 * or L3 only when the walk leaves the current one: the same order of
 * frames as Xen's builder (L4, L1, L2, L3, further L1s).
 */
static void map_region(struct pt_builder *b)
{
    const struct dom0_layout *l = b->l;
    uint64_t pt_end = l->pt_start + l->nr_pt_frames * PAGE_SIZE;
    mfn_t mfn;

    for (uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
        if (!b->l1 || l1_index(va) == 0) {
            b->l1 = new_table(b, &mfn);
            uint64_t l1e = (mfn << PAGE_SHIFT) | UPPER_PROT;
            if (!b->l2 || l2_index(va) == 0) {
                b->l2 = new_table(b, &mfn);
                uint64_t l2e = (mfn << PAGE_SHIFT) | UPPER_PROT;
                if (!b->l3 || l3_index(va) == 0) {
                    b->l3 = new_table(b, &mfn);
                    b->l4[l4_index(va)] = (mfn << PAGE_SHIFT) | UPPER_PROT;
                }
                b->l3[l3_index(va)] = l2e;
            }
            b->l2[l2_index(va)] = l1e;
        }
        uint64_t pte = (b->p2m[(va - l->v_start) >> PAGE_SHIFT] << PAGE_SHIFT) | L1_PROT;
        if (va >= l->pt_start && va < pt_end)
            pte &= ~(PTE_RW | PTE_D);
        b->l1[l1_index(va)] = pte;
    }
    BUG_ON(b->next_pfn > (pt_end - l->v_start) >> PAGE_SHIFT);
}

/* The table entry points at, made from the next INIT_P2M frame if the entry is empty. */
static uint64_t *table_below(struct pt_builder *b, uint64_t *entry, uint64_t *next_pfn)
{
    if (!(*entry & PTE_P)) {
        mfn_t mfn = b->p2m[(*next_pfn)++];

        memset(arch_mfn_to_virt(mfn), 0, PAGE_SIZE);
        *entry = (mfn << PAGE_SHIFT) | UPPER_PROT;
    }
    return arch_mfn_to_virt((*entry & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

/*
 * INIT_P2M: map the list at the kernel's address, page by page (no
 * superpages), in the frames after the initial mapping's: first the list's
 * own pages, then the tables it needs where the initial mapping has none.
 */
static void map_p2m_apart(struct pt_builder *b)
{
    const struct dom0_layout *l = b->l;
    uint64_t start = l->p2m_start & ~(PAGE_SIZE - 1), end = ROUND_UP(l->p2m_end, PAGE_SIZE);
    uint64_t next_table = l->first_p2m_pfn + ((end - start) >> PAGE_SHIFT);

    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        uint64_t *l3 = table_below(b, &b->l4[l4_index(va)], &next_table);
        uint64_t *l2 = table_below(b, &l3[l3_index(va)], &next_table);
        uint64_t *l1 = table_below(b, &l2[l2_index(va)], &next_table);

        l1[l1_index(va)] = (b->p2m[build_va_to_pfn(l, va)] << PAGE_SHIFT) | L1_PROT;
    }
    BUG_ON(next_table > l->first_p2m_pfn + l->nr_p2m_frames);
}

/* The page XEN_DOMCTL_hypercall_init writes too (hypercall_page.c). */
static void write_hypercall_page(const struct dom0_layout *l, const mfn_t *p2m)
{
    uint8_t page[PAGE_SIZE];

    arch_hypercall_page_fill(page);
    build_copy_to(l, p2m, l->hypercall_page, page, sizeof(page));
}

int arch_domain_build(struct domain *d, const struct dom0_layout *l, const mfn_t *p2m)
{
    struct pt_builder b = { .l = l, .p2m = p2m };
    struct vcpu *v = d->vcpus[0];
    struct arch_vcpu *a = avcpu(v);
    mfn_t l4_mfn;

    b.next_pfn = (l->pt_start - l->v_start) >> PAGE_SHIFT;
    b.l4 = new_table(&b, &l4_mfn);
    map_region(&b);
    if (l->p2m_apart)
        map_p2m_apart(&b);
    if (l->hypercall_page)
        write_hypercall_page(l, p2m);

    /* Validated, pinned and loaded as Xen's builder leaves it. */
    int rc = pt_install_boot_root(v, l4_mfn);
    if (rc)
        return rc;
    v->initialised = true;
    vcpu_timers_start(v);
    vcpu_set_up(v);
    a->in_kernel = true;
    a->regs = (struct cpu_regs){
        .rip = l->entry,
        .cs = GUEST_CS64,
        .rflags = RFLAGS_IF,
        .rsp = l->stack_start + PAGE_SIZE,
        .ss = GUEST_DS,
        .rsi = l->start_info,
    };
    return 0;
}
