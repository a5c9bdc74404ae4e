/*
 * public/io/xs_wire.h - the xenstore wire protocol and ring page.
 *
 * A request is a struct xsd_sockmsg header followed by len payload bytes
 * (usually NUL-terminated strings); the reply echoes req_id and tx_id.
 * Errors come back as XS_ERROR with the error's name (e.g. "ENOENT") as
 * payload.  Watch events arrive as XS_WATCH_EVENT with "path\0token\0".
 *
 * A domU reaches the daemon through the ring page at start_info.store_mfn,
 * signalled through store_evtchn; indices are free-running u32 counters
 * and the slot of index i is i & (XENSTORE_RING_SIZE - 1).
 */
#ifndef PUBLIC_IO_XS_WIRE_H
#define PUBLIC_IO_XS_WIRE_H

#include <stddef.h>
#include <stdint.h>

enum xsd_sockmsg_type {
    XS_CONTROL = 0, /* daemon control (alias XS_DEBUG) */
    XS_DEBUG = XS_CONTROL,
    XS_DIRECTORY = 1,             /* list children of a path */
    XS_READ = 2,                  /* read a value */
    XS_GET_PERMS = 3,             /* read permissions */
    XS_WATCH = 4,                 /* add a watch: "path\0token\0" */
    XS_UNWATCH = 5,               /* remove a watch */
    XS_TRANSACTION_START = 6,     /* begin; reply is the transaction id */
    XS_TRANSACTION_END = 7,       /* "T\0" commits, "F\0" aborts */
    XS_INTRODUCE = 8,             /* tell the daemon about a new domain */
    XS_RELEASE = 9,               /* forget a domain */
    XS_GET_DOMAIN_PATH = 10,      /* "/local/domain/<id>" */
    XS_WRITE = 11,                /* write a value: "path\0value" */
    XS_MKDIR = 12,                /* create a node */
    XS_RM = 13,                   /* remove a node and its children */
    XS_SET_PERMS = 14,            /* set permissions */
    XS_WATCH_EVENT = 15,          /* daemon to client: a watch fired */
    XS_ERROR = 16,                /* reply: the request failed */
    XS_IS_DOMAIN_INTRODUCED = 17, /* has a domain been introduced? */
    XS_RESUME = 18,               /* domain resumed */
    XS_SET_TARGET = 19,           /* make a domain the target of another */
    /* 20 was XS_RESTRICT, removed */
    XS_RESET_WATCHES = 21,  /* drop all of this connection's watches */
    XS_DIRECTORY_PART = 22, /* list children, in chunks */
    XS_TYPE_COUNT = 23,     /* number of message types */
    XS_INVALID = 0xffff     /* never a valid type */
};

/* Message header. */
struct xsd_sockmsg {
    uint32_t type;   /* enum xsd_sockmsg_type */
    uint32_t req_id; /* request id, echoed in the reply */
    uint32_t tx_id;  /* transaction id, 0 for none */
    uint32_t len;    /* payload bytes that follow */
};
_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg size");
_Static_assert(offsetof(struct xsd_sockmsg, len) == 12, "xsd_sockmsg len");

/* Fields of an XS_WATCH_EVENT payload. */
enum xs_watch_type {
    XS_WATCH_PATH = 0, /* first string: the path that changed */
    XS_WATCH_TOKEN = 1 /* second string: the watch's token */
};

/*
 * The errors an XS_ERROR reply may name, as X(name) entries; pair each
 * name with the XEN_E<name> value of public/errno.h to build a table.
 */
/* clang-format off: one entry per line, which the formatter would reflow */
#define XSD_ERROR_LIST(X) \
    X(EINVAL)             \
    X(EACCES)             \
    X(EEXIST)             \
    X(EISDIR)             \
    X(ENOENT)             \
    X(ENOMEM)             \
    X(ENOSPC)             \
    X(EIO)                \
    X(ENOTEMPTY)          \
    X(ENOSYS)             \
    X(EROFS)              \
    X(EBUSY)              \
    X(EAGAIN)             \
    X(EISCONN)            \
    X(E2BIG)              \
    X(EPERM)
/* clang-format on */

/* Legacy write-mode strings. */
#define XS_WRITE_NONE        "NONE"
#define XS_WRITE_CREATE      "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/* Limits. */
#define XENSTORE_PAYLOAD_MAX  4096 /* largest payload of one message */
#define XENSTORE_ABS_PATH_MAX 3072 /* longest absolute path */
#define XENSTORE_REL_PATH_MAX 2048 /* longest relative path */

/* A xenstore ring index. */
typedef uint32_t XENSTORE_RING_IDX;

#define XENSTORE_RING_SIZE     1024 /* bytes in each ring */
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

/* server_features bits */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1 /* connection field is honoured */
#define XENSTORE_SERVER_FEATURE_ERROR        2 /* error field is honoured */

/* connection values */
#define XENSTORE_CONNECTED 0 /* ring is in use */
#define XENSTORE_RECONNECT 1 /* guest asks the daemon to reset the ring */

/* error values */
#define XENSTORE_ERROR_NONE    0 /* no error */
#define XENSTORE_ERROR_COMM    1 /* communication problem */
#define XENSTORE_ERROR_RINGIDX 2 /* invalid ring index */
#define XENSTORE_ERROR_PROTO   3 /* protocol violation */

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; /* requests, guest to daemon */
    char rsp[XENSTORE_RING_SIZE]; /* replies and watch events, daemon to guest */
    XENSTORE_RING_IDX req_cons;   /* daemon's consumer index into req */
    XENSTORE_RING_IDX req_prod;   /* guest's producer index into req */
    XENSTORE_RING_IDX rsp_cons;   /* guest's consumer index into rsp */
    XENSTORE_RING_IDX rsp_prod;   /* daemon's producer index into rsp */
    uint32_t server_features;     /* XENSTORE_SERVER_FEATURE_* (set by daemon) */
    uint32_t connection;          /* XENSTORE_CONNECTED / _RECONNECT */
    uint32_t error;               /* XENSTORE_ERROR_* */
};
_Static_assert(sizeof(struct xenstore_domain_interface) == 2076, "xenstore_domain_interface size");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp) == 1024, "xenstore rsp");
_Static_assert(offsetof(struct xenstore_domain_interface, req_cons) == 2048, "xenstore req_cons");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_prod) == 2060, "xenstore rsp_prod");
_Static_assert(offsetof(struct xenstore_domain_interface, server_features) == 2064,
               "xenstore server_features");
_Static_assert(offsetof(struct xenstore_domain_interface, connection) == 2068,
               "xenstore connection");
_Static_assert(offsetof(struct xenstore_domain_interface, error) == 2072, "xenstore error");

#endif /* PUBLIC_IO_XS_WIRE_H */
