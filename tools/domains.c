/*
 * Domain names (see domains.h): xenstore's (/local/domain/N/name, through
 * tools/xl_xenstore.h) when dom0 runs a xenstored that knows the domain,
 * else the toolstack's own registry, a small table with domain 0's name
 * fixed.  Both are kept: names set here go to both.  Invariant: no two
 * registry entries share a name or an id.
 */
#include "common/errno.h"
#include "common/string.h"
#include "tools/domains.h"
#include "tools/xl_xenstore.h"

static struct {
    bool used;
    uint32_t domid;
    char name[DOMAINS_NAME_MAX];
} table[DOMAINS_MAX];

static const char dom0_name[] = "Domain-0";

static const char *registry_name(uint32_t domid)
{
    if (domid == 0)
        return dom0_name;
    for (unsigned i = 0; i < DOMAINS_MAX; i++)
        if (table[i].used && table[i].domid == domid)
            return table[i].name;
    return NULL;
}

/* A few buffers in turn, so that two names can be used at once (comparing them). */
const char *domains_name(uint32_t domid)
{
    static char names[4][DOMAINS_NAME_MAX];
    static unsigned next;
    char *buf = names[next++ % 4];

    if (xl_xenstore_name(domid, buf, DOMAINS_NAME_MAX) == 0)
        return buf;
    return registry_name(domid);
}

static int registry_lookup(const char *name, uint32_t *domid)
{
    if (strcmp(name, dom0_name) == 0) {
        *domid = 0;
        return 0;
    }
    for (unsigned i = 0; i < DOMAINS_MAX; i++) {
        if (table[i].used && strcmp(table[i].name, name) == 0) {
            *domid = table[i].domid;
            return 0;
        }
    }
    return -ENOENT;
}

int domains_lookup(const char *name, uint32_t *domid)
{
    if (xl_xenstore_lookup(name, domid) == 0)
        return 0;
    return registry_lookup(name, domid);
}

int domains_set_name(uint32_t domid, const char *name)
{
    uint32_t other;
    int slot = -1, rc;

    if (domid == 0 || !name[0] || strlen(name) >= DOMAINS_NAME_MAX)
        return -EINVAL;
    if (domains_lookup(name, &other) == 0 && other != domid)
        return -EEXIST;
    rc = xl_xenstore_rename(domid, name); /* -ENOENT: no xenstored, or not a domain it has */
    if (rc && rc != -ENOENT)
        return rc;
    for (unsigned i = 0; i < DOMAINS_MAX; i++) {
        if (table[i].used && table[i].domid == domid) {
            slot = (int)i;
            break;
        }
        if (!table[i].used && slot < 0)
            slot = (int)i;
    }
    if (slot < 0)
        return -ENOSPC;
    table[slot].used = true;
    table[slot].domid = domid;
    str_copy(table[slot].name, name, sizeof(table[slot].name));
    return 0;
}

void domains_forget(uint32_t domid)
{
    for (unsigned i = 0; i < DOMAINS_MAX; i++)
        if (table[i].used && table[i].domid == domid)
            table[i].used = false;
}

void domains_reset(void)
{
    memset(table, 0, sizeof(table));
}
