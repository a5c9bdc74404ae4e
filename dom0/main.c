/*
 * The dom0 kernel, a small control OS.  Start of day: say what start_info
 * tells us, check that we really are the privileged initial domain of a
 * Xen-compatible hypervisor, describe the start-of-day memory layout.
 * Then unpack the root file system (our initrd, a cpio archive), run
 * /etc/rc, and serve the console's shell from the main loop for ever
 * (dom0/loop.h: other event sources join it there).
 */
#include "common/string.h"
#include "dom0/consoled.h"
#include "dom0/dom0.h"
#include "dom0/loop.h"
#include "dom0/rootfs.h"
#include "dom0/shell.h"
#include "dom0/xenstored.h"
#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/runtime.h"
#include "public/version.h"

static void banner(const struct start_info *si)
{
    printk("dom0: PV dom0 kernel starting\n");
    printk("dom0: magic \"%.32s\"\n", si->magic);
    printk("dom0: nr_pages %lu (%lu MiB), flags %#x\n", si->nr_pages, si->nr_pages >> 8, si->flags);
    printk("dom0: shared_info maddr %#lx\n", si->shared_info);
    printk("dom0: pt_base %#lx, nr_pt_frames %lu\n", si->pt_base, si->nr_pt_frames);
    printk("dom0: mfn_list %#lx\n", si->mfn_list);
    printk("dom0: mod_start %#lx, mod_len %lu\n", si->mod_start, si->mod_len);
    printk("dom0: cmd_line \"%.1024s\"\n", si->cmd_line);
    printk("dom0: console info at offset %u, %u bytes\n", si->console.dom0.info_off,
           si->console.dom0.info_size);
}

/* Appends one problem to why[]; returns false so callers can chain. */
static bool problem(char *why, size_t size, const char *text)
{
    size_t len = strlen(why);

    if (len && len + 2 < size)
        str_copy(why + len, "; ", size - len), len += 2;
    if (len < size)
        str_copy(why + len, text, size - len);
    return false;
}

static bool check_environment(const struct start_info *si, char *why, size_t size)
{
    bool ok = true;
    long version = hypercall_xen_version(XENVER_version, NULL);
    xen_extraversion_t extra = "";
    xen_capabilities_info_t caps = "";

    if (strncmp(si->magic, "xen-", 4) != 0)
        ok = problem(why, size, "start_info magic does not start with \"xen-\"");
    if ((si->flags & (SIF_INITDOMAIN | SIF_PRIVILEGED)) != (SIF_INITDOMAIN | SIF_PRIVILEGED))
        ok = problem(why, size, "not SIF_INITDOMAIN|SIF_PRIVILEGED");
    if (version <= 0)
        ok = problem(why, size, "xen_version(XENVER_version) failed");
    if (hypercall_xen_version(XENVER_extraversion, extra) != 0)
        ok = problem(why, size, "xen_version(XENVER_extraversion) failed");
    if (hypercall_xen_version(XENVER_capabilities, caps) != 0)
        ok = problem(why, size, "xen_version(XENVER_capabilities) failed");
    else if (!str_contains(caps, "xen-3.0-x86_64"))
        ok = problem(why, size, "capabilities lack xen-3.0-x86_64");
    if (version > 0)
        printk("dom0: hypervisor %ld.%ld%.16s, capabilities \"%.1024s\"\n", version >> 16,
               version & 0xffff, extra, caps);
    return ok;
}

static void rootfs_say(const char *line)
{
    printk("dom0: root file system: %s\n", line);
}

/* Unpacks the initrd, which the builder mapped for us at mod_start. */
static void mount_root(const struct start_info *si)
{
    struct rootfs_totals t;
    int rc;

    if (!si->mod_len) {
        printk("dom0: root file system: none (no second module): an empty tree\n");
        return;
    }
    if (si->flags & SIF_MOD_START_PFN) {
        printk("dom0: root file system: given by PFN, which this kernel does not ask for\n");
        return;
    }
    rc = rootfs_unpack((const void *)si->mod_start, si->mod_len, rootfs_say, &t);
    printk("dom0: root file system: %u files, %u directories, %zu bytes%s%s\n", t.files, t.dirs,
           t.bytes, t.skipped ? ", some entries skipped" : "", rc ? " (archive damaged)" : "");
}

int guest_main(const struct start_info *si)
{
    char why[256] = "";
    long rc;

    banner(si);
    dom0_describe_layout(si);
    if (check_environment(si, why, sizeof(why)))
        printk("dom0: environment OK\n");
    else
        printk("dom0: environment NOT OK: %s\n", why);
    rc = loop_init();
    if (rc) {
        printk("dom0: cannot take events (%ld): no shell\n", rc);
        return 0;
    }
    rc = xenstored_start(si->nr_pages * 4);
    if (rc == 0)
        rc = consoled_start();
    if (rc)
        printk("dom0: no xenstore or no console backend (%ld)\n", rc);
    mount_root(si);
    rc = shell_init();
    if (rc)
        printk("dom0: cannot listen to the console (%ld): no prompt\n", rc);
    if (shell_run_script("/etc/rc") < 0)
        printk("dom0: no /etc/rc to run\n");
    if (!rc)
        shell_start();
    loop_run();
}
