/*
 * vCPU contexts on the host (xen/arch/domain.h): set, get and reset work
 * on a fake_vcpu_context record in guest memory, so the core's checks,
 * pausing and copies can be tested without the x86 layout.  The
 * hypercall page is a recognisable pattern: byte i of slot n is n ^ i.
 */
#include "tests/unit/fake_vcpu_context.h"
#include "xen/arch/domain.h"
#include "xen/domain.h"
#include "xen/guest_access.h"
#include "xen/sched.h"

long fake_set_context_result;
struct vcpu *fake_reset_vcpu;
uint64_t fake_context_value[4];

void fake_vcpu_context_reset(void)
{
    fake_set_context_result = 0;
    fake_reset_vcpu = NULL;
    memset(fake_context_value, 0, sizeof(fake_context_value));
}

long arch_vcpu_set_context(struct vcpu *v, uint64_t guest_context, bool *online)
{
    struct fake_vcpu_context c;

    if (copy_from_guest(&c, guest_context, sizeof(c)))
        return -EFAULT;
    if (fake_set_context_result)
        return fake_set_context_result;
    if (v->vcpu_id < ARRAY_SIZE(fake_context_value))
        fake_context_value[v->vcpu_id] = c.value;
    *online = c.online;
    v->initialised = true;
    return 0;
}

long arch_vcpu_get_context(struct vcpu *v, uint64_t guest_context)
{
    struct fake_vcpu_context c = {
        .value = v->vcpu_id < ARRAY_SIZE(fake_context_value) ? fake_context_value[v->vcpu_id] : 0,
        .online = !(v->pause_flags & VPF_down),
    };

    return copy_to_guest(guest_context, &c, sizeof(c)) ? -EFAULT : 0;
}

void arch_vcpu_reset(struct vcpu *v)
{
    fake_reset_vcpu = v;
    if (v->vcpu_id < ARRAY_SIZE(fake_context_value))
        fake_context_value[v->vcpu_id] = 0;
}

void arch_hypercall_page_fill(void *page)
{
    uint8_t *p = page;

    for (unsigned i = 0; i < PAGE_SIZE; i++)
        p[i] = (uint8_t)((i / 32) ^ (i % 32));
}
