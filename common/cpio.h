/*
 * A reader for `newc` cpio archives (what `cpio -H newc -o` writes, the
 * format of Linux's initramfs and of dom0's root file system).
 *
 * An archive is a run of entries, each a 110-byte ASCII header (magic
 * "070701", or "070702" with a checksum we do not verify, then thirteen
 * 8-digit hex fields), the entry's name with its NUL (namesize bytes),
 * padding to a multiple of 4 from the archive's start, the data
 * (filesize bytes) and padding to 4 again.  The entry named "TRAILER!!!"
 * ends the archive; what follows it (cpio pads to 512-byte blocks) is
 * ignored.
 *
 * The reader never trusts the archive: every size is checked against what
 * is left before it is used, a name must end with its only NUL, and an
 * archive that stops before its trailer is an error (the trailer's own
 * padding may be missing).  Entries point into
 * the archive; nothing is copied.
 */
#ifndef COMMON_CPIO_H
#define COMMON_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPIO_HEADER_SIZE 110

/* File types in the mode field (the st_mode bits every Unix uses). */
#define CPIO_S_IFMT  0170000u
#define CPIO_S_IFDIR 0040000u
#define CPIO_S_IFREG 0100000u
#define CPIO_S_IFLNK 0120000u

struct cpio_entry {
    const char *name; /* NUL-terminated, inside the archive, as written */
    uint32_t mode;    /* type and permission bits */
    uint32_t mtime;
    uint32_t nlink;
    const void *data; /* the file's bytes, inside the archive */
    size_t size;
};

struct cpio_reader {
    const uint8_t *archive;
    size_t len;
    size_t pos;      /* offset of the next header */
    bool done;       /* the trailer was read */
    const char *why; /* after an error: what was wrong, at offset `pos` */
};

void cpio_reader_init(struct cpio_reader *r, const void *archive, size_t len);

/*
 * The next entry into *e: 1, or 0 once the trailer is reached (and every
 * call after it), or -EINVAL if the archive is malformed there (r->why
 * says how, r->pos where; every later call fails the same way).
 */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

/*
 * An entry's name as a path inside the root: leading "/" and "./", empty
 * and "." components dropped, separators made single, so "./etc//rc" is
 * "etc/rc" and "." is "" (the root itself).  -EINVAL if a component is
 * "..", which would leave the root; -ENAMETOOLONG if out[size] is too
 * small.  Returns the length of out otherwise.
 */
int cpio_path_normalise(const char *name, char *out, size_t size);

#endif /* COMMON_CPIO_H */
