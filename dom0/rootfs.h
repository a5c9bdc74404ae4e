/*
 * dom0's root file system: a read-only tree unpacked from the newc cpio
 * archive the builder hands dom0 as its initrd (start_info mod_start /
 * mod_len).  Files are not copied: their bytes stay in the archive, which
 * stays mapped for dom0's whole life.  Paths are absolute or relative to
 * the root (there is no current directory); "." and ".." are understood,
 * and ".." at the root stays there.
 *
 * Unpacking is forgiving, entry by entry: an entry whose name would leave
 * the root, that is neither a file nor a directory, or that clashes with
 * what is already there (a file where a directory is, or the reverse) is
 * skipped with a message; a later file replaces an earlier one of the same
 * name; directories an entry needs are made as needed.  A malformed
 * archive keeps the entries before the damage.
 */
#ifndef DOM0_ROOTFS_H
#define DOM0_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rootfs_node {
    const char *name; /* last component; "" for the root */
    bool is_dir;
    uint32_t mode; /* permission and type bits from the archive */
    uint32_t mtime;
    const uint8_t *data; /* a file's bytes */
    size_t size;
    struct rootfs_node *parent;
    struct rootfs_node *children; /* a directory's entries, sorted by name */
    struct rootfs_node *next;     /* the next entry in the parent */
};

struct rootfs_totals {
    unsigned files, dirs, skipped;
    size_t bytes;
};

/*
 * Unpacks an archive into the tree (entries add to what is there); each
 * problem is reported through report(text) as one line without newline.
 * 0, or the reader's -EINVAL for a malformed archive, or -ENOMEM.
 */
int rootfs_unpack(const void *archive, size_t len, void (*report)(const char *line),
                  struct rootfs_totals *totals);

/* The root directory (always there, possibly empty). */
const struct rootfs_node *rootfs_root(void);

/* Finds path: 0, -ENOENT, -ENOTDIR (a component is a file) or -ENAMETOOLONG. */
int rootfs_lookup(const char *path, const struct rootfs_node **out);

/* "No such file or directory" and the like for the errors above. */
const char *rootfs_strerror(int rc);

#endif /* DOM0_ROOTFS_H */
