/*
 * Transactions, and the access layer every store operation goes through.
 *
 * As Xen's C xenstored: every change stamps the node with the next value of
 * one global generation counter.  A transaction keeps, for every node it
 * touches, a private copy made at first access (so it reads what it first
 * saw, and its own changes), and the generation that node had if the first
 * access was a read.  At TRANSACTION_END "T" the transaction commits only if
 * each of those nodes still has that generation (or is still missing);
 * otherwise EAGAIN and nothing happens.  Watches of changes made inside fire
 * at commit; node counts per domain are settled (and checked) at commit too.
 */
#include "common/format.h"
#include "common/string.h"
#include "tools/xenstore/core.h"

struct xs_access {
    struct xs_access *next;
    char *name;
    uint64_t generation; /* at the first read, or XS_NO_GENERATION */
    bool check_gen;      /* first access was a read: must be unchanged at commit */
    bool modified;       /* written or deleted inside */
    bool ta_node;        /* the transaction has a copy (else: missing or deleted) */
    bool fire_watch;
    bool watch_exact;
    struct xs_perm *perms; /* the node's permissions when its watch was queued */
    unsigned nperms;
};

struct xs_delta {
    struct xs_delta *next;
    unsigned domid;
    int delta;
};

struct xs_trans {
    struct xs_trans *next;
    uint32_t id;
    uint64_t generation;
    struct xs_db db;
    struct xs_access *accessed, **accessed_tail;
    unsigned naccessed;
    struct xs_delta *deltas;
    size_t bytes; /* charged to the connection for the copies */
    bool fail;    /* something could not be recorded: the commit must fail */
};

static struct xs_access *access_find(struct xs_trans *t, const char *name)
{
    for (struct xs_access *a = t->accessed; a; a = a->next)
        if (strcmp(a->name, name) == 0)
            return a;
    return NULL;
}

static int access_add(struct xs_conn *c, const char *name, struct xs_access **out)
{
    struct xs_trans *t = c->transaction;
    struct xs_access *a;

    if (t->naccessed >= XS_QUOTA_TRANS_NODES && !conn_is_priv(c)) {
        t->fail = true;
        return XEN_ENOSPC;
    }
    a = xs_zalloc(sizeof(*a));
    if (a)
        a->name = xs_strdup(name);
    if (!a || !a->name) {
        xs_free(a);
        t->fail = true;
        return XEN_ENOMEM;
    }
    *t->accessed_tail = a;
    t->accessed_tail = &a->next;
    t->naccessed++;
    *out = a;
    return 0;
}

/* Keep a copy of n in the transaction, charged to the connection's memory. */
static int trans_keep(struct xs_conn *c, struct xs_trans *t, const struct xs_node *n)
{
    size_t bytes =
        sizeof(*n) + strlen(n->name) + 1 + n->nperms * sizeof(*n->perms) + n->datalen + n->childlen;
    struct xs_node *copy;

    if (!conn_mem_charge(c, bytes)) {
        t->fail = true;
        return XEN_ENOMEM;
    }
    t->bytes += bytes;
    copy = node_dup(n);
    if (!copy || db_put(&t->db, copy)) {
        t->fail = true;
        return XEN_ENOMEM;
    }
    return 0;
}

static int copy_out(const struct xs_node *n, struct xs_node **out)
{
    *out = node_dup(n);
    return *out ? 0 : XEN_ENOMEM;
}

int access_read(struct xs_conn *c, const char *name, struct xs_node **out)
{
    struct xs_trans *t = c->transaction;
    struct xs_node *n;
    struct xs_access *a;
    int err;

    *out = NULL;
    if (t && (a = access_find(t, name)) != NULL) {
        n = a->ta_node ? db_get(&t->db, name) : NULL;
        return n ? copy_out(n, out) : XEN_ENOENT;
    }
    n = db_get(&c->d->store, name);
    if (t) {
        err = access_add(c, name, &a);
        if (err)
            return err;
        a->check_gen = true;
        a->generation = n ? n->generation : XS_NO_GENERATION;
        if (n) {
            err = trans_keep(c, t, n);
            if (err)
                return err;
            a->ta_node = true;
        }
    }
    return n ? copy_out(n, out) : XEN_ENOENT;
}

/* Store a copy of n (the caller keeps n); unprivileged writes obey the node size quota. */
int access_write(struct xs_conn *c, struct xs_node *n, bool no_quota)
{
    struct xs_trans *t = c->transaction;
    struct xs_access *a;
    struct xs_node *copy;
    int err;

    if (!no_quota && !conn_is_priv(c) && XS_NODE_RECORD_SIZE(n) >= XS_QUOTA_NODE_SIZE) {
        trans_mark_failed(c);
        return XEN_ENOSPC;
    }
    n->generation = c->d->generation++;
    if (!t) {
        copy = node_dup(n);
        return copy ? db_put(&c->d->store, copy) : XEN_ENOMEM;
    }
    a = access_find(t, n->name);
    if (!a && (err = access_add(c, n->name, &a)) != 0)
        return err;
    a->modified = true;
    a->ta_node = true;
    return trans_keep(c, t, n);
}

int access_delete(struct xs_conn *c, const char *name)
{
    struct xs_trans *t = c->transaction;
    struct xs_access *a;
    int err;

    c->d->generation++;
    if (!t) {
        db_del(&c->d->store, name);
        return 0;
    }
    a = access_find(t, name);
    if (!a && (err = access_add(c, name, &a)) != 0)
        return err;
    a->modified = true;
    a->ta_node = false;
    db_del(&t->db, name);
    return 0;
}

void trans_mark_failed(struct xs_conn *c)
{
    if (c->transaction)
        c->transaction->fail = true;
}

/* A change inside the transaction: its watches fire if and when it commits. */
void trans_queue_watch(struct xs_conn *c, const char *name, bool exact, const struct xs_node *node)
{
    struct xs_access *a = access_find(c->transaction, name);

    if (!a) {
        c->transaction->fail = true;
        return;
    }
    if (!a->fire_watch) {
        a->fire_watch = true;
        a->watch_exact = exact;
    } else if (!exact) {
        a->watch_exact = false;
    }
    if (node && !a->perms) {
        a->perms = xs_malloc(node->nperms * sizeof(*a->perms));
        if (a->perms) {
            memcpy(a->perms, node->perms, node->nperms * sizeof(*a->perms));
            a->nperms = node->nperms;
        }
    }
}

int trans_entry_delta(struct xs_trans *t, unsigned domid)
{
    for (struct xs_delta *dl = t->deltas; dl; dl = dl->next)
        if (dl->domid == domid)
            return dl->delta;
    return 0;
}

int trans_note_entries(struct xs_trans *t, unsigned domid, int delta)
{
    struct xs_delta *dl;

    for (dl = t->deltas; dl; dl = dl->next) {
        if (dl->domid == domid) {
            dl->delta += delta;
            return 0;
        }
    }
    dl = xs_zalloc(sizeof(*dl));
    if (!dl) {
        t->fail = true;
        return XEN_ENOMEM;
    }
    dl->domid = domid;
    dl->delta = delta;
    dl->next = t->deltas;
    t->deltas = dl;
    return 0;
}

static void trans_free(struct xs_conn *c, struct xs_trans *t)
{
    conn_mem_uncharge(c, t->bytes);
    while (t->accessed) {
        struct xs_access *a = t->accessed;

        t->accessed = a->next;
        xs_free(a->name);
        xs_free(a->perms);
        xs_free(a);
    }
    while (t->deltas) {
        struct xs_delta *dl = t->deltas;

        t->deltas = dl->next;
        xs_free(dl);
    }
    db_clear(&t->db);
    xs_free(t);
}

void trans_delete_all(struct xs_conn *c)
{
    while (c->transactions) {
        struct xs_trans *t = c->transactions;

        c->transactions = t->next;
        trans_free(c, t);
    }
    c->transaction_started = 0;
}

struct xs_trans *trans_lookup(struct xs_conn *c, uint32_t id, int *err)
{
    *err = 0;
    if (id == 0)
        return NULL;
    for (struct xs_trans *t = c->transactions; t; t = t->next)
        if (t->id == id)
            return t;
    *err = XEN_ENOENT;
    return NULL;
}

int do_transaction_start(struct xs_conn *c, const struct xs_req *in)
{
    struct xs_trans *t, **tail;
    char id[16];
    int err;

    if (c->transaction)
        return XEN_EBUSY;
    if (!conn_is_priv(c) && c->transaction_started > XS_QUOTA_TRANSACTIONS)
        return XEN_ENOSPC;
    t = xs_zalloc(sizeof(*t));
    if (!t || db_init(&t->db)) {
        xs_free(t);
        return XEN_ENOMEM;
    }
    t->accessed_tail = &t->accessed;
    t->generation = c->d->generation++;
    do
        t->id = c->next_tx_id++;
    while (t->id == 0 || trans_lookup(c, t->id, &err));
    for (tail = &c->transactions; *tail; tail = &(*tail)->next)
        ;
    *tail = t;
    c->transaction_started++;
    fmt_snprintf(id, sizeof(id), "%u", t->id);
    conn_reply(c, XS_TRANSACTION_START, id, (unsigned)strlen(id) + 1);
    return 0;
}

/* Node counts after the commit must stay under the quota. */
static int check_entries(struct xs_conn *c, struct xs_trans *t)
{
    for (struct xs_delta *dl = t->deltas; dl; dl = dl->next) {
        struct xs_domain *dom = domain_find(c->d, dl->domid);
        int cnt = (dom ? dom->nbentry : 0) + dl->delta;

        if (!domid_is_priv(c->d, dl->domid) && cnt >= XS_QUOTA_NODES)
            return XEN_ENOSPC;
    }
    return 0;
}

static int commit(struct xs_conn *c, struct xs_trans *t)
{
    struct xs_db *store = &c->d->store;
    struct xs_access *a;
    struct xs_node *n;

    for (a = t->accessed; a; a = a->next) {
        n = db_get(store, a->name);
        if (a->check_gen && (n ? n->generation : XS_NO_GENERATION) != a->generation)
            return XEN_EAGAIN;
    }
    for (a = t->accessed; a; a = a->next) {
        if (!a->modified)
            continue;
        n = a->ta_node ? db_get(&t->db, a->name) : NULL;
        if (!n) {
            db_del(store, a->name);
            continue;
        }
        n = node_dup(n);
        if (!n || db_put(store, n))
            return XEN_ENOMEM; /* cannot happen half way in Xen either: it checks memory first */
        n->generation = c->d->generation++;
    }
    for (struct xs_delta *dl = t->deltas; dl; dl = dl->next) {
        struct xs_domain *dom = domain_get(c->d, dl->domid);

        if (dom)
            dom->nbentry += dl->delta;
    }
    for (a = t->accessed; a; a = a->next)
        if (a->fire_watch)
            watch_fire(c, a->name, a->watch_exact, NULL, a->perms, a->nperms);
    return 0;
}

int do_transaction_end(struct xs_conn *c, const struct xs_req *in)
{
    const char *arg = xs_onearg(in);
    struct xs_trans *t = c->transaction, **link;
    int err = 0;

    if (!arg || (strcmp(arg, "T") != 0 && strcmp(arg, "F") != 0))
        return XEN_EINVAL;
    if (!t)
        return XEN_ENOENT;
    for (link = &c->transactions; *link != t; link = &(*link)->next)
        ;
    *link = t->next;
    c->transaction_started--;
    c->transaction = NULL;
    if (arg[0] == 'T') {
        if (t->fail)
            err = XEN_ENOMEM;
        if (!err)
            err = check_entries(c, t);
        if (!err)
            err = commit(c, t);
    }
    trans_free(c, t);
    if (!err)
        conn_ack(c, XS_TRANSACTION_END);
    return err;
}
