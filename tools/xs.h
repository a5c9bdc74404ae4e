/*
 * The toolstack's xenstore client (libxenstore's role): requests built and
 * replies parsed as public/io/xs_wire.h lays them out, over a local
 * connection to the xenstored running in the same program (dom0's, or on
 * the host the library itself).  Every call is answered before it returns:
 * the daemon serves a local connection synchronously.
 *
 * Errors are negative errnos: an "E..." reply becomes -E..., a reply of an
 * unexpected shape -EIO.  Strings handed back are malloc'd; the caller
 * frees them (one free() per call, as libxenstore's arrays).
 *
 * Watch events arrive on the connection between replies; they are kept in
 * order and taken with xs_read_watch().
 */
#ifndef TOOLS_XS_H
#define TOOLS_XS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tools/xenstore/xenstored.h"

typedef uint32_t xs_transaction_t;
#define XBT_NULL ((xs_transaction_t)0)

/* libxenstore's permission bits; a node's first entry is its owner. */
#define XS_PERM_NONE  0x0
#define XS_PERM_READ  0x1
#define XS_PERM_WRITE 0x2
#define XS_PERM_BOTH  (XS_PERM_READ | XS_PERM_WRITE)

struct xs_permissions {
    unsigned id;
    unsigned perms; /* XS_PERM_* */
};

struct xs_handle;

/* The daemon xs_open() connects to (dom0 sets it once xenstored runs). */
void xs_set_daemon(struct xs_daemon *d);
struct xs_daemon *xs_get_daemon(void);

/* A connection as dom0 (privileged); NULL when no daemon runs or out of memory. */
struct xs_handle *xs_open(void);
void xs_close(struct xs_handle *h);

/* *value (NUL added after the data) and *len, which may be NULL. */
int xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, char **value, size_t *len);
int xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data,
             size_t len);
int xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
int xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);

/* The children's names: *names is one allocation holding the array and the strings. */
int xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, char ***names,
                 unsigned *num);

/* *perms is malloc'd, *num entries. */
int xs_get_perms(struct xs_handle *h, xs_transaction_t t, const char *path,
                 struct xs_permissions **perms, unsigned *num);
int xs_set_perms(struct xs_handle *h, xs_transaction_t t, const char *path,
                 const struct xs_permissions *perms, unsigned num);

int xs_transaction_start(struct xs_handle *h, xs_transaction_t *t);
/* Commit (abort false) or abort; -EAGAIN: a conflict, start again. */
int xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort);

/* XS_INTRODUCE: the daemon maps mfn and serves the domain's ring on port. */
int xs_introduce_domain(struct xs_handle *h, unsigned domid, uint64_t mfn, unsigned port);
int xs_release_domain(struct xs_handle *h, unsigned domid);
/* 1 introduced, 0 not, or a negative errno. */
int xs_is_domain_introduced(struct xs_handle *h, unsigned domid);
int xs_get_domain_path(struct xs_handle *h, unsigned domid, char **path);

int xs_watch(struct xs_handle *h, const char *path, const char *token);
int xs_unwatch(struct xs_handle *h, const char *path, const char *token);

/* Watch events waiting (what the daemon queued is collected first). */
unsigned xs_watch_pending(struct xs_handle *h);
/*
 * The oldest event: *path and *token point into one allocation, freed with
 * free(*path).  -EAGAIN when none is waiting.
 */
int xs_read_watch(struct xs_handle *h, char **path, char **token);
/* Events dropped because too many were waiting (XS_EVENTS_MAX). */
unsigned xs_watch_lost(const struct xs_handle *h);
#define XS_EVENTS_MAX 64

/* A string (libxl's convenience): *value malloc'd; like xs_read. */
int xs_read_str(struct xs_handle *h, const char *path, char **value);
int xs_write_str(struct xs_handle *h, const char *path, const char *value);

#endif /* TOOLS_XS_H */
