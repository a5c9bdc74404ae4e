/*
 * xl's commands that change domains, against the simulated host: pause,
 * unpause, destroy, shutdown / reboot (-a, -w), rename, mem-set, vcpu-pin,
 * sched-credit / sched-credit2, top, uptime and create's refusals, each
 * with what it asks the hypervisor and xl's messages and exit codes for
 * unknown domains, bad numbers and missing arguments.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/errno.h"
#include "public/sched.h"
#include "tests/unit/tools/fake_print.h"
#include "tests/unit/tools/fake_xc.h"
#include "tests/unit/tools/xl_fixture.h"
#include "tools/domains.h"
#include "tools/xenstore/xenstored.h"
#include "tools/xl.h"
#include "tools/xl_create.h"
#include "tools/xlcfg.h"
#include "tools/xs.h"

#define OUT fake_print_output()

static long remote_shutdown(int cmd, void *arg, void *ctx)
{
    struct sched_remote_shutdown *r = arg;

    if (cmd == SCHEDOP_yield)
        return 0;
    if (cmd != SCHEDOP_remote_shutdown)
        return -ENOSYS;
    if (r->domain_id >= FIX_DOMAINS_MAX || !fix_domains[r->domain_id].exists)
        return -ESRCH;
    fix_domains[r->domain_id].info.flags =
        XEN_DOMINF_shutdown | (r->reason << XEN_DOMINF_shutdownshift);
    return 0;
}

START_TEST(pause_and_unpause_by_name_or_id)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("unpause", "ref", NULL), 0);
    ck_assert(!(fix_domains[1].info.flags & XEN_DOMINF_paused));
    ck_assert_int_eq(fix_xl("pause", "1", NULL), 0);
    ck_assert(fix_domains[1].info.flags & XEN_DOMINF_paused);
    ck_assert_str_eq(OUT, "");
    /* xl reports libxl's failure but exits 0 */
    ck_assert_int_eq(fix_xl("pause", "6", NULL), 0);
    ck_assert_str_eq(OUT, "libxl: error: Domain 6:Pausing domain: No such process\n");
    ck_assert_int_eq(fix_xl("unpause", "nosuch", NULL), 1);
    ck_assert_str_eq(OUT, "nosuch is an invalid domain identifier (rc=-6)\n");
    ck_assert_int_eq(fix_xl("pause", NULL), 2);
    ck_assert_str_eq(OUT, "'xl pause' requires at least 1 argument.\n\n"
                          "Usage: xl [-vf] pause <Domain>\n\nPause execution of a domain.\n\n");
}
END_TEST

START_TEST(destroy)
{
    uint32_t id;

    fix_setup();
    ck_assert_int_eq(fix_xl("destroy", "ref", NULL), 0);
    ck_assert_str_eq(OUT, "");
    ck_assert(!fix_domains[1].exists);
    ck_assert_int_eq(domains_lookup("ref", &id), -ENOENT);
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_DOMCTL, XEN_DOMCTL_destroydomain), 1);
    ck_assert_int_eq(fix_xl("destroy", "1", NULL), 1);
    ck_assert_str_eq(OUT, "libxl: error: Domain 1:Non-existant domain\ndestroy failed (rc=-21)\n");
    ck_assert_int_eq(fix_xl("destroy", "Domain-0", NULL), 1);
    ck_assert_str_eq(OUT, "Not destroying domain 0; use -f to force.\nThis can only be done when "
                          "using a disaggregated hardware domain and toolstack.\n\n");
    ck_assert(fix_domains[0].exists);
}
END_TEST

START_TEST(shutdown_and_reboot)
{
    fix_setup();
    fake_xc_on_sched_op(remote_shutdown, NULL);
    ck_assert_int_eq(fix_xl("shutdown", "ref", NULL), 0);
    ck_assert_str_eq(OUT, "Shutting down domain 1\n");
    ck_assert_uint_eq(fix_domains[1].info.flags,
                      XEN_DOMINF_shutdown | (SHUTDOWN_poweroff << XEN_DOMINF_shutdownshift));
    fix_setup();
    fake_xc_on_sched_op(remote_shutdown, NULL);
    ck_assert_int_eq(fix_xl("reboot", "-w", "ref", NULL), 0);
    ck_assert_str_eq(OUT, "Rebooting domain 1\nWaiting for 1 domains\n"
                          "Domain 1 has been shut down, reason code 1\n");
    ck_assert_int_eq(fix_xl("shutdown", NULL), 1);
    ck_assert_str_eq(OUT, "You must specify -a or a domain id.\n\n");
    ck_assert_int_eq(fix_xl("shutdown", "5", NULL), 1);
    ck_assert_str_eq(OUT, "Shutting down domain 5\n"
                          "libxl: error: Domain 5:Shutting down domain: No such process\n"
                          "shutdown failed (rc=-3)\n");
}
END_TEST

START_TEST(shutdown_asks_a_guest_that_listens_through_xenstore)
{
    struct xs_daemon *d = xsd_create(&(struct xsd_hooks){ 0 });
    struct xs_handle *h;
    char *v;

    fix_setup();
    fake_xc_on_sched_op(remote_shutdown, NULL);
    ck_assert_ptr_nonnull(d);
    xs_set_daemon(d);
    h = xs_open();
    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(xs_write_str(h, "/local/domain/1/control/feature-poweroff", "1"), 0);
    ck_assert_int_eq(fix_xl("shutdown", "ref", NULL), 0);
    ck_assert_str_eq(OUT, "Shutting down domain 1\n");
    ck_assert_int_eq(xs_read_str(h, "/local/domain/1/control/shutdown", &v), 0);
    ck_assert_str_eq(v, "poweroff");
    free(v);
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_SCHED_OP, SCHEDOP_remote_shutdown), 0);
    ck_assert(!(fix_domains[1].info.flags & XEN_DOMINF_shutdown)); /* the guest's move now */
    /* no feature-reboot: a reboot is forced from outside */
    ck_assert_int_eq(fix_xl("reboot", "ref", NULL), 0);
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_SCHED_OP, SCHEDOP_remote_shutdown), 1);
    xs_close(h);
    xs_set_daemon(NULL);
    xsd_destroy(d);
}
END_TEST

START_TEST(shutdown_all_spares_dom0)
{
    fix_setup();
    fake_xc_on_sched_op(remote_shutdown, NULL);
    ck_assert_int_eq(fix_xl("shutdown", "-a", NULL), 0);
    ck_assert_str_eq(OUT, "Shutting down domain 1\n");
    ck_assert_uint_eq(fix_domains[0].info.flags, XEN_DOMINF_running);
    ck_assert(fix_domains[1].info.flags & XEN_DOMINF_shutdown);
}
END_TEST

START_TEST(rename_a_domain)
{
    uint32_t id;

    fix_setup();
    ck_assert_int_eq(fix_xl("rename", "ref", "guest", NULL), 0);
    ck_assert_int_eq(domains_lookup("guest", &id), 0);
    ck_assert_uint_eq(id, 1);
    ck_assert_int_eq(fix_xl("rename", "guest", "Domain-0", NULL), 1);
    ck_assert_str_eq(OUT, "libxl: error: Domain 1:Domain with name \"Domain-0\" already exists.\n"
                          "Can't rename domain 'guest'.\n");
    ck_assert_int_eq(fix_xl("rename", "4", "x", NULL), 1);
    ck_assert_str_eq(OUT, "libxl: error: Domain 4:Unable to get domain info: No such process\n"
                          "Can't rename domain '4'.\n");
    ck_assert_int_eq(fix_xl("rename", "guest", NULL), 2);
    ck_assert_ptr_nonnull(strstr(OUT, "'xl rename' requires at least 2 arguments.\n\n"));
}
END_TEST

START_TEST(mem_set)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("mem-set", "ref", "64", NULL), 0);
    ck_assert_uint_eq(fix_domains[1].info.max_pages, (64 * 1024 + 1024) / 4);
    ck_assert_int_eq(fix_xl("mem-set", "ref", "1g", NULL), 0);
    ck_assert_uint_eq(fix_domains[1].info.max_pages, (1024 * 1024 + 1024) / 4);
    ck_assert_int_eq(fix_xl("mem-set", "ref", "8192k", NULL), 0);
    ck_assert_uint_eq(fix_domains[1].info.max_pages, (8192 + 1024) / 4);
    ck_assert_int_eq(fix_xl("mem-set", "ref", "12x", NULL), 1);
    ck_assert_str_eq(OUT, "invalid memory size: 12x\n");
    ck_assert_int_eq(fix_xl("mem-set", "ref", "-5", NULL), 2);
    ck_assert_str_eq(OUT, "option `5' not supported.\n");
    ck_assert_int_eq(fix_xl("mem-set", "3", "64", NULL), 1);
    ck_assert_str_eq(OUT, "libxl: error: Domain 3:Couldn't set max memory: No such process\n"
                          "cannot set domid 3 dynamic max memory to : 64\n");
}
END_TEST

START_TEST(vcpu_pin)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("vcpu-pin", "Domain-0", "1", "1", NULL), 0);
    ck_assert_uint_eq(fix_domains[0].vcpus[1].hard, 2);
    ck_assert_uint_eq(fix_domains[0].vcpus[1].soft, 3);
    ck_assert_int_eq(fix_xl("vcpu-pin", "0", "all", "-", "0", NULL), 0);
    ck_assert_uint_eq(fix_domains[0].vcpus[0].soft, 1);
    ck_assert_uint_eq(fix_domains[0].vcpus[1].soft, 1);
    ck_assert_uint_eq(fix_domains[0].vcpus[1].hard, 2);
    ck_assert_int_eq(fix_xl("vcpu-pin", "0", "0", "all,^1", NULL), 0);
    ck_assert_uint_eq(fix_domains[0].vcpus[0].hard, 1);
    ck_assert_int_eq(fix_xl("vcpu-list", "0", NULL), 0);
    ck_assert_ptr_nonnull(strstr(OUT, "-b-       8.0  0 / 0\n"));

    ck_assert_int_eq(fix_xl("vcpu-pin", "0", "x", "1", NULL), 1);
    ck_assert_str_eq(OUT, "Error: Invalid argument x as VCPU.\n");
    ck_assert_int_eq(fix_xl("vcpu-pin", "-f", "0", "all", "1", NULL), 1);
    ck_assert_str_eq(OUT, "Error: --force and 'all' as VCPU not allowed.\n");
    ck_assert_int_eq(fix_xl("vcpu-pin", "0", "0", "3-1", NULL), 1);
    ck_assert_str_eq(OUT, "Invalid pcpu range: 3-1.\n");
    ck_assert_int_eq(fix_xl("vcpu-pin", "0", "0", "^all", NULL), 1);
    ck_assert_str_eq(OUT, "Can't combine \"^\" and \"all\".\n");
    ck_assert_int_eq(fix_xl("vcpu-pin", "0", "3", "1", NULL), 1);
    ck_assert_str_eq(OUT, "libxl: error: Domain 0:Setting vcpu affinity: Invalid argument\n"
                          "Could not set affinity for vcpu `3'.\n");
    ck_assert_int_eq(fix_xl("vcpu-pin", "0", "1", NULL), 2);
}
END_TEST

START_TEST(sched_credit2_lists_and_sets)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("sched-credit2", NULL), 0);
    ck_assert_str_eq(OUT, "Cpupool Pool-0: [sched params unavailable]\n"
                          "Name                                ID Weight  Cap\n"
                          "Domain-0                             0    256    0\n"
                          "ref                                  1    256    0\n");
    ck_assert_int_eq(fix_xl("sched-credit2", "-d", "ref", "-w", "512", "-c", "50", NULL), 0);
    ck_assert_uint_eq(fix_domains[1].weight, 512);
    ck_assert_uint_eq(fix_domains[1].cap, 50);
    ck_assert_int_eq(fix_xl("sched-credit2", "-d", "ref", NULL), 0);
    ck_assert_str_eq(OUT, "Name                                ID Weight  Cap\n"
                          "ref                                  1    512   50\n");
    ck_assert_int_eq(fix_xl("sched-credit2", "--domain=ref", "--weight=7", NULL), 0);
    ck_assert_uint_eq(fix_domains[1].weight, 7);
    ck_assert_uint_eq(fix_domains[1].cap, 50);
    ck_assert_int_eq(fix_xl("sched-credit2", "-w", "5", NULL), 1);
    ck_assert_str_eq(OUT, "Must specify a domain.\n");
    ck_assert_int_eq(fix_xl("sched-credit2", "-d", "ref", "-w", "0", NULL), 1);
    ck_assert_ptr_nonnull(strstr(OUT, "libxl_domain_sched_params_set failed.\n"));
}
END_TEST

START_TEST(sched_credit_on_a_credit2_host)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("sched-credit", NULL), 0);
    ck_assert_str_eq(OUT, "");
    ck_assert_int_eq(fix_xl("sched-credit", "-d", "ref", NULL), 1);
    ck_assert_str_eq(OUT, "Name                                ID Weight  Cap\n"
                          "libxl_domain_sched_params_get returned credit2 not credit.\n");
}
END_TEST

static uint64_t fake_uptime_ns(void)
{
    return (2ULL * 86400 + 3 * 3600 + 4 * 60 + 5) * 1000000000ULL;
}

static uint64_t fake_wallclock_s(void)
{
    return 1795555593ULL; /* 21:26:33 UTC */
}

START_TEST(top_prints_one_frame)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("top", NULL), 0);
    ck_assert_str_eq(
        OUT,
        "xentop - --:--:--   Xen 4.17.7\n"
        "2 domains: 1 running, 0 blocked, 1 paused, 0 crashed, 0 dying, 0 shutdown \n"
        "Mem: 1047552k total, 537600k used, 509952k free    CPUs: 2 @ 2596MHz\n"
        "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS "
        "NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n"
        "  Domain-0 -----r          8    0.0     524288   50.0 17179869180 1640001.6     2    0 "
        "       0        0    0        0        0        0          0          0    0\n"
        "       ref ----p-          0    0.0      32768    3.1      33792       3.2     1    0 "
        "       0        0    0        0        0        0          0          0    0\n");
    xl_set_clock(fake_uptime_ns, fake_wallclock_s);
    ck_assert_int_eq(fix_xl("top", NULL), 0);
    ck_assert_ptr_nonnull(strstr(OUT, "xentop - 21:26:33   Xen 4.17.7\n"));
    xl_set_clock(NULL, NULL);
}
END_TEST

START_TEST(uptime)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("uptime", NULL), 255);
    ck_assert_str_eq(OUT,
                     "Name                                ID Uptime\nCan not get Dom0 uptime.\n");
    xl_set_clock(fake_uptime_ns, fake_wallclock_s);
    ck_assert_int_eq(fix_xl("uptime", NULL), 0);
    ck_assert_str_eq(OUT, "Name                                ID Uptime\n"
                          "Domain-0                             0 2 days,  3:04:05\n");
    ck_assert_int_eq(fix_xl("uptime", "-s", "Domain-0", NULL), 0);
    ck_assert_str_eq(OUT, " 21:26:33 up 2 days,  3:04, Domain-0 (0)\n");
    ck_assert_int_eq(fix_xl("uptime", "nosuch", NULL), 1);
    xl_set_clock(NULL, NULL);
}
END_TEST

static const char *file_text;

static int fake_reader(const char *path, const void **data, size_t *len)
{
    if (strcmp(path, "/etc/xen/a.cfg") == 0) {
        *data = file_text;
        *len = strlen(file_text);
        return 0;
    }
    if (strcmp(path, "/boot/k") == 0) {
        *data = "not an ELF";
        *len = 10;
        return 0;
    }
    return -ENOENT;
}

START_TEST(create_refusals)
{
    fix_setup();
    xl_set_file_reader(NULL);
    ck_assert_int_eq(fix_xl("create", "/etc/xen/a.cfg", NULL), 3);
    ck_assert_str_eq(OUT, "Parsing config from /etc/xen/a.cfg\n"
                          "Failed to read config file: /etc/xen/a.cfg: Function not implemented\n");
    xl_set_file_reader(fake_reader);
    ck_assert_int_eq(fix_xl("create", "/etc/xen/none.cfg", NULL), 3);
    ck_assert_str_eq(OUT, "Parsing config from /etc/xen/none.cfg\n"
                          "Failed to read config file: /etc/xen/none.cfg: No such file or "
                          "directory\n");
    file_text = "name='ref'\nmemory=\n";
    ck_assert_int_eq(fix_xl("create", "/etc/xen/a.cfg", NULL), 1);
    ck_assert_str_eq(OUT, "Parsing config from /etc/xen/a.cfg\n"
                          "/etc/xen/a.cfg:2: config parsing error near <newline>: syntax error, "
                          "unexpected NEWLINE, expecting STRING or NUMBER or '['\n"
                          "Failed to parse config: Invalid argument\n");
    file_text = "name='ref'\nkernel='/boot/k'\n";
    ck_assert_int_eq(fix_xl("create", "/etc/xen/a.cfg", NULL), 6);
    ck_assert_str_eq(OUT, "Parsing config from /etc/xen/a.cfg\n"
                          "libxl: error: Domain 1:Domain with name \"ref\" already exists.\n");
    ck_assert_int_eq(fix_xl("create", "/etc/xen/a.cfg", "name=\"b\"", "kernel='/boot/x'", NULL), 3);
    ck_assert_str_eq(OUT, "Parsing config from /etc/xen/a.cfg\n"
                          "libxl: error: failed to read kernel /boot/x: No such file or "
                          "directory\n");
    file_text = "name='b'\n";
    ck_assert_int_eq(fix_xl("create", "/etc/xen/a.cfg", NULL), 6);
    ck_assert_str_eq(OUT, "Parsing config from /etc/xen/a.cfg\n"
                          "libxl: error: no kernel specified for PV domain \"b\"\n");
    file_text = "name='b'\nkernel='/boot/k'\n";
    ck_assert_int_eq(fix_xl("create", "/etc/xen/a.cfg", NULL), 3);
    ck_assert_ptr_nonnull(strstr(OUT, "libxl: error: cannot (re-)build domain: "));
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_DOMCTL, XEN_DOMCTL_createdomain), 0);
    ck_assert_int_eq(fix_xl("create", NULL), 2);
    ck_assert_ptr_nonnull(strstr(OUT, "Usage: xl [-vfN] create <ConfigFile> [options] [vars]"));
    xl_set_file_reader(NULL);
}
END_TEST

/* ref (domain 1) as xl created it, with the given on_poweroff / on_reboot. */
static void created_ref(const char *extra)
{
    char text[256];
    struct xlcfg cfg;

    snprintf(text, sizeof(text), "name='ref'\nkernel='/boot/k'\nmemory=32\n%s\n", extra);
    ck_assert_int_eq(xlcfg_parse(&cfg, "ref.cfg", text, strlen(text), 0, NULL), 0);
    xl_created_add(1, &cfg);
}

START_TEST(lifecycle_destroys_a_domain_that_powered_off)
{
    fix_setup();
    created_ref("on_poweroff='destroy'");
    fix_domains[1].info.flags =
        XEN_DOMINF_shutdown | (SHUTDOWN_poweroff << XEN_DOMINF_shutdownshift);
    ck_assert_int_eq(fix_xl("list", NULL), 0);
    ck_assert_ptr_null(strstr(OUT, "ref"));
    ck_assert(!fix_domains[1].exists);
    ck_assert_ptr_null(xl_created_config(1));
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_DOMCTL, XEN_DOMCTL_destroydomain), 1);
}
END_TEST

START_TEST(lifecycle_preserves_and_leaves_running_domains)
{
    fix_setup();
    created_ref("on_poweroff='preserve'");
    ck_assert_int_eq(fix_xl("list", NULL), 0); /* running: nothing to do */
    fix_domains[1].info.flags =
        XEN_DOMINF_shutdown | (SHUTDOWN_poweroff << XEN_DOMINF_shutdownshift);
    ck_assert_int_eq(fix_xl("list", NULL), 0);
    ck_assert_int_eq(fix_xl("list", NULL), 0);
    ck_assert_ptr_nonnull(
        strstr(OUT, "ref                                          1    32     1     ---s--"));
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_DOMCTL, XEN_DOMCTL_destroydomain), 0);
    ck_assert_int_eq(fix_xl("destroy", "ref", NULL), 0);
}
END_TEST

START_TEST(lifecycle_restart_rebuilds_and_reports_failure)
{
    fix_setup();
    created_ref("on_reboot='restart'");
    fix_domains[1].info.flags = XEN_DOMINF_shutdown | (SHUTDOWN_reboot << XEN_DOMINF_shutdownshift);
    xl_set_file_reader(fake_reader);
    ck_assert_int_eq(fix_xl("list", NULL), 0);
    xl_set_file_reader(NULL);
    ck_assert(!fix_domains[1].exists);
    /* the fake host has no createdomain: the rebuild fails, and says so */
    ck_assert_ptr_nonnull(strstr(OUT, "libxl: error: cannot (re-)build domain: "));
    ck_assert_ptr_nonnull(strstr(OUT, "xl: domain ref could not be restarted (rc=-3)\n"));
}
END_TEST

START_TEST(lifecycle_forgets_domains_destroyed_elsewhere)
{
    fix_setup();
    created_ref("");
    fix_domains[1].exists = false;
    ck_assert_int_eq(fix_xl("list", NULL), 0);
    ck_assert_ptr_null(xl_created_config(1));
    ck_assert_uint_eq(fake_xc_count(FAKE_XC_DOMCTL, XEN_DOMCTL_destroydomain), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xl_vm");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_test(tc, pause_and_unpause_by_name_or_id);
    tcase_add_test(tc, destroy);
    tcase_add_test(tc, shutdown_and_reboot);
    tcase_add_test(tc, shutdown_asks_a_guest_that_listens_through_xenstore);
    tcase_add_test(tc, shutdown_all_spares_dom0);
    tcase_add_test(tc, rename_a_domain);
    tcase_add_test(tc, mem_set);
    tcase_add_test(tc, vcpu_pin);
    tcase_add_test(tc, sched_credit2_lists_and_sets);
    tcase_add_test(tc, sched_credit_on_a_credit2_host);
    tcase_add_test(tc, top_prints_one_frame);
    tcase_add_test(tc, uptime);
    tcase_add_test(tc, create_refusals);
    tcase_add_test(tc, lifecycle_destroys_a_domain_that_powered_off);
    tcase_add_test(tc, lifecycle_preserves_and_leaves_running_domains);
    tcase_add_test(tc, lifecycle_restart_rebuilds_and_reports_failure);
    tcase_add_test(tc, lifecycle_forgets_domains_destroyed_elsewhere);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
