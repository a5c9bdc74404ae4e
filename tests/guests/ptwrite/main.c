/*
 * The writable page-table assist (public/xen.h, vm_assist writable_pagetables): with
 * VMASST writable_pagetables on, a guest kernel may store straight into
 * one of its L1 tables, which it can only map read-only; the hypervisor
 * applies the store as a checked PTE update.  Each form a PV kernel uses:
 * MOV from a register, MOV of an immediate, XCHG, LOCK CMPXCHG; and a
 * store the checks refuse, which must come back as the #PF it was.
 */
#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "guest/traps.h"
#include "public/errno.h"

#define WINDOW (GUEST_VIRT_BASE + 0x6000000UL) /* 2 MiB with an L1 of our own */

static volatile uint64_t *l1_table; /* that L1, through its read-only mapping */
static unsigned next_page;

/* A fresh page of the window and its entry in l1_table. */
static uint64_t window_page(volatile uint64_t **entry)
{
    uint64_t va = WINDOW + (uint64_t)next_page * 4096;

    *entry = &l1_table[next_page++];
    return va;
}

static uint64_t free_mfn(void)
{
    uint64_t pfn = pt_free_pfn();

    return pfn ? pt_pfn_to_mfn(pfn) : 0;
}

static bool setup(void)
{
    if (hypercall_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables) != 0 ||
        pt_new_l1(WINDOW) != 0)
        return false;
    l1_table = mfn_to_virt(pte_mfn(pt_entry(WINDOW, 2)));
    return true;
}

static void mov_register_maps_a_frame(void)
{
    volatile uint64_t *entry, *page;
    uint64_t mfn = free_mfn(), va = window_page(&entry);

    CHECK(mfn, "no free frame");
    *entry = mfn << 12 | PTE_DATA_RW;
    CHECK_EQ(pte_mfn(*entry), mfn);
    page = (volatile uint64_t *)va;
    page[0] = 0x1234;
    CHECK_EQ(page[0], 0x1234);
}

static void mov_immediate_zero_unmaps(void)
{
    volatile uint64_t *entry;
    uint64_t mfn = free_mfn(), va = window_page(&entry), value;

    *entry = mfn << 12 | PTE_DATA_RW;
    *(volatile uint64_t *)va = 7;
    asm volatile("movq $0, %0" : "=m"(*entry) : : "memory");
    CHECK_RC(pt_invlpg(va), 0);
    CHECK_EQ(*entry, 0);
    CHECK(!probe_read((void *)va, &value), "the page is still mapped");
    CHECK_EQ(trap_last.vector, TRAP_PF);
}

static void xchg_returns_the_old_entry(void)
{
    volatile uint64_t *entry;
    uint64_t mfn = free_mfn(), old, va = window_page(&entry);

    *entry = mfn << 12 | PTE_DATA_RW;
    old = *entry;
    uint64_t value = 0;
    asm volatile("xchg %0, %1" : "+r"(value), "+m"(*entry) : : "memory");
    CHECK_EQ(value, old);
    CHECK_EQ(*entry, 0);
    (void)va;
}

static void cmpxchg_replaces_when_equal(void)
{
    volatile uint64_t *entry;
    uint64_t mfn = free_mfn(), other = free_mfn(), expected, va = window_page(&entry);
    bool swapped;

    *entry = mfn << 12 | PTE_DATA_RW;
    expected = *entry;
    asm volatile("lock cmpxchg %3, %1; sete %2"
                 : "+a"(expected), "+m"(*entry), "=q"(swapped)
                 : "r"(other << 12 | PTE_DATA_RW)
                 : "memory");
    CHECK(swapped, "cmpxchg did not report success");
    CHECK_EQ(pte_mfn(*entry), other);
    (void)va;
}

static void cmpxchg_fails_when_different(void)
{
    volatile uint64_t *entry;
    uint64_t mfn = free_mfn(), other = free_mfn(), expected = 0x42, va = window_page(&entry);
    bool swapped;

    *entry = mfn << 12 | PTE_DATA_RW;
    uint64_t now = *entry;
    asm volatile("lock cmpxchg %3, %1; sete %2"
                 : "+a"(expected), "+m"(*entry), "=q"(swapped)
                 : "r"(other << 12 | PTE_DATA_RW)
                 : "memory");
    CHECK(!swapped, "cmpxchg reported success");
    CHECK_EQ(expected, now);
    CHECK_EQ(pte_mfn(*entry), mfn);
    (void)va;
}

/* Mapping the current L4 writable breaks the rules: the store faults. */
static void refused_store_is_a_page_fault(void)
{
    volatile uint64_t *entry;
    uint64_t l4 = pt_read_cr3() >> 12, va = window_page(&entry);

    CHECK(!probe_write(entry, l4 << 12 | PTE_DATA_RW), "the store went through");
    CHECK_EQ(trap_last.vector, TRAP_PF);
    CHECK_EQ(trap_last.error & 3, 3); /* a write to a present page */
    CHECK_EQ(*entry, 0);
    (void)va;
}

static const struct test_case cases[] = {
    { "mov_register_maps_a_frame", mov_register_maps_a_frame },
    { "mov_immediate_zero_unmaps", mov_immediate_zero_unmaps },
    { "xchg_returns_the_old_entry", xchg_returns_the_old_entry },
    { "cmpxchg_replaces_when_equal", cmpxchg_replaces_when_equal },
    { "cmpxchg_fails_when_different", cmpxchg_fails_when_different },
    { "refused_store_is_a_page_fault", refused_store_is_a_page_fault },
};

int guest_main(const struct start_info *si)
{
    if (!setup())
        printk("FAIL ptwrite/setup: cannot build the window\n");
    test_main("ptwrite", cases, ARRAY_SIZE(cases));
    return 0;
}
