/*
 * xenstored's message types, each good and bad, as Xen 4.17's C xenstored
 * answers them: replies, error names, who may send what.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/tools/fake_xs_client.h"
#include "tools/xenstore/xenstored.h"

static struct xs_daemon *d;
static struct xst_client dom0, dom1, dom2;

static bool exists_below_10(void *ctx, unsigned domid)
{
    return domid < 10;
}

static const struct xsd_hooks hooks = { .domain_exists = exists_below_10 };

/* dom0 on a local connection; domains 1 and 2 introduced (no ring: fed directly). */
static void setup(void)
{
    d = xsd_create(&hooks);
    ck_assert_ptr_nonnull(d);
    xst_init(&dom0, xsd_conn_local(d, 0));
    for (unsigned id = 1; id <= 2; id++) {
        char ids[8];
        struct xst_msg m;

        snprintf(ids, sizeof(ids), "%u", id);
        m = xst_callv(&dom0, XS_INTRODUCE, 0, ids, "4660", "3", NULL);
        ck_assert(xst_ok(&m, XS_INTRODUCE));
    }
    xst_init(&dom1, xsd_domain_conn(d, 1));
    xst_init(&dom2, xsd_domain_conn(d, 2));
}

static void teardown(void)
{
    xsd_destroy(d);
    d = NULL;
}

START_TEST(a_fresh_store_holds_tool_xenstored_owned_by_dom0)
{
    struct xst_msg m = xst_callv(&dom0, XS_DIRECTORY, 0, "/", NULL);

    ck_assert_uint_eq(m.hdr.type, XS_DIRECTORY);
    ck_assert_str_eq(xst_strings(&m), "tool");
    m = xst_callv(&dom0, XS_DIRECTORY, 0, "/tool/xenstored", NULL);
    ck_assert_uint_eq(m.hdr.type, XS_DIRECTORY);
    ck_assert_uint_eq(m.hdr.len, 0);
    m = xst_callv(&dom0, XS_GET_PERMS, 0, "/", NULL);
    ck_assert_uint_eq(m.hdr.type, XS_GET_PERMS);
    ck_assert_uint_eq(m.hdr.len, 3);
    ck_assert_str_eq(m.body, "n0");
    ck_assert_str_eq(xst_read(&dom0, 0, "/tool"), "");
}
END_TEST

START_TEST(replies_echo_req_id_and_tx_id)
{
    struct xsd_sockmsg hdr = { .type = XS_READ, .req_id = 0xdeadbeef, .tx_id = 0, .len = 6 };
    struct xsd_sockmsg rep;
    char body[8];

    ck_assert_int_eq(xsd_conn_feed(dom0.c, &hdr, sizeof(hdr)), 0);
    ck_assert_int_eq(xsd_conn_feed(dom0.c, "/tool", 6), 0);
    ck_assert_uint_eq(xsd_conn_output(dom0.c, &rep, sizeof(rep)), sizeof(rep));
    ck_assert_uint_eq(rep.type, XS_READ);
    ck_assert_uint_eq(rep.req_id, 0xdeadbeef);
    ck_assert_uint_eq(rep.tx_id, 0);
    ck_assert_uint_eq(rep.len, 0);
    ck_assert_uint_eq(xsd_conn_output(dom0.c, body, sizeof(body)), 0);
}
END_TEST

START_TEST(write_creates_the_path_and_read_returns_the_bytes)
{
    static const char value[] = "a\0b";
    char payload[16];
    struct xst_msg m;

    m = xst_write(&dom0, 0, "/a/b/c", "hello");
    ck_assert(xst_ok(&m, XS_WRITE));
    ck_assert_str_eq(xst_read(&dom0, 0, "/a/b/c"), "hello");
    ck_assert_str_eq(xst_read(&dom0, 0, "/a/b"), "");
    m = xst_callv(&dom0, XS_DIRECTORY, 0, "/", NULL);
    ck_assert_str_eq(xst_strings(&m), "tool a");
    /* Values are bytes: NULs included. */
    memcpy(payload, "/a/v", 5);
    memcpy(payload + 5, value, 3);
    m = xst_call(&dom0, XS_WRITE, 0, payload, 8);
    ck_assert(xst_ok(&m, XS_WRITE));
    m = xst_callv(&dom0, XS_READ, 0, "/a/v", NULL);
    ck_assert_uint_eq(m.hdr.len, 3);
    ck_assert_mem_eq(m.body, value, 3);
    /* Overwrite, and an empty value. */
    m = xst_write(&dom0, 0, "/a/b/c", "");
    ck_assert(xst_ok(&m, XS_WRITE));
    m = xst_callv(&dom0, XS_READ, 0, "/a/b/c", NULL);
    ck_assert_uint_eq(m.hdr.type, XS_READ);
    ck_assert_uint_eq(m.hdr.len, 0);
    /* A path alone, without a NUL: EINVAL. */
    m = xst_call(&dom0, XS_WRITE, 0, "/a", 2);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
}
END_TEST

START_TEST(bad_names_are_einval_and_missing_nodes_enoent)
{
    static const char *const bad[] = { "/a/", "//a", "/a//b", "/a b", "/a*", "/caf\xc3\xa9", "" };
    char longname[XENSTORE_REL_PATH_MAX + 8];
    struct xst_msg m;

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        m = xst_callv(&dom0, XS_READ, 0, bad[i], NULL);
        ck_assert_msg(strcmp(xst_err(&m), "EINVAL") == 0, "%s: %s", bad[i], xst_err(&m));
    }
    ck_assert_str_eq(xst_read(&dom0, 0, "/nothing"), "ENOENT");
    /* dom0's relative names are under /local/domain/0. */
    m = xst_write(&dom0, 0, "rel", "x");
    ck_assert(xst_ok(&m, XS_WRITE));
    ck_assert_str_eq(xst_read(&dom0, 0, "/local/domain/0/rel"), "x");
    /* Outside a domain's home, a path may have XS_QUOTA_PATH_LEN characters. */
    longname[0] = '/';
    memset(longname + 1, 'x', XENSTORE_REL_PATH_MAX - 1);
    longname[XENSTORE_REL_PATH_MAX] = '\0';
    ck_assert_str_eq(xst_read(&dom0, 0, longname), "ENOENT");
    longname[XENSTORE_REL_PATH_MAX] = 'x';
    longname[XENSTORE_REL_PATH_MAX + 1] = '\0';
    ck_assert_str_eq(xst_read(&dom0, 0, longname), "EINVAL");
}
END_TEST

START_TEST(one_string_arguments_need_exactly_one_nul)
{
    struct xst_msg m;

    m = xst_call(&dom0, XS_READ, 0, "/tool", 5); /* no NUL */
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_call(&dom0, XS_READ, 0, "/tool\0/tool", 12); /* two strings */
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_call(&dom0, XS_DIRECTORY, 0, NULL, 0);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_call(&dom0, XS_GET_PERMS, 0, "/tool\0x", 7);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
}
END_TEST

START_TEST(mkdir_makes_an_empty_node_and_accepts_an_existing_one)
{
    struct xst_msg m = xst_callv(&dom0, XS_MKDIR, 0, "/m/n", NULL);

    ck_assert(xst_ok(&m, XS_MKDIR));
    m = xst_callv(&dom0, XS_READ, 0, "/m/n", NULL);
    ck_assert_uint_eq(m.hdr.type, XS_READ);
    ck_assert_uint_eq(m.hdr.len, 0);
    xst_write(&dom0, 0, "/m/n", "kept");
    m = xst_callv(&dom0, XS_MKDIR, 0, "/m/n", NULL);
    ck_assert(xst_ok(&m, XS_MKDIR));
    ck_assert_str_eq(xst_read(&dom0, 0, "/m/n"), "kept");
    m = xst_callv(&dom0, XS_MKDIR, 0, "/m/", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
}
END_TEST

START_TEST(rm_removes_a_subtree_and_tolerates_a_missing_leaf)
{
    struct xst_msg m;

    xst_write(&dom0, 0, "/r/a/b", "1");
    xst_write(&dom0, 0, "/r/a/c", "2");
    xst_write(&dom0, 0, "/r/d", "3");
    m = xst_callv(&dom0, XS_RM, 0, "/r/a", NULL);
    ck_assert(xst_ok(&m, XS_RM));
    ck_assert_str_eq(xst_read(&dom0, 0, "/r/a/b"), "ENOENT");
    ck_assert_str_eq(xst_read(&dom0, 0, "/r/a"), "ENOENT");
    m = xst_callv(&dom0, XS_DIRECTORY, 0, "/r", NULL);
    ck_assert_str_eq(xst_strings(&m), "d");
    /* Missing, but the parent exists: fine.  Parent missing too: ENOENT. */
    m = xst_callv(&dom0, XS_RM, 0, "/r/zz", NULL);
    ck_assert(xst_ok(&m, XS_RM));
    m = xst_callv(&dom0, XS_RM, 0, "/r/zz/yy", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    m = xst_callv(&dom0, XS_RM, 0, "/", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_RM, 0, "/r", NULL);
    ck_assert(xst_ok(&m, XS_RM));
    m = xst_callv(&dom0, XS_DIRECTORY, 0, "/", NULL);
    ck_assert_str_eq(xst_strings(&m), "tool");
}
END_TEST

START_TEST(get_and_set_perms)
{
    struct xst_msg m;

    xst_write(&dom0, 0, "/p", "v");
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/p", "n1", "r2", "b3", "w4", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    m = xst_callv(&dom0, XS_GET_PERMS, 0, "/p", NULL);
    ck_assert_str_eq(xst_strings(&m), "n1 r2 b3 w4");
    /* Ids are C numbers (strtol base 0): hex and octal too. */
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/p", "r0x2", "n010", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    m = xst_callv(&dom0, XS_GET_PERMS, 0, "/p", NULL);
    ck_assert_str_eq(xst_strings(&m), "r2 n8");
    /* Malformed entries and too few strings. */
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/p", "x1", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/p", "r", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/p", "r1x", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/p", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/nope", "n0", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    /* An owner that does not exist: ENOENT; other missing domains are kept but ignored. */
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/p", "n50", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "/p", "n0", "r50", "r1", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    m = xst_callv(&dom0, XS_GET_PERMS, 0, "/p", NULL);
    ck_assert_str_eq(xst_strings(&m), "n0 r50 r1"); /* r50 is kept, ignored */
    /* The special paths: known ones only. */
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "@releaseDomain", "n0", "r1", NULL);
    ck_assert(xst_ok(&m, XS_SET_PERMS));
    m = xst_callv(&dom0, XS_SET_PERMS, 0, "@other", "n0", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
}
END_TEST

START_TEST(get_domain_path_parses_like_atoi)
{
    struct xst_msg m = xst_callv(&dom1, XS_GET_DOMAIN_PATH, 0, "5", NULL);

    ck_assert_uint_eq(m.hdr.type, XS_GET_DOMAIN_PATH);
    ck_assert_str_eq(m.body, "/local/domain/5");
    ck_assert_uint_eq(m.hdr.len, 16);
    m = xst_callv(&dom0, XS_GET_DOMAIN_PATH, 0, "junk", NULL);
    ck_assert_str_eq(m.body, "/local/domain/0");
    m = xst_callv(&dom0, XS_GET_DOMAIN_PATH, 0, " 12x", NULL);
    ck_assert_str_eq(m.body, "/local/domain/12");
    m = xst_call(&dom0, XS_GET_DOMAIN_PATH, 0, "5", 1);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
}
END_TEST

START_TEST(is_domain_introduced_answers_t_or_f_to_dom0_only)
{
    struct xst_msg m = xst_callv(&dom0, XS_IS_DOMAIN_INTRODUCED, 0, "1", NULL);

    ck_assert_uint_eq(m.hdr.type, XS_IS_DOMAIN_INTRODUCED);
    ck_assert_uint_eq(m.hdr.len, 2);
    ck_assert_str_eq(m.body, "T");
    m = xst_callv(&dom0, XS_IS_DOMAIN_INTRODUCED, 0, "7", NULL);
    ck_assert_str_eq(m.body, "F");
    m = xst_callv(&dom0, XS_IS_DOMAIN_INTRODUCED, 0, "0", NULL);
    ck_assert_str_eq(m.body, "T");
    m = xst_callv(&dom0, XS_IS_DOMAIN_INTRODUCED, 0, "32752", NULL); /* DOMID_SELF */
    ck_assert_str_eq(m.body, "T");
    m = xst_call(&dom0, XS_IS_DOMAIN_INTRODUCED, 0, "1", 1);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom1, XS_IS_DOMAIN_INTRODUCED, 0, "1", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
}
END_TEST

START_TEST(introduce_checks_its_arguments_and_reintroduction_resets)
{
    struct xst_msg m;

    m = xst_callv(&dom0, XS_INTRODUCE, 0, "3", "100", "0", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_INTRODUCE, 0, "3", "100", "-4", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_INTRODUCE, 0, "3", "100", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom1, XS_INTRODUCE, 0, "3", "100", "7", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
    m = xst_callv(&dom0, XS_INTRODUCE, 0, "3", "100", "7", NULL);
    ck_assert(xst_ok(&m, XS_INTRODUCE));
    ck_assert_ptr_nonnull(xsd_domain_conn(d, 3));
    /* Introducing again keeps the connection but drops its watches. */
    m = xst_callv(&dom1, XS_WATCH, 0, "/tool", "t", NULL);
    ck_assert(xst_ok(&m, XS_WATCH));
    m = xst_callv(&dom0, XS_INTRODUCE, 0, "1", "100", "9", NULL);
    ck_assert(xst_ok(&m, XS_INTRODUCE));
    ck_assert_ptr_eq(xsd_domain_conn(d, 1), dom1.c);
    m = xst_callv(&dom1, XS_UNWATCH, 0, "/tool", "t", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
}
END_TEST

START_TEST(release_ends_a_domains_connection)
{
    struct xst_msg m;

    m = xst_callv(&dom0, XS_RELEASE, 0, "0", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_RELEASE, 0, "9", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    m = xst_callv(&dom0, XS_RELEASE, 0, "x", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom2, XS_RELEASE, 0, "1", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
    m = xst_callv(&dom0, XS_RELEASE, 0, "1", NULL);
    ck_assert(xst_ok(&m, XS_RELEASE));
    ck_assert_ptr_null(xsd_domain_conn(d, 1));
    m = xst_callv(&dom0, XS_IS_DOMAIN_INTRODUCED, 0, "1", NULL);
    ck_assert_str_eq(m.body, "F");
    m = xst_callv(&dom0, XS_RELEASE, 0, "1", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
}
END_TEST

START_TEST(resume_and_set_target)
{
    struct xst_msg m;

    m = xst_callv(&dom0, XS_RESUME, 0, "1", NULL);
    ck_assert(xst_ok(&m, XS_RESUME));
    m = xst_callv(&dom0, XS_RESUME, 0, "8", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    m = xst_callv(&dom1, XS_RESUME, 0, "1", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
    /* Domain 1 acts for domain 2: it may read what only 2 may read. */
    xst_write(&dom0, 0, "/t2", "secret");
    xst_callv(&dom0, XS_SET_PERMS, 0, "/t2", "n0", "r2", NULL);
    ck_assert_str_eq(xst_read(&dom1, 0, "/t2"), "EACCES");
    m = xst_callv(&dom0, XS_SET_TARGET, 0, "1", "2", NULL);
    ck_assert(xst_ok(&m, XS_SET_TARGET));
    ck_assert_str_eq(xst_read(&dom1, 0, "/t2"), "secret");
    ck_assert_str_eq(xst_read(&dom2, 0, "/t2"), "secret");
    m = xst_callv(&dom0, XS_SET_TARGET, 0, "1", "8", NULL);
    ck_assert_str_eq(xst_err(&m), "ENOENT");
    m = xst_callv(&dom0, XS_SET_TARGET, 0, "1", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_SET_TARGET, 0, "0", "1", NULL); /* dom0 has no connection of its own */
    ck_assert_str_eq(xst_err(&m), "EINVAL");
}
END_TEST

START_TEST(directory_part_returns_the_generation_and_chunks)
{
    char name[64], all[16384];
    size_t all_len = 0, got_len = 0;
    struct xst_msg m;
    unsigned off = 0;
    char gen[32] = "";

    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof(name), "/big/child-with-a-long-name-%03d", i);
        xst_write(&dom0, 0, name, "");
        all_len += (size_t)snprintf(all + all_len, sizeof(all) - all_len,
                                    "child-with-a-long-name-%03d", i) +
                   1;
    }
    /* DIRECTORY cannot answer more than a payload: E2BIG. */
    m = xst_callv(&dom0, XS_DIRECTORY, 0, "/big", NULL);
    ck_assert_str_eq(xst_err(&m), "E2BIG");
    for (int parts = 0; parts < 10; parts++) {
        char offs[16];
        size_t glen, dlen;

        snprintf(offs, sizeof(offs), "%u", off);
        m = xst_callv(&dom0, XS_DIRECTORY_PART, 0, "/big", offs, NULL);
        ck_assert_uint_eq(m.hdr.type, XS_DIRECTORY_PART);
        ck_assert_uint_le(m.hdr.len, XENSTORE_PAYLOAD_MAX);
        glen = strlen(m.body) + 1;
        if (parts == 0)
            strcpy(gen, m.body);
        ck_assert_str_eq(m.body, gen);
        dlen = m.hdr.len - glen;
        if (dlen && m.body[m.hdr.len - 1] == '\0' && m.body[m.hdr.len - 2] == '\0') {
            memcpy(all + 8192 + got_len, m.body + glen, dlen - 1); /* the empty string ends it */
            got_len += dlen - 1;
            break;
        }
        memcpy(all + 8192 + got_len, m.body + glen, dlen);
        got_len += dlen;
        off += (unsigned)dlen;
    }
    ck_assert_uint_eq(got_len, all_len);
    ck_assert_mem_eq(all + 8192, all, all_len);
    /* Past the end: the generation and an empty string. */
    m = xst_callv(&dom0, XS_DIRECTORY_PART, 0, "/big", "100000", NULL);
    ck_assert_uint_eq(m.hdr.len, strlen(gen) + 2);
    ck_assert_str_eq(m.body, gen);
    m = xst_callv(&dom0, XS_DIRECTORY_PART, 0, "/big", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom0, XS_DIRECTORY_PART, 0, "/big", "0", "0", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    /* A change moves the generation on. */
    xst_write(&dom0, 0, "/big/child-with-a-long-name-000", "x");
    xst_write(&dom0, 0, "/big/new", "");
    m = xst_callv(&dom0, XS_DIRECTORY_PART, 0, "/big", "100000", NULL);
    ck_assert_str_ne(m.body, gen);
}
END_TEST

START_TEST(control_is_for_dom0_with_xens_commands)
{
    struct xst_msg m = xst_callv(&dom0, XS_CONTROL, 0, "check", NULL);

    ck_assert(xst_ok(&m, XS_CONTROL));
    m = xst_callv(&dom0, XS_CONTROL, 0, "print", "hello", NULL);
    ck_assert(xst_ok(&m, XS_CONTROL));
    m = xst_callv(&dom0, XS_CONTROL, 0, "help", NULL);
    ck_assert_uint_eq(m.hdr.type, XS_CONTROL);
    ck_assert_ptr_nonnull(strstr(m.body, "check\t"));
    m = xst_callv(&dom0, XS_CONTROL, 0, "frobnicate", NULL);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_call(&dom0, XS_CONTROL, 0, NULL, 0);
    ck_assert_str_eq(xst_err(&m), "EINVAL");
    m = xst_callv(&dom1, XS_CONTROL, 0, "check", NULL);
    ck_assert_str_eq(xst_err(&m), "EACCES");
}
END_TEST

START_TEST(types_the_daemon_does_not_serve_are_enosys)
{
    static const uint32_t types[] = {
        XS_WATCH_EVENT, XS_ERROR, 20, XS_TYPE_COUNT, 1000, XS_INVALID
    };

    for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        struct xst_msg m = xst_callv(&dom1, types[i], 0, "/x", NULL);

        ck_assert_str_eq(xst_err(&m), "ENOSYS");
        ck_assert_uint_eq(m.hdr.len, 7);
    }
}
END_TEST

START_TEST(an_unknown_transaction_id_is_enoent)
{
    struct xst_msg m = xst_callv(&dom0, XS_READ, 77, "/tool", NULL);

    ck_assert_str_eq(xst_err(&m), "ENOENT");
    ck_assert_uint_eq(m.hdr.tx_id, 77);
    /* WATCH and UNWATCH ignore the transaction id. */
    m = xst_callv(&dom0, XS_WATCH, 77, "/tool", "t", NULL);
    ck_assert(xst_ok(&m, XS_WATCH));
}
END_TEST

START_TEST(a_payload_over_the_limit_kills_only_that_connection)
{
    struct xsd_sockmsg hdr = { .type = XS_READ, .len = XENSTORE_PAYLOAD_MAX + 1 };
    struct xst_msg m;

    ck_assert_int_lt(xsd_conn_feed(dom1.c, &hdr, sizeof(hdr)), 0);
    ck_assert_int_lt(xsd_conn_feed(dom1.c, "/tool", 6), 0);
    ck_assert_uint_eq(xsd_conn_output_pending(dom1.c), 0);
    m = xst_write(&dom0, 0, "/still", "here");
    ck_assert(xst_ok(&m, XS_WRITE));
    ck_assert_str_eq(xst_read(&dom2, 0, "/local/domain/2/none"), "EACCES");
    /* The largest payload is fine. */
    {
        static char big[XENSTORE_PAYLOAD_MAX];

        memset(big, 'v', sizeof(big));
        memcpy(big, "/big", 5);
        m = xst_call(&dom0, XS_WRITE, 0, big, sizeof(big));
        ck_assert(xst_ok(&m, XS_WRITE));
        m = xst_callv(&dom0, XS_READ, 0, "/big", NULL);
        ck_assert_uint_eq(m.hdr.len, XENSTORE_PAYLOAD_MAX - 5);
    }
}
END_TEST

START_TEST(bytes_may_arrive_one_at_a_time)
{
    struct xsd_sockmsg hdr = { .type = XS_WRITE, .req_id = 5, .len = 8 };
    char msg[sizeof(hdr) + 8];
    struct xst_msg m;

    memcpy(msg, &hdr, sizeof(hdr));
    memcpy(msg + sizeof(hdr), "/one\0abc", 8);
    for (size_t i = 0; i < sizeof(msg); i++) {
        ck_assert_uint_eq(xsd_conn_output_pending(dom0.c), 0);
        ck_assert_int_eq(xsd_conn_feed(dom0.c, msg + i, 1), 0);
    }
    ck_assert_uint_eq(xsd_conn_output_pending(dom0.c), 19);
    xst_collect(&dom0);
    ck_assert_str_eq(xst_read(&dom0, 0, "/one"), "abc");
    /* Two messages in one feed are both answered. */
    m = xst_callv(&dom0, XS_READ, 0, "/one", NULL);
    ck_assert_str_eq(m.body, "abc");
}
END_TEST

START_TEST(xsd_call_is_one_synchronous_request)
{
    char value[16] = "";
    size_t len = 99;

    ck_assert_int_eq(xsd_call(dom0.c, XS_WRITE, 0, "/call\0v1", 8, NULL, 0, NULL), 0);
    ck_assert_int_eq(xsd_call(dom0.c, XS_READ, 0, "/call", 6, value, sizeof(value), &len), 0);
    ck_assert_uint_eq(len, 2);
    ck_assert_mem_eq(value, "v1", 2);
    ck_assert_int_eq(xsd_call(dom0.c, XS_READ, 0, "/none", 6, value, sizeof(value), &len), 2);
    ck_assert_int_eq(xsd_call(dom1.c, XS_INTRODUCE, 0,
                              "5\0"
                              "1\0"
                              "1",
                              6, NULL, 0, NULL),
                     13);
    /* Its own watch events are dropped; the reply is found behind them. */
    ck_assert_int_eq(xsd_call(dom0.c, XS_WATCH, 0, "/call\0t", 8, NULL, 0, NULL), 0);
    ck_assert_int_eq(xsd_call(dom0.c, XS_WRITE, 0, "/call\0v2", 8, NULL, 0, NULL), 0);
    ck_assert_uint_eq(xsd_conn_output_pending(dom0.c), 0);
    ck_assert_int_eq(xsd_call(dom0.c, XS_READ, 0, "/call", 6, value, 1, &len), 0);
    ck_assert_uint_eq(len, 2);
    ck_assert_int_eq(value[0], 'v');
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xenstore");
    TCase *tc = tcase_create("messages");
    SRunner *sr;
    int failures;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_fresh_store_holds_tool_xenstored_owned_by_dom0);
    tcase_add_test(tc, replies_echo_req_id_and_tx_id);
    tcase_add_test(tc, write_creates_the_path_and_read_returns_the_bytes);
    tcase_add_test(tc, bad_names_are_einval_and_missing_nodes_enoent);
    tcase_add_test(tc, one_string_arguments_need_exactly_one_nul);
    tcase_add_test(tc, mkdir_makes_an_empty_node_and_accepts_an_existing_one);
    tcase_add_test(tc, rm_removes_a_subtree_and_tolerates_a_missing_leaf);
    tcase_add_test(tc, get_and_set_perms);
    tcase_add_test(tc, get_domain_path_parses_like_atoi);
    tcase_add_test(tc, is_domain_introduced_answers_t_or_f_to_dom0_only);
    tcase_add_test(tc, introduce_checks_its_arguments_and_reintroduction_resets);
    tcase_add_test(tc, release_ends_a_domains_connection);
    tcase_add_test(tc, resume_and_set_target);
    tcase_add_test(tc, directory_part_returns_the_generation_and_chunks);
    tcase_add_test(tc, control_is_for_dom0_with_xens_commands);
    tcase_add_test(tc, types_the_daemon_does_not_serve_are_enosys);
    tcase_add_test(tc, an_unknown_transaction_id_is_enoent);
    tcase_add_test(tc, a_payload_over_the_limit_kills_only_that_connection);
    tcase_add_test(tc, bytes_may_arrive_one_at_a_time);
    tcase_add_test(tc, xsd_call_is_one_synchronous_request);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failures = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failures != 0;
}
