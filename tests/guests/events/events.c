/*
 * The events guest's helpers: event_channel_op wrappers, our own mapping
 * of shared_info, and the C half of the upcall handler.
 */
#include "common/string.h"
#include "guest/hypercall.h"
#include "guest/mm.h"
#include "guest/test.h"
#include "public/callback.h"
#include "tests/guests/events/events.h"

/* ---- event_channel_op ------------------------------------------------- */

long ev_op(unsigned cmd, void *arg)
{
    return hypercall_event_channel_op((int)cmd, arg);
}

long ev_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
    long rc = ev_op(EVTCHNOP_alloc_unbound, &a);

    if (port)
        *port = a.port;
    return rc;
}

long ev_bind_interdomain(domid_t rdom, evtchn_port_t rport, evtchn_port_t *lport)
{
    struct evtchn_bind_interdomain b = { .remote_dom = rdom, .remote_port = rport };
    long rc = ev_op(EVTCHNOP_bind_interdomain, &b);

    if (lport)
        *lport = b.local_port;
    return rc;
}

long ev_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = ev_op(EVTCHNOP_bind_virq, &b);

    if (port)
        *port = b.port;
    return rc;
}

long ev_bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = ev_op(EVTCHNOP_bind_ipi, &b);

    if (port)
        *port = b.port;
    return rc;
}

long ev_close(evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    return ev_op(EVTCHNOP_close, &c);
}

long ev_send(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return ev_op(EVTCHNOP_send, &s);
}

long ev_unmask(evtchn_port_t port)
{
    struct evtchn_unmask u = { .port = port };

    return ev_op(EVTCHNOP_unmask, &u);
}

long ev_bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

    return ev_op(EVTCHNOP_bind_vcpu, &b);
}

long ev_status(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
    *st = (struct evtchn_status){ .dom = dom, .port = port };
    return ev_op(EVTCHNOP_status, st);
}

long ev_reset(domid_t dom)
{
    struct evtchn_reset r = { .dom = dom };

    return ev_op(EVTCHNOP_reset, &r);
}

long ev_state(evtchn_port_t port)
{
    struct evtchn_status st;
    long rc = ev_status(DOMID_SELF, port, &st);

    return rc ? rc : (long)st.status;
}

/* ---- shared_info -------------------------------------------------------- */

/* The page of our image that becomes shared_info (its own frame is lost). */
static uint8_t shinfo_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

volatile struct shared_info *shinfo;
long shinfo_error;

long map_shared_info(const struct start_info *si)
{
    uint64_t pte =
        (si->shared_info & PTE_ADDR_MASK) | PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY;

    shinfo_error = hypercall_update_va_mapping((uint64_t)shinfo_page, pte, UVMF_INVLPG);
    if (shinfo_error == 0)
        shinfo = (volatile struct shared_info *)shinfo_page;
    return shinfo_error;
}

bool port_pending(evtchn_port_t port)
{
    return shinfo->evtchn_pending[port / 64] & (1UL << (port % 64));
}

bool port_masked(evtchn_port_t port)
{
    return shinfo->evtchn_mask[port / 64] & (1UL << (port % 64));
}

static void set_bit_to(volatile xen_ulong_t *words, evtchn_port_t port, bool on)
{
    xen_ulong_t bit = 1UL << (port % 64);

    if (on)
        __atomic_fetch_or(&words[port / 64], bit, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&words[port / 64], ~bit, __ATOMIC_SEQ_CST);
}

void port_set_mask(evtchn_port_t port, bool masked)
{
    set_bit_to(shinfo->evtchn_mask, port, masked);
}

void port_set_pending(evtchn_port_t port, bool pending)
{
    set_bit_to(shinfo->evtchn_pending, port, pending);
}

/* ---- upcalls ------------------------------------------------------------ */

volatile struct upcall_record upcalls;

long register_event_callback(void)
{
    struct callback_register cb = { .type = CALLBACKTYPE_event, .address = (uint64_t)event_entry };

    return hypercall_callback_op(CALLBACKOP_register, &cb);
}

/* Handle events the way a kernel does: flag, selector, then each word. */
void event_upcall(struct upcall_frame *frame);
void event_upcall(struct upcall_frame *frame)
{
    volatile struct vcpu_info *v = VCPU0;
    xen_ulong_t sel, bits;

    upcalls.count++;
    upcalls.mask_inside = v->evtchn_upcall_mask;
    upcalls.saved_cs = frame->cs;
    upcalls.saved_rflags = frame->rflags;
    v->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned word = __builtin_ctzl(sel);

        sel &= sel - 1;
        bits = shinfo->evtchn_pending[word] & ~shinfo->evtchn_mask[word];
        __atomic_fetch_and(&shinfo->evtchn_pending[word], ~bits, __ATOMIC_SEQ_CST);
        upcalls.seen[word] |= bits;
    }
}

bool upcall_saw(evtchn_port_t port)
{
    return upcalls.seen[port / 64] & (1UL << (port % 64));
}

void upcalls_enable(void)
{
    __atomic_store_n(&VCPU0->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
}

void upcalls_disable(void)
{
    __atomic_store_n(&VCPU0->evtchn_upcall_mask, 1, __ATOMIC_SEQ_CST);
}

void fresh(void)
{
    if (shinfo)
        upcalls_disable();
    ev_reset(DOMID_SELF);
    if (!shinfo)
        return;
    for (unsigned w = 0; w < 64; w++) {
        shinfo->evtchn_pending[w] = 0;
        shinfo->evtchn_mask[w] = 0;
    }
    VCPU0->evtchn_pending_sel = 0;
    VCPU0->evtchn_upcall_pending = 0;
    memset((void *)&upcalls, 0, sizeof(upcalls));
}
