/*
 * multicall (hypercall 13): a list of calls run in one trip, each result
 * written back into its entry; nested multicalls, an iret entry, bad lists.
 */
#include "guest/pt.h"
#include "guest/window.h"
#include "platform.h"
#include "public/version.h"

/* What an entry's result holds until the hypervisor writes it. */
#define UNTOUCHED 0xdeadbeefcafef00dUL

static struct multicall_entry entry(uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2)
{
    return (struct multicall_entry){ .op = op, .result = UNTOUCHED, .args = { a0, a1, a2 } };
}

static struct multicall_entry version_entry(void)
{
    return entry(__HYPERVISOR_xen_version, XENVER_version, 0, 0);
}

static void batch_results_written_back(void)
{
    struct multicall_entry list[3] = {
        version_entry(),
        entry(__HYPERVISOR_vm_assist, VMASST_CMD_enable, VMASST_TYPE_writable_pagetables, 0),
        entry(__HYPERVISOR_xen_version, XENVER_pagesize, 0, 0),
    };

    CHECK_RC(multicall(list, 3), 0);
    CHECK_RC(list[0].result, XEN_4_17);
    CHECK_RC(list[1].result, 0);
    CHECK_RC(list[2].result, 4096);
    CHECK_EQ(list[0].op, __HYPERVISOR_xen_version);
}

/* An entry that fails has its error as result; the multicall itself succeeds. */
static void failing_entries_do_not_stop_the_list(void)
{
    struct multicall_entry list[4] = {
        entry(__HYPERVISOR_console_io, CONSOLEIO_write, 1, UNMAPPED),
        entry(100, 0, 0, 0),
        entry(~0UL, 0, 0, 0),
        version_entry(),
    };

    CHECK_RC(multicall(list, 4), 0);
    CHECK_RC(list[0].result, -XEN_EFAULT);
    CHECK_RC(list[1].result, -XEN_ENOSYS);
    CHECK_RC(list[2].result, -XEN_ENOSYS);
    CHECK_RC(list[3].result, XEN_4_17);
}

static void nested_multicall_entry_einval(void)
{
    struct multicall_entry inner[1] = { version_entry() };
    struct multicall_entry list[3] = {
        version_entry(),
        entry(__HYPERVISOR_multicall, (uint64_t)inner, 1, 0),
        version_entry(),
    };

    CHECK_RC(multicall(list, 3), 0);
    CHECK_RC(list[0].result, XEN_4_17);
    CHECK_RC(list[1].result, -XEN_EINVAL);
    CHECK_EQ(inner[0].result, UNTOUCHED);
    CHECK_RC(list[2].result, XEN_4_17);
}

/*
 * An iret entry is the iret hypercall: it returns through the frame on the
 * guest's stack, and the multicall ends there.  The entry's result is the
 * frame's RAX; the multicall returns it cut to an int (Xen's rc is an int),
 * and that is what RAX holds at the frame's RIP.
 */
static void iret_entry_returns_through_the_frame(void)
{
    struct multicall_entry list[3] = {
        version_entry(),
        entry(__HYPERVISOR_iret, 0, 0, 0),
        version_entry(),
    };
    uint64_t out[2] = { 0, 2 };

    multicall_iret(list, 3, out);
    info("multicall with an iret entry: rax %#lx, %s, results %#lx %#lx %#lx", out[0],
         out[1] ? "returned after the syscall" : "came back through the frame", list[0].result,
         list[1].result, list[2].result);
    CHECK(out[1] == 0, "returned after the syscall, not through the frame");
    CHECK_EQ(out[0], (uint64_t)(int64_t)(int32_t)MULTICALL_IRET_RAX);
    CHECK_RC(list[0].result, XEN_4_17);
    CHECK_EQ(list[1].result, MULTICALL_IRET_RAX);
    CHECK_EQ(list[2].result, UNTOUCHED);
}

static void bad_list_efault(void)
{
    CHECK_RC(multicall(NULL, 1), -XEN_EFAULT);
    CHECK_RC(multicall((struct multicall_entry *)UNMAPPED, 2), -XEN_EFAULT);
    CHECK_RC(multicall((struct multicall_entry *)HYPERVISOR_DIRECT_MAP, 1), -XEN_EFAULT);
    CHECK_RC(multicall((struct multicall_entry *)MACH2PHYS_VIRT_START, 1), -XEN_EFAULT);
    CHECK_RC(multicall((struct multicall_entry *)NONCANONICAL, 1), -XEN_EFAULT);
}

static void zero_calls_returns_0(void)
{
    struct multicall_entry list[1] = { version_entry() };

    CHECK_RC(multicall(list, 0), 0);
    CHECK_EQ(list[0].result, UNTOUCHED);
    CHECK_RC(multicall(NULL, 0), 0);
}

/* The list's start is checked even when it is empty. */
static void zero_calls_hypervisor_list_efault(void)
{
    CHECK_RC(multicall((struct multicall_entry *)HYPERVISOR_DIRECT_MAP, 0), -XEN_EFAULT);
}

/* nr_calls is 32 bits wide: the upper half of the register is ignored. */
static void nr_calls_upper_bits_ignored(void)
{
    struct multicall_entry list[1] = { version_entry() };

    CHECK_RC(multicall(list, 1UL << 32), 0);
    CHECK_EQ(list[0].result, UNTOUCHED);
    CHECK_RC(multicall(list, (1UL << 32) | 1), 0);
    CHECK_RC(list[0].result, XEN_4_17);
}

/* Entries before the unmapped page run and keep their results. */
static void entry_in_unmapped_page_efault(void)
{
    volatile uint64_t *page = new_mapped_frame(NULL);
    struct multicall_entry *list;

    if (!page)
        return;
    list = (struct multicall_entry *)((uint64_t)page + PAGE_SIZE) - 2;
    list[0] = version_entry();
    list[1] = entry(__HYPERVISOR_xen_version, XENVER_pagesize, 0, 0);
    CHECK_RC(multicall(list, 3), -XEN_EFAULT);
    CHECK_RC(list[0].result, XEN_4_17);
    CHECK_RC(list[1].result, 4096);
}

/*
 * A list the hypervisor can read but not write back into: the first entry
 * runs, its result cannot be stored, and the multicall ends with -EFAULT.
 */
static void read_only_list_efault(void)
{
    static uint64_t marker;
    struct multicall_entry *list = pt_spare_page();
    long rc, dr0;

    CHECK(list, "no spare page left");
    /* An entry whose effect shows: DR0 set to a guest address. */
    list[0] = entry(__HYPERVISOR_set_debugreg, 0, (uint64_t)&marker, 0);
    list[1] = version_entry();
    CHECK_RC(pt_set_readonly(list), 0);
    rc = multicall(list, 2);
    dr0 = get_debugreg(0);
    set_debugreg(0, 0);
    CHECK_RC(pt_set_writable(list), 0);
    CHECK_RC(rc, -XEN_EFAULT);
    CHECK_EQ(dr0, (uint64_t)&marker);
    CHECK_EQ(list[0].result, UNTOUCHED);
    CHECK_EQ(list[1].result, UNTOUCHED);
}

const struct test_case multicall_cases[] = {
    { "multicall_batch_results_written_back", batch_results_written_back },
    { "multicall_failing_entries_do_not_stop_the_list", failing_entries_do_not_stop_the_list },
    { "multicall_nested_multicall_entry_einval", nested_multicall_entry_einval },
    { "multicall_iret_entry_returns_through_the_frame", iret_entry_returns_through_the_frame },
    { "multicall_bad_list_efault", bad_list_efault },
    { "multicall_zero_calls_returns_0", zero_calls_returns_0 },
    { "multicall_zero_calls_hypervisor_list_efault", zero_calls_hypervisor_list_efault },
    { "multicall_nr_calls_upper_bits_ignored", nr_calls_upper_bits_ignored },
    { "multicall_entry_in_unmapped_page_efault", entry_in_unmapped_page_efault },
    { "multicall_read_only_list_efault", read_only_list_efault },
};
const unsigned multicall_count = ARRAY_SIZE(multicall_cases);
