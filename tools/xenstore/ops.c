/*
 * The handlers that read and change nodes: DIRECTORY, DIRECTORY_PART, READ,
 * GET_PERMS, WRITE, MKDIR, RM, SET_PERMS, and the privileged CONTROL.
 * Each returns 0 after queueing its reply, or the XEN_E* number whose name
 * the client gets in an XS_ERROR reply.  Names may be relative to the
 * connection's home, /local/domain/<id>.
 */
#include "common/format.h"
#include "common/string.h"
#include "tools/xenstore/core.h"

/* The single-string argument as an absolute name: NULL (EINVAL later) when malformed. */
static char *arg_name(struct xs_conn *c, const struct xs_req *in, int *err)
{
    const char *arg = xs_onearg(in);
    char *name;

    *err = 0;
    if (!arg)
        return NULL;
    name = node_canonical(c, arg);
    if (!name)
        *err = XEN_ENOMEM;
    return name;
}

/* Read the node named by the payload, needing perm; *out NULL on error. */
static int get_arg_node(struct xs_conn *c, const struct xs_req *in, unsigned perm,
                        struct xs_node **out, char **name_out)
{
    int err;
    char *name = arg_name(c, in, &err);

    *out = NULL;
    if (err)
        return err;
    err = node_get(c, name, perm, out);
    if (name_out)
        *name_out = name;
    else
        xs_free(name);
    return err;
}

int do_directory(struct xs_conn *c, const struct xs_req *in)
{
    struct xs_node *n;
    int err = get_arg_node(c, in, XS_PERM_READ, &n, NULL);

    if (err)
        return err;
    conn_reply(c, XS_DIRECTORY, n->children, n->childlen);
    node_free(n);
    return 0;
}

int do_read(struct xs_conn *c, const struct xs_req *in)
{
    struct xs_node *n;
    int err = get_arg_node(c, in, XS_PERM_READ, &n, NULL);

    if (err)
        return err;
    conn_reply(c, XS_READ, n->data, n->datalen);
    node_free(n);
    return 0;
}

int do_get_perms(struct xs_conn *c, const struct xs_req *in)
{
    struct xs_node *n;
    char *strings;
    unsigned len;
    int err = get_arg_node(c, in, XS_PERM_READ, &n, NULL);

    if (err)
        return err;
    strings = perms_format(n->perms, n->nperms, &len);
    node_free(n);
    if (!strings)
        return XEN_ENOMEM;
    conn_reply(c, XS_GET_PERMS, strings, len);
    xs_free(strings);
    return 0;
}

/*
 * "path\0offset\0": the node's generation, then as many whole children from
 * byte offset on as fit in one message; an empty string after the last.
 */
int do_directory_part(struct xs_conn *c, const struct xs_req *in)
{
    const char *vec[2];
    char gen[24], *name, *data, *child;
    unsigned off, len = 0, maxlen, genlen;
    struct xs_node *n;
    int err;

    if (xs_count_strings(in->buf, in->len) != 2)
        return XEN_EINVAL;
    xs_get_strings(in, vec, 2);
    name = node_canonical(c, vec[0]);
    if (!name)
        return XEN_ENOMEM;
    err = node_get(c, name, XS_PERM_READ, &n);
    xs_free(name);
    if (err)
        return err;
    off = (unsigned)xs_atoi(vec[1]);
    genlen =
        (unsigned)fmt_snprintf(gen, sizeof(gen), "%llu", (unsigned long long)n->generation) + 1;
    if (off >= n->childlen) {
        gen[genlen] = '\0';
        conn_reply(c, XS_DIRECTORY_PART, gen, genlen + 1);
        node_free(n);
        return 0;
    }
    maxlen = XENSTORE_PAYLOAD_MAX - genlen - 1;
    child = n->children + off;
    while (len + strlen(child) < maxlen) {
        len += (unsigned)strlen(child) + 1;
        child += strlen(child) + 1;
        if (off + len == n->childlen)
            break;
    }
    data = xs_malloc(genlen + len + 1);
    if (!data) {
        node_free(n);
        return XEN_ENOMEM;
    }
    memcpy(data, gen, genlen);
    memcpy(data + genlen, n->children + off, len);
    if (off + len == n->childlen)
        data[genlen + len++] = '\0';
    conn_reply(c, XS_DIRECTORY_PART, data, genlen + len);
    xs_free(data);
    node_free(n);
    return 0;
}

/* "path\0value": the value is every byte after the first NUL (NULs included). */
int do_write(struct xs_conn *c, const struct xs_req *in)
{
    const char *vec[1];
    unsigned off;
    struct xs_node *n;
    char *name;
    int err;

    if (xs_get_strings(in, vec, 1) < 1)
        return XEN_EINVAL;
    off = (unsigned)strlen(vec[0]) + 1;
    name = node_canonical(c, vec[0]);
    if (!name)
        return XEN_ENOMEM;
    err = node_get(c, name, XS_PERM_WRITE, &n);
    if (err == XEN_ENOENT) {
        err = node_create(c, name, in->buf + off, in->len - off, &n);
    } else if (!err) {
        err = node_set_data(n, in->buf + off, in->len - off);
        if (!err)
            err = access_write(c, n, false);
    }
    if (!err) {
        watch_fire(c, name, false, n, NULL, 0);
        conn_ack(c, XS_WRITE);
    }
    node_free(n);
    xs_free(name);
    return err;
}

int do_mkdir(struct xs_conn *c, const struct xs_req *in)
{
    struct xs_node *n;
    char *name = NULL;
    int err = get_arg_node(c, in, XS_PERM_WRITE, &n, &name);

    if (err == XEN_ENOENT) {
        err = node_create(c, name, NULL, 0, &n);
        if (!err)
            watch_fire(c, name, false, n, NULL, 0);
    }
    if (!err)
        conn_ack(c, XS_MKDIR); /* a node that exists already is fine */
    node_free(n);
    xs_free(name);
    return err;
}

int do_rm(struct xs_conn *c, const struct xs_req *in)
{
    struct xs_node *n;
    char *name = NULL, *pname;
    int err = get_arg_node(c, in, XS_PERM_WRITE, &n, &name);

    if (err == XEN_ENOENT) {
        /* Removing what is not there is fine, if its parent is. */
        pname = node_parent_name(name);
        err = pname ? access_read(c, pname, &n) : XEN_ENOMEM;
        xs_free(pname);
        if (!err)
            conn_ack(c, XS_RM);
        else if (err != XEN_ENOMEM && err != XEN_ENOSPC)
            err = XEN_ENOENT;
    } else if (!err) {
        err = strcmp(name, "/") == 0 ? XEN_EINVAL : node_remove(c, name);
        if (!err)
            conn_ack(c, XS_RM);
    }
    node_free(n);
    xs_free(name);
    return err;
}

/* @introduceDomain / @releaseDomain: who may watch them; needs write and ownership. */
static int set_special_perms(struct xs_conn *c, const char *name, struct xs_perm *perms,
                             unsigned nperms)
{
    struct xs_special *sp = special_perms(c->d, name);

    if (!sp)
        return XEN_EINVAL;
    if ((perm_for_conn(c, sp->perms, sp->nperms) & (XS_PERM_WRITE | XS_PERM_OWNER)) !=
        (XS_PERM_WRITE | XS_PERM_OWNER))
        return XEN_EACCES;
    xs_free(sp->perms);
    sp->perms = perms;
    sp->nperms = nperms;
    conn_ack(c, XS_SET_PERMS);
    return 0;
}

/* Give the node its new permissions, moving its count to the new owner. */
static int apply_perms(struct xs_conn *c, struct xs_node *n, struct xs_perm *perms, unsigned nperms,
                       const char *name)
{
    struct xs_perm *old = n->perms;
    unsigned old_n = n->nperms, old_owner = old[0].id;
    int err;

    n->perms = perms;
    n->nperms = nperms;
    domain_entry_add(c, old_owner, -1);
    err = domain_entry_add(c, perms[0].id, 1);
    if (!err)
        err = access_write(c, n, false);
    if (err) {
        domain_entry_add(c, perms[0].id, -1);
        domain_entry_add(c, old_owner, 1);
        n->perms = old;
        n->nperms = old_n;
        return err;
    }
    watch_fire(c, name, false, n, old, old_n);
    conn_ack(c, XS_SET_PERMS);
    xs_free(old);
    return 0;
}

/* "path\0perm\0perm\0...": the first entry names the owner. */
int do_set_perms(struct xs_conn *c, const struct xs_req *in)
{
    unsigned num = xs_count_strings(in->buf, in->len);
    struct xs_perm *perms;
    struct xs_node *n;
    char *name;
    int err;

    if (num < 2)
        return XEN_EINVAL;
    num--;
    if (!conn_is_priv(c) && num > XS_QUOTA_PERMS)
        return XEN_ENOSPC;
    perms = xs_malloc(num * sizeof(*perms));
    if (!perms)
        return XEN_ENOMEM;
    err = perms_parse(in->buf + strlen(in->buf) + 1, num, perms);
    if (!err) {
        perms_mark_missing(c->d, perms, num);
        if (perms[0].perms & XS_PERM_IGNORE)
            err = XEN_ENOENT;
    }
    if (!err && in->buf[0] == '@') {
        err = set_special_perms(c, in->buf, perms, num);
        if (err)
            xs_free(perms);
        return err;
    }
    name = err ? NULL : node_canonical(c, in->buf);
    if (!err && !name)
        err = XEN_ENOMEM;
    n = NULL;
    if (!err)
        err = node_get(c, name, XS_PERM_WRITE | XS_PERM_OWNER, &n);
    if (!err && !conn_is_priv(c) && perms[0].id != n->perms[0].id)
        err = XEN_EPERM;
    if (!err)
        err = apply_perms(c, n, perms, num, name);
    if (err)
        xs_free(perms);
    node_free(n);
    xs_free(name);
    return err;
}

/* XS_CONTROL: the subset of Xen's commands that make sense without a log or live update. */
int do_control(struct xs_conn *c, const struct xs_req *in)
{
    static const char help[] = "check\t\nhelp\t\nprint\t<string>\n";
    const char *vec[2];
    unsigned num = xs_get_strings(in, vec, 2);

    if (num == 0)
        return XEN_EINVAL;
    if (strcmp(vec[0], "check") == 0 && num == 1) {
        conn_ack(c, XS_CONTROL);
        return 0;
    }
    if (strcmp(vec[0], "print") == 0 && num == 2) {
        conn_ack(c, XS_CONTROL);
        return 0;
    }
    if (strcmp(vec[0], "help") == 0 && num == 1) {
        conn_reply(c, XS_CONTROL, help, sizeof(help) - 1);
        return 0;
    }
    return XEN_EINVAL;
}
