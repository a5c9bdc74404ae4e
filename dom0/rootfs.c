/*
 * The root file system's tree (dom0/rootfs.h).  Nodes and their names are
 * allocated on the heap and never freed: the tree only grows, at boot.
 */
#include "common/cpio.h"
#include "common/errno.h"
#include "common/format.h"
#include "common/string.h"
#include "dom0/rootfs.h"
#include "guest/heap.h"

#define PATH_MAX_LEN 256

static struct rootfs_node root = { .name = "", .is_dir = true, .mode = CPIO_S_IFDIR | 0755 };

const struct rootfs_node *rootfs_root(void)
{
    return &root;
}

static struct rootfs_node *child(const struct rootfs_node *dir, const char *name, size_t len)
{
    for (struct rootfs_node *c = dir->children; c; c = c->next)
        if (strncmp(c->name, name, len) == 0 && c->name[len] == '\0')
            return c;
    return NULL;
}

/* A new entry in dir, kept in name order; NULL without memory. */
static struct rootfs_node *add_child(struct rootfs_node *dir, const char *name, size_t len)
{
    struct rootfs_node *n = calloc(1, sizeof(*n) + len + 1), **at = &dir->children;
    char *copy;

    if (!n)
        return NULL;
    copy = (char *)(n + 1);
    memcpy(copy, name, len);
    copy[len] = '\0';
    n->name = copy;
    n->parent = dir;
    while (*at && strcmp((*at)->name, copy) < 0)
        at = &(*at)->next;
    n->next = *at;
    *at = n;
    return n;
}

static void say(void (*report)(const char *), const char *fmt, const char *name, const char *why)
{
    char line[PATH_MAX_LEN + 128];

    if (report) {
        fmt_snprintf(line, sizeof(line), fmt, name, why);
        report(line);
    }
}

/* Adds one entry at a normalised path: 0, 1 if it is skipped (and reported), or -ENOMEM. */
static int add_entry(const struct cpio_entry *e, char *path, void (*report)(const char *),
                     struct rootfs_totals *t)
{
    uint32_t type = e->mode & CPIO_S_IFMT;
    struct rootfs_node *dir = &root, *n;
    char *name = path, *slash;

    if (type != CPIO_S_IFDIR && type != CPIO_S_IFREG) {
        say(report, "skipping %s: %s", e->name, "not a file or directory");
        return 1;
    }
    if (!*path)
        return 0; /* "." is the root itself */
    while ((slash = strchr(name, '/'))) {
        n = child(dir, name, (size_t)(slash - name));
        if (!n) {
            n = add_child(dir, name, (size_t)(slash - name));
            if (!n)
                return -ENOMEM;
            n->is_dir = true;
            n->mode = CPIO_S_IFDIR | 0755;
            t->dirs++;
        } else if (!n->is_dir) {
            say(report, "skipping %s: %s", e->name, "a file is in the way");
            return 1;
        }
        dir = n;
        name = slash + 1;
    }
    n = child(dir, name, strlen(name));
    if (n && n->is_dir != (type == CPIO_S_IFDIR)) {
        say(report, "skipping %s: %s", e->name,
            n->is_dir ? "a directory of that name exists" : "a file of that name exists");
        return 1;
    }
    if (!n) {
        n = add_child(dir, name, strlen(name));
        if (!n)
            return -ENOMEM;
        if (type == CPIO_S_IFDIR)
            t->dirs++;
        else
            t->files++;
    } else if (type == CPIO_S_IFREG) {
        t->bytes -= n->size; /* replaced by the later entry */
    }
    n->is_dir = type == CPIO_S_IFDIR;
    n->mode = e->mode;
    n->mtime = e->mtime;
    if (!n->is_dir) {
        n->data = e->data;
        n->size = e->size;
        t->bytes += e->size;
    }
    return 0;
}

int rootfs_unpack(const void *archive, size_t len, void (*report)(const char *line),
                  struct rootfs_totals *totals)
{
    struct cpio_reader r;
    struct cpio_entry e;
    char path[PATH_MAX_LEN];
    int rc;

    *totals = (struct rootfs_totals){ 0 };
    cpio_reader_init(&r, archive, len);
    while ((rc = cpio_next(&r, &e)) == 1) {
        int n = cpio_path_normalise(e.name, path, sizeof(path));
        if (n < 0) {
            say(report, "skipping %s: %s", e.name,
                n == -EINVAL ? "the path leaves the root" : "the path is too long");
            totals->skipped++;
            continue;
        }
        n = add_entry(&e, path, report, totals);
        if (n < 0)
            return n;
        totals->skipped += (unsigned)n;
    }
    if (rc < 0 && report) {
        char line[128];
        fmt_snprintf(line, sizeof(line), "malformed archive at byte %zu: %s", r.pos, r.why);
        report(line);
    }
    return rc;
}

int rootfs_lookup(const char *path, const struct rootfs_node **out)
{
    const struct rootfs_node *n = &root;

    if (strlen(path) >= PATH_MAX_LEN)
        return -ENAMETOOLONG;
    while (*path) {
        const char *end = strchr(path, '/');
        size_t len = end ? (size_t)(end - path) : strlen(path);

        if (len == 0 || (len == 1 && path[0] == '.')) {
            /* nothing to do */
        } else if (!n->is_dir) {
            return -ENOTDIR;
        } else if (len == 2 && path[0] == '.' && path[1] == '.') {
            n = n->parent ? n->parent : n;
        } else {
            n = child(n, path, len);
            if (!n)
                return -ENOENT;
        }
        path += len;
        if (*path == '/') {
            path++;
            if (!n->is_dir)
                return -ENOTDIR; /* "file/" */
        }
    }
    *out = n;
    return 0;
}

const char *rootfs_strerror(int rc)
{
    switch (rc) {
    case -ENOENT:
        return "No such file or directory";
    case -ENOTDIR:
        return "Not a directory";
    case -EISDIR:
        return "Is a directory";
    case -ENAMETOOLONG:
        return "File name too long";
    case -ENOMEM:
        return "Out of memory";
    case -EINVAL:
        return "Invalid argument";
    }
    return "Error";
}
