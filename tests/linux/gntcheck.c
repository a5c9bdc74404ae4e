/*
 * gntcheck: grant tables as Linux's own drivers use them, from dom0's
 * user space (tests/linux/init runs it; tests/harness/fetch-linux builds it
 * static).  /dev/xen/gntalloc grants a fresh page to domain 0 (ourselves);
 * /dev/xen/gntdev maps that grant (on a PV kernel: map_grant_ref through
 * the PTEs of the user mapping, GNTMAP_contains_pte, and of the kernel's);
 * each side must see what the other wrote; both are then taken down.
 * Prints one line saying what failed, or nothing, and exits 0 on success.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* The uapi header's grant-copy structures use Xen's names for these. */
typedef uint32_t grant_ref_t;
typedef uint16_t domid_t;

#include <xen/gntalloc.h>
#include <xen/gntdev.h>

#define PAGE 4096

static int failed(const char *what)
{
    printf("gntcheck: %s\n", what);
    return 1;
}

int main(void)
{
    struct ioctl_gntalloc_alloc_gref alloc = { .domid = 0,
                                               .flags = GNTALLOC_FLAG_WRITABLE,
                                               .count = 1 };
    struct ioctl_gntdev_map_grant_ref map = { .count = 1 };
    struct ioctl_gntdev_unmap_grant_ref unmap = { .count = 1 };
    struct ioctl_gntalloc_dealloc_gref dealloc = { .count = 1 };
    int galloc = open("/dev/xen/gntalloc", O_RDWR), gdev = open("/dev/xen/gntdev", O_RDWR);
    char *granted, *mapped;

    if (galloc < 0 || gdev < 0)
        return failed("cannot open /dev/xen/gntalloc and /dev/xen/gntdev");
    if (ioctl(galloc, IOCTL_GNTALLOC_ALLOC_GREF, &alloc))
        return failed("IOCTL_GNTALLOC_ALLOC_GREF failed");
    granted = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, galloc, alloc.index);
    if (granted == MAP_FAILED)
        return failed("mmap of the granted page failed");
    strcpy(granted, "written by the granter");

    map.refs[0].domid = 0;
    map.refs[0].ref = alloc.gref_ids[0];
    if (ioctl(gdev, IOCTL_GNTDEV_MAP_GRANT_REF, &map))
        return failed("IOCTL_GNTDEV_MAP_GRANT_REF failed");
    mapped = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, gdev, map.index);
    if (mapped == MAP_FAILED)
        return failed("mmap of the grant through gntdev failed (map_grant_ref refused)");
    if (strcmp(mapped, "written by the granter"))
        return failed("the mapping does not show what the granter wrote");
    strcpy(mapped + PAGE / 2, "written through the mapping");
    if (strcmp(granted + PAGE / 2, "written through the mapping"))
        return failed("the granter does not see what the mapping wrote");

    if (munmap(mapped, PAGE))
        return failed("munmap of the grant mapping failed");
    unmap.index = map.index;
    if (ioctl(gdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap))
        return failed("IOCTL_GNTDEV_UNMAP_GRANT_REF failed");
    if (munmap(granted, PAGE))
        return failed("munmap of the granted page failed");
    dealloc.index = alloc.index;
    if (ioctl(galloc, IOCTL_GNTALLOC_DEALLOC_GREF, &dealloc))
        return failed("IOCTL_GNTALLOC_DEALLOC_GREF failed");
    close(gdev);
    close(galloc);
    return 0;
}
