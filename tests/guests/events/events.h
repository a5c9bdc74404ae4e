/*
 * What the events test guest's cases share: typed event_channel_op calls,
 * the shared_info page (mapped by the guest itself) and a recorder of
 * event upcalls.
 */
#ifndef TESTS_GUESTS_EVENTS_H
#define TESTS_GUESTS_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "public/event_channel.h"
#include "public/xen.h"

/* ---- event_channel_op ------------------------------------------------- */

long ev_op(unsigned cmd, void *arg);
long ev_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port);
long ev_bind_interdomain(domid_t rdom, evtchn_port_t rport, evtchn_port_t *lport);
long ev_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
long ev_bind_ipi(uint32_t vcpu, evtchn_port_t *port);
long ev_close(evtchn_port_t port);
long ev_send(evtchn_port_t port);
long ev_unmask(evtchn_port_t port);
long ev_bind_vcpu(evtchn_port_t port, uint32_t vcpu);
long ev_status(domid_t dom, evtchn_port_t port, struct evtchn_status *st);
long ev_reset(domid_t dom);

/* The EVTCHNSTAT_* of one of our ports, or the failing call's -errno. */
long ev_state(evtchn_port_t port);

/* ---- shared_info -------------------------------------------------------- */

/*
 * Our shared_info, mapped over a page of our image with update_va_mapping
 * (as Linux maps it); NULL if that failed (shinfo_error says how).
 */
extern volatile struct shared_info *shinfo;
extern long shinfo_error;
long map_shared_info(const struct start_info *si);

#define VCPU0 (&shinfo->vcpu_info[0])

bool port_pending(evtchn_port_t port);
bool port_masked(evtchn_port_t port);
void port_set_mask(evtchn_port_t port, bool masked);
void port_set_pending(evtchn_port_t port, bool pending);

/* Inside a case: fail it unless shared_info is mapped. */
#define NEED_SHINFO()                                                                      \
    CHECK(shinfo, "shared_info not mapped: update_va_mapping gave %ld (%s)", shinfo_error, \
          errno_name(shinfo_error))

/* ---- upcalls ------------------------------------------------------------ */

/* What tests/guests/events/upcall.asm saved, lowest address first. */
struct upcall_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t rip;
    uint64_t cs; /* bits 32-39: the upcall mask before the upcall */
    uint64_t rflags;
    uint64_t rsp;
    uint64_t ss;
};

/* The upcall entry (upcall.asm); registered as the event callback. */
void event_entry(void);
long register_event_callback(void);

/* Filled in by every upcall. */
struct upcall_record {
    unsigned count;        /* upcalls taken */
    uint8_t mask_inside;   /* evtchn_upcall_mask seen in the last one */
    uint64_t saved_cs;     /* its frame's CS slot */
    uint64_t saved_rflags; /* its frame's RFLAGS slot */
    xen_ulong_t seen[64];  /* ports found pending (and cleared) */
};
extern volatile struct upcall_record upcalls;

/* Was port among those the upcalls found? */
bool upcall_saw(evtchn_port_t port);

/*
 * A clean slate for a case: every port closed (EVTCHNOP_reset), upcalls
 * masked, and with shared_info mapped no pending, mask or selector bit
 * left and the upcall record cleared.
 */
void fresh(void);

/* Let upcalls in (clear evtchn_upcall_mask) or keep them out. */
void upcalls_enable(void);
void upcalls_disable(void);

#endif
