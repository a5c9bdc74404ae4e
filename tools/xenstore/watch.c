/*
 * Watches: a connection names a path and a token; every change at the path
 * or below it sends that connection XS_WATCH_EVENT "path\0token\0".
 *
 * As Xen 4.17: a new watch fires once at once; a watch given as a relative
 * path reports relative paths; an event goes only to a connection that may
 * read the node or its parent (or could read it before a permission change);
 * removing a subtree fires each removed node, the nodes under the removed
 * one only for watches on exactly them; the special paths @introduceDomain
 * and @releaseDomain fire for connections their own permissions let read
 * (dom0 only, unless XS_SET_PERMS opened them).
 */
#include "common/format.h"
#include "common/string.h"
#include "tools/xenstore/core.h"

static bool is_child(const char *child, const char *parent)
{
    size_t len = strlen(parent);

    if (strcmp(parent, "/") == 0)
        return true;
    return strncmp(child, parent, len) == 0 && (child[len] == '/' || child[len] == '\0');
}

/* What the watch reports for name: relative to the home of a relative watch. */
static const char *watch_path(const struct xs_conn *c, const struct xs_watch *w, const char *name)
{
    const char *p = name;

    if (w->relative) {
        char home[32];

        p += fmt_snprintf(home, sizeof(home), "/local/domain/%u", c->domain ? c->domain->domid : 0);
        if (*p == '/')
            p++;
    }
    return p;
}

static bool watch_permitted(struct xs_conn *c, const char *name, const struct xs_node *node,
                            const struct xs_perm *old_perms, unsigned old_nperms)
{
    const struct xs_db *store = &c->d->store;
    const struct xs_node *parent;
    char *pname;
    bool ok;

    if (old_perms && (perm_for_conn(c, old_perms, old_nperms) & XS_PERM_READ))
        return true;
    if (!node)
        node = db_get(store, name);
    if (!node)
        return false;
    if (perm_for_conn(c, node->perms, node->nperms) & XS_PERM_READ)
        return true;
    pname = node_parent_name(node->name);
    if (!pname)
        return false;
    parent = db_get(store, pname);
    xs_free(pname);
    ok = parent && (perm_for_conn(c, parent->perms, parent->nperms) & XS_PERM_READ);
    return ok;
}

static void fire_all(struct xs_daemon *d, const char *name, bool exact, const struct xs_node *node,
                     const struct xs_perm *old_perms, unsigned old_nperms)
{
    for (struct xs_conn *i = d->conns; i; i = i->next) {
        if (i->ignored || !i->watches)
            continue;
        if (name[0] == '@') {
            struct xs_special *sp = special_perms(d, name);

            if (!sp || !(perm_for_conn(i, sp->perms, sp->nperms) & XS_PERM_READ))
                continue;
        } else if (!watch_permitted(i, name, node, old_perms, old_nperms)) {
            continue;
        }
        for (struct xs_watch *w = i->watches; w; w = w->next) {
            bool match = exact ? strcmp(name, w->node) == 0 : is_child(name, w->node);

            if (match)
                conn_event(i, watch_path(i, w, name), w->token);
        }
    }
}

/* A change by c: inside a transaction it waits for the commit. */
void watch_fire(struct xs_conn *c, const char *name, bool exact, const struct xs_node *node,
                const struct xs_perm *old_perms, unsigned old_nperms)
{
    if (c->transaction)
        trans_queue_watch(c, name, exact, node);
    else
        fire_all(c->d, name, exact, node, old_perms, old_nperms);
}

/* @introduceDomain or @releaseDomain: the daemon's own doing, never in a transaction. */
void watch_fire_special(struct xs_daemon *d, const char *name)
{
    fire_all(d, name, false, NULL, NULL, 0);
}

static void watch_free(struct xs_conn *c, struct xs_watch *w)
{
    conn_mem_uncharge(c, strlen(w->node) + strlen(w->token));
    xs_free(w->node);
    xs_free(w->token);
    xs_free(w);
}

void watch_delete_all(struct xs_conn *c)
{
    while (c->watches) {
        struct xs_watch *w = c->watches;

        c->watches = w->next;
        watch_free(c, w);
    }
    c->nwatches = 0;
}

int do_watch(struct xs_conn *c, const struct xs_req *in)
{
    const char *vec[2];
    struct xs_watch *w, **tail;
    char *node;
    bool relative = false;

    if (xs_get_strings(in, vec, 2) != 2)
        return XEN_EINVAL;
    if (vec[0][0] == '@') {
        if (strlen(vec[0]) > XENSTORE_REL_PATH_MAX)
            return XEN_EINVAL;
        node = xs_strdup(vec[0]);
    } else {
        relative = vec[0][0] != '/';
        node = node_canonical(c, vec[0]);
        if (node && !node_name_valid(node)) {
            xs_free(node);
            return XEN_EINVAL;
        }
    }
    if (!node)
        return XEN_ENOMEM;
    for (tail = &c->watches; *tail; tail = &(*tail)->next) {
        if (strcmp((*tail)->node, node) == 0 && strcmp((*tail)->token, vec[1]) == 0) {
            xs_free(node);
            return XEN_EEXIST;
        }
    }
    if (!conn_is_priv(c) && c->nwatches > XS_QUOTA_WATCHES) {
        xs_free(node);
        return XEN_E2BIG;
    }
    w = xs_zalloc(sizeof(*w));
    if (w)
        w->token = xs_strdup(vec[1]);
    if (!w || !w->token || !conn_mem_charge(c, strlen(node) + strlen(vec[1]))) {
        if (w)
            xs_free(w->token);
        xs_free(w);
        xs_free(node);
        return XEN_ENOMEM;
    }
    w->node = node;
    w->relative = relative;
    *tail = w;
    c->nwatches++;
    conn_ack(c, XS_WATCH);
    conn_event(c, watch_path(c, w, w->node), w->token);
    return 0;
}

int do_unwatch(struct xs_conn *c, const struct xs_req *in)
{
    const char *vec[2];
    struct xs_watch **link;
    char *node;

    if (xs_get_strings(in, vec, 2) != 2)
        return XEN_EINVAL;
    node = node_canonical(c, vec[0]);
    if (!node)
        return XEN_ENOMEM;
    for (link = &c->watches; *link; link = &(*link)->next) {
        struct xs_watch *w = *link;

        if (strcmp(w->node, node) == 0 && strcmp(w->token, vec[1]) == 0) {
            *link = w->next;
            watch_free(c, w);
            c->nwatches--;
            xs_free(node);
            conn_ack(c, XS_UNWATCH);
            return 0;
        }
    }
    xs_free(node);
    return XEN_ENOENT;
}

/* A guest starting afresh (e.g. after kexec) drops what its predecessor left. */
int do_reset_watches(struct xs_conn *c, const struct xs_req *in)
{
    c->transaction = NULL;
    watch_delete_all(c);
    trans_delete_all(c);
    conn_ack(c, XS_RESET_WATCHES);
    return 0;
}
