/* xl's part of xenstore (tools/xl_xenstore.h), as libxl plays it for a PV domain. */
#include "common/errno.h"
#include "common/format.h"
#include "common/string.h"
#include "guest/heap.h"
#include "tools/console_attach.h"
#include "tools/print.h"
#include "tools/xl_xenstore.h"
#include "tools/xs.h"

static void uuid_text(const uint8_t u[16], char out[37])
{
    fmt_snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
                 u[13], u[14], u[15]);
}

int xl_xenstore_add_domain(const struct builder_result *built, const struct xlcfg *cfg,
                           const uint8_t uuid[16])
{
    struct xs_daemon *d = xs_get_daemon();
    struct xsd_pv_domain dom = {
        .domid = built->domid,
        .name = cfg->name,
        .max_memkb = cfg->max_memkb,
        .target_memkb = cfg->target_memkb,
        .vcpus = cfg->vcpus,
        .store_mfn = built->store_mfn,
        .store_port = built->store_port,
        .console_mfn = built->console_mfn,
        .console_port = built->console_port,
        .kernel = cfg->kernel,
        .ramdisk = cfg->ramdisk[0] ? cfg->ramdisk : NULL,
        .cmdline = cfg->cmdline[0] ? cfg->cmdline : NULL,
        .start_time = "0.00", /* dom0 has no wall clock to give */
    };
    struct xs_handle *h;
    char text[37];
    int rc;

    if (!d)
        return 0;
    uuid_text(uuid, text);
    dom.uuid = text;
    rc = xsd_tree_pv_domain(d, &dom);
    if (rc) {
        tools_printf("libxl: error: Domain %u:cannot write the domain's xenstore entries: %d\n",
                     built->domid, rc);
        return -rc;
    }
    h = xs_open();
    rc = h ? xs_introduce_domain(h, built->domid, built->store_mfn, built->store_port) : -ENOMEM;
    xs_close(h);
    if (rc)
        tools_printf("libxl: error: Domain %u:xs_introduce_domain failed: %d\n", built->domid, rc);
    return rc;
}

void xl_xenstore_remove_domain(uint32_t domid)
{
    struct xs_daemon *d = xs_get_daemon();
    struct xs_handle *h;
    char path[48], *vm = NULL;

    console_release(domid);
    if (!d)
        return;
    h = xs_open();
    if (!h)
        return;
    fmt_snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    if (xs_read_str(h, path, &vm))
        vm = NULL;
    xs_release_domain(h, domid); /* -ENOENT when it was never introduced */
    xs_close(h);
    xsd_tree_pv_domain_remove(d, domid, vm && !strncmp(vm, "/vm/", 4) ? vm + 4 : "");
    free(vm);
}

int xl_xenstore_name(uint32_t domid, char *buf, unsigned size)
{
    struct xs_handle *h = xs_open();
    char path[48], *name;
    int rc;

    if (!h)
        return -ENOENT;
    fmt_snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    rc = xs_read_str(h, path, &name);
    xs_close(h);
    if (rc)
        return rc;
    if (strlen(name) >= size)
        rc = -ENAMETOOLONG;
    else
        str_copy(buf, name, size);
    free(name);
    return rc;
}

int xl_xenstore_lookup(const char *name, uint32_t *domid)
{
    struct xs_handle *h = xs_open();
    char **ids, path[48], *value;
    unsigned n;
    int rc;

    if (!h)
        return -ENOENT;
    rc = xs_directory(h, XBT_NULL, "/local/domain", &ids, &n);
    if (rc) {
        xs_close(h);
        return rc;
    }
    rc = -ENOENT;
    for (unsigned i = 0; i < n && rc == -ENOENT; i++) {
        unsigned long id = 0;
        const char *p = ids[i];

        for (; *p >= '0' && *p <= '9' && id < 0x10000; p++)
            id = id * 10 + (unsigned long)(*p - '0');
        if (*p || p == ids[i])
            continue;
        fmt_snprintf(path, sizeof(path), "/local/domain/%lu/name", id);
        if (xs_read_str(h, path, &value))
            continue;
        if (!strcmp(value, name)) {
            *domid = (uint32_t)id;
            rc = 0;
        }
        free(value);
    }
    free(ids);
    xs_close(h);
    return rc;
}

/* One attempt of the rename in transaction t. */
static int rename_in(struct xs_handle *h, xs_transaction_t t, uint32_t domid, const char *name)
{
    char path[64], *vm;
    size_t len;
    int rc;

    fmt_snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    rc = xs_read(h, t, path, &vm, &len);
    if (rc)
        return rc;
    fmt_snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    rc = xs_write(h, t, path, name, strlen(name));
    if (!rc && !strncmp(vm, "/vm/", 4) && len + 6 <= sizeof(path)) {
        fmt_snprintf(path, sizeof(path), "%s/name", vm);
        rc = xs_write(h, t, path, name, strlen(name));
    }
    free(vm);
    return rc;
}

int xl_xenstore_rename(uint32_t domid, const char *name)
{
    struct xs_handle *h;
    uint32_t other;
    int rc;

    rc = xl_xenstore_lookup(name, &other);
    if (rc == 0)
        return other == domid ? 0 : -EEXIST;
    h = xs_open();
    if (!h)
        return -ENOENT;
    do {
        xs_transaction_t t;

        rc = xs_transaction_start(h, &t);
        if (rc)
            break;
        rc = rename_in(h, t, domid, name);
        if (rc) {
            xs_transaction_end(h, t, true);
            break;
        }
        rc = xs_transaction_end(h, t, false);
    } while (rc == -EAGAIN);
    xs_close(h);
    return rc;
}
