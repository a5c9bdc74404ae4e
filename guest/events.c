/*
 * Event channels: the shared_info mapping, per-vCPU vcpu_info, the C half
 * of the upcall (guest/upcall.asm), and thin event_channel_op and
 * sched_op wrappers.
 */
#include "common/string.h"
#include "guest/events.h"
#include "guest/hypercall.h"
#include "guest/mm.h"
#include "guest/pt.h"
#include "guest/time.h"
#include "public/errno.h"
#include "public/vcpu.h"

/* The image page shared_info is mapped over (its own frame stays ours, unused). */
static uint8_t shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

volatile struct shared_info *shared_info;

static volatile struct vcpu_info *vcpu_infos[EVENTS_MAX_VCPUS];

struct port_slot {
    event_handler fn;
    void *data;
    uint32_t count;
    uint8_t vcpu;
};
static struct port_slot ports[EVENTS_MAX_PORTS];
static volatile uint32_t upcalls[EVENTS_MAX_VCPUS];

/* Entries in guest/upcall.asm, one per vCPU. */
extern char events_entry_0[], events_entry_1[], events_entry_2[], events_entry_3[];
static char *const entries[EVENTS_MAX_VCPUS] = { events_entry_0, events_entry_1, events_entry_2,
                                                 events_entry_3 };

long events_init(void)
{
    uint64_t pte = (start_info->shared_info & PTE_ADDR_MASK) | PTE_DATA_RW;
    long rc = hypercall_update_va_mapping((uint64_t)shared_info_page, pte, UVMF_INVLPG);

    if (rc)
        return rc;
    shared_info = (volatile struct shared_info *)shared_info_page;
    for (unsigned v = 0; v < EVENTS_MAX_VCPUS; v++)
        if (!vcpu_infos[v])
            vcpu_infos[v] = &shared_info->vcpu_info[v];
    events_mask_upcalls(0);
    return events_register_callback(0);
}

volatile struct vcpu_info *events_vcpu_info(unsigned vcpu)
{
    return vcpu_infos[vcpu];
}

long events_register_vcpu_info(unsigned vcpu, void *area)
{
    struct vcpu_register_vcpu_info r = {
        .mfn = virt_to_mfn(area),
        .offset = (uint32_t)((uint64_t)area & (PAGE_SIZE - 1)),
    };
    bool masked = vcpu_infos[vcpu]->evtchn_upcall_mask;
    long rc;

    /*
     * Masked across the switch: the hypervisor marks everything pending in
     * the new area, and an upcall before we use it would find nothing to
     * clear in the old one, and come back for ever.
     */
    events_mask_upcalls(vcpu);
    rc = hypercall_vcpu_op(VCPUOP_register_vcpu_info, vcpu, &r);
    if (rc == 0)
        vcpu_infos[vcpu] = area;
    if (!masked)
        events_unmask_upcalls(vcpu);
    return rc;
}

uint64_t events_callback(unsigned vcpu)
{
    return (uint64_t)entries[vcpu];
}

long events_register_callback(unsigned vcpu)
{
    struct callback_register cb = { .type = CALLBACKTYPE_event, .address = events_callback(vcpu) };

    return hypercall_callback_op(CALLBACKOP_register, &cb);
}

void events_mask_upcalls(unsigned vcpu)
{
    __atomic_store_n(&vcpu_infos[vcpu]->evtchn_upcall_mask, 1, __ATOMIC_SEQ_CST);
}

void events_unmask_upcalls(unsigned vcpu)
{
    volatile struct vcpu_info *vi = vcpu_infos[vcpu];

    __atomic_store_n(&vi->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
    /* Something became pending while masked: any hypercall delivers it on return. */
    if (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
        hypercall_xen_version(XENVER_version, NULL);
}

void events_bind(evtchn_port_t port, unsigned vcpu, event_handler fn, void *data)
{
    if (port >= EVENTS_MAX_PORTS)
        return;
    ports[port].vcpu = (uint8_t)vcpu;
    ports[port].data = data;
    __atomic_store_n(&ports[port].fn, fn, __ATOMIC_SEQ_CST);
}

uint32_t events_count(evtchn_port_t port)
{
    return port < EVENTS_MAX_PORTS ? __atomic_load_n(&ports[port].count, __ATOMIC_SEQ_CST) : 0;
}

const volatile uint32_t *events_counter(evtchn_port_t port)
{
    return &ports[port < EVENTS_MAX_PORTS ? port : 0].count;
}

uint32_t events_upcalls(unsigned vcpu)
{
    return upcalls[vcpu];
}

/* One port found pending on its own vCPU. */
static void event_take(evtchn_port_t port)
{
    struct port_slot *s;

    if (port >= EVENTS_MAX_PORTS)
        return;
    s = &ports[port];
    if (s->fn)
        s->fn(port, s->data);
    __atomic_add_fetch(&s->count, 1, __ATOMIC_SEQ_CST); /* after: waiters see its effects */
}

/* Called by guest/upcall.asm with upcalls masked (the hypervisor set the mask). */
void events_upcall(unsigned vcpu);
void events_upcall(unsigned vcpu)
{
    volatile struct vcpu_info *vi = vcpu_infos[vcpu];

    upcalls[vcpu]++;
    while (__atomic_exchange_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST)) {
        xen_ulong_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);

        while (sel) {
            unsigned word = (unsigned)__builtin_ctzl(sel);
            xen_ulong_t bits = shared_info->evtchn_pending[word] & ~shared_info->evtchn_mask[word];

            sel &= sel - 1;
            while (bits) {
                evtchn_port_t port = word * 64 + (unsigned)__builtin_ctzl(bits);

                bits &= bits - 1;
                if (port < EVENTS_MAX_PORTS && ports[port].vcpu != vcpu)
                    continue; /* another vCPU's: its own upcall takes it */
                if (port_test_and_clear(port))
                    event_take(port);
            }
        }
    }
}

bool events_wait_until(unsigned vcpu, evtchn_port_t port, const volatile uint32_t *word,
                       uint32_t old, uint64_t deadline)
{
    for (;;) {
        if (*word != old)
            return true;
        if (time_now_on(vcpu) >= deadline)
            return false;
        events_mask_upcalls(vcpu);
        if (*word == old && !port_is_pending(port))
            sched_poll(&port, 1, deadline);
        events_unmask_upcalls(vcpu);
    }
}

bool events_wait_count(evtchn_port_t port, uint32_t n, uint64_t timeout_ns)
{
    const volatile uint32_t *count = events_counter(port);
    uint64_t deadline = time_now() + timeout_ns;

    while (*count < n)
        if (!events_wait_until(0, port, count, *count, deadline))
            return false;
    return true;
}

bool port_is_pending(evtchn_port_t port)
{
    return __atomic_load_n(&shared_info->evtchn_pending[port / 64], __ATOMIC_SEQ_CST) &
           (1UL << (port % 64));
}

bool port_is_masked(evtchn_port_t port)
{
    return __atomic_load_n(&shared_info->evtchn_mask[port / 64], __ATOMIC_SEQ_CST) &
           (1UL << (port % 64));
}

bool port_test_and_clear(evtchn_port_t port)
{
    xen_ulong_t bit = 1UL << (port % 64);

    return __atomic_fetch_and(&shared_info->evtchn_pending[port / 64], ~bit, __ATOMIC_SEQ_CST) &
           bit;
}

void port_mask(evtchn_port_t port)
{
    __atomic_fetch_or(&shared_info->evtchn_mask[port / 64], 1UL << (port % 64), __ATOMIC_SEQ_CST);
}

/* ---- event_channel_op ------------------------------------------------- */

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };
    long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    *port = a.port;
    return rc;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *port)
{
    struct evtchn_bind_interdomain b = { .remote_dom = remote, .remote_port = remote_port };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &b);

    *port = b.local_port;
    return rc;
}

long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_virq, &b);

    *port = b.port;
    return rc;
}

long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_ipi, &b);

    *port = b.port;
    return rc;
}

long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

    return hypercall_event_channel_op(EVTCHNOP_bind_vcpu, &b);
}

long evtchn_send(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_send, &s);
}

long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_close, &c);
}

long evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask u = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_unmask, &u);
}

long evtchn_state(domid_t dom, evtchn_port_t port)
{
    struct evtchn_status st = { .dom = dom, .port = port };
    long rc = hypercall_event_channel_op(EVTCHNOP_status, &st);

    return rc ? rc : (long)st.status;
}

/* ---- sched_op ------------------------------------------------------------ */

long sched_yield(void)
{
    return hypercall_sched_op(SCHEDOP_yield, NULL);
}

long sched_block(void)
{
    return hypercall_sched_op(SCHEDOP_block, NULL);
}

long sched_poll(const evtchn_port_t *list, unsigned n, uint64_t timeout)
{
    struct sched_poll p = { .ports = (uint64_t)list, .nr_ports = n, .timeout = timeout };

    return hypercall_sched_op(SCHEDOP_poll, &p);
}
