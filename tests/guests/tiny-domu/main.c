/*
 * tiny-domu: the domU tests/guests/build-domu builds from dom0 with the
 * toolstack's builder (tools/builder.c).  It checks what the builder handed
 * it, says hello through console_io (which reaches the console on our
 * hypervisor; Xen's release build drops a domU's console_io), and shuts
 * down.  The shutdown reason is its answer, read by dom0 with
 * getdomaininfo:
 *
 *     poweroff   all is well (or what the command line asked: crash, reboot)
 *     watchdog   a check failed (the console line says which)
 *
 * Command line: pages=<n> (nr_pages expected), initrd=<bytes> (an initrd
 * that starts with an ELF header was handed over), crash, reboot.
 */
#include "common/string.h"
#include "guest/args.h"
#include "guest/console.h"
#include "guest/grants.h"
#include "guest/mm.h"
#include "guest/runtime.h"
#include "public/sched.h"

static const char *failed;

static void expect(bool ok, const char *what)
{
    if (!ok && !failed)
        failed = what;
}

/* Is mfn one of our frames (through the P2M the builder wrote)? */
static bool ours(uint64_t mfn)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == mfn)
            return true;
    return false;
}

static void check_start_info(const struct start_info *si)
{
    uint64_t pages = arg_uint("pages", 0), initrd = arg_uint("initrd", 0);

    expect(!strcmp(si->magic, "xen-3.0-x86_64"), "start_info magic");
    expect(!pages || si->nr_pages == pages, "nr_pages");
    expect(!(si->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)), "flags say privileged");
    expect(si->store_evtchn && si->console.domU.evtchn, "event channels");
    expect(si->store_evtchn != si->console.domU.evtchn, "one port for both rings");
    expect(ours(si->store_mfn) && ours(si->console.domU.mfn), "ring frames not ours");
    for (uint64_t pfn = 0; pfn < si->nr_pages; pfn += 61)
        expect(M2P[((const uint64_t *)si->mfn_list)[pfn]] == pfn, "P2M and M2P disagree");
    if (initrd) {
        const uint8_t *mod = (const uint8_t *)si->mod_start;

        expect(si->mod_len >= initrd && si->mod_len < initrd + PAGE_SIZE, "initrd length");
        expect(!(si->flags & SIF_MOD_START_PFN) && mod[0] == 0x7f && mod[1] == 'E', "initrd bytes");
    } else {
        expect(!si->mod_start && !si->mod_len, "an initrd nobody gave");
    }
}

/* Grant entries 0 and 1: the console and xenstore rings, for dom0. */
static void check_grants(const struct start_info *si)
{
    volatile struct grant_entry_v1 *g;

    if (grants_map_own_table(&g)) {
        expect(false, "mapping our grant table");
        return;
    }
    expect(g[GNTTAB_RESERVED_CONSOLE].flags == GTF_permit_access &&
               g[GNTTAB_RESERVED_CONSOLE].domid == 0 &&
               g[GNTTAB_RESERVED_CONSOLE].frame == si->console.domU.mfn,
           "grant entry 0 (console)");
    expect(g[GNTTAB_RESERVED_XENSTORE].flags == GTF_permit_access &&
               g[GNTTAB_RESERVED_XENSTORE].domid == 0 &&
               g[GNTTAB_RESERVED_XENSTORE].frame == si->store_mfn,
           "grant entry 1 (xenstore)");
    expect(!g[2].flags, "grant entry 2 in use");
}

int guest_main(const struct start_info *si)
{
    check_start_info(si);
    check_grants(si);
    if (failed) {
        printk("tiny-domu: check failed: %s\n", failed);
        guest_shutdown(SHUTDOWN_watchdog);
    }
    printk("tiny-domu: hello from a domU dom0 built (%lu pages)\n", si->nr_pages);
    if (arg_present("crash"))
        guest_crash();
    if (arg_present("reboot"))
        guest_shutdown(SHUTDOWN_reboot);
    guest_poweroff();
}
