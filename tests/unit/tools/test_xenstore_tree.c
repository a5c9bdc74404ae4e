/*
 * The tree xl writes for a PV domain, compared line for line with a real
 * `xenstore-ls -f` of a PV domU under Xen 4.17 (shared/reference/xl-4.17.txt,
 * REFXS: domain "ref", 32 MiB, 1 vCPU), with the permissions libxl sets.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/tools/fake_xs_client.h"
#include "tools/xenstore/xenstored.h"

/*
 * The reference, verbatim but for console/tty: xenconsoled fills that in
 * with its pty later ("/dev/pts/0" there); xl writes it empty.
 */
static const char reference[] =
    "/tool = \"\"\n"
    "/tool/xenstored = \"\"\n"
    "/local = \"\"\n"
    "/local/domain = \"\"\n"
    "/local/domain/0 = \"\"\n"
    "/local/domain/0/control = \"\"\n"
    "/local/domain/0/control/feature-poweroff = \"1\"\n"
    "/local/domain/0/control/feature-reboot = \"1\"\n"
    "/local/domain/0/control/feature-suspend = \"1\"\n"
    "/local/domain/0/domid = \"0\"\n"
    "/local/domain/0/name = \"Domain-0\"\n"
    "/local/domain/0/memory = \"\"\n"
    "/local/domain/0/memory/target = \"524288\"\n"
    "/local/domain/0/memory/static-max = \"17179869180\"\n"
    "/local/domain/0/backend = \"\"\n"
    "/local/domain/0/backend/console = \"\"\n"
    "/local/domain/0/backend/console/1 = \"\"\n"
    "/local/domain/0/backend/console/1/0 = \"\"\n"
    "/local/domain/0/backend/console/1/0/frontend = \"/local/domain/1/console\"\n"
    "/local/domain/0/backend/console/1/0/frontend-id = \"1\"\n"
    "/local/domain/0/backend/console/1/0/online = \"1\"\n"
    "/local/domain/0/backend/console/1/0/state = \"1\"\n"
    "/local/domain/0/backend/console/1/0/protocol = \"vt100\"\n"
    "/local/domain/1 = \"\"\n"
    "/local/domain/1/vm = \"/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e\"\n"
    "/local/domain/1/name = \"ref\"\n"
    "/local/domain/1/cpu = \"\"\n"
    "/local/domain/1/cpu/0 = \"\"\n"
    "/local/domain/1/cpu/0/availability = \"online\"\n"
    "/local/domain/1/memory = \"\"\n"
    "/local/domain/1/memory/static-max = \"32768\"\n"
    "/local/domain/1/memory/target = \"32768\"\n"
    "/local/domain/1/memory/videoram = \"0\"\n"
    "/local/domain/1/device = \"\"\n"
    "/local/domain/1/device/suspend = \"\"\n"
    "/local/domain/1/device/suspend/event-channel = \"\"\n"
    "/local/domain/1/control = \"\"\n"
    "/local/domain/1/control/shutdown = \"\"\n"
    "/local/domain/1/control/feature-poweroff = \"\"\n"
    "/local/domain/1/control/feature-reboot = \"\"\n"
    "/local/domain/1/control/feature-suspend = \"\"\n"
    "/local/domain/1/control/sysrq = \"\"\n"
    "/local/domain/1/control/platform-feature-multiprocessor-suspend = \"1\"\n"
    "/local/domain/1/control/platform-feature-xs_reset_watches = \"1\"\n"
    "/local/domain/1/data = \"\"\n"
    "/local/domain/1/drivers = \"\"\n"
    "/local/domain/1/feature = \"\"\n"
    "/local/domain/1/attr = \"\"\n"
    "/local/domain/1/error = \"\"\n"
    "/local/domain/1/domid = \"1\"\n"
    "/local/domain/1/store = \"\"\n"
    "/local/domain/1/store/port = \"1\"\n"
    "/local/domain/1/store/ring-ref = \"236834\"\n"
    "/local/domain/1/console = \"\"\n"
    "/local/domain/1/console/backend = \"/local/domain/0/backend/console/1/0\"\n"
    "/local/domain/1/console/backend-id = \"0\"\n"
    "/local/domain/1/console/limit = \"1048576\"\n"
    "/local/domain/1/console/type = \"xenconsoled\"\n"
    "/local/domain/1/console/output = \"pty\"\n"
    "/local/domain/1/console/tty = \"\"\n"
    "/local/domain/1/console/port = \"2\"\n"
    "/local/domain/1/console/ring-ref = \"236835\"\n"
    "/local/pool = \"\"\n"
    "/local/pool/0 = \"\"\n"
    "/local/pool/0/name = \"Pool-0\"\n"
    "/vm = \"\"\n"
    "/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e = \"\"\n"
    "/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e/name = \"ref\"\n"
    "/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e/uuid = \"e858ae57-1b9c-40be-b486-4d678db8fd1e\"\n"
    "/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e/image = \"\"\n"
    "/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e/image/ostype = \"linux\"\n"
    "/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e/image/kernel = \"/domu/test-pv64-example\"\n"
    "/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e/start_time = \"1795555593.39\"\n"
    "/libxl = \"\"\n"
    "/libxl/1 = \"\"\n"
    "/libxl/1/device = \"\"\n"
    "/libxl/1/device/console = \"\"\n"
    "/libxl/1/device/console/0 = \"\"\n"
    "/libxl/1/device/console/0/frontend = \"/local/domain/1/console\"\n"
    "/libxl/1/device/console/0/backend = \"/local/domain/0/backend/console/1/0\"\n"
    "/libxl/1/device/console/0/frontend-id = \"1\"\n"
    "/libxl/1/device/console/0/online = \"1\"\n"
    "/libxl/1/device/console/0/state = \"1\"\n"
    "/libxl/1/device/console/0/protocol = \"vt100\"\n"
    "/libxl/1/type = \"pv\"\n"
    "/libxl/1/dm-version = \"qemu_xen\"\n";

static const char uuid[] = "e858ae57-1b9c-40be-b486-4d678db8fd1e";

static struct xs_daemon *d;
static struct xst_client dom0;
static char listing[16384];
static size_t listed;

static const struct xsd_pv_domain ref_domain = {
    .domid = 1,
    .name = "ref",
    .uuid = uuid,
    .max_memkb = 32768,
    .target_memkb = 32768,
    .vcpus = 1,
    .store_mfn = 236834,
    .store_port = 1,
    .console_mfn = 236835,
    .console_port = 2,
    .kernel = "/domu/test-pv64-example",
    .start_time = "1795555593.39",
};

static void setup(void)
{
    d = xsd_create(NULL);
    ck_assert_ptr_nonnull(d);
    xst_init(&dom0, xsd_conn_local(d, 0));
    listed = 0;
    listing[0] = '\0';
}

static void teardown(void)
{
    xsd_destroy(d);
}

/* xenstore-ls -f: every node below path, depth first, "path = \"value\"". */
static void list(const char *path)
{
    struct xst_msg dir = xst_callv(&dom0, XS_DIRECTORY, 0, path, NULL);

    ck_assert_uint_eq(dir.hdr.type, XS_DIRECTORY);
    for (uint32_t off = 0; off < dir.hdr.len; off += (uint32_t)strlen(dir.body + off) + 1) {
        char child[2 * XENSTORE_PAYLOAD_MAX + 4];
        struct xst_msg val;

        snprintf(child, sizeof(child), "%s/%s", strcmp(path, "/") ? path : "", dir.body + off);
        val = xst_callv(&dom0, XS_READ, 0, child, NULL);
        ck_assert_uint_eq(val.hdr.type, XS_READ);
        listed += (size_t)snprintf(listing + listed, sizeof(listing) - listed, "%s = \"%s\"\n",
                                   child, val.body);
        list(child);
    }
}

/* Equal line for line; a difference names its line (the strings are too long for Check). */
static void assert_listing(const char *got, const char *want)
{
    int line = 1;

    while (*got || *want) {
        size_t g = strcspn(got, "\n"), w = strcspn(want, "\n");

        ck_assert_msg(g == w && memcmp(got, want, g) == 0, "line %d: got '%.*s', want '%.*s'", line,
                      (int)g, got, (int)w, want);
        got += g + (got[g] != '\0');
        want += w + (want[w] != '\0');
        line++;
    }
    ck_assert_int_eq(line, 87);
}

static const char *perms_of(const char *path)
{
    struct xst_msg m = xst_callv(&dom0, XS_GET_PERMS, 0, path, NULL);

    return m.hdr.type == XS_ERROR ? "error" : xst_strings(&m);
}

START_TEST(the_tree_matches_xen_4_17s_line_for_line)
{
    ck_assert_int_eq(xsd_tree_dom0(d, 524288, 17179869180ull), 0);
    ck_assert_int_eq(xsd_tree_pv_domain(d, &ref_domain), 0);
    list("/");
    assert_listing(listing, reference);
}
END_TEST

START_TEST(the_domain_reads_its_tree_and_writes_only_its_own_nodes)
{
    struct xst_client dom1;
    struct xst_msg m;

    ck_assert_int_eq(xsd_tree_dom0(d, 524288, 17179869180ull), 0);
    ck_assert_int_eq(xsd_tree_pv_domain(d, &ref_domain), 0);
    ck_assert_str_eq(perms_of("/local/domain/1"), "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/1/name"), "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/1/cpu/0/availability"), "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/1/control"), "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/1/control/shutdown"), "n1");
    ck_assert_str_eq(perms_of("/local/domain/1/control/platform-feature-xs_reset_watches"),
                     "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/1/device/suspend"), "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/1/device/suspend/event-channel"), "n1");
    ck_assert_str_eq(perms_of("/local/domain/1/data"), "n1");
    ck_assert_str_eq(perms_of("/local/domain/1/error"), "n1");
    ck_assert_str_eq(perms_of("/local/domain/1/store/ring-ref"), "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/1/console"), "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/1/console/ring-ref"), "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/0/backend/console/1/0"), "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/0/backend/console/1/0/state"), "n0 r1");
    ck_assert_str_eq(perms_of("/local/domain/0/backend/console/1"), "n0");
    ck_assert_str_eq(perms_of("/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e"), "n0 r1");
    ck_assert_str_eq(perms_of("/libxl/1"), "n0");
    ck_assert_str_eq(perms_of("/libxl/1/device/console/0/state"), "n0");
    ck_assert_str_eq(perms_of("/local/domain/0/name"), "n0");

    m = xst_callv(&dom0, XS_INTRODUCE, 0, "1", "236834", "1", NULL);
    ck_assert(xst_ok(&m, XS_INTRODUCE));
    xst_init(&dom1, xsd_domain_conn(d, 1));
    ck_assert_str_eq(xst_read(&dom1, 0, "name"), "ref");
    ck_assert_str_eq(xst_read(&dom1, 0, "console/ring-ref"), "236835");
    ck_assert_str_eq(xst_read(&dom1, 0, "/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e/uuid"), uuid);
    ck_assert_str_eq(xst_read(&dom1, 0, "/local/domain/0/backend/console/1/0/state"), "1");
    ck_assert_str_eq(xst_read(&dom1, 0, "/libxl/1/type"), "EACCES");
    ck_assert_str_eq(xst_read(&dom1, 0, "/local/domain/0/name"), "EACCES");
    ck_assert_str_eq(xst_put(&dom1, "control/shutdown", "poweroff"), "OK");
    ck_assert_str_eq(xst_put(&dom1, "control/feature-poweroff", "1"), "OK");
    ck_assert_str_eq(xst_put(&dom1, "data/anything", "x"), "OK");
    ck_assert_str_eq(xst_put(&dom1, "device/vif/0/state", "1"), "EACCES");
    ck_assert_str_eq(xst_put(&dom1, "name", "evil"), "EACCES");
    ck_assert_str_eq(xst_put(&dom1, "console/limit", "0"), "EACCES");
    ck_assert_str_eq(xst_put(&dom1, "/local/domain/0/backend/console/1/0/state", "4"), "EACCES");
}
END_TEST

START_TEST(xl_destroy_takes_the_tree_away)
{
    ck_assert_int_eq(xsd_tree_dom0(d, 524288, 17179869180ull), 0);
    ck_assert_int_eq(xsd_tree_pv_domain(d, &ref_domain), 0);
    ck_assert_int_eq(xsd_tree_pv_domain_remove(d, 1, uuid), 0);
    ck_assert_str_eq(xst_read(&dom0, 0, "/local/domain/1"), "ENOENT");
    ck_assert_str_eq(xst_read(&dom0, 0, "/vm/e858ae57-1b9c-40be-b486-4d678db8fd1e"), "ENOENT");
    ck_assert_str_eq(xst_read(&dom0, 0, "/libxl/1"), "ENOENT");
    ck_assert_str_eq(xst_read(&dom0, 0, "/local/domain/0/backend/console/1"), "ENOENT");
    /* Building it again gives the same tree (xl create after xl destroy). */
    ck_assert_int_eq(xsd_tree_pv_domain(d, &ref_domain), 0);
    listed = 0;
    list("/");
    assert_listing(listing, reference);
}
END_TEST

START_TEST(image_extras_and_vcpus_follow_the_config)
{
    struct xsd_pv_domain dom = ref_domain;
    struct xst_msg m;

    dom.domid = 7;
    dom.vcpus = 3;
    dom.ramdisk = "/boot/initrd";
    dom.cmdline = "console=hvc0";
    dom.uuid = "00000000-0000-0000-0000-000000000007";
    ck_assert_int_eq(xsd_tree_pv_domain(d, &dom), 0);
    m = xst_callv(&dom0, XS_DIRECTORY, 0, "/local/domain/7/cpu", NULL);
    ck_assert_str_eq(xst_strings(&m), "0 1 2");
    ck_assert_str_eq(xst_read(&dom0, 0, "/local/domain/7/cpu/2/availability"), "online");
    m = xst_callv(&dom0, XS_DIRECTORY, 0, "/vm/00000000-0000-0000-0000-000000000007/image", NULL);
    ck_assert_str_eq(xst_strings(&m), "ostype kernel ramdisk cmdline");
    ck_assert_str_eq(xst_read(&dom0, 0, "/vm/00000000-0000-0000-0000-000000000007/image/cmdline"),
                     "console=hvc0");
    ck_assert_str_eq(perms_of("/local/domain/7"), "n0 r7");
}
END_TEST

START_TEST(watchers_see_the_tree_being_made)
{
    struct xst_client w;

    xst_init(&w, xsd_conn_local(d, 0));
    {
        struct xst_msg m = xst_callv(&w, XS_WATCH, 0, "/local/domain/1/control", "ctl", NULL);

        ck_assert(xst_ok(&m, XS_WATCH));
    }
    ck_assert_str_eq(xst_event(&w), "/local/domain/1/control ctl");
    ck_assert_int_eq(xsd_tree_pv_domain(d, &ref_domain), 0);
    ck_assert_uint_gt(xst_events_pending(&w), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xenstore_tree");
    TCase *tc = tcase_create("libxl_tree");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, the_tree_matches_xen_4_17s_line_for_line);
    tcase_add_test(tc, the_domain_reads_its_tree_and_writes_only_its_own_nodes);
    tcase_add_test(tc, xl_destroy_takes_the_tree_away);
    tcase_add_test(tc, image_extras_and_vcpus_follow_the_config);
    tcase_add_test(tc, watchers_see_the_tree_being_made);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
