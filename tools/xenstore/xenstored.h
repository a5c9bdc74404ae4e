/*
 * xenstored as a library: the store, the wire protocol of public/io/xs_wire.h
 * as Xen 4.17's C xenstored answers it, transactions, watches, permissions
 * and quotas.  No hypercalls and no printing: dom0 drives it.
 *
 * Who calls what:
 *  - dom0 creates one daemon (xsd_create) with hooks that reach the machine
 *    (map a domain's ring page, bind and signal its event channel, ask
 *    whether a domain exists).
 *  - dom0's own programs talk to it through local connections
 *    (xsd_conn_local): feed request bytes in, take reply bytes out.
 *  - A domU gets its connection from an XS_INTRODUCE message (xl sends it
 *    after building the domain); dom0 then calls xsd_ring_service() for that
 *    domain whenever its store event channel fires.  A domain that breaks the
 *    protocol loses its connection (the call returns < 0), never the daemon.
 *
 * Memory: the daemon owns everything it allocates (malloc/free: guest/heap.c
 * in dom0, libc on the host); callers own the buffers they pass in.
 *
 * Not done, though Xen 4.17's xenstored has them: the write rate limit
 * (it only delays a busy domain), the 20 s timeout on unread watch events,
 * the memory quota's share for the store's own nodes (bounded here by the
 * node quotas instead), CONTROL commands other than check/help/print, and
 * live update.  The ring's server_features, connection and error fields are
 * left alone: no reconnection protocol is offered.
 */
#ifndef TOOLS_XENSTORE_XENSTORED_H
#define TOOLS_XENSTORE_XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "public/io/xs_wire.h"

struct xs_daemon;
struct xs_conn;

/* What the daemon needs from the machine; every hook may be NULL. */
struct xsd_hooks {
    void *ctx; /* passed back to every hook */
    /*
     * XS_INTRODUCE: map domid's store ring (mfn) and bind its event channel
     * (port).  Returns the mapped ring, or NULL with *err set to a positive
     * XEN_E* number (the reply names it).  NULL hook: introduction without a
     * ring (host tests drive such connections with xsd_conn_feed).
     */
    struct xenstore_domain_interface *(*map_ring)(void *ctx, unsigned domid, uint64_t mfn,
                                                  unsigned port, int *err);
    /* A connection ends (XS_RELEASE, xsd_domain_gone): undo map_ring. */
    void (*unmap_ring)(void *ctx, unsigned domid, struct xenstore_domain_interface *ring);
    /* Signal domid's store event channel (after its ring moved). */
    void (*notify)(void *ctx, unsigned domid);
    /* Does domid exist?  (Permissions naming a missing domain are ignored.)  NULL: yes. */
    bool (*domain_exists)(void *ctx, unsigned domid);
    /* Full memory barrier between ring index and data accesses.  NULL: compiler barrier. */
    void (*barrier)(void);
};

/*
 * A new store holding /, /tool and /tool/xenstored (owned by dom0, no access
 * for others), dom0 introduced.  NULL if out of memory.
 */
struct xs_daemon *xsd_create(const struct xsd_hooks *hooks);
void xsd_destroy(struct xs_daemon *d);

/*
 * A connection of dom0's own (a program in dom0, privileged like xenstored's
 * Unix socket); domid is the domain it speaks for (0).  NULL if out of memory.
 */
struct xs_conn *xsd_conn_local(struct xs_daemon *d, unsigned domid);
void xsd_conn_close(struct xs_conn *c);

/*
 * Bytes of requests from the client.  Every complete message is answered
 * before the call returns.  Returns 0, or -XEN_EBADMSG when the stream is
 * malformed (a length over XENSTORE_PAYLOAD_MAX): the connection is then
 * dead and ignores everything after.
 */
int xsd_conn_feed(struct xs_conn *c, const void *buf, size_t len);

/* Take up to max bytes of pending output (replies, watch events); returns how many. */
size_t xsd_conn_output(struct xs_conn *c, void *buf, size_t max);
size_t xsd_conn_output_pending(const struct xs_conn *c);

/*
 * One synchronous request on a local connection (for xl and dom0's shell):
 * payload as on the wire (strings with their NULs; WRITE's value without).
 * Up to max bytes of the reply's payload land in reply (may be NULL) and
 * *reply_len (may be NULL) gets the payload's length.  Returns 0, or the
 * positive XEN_E* number an XS_ERROR reply names.  Watch events queued on
 * the connection are dropped: use a connection without watches.
 */
int xsd_call(struct xs_conn *c, uint32_t type, uint32_t tx_id, const void *payload, size_t len,
             void *reply, size_t max, size_t *reply_len);

/* The connection of an introduced domain (NULL if none). */
struct xs_conn *xsd_domain_conn(struct xs_daemon *d, unsigned domid);

/*
 * Serve domid's ring: read requests (as many as its outstanding-request
 * quota lets it have), answer them, write queued output.  Returns 0, or
 * -XEN_EIO when the ring indices are corrupt or -XEN_EBADMSG when a message
 * is malformed: the domain's connection is then ignored (no more requests
 * read); the caller should release the domain.
 */
int xsd_ring_service(struct xs_daemon *d, unsigned domid);

/* The domain died or shut down: fire @releaseDomain (dom0 learns it from VIRQ_DOM_EXC). */
void xsd_domain_shutdown(struct xs_daemon *d, unsigned domid);
/* The domain is gone: drop its connection as XS_RELEASE does. */
void xsd_domain_gone(struct xs_daemon *d, unsigned domid);

/* The tree xl (libxl) writes for a PV domain, as in a Xen 4.17 system. */
struct xsd_pv_domain {
    unsigned domid;
    const char *name;
    const char *uuid; /* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
    uint64_t max_memkb, target_memkb;
    unsigned vcpus;
    uint64_t store_mfn;
    unsigned store_port;
    uint64_t console_mfn;
    unsigned console_port;
    const char *kernel;     /* image/kernel */
    const char *ramdisk;    /* image/ramdisk, or NULL */
    const char *cmdline;    /* image/cmdline, or NULL */
    const char *start_time; /* "seconds.hundredths" */
};

/* /local/domain/0/..., /local/pool/0 (xen-init-dom0's and xl's part); 0 or XEN_E*. */
int xsd_tree_dom0(struct xs_daemon *d, uint64_t target_kb, uint64_t static_max_kb);
/* /local/domain/N, /vm/UUID, /libxl/N and the console backend; 0 or a positive XEN_E*. */
int xsd_tree_pv_domain(struct xs_daemon *d, const struct xsd_pv_domain *dom);
/* What xl destroy removes: the three trees and the console backend. */
int xsd_tree_pv_domain_remove(struct xs_daemon *d, unsigned domid, const char *uuid);

#endif /* TOOLS_XENSTORE_XENSTORED_H */
