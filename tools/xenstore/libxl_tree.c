/*
 * The nodes Xen 4.17's toolstack writes, so that guests written for Xen find
 * what they look for: dom0's own (xen-init-dom0, xl's cpupool), and for a PV
 * domain what libxl__domain_make, libxl__build_pv/_post and the console
 * device write: /local/domain/N (dom0 owns it, N may read; the nodes N
 * manages are N's), /vm/UUID, /libxl/N (dom0's only), and the console
 * backend under /local/domain/0/backend.  Children are made in libxl's
 * order, which is the order DIRECTORY (and xenstore-ls) lists them in.
 *
 * Everything goes through a private privileged connection and the real
 * message path, so watches fire as if xl had written it.
 */
#include <stdarg.h>

#include "common/format.h"
#include "common/string.h"
#include "tools/xenstore/core.h"

/* One request on c, path first; 0 or the XEN_E* number of the XS_ERROR reply. */
static int request(struct xs_conn *c, uint32_t type, const char *path, const void *extra,
                   unsigned extra_len)
{
    unsigned plen = (unsigned)strlen(path) + 1;
    char *payload = xs_malloc(plen + extra_len);
    int err;

    if (!payload)
        return XEN_ENOMEM;
    memcpy(payload, path, plen);
    if (extra_len)
        memcpy(payload + plen, extra, extra_len);
    err = xsd_call(c, type, 0, payload, plen + extra_len, NULL, 0, NULL);
    xs_free(payload);
    return err;
}

static int write_str(struct xs_conn *c, const char *path, const char *value)
{
    return request(c, XS_WRITE, path, value, (unsigned)strlen(value));
}

/* Up to two permission entries, e.g. "n0" and "r5", as libxl__xs_mknod sets them. */
static int mknod(struct xs_conn *c, const char *path, const char *p0, const char *p1)
{
    char perms[32];
    unsigned len;
    int err = request(c, XS_MKDIR, path, NULL, 0);

    if (err)
        return err;
    len = (unsigned)fmt_snprintf(perms, sizeof(perms), "%s", p0) + 1;
    if (p1)
        len += (unsigned)fmt_snprintf(perms + len, sizeof(perms) - len, "%s", p1) + 1;
    return request(c, XS_SET_PERMS, path, perms, len);
}

/* A path from a format; the helpers below stop at the first error (err is sticky). */
struct tree {
    struct xs_conn *c;
    int err;
};

static void tree_write(struct tree *t, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void tree_mknod(struct tree *t, const char *p0, const char *p1, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void tree_rm(struct tree *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *tree_path(struct tree *t, const char *fmt, va_list ap)
{
    char buf[256];
    char *p;

    if (t->err)
        return NULL;
    if (fmt_vsnprintf(buf, sizeof(buf), fmt, ap) >= (int)sizeof(buf)) {
        t->err = XEN_EINVAL;
        return NULL;
    }
    p = xs_strdup(buf);
    if (!p)
        t->err = XEN_ENOMEM;
    return p;
}

static void tree_write(struct tree *t, const char *value, const char *fmt, ...)
{
    va_list ap;
    char *path;

    va_start(ap, fmt);
    path = tree_path(t, fmt, ap);
    va_end(ap);
    if (path)
        t->err = write_str(t->c, path, value);
    xs_free(path);
}

static void tree_mknod(struct tree *t, const char *p0, const char *p1, const char *fmt, ...)
{
    va_list ap;
    char *path;

    va_start(ap, fmt);
    path = tree_path(t, fmt, ap);
    va_end(ap);
    if (path)
        t->err = mknod(t->c, path, p0, p1);
    xs_free(path);
}

/* Removing what is not there is no error. */
static void tree_rm(struct tree *t, const char *fmt, ...)
{
    va_list ap;
    char *path;

    va_start(ap, fmt);
    path = tree_path(t, fmt, ap);
    va_end(ap);
    if (path) {
        t->err = request(t->c, XS_RM, path, NULL, 0);
        if (t->err == XEN_ENOENT)
            t->err = 0;
    }
    xs_free(path);
}

int xsd_tree_dom0(struct xs_daemon *d, uint64_t target_kb, uint64_t static_max_kb)
{
    struct tree t = { .c = xsd_conn_local(d, 0) };
    char num[24];

    if (!t.c)
        return XEN_ENOMEM;
    tree_write(&t, "1", "/local/domain/0/control/feature-poweroff");
    tree_write(&t, "1", "/local/domain/0/control/feature-reboot");
    tree_write(&t, "1", "/local/domain/0/control/feature-suspend");
    tree_write(&t, "0", "/local/domain/0/domid");
    tree_write(&t, "Domain-0", "/local/domain/0/name");
    fmt_snprintf(num, sizeof(num), "%llu", (unsigned long long)target_kb);
    tree_write(&t, num, "/local/domain/0/memory/target");
    fmt_snprintf(num, sizeof(num), "%llu", (unsigned long long)static_max_kb);
    tree_write(&t, num, "/local/domain/0/memory/static-max");
    tree_write(&t, "Pool-0", "/local/pool/0/name");
    xsd_conn_close(t.c);
    return t.err;
}

/* libxl__domain_make: the skeleton, with who may touch what. */
static void domain_make(struct tree *t, const struct xsd_pv_domain *dom, const char *ro,
                        const char *rw)
{
    static const char *const control[] = { "shutdown", "feature-poweroff", "feature-reboot",
                                           "feature-suspend", "sysrq" };
    static const char *const private[] = { "data", "drivers", "feature", "attr", "error" };
    unsigned n = dom->domid;
    char vm[64];

    fmt_snprintf(vm, sizeof(vm), "/vm/%s", dom->uuid);
    tree_rm(t, "/local/domain/%u", n);
    tree_mknod(t, "n0", ro, "/local/domain/%u", n);
    tree_rm(t, "%s", vm);
    tree_mknod(t, "n0", ro, "%s", vm);
    tree_rm(t, "/libxl/%u", n);
    tree_mknod(t, "n0", NULL, "/libxl/%u", n);
    tree_mknod(t, "n0", NULL, "/libxl/%u/device", n);
    tree_write(t, vm, "/local/domain/%u/vm", n);
    tree_write(t, dom->name, "/local/domain/%u/name", n);
    tree_write(t, dom->name, "%s/name", vm);
    tree_mknod(t, "n0", ro, "/local/domain/%u/cpu", n);
    tree_mknod(t, "n0", ro, "/local/domain/%u/memory", n);
    tree_mknod(t, "n0", ro, "/local/domain/%u/device", n);
    tree_mknod(t, "n0", ro, "/local/domain/%u/control", n);
    for (unsigned i = 0; i < sizeof(control) / sizeof(control[0]); i++)
        tree_mknod(t, rw, NULL, "/local/domain/%u/control/%s", n, control[i]);
    tree_mknod(t, rw, NULL, "/local/domain/%u/device/suspend/event-channel", n);
    for (unsigned i = 0; i < sizeof(private) / sizeof(private[0]); i++)
        tree_mknod(t, rw, NULL, "/local/domain/%u/%s", n, private[i]);
    tree_write(t, dom->uuid, "%s/uuid", vm);
    tree_write(t, "1", "/local/domain/%u/control/platform-feature-multiprocessor-suspend", n);
    tree_write(t, "1", "/local/domain/%u/control/platform-feature-xs_reset_watches", n);
    tree_write(t, "pv", "/libxl/%u/type", n);
}

/* libxl__build_pv and libxl__build_post: the image, memory, store and vCPUs. */
static void build_post(struct tree *t, const struct xsd_pv_domain *dom)
{
    unsigned n = dom->domid;
    char num[24];

    tree_write(t, "linux", "/vm/%s/image/ostype", dom->uuid);
    tree_write(t, dom->kernel, "/vm/%s/image/kernel", dom->uuid);
    tree_write(t, dom->start_time, "/vm/%s/start_time", dom->uuid);
    if (dom->ramdisk)
        tree_write(t, dom->ramdisk, "/vm/%s/image/ramdisk", dom->uuid);
    if (dom->cmdline)
        tree_write(t, dom->cmdline, "/vm/%s/image/cmdline", dom->uuid);
    fmt_snprintf(num, sizeof(num), "%llu", (unsigned long long)dom->max_memkb);
    tree_write(t, num, "/local/domain/%u/memory/static-max", n);
    fmt_snprintf(num, sizeof(num), "%llu", (unsigned long long)dom->target_memkb);
    tree_write(t, num, "/local/domain/%u/memory/target", n);
    tree_write(t, "0", "/local/domain/%u/memory/videoram", n);
    fmt_snprintf(num, sizeof(num), "%u", n);
    tree_write(t, num, "/local/domain/%u/domid", n);
    fmt_snprintf(num, sizeof(num), "%u", dom->store_port);
    tree_write(t, num, "/local/domain/%u/store/port", n);
    fmt_snprintf(num, sizeof(num), "%llu", (unsigned long long)dom->store_mfn);
    tree_write(t, num, "/local/domain/%u/store/ring-ref", n);
    for (unsigned i = 0; i < dom->vcpus; i++)
        tree_write(t, "online", "/local/domain/%u/cpu/%u/availability", n, i);
}

/* The primary console: its frontend is /local/domain/N/console, read-only to N. */
static void console_add(struct tree *t, const struct xsd_pv_domain *dom, const char *ro)
{
    unsigned n = dom->domid;
    char fe[48], be[64], num[24];

    fmt_snprintf(fe, sizeof(fe), "/local/domain/%u/console", n);
    fmt_snprintf(be, sizeof(be), "/local/domain/0/backend/console/%u/0", n);
    tree_rm(t, "/libxl/%u/device/console/0", n);
    tree_write(t, fe, "/libxl/%u/device/console/0/frontend", n);
    tree_write(t, be, "/libxl/%u/device/console/0/backend", n);
    tree_rm(t, "%s", fe);
    tree_mknod(t, "n0", ro, "%s", fe);
    tree_write(t, be, "%s/backend", fe);
    tree_write(t, "0", "%s/backend-id", fe);
    tree_write(t, "1048576", "%s/limit", fe);
    tree_write(t, "xenconsoled", "%s/type", fe);
    tree_write(t, "pty", "%s/output", fe);
    tree_write(t, "", "%s/tty", fe);
    fmt_snprintf(num, sizeof(num), "%u", dom->console_port);
    tree_write(t, num, "%s/port", fe);
    fmt_snprintf(num, sizeof(num), "%llu", (unsigned long long)dom->console_mfn);
    tree_write(t, num, "%s/ring-ref", fe);
    tree_rm(t, "%s", be);
    tree_mknod(t, "n0", ro, "%s", be);
    tree_write(t, fe, "%s/frontend", be);
    fmt_snprintf(num, sizeof(num), "%u", n);
    for (int copy = 0; copy < 2; copy++) {
        char base[64];

        if (copy)
            fmt_snprintf(base, sizeof(base), "/libxl/%u/device/console/0", n);
        else
            fmt_snprintf(base, sizeof(base), "%s", be);
        tree_write(t, num, "%s/frontend-id", base);
        tree_write(t, "1", "%s/online", base);
        tree_write(t, "1", "%s/state", base);
        tree_write(t, "vt100", "%s/protocol", base);
    }
}

int xsd_tree_pv_domain(struct xs_daemon *d, const struct xsd_pv_domain *dom)
{
    struct tree t = { .c = xsd_conn_local(d, 0) };
    char ro[16], rw[16];

    if (!t.c)
        return XEN_ENOMEM;
    fmt_snprintf(ro, sizeof(ro), "r%u", dom->domid);
    fmt_snprintf(rw, sizeof(rw), "n%u", dom->domid);
    domain_make(&t, dom, ro, rw);
    build_post(&t, dom);
    console_add(&t, dom, ro);
    tree_write(&t, "qemu_xen", "/libxl/%u/dm-version", dom->domid);
    xsd_conn_close(t.c);
    return t.err;
}

int xsd_tree_pv_domain_remove(struct xs_daemon *d, unsigned domid, const char *uuid)
{
    struct tree t = { .c = xsd_conn_local(d, 0) };

    if (!t.c)
        return XEN_ENOMEM;
    tree_rm(&t, "/local/domain/0/backend/console/%u", domid);
    tree_rm(&t, "/local/domain/%u", domid);
    tree_rm(&t, "/vm/%s", uuid);
    tree_rm(&t, "/libxl/%u", domid);
    xsd_conn_close(t.c);
    return t.err;
}
