/*
 * sysctl (xen/sysctl.c) through hypercall_dispatch: the framing (version,
 * privilege, bad pointers, unknown commands), physinfo from the allocator
 * and the fake CPU, the scheduler's id, getdomaininfolist in id order.
 */
#include <check.h>
#include <string.h>

#include "public/sysctl.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_cpu_features.h"
#include "tests/unit/fake_guest_memory.h"
#include "xen/domain.h"
#include "xen/hypercall.h"
#include "xen/page_alloc.h"
#include "xen/printk.h"
#include "xen/sched.h"

#define FRAMES 1024

static struct page_info table[FRAMES];
static struct xen_sysctl op;
static struct xen_domctl_getdomaininfo infos[4];
static struct domain *dom0, *dom1;
static char ring[20000];

static void setup(void)
{
    fake_ram_init(FRAMES);
    page_alloc_init(table, FRAMES);
    page_alloc_add_range(0, FRAMES);
    ck_assert_ptr_nonnull(domain_create(7, 1, false));
    dom0 = domain_create(0, 1, true);
    dom1 = domain_create(1, 1, false);
    ck_assert_ptr_nonnull(dom0);
    ck_assert_ptr_nonnull(dom1);
    fake_current = dom0->vcpus[0];
    fake_guest_memory_reset();
    fake_guest_memory_add(&op, sizeof(op));
    fake_guest_memory_add(infos, sizeof(infos));
    fake_guest_memory_add(ring, sizeof(ring));
}

static long sysctl(uint32_t cmd)
{
    op.cmd = cmd;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hypercall_dispatch(__HYPERVISOR_sysctl, (uint64_t)&op, 0, 0, 0, 0);
}

START_TEST(test_framing)
{
    op.cmd = XEN_SYSCTL_physinfo;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_sysctl, (uint64_t)&op, 0, 0, 0, 0), -EACCES);
    ck_assert_int_eq(hypercall_dispatch(__HYPERVISOR_sysctl, 0, 0, 0, 0, 0), -EFAULT);
    ck_assert_int_eq(sysctl(0), -ENOSYS);
    ck_assert_int_eq(sysctl(1000), -ENOSYS);
    fake_current = dom1->vcpus[0];
    ck_assert_int_eq(sysctl(XEN_SYSCTL_physinfo), -EPERM);
    ck_assert_int_eq(sysctl(1000), -EPERM);
}
END_TEST

START_TEST(test_physinfo)
{
    struct xen_sysctl_physinfo *pi = &op.u.physinfo;

    memset(&op, 0xa5, sizeof(op));
    ck_assert_int_eq(sysctl(XEN_SYSCTL_physinfo), 0);
    ck_assert_uint_eq(pi->nr_cpus, sched_nr_cpus());
    ck_assert_uint_eq(pi->max_cpu_id, sched_nr_cpus() - 1);
    ck_assert_uint_eq(pi->threads_per_core * pi->cores_per_socket, pi->nr_cpus);
    ck_assert_uint_eq(pi->nr_nodes, 1);
    ck_assert_uint_eq(pi->max_node_id, 63);
    ck_assert_uint_eq(pi->capabilities, XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1);
    ck_assert_uint_eq(pi->arch_capabilities, 0);
    ck_assert_uint_eq(pi->total_pages, FRAMES);
    ck_assert_uint_eq(pi->free_pages, page_alloc_free_count());
    ck_assert_uint_eq(pi->scrub_pages, 0);
    ck_assert_uint_eq(pi->outstanding_pages, 0);
    ck_assert_uint_eq(pi->max_mfn, FRAMES - 1);
    ck_assert_mem_eq(pi->hw_cap, fake_cpu_feature_words, sizeof(pi->hw_cap));
}
END_TEST

START_TEST(test_sched_id_is_credit2)
{
    ck_assert_int_eq(sysctl(XEN_SYSCTL_sched_id), 0);
    ck_assert_uint_eq(op.u.sched_id.sched_id, XEN_SCHEDULER_CREDIT2);
}
END_TEST

static long list(domid_t first, uint32_t max, void *buffer)
{
    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    op.u.getdomaininfolist.buffer = (uint64_t)buffer;
    op.u.getdomaininfolist.num_domains = 0xdead;
    return sysctl(XEN_SYSCTL_getdomaininfolist);
}

START_TEST(test_getdomaininfolist_in_id_order)
{
    ck_assert_int_eq(list(0, 4, infos), 0);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 3);
    ck_assert_uint_eq(infos[0].domain, 0);
    ck_assert_uint_eq(infos[1].domain, 1);
    ck_assert_uint_eq(infos[2].domain, 7);
    ck_assert_int_eq(list(2, 4, infos), 0);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 1);
    ck_assert_uint_eq(infos[0].domain, 7);
    ck_assert_int_eq(list(0, 2, infos), 0);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 2);
    ck_assert_int_eq(list(8, 4, infos), 0);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 0);
}
END_TEST

START_TEST(test_getdomaininfolist_bad_buffer)
{
    ck_assert_int_eq(list(0, 0, NULL), 0);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 0);
    ck_assert_int_eq(list(0, 1, NULL), -EFAULT);
    ck_assert_uint_eq(op.u.getdomaininfolist.num_domains, 0xdead); /* not copied back */
    ck_assert_int_eq(list(8, 4, NULL), 0);
}
END_TEST

static long readconsole(uint32_t count, bool incremental, uint32_t index, bool clear)
{
    memset(ring, 0, sizeof(ring));
    op.u.readconsole = (struct xen_sysctl_readconsole){ .clear = clear,
                                                        .incremental = incremental,
                                                        .index = index,
                                                        .buffer = (uint64_t)ring,
                                                        .count = count };
    return sysctl(XEN_SYSCTL_readconsole);
}

START_TEST(test_readconsole_reads_the_ring)
{
    uint32_t end;

    printk("first marker\n");
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, false), 0);
    ck_assert_ptr_nonnull(strstr(ring, "(XEN) first marker\n"));
    end = op.u.readconsole.index;
    /* Incremental: only what came after. */
    ck_assert_int_eq(readconsole(100, true, end, false), 0);
    ck_assert_uint_eq(op.u.readconsole.count, 0);
    printk("second marker\n");
    ck_assert_int_eq(readconsole(100, true, end, false), 0);
    ck_assert_str_eq(ring, "(XEN) second marker\n");
    ck_assert_uint_eq(op.u.readconsole.index, end + strlen("(XEN) second marker\n"));
    /* A short buffer takes the oldest bytes first. */
    ck_assert_int_eq(readconsole(5, true, end, false), 0);
    ck_assert_str_eq(ring, "(XEN)");
    /* Clearing drops what was read. */
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, true), 0);
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, false), 0);
    ck_assert_uint_eq(op.u.readconsole.count, 0);
    /* The ring keeps its last 16 KiB. */
    for (int i = 0; i < 1000; i++)
        printk("line %04d of the flood\n", i);
    ck_assert_int_eq(readconsole(sizeof(ring) - 1, false, 0, false), 0);
    ck_assert_uint_eq(op.u.readconsole.count, 16384);
    ck_assert_ptr_nonnull(strstr(ring, "line 0999 of the flood\n"));
    ck_assert_ptr_null(strstr(ring, "line 0000 of the flood\n"));
    op.u.readconsole.buffer = 16;
    ck_assert_int_eq(sysctl(XEN_SYSCTL_readconsole), -EFAULT);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sysctl");
    TCase *tc = tcase_create("sysctl");
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_framing);
    tcase_add_test(tc, test_readconsole_reads_the_ring);
    tcase_add_test(tc, test_physinfo);
    tcase_add_test(tc, test_sched_id_is_credit2);
    tcase_add_test(tc, test_getdomaininfolist_in_id_order);
    tcase_add_test(tc, test_getdomaininfolist_bad_buffer);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
