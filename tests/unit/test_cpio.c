/*
 * The newc cpio reader: an archive written by GNU cpio, archives built
 * here entry by entry, and every way an archive can lie: truncated at any
 * byte, bad magic, non-hex fields, sizes past the end (up to 0xFFFFFFFF),
 * names without their NUL or with one too early, no trailer; then path
 * normalisation, including "../" trying to leave the root.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/cpio.h"
#include "common/errno.h"

/*
 * `find . | sort | cpio -H newc -o` of a folder holding etc/rc and
 * etc/xen/a.cfg (GNU cpio 2.13), cut after the trailer's name: the rest of
 * its 1024 bytes is the zero padding cpio writes to fill a 512-byte block.
 */
static const char gnu_archive[1024] = "07070100A76072000041ED0000000000000000000000036955B900000000"
                                      "00000000FE0000000000000000000000000000000200000000"
                                      ".\0"
                                      "07070100A760F6000041ED0000000000000000000000036955B900000000"
                                      "00000000FE0000000000000000000000000000000400000000"
                                      "etc\0\0\0"
                                      "07070100A760F8000081A40000000000000000000000016955B900000000"
                                      "08000000FE0000000000000000000000000000000700000000"
                                      "etc/rc\0\0\0\0"
                                      "echo hi\n"
                                      "07070100A760F7000041ED0000000000000000000000026955B900000000"
                                      "00000000FE0000000000000000000000000000000800000000"
                                      "etc/xen\0\0\0"
                                      "07070100A760F9000081A40000000000000000000000016955B900000000"
                                      "0B000000FE0000000000000000000000000000000E00000000"
                                      "etc/xen/a.cfg\0"
                                      "name = \"a\"\n\0"
                                      "070701000000000000000000000000000000000000000100000000000000"
                                      "00000000000000000000000000000000000000000B00000000"
                                      "TRAILER!!!";

/* ---- building archives -------------------------------------------------- */

struct builder {
    uint8_t buf[8192];
    size_t len;
};

static void pad4(struct builder *b)
{
    while (b->len & 3)
        b->buf[b->len++] = 0;
}

/* One entry; namesize and filesize as given (so they can lie). */
static void add_raw(struct builder *b, const char *magic, uint32_t mode, const char *name,
                    uint32_t namesize, const void *data, size_t len, uint32_t filesize)
{
    char header[CPIO_HEADER_SIZE + 1];

    snprintf(header, sizeof(header), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             magic, 1u, mode, 0u, 0u, 1u, 0x12345678u, filesize, 0u, 0u, 0u, 0u, namesize, 0u);
    memcpy(b->buf + b->len, header, CPIO_HEADER_SIZE);
    b->len += CPIO_HEADER_SIZE;
    memcpy(b->buf + b->len, name, strlen(name) + 1);
    b->len += strlen(name) + 1;
    pad4(b);
    memcpy(b->buf + b->len, data, len);
    b->len += len;
    pad4(b);
}

static void add_file(struct builder *b, const char *name, const char *text)
{
    add_raw(b, "070701", CPIO_S_IFREG | 0644, name, (uint32_t)strlen(name) + 1, text, strlen(text),
            (uint32_t)strlen(text));
}

static void add_dir(struct builder *b, const char *name)
{
    add_raw(b, "070701", CPIO_S_IFDIR | 0755, name, (uint32_t)strlen(name) + 1, "", 0, 0);
}

static void add_trailer(struct builder *b)
{
    add_raw(b, "070701", 0, "TRAILER!!!", 11, "", 0, 0);
}

/* Reads every entry; the final result (0 or -errno), and how many entries came before it. */
static int read_all(const void *archive, size_t len, int *entries, struct cpio_reader *r)
{
    struct cpio_entry e;
    int rc;

    *entries = 0;
    cpio_reader_init(r, archive, len);
    while ((rc = cpio_next(r, &e)) == 1)
        (*entries)++;
    return rc;
}

/* ---- good archives -------------------------------------------------------- */

START_TEST(gnu_cpio_archive_reads_back)
{
    static const char *names[] = { ".", "etc", "etc/rc", "etc/xen", "etc/xen/a.cfg" };
    struct cpio_reader r;
    struct cpio_entry e;

    cpio_reader_init(&r, gnu_archive, sizeof(gnu_archive));
    for (unsigned i = 0; i < 5; i++) {
        ck_assert_int_eq(cpio_next(&r, &e), 1);
        ck_assert_str_eq(e.name, names[i]);
    }
    ck_assert_int_eq(cpio_next(&r, &e), 0);
    ck_assert_int_eq(cpio_next(&r, &e), 0); /* and stays at the end */
    ck_assert_ptr_null(r.why);

    cpio_reader_init(&r, gnu_archive, sizeof(gnu_archive));
    ck_assert_int_eq(cpio_next(&r, &e), 1);
    ck_assert_uint_eq(e.mode & CPIO_S_IFMT, CPIO_S_IFDIR);
    ck_assert_int_eq(cpio_next(&r, &e), 1);
    ck_assert_int_eq(cpio_next(&r, &e), 1);
    ck_assert_uint_eq(e.mode, CPIO_S_IFREG | 0644);
    ck_assert_uint_eq(e.size, 8);
    ck_assert_mem_eq(e.data, "echo hi\n", 8);
    ck_assert_uint_eq(e.mtime, 0x6955B900);
    ck_assert_int_eq(cpio_next(&r, &e), 1);
    ck_assert_int_eq(cpio_next(&r, &e), 1);
    ck_assert_uint_eq(e.size, 11);
    ck_assert_mem_eq(e.data, "name = \"a\"\n", 11);
}
END_TEST

START_TEST(built_archive_with_every_padding)
{
    static struct builder b;
    struct cpio_reader r;
    struct cpio_entry e;
    static const char *texts[] = { "", "a", "ab", "abc", "abcd", "abcde" };

    b.len = 0;
    add_dir(&b, "boot");
    for (unsigned i = 0; i < 6; i++) {
        char name[16];
        snprintf(name, sizeof(name), "boot/%.*s", (int)(i + 1), "kkkkkk");
        add_file(&b, name, texts[i]);
    }
    add_trailer(&b);
    cpio_reader_init(&r, b.buf, b.len);
    ck_assert_int_eq(cpio_next(&r, &e), 1);
    ck_assert_str_eq(e.name, "boot");
    for (unsigned i = 0; i < 6; i++) {
        ck_assert_int_eq(cpio_next(&r, &e), 1);
        ck_assert_uint_eq(e.size, strlen(texts[i]));
        ck_assert_mem_eq(e.data, texts[i], e.size);
        ck_assert_uint_eq(strlen(e.name), 6 + i);
    }
    ck_assert_int_eq(cpio_next(&r, &e), 0);
    ck_assert_uint_eq(r.pos, b.len - 3); /* the end of the trailer's name */
}
END_TEST

START_TEST(crc_magic_and_lowercase_hex_are_accepted)
{
    static struct builder b;
    struct cpio_reader r;
    struct cpio_entry e;

    b.len = 0;
    add_raw(&b, "070702", CPIO_S_IFREG | 0600, "x", 2, "12", 2, 2);
    ck_assert_mem_eq(b.buf + 6 + 8, "00008180", 8);
    b.buf[6 + 8 + 7] = 'a'; /* mode 0x818a, with a lowercase digit */
    add_trailer(&b);
    cpio_reader_init(&r, b.buf, b.len);
    ck_assert_int_eq(cpio_next(&r, &e), 1);
    ck_assert_uint_eq(e.mode, CPIO_S_IFREG | 0x18a);
    ck_assert_int_eq(cpio_next(&r, &e), 0);
}
END_TEST

START_TEST(anything_after_the_trailer_is_ignored)
{
    static struct builder b;
    struct cpio_reader r;
    int n;

    b.len = 0;
    add_file(&b, "a", "x");
    add_trailer(&b);
    memcpy(b.buf + b.len, "garbage that is no header", 25);
    ck_assert_int_eq(read_all(b.buf, b.len + 25, &n, &r), 0);
    ck_assert_int_eq(n, 1);
}
END_TEST

START_TEST(empty_archive_is_just_a_trailer)
{
    static struct builder b;
    struct cpio_reader r;
    int n;

    b.len = 0;
    add_trailer(&b);
    ck_assert_int_eq(read_all(b.buf, b.len, &n, &r), 0);
    ck_assert_int_eq(n, 0);
}
END_TEST

/* ---- malformed archives ------------------------------------------------- */

START_TEST(truncated_at_every_byte_is_an_error)
{
    struct cpio_reader r;
    int n;

    /* Up to the end of the trailer's name (733 bytes), no cut passes. */
    for (size_t len = 0; len < 733; len++) {
        ck_assert_int_eq(read_all(gnu_archive, len, &n, &r), -EINVAL);
        ck_assert_ptr_nonnull(r.why);
        ck_assert_uint_le(r.pos, len);
    }
    ck_assert_int_eq(read_all(gnu_archive, 733, &n, &r), 0);
    ck_assert_int_eq(n, 5);
}
END_TEST

START_TEST(bad_magic)
{
    static struct builder b;
    struct cpio_reader r;
    int n;

    b.len = 0;
    add_raw(&b, "070707", CPIO_S_IFREG, "a", 2, "", 0, 0); /* odc's magic, not newc's */
    add_trailer(&b);
    ck_assert_int_eq(read_all(b.buf, b.len, &n, &r), -EINVAL);
    ck_assert_int_eq(n, 0);
    ck_assert_ptr_nonnull(strstr(r.why, "magic"));
    /* An error sticks. */
    struct cpio_entry e;
    ck_assert_int_eq(cpio_next(&r, &e), -EINVAL);

    memset(b.buf, 0, sizeof(b.buf)); /* all zeros: also not an archive */
    ck_assert_int_eq(read_all(b.buf, 512, &n, &r), -EINVAL);
}
END_TEST

START_TEST(non_hex_field)
{
    static struct builder b;
    struct cpio_reader r;
    int n;

    b.len = 0;
    add_file(&b, "a", "xyz");
    add_trailer(&b);
    b.buf[6 + 8 * 6 + 3] = 'g'; /* inside filesize */
    ck_assert_int_eq(read_all(b.buf, b.len, &n, &r), -EINVAL);
    ck_assert_ptr_nonnull(strstr(r.why, "hexadecimal"));
    b.buf[6 + 8 * 6 + 3] = ' ';
    ck_assert_int_eq(read_all(b.buf, b.len, &n, &r), -EINVAL);
}
END_TEST

START_TEST(huge_file_size)
{
    static const uint32_t sizes[] = { 0xFFFFFFFFu, 0x80000000u, 0xFFFFFFF0u, 5 };
    static struct builder b;
    struct cpio_reader r;
    int n;

    for (unsigned i = 0; i < 4; i++) {
        b.len = 0;
        add_raw(&b, "070701", CPIO_S_IFREG, "big", 4, "abcd", 4, sizes[i]);
        ck_assert_int_eq(read_all(b.buf, b.len, &n, &r), -EINVAL);
        ck_assert_int_eq(n, 0);
        ck_assert_ptr_nonnull(strstr(r.why, "past the end"));
    }
}
END_TEST

START_TEST(huge_or_zero_name_size)
{
    static const uint32_t sizes[] = { 0xFFFFFFFFu, 0x7FFFFFFFu, 5000, 0 };
    static struct builder b;
    struct cpio_reader r;
    int n;

    for (unsigned i = 0; i < 4; i++) {
        b.len = 0;
        add_raw(&b, "070701", CPIO_S_IFREG, "name", sizes[i], "", 0, 0);
        add_trailer(&b);
        ck_assert_int_eq(read_all(b.buf, b.len, &n, &r), -EINVAL);
        ck_assert_int_eq(n, 0);
    }
}
END_TEST

START_TEST(name_without_its_nul)
{
    static struct builder b;
    struct cpio_reader r;
    int n;

    /* namesize 4 for "name": the 4th byte is 'e', not NUL. */
    b.len = 0;
    add_raw(&b, "070701", CPIO_S_IFREG, "name", 4, "", 0, 0);
    add_trailer(&b);
    ck_assert_int_eq(read_all(b.buf, b.len, &n, &r), -EINVAL);
    ck_assert_ptr_nonnull(strstr(r.why, "NUL"));

    /* namesize 7 for "name": a NUL inside, then padding. */
    b.len = 0;
    add_raw(&b, "070701", CPIO_S_IFREG, "name", 7, "", 0, 0);
    add_trailer(&b);
    ck_assert_int_eq(read_all(b.buf, b.len, &n, &r), -EINVAL);

    /* The archive's last bytes are a name with no NUL at all. */
    b.len = 0;
    add_raw(&b, "070701", CPIO_S_IFREG, "abc", 3, "", 0, 0);
    ck_assert_int_eq(read_all(b.buf, CPIO_HEADER_SIZE + 3, &n, &r), -EINVAL);
}
END_TEST

START_TEST(no_trailer)
{
    static struct builder b;
    struct cpio_reader r;
    int n;

    b.len = 0;
    add_file(&b, "a", "abc");
    add_file(&b, "b", "de");
    ck_assert_int_eq(read_all(b.buf, b.len, &n, &r), -EINVAL);
    ck_assert_int_eq(n, 2); /* both entries were read before the end was found */
    ck_assert_ptr_nonnull(strstr(r.why, "TRAILER"));
    ck_assert_int_eq(read_all(b.buf, 0, &n, &r), -EINVAL);
}
END_TEST

/* ---- paths -------------------------------------------------------------- */

static const char *norm(const char *name)
{
    static char out[64];
    int rc = cpio_path_normalise(name, out, sizeof(out));

    return rc < 0 ? (rc == -EINVAL ? "EINVAL" : "ENAMETOOLONG") : out;
}

START_TEST(paths_are_normalised)
{
    ck_assert_str_eq(norm("etc/rc"), "etc/rc");
    ck_assert_str_eq(norm("./etc/rc"), "etc/rc");
    ck_assert_str_eq(norm("/etc//xen/./a.cfg"), "etc/xen/a.cfg");
    ck_assert_str_eq(norm("boot/"), "boot");
    ck_assert_str_eq(norm("."), "");
    ck_assert_str_eq(norm("./"), "");
    ck_assert_str_eq(norm(""), "");
    ck_assert_str_eq(norm("..a/b..c/.d"), "..a/b..c/.d"); /* dots inside names are names */
}
END_TEST

START_TEST(dot_dot_cannot_leave_the_root)
{
    ck_assert_str_eq(norm(".."), "EINVAL");
    ck_assert_str_eq(norm("../etc/passwd"), "EINVAL");
    ck_assert_str_eq(norm("etc/../../x"), "EINVAL");
    ck_assert_str_eq(norm("etc/.."), "EINVAL");
    ck_assert_str_eq(norm("/.."), "EINVAL");
    ck_assert_str_eq(norm("a/./../b"), "EINVAL");
}
END_TEST

START_TEST(long_paths)
{
    char name[200], out[8];

    memset(name, 'x', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    ck_assert_str_eq(norm(name), "ENAMETOOLONG");
    ck_assert_int_eq(cpio_path_normalise("abcdefg", out, 8), 7);
    ck_assert_int_eq(cpio_path_normalise("abcdefgh", out, 8), -ENAMETOOLONG);
    ck_assert_int_eq(cpio_path_normalise("a/bcdef", out, 8), 7);
    ck_assert_int_eq(cpio_path_normalise("a/bcdefg", out, 8), -ENAMETOOLONG);
    ck_assert_int_eq(cpio_path_normalise("a", out, 0), -ENAMETOOLONG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cpio");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failures;

    tcase_add_test(tc, gnu_cpio_archive_reads_back);
    tcase_add_test(tc, built_archive_with_every_padding);
    tcase_add_test(tc, crc_magic_and_lowercase_hex_are_accepted);
    tcase_add_test(tc, anything_after_the_trailer_is_ignored);
    tcase_add_test(tc, empty_archive_is_just_a_trailer);
    tcase_add_test(tc, truncated_at_every_byte_is_an_error);
    tcase_add_test(tc, bad_magic);
    tcase_add_test(tc, non_hex_field);
    tcase_add_test(tc, huge_file_size);
    tcase_add_test(tc, huge_or_zero_name_size);
    tcase_add_test(tc, name_without_its_nul);
    tcase_add_test(tc, no_trailer);
    tcase_add_test(tc, paths_are_normalised);
    tcase_add_test(tc, dot_dot_cannot_leave_the_root);
    tcase_add_test(tc, long_paths);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
