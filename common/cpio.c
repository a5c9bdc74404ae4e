/*
 * The newc cpio reader (common/cpio.h).  Invariant: r->pos never exceeds
 * r->len, and every offset is computed so that it cannot wrap: sizes are
 * compared with what is left before they are added.
 */
#include "common/cpio.h"
#include "common/errno.h"
#include "common/string.h"

/* Field indexes in the header, after the 6-byte magic. */
enum {
    F_INO,
    F_MODE,
    F_UID,
    F_GID,
    F_NLINK,
    F_MTIME,
    F_FILESIZE,
    F_DEVMAJOR,
    F_DEVMINOR,
    F_RDEVMAJOR,
    F_RDEVMINOR,
    F_NAMESIZE,
    F_CHECK,
    NR_FIELDS
};

static const char TRAILER[] = "TRAILER!!!";

void cpio_reader_init(struct cpio_reader *r, const void *archive, size_t len)
{
    r->archive = archive;
    r->len = len;
    r->pos = 0;
    r->done = false;
    r->why = NULL;
}

static int fail(struct cpio_reader *r, const char *why)
{
    r->why = why;
    return -EINVAL;
}

/* Eight hex digits at p; false if any is not one. */
static bool parse_hex8(const uint8_t *p, uint32_t *value)
{
    uint32_t v = 0;

    for (int i = 0; i < 8; i++) {
        uint8_t c = p[i];
        uint32_t digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return false;
        v = v << 4 | digit;
    }
    *value = v;
    return true;
}

/* Bytes from offset `at` up to the next multiple of 4, or SIZE_MAX past the end. */
static size_t padded(size_t at, size_t len)
{
    size_t pad = (4 - (at & 3)) & 3;

    return pad <= len - at ? at + pad : SIZE_MAX;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
    const uint8_t *h = r->archive + r->pos;
    uint32_t f[NR_FIELDS];
    size_t name_at, data_at, next;

    if (r->why)
        return -EINVAL;
    if (r->done)
        return 0;
    if (r->len - r->pos < CPIO_HEADER_SIZE)
        return fail(r, r->pos == r->len ? "archive ends without TRAILER!!!" : "truncated header");
    if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
        return fail(r, "bad magic (not a newc cpio archive)");
    for (int i = 0; i < NR_FIELDS; i++)
        if (!parse_hex8(h + 6 + 8 * i, &f[i]))
            return fail(r, "header field is not hexadecimal");

    name_at = r->pos + CPIO_HEADER_SIZE;
    if (f[F_NAMESIZE] == 0 || f[F_NAMESIZE] > r->len - name_at)
        return fail(r, "name runs past the end of the archive");
    const char *name = (const char *)r->archive + name_at;
    if (name[f[F_NAMESIZE] - 1] != '\0' || strnlen(name, f[F_NAMESIZE]) != f[F_NAMESIZE] - 1)
        return fail(r, "name is not NUL-terminated where namesize says");
    if (strcmp(name, TRAILER) == 0) { /* its padding may be missing: nothing follows */
        r->done = true;
        r->pos = name_at + f[F_NAMESIZE];
        return 0;
    }
    data_at = padded(name_at + f[F_NAMESIZE], r->len);
    if (data_at == SIZE_MAX)
        return fail(r, "name padding runs past the end of the archive");
    if (f[F_FILESIZE] > r->len - data_at)
        return fail(r, "file data runs past the end of the archive");
    next = data_at + f[F_FILESIZE];
    next = next == r->len ? next : padded(next, r->len);
    if (next == SIZE_MAX)
        return fail(r, "data padding runs past the end of the archive");

    e->name = name;
    e->mode = f[F_MODE];
    e->mtime = f[F_MTIME];
    e->nlink = f[F_NLINK];
    e->data = r->archive + data_at;
    e->size = f[F_FILESIZE];
    r->pos = next;
    return 1;
}

int cpio_path_normalise(const char *name, char *out, size_t size)
{
    size_t len = 0;

    if (size == 0)
        return -ENAMETOOLONG;
    while (*name) {
        const char *end = strchr(name, '/');
        size_t n = end ? (size_t)(end - name) : strlen(name);

        if (n == 2 && name[0] == '.' && name[1] == '.')
            return -EINVAL;
        if (n && !(n == 1 && name[0] == '.')) {
            if (len + (len != 0) + n >= size)
                return -ENAMETOOLONG;
            if (len)
                out[len++] = '/';
            memcpy(out + len, name, n);
            len += n;
        }
        name += n;
        while (*name == '/')
            name++;
    }
    out[len] = '\0';
    return (int)len;
}
