/*
 * Permissions and what each domain owns.
 *
 * A node's permissions are a list: the first entry names the owner and what
 * every domain not listed may do; each further entry grants one domain
 * n(one), r(ead), w(rite) or b(oth).  The owner, a domain it is the target
 * of (XS_SET_TARGET) and the privileged domains (dom0, and dom0's local
 * connections) may do everything.  Entries naming a domain that does not
 * exist are kept but ignored, and when a domain goes its nodes pass to dom0,
 * so a new domain reusing the id inherits nothing (Xen does this lazily, by
 * generation counts; the sweep in domain_forget_perms has the same effect).
 */
#include "common/format.h"
#include "common/string.h"
#include "tools/xenstore/core.h"

bool domid_is_priv(const struct xs_daemon *d, unsigned domid)
{
    return domid == 0 || domid == d->priv_domid;
}

bool conn_is_priv(const struct xs_conn *c)
{
    return !c || !c->domain || domid_is_priv(c->d, c->domain->domid);
}

static bool conn_speaks_for(const struct xs_conn *c, unsigned domid)
{
    return domid == c->id || (c->has_target && domid == c->target);
}

unsigned perm_for_conn(const struct xs_conn *c, const struct xs_perm *perms, unsigned nperms)
{
    const unsigned all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;

    if (conn_is_priv(c) || conn_speaks_for(c, perms[0].id))
        return all;
    for (unsigned i = 1; i < nperms; i++)
        if (!(perms[i].perms & XS_PERM_IGNORE) && conn_speaks_for(c, perms[i].id))
            return perms[i].perms & all;
    return perms[0].perms & all;
}

/* num strings "<r|w|b|n><domid>" back to back; XEN_EINVAL if one is malformed. */
int perms_parse(const char *strings, unsigned num, struct xs_perm *out)
{
    const char *p = strings, *end;

    for (unsigned i = 0; i < num; i++) {
        switch (*p) {
        case 'r':
            out[i].perms = XS_PERM_READ;
            break;
        case 'w':
            out[i].perms = XS_PERM_WRITE;
            break;
        case 'b':
            out[i].perms = XS_PERM_READ | XS_PERM_WRITE;
            break;
        case 'n':
            out[i].perms = XS_PERM_NONE;
            break;
        default:
            return XEN_EINVAL;
        }
        p++;
        out[i].id = (unsigned)xs_strtol0(p, &end);
        if (*end || !*p)
            return XEN_EINVAL;
        p = end + 1;
    }
    return 0;
}

/* The GET_PERMS payload: one string per entry, ignored ones too (as Xen); NULL if no memory. */
char *perms_format(const struct xs_perm *perms, unsigned nperms, unsigned *len)
{
    char *out = xs_malloc(nperms * 16u), *p = out;
    static const char letter[4] = { 'n', 'r', 'w', 'b' };

    if (!out)
        return NULL;
    for (unsigned i = 0; i < nperms; i++) {
        p += fmt_snprintf(p, 16, "%c%d", letter[perms[i].perms & 3], (int)perms[i].id) + 1;
    }
    *len = (unsigned)(p - out);
    return out;
}

struct xs_domain *domain_find(struct xs_daemon *d, unsigned domid)
{
    struct xs_domain *dom;

    for (dom = d->domains; dom; dom = dom->next)
        if (dom->domid == domid)
            return dom;
    return NULL;
}

/* The accounting record of domid, made on first use. */
struct xs_domain *domain_get(struct xs_daemon *d, unsigned domid)
{
    struct xs_domain *dom = domain_find(d, domid);

    if (dom)
        return dom;
    dom = xs_zalloc(sizeof(*dom));
    if (!dom)
        return NULL;
    dom->domid = domid;
    dom->next = d->domains;
    d->domains = dom;
    return dom;
}

void domain_drop(struct xs_daemon *d, struct xs_domain *dom)
{
    for (struct xs_domain **p = &d->domains; *p; p = &(*p)->next)
        if (*p == dom) {
            *p = dom->next;
            xs_free(dom);
            return;
        }
}

static bool domain_exists(struct xs_daemon *d, unsigned domid)
{
    struct xs_domain *dom = domain_find(d, domid);

    if (domid == 0 || (dom && dom->introduced))
        return true;
    return !d->hooks.domain_exists || d->hooks.domain_exists(d->hooks.ctx, domid);
}

/* XS_SET_PERMS: entries for domains that do not exist are stored ignored. */
void perms_mark_missing(struct xs_daemon *d, struct xs_perm *perms, unsigned nperms)
{
    for (unsigned i = 0; i < nperms; i++)
        if (!domain_exists(d, perms[i].id))
            perms[i].perms |= XS_PERM_IGNORE;
}

/* Nodes the connection's domain owns, counting its open transaction's changes. */
int domain_entries(struct xs_conn *c)
{
    struct xs_domain *dom;
    int n;

    if (conn_is_priv(c))
        return 0;
    dom = domain_find(c->d, c->id);
    n = dom ? dom->nbentry : 0;
    if (c->transaction)
        n += trans_entry_delta(c->transaction, c->id);
    return n;
}

/* owner gains (or loses) delta nodes; inside a transaction only once it commits. */
int domain_entry_add(struct xs_conn *c, unsigned owner, int delta)
{
    struct xs_domain *dom;

    if (c->transaction)
        return trans_note_entries(c->transaction, owner, delta);
    dom = domain_get(c->d, owner);
    if (!dom)
        return XEN_ENOMEM;
    dom->nbentry += delta;
    return 0;
}

/* domid is gone: its nodes pass to the privileged domain, its grants lapse. */
void domain_forget_perms(struct xs_daemon *d, unsigned domid)
{
    struct xs_domain *dom = domain_find(d, domid);
    int moved = 0;

    for (unsigned b = 0; b < d->store.nbuckets; b++) {
        for (struct xs_node *n = d->store.buckets[b]; n; n = n->hash_next) {
            if (n->perms[0].id == domid) {
                n->perms[0].id = d->priv_domid;
                moved++;
            }
            for (unsigned i = 1; i < n->nperms; i++)
                if (n->perms[i].id == domid)
                    n->perms[i].perms |= XS_PERM_IGNORE;
        }
    }
    if (dom)
        dom->nbentry -= moved;
}

struct xs_special *special_perms(struct xs_daemon *d, const char *name)
{
    if (strcmp(name, "@introduceDomain") == 0)
        return &d->introduce_perms;
    if (strcmp(name, "@releaseDomain") == 0)
        return &d->release_perms;
    return NULL;
}
