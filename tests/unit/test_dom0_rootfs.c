/*
 * dom0/rootfs.c on the host: archives built here unpacked into the tree,
 * then looked up.  Stories: files and directories (made as needed, listed
 * in name order), lookups with ".", ".." and extra slashes, the errors a
 * shell reports (ENOENT, ENOTDIR, ENAMETOOLONG), a later file replacing an
 * earlier one, entries skipped and reported (a path leaving the root, a
 * symbolic link, a file where a directory is), and a damaged archive
 * keeping what came before the damage.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/cpio.h"
#include "common/errno.h"
/* Under HOST_TEST the tree allocates with libc's malloc. */
#include "dom0/rootfs.c" /* NOLINT(bugprone-suspicious-include) */

struct builder {
    uint8_t buf[16384];
    size_t len;
};

static void add(struct builder *b, uint32_t mode, const char *name, const char *text)
{
    size_t namesize = strlen(name) + 1, size = strlen(text);

    b->len += (size_t)snprintf((char *)b->buf + b->len, CPIO_HEADER_SIZE + 1,
                               "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", 1u,
                               mode, 0u, 0u, 1u, 7u, size, 0u, 0u, 0u, 0u, namesize, 0u);
    memcpy(b->buf + b->len, name, namesize);
    b->len = (b->len + namesize + 3) & ~(size_t)3;
    memcpy(b->buf + b->len, text, size);
    b->len = (b->len + size + 3) & ~(size_t)3;
}

static void end(struct builder *b)
{
    add(b, 0, "TRAILER!!!", "");
}

/* What report() was told. */
static char reports[8][160];
static unsigned nr_reports;

static void report(const char *line)
{
    if (nr_reports < 8)
        snprintf(reports[nr_reports], sizeof(reports[0]), "%s", line);
    nr_reports++;
}

static struct rootfs_totals unpack(struct builder *b, int expect)
{
    struct rootfs_totals t;

    nr_reports = 0;
    ck_assert_int_eq(rootfs_unpack(b->buf, b->len, report, &t), expect);
    return t;
}

static const struct rootfs_node *found(const char *path)
{
    const struct rootfs_node *n = NULL;
    int rc = rootfs_lookup(path, &n);

    ck_assert_msg(rc == 0, "lookup %s: %d", path, rc);
    return n;
}

static int lookup_rc(const char *path)
{
    const struct rootfs_node *n;

    return rootfs_lookup(path, &n);
}

START_TEST(files_and_directories)
{
    static struct builder b;
    struct rootfs_totals t;
    const struct rootfs_node *n;

    b.len = 0;
    add(&b, CPIO_S_IFDIR | 0755, ".", "");
    add(&b, CPIO_S_IFDIR | 0755, "a", "");
    add(&b, CPIO_S_IFREG | 0644, "a/rc", "echo hi\n");
    add(&b, CPIO_S_IFREG | 0600, "./a/xen/z.cfg", "z"); /* a/xen made on the way */
    add(&b, CPIO_S_IFREG | 0600, "a/xen/b.cfg", "bb");
    add(&b, CPIO_S_IFDIR | 0755, "a/xen", "");
    end(&b);
    t = unpack(&b, 0);
    ck_assert_uint_eq(t.files, 3);
    ck_assert_uint_eq(t.dirs, 2);
    ck_assert_uint_eq(t.bytes, 11);
    ck_assert_uint_eq(nr_reports, 0);

    n = found("/a/rc");
    ck_assert(!n->is_dir);
    ck_assert_uint_eq(n->size, 8);
    ck_assert_mem_eq(n->data, "echo hi\n", 8);
    ck_assert_uint_eq(n->mode, CPIO_S_IFREG | 0644);
    n = found("a/xen");
    ck_assert(n->is_dir);
    ck_assert_str_eq(n->children->name, "b.cfg"); /* name order, not archive order */
    ck_assert_str_eq(n->children->next->name, "z.cfg");
    ck_assert_ptr_null(n->children->next->next);
    ck_assert_ptr_eq(found("/a/./xen/../rc"), found("/a/rc"));
    ck_assert_ptr_eq(found("//a//xen/"), found("/a/xen"));
    ck_assert_ptr_eq(found("/.."), rootfs_root());
    ck_assert_ptr_eq(found("/../../a/.."), rootfs_root());
    ck_assert_ptr_eq(found(""), rootfs_root());
}
END_TEST

START_TEST(lookup_errors)
{
    static struct builder b;
    char long_path[300];

    b.len = 0;
    add(&b, CPIO_S_IFREG | 0644, "e/file", "x");
    end(&b);
    unpack(&b, 0);
    ck_assert_int_eq(lookup_rc("/e/nope"), -ENOENT);
    ck_assert_int_eq(lookup_rc("/nope/e"), -ENOENT);
    ck_assert_int_eq(lookup_rc("/e/file/x"), -ENOTDIR);
    ck_assert_int_eq(lookup_rc("/e/file/"), -ENOTDIR);
    ck_assert_int_eq(lookup_rc("/e/file/.."), -ENOTDIR);
    memset(long_path, 'a', sizeof(long_path) - 1);
    long_path[sizeof(long_path) - 1] = '\0';
    ck_assert_int_eq(lookup_rc(long_path), -ENAMETOOLONG);
    ck_assert_str_eq(rootfs_strerror(-ENOENT), "No such file or directory");
    ck_assert_str_eq(rootfs_strerror(-ENOTDIR), "Not a directory");
    ck_assert_str_eq(rootfs_strerror(-EISDIR), "Is a directory");
}
END_TEST

START_TEST(later_file_replaces_earlier)
{
    static struct builder b;
    struct rootfs_totals t;

    b.len = 0;
    add(&b, CPIO_S_IFREG | 0644, "r/cfg", "first");
    add(&b, CPIO_S_IFREG | 0644, "r/cfg", "second!");
    end(&b);
    t = unpack(&b, 0);
    ck_assert_uint_eq(t.files, 1);
    ck_assert_uint_eq(t.bytes, 7);
    ck_assert_uint_eq(found("/r/cfg")->size, 7);
    ck_assert_mem_eq(found("/r/cfg")->data, "second!", 7);
}
END_TEST

START_TEST(bad_entries_are_skipped_and_reported)
{
    static struct builder b;
    struct rootfs_totals t;

    b.len = 0;
    add(&b, CPIO_S_IFREG | 0644, "../escape", "x");
    add(&b, CPIO_S_IFREG | 0644, "s/../../escape", "x");
    add(&b, CPIO_S_IFLNK | 0777, "s/link", "/etc/passwd");
    add(&b, CPIO_S_IFREG | 0644, "s/f", "f");
    add(&b, CPIO_S_IFREG | 0644, "s/f/under", "x"); /* a file is in the way */
    add(&b, CPIO_S_IFDIR | 0755, "s/f", "");        /* a directory over a file */
    add(&b, CPIO_S_IFREG | 0644, "s", "x");         /* a file over a directory */
    add(&b, CPIO_S_IFREG | 0644, "s/ok", "ok");
    end(&b);
    t = unpack(&b, 0);
    ck_assert_uint_eq(t.skipped, 6);
    ck_assert_uint_eq(nr_reports, 6);
    ck_assert_str_eq(reports[0], "skipping ../escape: the path leaves the root");
    ck_assert_str_eq(reports[2], "skipping s/link: not a file or directory");
    ck_assert_str_eq(reports[3], "skipping s/f/under: a file is in the way");
    ck_assert_int_eq(lookup_rc("/escape"), -ENOENT);
    ck_assert_int_eq(lookup_rc("/s/link"), -ENOENT);
    ck_assert(!found("/s/f")->is_dir);
    ck_assert(found("/s")->is_dir);
    ck_assert_uint_eq(found("/s/ok")->size, 2);
}
END_TEST

START_TEST(damaged_archive_keeps_what_came_before)
{
    static struct builder b;
    struct rootfs_totals t;

    b.len = 0;
    add(&b, CPIO_S_IFREG | 0644, "d/one", "1");
    add(&b, CPIO_S_IFREG | 0644, "d/two", "22");
    b.len -= 3; /* cut into the second entry's data: no trailer either */
    t = unpack(&b, -EINVAL);
    ck_assert_uint_eq(t.files, 1);
    ck_assert_uint_eq(found("/d/one")->size, 1);
    ck_assert_int_eq(lookup_rc("/d/two"), -ENOENT);
    ck_assert_uint_eq(nr_reports, 1);
    ck_assert_ptr_nonnull(strstr(reports[0], "malformed archive at byte"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dom0_rootfs");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_test(tc, files_and_directories);
    tcase_add_test(tc, lookup_errors);
    tcase_add_test(tc, later_file_replaces_earlier);
    tcase_add_test(tc, bad_entries_are_skipped_and_reported);
    tcase_add_test(tc, damaged_archive_keeps_what_came_before);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
