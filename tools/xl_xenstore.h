/*
 * What xl (libxl) tells xenstore about a domain: after building it, the
 * tree of /local/domain/N, /vm/UUID and /libxl/N, then XS_INTRODUCE so
 * that xenstored serves its ring; before destroying it, the console
 * backend and xenstored let go of it and the tree is removed.  Without a
 * xenstored (host tests, test guests) these do nothing.
 */
#ifndef TOOLS_XL_XENSTORE_H
#define TOOLS_XL_XENSTORE_H

#include <stdint.h>

#include "tools/builder.h"
#include "tools/xlcfg.h"

/* 0, or a negative errno (reported). */
int xl_xenstore_add_domain(const struct builder_result *built, const struct xlcfg *cfg,
                           const uint8_t uuid[16]);

/* Release the domain from the backends and remove its tree (what fails is ignored). */
void xl_xenstore_remove_domain(uint32_t domid);

/* The name xenstore gives domid (/local/domain/N/name) into buf: 0 or a negative errno. */
int xl_xenstore_name(uint32_t domid, char *buf, unsigned size);

/* The domain named name in xenstore: 0 and *domid, or -ENOENT (or another negative errno). */
int xl_xenstore_lookup(const char *name, uint32_t *domid);

/*
 * Rename domid (libxl_domain_rename): /local/domain/N/name and the
 * /vm/UUID/name beside it, in one transaction.  0, -EEXIST when another
 * domain has that name, -ENOENT when domid has no tree, or another
 * negative errno.
 */
int xl_xenstore_rename(uint32_t domid, const char *name);

#endif /* TOOLS_XL_XENSTORE_H */
