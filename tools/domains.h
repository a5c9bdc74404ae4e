/*
 * Domain names, as the toolstack knows them.  On Xen they live in xenstore
 * (/local/domain/N/name, written by libxl at creation, Domain-0 by
 * xen-init-dom0); until dom0's xenstored is wired in, this small registry
 * of the domains the toolstack created stands in for it, with "Domain-0" for
 * domain 0.  Everything in xl goes through these functions, so the xenstore
 * integration replaces this file alone.
 */
#ifndef TOOLS_DOMAINS_H
#define TOOLS_DOMAINS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DOMAINS_NAME_MAX 64 /* bytes of a name, NUL included */
#define DOMAINS_MAX      64 /* named domains besides domain 0 */

/* The name of domid, or NULL if it has none (libxl_domid_to_name's NULL). */
const char *domains_name(uint32_t domid);

/* The domain called name: 0 and *domid, or -ENOENT. */
int domains_lookup(const char *name, uint32_t *domid);

/*
 * Name domid (replacing any name it had): 0, -EEXIST if another domain has
 * that name, -EINVAL for an empty or too long name or domain 0 (whose name
 * is fixed), -ENOSPC when the registry is full.
 */
int domains_set_name(uint32_t domid, const char *name);

/* Forget domid's name (it was destroyed). */
void domains_forget(uint32_t domid);

/* Forget every name (tests). */
void domains_reset(void);

#endif /* TOOLS_DOMAINS_H */
