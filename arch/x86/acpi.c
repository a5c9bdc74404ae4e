/*
 * Just enough ACPI to find the CPUs: the RSDP in the BIOS area, the
 * RSDT/XSDT, and the MADT's local-APIC entries.  Every table is checked
 * (signature, length, checksum) before it is believed.
 */
#include "arch/x86/acpi.h"
#include "xen/arch/mm.h"
#include "xen/printk.h"

struct acpi_header {
    char signature[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem[6], oem_table[8];
    uint32_t oem_revision, creator, creator_revision;
} __attribute__((packed));

static const void *phys(uint64_t pa)
{
    return (const uint8_t *)arch_mfn_to_virt(0) + pa;
}

static bool checksum_ok(const void *p, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++)
        sum += ((const uint8_t *)p)[i];
    return sum == 0;
}

/* Tables live below 4 GiB on the machines we boot (the direct map's boot range). */
static const struct acpi_header *table_at(uint64_t pa, const char *signature)
{
    const struct acpi_header *h;

    if (!pa || pa >= (4UL << 30) - sizeof(*h))
        return NULL;
    h = phys(pa);
    if (memcmp(h->signature, signature, 4) || h->length < sizeof(*h) ||
        pa + h->length > (4UL << 30) || !checksum_ok(h, h->length))
        return NULL;
    return h;
}

static const uint8_t *find_rsdp(void)
{
    for (uint64_t pa = 0xE0000; pa < 0x100000; pa += 16) {
        const uint8_t *p = phys(pa);
        if (!memcmp(p, "RSD PTR ", 8) && checksum_ok(p, 20))
            return p;
    }
    return NULL;
}

static const struct acpi_header *find_madt(void)
{
    const uint8_t *rsdp = find_rsdp();
    const struct acpi_header *root;
    unsigned entry_size = 4;

    if (!rsdp)
        return NULL;
    root = table_at(*(const uint32_t *)(rsdp + 16), "RSDT");
    if (rsdp[15] >= 2 && checksum_ok(rsdp, 36)) {
        const struct acpi_header *xsdt = table_at(*(const uint64_t *)(rsdp + 24), "XSDT");
        if (xsdt) {
            root = xsdt;
            entry_size = 8;
        }
    }
    if (!root)
        return NULL;
    for (uint32_t off = sizeof(*root); off + entry_size <= root->length; off += entry_size) {
        const uint8_t *entry = (const uint8_t *)root + off;
        uint64_t pa = entry_size == 8 ? *(const uint64_t *)entry : *(const uint32_t *)entry;
        const struct acpi_header *madt = table_at(pa, "APIC");
        if (madt)
            return madt;
    }
    return NULL;
}

unsigned acpi_find_cpus(uint32_t *apic_ids, unsigned max)
{
    const struct acpi_header *madt = find_madt();
    unsigned n = 0;

    if (!madt)
        return 0;
    for (uint32_t off = sizeof(*madt) + 8; off + 2 <= madt->length;) {
        const uint8_t *e = (const uint8_t *)madt + off;
        if (e[1] < 2 || off + e[1] > madt->length)
            break;
        /* Type 0: processor local APIC {acpi id, apic id, flags: bit 0 enabled} */
        if (e[0] == 0 && e[1] >= 8 && (*(const uint32_t *)(e + 4) & 1) && n < max)
            apic_ids[n++] = e[3];
        off += e[1];
    }
    return n;
}
