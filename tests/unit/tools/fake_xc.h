/*
 * A table-driven fake of the control seam (tools/xc.h), shared by the
 * toolstack's host tests (xl, xl.cfg, the domain builder: helpers extend it
 * additively, one hook per need).
 *
 * A test says what each domctl / sysctl command answers, either with a
 * callback (which sees and may fill the whole op) or with a canned reply
 * (a return value and a union copied back into op->u).  A command nobody
 * configured answers -ENOSYS, as Xen does for a command it does not know.
 * memory_op, evtchn_op, mmu_update and mmuext_op go to one callback each,
 * -ENOSYS when unset.  Every call is logged, in order, with a copy of what
 * the caller passed in (before the answer was written).
 */
#ifndef TESTS_UNIT_TOOLS_FAKE_XC_H
#define TESTS_UNIT_TOOLS_FAKE_XC_H

#include "tools/xc.h"

typedef long (*fake_domctl_fn)(struct xen_domctl *op, void *ctx);
typedef long (*fake_sysctl_fn)(struct xen_sysctl *op, void *ctx);
typedef long (*fake_memory_op_fn)(unsigned cmd, void *arg, void *ctx);
typedef long (*fake_evtchn_op_fn)(int cmd, void *arg, void *ctx);
typedef long (*fake_mmu_update_fn)(const struct mmu_update *reqs, unsigned count, domid_t dom,
                                   void *ctx);
typedef long (*fake_mmuext_op_fn)(const struct mmuext_op *ops, unsigned count, domid_t dom,
                                  void *ctx);
/* Foreign mappings (xc_map_foreign): the hook returns the mapping or NULL with *err set. */
typedef void *(*fake_map_foreign_fn)(domid_t dom, const xen_pfn_t *mfns, unsigned n, long *err,
                                     void *ctx);
typedef long (*fake_unmap_foreign_fn)(void *addr, unsigned n, void *ctx);
typedef long (*fake_grant_table_op_fn)(unsigned cmd, void *uop, unsigned count, void *ctx);

/* Forget every answer and the call log. */
void fake_xc_reset(void);

/* Answer domctl / sysctl `cmd` with a callback (replaces an earlier answer). */
void fake_xc_on_domctl(uint32_t cmd, fake_domctl_fn fn, void *ctx);
void fake_xc_on_sysctl(uint32_t cmd, fake_sysctl_fn fn, void *ctx);

/* Answer `cmd` with rc, copying *u (NULL: nothing) into op->u first. */
void fake_xc_reply_domctl(uint32_t cmd, long rc, const void *u, size_t size);
void fake_xc_reply_sysctl(uint32_t cmd, long rc, const void *u, size_t size);

void fake_xc_on_memory_op(fake_memory_op_fn fn, void *ctx);
void fake_xc_on_evtchn_op(fake_evtchn_op_fn fn, void *ctx);
void fake_xc_on_mmu_update(fake_mmu_update_fn fn, void *ctx);
void fake_xc_on_mmuext_op(fake_mmuext_op_fn fn, void *ctx);
/* xen_version and sched_op: one callback each, -ENOSYS when unset. */
typedef long (*fake_version_fn)(int cmd, void *arg, void *ctx);
typedef long (*fake_sched_op_fn)(int cmd, void *arg, void *ctx);
void fake_xc_on_version(fake_version_fn fn, void *ctx);
void fake_xc_on_sched_op(fake_sched_op_fn fn, void *ctx);

/* Unset, xc_map_foreign fails with -ENOSYS and xc_unmap_foreign answers -ENOSYS. */
void fake_xc_on_map_foreign(fake_map_foreign_fn map, fake_unmap_foreign_fn unmap, void *ctx);
void fake_xc_on_grant_table_op(fake_grant_table_op_fn fn, void *ctx);

enum fake_xc_kind {
    FAKE_XC_DOMCTL,
    FAKE_XC_SYSCTL,
    FAKE_XC_MEMORY_OP,
    FAKE_XC_EVTCHN_OP,
    FAKE_XC_MMU_UPDATE,
    FAKE_XC_MMUEXT_OP,
    FAKE_XC_MAP_FOREIGN,   /* cmd: the number of frames */
    FAKE_XC_UNMAP_FOREIGN, /* cmd: the number of frames */
    FAKE_XC_GRANT_TABLE_OP,
    FAKE_XC_VERSION,  /* cmd: XENVER_* */
    FAKE_XC_SCHED_OP, /* cmd: SCHEDOP_* */
};

/* One logged call: the kind, the command and (for domctl / sysctl) the op as passed. */
struct fake_xc_call {
    enum fake_xc_kind kind;
    uint32_t cmd;   /* domctl / sysctl cmd, memory_op / evtchn_op cmd, or the count */
    domid_t domain; /* domctl's op->domain, or the dom argument of the MMU calls */
    long rc;        /* what the fake answered */
    union {
        struct xen_domctl domctl;
        struct xen_sysctl sysctl;
    } op;
};

#define FAKE_XC_LOG_MAX 512

/* The calls made since the last reset, oldest first (at most FAKE_XC_LOG_MAX kept). */
unsigned fake_xc_call_count(void);
const struct fake_xc_call *fake_xc_call(unsigned i);

/* How many calls of this kind and command were made. */
unsigned fake_xc_count(enum fake_xc_kind kind, uint32_t cmd);

#endif /* TESTS_UNIT_TOOLS_FAKE_XC_H */
