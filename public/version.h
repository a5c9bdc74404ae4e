/*
 * public/version.h - xen_version(cmd, arg) (hypercall 17).
 *
 * arg is a guest pointer to the per-command buffer below, or NULL where
 * noted.  Strings are NUL-padded to their full length.
 */
#ifndef PUBLIC_VERSION_H
#define PUBLIC_VERSION_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

#define XENVER_version             0  /* arg NULL; returns (major << 16) | minor */
#define XENVER_extraversion        1  /* arg: xen_extraversion_t */
#define XENVER_compile_info        2  /* arg: struct xen_compile_info */
#define XENVER_capabilities        3  /* arg: xen_capabilities_info_t */
#define XENVER_changeset           4  /* arg: xen_changeset_info_t */
#define XENVER_platform_parameters 5  /* arg: struct xen_platform_parameters */
#define XENVER_get_features        6  /* arg: struct xen_feature_info */
#define XENVER_pagesize            7  /* arg NULL; returns the page size */
#define XENVER_guest_handle        8  /* arg: xen_domain_handle_t */
#define XENVER_commandline         9  /* arg: xen_commandline_t */
#define XENVER_build_id            10 /* arg: struct xen_build_id, or NULL for its size */

#define XEN_EXTRAVERSION_LEN      16
#define XEN_CAPABILITIES_INFO_LEN 1024
#define XEN_CHANGESET_INFO_LEN    64
#define XEN_COMMANDLINE_INFO_LEN  1024

/* Version suffix, e.g. ".2". */
typedef char xen_extraversion_t[XEN_EXTRAVERSION_LEN];
/* Space-separated guest types, e.g. "xen-3.0-x86_64 ". */
typedef char xen_capabilities_info_t[XEN_CAPABILITIES_INFO_LEN];
/* Source revision identifier. */
typedef char xen_changeset_info_t[XEN_CHANGESET_INFO_LEN];
/* Hypervisor command line. */
typedef char xen_commandline_t[XEN_COMMANDLINE_INFO_LEN];

struct xen_compile_info {
    char compiler[64];       /* compiler description */
    char compile_by[16];     /* user who built it */
    char compile_domain[32]; /* build host's domain */
    char compile_date[32];   /* build date */
};
_Static_assert(sizeof(struct xen_compile_info) == 144, "compile_info size");
_Static_assert(offsetof(struct xen_compile_info, compile_date) == 112, "compile_info compile_date");

struct xen_platform_parameters {
    xen_ulong_t virt_start; /* start of the hypervisor hole */
};
_Static_assert(sizeof(struct xen_platform_parameters) == 8, "platform_parameters size");

struct xen_feature_info {
    uint32_t submap_idx; /* IN: which 32-bit submap (0 only) */
    uint32_t submap;     /* OUT: XENFEAT_* bits of that submap */
};
_Static_assert(sizeof(struct xen_feature_info) == 8, "feature_info size");
_Static_assert(offsetof(struct xen_feature_info, submap) == 4, "feature_info submap");

struct xen_build_id {
    uint32_t len;        /* IN: buffer size; OUT: bytes written */
    unsigned char buf[]; /* OUT: the build id bytes */
};
_Static_assert(sizeof(struct xen_build_id) == 4, "build_id size");

typedef struct xen_compile_info xen_compile_info_t;
typedef struct xen_platform_parameters xen_platform_parameters_t;
typedef struct xen_feature_info xen_feature_info_t;
typedef struct xen_build_id xen_build_id_t;

#endif /* PUBLIC_VERSION_H */
