/*
 * xl's listing commands against a simulated host with the values of
 * shared/reference/xl-4.17.txt: `xl list` (plain, -v, one domain, -l for
 * dom0), `xl info` (and -n, and `xl info NAME`), `xl vcpu-list` and
 * `xl dmesg` print exactly what Xen 4.17's xl printed there (where our dom0
 * differs from Linux, in info's host/release/version lines, those lines
 * are ours); domid and domname; help, unknown commands and options.
 */
#include <check.h>
#include <string.h>

#include "common/errno.h"
#include "tests/unit/tools/fake_print.h"
#include "tests/unit/tools/fake_xc.h"
#include "tests/unit/tools/xl_fixture.h"
#include "tools/xl_create.h"
#include "tools/xlcfg.h"

#define OUT fake_print_output()

START_TEST(list_matches_xen)
{
    fix_setup();
    fix_domains[1].exists = false;
    ck_assert_int_eq(fix_xl("list", NULL), 0);
    ck_assert_str_eq(OUT,
                     "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                     "Domain-0                                     0   512     2     r-----"
                     "       8.1\n");
}
END_TEST

START_TEST(list_with_a_paused_domu_matches_xen)
{
    fix_setup();
    fix_domains[0].info.cpu_time = 10300000000ULL;
    ck_assert_int_eq(fix_xl("list", NULL), 0);
    ck_assert_str_eq(OUT,
                     "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                     "Domain-0                                     0   512     2     r-----"
                     "      10.3\n"
                     "ref                                          1    32     1     --p---"
                     "       0.0\n");
}
END_TEST

START_TEST(list_verbose_matches_xen)
{
    fix_setup();
    fix_domains[0].info.cpu_time = 10500000000ULL;
    ck_assert_int_eq(fix_xl("list", "-v", NULL), 0);
    ck_assert_str_eq(
        OUT,
        "Name                                        ID   Mem VCPUs\tState\tTime(s)   UUID      "
        "                      Reason-Code\tSecurity Label\n"
        "Domain-0                                     0   512     2     r-----      10.5 "
        "00000000-0000-0000-0000-000000000000        -                -\n"
        "ref                                          1    32     1     --p---       0.0 "
        "e858ae57-1b9c-40be-b486-4d678db8fd1e        -                -\n");
}
END_TEST

START_TEST(list_shows_shutdown_reasons_and_one_domain)
{
    fix_setup();
    fix_domains[1].info.flags = XEN_DOMINF_shutdown | (3U << XEN_DOMINF_shutdownshift);
    ck_assert_int_eq(fix_xl("list", "-v", "ref", NULL), 0);
    ck_assert_ptr_nonnull(strstr(OUT, "ref                                          1    32     "
                                      "1     ---sc-       0.0 e858ae57-1b9c-40be-b486-"
                                      "4d678db8fd1e        3                -\n"));
    ck_assert_ptr_null(strstr(OUT, "Domain-0"));
    ck_assert_int_eq(fix_xl("list", "1", NULL), 0);
    ck_assert_ptr_nonnull(strstr(OUT, "\nref "));
}
END_TEST

START_TEST(list_context_and_cpupool_columns)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("list", "-Z", "-c", "ref", NULL), 0);
    ck_assert_str_eq(OUT,
                     "Name                                        ID   Mem VCPUs\tState\tTime(s)"
                     "   Security Label         Cpupool\n"
                     "ref                                          1    32     1     --p---"
                     "       0.0                -          Pool-0\n");
    ck_assert_int_eq(fix_xl("list", "-n", NULL), 1);
}
END_TEST

START_TEST(list_long_for_dom0_matches_xen)
{
    fix_setup();
    fix_domains[1].exists = false;
    ck_assert_int_eq(fix_xl("list", "-l", NULL), 0);
    ck_assert_str_eq(OUT, "[\n"
                          "    {\n"
                          "        \"domid\": 0,\n"
                          "        \"config\": {\n"
                          "            \"c_info\": {\n"
                          "                \"type\": \"pv\",\n"
                          "                \"name\": \"Domain-0\"\n"
                          "            },\n"
                          "            \"b_info\": {\n"
                          "                \"max_memkb\": 17179869180,\n"
                          "                \"target_memkb\": 524287,\n"
                          "                \"sched_params\": {\n"
                          "                    \"sched\": \"credit2\",\n"
                          "                    \"weight\": 256,\n"
                          "                    \"cap\": 0\n"
                          "                },\n"
                          "                \"type.pv\": {\n"
                          "\n"
                          "                },\n"
                          "                \"arch_arm\": {\n"
                          "\n"
                          "                },\n"
                          "                \"arch_x86\": {\n"
                          "\n"
                          "                }\n"
                          "            }\n"
                          "        }\n"
                          "    }\n"
                          "]\n"
                          "\n");
}
END_TEST

START_TEST(list_long_for_a_created_domu_matches_xen)
{
    static const char cfg_text[] = "name=\"ref\"\ntype=\"pv\"\n"
                                   "kernel=\"/domu/test-pv64-example\"\nmemory=32\nvcpus=1\n"
                                   "on_poweroff=\"destroy\"\n";
    struct xlcfg cfg;

    fix_setup();
    ck_assert_int_eq(xlcfg_parse(&cfg, "/tmp/ref.cfg", cfg_text, strlen(cfg_text), 0, NULL), 0);
    xl_created_add(1, &cfg);
    ck_assert_int_eq(fix_xl("list", "-l", "ref", NULL), 0);
    xl_create_forget(1);
    ck_assert_str_eq(OUT, "[\n"
                          "    {\n"
                          "        \"domid\": 1,\n"
                          "        \"config\": {\n"
                          "            \"c_info\": {\n"
                          "                \"type\": \"pv\",\n"
                          "                \"name\": \"ref\",\n"
                          "                \"domid\": 4294967295,\n"
                          "                \"uuid\": \"e858ae57-1b9c-40be-b486-4d678db8fd1e\",\n"
                          "                \"run_hotplug_scripts\": \"True\"\n"
                          "            },\n"
                          "            \"b_info\": {\n"
                          "                \"max_vcpus\": 1,\n"
                          "                \"avail_vcpus\": [\n"
                          "                    0\n"
                          "                ],\n"
                          "                \"max_memkb\": 32768,\n"
                          "                \"target_memkb\": 32768,\n"
                          "                \"video_memkb\": 0,\n"
                          "                \"sched_params\": {\n"
                          "                    \"sched\": \"credit2\",\n"
                          "                    \"weight\": 256,\n"
                          "                    \"cap\": 0\n"
                          "                },\n"
                          "                \"claim_mode\": \"True\",\n"
                          "                \"kernel\": \"/domu/test-pv64-example\",\n"
                          "                \"type.pv\": {\n"
                          "\n"
                          "                },\n"
                          "                \"arch_arm\": {\n"
                          "\n"
                          "                },\n"
                          "                \"arch_x86\": {\n"
                          "                    \"msr_relaxed\": \"False\"\n"
                          "                }\n"
                          "            },\n"
                          "            \"on_reboot\": \"restart\",\n"
                          "            \"on_soft_reset\": \"soft_reset\"\n"
                          "        }\n"
                          "    }\n"
                          "]\n"
                          "\n");
    /* a domain whose configuration the toolstack does not have is left out, as libxl does */
    ck_assert_int_eq(fix_xl("list", "-l", "ref", NULL), 0);
    ck_assert_str_eq(OUT, "[\n]\n\n");
}
END_TEST

START_TEST(list_errors_are_xls)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("list", "nosuch", NULL), 1);
    ck_assert_str_eq(OUT, "nosuch is an invalid domain identifier (rc=-6)\n");
    ck_assert_int_eq(fix_xl("list", "7", NULL), 1);
    ck_assert_str_eq(OUT, "Error: Domain '7' does not exist.\n");
    ck_assert_int_eq(fix_xl("list", "-q", NULL), 2);
    ck_assert_str_eq(OUT, "option `q' not supported.\n");
    ck_assert_int_eq(fix_xl("list", "0", "1", NULL), 1);
    ck_assert_ptr_nonnull(strstr(OUT, "Usage: xl [-v] list [options] [Domain]\n"));
    fake_xc_reply_sysctl(XEN_SYSCTL_getdomaininfolist, -EPERM, NULL, 0);
    ck_assert_int_eq(fix_xl("list", NULL), 1);
    ck_assert_str_eq(OUT, "libxl_list_domain failed.\n");
}
END_TEST

static const char info_physical[] =
    "nr_cpus                : 2\n"
    "max_cpu_id             : 1\n"
    "nr_nodes               : 1\n"
    "cores_per_socket       : 2\n"
    "threads_per_core       : 1\n"
    "cpu_mhz                : 2596.120\n"
    "hw_caps                : 178bfbfd:c6d82203:28100800:00000021:00000001:00000389:00000000:"
    "00000000\n"
    "virt_caps              : pv gnttab-v1 gnttab-v2\n"
    "total_memory           : 1023\n"
    "free_memory            : 498\n"
    "sharing_freed_memory   : 0\n"
    "sharing_used_memory    : 0\n"
    "outstanding_claims     : 0\n"
    "free_cpus              : 0\n";

static const char info_xen[] =
    "xen_major              : 4\n"
    "xen_minor              : 17\n"
    "xen_extra              : .7\n"
    "xen_version            : 4.17.7\n"
    "xen_caps               : xen-3.0-x86_64 \n"
    "xen_scheduler          : credit2\n"
    "xen_pagesize           : 4096\n"
    "platform_params        : virt_start=0xffff800000000000\n"
    "xen_changeset          : \n"
    "xen_commandline        : console=com1 com1=115200,8n1 dom0_mem=512M noreboot "
    "pv-l1tf=false\n"
    "cc_compiler            : x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0\n"
    "cc_compile_by          : pkg-xen-devel\n"
    "cc_compile_domain      : lists.alioth.debian.org\n"
    "cc_compile_date        : Wed Nov  4 16:52:28 UTC 2026\n"
    "build_id               : 151b373fd64b321593bf987fd923cd10dabadac4\n"
    "xend_config_format     : 4\n";

static const char info_node[] = "host                   : (none)\n"
                                "release                : 1.0\n"
                                "version                : #1 small PV dom0\n"
                                "machine                : x86_64\n";

START_TEST(info_matches_xen)
{
    char expect[4096];

    fix_setup();
    ck_assert_int_eq(fix_xl("info", NULL), 0);
    strcpy(expect, info_node);
    strcat(expect, info_physical);
    strcat(expect, info_xen);
    ck_assert_str_eq(OUT, expect);
}
END_TEST

START_TEST(info_numa_matches_xen)
{
    char expect[4096];

    fix_setup();
    ck_assert_int_eq(fix_xl("info", "-n", NULL), 0);
    strcpy(expect, info_node);
    strcat(expect, info_physical);
    strcat(expect, "cpu_topology           :\n"
                   "cpu:    core    socket     node\n"
                   "  0:       0        0        0\n"
                   "  1:       1        0        0\n"
                   "device topology        :\n"
                   "device           node\n"
                   "No device topology data available\n"
                   "numa_info              :\n"
                   "node:    memsize    memfree    distances\n"
                   "   0:      1023        498      10\n");
    strcat(expect, info_xen);
    ck_assert_str_eq(OUT, expect);
}
END_TEST

START_TEST(info_name_prints_one_value)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("info", "free_memory", NULL), 0);
    ck_assert_str_eq(OUT, "498\n");
    ck_assert_int_eq(fix_xl("info", "xen_version", NULL), 0);
    ck_assert_str_eq(OUT, "4.17.7\n");
}
END_TEST

START_TEST(info_reports_what_fails)
{
    fix_setup();
    fake_xc_reply_sysctl(XEN_SYSCTL_physinfo, -ENOSYS, NULL, 0);
    fake_xc_reply_sysctl(XEN_SYSCTL_sched_id, -ENOSYS, NULL, 0);
    ck_assert_int_eq(fix_xl("info", NULL), 0);
    ck_assert_str_eq(OUT, "host                   : (none)\n"
                          "release                : 1.0\n"
                          "version                : #1 small PV dom0\n"
                          "machine                : x86_64\n"
                          "libxl_physinfo failed.\n"
                          "get_scheduler sysctl failed.\n"
                          "xend_config_format     : 4\n");
}
END_TEST

START_TEST(vcpu_list_matches_xen)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("vcpu-list", NULL), 0);
    ck_assert_str_eq(OUT,
                     "Name                                ID  VCPU   CPU State   Time(s) Affinity "
                     "(Hard / Soft)\n"
                     "Domain-0                             0     0    0   -b-       8.0  all / "
                     "all\n"
                     "Domain-0                             0     1    1   r--       2.8  all / "
                     "all\n"
                     "ref                                  1     0    1   ---       0.0  all / "
                     "all\n");
}
END_TEST

START_TEST(vcpu_list_of_one_domain_and_affinities)
{
    fix_setup();
    fix_domains[0].vcpus[1].hard = 2;
    fix_domains[0].vcpus[1].soft = 0;
    fix_domains[0].vcpus[0].info.online = 0;
    ck_assert_int_eq(fix_xl("vcpu-list", "Domain-0", NULL), 0);
    ck_assert_ptr_nonnull(strstr(OUT, "Domain-0                             0     0    -   --p"
                                      "       8.0  all / all\n"));
    ck_assert_ptr_nonnull(strstr(OUT, "     1    1   r--       2.8  1 / none\n"));
    ck_assert_ptr_null(strstr(OUT, "ref"));
    ck_assert_int_eq(fix_xl("vcpu-list", "nosuch", NULL), 1);
    ck_assert_ptr_nonnull(strstr(OUT, "nosuch is an invalid domain identifier (rc=-6)\n"));
}
END_TEST

START_TEST(dmesg_prints_and_clears_the_ring)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("dmesg", NULL), 0);
    ck_assert_str_eq(OUT, "(XEN) Xen version 4.17.7\n(XEN) Command line: console=com1\n");
    ck_assert(!fix_console_cleared);
    ck_assert_int_eq(fix_xl("dmesg", "-c", NULL), 0);
    ck_assert(fix_console_cleared);
    fake_xc_reply_sysctl(XEN_SYSCTL_readconsole, -EPERM, NULL, 0);
    ck_assert_int_eq(fix_xl("dmesg", NULL), 1);
    ck_assert_str_eq(OUT, "libxl: error: reading console ring buffer: Operation not permitted\n");
}
END_TEST

START_TEST(dmesg_reads_a_long_ring_in_pieces)
{
    size_t len;

    fix_setup();
    memset(fix_console, 'x', sizeof(fix_console) - 1);
    fix_console[sizeof(fix_console) - 1] = '\0';
    ck_assert_int_eq(fix_xl("dmesg", NULL), 0);
    len = strlen(OUT);
    ck_assert_uint_eq(len, sizeof(fix_console) - 1);
}
END_TEST

START_TEST(domid_and_domname)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("domid", "ref", NULL), 0);
    ck_assert_str_eq(OUT, "1\n");
    ck_assert_int_eq(fix_xl("domid", "Domain-0", NULL), 0);
    ck_assert_str_eq(OUT, "0\n");
    ck_assert_int_eq(fix_xl("domid", "nosuch", NULL), 1);
    ck_assert_str_eq(OUT, "Can't get domid of domain name 'nosuch', maybe this domain does not "
                          "exist.\n");
    ck_assert_int_eq(fix_xl("domname", "1", NULL), 0);
    ck_assert_str_eq(OUT, "ref\n");
    ck_assert_int_eq(fix_xl("domname", "5", NULL), 1);
    ck_assert_str_eq(OUT, "Can't get domain name of domain id '5', maybe this domain does not "
                          "exist.\n");
    ck_assert_int_eq(fix_xl("domname", "abc", NULL), 1);
    ck_assert_str_eq(OUT, "Invalid domain id.\n\n");
    ck_assert_int_eq(fix_xl("domid", NULL), 2);
    ck_assert_str_eq(OUT, "'xl domid' requires at least 1 argument.\n\n"
                          "Usage: xl [-v] domid <DomainName>\n\n"
                          "Convert a domain name to domain id.\n\n");
}
END_TEST

START_TEST(help_and_unknown_commands)
{
    fix_setup();
    ck_assert_int_eq(fix_xl("frobnicate", NULL), 1);
    ck_assert_str_eq(OUT, "xl: command not implemented\n");
    ck_assert_int_eq(fix_xl("help", NULL), 0);
    ck_assert_ptr_nonnull(strstr(OUT, "Usage xl [-vfNtT] <subcommand> [args]\n\nxl full list of "
                                      "subcommands:\n\n"));
    ck_assert_ptr_nonnull(strstr(OUT, " list                List information about all/some "
                                      "domains\n"));
    ck_assert_ptr_nonnull(strstr(OUT, " sched-credit2       Get/set credit2 scheduler "
                                      "parameters\n"));
    ck_assert_int_eq(fix_xl("pause", "-h", NULL), 0);
    ck_assert_str_eq(OUT, "Usage: xl [-vf] pause <Domain>\n\nPause execution of a domain.\n\n");
    ck_assert_int_eq(fix_xl("dmesg", "--help", NULL), 0);
    ck_assert_str_eq(OUT, "Usage: xl [-v] dmesg [-c]\n\nRead and/or clear dmesg buffer.\n\n"
                          "Options:\n\n  -c                        Clear dmesg buffer as well as "
                          "printing it\n");
    ck_assert_int_eq(fix_xl("info", "--bogus", NULL), 2);
    ck_assert_str_eq(OUT, "option `bogus' not supported.\n");
    ck_assert_int_eq(fix_xl(NULL), 1);
    ck_assert_ptr_nonnull(strstr(OUT, "xl full list of subcommands"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xl");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_test(tc, list_matches_xen);
    tcase_add_test(tc, list_with_a_paused_domu_matches_xen);
    tcase_add_test(tc, list_verbose_matches_xen);
    tcase_add_test(tc, list_shows_shutdown_reasons_and_one_domain);
    tcase_add_test(tc, list_context_and_cpupool_columns);
    tcase_add_test(tc, list_long_for_dom0_matches_xen);
    tcase_add_test(tc, list_long_for_a_created_domu_matches_xen);
    tcase_add_test(tc, list_errors_are_xls);
    tcase_add_test(tc, info_matches_xen);
    tcase_add_test(tc, info_numa_matches_xen);
    tcase_add_test(tc, info_name_prints_one_value);
    tcase_add_test(tc, info_reports_what_fails);
    tcase_add_test(tc, vcpu_list_matches_xen);
    tcase_add_test(tc, vcpu_list_of_one_domain_and_affinities);
    tcase_add_test(tc, dmesg_prints_and_clears_the_ring);
    tcase_add_test(tc, dmesg_reads_a_long_ring_in_pieces);
    tcase_add_test(tc, domid_and_domname);
    tcase_add_test(tc, help_and_unknown_commands);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
