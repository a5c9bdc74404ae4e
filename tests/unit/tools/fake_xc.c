/*
 * The fake control seam for the toolstack's host tests (see fake_xc.h).
 * Shared: tests of xl, the xl.cfg parser and the domain builder link it;
 * extend it additively.
 */
#include "common/errno.h"
#include "common/string.h"
#include "tests/unit/tools/fake_xc.h"

#define FAKE_XC_CMDS 128 /* domctl and sysctl numbers stay below this */

struct fake_answer {
    int set;
    long (*fn)(void *op, void *ctx); /* the callback, cast back at the call */
    void *ctx;
    long rc;              /* a canned reply when fn is NULL */
    unsigned char u[128]; /* what a canned reply copies into op->u */
    size_t size;
};

static struct fake_answer domctl_answers[FAKE_XC_CMDS];
static struct fake_answer sysctl_answers[FAKE_XC_CMDS];

static struct {
    fake_memory_op_fn memory_op;
    void *memory_op_ctx;
    fake_evtchn_op_fn evtchn_op;
    void *evtchn_op_ctx;
    fake_mmu_update_fn mmu_update;
    void *mmu_update_ctx;
    fake_mmuext_op_fn mmuext_op;
    void *mmuext_op_ctx;
    fake_version_fn version;
    void *version_ctx;
    fake_sched_op_fn sched_op;
    void *sched_op_ctx;
    fake_map_foreign_fn map_foreign;
    fake_unmap_foreign_fn unmap_foreign;
    void *map_ctx;
    fake_grant_table_op_fn grant_table_op;
    void *grant_table_op_ctx;
} hooks;

static struct fake_xc_call call_log[FAKE_XC_LOG_MAX];
static unsigned call_total;

void fake_xc_reset(void)
{
    memset(domctl_answers, 0, sizeof(domctl_answers));
    memset(sysctl_answers, 0, sizeof(sysctl_answers));
    memset(&hooks, 0, sizeof(hooks));
    memset(call_log, 0, sizeof(call_log));
    call_total = 0;
}

static struct fake_answer *answer_slot(struct fake_answer *table, uint32_t cmd)
{
    return cmd < FAKE_XC_CMDS ? &table[cmd] : NULL;
}

static void set_callback(struct fake_answer *a, long (*fn)(void *, void *), void *ctx)
{
    if (!a)
        return;
    memset(a, 0, sizeof(*a));
    a->set = 1;
    a->fn = fn;
    a->ctx = ctx;
}

static void set_reply(struct fake_answer *a, long rc, const void *u, size_t size)
{
    if (!a)
        return;
    memset(a, 0, sizeof(*a));
    a->set = 1;
    a->rc = rc;
    if (u) {
        a->size = size < sizeof(a->u) ? size : sizeof(a->u);
        memcpy(a->u, u, a->size);
    }
}

void fake_xc_on_domctl(uint32_t cmd, fake_domctl_fn fn, void *ctx)
{
    set_callback(answer_slot(domctl_answers, cmd), (long (*)(void *, void *))fn, ctx);
}

void fake_xc_on_sysctl(uint32_t cmd, fake_sysctl_fn fn, void *ctx)
{
    set_callback(answer_slot(sysctl_answers, cmd), (long (*)(void *, void *))fn, ctx);
}

void fake_xc_reply_domctl(uint32_t cmd, long rc, const void *u, size_t size)
{
    set_reply(answer_slot(domctl_answers, cmd), rc, u, size);
}

void fake_xc_reply_sysctl(uint32_t cmd, long rc, const void *u, size_t size)
{
    set_reply(answer_slot(sysctl_answers, cmd), rc, u, size);
}

void fake_xc_on_memory_op(fake_memory_op_fn fn, void *ctx)
{
    hooks.memory_op = fn;
    hooks.memory_op_ctx = ctx;
}

void fake_xc_on_evtchn_op(fake_evtchn_op_fn fn, void *ctx)
{
    hooks.evtchn_op = fn;
    hooks.evtchn_op_ctx = ctx;
}

void fake_xc_on_mmu_update(fake_mmu_update_fn fn, void *ctx)
{
    hooks.mmu_update = fn;
    hooks.mmu_update_ctx = ctx;
}

void fake_xc_on_mmuext_op(fake_mmuext_op_fn fn, void *ctx)
{
    hooks.mmuext_op = fn;
    hooks.mmuext_op_ctx = ctx;
}

void fake_xc_on_map_foreign(fake_map_foreign_fn map, fake_unmap_foreign_fn unmap, void *ctx)
{
    hooks.map_foreign = map;
    hooks.unmap_foreign = unmap;
    hooks.map_ctx = ctx;
}

void fake_xc_on_grant_table_op(fake_grant_table_op_fn fn, void *ctx)
{
    hooks.grant_table_op = fn;
    hooks.grant_table_op_ctx = ctx;
}

/* Log a call before it is answered; the slot's rc is filled in afterwards. */
static struct fake_xc_call *log_call(enum fake_xc_kind kind, uint32_t cmd, domid_t domain)
{
    struct fake_xc_call *c = NULL;

    if (call_total < FAKE_XC_LOG_MAX) {
        c = &call_log[call_total];
        memset(c, 0, sizeof(*c));
        c->kind = kind;
        c->cmd = cmd;
        c->domain = domain;
    }
    call_total++;
    return c;
}

static long answer(const struct fake_answer *a, void *op, void *u)
{
    if (!a || !a->set)
        return -ENOSYS;
    if (a->fn)
        return a->fn(op, a->ctx);
    if (a->size)
        memcpy(u, a->u, a->size);
    return a->rc;
}

long xc_domctl(struct xen_domctl *op)
{
    struct fake_xc_call *c;
    long rc;

    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    c = log_call(FAKE_XC_DOMCTL, op->cmd, op->domain);
    if (c)
        c->op.domctl = *op;
    rc = answer(answer_slot(domctl_answers, op->cmd), op, &op->u);
    if (c)
        c->rc = rc;
    return rc;
}

long xc_sysctl(struct xen_sysctl *op)
{
    struct fake_xc_call *c;
    long rc;

    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    c = log_call(FAKE_XC_SYSCTL, op->cmd, 0);
    if (c)
        c->op.sysctl = *op;
    rc = answer(answer_slot(sysctl_answers, op->cmd), op, &op->u);
    if (c)
        c->rc = rc;
    return rc;
}

long xc_memory_op(unsigned cmd, void *arg)
{
    struct fake_xc_call *c = log_call(FAKE_XC_MEMORY_OP, cmd, 0);
    long rc = hooks.memory_op ? hooks.memory_op(cmd, arg, hooks.memory_op_ctx) : -ENOSYS;

    if (c)
        c->rc = rc;
    return rc;
}

long xc_evtchn_op(int cmd, void *arg)
{
    struct fake_xc_call *c = log_call(FAKE_XC_EVTCHN_OP, (uint32_t)cmd, 0);
    long rc = hooks.evtchn_op ? hooks.evtchn_op(cmd, arg, hooks.evtchn_op_ctx) : -ENOSYS;

    if (c)
        c->rc = rc;
    return rc;
}

long xc_mmu_update(const struct mmu_update *reqs, unsigned count, domid_t dom)
{
    struct fake_xc_call *c = log_call(FAKE_XC_MMU_UPDATE, count, dom);
    long rc = hooks.mmu_update ? hooks.mmu_update(reqs, count, dom, hooks.mmu_update_ctx) : -ENOSYS;

    if (c)
        c->rc = rc;
    return rc;
}

long xc_mmuext_op(const struct mmuext_op *ops, unsigned count, domid_t dom)
{
    struct fake_xc_call *c = log_call(FAKE_XC_MMUEXT_OP, count, dom);
    long rc = hooks.mmuext_op ? hooks.mmuext_op(ops, count, dom, hooks.mmuext_op_ctx) : -ENOSYS;

    if (c)
        c->rc = rc;
    return rc;
}

void *xc_map_foreign(domid_t dom, const xen_pfn_t *mfns, unsigned n, long *err)
{
    struct fake_xc_call *c = log_call(FAKE_XC_MAP_FOREIGN, n, dom);
    void *addr = NULL;

    *err = -ENOSYS;
    if (hooks.map_foreign)
        addr = hooks.map_foreign(dom, mfns, n, err, hooks.map_ctx);
    if (c)
        c->rc = addr ? 0 : *err;
    return addr;
}

long xc_unmap_foreign(void *addr, unsigned n)
{
    struct fake_xc_call *c = log_call(FAKE_XC_UNMAP_FOREIGN, n, 0);
    long rc = hooks.unmap_foreign ? hooks.unmap_foreign(addr, n, hooks.map_ctx) : -ENOSYS;

    if (c)
        c->rc = rc;
    return rc;
}

long xc_grant_table_op(unsigned cmd, void *uop, unsigned count)
{
    struct fake_xc_call *c = log_call(FAKE_XC_GRANT_TABLE_OP, cmd, 0);
    long rc = hooks.grant_table_op ? hooks.grant_table_op(cmd, uop, count, hooks.grant_table_op_ctx)
                                   : -ENOSYS;

    if (c)
        c->rc = rc;
    return rc;
}

unsigned fake_xc_call_count(void)
{
    return call_total < FAKE_XC_LOG_MAX ? call_total : FAKE_XC_LOG_MAX;
}

const struct fake_xc_call *fake_xc_call(unsigned i)
{
    return i < fake_xc_call_count() ? &call_log[i] : NULL;
}

unsigned fake_xc_count(enum fake_xc_kind kind, uint32_t cmd)
{
    unsigned n = 0;

    for (unsigned i = 0; i < fake_xc_call_count(); i++)
        if (call_log[i].kind == kind && call_log[i].cmd == cmd)
            n++;
    return n;
}

void fake_xc_on_version(fake_version_fn fn, void *ctx)
{
    hooks.version = fn;
    hooks.version_ctx = ctx;
}

void fake_xc_on_sched_op(fake_sched_op_fn fn, void *ctx)
{
    hooks.sched_op = fn;
    hooks.sched_op_ctx = ctx;
}

long xc_version(int cmd, void *arg)
{
    struct fake_xc_call *c = log_call(FAKE_XC_VERSION, (uint32_t)cmd, 0);
    long rc = hooks.version ? hooks.version(cmd, arg, hooks.version_ctx) : -ENOSYS;

    if (c)
        c->rc = rc;
    return rc;
}

long xc_sched_op(int cmd, void *arg)
{
    struct fake_xc_call *c = log_call(FAKE_XC_SCHED_OP, (uint32_t)cmd, 0);
    long rc = hooks.sched_op ? hooks.sched_op(cmd, arg, hooks.sched_op_ctx) : -ENOSYS;

    if (c)
        c->rc = rc;
    return rc;
}
