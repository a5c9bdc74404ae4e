/*
 * The simulated host for xl's tests (see xl_fixture.h).  Each handler
 * answers as Xen 4.17 does for what xl asks: getdomaininfo reports the
 * next domain up, unknown ids are -ESRCH, pause counts, and so on.
 */
#include <stdarg.h>
#include <string.h>

#include "common/errno.h"
#include "public/version.h"
#include "tests/unit/tools/fake_print.h"
#include "tests/unit/tools/fake_xc.h"
#include "tests/unit/tools/xl_fixture.h"
#include "tools/domains.h"
#include "tools/xl.h"

struct fix_domain fix_domains[FIX_DOMAINS_MAX];
char fix_console[4096];
bool fix_console_cleared;

static struct fix_domain *find(uint32_t domid)
{
    return domid < FIX_DOMAINS_MAX && fix_domains[domid].exists ? &fix_domains[domid] : NULL;
}

static long getdomaininfo(struct xen_domctl *op, void *ctx)
{
    for (uint32_t d = op->domain; d < FIX_DOMAINS_MAX; d++) {
        if (fix_domains[d].exists) {
            op->u.getdomaininfo = fix_domains[d].info;
            return 0;
        }
    }
    return -ESRCH;
}

static long getdomaininfolist(struct xen_sysctl *op, void *ctx)
{
    struct xen_domctl_getdomaininfo *buf = (void *)(uintptr_t)op->u.getdomaininfolist.buffer;
    uint32_t n = 0;

    for (uint32_t d = op->u.getdomaininfolist.first_domain;
         d < FIX_DOMAINS_MAX && n < op->u.getdomaininfolist.max_domains; d++)
        if (fix_domains[d].exists)
            buf[n++] = fix_domains[d].info;
    op->u.getdomaininfolist.num_domains = n;
    return 0;
}

static long pause_unpause(struct xen_domctl *op, void *ctx)
{
    struct fix_domain *d = find(op->domain);

    if (!d)
        return -ESRCH;
    if (op->cmd == XEN_DOMCTL_pausedomain)
        d->info.flags |= XEN_DOMINF_paused;
    else
        d->info.flags &= ~XEN_DOMINF_paused;
    return 0;
}

static long destroy(struct xen_domctl *op, void *ctx)
{
    struct fix_domain *d = find(op->domain);

    if (!d)
        return -ESRCH;
    d->exists = false;
    return 0;
}

static long vcpuinfo(struct xen_domctl *op, void *ctx)
{
    struct fix_domain *d = find(op->domain);
    uint32_t v = op->u.getvcpuinfo.vcpu;

    if (!d)
        return -ESRCH;
    if (v >= FIX_VCPUS_MAX || v > d->info.max_vcpu_id)
        return -EINVAL;
    op->u.getvcpuinfo = d->vcpus[v].info;
    op->u.getvcpuinfo.vcpu = v;
    return 0;
}

static long vcpuaffinity(struct xen_domctl *op, void *ctx)
{
    struct fix_domain *d = find(op->domain);
    struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
    struct fix_vcpu *v;

    if (!d)
        return -ESRCH;
    if (a->vcpu > d->info.max_vcpu_id)
        return -EINVAL;
    v = &d->vcpus[a->vcpu];
    if (op->cmd == XEN_DOMCTL_getvcpuaffinity) {
        if (a->flags & XEN_VCPUAFFINITY_HARD)
            *(uint8_t *)(uintptr_t)a->cpumap_hard.bitmap = v->hard;
        if (a->flags & XEN_VCPUAFFINITY_SOFT)
            *(uint8_t *)(uintptr_t)a->cpumap_soft.bitmap = v->soft;
        return 0;
    }
    if (a->flags & XEN_VCPUAFFINITY_HARD)
        v->hard = *(uint8_t *)(uintptr_t)a->cpumap_hard.bitmap & 3;
    if (a->flags & XEN_VCPUAFFINITY_SOFT)
        v->soft = *(uint8_t *)(uintptr_t)a->cpumap_soft.bitmap & 3;
    return 0;
}

static long max_mem(struct xen_domctl *op, void *ctx)
{
    struct fix_domain *d = find(op->domain);

    if (!d)
        return -ESRCH;
    d->info.max_pages = op->u.max_mem.max_memkb / 4;
    return 0;
}

static long scheduler_op(struct xen_domctl *op, void *ctx)
{
    struct fix_domain *d = find(op->domain);
    struct xen_domctl_scheduler_op *s = &op->u.scheduler_op;

    if (!d)
        return -ESRCH;
    if (s->sched_id != XEN_SCHEDULER_CREDIT2)
        return -EINVAL;
    if (s->cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
        s->u.credit2.weight = d->weight;
        s->u.credit2.cap = d->cap;
        return 0;
    }
    if (s->u.credit2.weight)
        d->weight = s->u.credit2.weight;
    d->cap = s->u.credit2.cap;
    return 0;
}

static long physinfo(struct xen_sysctl *op, void *ctx)
{
    static const uint32_t hw_cap[8] = { 0x178bfbfd, 0xc6d82203, 0x28100800, 0x00000021,
                                        0x00000001, 0x00000389, 0,          0 };
    struct xen_sysctl_physinfo *p = &op->u.physinfo;

    memset(p, 0, sizeof(*p));
    p->threads_per_core = 1;
    p->cores_per_socket = 2;
    p->nr_cpus = 2;
    p->max_cpu_id = 1;
    p->nr_nodes = 1;
    p->max_node_id = 0;
    p->cpu_khz = 2596120;
    p->capabilities =
        XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1 | XEN_SYSCTL_PHYSCAP_gnttab_v2;
    p->total_pages = 1023 * 256;
    p->free_pages = 498 * 256;
    memcpy(p->hw_cap, hw_cap, sizeof(hw_cap));
    return 0;
}

static long sched_id(struct xen_sysctl *op, void *ctx)
{
    op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT2;
    return 0;
}

static long cpupool(struct xen_sysctl *op, void *ctx)
{
    struct xen_sysctl_cpupool_op *c = &op->u.cpupool_op;

    if (c->op == XEN_SYSCTL_CPUPOOL_OP_FREEINFO) {
        memset((void *)(uintptr_t)c->cpumap.bitmap, 0, (c->cpumap.nr_bits + 7) / 8);
        return 0;
    }
    if (c->op == XEN_SYSCTL_CPUPOOL_OP_INFO) {
        if (c->cpupool_id > 0)
            return -ENOENT;
        c->cpupool_id = 0;
        c->sched_id = XEN_SCHEDULER_CREDIT2;
        c->n_dom = 2;
        return 0;
    }
    return -EINVAL;
}

static long cputopo(struct xen_sysctl *op, void *ctx)
{
    struct xen_sysctl_cputopo *t = (void *)(uintptr_t)op->u.cputopoinfo.cputopo;

    if (!t) {
        op->u.cputopoinfo.num_cpus = 2;
        return 0;
    }
    for (uint32_t i = 0; i < 2 && i < op->u.cputopoinfo.num_cpus; i++)
        t[i] = (struct xen_sysctl_cputopo){ .core = i, .socket = 0, .node = 0 };
    op->u.cputopoinfo.num_cpus = 2;
    return 0;
}

static long numa(struct xen_sysctl *op, void *ctx)
{
    struct xen_sysctl_meminfo *m = (void *)(uintptr_t)op->u.numainfo.meminfo;
    uint32_t *dist = (void *)(uintptr_t)op->u.numainfo.distance;

    if (m) {
        m[0].memsize = 1023ULL << 20;
        m[0].memfree = 498ULL << 20;
    }
    if (dist)
        dist[0] = 10;
    op->u.numainfo.num_nodes = 1;
    return 0;
}

static long readconsole(struct xen_sysctl *op, void *ctx)
{
    struct xen_sysctl_readconsole *r = &op->u.readconsole;
    uint32_t len = (uint32_t)strlen(fix_console), n;

    if (r->index > len)
        r->index = len;
    n = len - r->index < r->count ? len - r->index : r->count;
    memcpy((void *)(uintptr_t)r->buffer, fix_console + r->index, n);
    r->index += n;
    r->count = n;
    if (r->clear)
        fix_console_cleared = true;
    return 0;
}

static long version(int cmd, void *arg, void *ctx)
{
    static const uint8_t build_id[20] = { 0x15, 0x1b, 0x37, 0x3f, 0xd6, 0x4b, 0x32,
                                          0x15, 0x93, 0xbf, 0x98, 0x7f, 0xd9, 0x23,
                                          0xcd, 0x10, 0xda, 0xba, 0xda, 0xc4 };
    struct xen_compile_info *cc = arg;
    struct xen_build_id *b = arg;

    switch (cmd) {
    case XENVER_version:
        return 0x00040011;
    case XENVER_extraversion:
        strcpy(arg, ".7");
        return 0;
    case XENVER_capabilities:
        strcpy(arg, "xen-3.0-x86_64 ");
        return 0;
    case XENVER_changeset:
        strcpy(arg, "");
        return 0;
    case XENVER_pagesize:
        return 4096;
    case XENVER_commandline:
        strcpy(arg, "console=com1 com1=115200,8n1 dom0_mem=512M noreboot pv-l1tf=false");
        return 0;
    case XENVER_platform_parameters:
        ((struct xen_platform_parameters *)arg)->virt_start = 0xffff800000000000ULL;
        return 0;
    case XENVER_compile_info:
        memset(cc, 0, sizeof(*cc));
        strcpy(cc->compiler, "x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0");
        strcpy(cc->compile_by, "pkg-xen-devel");
        strcpy(cc->compile_domain, "lists.alioth.debian.org");
        strcpy(cc->compile_date, "Wed Nov  4 16:52:28 UTC 2026");
        return 0;
    case XENVER_build_id:
        if (b->len < sizeof(build_id))
            return -ENOBUFS;
        memcpy(b->buf, build_id, sizeof(build_id));
        return sizeof(build_id);
    }
    return -ENOSYS;
}

static void add_domain(uint32_t id, uint64_t mib, uint32_t vcpus, uint32_t flags, uint64_t cpu_ns)
{
    struct fix_domain *d = &fix_domains[id];

    memset(d, 0, sizeof(*d));
    d->exists = true;
    d->info.domain = (domid_t)id;
    d->info.flags = flags;
    d->info.tot_pages = mib * 256;
    d->info.max_pages = id == 0 ? 0xffffffffULL : (mib * 1024 + 1024) / 4;
    d->info.cpu_time = cpu_ns;
    d->info.nr_online_vcpus = vcpus;
    d->info.max_vcpu_id = vcpus - 1;
    d->weight = 256;
    for (uint32_t v = 0; v < vcpus; v++) {
        d->vcpus[v].info.online = 1;
        d->vcpus[v].hard = d->vcpus[v].soft = 3;
    }
}

void fix_setup(void)
{
    static const uint8_t ref_uuid[16] = { 0xe8, 0x58, 0xae, 0x57, 0x1b, 0x9c, 0x40, 0xbe,
                                          0xb4, 0x86, 0x4d, 0x67, 0x8d, 0xb8, 0xfd, 0x1e };

    fake_xc_reset();
    fake_print_reset();
    domains_reset();
    memset(fix_domains, 0, sizeof(fix_domains));
    fix_console_cleared = false;
    strcpy(fix_console, "(XEN) Xen version 4.17.7\n(XEN) Command line: console=com1\n");

    add_domain(0, 512, 2, XEN_DOMINF_running, 8100000000ULL);
    fix_domains[0].vcpus[0].info = (struct xen_domctl_getvcpuinfo){
        .online = 1, .blocked = 1, .cpu_time = 8000000000ULL, .cpu = 0
    };
    fix_domains[0].vcpus[1].info = (struct xen_domctl_getvcpuinfo){
        .online = 1, .running = 1, .cpu_time = 2800000000ULL, .cpu = 1
    };
    add_domain(1, 32, 1, XEN_DOMINF_paused, 0);
    memcpy(fix_domains[1].info.handle, ref_uuid, 16);
    fix_domains[1].vcpus[0].info.cpu = 1;
    domains_set_name(1, "ref");

    fake_xc_on_domctl(XEN_DOMCTL_getdomaininfo, getdomaininfo, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_pausedomain, pause_unpause, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_unpausedomain, pause_unpause, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_destroydomain, destroy, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_getvcpuinfo, vcpuinfo, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_getvcpuaffinity, vcpuaffinity, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_setvcpuaffinity, vcpuaffinity, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_max_mem, max_mem, NULL);
    fake_xc_on_domctl(XEN_DOMCTL_scheduler_op, scheduler_op, NULL);
    fake_xc_on_sysctl(XEN_SYSCTL_getdomaininfolist, getdomaininfolist, NULL);
    fake_xc_on_sysctl(XEN_SYSCTL_physinfo, physinfo, NULL);
    fake_xc_on_sysctl(XEN_SYSCTL_sched_id, sched_id, NULL);
    fake_xc_on_sysctl(XEN_SYSCTL_cpupool_op, cpupool, NULL);
    fake_xc_on_sysctl(XEN_SYSCTL_cputopoinfo, cputopo, NULL);
    fake_xc_on_sysctl(XEN_SYSCTL_numainfo, numa, NULL);
    fake_xc_on_sysctl(XEN_SYSCTL_readconsole, readconsole, NULL);
    fake_xc_on_version(version, NULL);
}

int fix_xl(const char *arg, ...)
{
    static char words[32][256];
    char *argv[33];
    int argc = 0;
    va_list ap;

    strcpy(words[argc], "xl");
    argv[argc] = words[argc];
    argc++;
    va_start(ap, arg);
    for (const char *a = arg; a && argc < 32; a = va_arg(ap, const char *)) {
        strncpy(words[argc], a, sizeof(words[argc]) - 1);
        argv[argc] = words[argc];
        argc++;
    }
    va_end(ap);
    argv[argc] = NULL;
    fake_print_reset();
    return xl_main(argc, argv);
}
