/*
 * A xenstore client for the xenstored tests: build requests, feed them to a
 * connection (or a domain's ring), read back replies and keep the watch
 * events that arrive on the way, for the test to check in order.
 */
#ifndef TESTS_UNIT_TOOLS_FAKE_XS_CLIENT_H
#define TESTS_UNIT_TOOLS_FAKE_XS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "public/io/xs_wire.h"
#include "tools/xenstore/xenstored.h"

#define XST_MAX_EVENTS 256

struct xst_msg {
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1]; /* NUL after the payload */
};

struct xst_client {
    struct xs_conn *c;
    struct xst_msg events[XST_MAX_EVENTS];
    unsigned nevents, next_event;
    uint32_t next_req;
};

void xst_init(struct xst_client *cl, struct xs_conn *c);

/* Send a raw request and return its reply (events before it are kept). */
struct xst_msg xst_call(struct xst_client *cl, uint32_t type, uint32_t tx, const void *payload,
                        size_t len);
/* Payload = the strings, each with its NUL; the list ends with NULL. */
struct xst_msg xst_callv(struct xst_client *cl, uint32_t type, uint32_t tx, ...);
/* XS_WRITE: "path\0" then value without a NUL. */
struct xst_msg xst_write(struct xst_client *cl, uint32_t tx, const char *path, const char *value);
/* XS_WRITE's outcome: "OK" or the error name. */
const char *xst_put(struct xst_client *cl, const char *path, const char *value);
/* XS_READ's value, or "E..." when it failed. */
const char *xst_read(struct xst_client *cl, uint32_t tx, const char *path);
/* XS_TRANSACTION_START: the new id (0 on error). */
uint32_t xst_start(struct xst_client *cl);
/* XS_TRANSACTION_END: "OK" or the error name. */
const char *xst_end(struct xst_client *cl, uint32_t tx, bool commit);

/* The error name of a reply, or "" when it is not XS_ERROR. */
const char *xst_err(const struct xst_msg *m);
/* True if the reply is the ack "OK" of type. */
bool xst_ok(const struct xst_msg *m, uint32_t type);
/* A reply made of strings, joined with spaces (DIRECTORY, GET_PERMS...). */
const char *xst_strings(const struct xst_msg *m);

/* Pull everything queued for the client; events land in cl->events. */
void xst_collect(struct xst_client *cl);
/* The next unconsumed event as "path token", or NULL. */
const char *xst_event(struct xst_client *cl);
unsigned xst_events_pending(struct xst_client *cl);

/* A ring page as a guest sees it: put request bytes in, take response bytes out. */
size_t xst_ring_put(struct xenstore_domain_interface *ring, const void *buf, size_t len);
size_t xst_ring_take(struct xenstore_domain_interface *ring, void *buf, size_t max);

#endif /* TESTS_UNIT_TOOLS_FAKE_XS_CLIENT_H */
