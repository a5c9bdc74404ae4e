/*
 * Paths and the node operations behind the handlers: what a valid name is,
 * relative names, reading with permission checks (and without telling a
 * domain more than its permissions allow), creating a node with its missing
 * ancestors, removing a subtree.  All store access goes through
 * transaction.c's access_* functions, so each works inside a transaction.
 */
#include "common/format.h"
#include "common/string.h"
#include "tools/xenstore/core.h"

static bool valid_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '/' || ch == '_' || ch == '@';
}

/* Length of a "/local/domain/<1 to 5 digits>/" prefix, or 0. */
static size_t domain_prefix_len(const char *name)
{
    static const char local[] = "/local/domain/";
    size_t i = sizeof(local) - 1, digits = 0;

    if (strncmp(name, local, i) != 0)
        return 0;
    while (digits < 5 && name[i] >= '0' && name[i] <= '9') {
        digits++;
        i++;
    }
    return digits && name[i] == '/' ? i + 1 : 0;
}

/*
 * Absolute, no empty component, no trailing '/' but for "/", only
 * [A-Za-z0-9-/_@], and at most XS_QUOTA_PATH_LEN characters after a
 * domain's home prefix (or in all, outside one).
 */
bool node_name_valid(const char *name)
{
    size_t len = strlen(name);

    if (name[0] != '/')
        return false;
    if (len > 1 && name[len - 1] == '/')
        return false;
    if (strstr(name, "//"))
        return false;
    if (len > domain_prefix_len(name) + XS_QUOTA_PATH_LEN)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!valid_char(name[i]))
            return false;
    return true;
}

/* A name that is not absolute (nor @special) is relative to the domain's home. */
char *node_canonical(const struct xs_conn *c, const char *name)
{
    if (name[0] == '/' || name[0] == '@')
        return xs_strdup(name);
    return xs_asprintf("/local/domain/%u/%s", c->domain ? c->domain->domid : 0, name);
}

char *node_parent_name(const char *name)
{
    const char *slash = strrchr(name + 1, '/');

    return slash ? xs_memdup(name, (size_t)(slash - name)) : xs_strdup("/");
}

static const char *base_name(const char *name)
{
    return strrchr(name, '/') + 1;
}

/*
 * A node that cannot be read reports ENOENT only to a connection that may
 * read its nearest existing ancestor; others learn EACCES.
 */
static int error_from_parents(struct xs_conn *c, const char *name, int err, unsigned perm)
{
    char *cur = xs_strdup(name), *parent;
    struct xs_node *n = NULL;
    unsigned parent_perm = XS_PERM_NONE;
    int e;

    while (cur && strcmp(cur, "/") != 0) {
        parent = node_parent_name(cur);
        xs_free(cur);
        cur = parent;
        if (!cur)
            break;
        e = access_read(c, cur, &n);
        if (e == XEN_ENOMEM || e == XEN_ENOSPC) {
            xs_free(cur);
            return e;
        }
        if (!e)
            break;
    }
    if (!cur)
        return XEN_ENOMEM;
    xs_free(cur);
    if (n) {
        parent_perm = perm_for_conn(c, n->perms, n->nperms);
        node_free(n);
    }
    return (parent_perm & perm) ? err : XEN_EACCES;
}

int node_get(struct xs_conn *c, const char *name, unsigned perm, struct xs_node **out)
{
    struct xs_node *n = NULL;
    int err;

    *out = NULL;
    if (!name || !node_name_valid(name))
        return XEN_EINVAL;
    err = access_read(c, name, &n);
    if (!err && (perm_for_conn(c, n->perms, n->nperms) & perm) != perm) {
        node_free(n);
        err = XEN_EACCES;
    }
    if (err && err != XEN_ENOMEM && err != XEN_ENOSPC)
        return error_from_parents(c, name, err, perm);
    *out = n;
    return err;
}

static void free_chain(struct xs_node **chain, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        node_free(chain[i]);
    xs_free(chain);
}

/*
 * chain[0] is the node to create, chain[i + 1] the parent of chain[i], the
 * last one the nearest ancestor that exists.  New nodes inherit their
 * parent's permissions; an unprivileged creator owns what it creates.
 */
static int build_chain(struct xs_conn *c, const char *name, struct xs_node ***out, unsigned *len)
{
    struct xs_node **chain = NULL, *parent = NULL, **grown;
    char *cur = xs_strdup(name), *pname = NULL;
    unsigned n = 0;
    int err = XEN_ENOMEM;

    while (cur) {
        grown = xs_realloc(chain, (n + 2) * sizeof(*chain));
        pname = node_parent_name(cur);
        if (!grown || !pname)
            break;
        chain = grown;
        chain[n++] = node_new(cur);
        if (!chain[n - 1])
            break;
        err = access_read(c, pname, &parent);
        if (!err) {
            chain[n++] = parent;
            break;
        }
        if (err != XEN_ENOENT || strcmp(pname, "/") == 0)
            break;
        xs_free(cur);
        cur = pname;
        pname = NULL;
        err = XEN_ENOMEM;
    }
    xs_free(cur);
    xs_free(pname);
    if (err) {
        free_chain(chain, n);
        return err;
    }
    for (unsigned i = n - 1; i > 0; i--) {
        struct xs_node *child = chain[i - 1];

        if (node_add_child(chain[i], base_name(child->name)) ||
            node_set_perms(child, chain[i]->perms, chain[i]->nperms)) {
            free_chain(chain, n);
            return XEN_ENOMEM;
        }
        if (!conn_is_priv(c))
            child->perms[0].id = c->id;
    }
    *out = chain;
    *len = n;
    return 0;
}

/* Written bottom up, so that a failure leaves no node without its parent's entry. */
int node_create(struct xs_conn *c, const char *name, const void *data, unsigned len,
                struct xs_node **out)
{
    struct xs_node **chain;
    unsigned n, i;
    int err;

    *out = NULL;
    err = build_chain(c, name, &chain, &n);
    if (err)
        return err;
    err = node_set_data(chain[0], data, len);
    for (i = 0; i < n && !err; i++) {
        bool is_new = i + 1 < n;

        if (is_new && domain_entries(c) >= XS_QUOTA_NODES)
            err = XEN_ENOSPC;
        else
            err = access_write(c, chain[i], false);
        if (!err && is_new)
            err = domain_entry_add(c, chain[i]->perms[0].id, 1);
        if (err)
            break;
    }
    if (err) {
        for (unsigned j = 0; j < i; j++) {
            access_delete(c, chain[j]->name);
            domain_entry_add(c, chain[j]->perms[0].id, -1);
        }
        trans_mark_failed(c);
        free_chain(chain, n);
        return err;
    }
    *out = chain[0];
    chain[0] = NULL;
    free_chain(chain, n);
    return 0;
}

struct walk_frame {
    struct xs_node *node;
    unsigned childoff;
};

/* Depth first, children in order, each node after its children (as Xen fires them). */
static int remove_subtree(struct xs_conn *c, const char *root)
{
    struct walk_frame *stack = xs_malloc(sizeof(*stack)), *grown;
    unsigned depth = 0, cap = 1;
    int err = access_read(c, root, &stack[0].node);

    if (!stack)
        return XEN_ENOMEM;
    if (err) {
        xs_free(stack);
        return err;
    }
    stack[0].childoff = 0;
    depth = 1;
    while (depth) {
        struct walk_frame *top = &stack[depth - 1];
        struct xs_node *n = top->node, *child;

        if (top->childoff < n->childlen) {
            const char *base = n->children + top->childoff;
            char *cname = strcmp(n->name, "/") ? xs_asprintf("%s/%s", n->name, base)
                                               : xs_asprintf("/%s", base);

            top->childoff += (unsigned)strlen(base) + 1;
            if (!cname || access_read(c, cname, &child)) {
                xs_free(cname);
                continue;
            }
            xs_free(cname);
            if (depth == cap) {
                grown = xs_realloc(stack, 2 * cap * sizeof(*stack));
                if (!grown) {
                    node_free(child);
                    err = XEN_ENOMEM;
                    break;
                }
                stack = grown;
                cap *= 2;
            }
            stack[depth].node = child;
            stack[depth].childoff = 0;
            depth++;
            continue;
        }
        err = access_delete(c, n->name);
        if (err)
            break;
        watch_fire(c, n->name, strcmp(n->name, root) != 0, n, NULL, 0);
        domain_entry_add(c, n->perms[0].id, -1);
        node_free(n);
        depth--;
    }
    while (depth)
        node_free(stack[--depth].node);
    xs_free(stack);
    return err;
}

int node_remove(struct xs_conn *c, const char *name)
{
    char *pname = node_parent_name(name);
    struct xs_node *parent = NULL;
    int err;

    if (!pname)
        return XEN_ENOMEM;
    err = access_read(c, pname, &parent);
    xs_free(pname);
    if (err)
        return err == XEN_ENOMEM || err == XEN_ENOSPC ? err : XEN_EINVAL;
    err = remove_subtree(c, name);
    if (!err) {
        node_del_child(parent, base_name(name));
        err = access_write(c, parent, true);
    }
    if (err)
        trans_mark_failed(c);
    node_free(parent);
    return err;
}
