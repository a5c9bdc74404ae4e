/*
 * xl create: read the configuration (file and key=value overrides) with the
 * xl.cfg parser, read the kernel and ramdisk, build the domain with the
 * domain builder (tools/builder.h), name it, and unpause it unless -p.
 * With -F, stay and watch it as xl does, acting on on_poweroff / on_reboot
 * / on_crash when it shuts down (destroy, restart, preserve).
 *
 * The domain's xenstore tree is written and the domain introduced to
 * xenstored as libxl does (tools/xl_xenstore.h) when dom0 runs one.
 * -c attaches to the console backend (tools/xl_console.h).  Not here yet
 * (each answers honestly): the watching process xl forks without -F (there
 * are no processes: without -F a shut-down domain stays until `xl destroy`).
 */
#include "common/errno.h"
#include "common/string.h"
#include "guest/heap.h"
#include "public/sched.h"
#include "tools/builder.h"
#include "tools/domains.h"
#include "tools/print.h"
#include "tools/xl.h"
#include "tools/xl_cmds.h"
#include "tools/xl_console.h"
#include "tools/xl_create.h"
#include "tools/xl_utils.h"
#include "tools/xl_xenstore.h"

#define XL_CREATED_MAX   32 /* domains whose configuration is remembered */
#define XL_OVERRIDES_MAX 32

static xl_file_reader file_reader;

static struct {
    bool used;
    uint32_t domid;
    struct xlcfg cfg;
} created[XL_CREATED_MAX];

/* The configuration being created (large: kept off the stack). */
static struct xlcfg cfg;

void xl_set_file_reader(xl_file_reader reader)
{
    file_reader = reader;
}

const struct xlcfg *xl_created_config(uint32_t domid)
{
    for (unsigned i = 0; i < XL_CREATED_MAX; i++)
        if (created[i].used && created[i].domid == domid)
            return &created[i].cfg;
    return NULL;
}

bool xl_created_at(unsigned i, uint32_t *domid, const struct xlcfg **c)
{
    if (i >= XL_CREATED_MAX)
        return false;
    *domid = created[i].domid;
    *c = created[i].used ? &created[i].cfg : NULL;
    return true;
}

void xl_create_forget(uint32_t domid)
{
    for (unsigned i = 0; i < XL_CREATED_MAX; i++)
        if (created[i].used && created[i].domid == domid)
            created[i].used = false;
}

void xl_created_add(uint32_t domid, const struct xlcfg *c)
{
    for (unsigned i = 0; i < XL_CREATED_MAX; i++) {
        if (!created[i].used) {
            created[i].used = true;
            created[i].domid = domid;
            created[i].cfg = *c;
            return;
        }
    }
}

static int read_file(const char *path, const void **data, size_t *len)
{
    if (!file_reader)
        return -ENOSYS;
    return file_reader(path, data, len);
}

/* A handle for a config without uuid=: version-4 form, from the domain's own numbers. */
static void make_uuid(uint8_t uuid[16], const struct xlcfg *c, unsigned serial)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a over the name and a serial */

    for (const char *p = c->name; *p; p++)
        h = (h ^ (uint8_t)*p) * 1099511628211ULL;
    for (unsigned i = 0; i < 16; i++) {
        h = (h ^ (serial + i)) * 1099511628211ULL;
        uuid[i] = (uint8_t)(h >> 32);
    }
    uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);
    uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);
}

/* Build the domain of cfg: its id, or a libxl error code (reported). */
static int build(const struct xlcfg *c, uint32_t *domid)
{
    static const struct kernel_alloc heap = { malloc, free };
    static unsigned serial;
    struct builder_spec spec = { 0 };
    struct builder_result out;
    const char *problem = "unknown";
    void *copy = NULL;
    uint8_t uuid[16];
    uint32_t other;
    int rc;

    if (domains_lookup(c->name, &other) == 0) {
        xl_libxl_error("Domain %u:Domain with name \"%s\" already exists.", other, c->name);
        return LIBXL_ERROR_INVAL;
    }
    if (!c->kernel[0]) {
        xl_libxl_error("no kernel specified for PV domain \"%s\"", c->name);
        return LIBXL_ERROR_INVAL;
    }
    rc = read_file(c->kernel, &spec.kernel, &spec.kernel_len);
    if (rc) {
        xl_libxl_error("failed to read kernel %s: %s", c->kernel, xl_strerror(rc));
        return LIBXL_ERROR_FAIL;
    }
    if (c->ramdisk[0]) {
        /* the reader's buffer may not outlive another read: the kernel is read last */
        rc = read_file(c->ramdisk, &spec.ramdisk, &spec.ramdisk_len);
        if (!rc)
            rc = read_file(c->kernel, &spec.kernel, &spec.kernel_len);
        if (rc) {
            xl_libxl_error("failed to read ramdisk %s: %s", c->ramdisk, xl_strerror(rc));
            return LIBXL_ERROR_FAIL;
        }
    }
    /* ELF headers must be 8-byte aligned; a file in a cpio archive is only 4-byte aligned */
    if ((uintptr_t)spec.kernel & 7) {
        if (!(copy = malloc(spec.kernel_len))) {
            xl_libxl_error("cannot copy kernel %s: %s", c->kernel, xl_strerror(-ENOMEM));
            return LIBXL_ERROR_FAIL;
        }
        spec.kernel = memcpy(copy, spec.kernel, spec.kernel_len);
    }
    if (c->has_uuid)
        memcpy(uuid, c->uuid, sizeof(uuid));
    else
        make_uuid(uuid, c, ++serial);
    spec.cmdline = c->cmdline;
    spec.mem_mb = (unsigned)(c->target_memkb / 1024);
    spec.max_mem_mb = (unsigned)(c->max_memkb / 1024);
    spec.vcpus = c->max_vcpus;
    spec.handle = uuid;
    spec.mem = &heap;
    rc = builder_build(&spec, &out, &problem);
    free(copy);
    if (rc) {
        xl_libxl_error("cannot (re-)build domain: %s: %s", problem, xl_strerror(rc));
        return LIBXL_ERROR_FAIL;
    }
    *domid = out.domid;
    if (xl_xenstore_add_domain(&out, c, uuid)) { /* libxl fails the creation then */
        xl_destroy_domain(out.domid);
        return LIBXL_ERROR_FAIL;
    }
    domains_set_name(out.domid, c->name);
    xl_note_start(out.domid);
    xl_created_add(out.domid, c);
    return 0;
}

int xl_create_domain(const struct xlcfg *c, bool paused, uint32_t *domid)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_unpausedomain };
    int rc = build(c, domid);
    long err;

    if (rc || paused)
        return rc;
    op.domain = (domid_t)*domid;
    err = xc_domctl(&op);
    if (err < 0) {
        xl_libxl_error("Domain %u:Unpausing domain: %s", *domid, xl_strerror(err));
        return LIBXL_ERROR_FAIL;
    }
    return 0;
}

bool xl_shutdown_action(const struct xlcfg *c, unsigned reason, enum xlcfg_action *action)
{
    switch (reason) {
    case SHUTDOWN_poweroff:
        *action = c->on_poweroff;
        return true;
    case SHUTDOWN_reboot:
        *action = c->on_reboot;
        return true;
    case SHUTDOWN_crash:
        *action = c->on_crash;
        return true;
    case SHUTDOWN_watchdog:
        *action = c->on_watchdog;
        return true;
    case SHUTDOWN_soft_reset:
        *action = c->on_soft_reset;
        return true;
    case SHUTDOWN_suspend:
        return false;
    }
    *action = XLCFG_ACTION_DESTROY;
    return true;
}

/* -F: watch the domain until it is gone, acting on its on_* settings as xl does. */
static int watch(uint32_t domid, const struct xlcfg *c, bool *restart)
{
    struct xen_domctl_getdomaininfo info;
    enum xlcfg_action action;
    unsigned reason;

    *restart = false;
    tools_printf("Waiting for domain %s (domid %u) to die\n", c->name, domid);
    for (;;) {
        if (xl_domain_info(domid, &info)) {
            tools_printf("Domain %u has been destroyed.\n", domid);
            return XL_EXIT_OK;
        }
        if (info.flags & XEN_DOMINF_shutdown)
            break;
        xc_sched_op(SCHEDOP_yield, NULL);
    }
    reason = (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    tools_printf("Domain %u has shut down, reason code %u 0x%x\n", domid, reason, reason);
    if (reason == SHUTDOWN_suspend) {
        tools_printf("Domain has suspended.\n");
        return XL_EXIT_OK;
    }
    if (reason > SHUTDOWN_MAX)
        tools_printf("Unknown shutdown reason code %u. Destroying domain.\n", reason);
    xl_shutdown_action(c, reason, &action);
    tools_printf("Action for shutdown reason code %u is %s\n", reason, xlcfg_action_name(action));
    if (action == XLCFG_ACTION_COREDUMP_DESTROY || action == XLCFG_ACTION_COREDUMP_RESTART) {
        tools_printf("core dump failed (rc=%d).\n", LIBXL_ERROR_FAIL); /* no dump directory */
        action =
            action == XLCFG_ACTION_COREDUMP_DESTROY ? XLCFG_ACTION_DESTROY : XLCFG_ACTION_RESTART;
    }
    switch (action) {
    case XLCFG_ACTION_PRESERVE:
        tools_printf("Done. Exiting now\n");
        return XL_EXIT_OK;
    case XLCFG_ACTION_RESTART:
    case XLCFG_ACTION_DESTROY:
        tools_printf("Domain %u needs to be cleaned up: destroying the domain\n", domid);
        xl_destroy_domain(domid);
        *restart = action == XLCFG_ACTION_RESTART;
        tools_printf(*restart ? "Done. Rebooting now\n" : "Done. Exiting now\n");
        return XL_EXIT_OK;
    default: /* rename-restart and soft-reset keep state this toolstack does not have */
        tools_printf("xl: action %s is not supported here: leaving domain %u as it is\n",
                     xlcfg_action_name(action), domid);
        return XL_EXIT_FAILURE;
    }
}

int main_create(int argc, char **argv)
{
    static const struct xl_option opts[] = { { "quiet", false, 'q' },
                                             { "defconfig", true, 'f' },
                                             { NULL, false, 0 } };
    static char *overrides[XL_OVERRIDES_MAX];
    bool paused = false, console = false, foreground = false;
    const char *filename = NULL;
    const void *text;
    struct xl_getopt g;
    int opt, noverrides = 0, rc;
    uint32_t domid;
    size_t len;

    xl_getopt_init(&g, argc, argv);
    while ((opt = xl_getopt(&g, "Fnqf:pcde", opts, "create", 0)) >= 0) {
        if (opt == 'p')
            paused = true;
        else if (opt == 'c')
            console = true;
        else if (opt == 'F')
            foreground = true;
        else if (opt == 'f')
            filename = g.optarg;
        else if (opt == 'n') {
            tools_printf("xl create: -n (dry run) is not supported by this toolstack\n");
            return XL_EXIT_FAILURE;
        }
    }
    if (opt == XL_OPT_EXIT)
        return g.exit_code;
    for (int i = g.optind; i < g.argc; i++) {
        if (strchr(g.argv[i], '=') && noverrides < XL_OVERRIDES_MAX) {
            overrides[noverrides++] = g.argv[i];
        } else if (!filename && !strchr(g.argv[i], '=')) {
            filename = g.argv[i];
        } else {
            xl_help("create");
            return XL_EXIT_USAGE;
        }
    }
    if (!filename) {
        xl_help("create");
        return XL_EXIT_USAGE;
    }
    tools_printf("Parsing config from %s\n", filename);
    rc = read_file(filename, &text, &len);
    if (rc) {
        tools_printf("Failed to read config file: %s: %s\n", filename, xl_strerror(rc));
        return -LIBXL_ERROR_FAIL;
    }
    if (xlcfg_parse(&cfg, filename, text, len, noverrides, overrides))
        return XL_EXIT_FAILURE;
    for (;;) {
        bool restart;

        rc = xl_create_domain(&cfg, paused, &domid);
        if (rc)
            return -rc;
        if (console) /* until detached or the domain ends, as xl's console child */
            return xl_console_attach(domid);
        if (!foreground)
            return XL_EXIT_OK;
        rc = watch(domid, &cfg, &restart);
        if (!restart)
            return rc;
    }
}
