/*
 * The builder's arch half on the host (xen/arch/build.h): it builds no page
 * tables and no hypercall page, but remembers what domain_build handed it
 * and leaves vCPU 0 as the real one does: initialised, its timers started,
 * up.  fake_build_result makes it fail instead.
 */
#include <stdlib.h>

#include "tests/unit/fake_arch.h"
#include "xen/arch/build.h"
#include "xen/domain.h"
#include "xen/sched.h"
#include "xen/vcpu_op.h"

struct fake_build_log fake_build;
int fake_build_result;

void fake_build_reset(void)
{
    free(fake_build.p2m);
    memset(&fake_build, 0, sizeof(fake_build));
    fake_build_result = 0;
}

int arch_domain_build(struct domain *d, const struct dom0_layout *l, const mfn_t *p2m)
{
    struct vcpu *v = d->vcpus[0];

    free(fake_build.p2m);
    fake_build.calls++;
    fake_build.d = d;
    fake_build.layout = *l;
    fake_build.nr_p2m = d->max_pages;
    fake_build.p2m = malloc(d->max_pages * sizeof(*p2m));
    memcpy(fake_build.p2m, p2m, d->max_pages * sizeof(*p2m));
    if (fake_build.calls <= FAKE_MAX_BUILDS) {
        fake_build.each[fake_build.calls - 1].d = d;
        fake_build.each[fake_build.calls - 1].layout = *l;
    }
    if (fake_build_result)
        return fake_build_result;
    v->initialised = true;
    vcpu_timers_start(v);
    vcpu_set_up(v);
    return 0;
}
