/*
 * public/features.h - XENFEAT_* bits reported by XENVER_get_features.
 *
 * Bit n of submap 0 is feature n.  Current Linux PV kernels refuse to boot
 * unless mmu_pt_update_preserve_ad and gnttab_map_avail_bits are set.
 */
#ifndef PUBLIC_FEATURES_H
#define PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables       0  /* guest may write PTEs directly */
#define XENFEAT_writable_descriptor_tables 1  /* guest may write GDT/LDT directly */
#define XENFEAT_auto_translated_physmap    2  /* hypervisor translates PFN->MFN */
#define XENFEAT_supervisor_mode_kernel     3  /* kernel runs in ring 0 (never for us) */
#define XENFEAT_pae_pgdir_above_4gb        4  /* PAE page directories may be above 4 GiB */
#define XENFEAT_mmu_pt_update_preserve_ad  5  /* MMU_PT_UPDATE_PRESERVE_AD is available */
#define XENFEAT_highmem_assist             6  /* MMUEXT_{CLEAR,COPY}_PAGE are available */
#define XENFEAT_gnttab_map_avail_bits      7  /* GNTMAP guest-available bits honoured */
#define XENFEAT_hvm_callback_vector        8  /* HVM: vector callback for events */
#define XENFEAT_hvm_safe_pvclock           9  /* HVM: safe to use the PV clock */
#define XENFEAT_hvm_pirqs                  10 /* HVM: PIRQs are event channels */
#define XENFEAT_dom0                       11 /* kernel can run as dom0 */
#define XENFEAT_grant_map_identity         12 /* deprecated, never reported */
#define XENFEAT_memory_op_vnode_supported  13 /* XENMEMF_vnode is understood */
#define XENFEAT_ARM_SMCCC_supported        14 /* Arm SMCCC (not x86) */
#define XENFEAT_linux_rsdp_unrestricted    15 /* Linux may place the RSDP anywhere */
#define XENFEAT_not_direct_mapped          16 /* domain memory is not 1:1 mapped */
#define XENFEAT_direct_mapped              17 /* domain memory is 1:1 mapped */

#define XENFEAT_NR_SUBMAPS 1 /* number of 32-bit feature submaps */

#endif /* PUBLIC_FEATURES_H */
