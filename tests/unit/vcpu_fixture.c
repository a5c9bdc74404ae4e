/* The vCPU hypercall tests' helpers (see vcpu_fixture.h). */
#include <check.h>

#include "public/event_channel.h"
#include "tests/unit/fake_arch.h"
#include "tests/unit/fake_guest_memory.h"
#include "tests/unit/mm_fixture.h"
#include "tests/unit/vcpu_fixture.h"
#include "xen/hypercall.h"
#include "xen/sched.h"
#include "xen/vcpu_op.h"

static uint8_t guest_arg[4096] __attribute__((aligned(64)));

void vfix_setup(void)
{
    fix_setup();
    fake_sched_reset();
    fake_boot_reset();
    fake_guest_memory_add(guest_arg, sizeof(guest_arg));
}

void vfix_run(struct vcpu *v)
{
    struct domain *d = v->domain;

    v->initialised = true;
    if (v->pause_flags & VPF_down) { /* as VCPUOP_up brings it up */
        vcpu_timers_start(v);
        vcpu_set_up(v);
    }
    while (d->pause_count)
        domain_unpause(d);
    fake_cpu_id = v->processor;
    if (!v->sched_running)
        ck_assert_ptr_eq(sched_pick_next(v->processor), v);
    fake_current = v;
}

uint64_t vfix_arg(const void *src, size_t len)
{
    ck_assert_uint_le(len, sizeof(guest_arg));
    memcpy(guest_arg, src, len);
    return (uint64_t)guest_arg;
}

void vfix_result(void *dst, size_t len)
{
    memcpy(dst, guest_arg, len);
}

/* event_channel_op as a vCPU of d; the argument comes back updated. */
static void evtchn_op(struct domain *d, unsigned cmd, void *arg, size_t len)
{
    struct vcpu *saved = fake_current;

    fake_current = d->vcpus[0];
    ck_assert_int_eq(do_event_channel_op(cmd, vfix_arg(arg, len), 0, 0, 0), 0);
    vfix_result(arg, len);
    fake_current = saved;
}

evtchn_port_t vfix_bind_virq(struct vcpu *v, unsigned virq)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = v->vcpu_id };

    evtchn_op(v->domain, EVTCHNOP_bind_virq, &b, sizeof(b));
    return b.port;
}

evtchn_port_t vfix_loopback(struct domain *d, evtchn_port_t *other)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = d->domain_id };
    struct evtchn_bind_interdomain b;

    evtchn_op(d, EVTCHNOP_alloc_unbound, &a, sizeof(a));
    b = (struct evtchn_bind_interdomain){ .remote_dom = d->domain_id, .remote_port = a.port };
    evtchn_op(d, EVTCHNOP_bind_interdomain, &b, sizeof(b));
    *other = b.local_port;
    return a.port;
}

void vfix_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    evtchn_op(d, EVTCHNOP_send, &s, sizeof(s));
}

bool vfix_pending(struct domain *d, evtchn_port_t port)
{
    return d->shared_info->evtchn_pending[port / 64] & (1UL << (port % 64));
}

void vfix_clear_events(struct domain *d)
{
    memset(d->shared_info->evtchn_pending, 0, sizeof(d->shared_info->evtchn_pending));
    for (unsigned i = 0; i < d->max_vcpus; i++) {
        d->vcpus[i]->vcpu_info->evtchn_upcall_pending = 0;
        d->vcpus[i]->vcpu_info->evtchn_pending_sel = 0;
    }
}
