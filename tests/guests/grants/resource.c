/*
 * XENMEM_acquire_resource as a lone dom0 sees it: every refusal that
 * needs no second domain (the frames of a domU's table are the host
 * tests' and the toolstack's to check).  Xen checks the padding, then
 * the domain (its own is refused), then the caller's privilege, then the
 * resource.
 */
#include "grants.h"

/* A domain id no domain has (dom0 is the only one). */
#define NO_SUCH_DOMAIN 5

static long acquire(struct xen_mem_acquire_resource *r, domid_t dom, uint32_t pad)
{
    static xen_pfn_t list[4];

    *r = (struct xen_mem_acquire_resource){ .domid = dom,
                                            .type = XENMEM_resource_grant_table,
                                            .id = XENMEM_resource_grant_table_id_shared,
                                            .nr_frames = 1,
                                            .pad = pad,
                                            .frame_list = (uint64_t)list };
    return hypercall_memory_op(XENMEM_acquire_resource, r);
}

static void acquire_resource_padding_einval(void)
{
    struct xen_mem_acquire_resource r;

    CHECK_RC(acquire(&r, NO_SUCH_DOMAIN, 1), -XEN_EINVAL);
    CHECK_RC(acquire(&r, SELF_ID, 1), -XEN_EINVAL);
}

static void acquire_resource_own_domain_eperm(void)
{
    struct xen_mem_acquire_resource r;

    CHECK_RC(acquire(&r, SELF_ID, 0), -XEN_EPERM);
}

static void acquire_resource_no_domain_esrch(void)
{
    struct xen_mem_acquire_resource r;

    CHECK_RC(acquire(&r, DOMID_SELF, 0), -XEN_ESRCH);
    CHECK_RC(acquire(&r, NO_SUCH_DOMAIN, 0), -XEN_ESRCH);
    CHECK_RC(acquire(&r, DOMID_IO, 0), -XEN_ESRCH);
}

static void acquire_resource_bad_pointer_efault(void)
{
    CHECK_RC(hypercall_memory_op(XENMEM_acquire_resource, (void *)NONCANONICAL), -XEN_EFAULT);
}

const struct test_case resource_cases[] = {
    { "acquire_resource_padding_einval", acquire_resource_padding_einval },
    { "acquire_resource_own_domain_eperm", acquire_resource_own_domain_eperm },
    { "acquire_resource_no_domain_esrch", acquire_resource_no_domain_esrch },
    { "acquire_resource_bad_pointer_efault", acquire_resource_bad_pointer_efault },
};
const unsigned resource_count = ARRAY_SIZE(resource_cases);
