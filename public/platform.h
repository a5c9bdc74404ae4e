/*
 * public/platform.h - platform_op(op) (hypercall 7), for privileged domains.
 *
 * The argument is one struct xen_platform_op whose interface_version must
 * equal XENPF_INTERFACE_VERSION (else -XEN_EACCES).  Only the sub-ops a
 * PV dom0 uses early have structures here; the rest are numbered only.
 */
#ifndef PUBLIC_PLATFORM_H
#define PUBLIC_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

#define XENPF_settime32            17              /* struct xenpf_settime32 */
#define XENPF_settime              XENPF_settime64 /* current meaning of the old name */
#define XENPF_add_memtype          31
#define XENPF_del_memtype          32
#define XENPF_read_memtype         33
#define XENPF_microcode_update     35
#define XENPF_platform_quirk       39
#define XENPF_get_cpu_version      48
#define XENPF_efi_runtime_call     49
#define XENPF_firmware_info        50 /* struct xenpf_firmware_info */
#define XENPF_enter_acpi_sleep     51
#define XENPF_change_freq          52
#define XENPF_getidletime          53
#define XENPF_set_processor_pminfo 54
#define XENPF_get_cpuinfo          55
#define XENPF_cpu_online           56
#define XENPF_cpu_offline          57
#define XENPF_cpu_hotadd           58
#define XENPF_mem_hotadd           59
#define XENPF_core_parking         60
#define XENPF_resource_op          61
#define XENPF_settime64            62 /* struct xenpf_settime64 */
#define XENPF_get_symbol           63

/*
 * Set the wall clock so that it reads secs:nsecs (since the epoch) at
 * system time system_time.
 */
struct xenpf_settime32 {
    uint32_t secs;        /* seconds since 1970-01-01 UTC */
    uint32_t nsecs;       /* nanoseconds */
    uint64_t system_time; /* system time (ns) the wall time refers to */
};
_Static_assert(sizeof(struct xenpf_settime32) == 16, "settime32 size");
_Static_assert(offsetof(struct xenpf_settime32, system_time) == 8, "settime32 system_time");

struct xenpf_settime64 {
    uint64_t secs;        /* seconds since 1970-01-01 UTC */
    uint32_t nsecs;       /* nanoseconds */
    uint32_t mbz;         /* must be zero */
    uint64_t system_time; /* system time (ns) the wall time refers to */
};
_Static_assert(sizeof(struct xenpf_settime64) == 24, "settime64 size");
_Static_assert(offsetof(struct xenpf_settime64, nsecs) == 8, "settime64 nsecs");
_Static_assert(offsetof(struct xenpf_settime64, system_time) == 16, "settime64 system_time");

/* xenpf_firmware_info.type */
#define XEN_FW_DISK_INFO          1 /* BIOS int 13h drive parameters */
#define XEN_FW_DISK_MBR_SIGNATURE 2 /* MBR signature of a BIOS drive */
#define XEN_FW_VBEDDC_INFO        3 /* VBE DDC (EDID) data */
#define XEN_FW_EFI_INFO           4 /* EFI information, index = XEN_FW_EFI_* */
#define XEN_FW_KBD_SHIFT_FLAGS    5 /* BIOS keyboard shift flags */

/* xenpf_firmware_info.index for XEN_FW_EFI_INFO */
#define XEN_FW_EFI_VERSION          0 /* EFI version */
#define XEN_FW_EFI_CONFIG_TABLE     1 /* configuration table */
#define XEN_FW_EFI_VENDOR           2 /* firmware vendor string */
#define XEN_FW_EFI_MEM_INFO         3 /* memory range attributes */
#define XEN_FW_EFI_RT_VERSION       4 /* runtime services version */
#define XEN_FW_EFI_PCI_ROM          5 /* PCI option ROM image */
#define XEN_FW_EFI_APPLE_PROPERTIES 6 /* Apple device properties */

/* Firmware facts Xen collected at boot; index selects drive/item. */
struct xenpf_firmware_info {
    uint32_t type;  /* IN: XEN_FW_* */
    uint32_t index; /* IN: which drive / item */
    union {
        struct {
            uint8_t device;                   /* BIOS drive number */
            uint8_t version;                  /* EDD major version */
            uint16_t interface_support;       /* EDD support bitmap */
            uint16_t legacy_max_cylinder;     /* highest cylinder */
            uint8_t legacy_max_head;          /* highest head */
            uint8_t legacy_sectors_per_track; /* sectors per track */
            uint64_t edd_params;              /* guest pointer to an EDD parameter buffer */
        } disk_info;                          /* XEN_FW_DISK_INFO */
        struct {
            uint8_t device;         /* BIOS drive number */
            uint8_t _pad[3];        /* padding */
            uint32_t mbr_signature; /* 32-bit signature at MBR offset 0x1b8 */
        } disk_mbr_signature;       /* XEN_FW_DISK_MBR_SIGNATURE */
        struct {
            uint8_t capabilities;       /* VBE DDC capabilities */
            uint8_t edid_transfer_time; /* seconds per EDID block */
            uint8_t _pad[6];            /* padding */
            uint64_t edid;              /* guest pointer to a 128-byte buffer */
        } vbeddc_info;                  /* XEN_FW_VBEDDC_INFO */
        union {
            uint32_t version; /* XEN_FW_EFI_VERSION / _RT_VERSION */
            struct {
                uint64_t addr; /* configuration table address */
                uint32_t nent; /* number of entries */
                uint32_t _pad; /* padding */
            } cfg;             /* XEN_FW_EFI_CONFIG_TABLE */
            struct {
                uint32_t revision; /* OUT: firmware revision */
                uint32_t bufsz;    /* IN: size of name in bytes */
                uint64_t name;     /* guest pointer to a UTF-16 buffer */
            } vendor;              /* XEN_FW_EFI_VENDOR */
            struct {
                uint64_t addr; /* IN: address; OUT: range start */
                uint64_t size; /* OUT: range size */
                uint64_t attr; /* OUT: EFI attributes */
                uint32_t type; /* OUT: EFI memory type */
                uint32_t _pad; /* padding */
            } mem;             /* XEN_FW_EFI_MEM_INFO */
            struct {
                uint16_t segment; /* IN: PCI segment */
                uint8_t bus;      /* IN: PCI bus */
                uint8_t devfn;    /* IN: PCI device/function */
                uint16_t vendor;  /* IN: vendor id */
                uint16_t devid;   /* IN: device id */
                uint64_t address; /* OUT: ROM image address */
                xen_ulong_t size; /* OUT: ROM image size */
            } pci_rom;            /* XEN_FW_EFI_PCI_ROM */
            struct {
                uint64_t address; /* OUT: properties address */
                xen_ulong_t size; /* OUT: properties size */
            } apple_properties;   /* XEN_FW_EFI_APPLE_PROPERTIES */
        } efi_info;               /* XEN_FW_EFI_INFO */
        uint8_t kbd_shift_flags;  /* XEN_FW_KBD_SHIFT_FLAGS */
    } u;                          /* OUT: per-type data */
};
_Static_assert(sizeof(struct xenpf_firmware_info) == 40, "firmware_info size");
_Static_assert(offsetof(struct xenpf_firmware_info, u) == 8, "firmware_info u");
_Static_assert(offsetof(struct xenpf_firmware_info, u.disk_info.edd_params) == 16,
               "firmware_info edd_params");
_Static_assert(offsetof(struct xenpf_firmware_info, u.disk_mbr_signature.mbr_signature) == 12,
               "firmware_info mbr_signature");
_Static_assert(offsetof(struct xenpf_firmware_info, u.vbeddc_info.edid) == 16,
               "firmware_info edid");
_Static_assert(offsetof(struct xenpf_firmware_info, u.efi_info.mem.type) == 32,
               "firmware_info efi mem type");

struct xen_platform_op {
    uint32_t cmd;               /* XENPF_* */
    uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
    union {
        struct xenpf_settime32 settime32;         /* XENPF_settime32 */
        struct xenpf_settime64 settime64;         /* XENPF_settime64 */
        struct xenpf_firmware_info firmware_info; /* XENPF_firmware_info */
        uint8_t pad[128];                         /* fixes the union size */
    } u;                                          /* per-command argument */
};
_Static_assert(sizeof(struct xen_platform_op) == 136, "platform_op size");
_Static_assert(offsetof(struct xen_platform_op, interface_version) == 4,
               "platform_op interface_version");
_Static_assert(offsetof(struct xen_platform_op, u) == 8, "platform_op u");

typedef struct xenpf_settime32 xenpf_settime32_t;
typedef struct xenpf_settime64 xenpf_settime64_t;
typedef struct xenpf_firmware_info xenpf_firmware_info_t;
typedef struct xen_platform_op xen_platform_op_t;

#endif /* PUBLIC_PLATFORM_H */
