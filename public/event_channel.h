/*
 * public/event_channel.h - event_channel_op(cmd, arg) (hypercall 32).
 *
 * Event channels are the hypervisor's asynchronous notifications: a port
 * bound to a VIRQ, an IPI, a physical IRQ or a port of another domain.
 * In the default 2-level ABI port p is bit p of shared_info.evtchn_pending
 * and evtchn_mask; the FIFO ABI (EVTCHNOP_init_control) replaces those
 * bitmaps with per-port event words and per-vCPU queues.  Port 0 is never
 * allocated.  The legacy hypercall 16 takes a struct evtchn_op.
 */
#ifndef PUBLIC_EVENT_CHANNEL_H
#define PUBLIC_EVENT_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0  /* struct evtchn_bind_interdomain */
#define EVTCHNOP_bind_virq        1  /* struct evtchn_bind_virq */
#define EVTCHNOP_bind_pirq        2  /* struct evtchn_bind_pirq */
#define EVTCHNOP_close            3  /* struct evtchn_close */
#define EVTCHNOP_send             4  /* struct evtchn_send */
#define EVTCHNOP_status           5  /* struct evtchn_status */
#define EVTCHNOP_alloc_unbound    6  /* struct evtchn_alloc_unbound */
#define EVTCHNOP_bind_ipi         7  /* struct evtchn_bind_ipi */
#define EVTCHNOP_bind_vcpu        8  /* struct evtchn_bind_vcpu */
#define EVTCHNOP_unmask           9  /* struct evtchn_unmask */
#define EVTCHNOP_reset            10 /* struct evtchn_reset */
#define EVTCHNOP_init_control     11 /* struct evtchn_init_control (FIFO) */
#define EVTCHNOP_expand_array     12 /* struct evtchn_expand_array (FIFO) */
#define EVTCHNOP_set_priority     13 /* struct evtchn_set_priority (FIFO) */
#define EVTCHNOP_reset_cont       14 /* hypervisor-internal continuation of reset */

/* An event channel port number. */
typedef uint32_t evtchn_port_t;

/* Ports in the 2-level ABI: 64 selector bits x 64 bits per word. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/* Allocate a port in dom that remote_dom may later bind to. */
struct evtchn_alloc_unbound {
    domid_t dom;        /* IN: domain to allocate in (usually DOMID_SELF) */
    domid_t remote_dom; /* IN: domain allowed to connect */
    evtchn_port_t port; /* OUT: the new port */
};
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "alloc_unbound size");
_Static_assert(offsetof(struct evtchn_alloc_unbound, port) == 4, "alloc_unbound port");

/* Connect a new local port to a remote unbound port. */
struct evtchn_bind_interdomain {
    domid_t remote_dom;        /* IN: remote domain */
    uint16_t _pad;             /* padding */
    evtchn_port_t remote_port; /* IN: the remote unbound port */
    evtchn_port_t local_port;  /* OUT: the new local port */
};
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "bind_interdomain size");
_Static_assert(offsetof(struct evtchn_bind_interdomain, remote_port) == 4,
               "bind_interdomain remote_port");
_Static_assert(offsetof(struct evtchn_bind_interdomain, local_port) == 8,
               "bind_interdomain local_port");

/* Bind a VIRQ to a new port delivered to vcpu. */
struct evtchn_bind_virq {
    uint32_t virq;      /* IN: VIRQ_* */
    uint32_t vcpu;      /* IN: vCPU to notify */
    evtchn_port_t port; /* OUT: the new port */
};
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "bind_virq size");
_Static_assert(offsetof(struct evtchn_bind_virq, port) == 8, "bind_virq port");

#define BIND_PIRQ__WILL_SHARE 1 /* the IRQ may be shared with other domains */

/* Bind a physical IRQ to a new port. */
struct evtchn_bind_pirq {
    uint32_t pirq;      /* IN: physical IRQ */
    uint32_t flags;     /* IN: BIND_PIRQ__* */
    evtchn_port_t port; /* OUT: the new port */
};
_Static_assert(sizeof(struct evtchn_bind_pirq) == 12, "bind_pirq size");
_Static_assert(offsetof(struct evtchn_bind_pirq, port) == 8, "bind_pirq port");

/* Bind an IPI to a new port delivered to vcpu. */
struct evtchn_bind_ipi {
    uint32_t vcpu;      /* IN: vCPU to notify */
    evtchn_port_t port; /* OUT: the new port */
};
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "bind_ipi size");

/* Close a port (the remote end of an interdomain channel becomes unbound). */
struct evtchn_close {
    evtchn_port_t port; /* IN: port to close */
};
_Static_assert(sizeof(struct evtchn_close) == 4, "close size");

/* Notify the other end of a port. */
struct evtchn_send {
    evtchn_port_t port; /* IN: local port */
};
_Static_assert(sizeof(struct evtchn_send) == 4, "send size");

#define EVTCHNSTAT_closed      0 /* port is free */
#define EVTCHNSTAT_unbound     1 /* waiting for a remote domain to connect */
#define EVTCHNSTAT_interdomain 2 /* connected to a remote port */
#define EVTCHNSTAT_pirq        3 /* bound to a physical IRQ */
#define EVTCHNSTAT_virq        4 /* bound to a VIRQ */
#define EVTCHNSTAT_ipi         5 /* bound to an IPI */

/* Query a port. */
struct evtchn_status {
    domid_t dom;        /* IN: domain owning the port */
    uint16_t _pad;      /* padding */
    evtchn_port_t port; /* IN: port to query */
    uint32_t status;    /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;      /* OUT: vCPU notified */
    union {
        struct {
            domid_t dom; /* domain allowed to connect */
        } unbound;       /* EVTCHNSTAT_unbound */
        struct {
            domid_t dom;        /* remote domain */
            uint16_t _pad;      /* padding */
            evtchn_port_t port; /* remote port */
        } interdomain;          /* EVTCHNSTAT_interdomain */
        uint32_t pirq;          /* EVTCHNSTAT_pirq: physical IRQ */
        uint32_t virq;          /* EVTCHNSTAT_virq: VIRQ_* */
    } u;                        /* OUT: per-status detail */
};
_Static_assert(sizeof(struct evtchn_status) == 24, "status size");
_Static_assert(offsetof(struct evtchn_status, port) == 4, "status port");
_Static_assert(offsetof(struct evtchn_status, status) == 8, "status status");
_Static_assert(offsetof(struct evtchn_status, vcpu) == 12, "status vcpu");
_Static_assert(offsetof(struct evtchn_status, u) == 16, "status u");
_Static_assert(offsetof(struct evtchn_status, u.interdomain.port) == 20,
               "status u.interdomain.port");

/* Change the vCPU a port notifies. */
struct evtchn_bind_vcpu {
    evtchn_port_t port; /* IN: port */
    uint32_t vcpu;      /* IN: new vCPU */
};
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "bind_vcpu size");

/* Clear a port's mask and redeliver it if pending. */
struct evtchn_unmask {
    evtchn_port_t port; /* IN: port */
};
_Static_assert(sizeof(struct evtchn_unmask) == 4, "unmask size");

/* Close every port of a domain. */
struct evtchn_reset {
    domid_t dom; /* IN: domain (usually DOMID_SELF) */
};
_Static_assert(sizeof(struct evtchn_reset) == 2, "reset size");

/* FIFO ABI: register a vCPU's control block (the first call switches ABI). */
struct evtchn_init_control {
    uint64_t control_gfn; /* IN: frame holding the control block */
    uint32_t offset;      /* IN: byte offset of the block (8-aligned) */
    uint32_t vcpu;        /* IN: vCPU the block belongs to */
    uint8_t link_bits;    /* OUT: bits in an event word's LINK field */
    uint8_t _pad[7];      /* padding */
};
_Static_assert(sizeof(struct evtchn_init_control) == 24, "init_control size");
_Static_assert(offsetof(struct evtchn_init_control, offset) == 8, "init_control offset");
_Static_assert(offsetof(struct evtchn_init_control, vcpu) == 12, "init_control vcpu");
_Static_assert(offsetof(struct evtchn_init_control, link_bits) == 16, "init_control link_bits");

/* FIFO ABI: add one page of event words. */
struct evtchn_expand_array {
    uint64_t array_gfn; /* IN: frame to add to the event array */
};
_Static_assert(sizeof(struct evtchn_expand_array) == 8, "expand_array size");

/* FIFO ABI: set a port's queue priority. */
struct evtchn_set_priority {
    evtchn_port_t port; /* IN: port */
    uint32_t priority;  /* IN: 0 (highest) .. 15 (lowest) */
};
_Static_assert(sizeof(struct evtchn_set_priority) == 8, "set_priority size");

/* Argument of the legacy event_channel_op_compat (hypercall 16). */
struct evtchn_op {
    uint32_t cmd; /* EVTCHNOP_* */
    union {
        struct evtchn_alloc_unbound alloc_unbound;       /* EVTCHNOP_alloc_unbound */
        struct evtchn_bind_interdomain bind_interdomain; /* EVTCHNOP_bind_interdomain */
        struct evtchn_bind_virq bind_virq;               /* EVTCHNOP_bind_virq */
        struct evtchn_bind_pirq bind_pirq;               /* EVTCHNOP_bind_pirq */
        struct evtchn_bind_ipi bind_ipi;                 /* EVTCHNOP_bind_ipi */
        struct evtchn_close close;                       /* EVTCHNOP_close */
        struct evtchn_send send;                         /* EVTCHNOP_send */
        struct evtchn_status status;                     /* EVTCHNOP_status */
        struct evtchn_bind_vcpu bind_vcpu;               /* EVTCHNOP_bind_vcpu */
        struct evtchn_unmask unmask;                     /* EVTCHNOP_unmask */
    } u;                                                 /* per-command argument */
};
_Static_assert(sizeof(struct evtchn_op) == 28, "evtchn_op size");
_Static_assert(offsetof(struct evtchn_op, u) == 4, "evtchn_op u");

/* FIFO ABI event word: flag bits and the link to the next port. */
typedef uint32_t event_word_t;

#define EVTCHN_FIFO_PENDING          31 /* bit: event pending */
#define EVTCHN_FIFO_MASKED           30 /* bit: event masked */
#define EVTCHN_FIFO_LINKED           29 /* bit: word is on a queue */
#define EVTCHN_FIFO_BUSY             28 /* bit: word being unlinked */
#define EVTCHN_FIFO_LINK_BITS        17 /* width of the LINK field */
#define EVTCHN_FIFO_LINK_MASK        ((1U << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS      (1U << EVTCHN_FIFO_LINK_BITS)
#define EVTCHN_FIFO_PRIORITY_MAX     0  /* highest priority */
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7  /* priority of a new port */
#define EVTCHN_FIFO_PRIORITY_MIN     15 /* lowest priority */
#define EVTCHN_FIFO_MAX_QUEUES       (EVTCHN_FIFO_PRIORITY_MIN + 1)

/* FIFO ABI per-vCPU control block. */
struct evtchn_fifo_control_block {
    uint32_t ready;                        /* bit q: queue q is non-empty */
    uint32_t _rsvd;                        /* reserved */
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES]; /* first port of each queue */
};
_Static_assert(sizeof(struct evtchn_fifo_control_block) == 72, "fifo control block size");
_Static_assert(offsetof(struct evtchn_fifo_control_block, head) == 8, "fifo control block head");

typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;
typedef struct evtchn_bind_virq evtchn_bind_virq_t;
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;
typedef struct evtchn_close evtchn_close_t;
typedef struct evtchn_send evtchn_send_t;
typedef struct evtchn_status evtchn_status_t;
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;
typedef struct evtchn_unmask evtchn_unmask_t;
typedef struct evtchn_reset evtchn_reset_t;
typedef struct evtchn_init_control evtchn_init_control_t;
typedef struct evtchn_expand_array evtchn_expand_array_t;
typedef struct evtchn_set_priority evtchn_set_priority_t;
typedef struct evtchn_op evtchn_op_t;
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

#endif /* PUBLIC_EVENT_CHANNEL_H */
