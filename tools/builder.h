/*
 * The domain builder run from dom0: builds a paused 64-bit PV domU the way
 * Xen 4.17's toolstack does (libxl's domain creation around libxenguest's
 * xc_dom_* builder), through the control seam (tools/xc.h) alone.  The
 * kernel is opened and placed by the very code the hypervisor boots dom0
 * with (common/kernel_image.c, common/pv_layout.c); the domU's layout is
 * the toolstack's (tools/builder_layout.c).
 *
 * In order: createdomain (libxl's PV defaults), max_vcpus, max_mem,
 * xenstore then console event channels (unbound, for the backend domain),
 * set_address_size 64, populate_physmap (2 MiB extents first, then single
 * pages), the kernel, initrd, P2M list and start_info written through
 * foreign mappings, the xenstore and console pages cleared, getdomaininfo
 * for shared_info, the initial page tables, hypercall_init, the L4 pinned,
 * shared_info reset, setvcpucontext for vCPU 0, grant entries 0 and 1
 * seeded for console and xenstore (in the frame XENMEM_acquire_resource
 * names or, where the hypervisor lacks it, the one setup_table names, as
 * libxenguest falls back).  The domain is left paused; a failed build
 * destroys it, leaving nothing behind.
 */
#ifndef TOOLS_BUILDER_H
#define TOOLS_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "common/kernel_image.h"
#include "public/event_channel.h"
#include "public/xen.h"

struct builder_spec {
    const void *kernel; /* an ELF or bzImage, as the hypervisor boots */
    size_t kernel_len;
    const void *ramdisk; /* NULL: none */
    size_t ramdisk_len;
    const char *cmdline; /* NULL: empty */
    unsigned mem_mb;     /* memory at start */
    unsigned max_mem_mb; /* 0: mem_mb */
    unsigned vcpus;
    domid_t domid;                      /* 0: the next free one */
    const uint8_t *handle;              /* 16 bytes of UUID, NULL: zero */
    domid_t console_domid, store_domid; /* the backends (0: dom0) */
    const struct kernel_alloc *mem;     /* the builder's own memory */
};

struct builder_result {
    domid_t domid;
    uint64_t store_mfn, console_mfn;
    evtchn_port_t store_port, console_port;
    uint64_t nr_pages;
};

/*
 * Build a domain: 0 with *out filled, or a negative errno with *problem
 * saying what failed (the domain, if one was created, is destroyed).
 */
int builder_build(const struct builder_spec *spec, struct builder_result *out,
                  const char **problem);

/* libxl's defaults for a PV domain's createdomain. */
#define BUILDER_MAX_EVTCHN_PORT     1023
#define BUILDER_MAX_GRANT_FRAMES    64
#define BUILDER_MAX_MAPTRACK_FRAMES 1024
/* libxl gives a domain this much more than its maximum memory (LIBXL_MAXMEM_CONSTANT). */
#define BUILDER_MAXMEM_SLACK_KB 1024

#endif
