/*
 * The node table: nodes by absolute path in a chained hash table that grows
 * as it fills (the store, and each transaction's private copies), and the
 * helpers that build and edit one node.  A node in a table belongs to it;
 * everybody else works on copies (node_dup) and puts them back.
 */
#include "common/string.h"
#include "tools/xenstore/core.h"

#define DB_FIRST_BUCKETS 64

static unsigned name_hash(const char *name)
{
    unsigned h = 2166136261u; /* FNV-1a */

    for (; *name; name++)
        h = (h ^ (unsigned char)*name) * 16777619u;
    return h;
}

int db_init(struct xs_db *db)
{
    db->buckets = xs_zalloc(DB_FIRST_BUCKETS * sizeof(*db->buckets));
    db->nbuckets = db->buckets ? DB_FIRST_BUCKETS : 0;
    db->count = 0;
    return db->buckets ? 0 : XEN_ENOMEM;
}

void db_clear(struct xs_db *db)
{
    for (unsigned i = 0; i < db->nbuckets; i++) {
        while (db->buckets[i]) {
            struct xs_node *n = db->buckets[i];

            db->buckets[i] = n->hash_next;
            node_free(n);
        }
    }
    xs_free(db->buckets);
    db->buckets = NULL;
    db->nbuckets = db->count = 0;
}

static struct xs_node **db_slot(const struct xs_db *db, const char *name)
{
    struct xs_node **slot = &db->buckets[name_hash(name) & (db->nbuckets - 1)];

    while (*slot && strcmp((*slot)->name, name) != 0)
        slot = &(*slot)->hash_next;
    return slot;
}

struct xs_node *db_get(const struct xs_db *db, const char *name)
{
    return db->nbuckets ? *db_slot(db, name) : NULL;
}

/* Doubling keeps chains short; a failed allocation just leaves them longer. */
static void db_grow(struct xs_db *db)
{
    unsigned n = db->nbuckets * 2;
    struct xs_node **b = xs_zalloc(n * sizeof(*b));

    if (!b)
        return;
    for (unsigned i = 0; i < db->nbuckets; i++) {
        while (db->buckets[i]) {
            struct xs_node *node = db->buckets[i];
            unsigned j = name_hash(node->name) & (n - 1);

            db->buckets[i] = node->hash_next;
            node->hash_next = b[j];
            b[j] = node;
        }
    }
    xs_free(db->buckets);
    db->buckets = b;
    db->nbuckets = n;
}

int db_put(struct xs_db *db, struct xs_node *node)
{
    struct xs_node **slot;

    if (!db->nbuckets && db_init(db)) {
        node_free(node);
        return XEN_ENOMEM;
    }
    slot = db_slot(db, node->name);
    if (*slot) {
        node->hash_next = (*slot)->hash_next;
        node_free(*slot);
    } else {
        node->hash_next = NULL;
        db->count++;
    }
    *slot = node;
    if (db->count > 2 * db->nbuckets)
        db_grow(db);
    return 0;
}

void db_del(struct xs_db *db, const char *name)
{
    struct xs_node **slot, *n;

    if (!db->nbuckets)
        return;
    slot = db_slot(db, name);
    n = *slot;
    if (n) {
        *slot = n->hash_next;
        node_free(n);
        db->count--;
    }
}

struct xs_node *node_new(const char *name)
{
    struct xs_node *n = xs_zalloc(sizeof(*n));

    if (!n)
        return NULL;
    n->name = xs_strdup(name);
    if (!n->name) {
        xs_free(n);
        return NULL;
    }
    return n;
}

void node_free(struct xs_node *n)
{
    if (!n)
        return;
    xs_free(n->name);
    xs_free(n->perms);
    xs_free(n->data);
    xs_free(n->children);
    xs_free(n);
}

struct xs_node *node_dup(const struct xs_node *n)
{
    struct xs_node *copy = node_new(n->name);

    if (!copy)
        return NULL;
    copy->generation = n->generation;
    if (node_set_perms(copy, n->perms, n->nperms) || node_set_data(copy, n->data, n->datalen)) {
        node_free(copy);
        return NULL;
    }
    if (n->childlen) {
        copy->children = xs_memdup(n->children, n->childlen);
        if (!copy->children) {
            node_free(copy);
            return NULL;
        }
        copy->childlen = n->childlen;
    }
    return copy;
}

int node_set_data(struct xs_node *n, const void *data, unsigned len)
{
    char *copy = NULL;

    if (len) {
        copy = xs_memdup(data, len);
        if (!copy)
            return XEN_ENOMEM;
    }
    xs_free(n->data);
    n->data = copy;
    n->datalen = len;
    return 0;
}

int node_set_perms(struct xs_node *n, const struct xs_perm *perms, unsigned nperms)
{
    struct xs_perm *copy = xs_malloc(nperms * sizeof(*copy));

    if (!copy)
        return XEN_ENOMEM;
    memcpy(copy, perms, nperms * sizeof(*copy));
    xs_free(n->perms);
    n->perms = copy;
    n->nperms = nperms;
    return 0;
}

/* New children go last: DIRECTORY lists them in the order they were made. */
int node_add_child(struct xs_node *n, const char *base)
{
    unsigned len = (unsigned)strlen(base) + 1;
    char *children = xs_realloc(n->children, n->childlen + len);

    if (!children)
        return XEN_ENOMEM;
    memcpy(children + n->childlen, base, len);
    n->children = children;
    n->childlen += len;
    return 0;
}

bool node_del_child(struct xs_node *n, const char *base)
{
    unsigned off = 0;

    while (off < n->childlen) {
        unsigned len = (unsigned)strlen(n->children + off) + 1;

        if (strcmp(n->children + off, base) == 0) {
            memmove(n->children + off, n->children + off + len, n->childlen - off - len);
            n->childlen -= len;
            return true;
        }
        off += len;
    }
    return false;
}
