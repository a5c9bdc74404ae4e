/*
 * public/elfnote.h - ELF notes a PV kernel uses to describe itself.
 *
 * Each note is a standard ELF note whose name is "Xen" (namesz 4, with the
 * NUL).  The loader scans PT_NOTE segments first, then SHT_NOTE sections.
 * "Numeric" descriptors are 4 or 8 bytes (descsz says which), "string"
 * descriptors are NUL-terminated.
 */
#ifndef PUBLIC_ELFNOTE_H
#define PUBLIC_ELFNOTE_H

/* The note name every Xen note carries. */
#define XEN_ELFNOTE_NAME "Xen"

#define XEN_ELFNOTE_INFO               0  /* name=value pair; ignored by the loader */
#define XEN_ELFNOTE_ENTRY              1  /* numeric: virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE     2  /* numeric: where to write the hypercall page */
#define XEN_ELFNOTE_VIRT_BASE          3  /* numeric: virtual base of the image */
#define XEN_ELFNOTE_PADDR_OFFSET       4  /* numeric: VIRT_BASE minus this = ELF paddr base */
#define XEN_ELFNOTE_XEN_VERSION        5  /* string: must start with "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS           6  /* string: e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION      7  /* string: informational */
#define XEN_ELFNOTE_LOADER             8  /* string: "generic" */
#define XEN_ELFNOTE_PAE_MODE           9  /* string: "yes", "no", "bimodal" */
#define XEN_ELFNOTE_FEATURES           10 /* string: '|'-separated XENFEAT names, '!' = required */
#define XEN_ELFNOTE_BSD_SYMTAB         11 /* string: "yes" loads the symbol table */
#define XEN_ELFNOTE_HV_START_LOW       12 /* numeric: lowest acceptable hole start (32-bit) */
#define XEN_ELFNOTE_L1_MFN_VALID       13 /* numeric pairs: mask/value of MFN-holding L1 entries */
#define XEN_ELFNOTE_SUSPEND_CANCEL     14 /* numeric: cooperative suspend cancel supported */
#define XEN_ELFNOTE_INIT_P2M           15 /* numeric: virtual address for the P2M list */
#define XEN_ELFNOTE_MOD_START_PFN      16 /* numeric: non-zero = initrd may be passed by PFN */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* numeric: u32 bitmap of supported XENFEAT bits */
#define XEN_ELFNOTE_PHYS32_ENTRY       18 /* numeric: PVH 32-bit entry (ignored for PV) */
#define XEN_ELFNOTE_MAX                XEN_ELFNOTE_PHYS32_ENTRY

/* Notes found in crash dumps and core files rather than kernels. */
#define XEN_ELFNOTE_CRASH_INFO              0x1000001 /* kexec crash information */
#define XEN_ELFNOTE_CRASH_REGS              0x1000002 /* kexec crash registers */
#define XEN_ELFNOTE_DUMPCORE_NONE           0x2000000 /* core file: empty marker */
#define XEN_ELFNOTE_DUMPCORE_HEADER         0x2000001 /* core file: header */
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION    0x2000002 /* core file: hypervisor version */
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003 /* core file: format version */

#endif /* PUBLIC_ELFNOTE_H */
