/*
 * CPU policies in the form the toolstack exchanges (public/cpu_policy.h):
 * flat arrays of CPUID leaves and MSRs, in Xen 4.17's order and counts.
 * Leaves 4 and 0xb end with their first empty sub-leaf (included), leaf
 * 7 has sub-leaves up to its EAX, leaf 0xd has 0, 1 and one per state
 * component up to the highest; the hypervisor leaves carry only their
 * limits.  Entries read back are placed by leaf and sub-leaf; one the
 * policy has no room for is refused and named.
 */
#include "xen/cpu_policy.h"
#include "xen/guest_access.h"

struct leaf_writer {
    uint64_t buf;  /* guest array */
    uint32_t nr;   /* its entries */
    uint32_t done; /* entries written */
};

static int put_leaf(struct leaf_writer *w, uint32_t leaf, uint32_t subleaf,
                    const struct cpuid_regs *r)
{
    xen_cpuid_leaf_t e = { leaf, subleaf, r->a, r->b, r->c, r->d };

    if (w->done == w->nr)
        return -ENOBUFS;
    if (copy_to_guest(w->buf + (uint64_t)w->done * sizeof(e), &e, sizeof(e)))
        return -EFAULT;
    w->done++;
    return 0;
}

#define PUT(l, s, r)                           \
    do {                                       \
        int rc_ = put_leaf(&w, (l), (s), (r)); \
        if (rc_)                               \
            return rc_;                        \
    } while (0)

/* Write p's leaves to the guest array buf of *nr entries; *nr becomes the count. */
int cpu_policy_leaves_to_guest(const struct cpu_policy *p, uint64_t buf, uint32_t *nr)
{
    struct leaf_writer w = { buf, *nr, 0 };
    uint64_t xstates = cpu_policy_xstates(p);
    uint32_t leaf, sub;

    for (leaf = 0; leaf <= MIN(p->basic[0].a, CPUID_NR_BASIC - 1); leaf++) {
        switch (leaf) {
        case 4:
            for (sub = 0; sub < CPUID_NR_CACHE; sub++) {
                PUT(leaf, sub, &p->cache[sub]);
                if (!CPUID_4_TYPE(p->cache[sub]))
                    break;
            }
            break;
        case 7:
            for (sub = 0; sub <= MIN(p->feat[0].a, CPUID_NR_FEAT - 1); sub++)
                PUT(leaf, sub, &p->feat[sub]);
            break;
        case 0xb:
            for (sub = 0; sub < CPUID_NR_TOPO; sub++) {
                PUT(leaf, sub, &p->topo[sub]);
                if (!CPUID_B_TYPE(p->topo[sub]))
                    break;
            }
            break;
        case 0xd:
            PUT(leaf, 0, &p->xstate[0]);
            PUT(leaf, 1, &p->xstate[1]);
            for (xstates >>= 2, sub = 2; xstates && sub < CPUID_NR_XSTATE; xstates >>= 1, sub++)
                PUT(leaf, sub, &p->xstate[sub]);
            break;
        default:
            PUT(leaf, XEN_CPUID_NO_SUBLEAF, &p->basic[leaf]);
        }
    }
    PUT(0x40000000, XEN_CPUID_NO_SUBLEAF, &(struct cpuid_regs){ .a = p->hv_limit });
    PUT(0x40000100, XEN_CPUID_NO_SUBLEAF, &(struct cpuid_regs){ .a = p->hv2_limit });
    for (leaf = 0; leaf <= MIN(p->extd[0].a & 0xffff, CPUID_NR_EXTD - 1); leaf++)
        PUT(0x80000000 | leaf, XEN_CPUID_NO_SUBLEAF, &p->extd[leaf]);
    *nr = w.done;
    return 0;
}

#undef PUT

int cpu_policy_msrs_to_guest(const struct cpu_policy *p, uint64_t buf, uint32_t *nr)
{
    const xen_msr_entry_t e[MSR_MAX_SERIALISED_ENTRIES] = {
        { .idx = MSR_INTEL_PLATFORM_INFO, .val = p->platform_info },
        { .idx = MSR_ARCH_CAPABILITIES, .val = p->arch_caps },
    };

    for (uint32_t i = 0; i < ARRAY_SIZE(e); i++) {
        if (i == *nr)
            return -ENOBUFS;
        if (copy_to_guest(buf + i * sizeof(e[i]), &e[i], sizeof(e[i])))
            return -EFAULT;
    }
    *nr = ARRAY_SIZE(e);
    return 0;
}

/* Where an entry for leaf/subleaf goes in p; NULL if p has no room for it. */
static struct cpuid_regs *leaf_slot(struct cpu_policy *p, uint32_t leaf, uint32_t subleaf)
{
    if (leaf < CPUID_NR_BASIC) {
        switch (leaf) {
        case 4:
            return subleaf < CPUID_NR_CACHE ? &p->cache[subleaf] : NULL;
        case 7:
            return subleaf < CPUID_NR_FEAT ? &p->feat[subleaf] : NULL;
        case 0xb:
            return subleaf < CPUID_NR_TOPO ? &p->topo[subleaf] : NULL;
        case 0xd:
            return subleaf < CPUID_NR_XSTATE ? &p->xstate[subleaf] : NULL;
        default:
            return subleaf == XEN_CPUID_NO_SUBLEAF ? &p->basic[leaf] : NULL;
        }
    }
    if (leaf - 0x80000000U < CPUID_NR_EXTD)
        return subleaf == XEN_CPUID_NO_SUBLEAF ? &p->extd[leaf - 0x80000000U] : NULL;
    return NULL;
}

/* Merge the guest's leaves into p.  -E2BIG, -EFAULT, or -ERANGE naming the leaf. */
int cpu_policy_leaves_from_guest(struct cpu_policy *p, uint64_t buf, uint32_t nr,
                                 struct xen_domctl_cpu_policy *err)
{
    xen_cpuid_leaf_t e;
    struct cpuid_regs *slot;

    if (nr > CPUID_MAX_SERIALISED_LEAVES)
        return -E2BIG;
    for (uint32_t i = 0; i < nr; i++) {
        if (copy_from_guest(&e, buf + (uint64_t)i * sizeof(e), sizeof(e)))
            return -EFAULT;
        bool hv =
            e.subleaf == XEN_CPUID_NO_SUBLEAF && (e.leaf == 0x40000000 || e.leaf == 0x40000100);

        slot = hv ? NULL : leaf_slot(p, e.leaf, e.subleaf);
        if (hv)
            *(e.leaf == 0x40000000 ? &p->hv_limit : &p->hv2_limit) = e.a;
        else if (slot)
            *slot = (struct cpuid_regs){ e.a, e.b, e.c, e.d };
        else {
            err->err_leaf = e.leaf;
            err->err_subleaf = e.subleaf;
            return -ERANGE;
        }
    }
    return 0;
}

int cpu_policy_msrs_from_guest(struct cpu_policy *p, uint64_t buf, uint32_t nr,
                               struct xen_domctl_cpu_policy *err)
{
    xen_msr_entry_t e;
    int rc = 0;

    if (nr > MSR_MAX_SERIALISED_ENTRIES)
        return -E2BIG;
    for (uint32_t i = 0; i < nr && !rc; i++) {
        if (copy_from_guest(&e, buf + i * sizeof(e), sizeof(e)))
            return -EFAULT;
        if (e.flags)
            rc = -EINVAL;
        else if (e.idx == MSR_INTEL_PLATFORM_INFO && e.val > UINT32_MAX)
            rc = -EOVERFLOW;
        else if (e.idx == MSR_INTEL_PLATFORM_INFO)
            p->platform_info = (uint32_t)e.val;
        else if (e.idx == MSR_ARCH_CAPABILITIES)
            p->arch_caps = e.val;
        else
            rc = -ERANGE;
        if (rc)
            err->err_msr = e.idx;
    }
    return rc;
}
