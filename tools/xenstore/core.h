/*
 * xenstored's insides, shared by the files of tools/xenstore/ and nothing
 * else.  Errors inside are positive XEN_E* numbers (0 = success), the way
 * they travel to the client as "E..." names.
 *
 * Invariants:
 *  - every node in the store has a parent in the store whose children list
 *    names it exactly once ("/" excepted), and perms has nperms >= 1 entries,
 *    perms[0] being the owner and the access of everybody not listed;
 *  - a domain's nbentry counts the store nodes it owns (perms[0].id);
 *  - a connection's transaction is set only while one of its messages is
 *    being processed.
 */
#ifndef TOOLS_XENSTORE_CORE_H
#define TOOLS_XENSTORE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "public/errno.h"
#include "public/io/xs_wire.h"
#include "tools/xenstore/xenstored.h"

/* Xen 4.17's default quotas (xenstored_core.c), for unprivileged domains. */
#define XS_QUOTA_NODES        1000 /* nodes a domain owns */
#define XS_QUOTA_NODE_SIZE    2048 /* bytes of a node's record (XS_NODE_RECORD_SIZE) */
#define XS_QUOTA_WATCHES      128  /* watches per connection (one more is let in) */
#define XS_QUOTA_TRANSACTIONS 10   /* open transactions (one more is let in) */
#define XS_QUOTA_PERMS        5    /* permission entries per node */
#define XS_QUOTA_TRANS_NODES  1024 /* nodes one transaction may touch */
#define XS_QUOTA_OUTSTANDING  20   /* replies queued before requests stop being read */
#define XS_QUOTA_PATH_LEN     XENSTORE_REL_PATH_MAX
/*
 * Bytes a domain may make the daemon hold (Xen's hard memory quota).  We
 * count queued output, watches and transactions' node copies (the store's
 * own nodes are bounded by the node quotas): past it, watch events for the
 * domain are dropped, new watches and transaction accesses fail ENOMEM, and
 * its requests wait.
 */
#define XS_QUOTA_MEMORY (2 * 1024 * 1024 + 512 * 1024)

/* Xen's node record: a 24-byte header, 8 bytes per permission, data, children. */
#define XS_NODE_RECORD_SIZE(n) (24u + 8u * (n)->nperms + (n)->datalen + (n)->childlen)

#define XS_PERM_NONE   0x00
#define XS_PERM_READ   0x01
#define XS_PERM_WRITE  0x02
#define XS_PERM_OWNER  0x08 /* computed only, never stored */
#define XS_PERM_IGNORE 0x10 /* stored: the entry names a domain that is gone */

#define XS_NO_GENERATION (~(uint64_t)0)
#define XS_DOMID_SELF    0x7ff0u

struct xs_perm {
    unsigned id;
    unsigned perms;
};

/* A node: a value and its permissions.  Nodes move around as private copies. */
struct xs_node {
    struct xs_node *hash_next; /* chain in an xs_db */
    char *name;                /* absolute path */
    uint64_t generation;
    unsigned nperms;
    struct xs_perm *perms;
    unsigned datalen;
    char *data;
    unsigned childlen; /* bytes of children: names, each NUL-terminated */
    char *children;
};

/* A table of nodes by name (the store, or a transaction's private copies). */
struct xs_db {
    struct xs_node **buckets;
    unsigned nbuckets;
    unsigned count;
};

/* One outgoing message: header and payload, as they go on the wire. */
struct xs_msg {
    struct xs_msg *next;
    uint32_t len;  /* header + payload */
    uint32_t used; /* bytes already handed out */
    bool reply;    /* counts as outstanding */
    bool event;
    char bytes[];
};

struct xs_watch {
    struct xs_watch *next;
    char *node; /* absolute path or @special */
    char *token;
    bool relative;
};

struct xs_trans;

/* What a domain has in the store, and its connection once introduced. */
struct xs_domain {
    struct xs_domain *next;
    unsigned domid;
    int nbentry;
    bool introduced;
    bool shutdown; /* @releaseDomain fired for it */
    struct xs_conn *conn;
    struct xenstore_domain_interface *ring;
    unsigned port;
};

struct xs_conn {
    struct xs_conn *next;
    struct xs_daemon *d;
    unsigned id;              /* domain spoken for */
    struct xs_domain *domain; /* NULL for dom0's local connections */
    bool has_target;
    unsigned target; /* XS_SET_TARGET: acts for this domain too */
    bool ignored;    /* broke the protocol: no more input or output */

    struct xs_watch *watches;
    unsigned nwatches;
    struct xs_trans *transactions;
    unsigned transaction_started;
    uint32_t next_tx_id;
    struct xs_trans *transaction; /* of the message being processed */

    struct xs_msg *out_head, *out_tail;
    unsigned outstanding;
    size_t memory; /* see XS_QUOTA_MEMORY */

    struct xsd_sockmsg hdr; /* input being assembled */
    unsigned hdr_used;
    char *payload;
    unsigned payload_used;
    bool in_payload;
    const struct xsd_sockmsg *request; /* the message being processed */
};

/* Permissions of the two special watch paths. */
struct xs_special {
    unsigned nperms;
    struct xs_perm *perms;
};

struct xs_daemon {
    struct xs_db store;
    uint64_t generation;
    struct xs_conn *conns;
    struct xs_domain *domains;
    struct xs_special introduce_perms, release_perms;
    struct xsd_hooks hooks;
    unsigned priv_domid;
};

/* A request as the handlers see it. */
struct xs_req {
    const struct xsd_sockmsg *hdr;
    const char *buf;
    unsigned len;
};

/* util.c: the little of libc the daemon needs, freestanding too. */
void *xs_malloc(size_t size);
void *xs_zalloc(size_t size);
void *xs_realloc(void *p, size_t size);
void xs_free(void *p);
char *xs_strdup(const char *s);
char *xs_memdup(const void *p, size_t len);
char *xs_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int xs_atoi(const char *s);
long xs_strtol0(const char *s, const char **end);
const char *xs_error_name(int err);
unsigned xs_count_strings(const char *buf, unsigned len);
unsigned xs_get_strings(const struct xs_req *in, const char **vec, unsigned num);
const char *xs_onearg(const struct xs_req *in);

/* db.c: the node table. */
int db_init(struct xs_db *db);
void db_clear(struct xs_db *db);
struct xs_node *db_get(const struct xs_db *db, const char *name);
int db_put(struct xs_db *db, struct xs_node *node); /* takes node */
void db_del(struct xs_db *db, const char *name);
struct xs_node *node_new(const char *name);
struct xs_node *node_dup(const struct xs_node *n);
void node_free(struct xs_node *n);
int node_set_data(struct xs_node *n, const void *data, unsigned len);
int node_set_perms(struct xs_node *n, const struct xs_perm *perms, unsigned nperms);
int node_add_child(struct xs_node *n, const char *base);
bool node_del_child(struct xs_node *n, const char *base);

/* perms.c: permissions and per-domain accounting. */
bool conn_is_priv(const struct xs_conn *c);
bool domid_is_priv(const struct xs_daemon *d, unsigned domid);
unsigned perm_for_conn(const struct xs_conn *c, const struct xs_perm *perms, unsigned nperms);
int perms_parse(const char *strings, unsigned num, struct xs_perm *out);
char *perms_format(const struct xs_perm *perms, unsigned nperms, unsigned *len);
void perms_mark_missing(struct xs_daemon *d, struct xs_perm *perms, unsigned nperms);
struct xs_domain *domain_find(struct xs_daemon *d, unsigned domid);
struct xs_domain *domain_get(struct xs_daemon *d, unsigned domid);
/* Unlink and free a released domain's record (it owns no node any more). */
void domain_drop(struct xs_daemon *d, struct xs_domain *dom);
int domain_entries(struct xs_conn *c);
int domain_entry_add(struct xs_conn *c, unsigned owner, int delta);
void domain_forget_perms(struct xs_daemon *d, unsigned domid);
struct xs_special *special_perms(struct xs_daemon *d, const char *name);

/* node.c: path rules and the node operations of the handlers. */
bool node_name_valid(const char *name);
char *node_canonical(const struct xs_conn *c, const char *name);
char *node_parent_name(const char *name);
int node_get(struct xs_conn *c, const char *name, unsigned perm, struct xs_node **out);
int node_create(struct xs_conn *c, const char *name, const void *data, unsigned len,
                struct xs_node **out);
int node_remove(struct xs_conn *c, const char *name);

/* transaction.c: every node access goes through here. */
int access_read(struct xs_conn *c, const char *name, struct xs_node **out);
int access_write(struct xs_conn *c, struct xs_node *n, bool no_quota);
int access_delete(struct xs_conn *c, const char *name);
struct xs_trans *trans_lookup(struct xs_conn *c, uint32_t id, int *err);
void trans_queue_watch(struct xs_conn *c, const char *name, bool exact, const struct xs_node *node);
int trans_entry_delta(struct xs_trans *t, unsigned domid);
int trans_note_entries(struct xs_trans *t, unsigned domid, int delta);
void trans_delete_all(struct xs_conn *c);
void trans_mark_failed(struct xs_conn *c);
int do_transaction_start(struct xs_conn *c, const struct xs_req *in);
int do_transaction_end(struct xs_conn *c, const struct xs_req *in);

/* watch.c */
void watch_fire_special(struct xs_daemon *d, const char *name);
void watch_fire(struct xs_conn *c, const char *name, bool exact, const struct xs_node *node,
                const struct xs_perm *old_perms, unsigned old_nperms);
void watch_delete_all(struct xs_conn *c);
int do_watch(struct xs_conn *c, const struct xs_req *in);
int do_unwatch(struct xs_conn *c, const struct xs_req *in);
int do_reset_watches(struct xs_conn *c, const struct xs_req *in);

/* protocol.c: connections and replies. */
bool conn_mem_charge(struct xs_conn *c, size_t bytes);
void conn_mem_uncharge(struct xs_conn *c, size_t bytes);
void conn_reply(struct xs_conn *c, uint32_t type, const void *data, unsigned len);
void conn_ack(struct xs_conn *c, uint32_t type);
void conn_event(struct xs_conn *c, const char *path, const char *token);
struct xs_conn *conn_new(struct xs_daemon *d, unsigned id, struct xs_domain *domain);
void conn_free(struct xs_conn *c);
char *conn_input_slot(struct xs_conn *c, size_t *want);
int conn_input_done(struct xs_conn *c, size_t n);
void conn_pop_output(struct xs_conn *c);

/* ops.c: the handlers that read and change nodes. */
int do_control(struct xs_conn *c, const struct xs_req *in);
int do_directory(struct xs_conn *c, const struct xs_req *in);
int do_directory_part(struct xs_conn *c, const struct xs_req *in);
int do_read(struct xs_conn *c, const struct xs_req *in);
int do_get_perms(struct xs_conn *c, const struct xs_req *in);
int do_write(struct xs_conn *c, const struct xs_req *in);
int do_mkdir(struct xs_conn *c, const struct xs_req *in);
int do_rm(struct xs_conn *c, const struct xs_req *in);
int do_set_perms(struct xs_conn *c, const struct xs_req *in);

/* domain.c: the handlers that manage domains. */
int do_introduce(struct xs_conn *c, const struct xs_req *in);
int do_release(struct xs_conn *c, const struct xs_req *in);
int do_get_domain_path(struct xs_conn *c, const struct xs_req *in);
int do_is_domain_introduced(struct xs_conn *c, const struct xs_req *in);
int do_resume(struct xs_conn *c, const struct xs_req *in);
int do_set_target(struct xs_conn *c, const struct xs_req *in);
void domain_release(struct xs_daemon *d, struct xs_domain *dom);

/* ring.c: the shared ring page, trusted for nothing. */
int xs_ring_read(struct xenstore_domain_interface *ring, void (*mb)(void), void *buf, size_t len);
int xs_ring_write(struct xenstore_domain_interface *ring, void (*mb)(void), const void *buf,
                  size_t len);

#endif /* TOOLS_XENSTORE_CORE_H */
