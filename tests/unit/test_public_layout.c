/*
 * Layout tests for public/: the guest ABI structures must have Xen 4.17's
 * x86_64 sizes and offsets, and the helper macros must encode what the
 * ABI says.  The headers already pin most of this with _Static_assert;
 * these run-time checks make a regression show up as a named failing test
 * and also cover macros and constants the asserts do not.
 */
#include <check.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <public/arch-x86_64.h>
#include <public/callback.h>
#include <public/cpuid.h>
#include <public/domctl.h>
#include <public/elfnote.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/features.h>
#include <public/grant_table.h>
#include <public/io/console.h>
#include <public/io/xs_wire.h>
#include <public/memory.h>
#include <public/nmi.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/sched.h>
#include <public/sysctl.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/xen.h>

#define CK_SIZE(type, n)       ck_assert_uint_eq(sizeof(type), (n))
#define CK_OFF(type, field, n) ck_assert_uint_eq(offsetof(type, field), (n))

/* ---- xen.h ---------------------------------------------------------- */

START_TEST(start_info_is_1168_bytes_with_xen_offsets)
{
    CK_SIZE(struct start_info, 1168);
    CK_OFF(struct start_info, nr_pages, 32);
    CK_OFF(struct start_info, shared_info, 40);
    CK_OFF(struct start_info, flags, 48);
    CK_OFF(struct start_info, store_mfn, 56);
    CK_OFF(struct start_info, store_evtchn, 64);
    CK_OFF(struct start_info, console.domU.mfn, 72);
    CK_OFF(struct start_info, console.domU.evtchn, 80);
    CK_OFF(struct start_info, pt_base, 88);
    CK_OFF(struct start_info, mfn_list, 104);
    CK_OFF(struct start_info, mod_start, 112);
    CK_OFF(struct start_info, cmd_line, 128);
    CK_OFF(struct start_info, first_p2m_pfn, 1152);
    CK_OFF(struct start_info, nr_p2m_frames, 1160);
}
END_TEST

START_TEST(start_info_dom0_console_overlays_domU_console)
{
    struct start_info si;

    memset(&si, 0, sizeof(si));
    si.console.dom0.info_off = 1168;
    si.console.dom0.info_size = sizeof(struct dom0_vga_console_info);
    /* Same bytes seen through the domU view: info_off is the low half. */
    ck_assert_uint_eq(si.console.domU.mfn & 0xffffffffu, 1168);
    ck_assert_uint_eq(si.console.domU.mfn >> 32, 40);
    ck_assert_int_eq(SIF_PRIVILEGED | SIF_INITDOMAIN, 3);
    ck_assert_int_eq(SIF_MOD_START_PFN, 8);
    ck_assert_int_eq(SIF_PM_MASK, 0xff00);
    ck_assert_int_eq(MAX_GUEST_CMDLINE, 1024);
}
END_TEST

START_TEST(shared_info_has_xen_offsets)
{
    CK_SIZE(struct shared_info, 3136);
    CK_OFF(struct shared_info, vcpu_info, 0);
    CK_OFF(struct shared_info, evtchn_pending, 2048);
    CK_OFF(struct shared_info, evtchn_mask, 2560);
    CK_OFF(struct shared_info, wc_version, 3072);
    CK_OFF(struct shared_info, wc_sec, 3076);
    CK_OFF(struct shared_info, wc_nsec, 3080);
    CK_OFF(struct shared_info, wc_sec_hi, 3084);
    CK_OFF(struct shared_info, arch, 3088);
    CK_OFF(struct shared_info, arch.pfn_to_mfn_frame_list_list, 3096);
    CK_OFF(struct shared_info, arch.p2m_generation, 3128);
    ck_assert_int_eq(XEN_LEGACY_MAX_VCPUS, 32);
    /* vcpu_info[1] starts one 64-byte slot after vcpu_info[0]. */
    CK_OFF(struct shared_info, vcpu_info[1], 64);
}
END_TEST

START_TEST(vcpu_info_is_64_bytes_with_time_at_32)
{
    CK_SIZE(struct vcpu_info, 64);
    CK_OFF(struct vcpu_info, evtchn_upcall_pending, 0);
    CK_OFF(struct vcpu_info, evtchn_upcall_mask, 1);
    CK_OFF(struct vcpu_info, evtchn_pending_sel, 8);
    CK_OFF(struct vcpu_info, arch.cr2, 16);
    CK_OFF(struct vcpu_info, time, 32);
    CK_SIZE(struct vcpu_time_info, 32);
    CK_OFF(struct vcpu_time_info, tsc_timestamp, 8);
    CK_OFF(struct vcpu_time_info, system_time, 16);
    CK_OFF(struct vcpu_time_info, tsc_to_system_mul, 24);
    CK_OFF(struct vcpu_time_info, tsc_shift, 28);
    CK_OFF(struct vcpu_time_info, flags, 29);
    CK_SIZE(struct arch_vcpu_info, 16);
    CK_SIZE(struct arch_shared_info, 48);
}
END_TEST

START_TEST(mmu_requests_have_xen_layout)
{
    CK_SIZE(struct mmu_update, 16);
    CK_OFF(struct mmu_update, val, 8);
    CK_SIZE(struct mmuext_op, 24);
    CK_OFF(struct mmuext_op, arg1.mfn, 8);
    CK_OFF(struct mmuext_op, arg1.linear_addr, 8);
    CK_OFF(struct mmuext_op, arg2.nr_ents, 16);
    CK_OFF(struct mmuext_op, arg2.vcpumask, 16);
    CK_OFF(struct mmuext_op, arg2.src_mfn, 16);
    CK_SIZE(struct multicall_entry, 64);
    CK_OFF(struct multicall_entry, args, 16);
    ck_assert_int_eq(MMU_PT_UPDATE_PRESERVE_AD, 2);
    ck_assert_int_eq(MMUEXT_NEW_USER_BASEPTR, 15);
    ck_assert_int_eq(MMUEXT_UNMARK_SUPER, 20);
    ck_assert_uint_eq(UVMF_INVLPG | UVMF_ALL, 6);
}
END_TEST

START_TEST(hypercall_numbers_match_xen)
{
    ck_assert_int_eq(__HYPERVISOR_mmu_update, 1);
    ck_assert_int_eq(__HYPERVISOR_memory_op, 12);
    ck_assert_int_eq(__HYPERVISOR_iret, 23);
    ck_assert_int_eq(__HYPERVISOR_mmuext_op, 26);
    ck_assert_int_eq(__HYPERVISOR_sched_op, 29);
    ck_assert_int_eq(__HYPERVISOR_event_channel_op, 32);
    ck_assert_int_eq(__HYPERVISOR_domctl, 36);
    ck_assert_int_eq(__HYPERVISOR_hypfs_op, 42);
    ck_assert_int_eq(__HYPERVISOR_mca, 48);
    /* The iret stub sits at page offset 0x2E0. */
    ck_assert_int_eq(__HYPERVISOR_iret * XEN_HYPERCALL_SLOT_SIZE, 0x2e0);
    ck_assert_int_eq(XEN_HYPERCALL_NR_SLOTS * XEN_HYPERCALL_SLOT_SIZE, 4096);
    ck_assert_int_eq(VIRQ_TIMER, 0);
    ck_assert_int_eq(VIRQ_DOM_EXC, 3);
    ck_assert_int_eq(VIRQ_MCA, 16);
    ck_assert_int_eq(NR_VIRQS, 24);
}
END_TEST

START_TEST(domids_are_xen_values)
{
    ck_assert_uint_eq(sizeof(domid_t), 2);
    ck_assert_uint_eq(DOMID_SELF, 0x7ff0);
    ck_assert_uint_eq(DOMID_IO, 0x7ff1);
    ck_assert_uint_eq(DOMID_XEN, 0x7ff2);
    ck_assert_uint_eq(DOMID_INVALID, 0x7ff4);
    ck_assert_uint_eq(DOMID_IDLE, 0x7fff);
    ck_assert_uint_eq(DOMID_FIRST_RESERVED, DOMID_SELF);
}
END_TEST

START_TEST(dom0_vga_console_info_is_40_bytes)
{
    CK_SIZE(struct dom0_vga_console_info, 40);
    CK_OFF(struct dom0_vga_console_info, u.text_mode_3.font_height, 4);
    CK_OFF(struct dom0_vga_console_info, u.text_mode_3.columns, 12);
    CK_OFF(struct dom0_vga_console_info, u.vesa_lfb.lfb_base, 12);
    CK_OFF(struct dom0_vga_console_info, u.vesa_lfb.lfb_size, 16);
    CK_OFF(struct dom0_vga_console_info, u.vesa_lfb.gbl_caps, 28);
    CK_OFF(struct dom0_vga_console_info, u.vesa_lfb.ext_lfb_base, 36);
    CK_SIZE(struct xen_multiboot_mod_list, 16);
}
END_TEST

/* ---- arch-x86_64.h -------------------------------------------------- */

START_TEST(cpu_user_regs_is_200_bytes)
{
    CK_SIZE(struct cpu_user_regs, 200);
    CK_OFF(struct cpu_user_regs, r15, 0);
    CK_OFF(struct cpu_user_regs, rax, 80);
    CK_OFF(struct cpu_user_regs, rdi, 112);
    CK_OFF(struct cpu_user_regs, error_code, 120);
    CK_OFF(struct cpu_user_regs, rip, 128);
    CK_OFF(struct cpu_user_regs, cs, 136);
    CK_OFF(struct cpu_user_regs, saved_upcall_mask, 140);
    CK_OFF(struct cpu_user_regs, rflags, 144);
    CK_OFF(struct cpu_user_regs, rsp, 152);
    CK_OFF(struct cpu_user_regs, ss, 160);
    CK_OFF(struct cpu_user_regs, gs, 192);
}
END_TEST

START_TEST(vcpu_guest_context_is_5168_bytes)
{
    CK_SIZE(struct vcpu_guest_context, 5168);
    CK_OFF(struct vcpu_guest_context, flags, 512);
    CK_OFF(struct vcpu_guest_context, user_regs, 520);
    CK_OFF(struct vcpu_guest_context, trap_ctxt, 720);
    CK_OFF(struct vcpu_guest_context, ldt_base, 4816);
    CK_OFF(struct vcpu_guest_context, gdt_frames, 4832);
    CK_OFF(struct vcpu_guest_context, gdt_ents, 4960);
    CK_OFF(struct vcpu_guest_context, kernel_ss, 4968);
    CK_OFF(struct vcpu_guest_context, kernel_sp, 4976);
    CK_OFF(struct vcpu_guest_context, ctrlreg, 4984);
    CK_OFF(struct vcpu_guest_context, ctrlreg[3], 5008);
    CK_OFF(struct vcpu_guest_context, debugreg, 5048);
    CK_OFF(struct vcpu_guest_context, event_callback_eip, 5112);
    CK_OFF(struct vcpu_guest_context, syscall_callback_eip, 5128);
    CK_OFF(struct vcpu_guest_context, vm_assist, 5136);
    CK_OFF(struct vcpu_guest_context, gs_base_user, 5160);
    ck_assert_int_eq(VGCF_in_kernel, 4);
    ck_assert_int_eq(VGCF_online, 32);
    ck_assert_int_eq(VGCF_in_syscall, 0x100);
}
END_TEST

START_TEST(trap_info_and_iret_frame_have_xen_layout)
{
    struct trap_info ti = { .vector = 14, .flags = 0 };

    CK_SIZE(struct trap_info, 16);
    CK_OFF(struct trap_info, cs, 2);
    CK_OFF(struct trap_info, address, 8);
    TI_SET_DPL(&ti, 3);
    TI_SET_IF(&ti, 1);
    ck_assert_int_eq(ti.flags, 7);
    ck_assert_int_eq(TI_GET_DPL(&ti), 3);
    ck_assert_int_ne(TI_GET_IF(&ti), 0);

    CK_SIZE(struct iret_context, 72);
    CK_OFF(struct iret_context, r11, 8);
    CK_OFF(struct iret_context, flags, 24);
    CK_OFF(struct iret_context, rip, 32);
    CK_OFF(struct iret_context, ss, 64);
}
END_TEST

START_TEST(selectors_and_virtual_layout_match_xen)
{
    ck_assert_int_eq(FLAT_KERNEL_CS, 0xe033);
    ck_assert_int_eq(FLAT_KERNEL_SS, 0xe02b);
    ck_assert_int_eq(FLAT_KERNEL_DS, 0);
    ck_assert_int_eq(FLAT_USER_CS32, 0xe023);
    ck_assert_int_eq(FIRST_RESERVED_GDT_BYTE, 0xe000);
    ck_assert_int_eq(FIRST_RESERVED_GDT_ENTRY, 7168);
    ck_assert_uint_eq(HYPERVISOR_VIRT_START, 0xffff800000000000ULL);
    ck_assert_uint_eq(HYPERVISOR_VIRT_END, 0xffff880000000000ULL);
    ck_assert_uint_eq(MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START, 256ULL << 30);
    ck_assert_uint_eq(MACH2PHYS_NR_ENTRIES, 1ULL << 35);
    ck_assert_uint_eq(xen_pfn_to_cr3(0x1234), 0x1234000);
    ck_assert_uint_eq(xen_cr3_to_pfn(0x1234000), 0x1234);
    ck_assert_int_eq(SEGBASE_GS_USER_SEL, 3);
    ck_assert_uint_eq(sizeof(xen_pfn_t), 8);
    ck_assert_uint_eq(sizeof(xen_ulong_t), 8);
}
END_TEST

/* ---- errno.h -------------------------------------------------------- */

START_TEST(xen_errnos_equal_linux_errnos)
{
    /* The host is Linux/x86, whose numbering Xen uses. */
    ck_assert_int_eq(XEN_EPERM, EPERM);
    ck_assert_int_eq(XEN_ENOENT, ENOENT);
    ck_assert_int_eq(XEN_ESRCH, ESRCH);
    ck_assert_int_eq(XEN_EAGAIN, EAGAIN);
    ck_assert_int_eq(XEN_ENOMEM, ENOMEM);
    ck_assert_int_eq(XEN_EACCES, EACCES);
    ck_assert_int_eq(XEN_EFAULT, EFAULT);
    ck_assert_int_eq(XEN_EBUSY, EBUSY);
    ck_assert_int_eq(XEN_EEXIST, EEXIST);
    ck_assert_int_eq(XEN_EINVAL, EINVAL);
    ck_assert_int_eq(XEN_ENOSPC, ENOSPC);
    ck_assert_int_eq(XEN_ENOSYS, ENOSYS);
    ck_assert_int_eq(XEN_ETIME, ETIME);
    ck_assert_int_eq(XEN_EOPNOTSUPP, EOPNOTSUPP);
    ck_assert_int_eq(XEN_ENOBUFS, ENOBUFS);
    ck_assert_int_eq(XEN_ETIMEDOUT, ETIMEDOUT);
    ck_assert_int_eq(XEN_ECONNREFUSED, ECONNREFUSED);
    ck_assert_int_eq(XEN_ERESTART, 85);
}
END_TEST

/* ---- elfnote.h, version.h, features.h, cpuid.h ---------------------- */

START_TEST(elf_notes_and_version_structs_match_xen)
{
    ck_assert_int_eq(XEN_ELFNOTE_HYPERCALL_PAGE, 2);
    ck_assert_int_eq(XEN_ELFNOTE_FEATURES, 10);
    ck_assert_int_eq(XEN_ELFNOTE_INIT_P2M, 15);
    ck_assert_int_eq(XEN_ELFNOTE_SUPPORTED_FEATURES, 17);
    ck_assert_int_eq(XEN_ELFNOTE_MAX, 18);
    ck_assert_uint_eq(sizeof(XEN_ELFNOTE_NAME), 4);

    CK_SIZE(struct xen_compile_info, 144);
    CK_SIZE(struct xen_feature_info, 8);
    CK_OFF(struct xen_feature_info, submap, 4);
    CK_SIZE(xen_extraversion_t, 16);
    CK_SIZE(xen_capabilities_info_t, 1024);
    ck_assert_int_eq(XENVER_get_features, 6);
    ck_assert_int_eq(XENVER_build_id, 10);
}
END_TEST

START_TEST(linux_required_features_give_xen_bitmaps)
{
    uint32_t domu = (1U << XENFEAT_mmu_pt_update_preserve_ad) | (1U << XENFEAT_highmem_assist) |
                    (1U << XENFEAT_gnttab_map_avail_bits) |
                    (1U << XENFEAT_memory_op_vnode_supported) | (1U << XENFEAT_direct_mapped);
    uint32_t dom0 = domu | (1U << XENFEAT_dom0) | (1U << XENFEAT_pae_pgdir_above_4gb);

    ck_assert_uint_eq(domu, 0x000220e0);
    ck_assert_uint_eq(dom0, 0x000228f0);
}
END_TEST

START_TEST(cpuid_signature_spells_xenvmmxenvmm)
{
    uint32_t regs[3] = { XEN_CPUID_SIGNATURE_EBX, XEN_CPUID_SIGNATURE_ECX,
                         XEN_CPUID_SIGNATURE_EDX };
    static const uint8_t prefix[] = { XEN_EMULATE_PREFIX_BYTES };
    char sig[13];

    memcpy(sig, regs, 12);
    sig[12] = '\0';
    ck_assert_str_eq(sig, "XenVMMXenVMM");
    ck_assert_uint_eq(XEN_CPUID_LEAF(5), 0x40000005);
    ck_assert_uint_eq(sizeof(prefix), XEN_EMULATE_PREFIX_LEN);
    ck_assert_int_eq(prefix[0], 0x0f);
    ck_assert_int_eq(prefix[1], 0x0b);
    ck_assert_int_eq(memcmp(&prefix[2], "xen", 3), 0);
}
END_TEST

/* ---- callback.h, sched.h, vcpu.h, nmi.h ----------------------------- */

START_TEST(callback_sched_vcpu_structs_match_xen)
{
    CK_SIZE(struct callback_register, 16);
    CK_OFF(struct callback_register, address, 8);
    CK_SIZE(struct callback_unregister, 4);
    ck_assert_int_eq(CALLBACKTYPE_syscall32, 7);

    CK_SIZE(struct sched_poll, 24);
    CK_OFF(struct sched_poll, nr_ports, 8);
    CK_OFF(struct sched_poll, timeout, 16);
    CK_SIZE(struct sched_remote_shutdown, 8);
    CK_OFF(struct sched_remote_shutdown, reason, 4);
    ck_assert_int_eq(SHUTDOWN_soft_reset, SHUTDOWN_MAX);

    CK_SIZE(struct vcpu_runstate_info, 48);
    CK_OFF(struct vcpu_runstate_info, state_entry_time, 8);
    CK_OFF(struct vcpu_runstate_info, time, 16);
    CK_SIZE(struct vcpu_set_singleshot_timer, 16);
    CK_SIZE(struct vcpu_register_vcpu_info, 16);
    CK_OFF(struct vcpu_register_vcpu_info, offset, 8);
    ck_assert_uint_eq(XEN_RUNSTATE_UPDATE, 0x8000000000000000ULL);
    ck_assert_int_eq(VCPUOP_register_vcpu_time_memory_area, 13);

    CK_SIZE(struct xennmi_callback, 16);
}
END_TEST

/* ---- event_channel.h ------------------------------------------------ */

START_TEST(evtchn_structs_match_xen)
{
    CK_SIZE(struct evtchn_alloc_unbound, 8);
    CK_OFF(struct evtchn_alloc_unbound, remote_dom, 2);
    CK_OFF(struct evtchn_alloc_unbound, port, 4);
    CK_SIZE(struct evtchn_bind_interdomain, 12);
    CK_OFF(struct evtchn_bind_interdomain, remote_port, 4);
    CK_OFF(struct evtchn_bind_interdomain, local_port, 8);
    CK_SIZE(struct evtchn_bind_virq, 12);
    CK_OFF(struct evtchn_bind_virq, port, 8);
    CK_SIZE(struct evtchn_bind_ipi, 8);
    CK_SIZE(struct evtchn_status, 24);
    CK_OFF(struct evtchn_status, status, 8);
    CK_OFF(struct evtchn_status, vcpu, 12);
    CK_OFF(struct evtchn_status, u.interdomain.dom, 16);
    CK_OFF(struct evtchn_status, u.interdomain.port, 20);
    CK_SIZE(struct evtchn_reset, 2);
    CK_SIZE(struct evtchn_init_control, 24);
    CK_OFF(struct evtchn_init_control, link_bits, 16);
    CK_SIZE(struct evtchn_op, 28);
    CK_OFF(struct evtchn_op, u, 4);
    CK_SIZE(struct evtchn_fifo_control_block, 72);
}
END_TEST

START_TEST(two_level_abi_covers_4096_ports)
{
    struct shared_info *s = calloc(1, sizeof(*s));
    evtchn_port_t port = 200;

    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(EVTCHN_2L_NR_CHANNELS, 4096);
    ck_assert_uint_eq(sizeof(s->evtchn_pending) * 8, EVTCHN_2L_NR_CHANNELS);
    /* Port p is bit p%64 of word p/64: bit 8 of word 3 for port 200. */
    s->evtchn_pending[port / 64] |= 1UL << (port % 64);
    ck_assert_uint_eq(((const uint8_t *)s->evtchn_pending)[port / 8], 1U << (port % 8));
    ck_assert_uint_eq(EVTCHN_FIFO_NR_CHANNELS, 131072);
    free(s);
}
END_TEST

/* ---- memory.h ------------------------------------------------------- */

START_TEST(memory_structs_match_xen)
{
    CK_SIZE(struct xen_memory_reservation, 32);
    CK_OFF(struct xen_memory_reservation, nr_extents, 8);
    CK_OFF(struct xen_memory_reservation, extent_order, 16);
    CK_OFF(struct xen_memory_reservation, mem_flags, 20);
    CK_OFF(struct xen_memory_reservation, domid, 24);
    CK_SIZE(struct xen_memory_exchange, 72);
    CK_OFF(struct xen_memory_exchange, out, 32);
    CK_OFF(struct xen_memory_exchange, nr_exchanged, 64);
    CK_SIZE(struct xen_memory_map, 16);
    CK_SIZE(struct xen_foreign_memory_map, 24);
    CK_SIZE(struct xen_machphys_mapping, 24);
    CK_SIZE(struct xen_machphys_mfn_list, 24);
    CK_OFF(struct xen_machphys_mfn_list, nr_extents, 16);
    CK_SIZE(struct xen_add_to_physmap, 24);
    CK_OFF(struct xen_add_to_physmap, gpfn, 16);
    ck_assert_int_eq(XENMEM_machphys_mapping, 12);
    ck_assert_int_eq(XENMEM_acquire_resource, 28);
    ck_assert_int_eq(MEMOP_CMD_MASK, 0x3f);
}
END_TEST

START_TEST(e820_entries_are_packed_20_bytes)
{
    struct xen_e820_entry map[2];

    CK_SIZE(struct xen_e820_entry, 20);
    CK_OFF(struct xen_e820_entry, type, 16);
    ck_assert_uint_eq((uintptr_t)&map[1] - (uintptr_t)&map[0], 20);
}
END_TEST

START_TEST(mem_flags_encode_node_and_address_bits)
{
    uint32_t flags = XENMEMF_address_bits(32) | XENMEMF_exact_node(3);

    ck_assert_uint_eq(XENMEMF_get_address_bits(flags), 32);
    ck_assert_uint_eq(XENMEMF_get_node(flags), 3);
    ck_assert_uint_ne(flags & XENMEMF_exact_node_request, 0);
    ck_assert_uint_eq(XENMEMF_populate_on_demand, 1U << 16);
}
END_TEST

/* ---- physdev.h, platform.h ------------------------------------------ */

START_TEST(physdev_and_platform_structs_match_xen)
{
    CK_SIZE(struct physdev_set_iopl, 4);
    CK_SIZE(struct physdev_set_iobitmap, 16);
    CK_OFF(struct physdev_set_iobitmap, nr_ports, 8);
    CK_SIZE(struct physdev_pirq_eoi_gmfn, 8);
    ck_assert_int_eq(PHYSDEVOP_set_iopl, 6);
    ck_assert_int_eq(PHYSDEVOP_pirq_eoi_gmfn_v2, 28);

    CK_SIZE(struct xen_platform_op, 136);
    CK_OFF(struct xen_platform_op, u, 8);
    CK_SIZE(struct xenpf_settime64, 24);
    CK_OFF(struct xenpf_settime64, system_time, 16);
    CK_SIZE(struct xenpf_firmware_info, 40);
    CK_OFF(struct xenpf_firmware_info, u.disk_info.edd_params, 16);
    ck_assert_int_eq(XENPF_INTERFACE_VERSION, 0x03000001);
    ck_assert_int_eq(XENPF_settime64, 62);
    ck_assert_int_eq(XENPF_firmware_info, 50);
}
END_TEST

/* ---- grant_table.h -------------------------------------------------- */

START_TEST(grant_structs_match_xen)
{
    CK_SIZE(struct grant_entry_v1, 8);
    ck_assert_uint_eq(4096 / sizeof(struct grant_entry_v1), 512);
    CK_SIZE(struct gnttab_map_grant_ref, 32);
    CK_OFF(struct gnttab_map_grant_ref, dom, 16);
    CK_OFF(struct gnttab_map_grant_ref, status, 18);
    CK_OFF(struct gnttab_map_grant_ref, handle, 20);
    CK_OFF(struct gnttab_map_grant_ref, dev_bus_addr, 24);
    CK_SIZE(struct gnttab_unmap_grant_ref, 24);
    CK_OFF(struct gnttab_unmap_grant_ref, status, 20);
    CK_SIZE(struct gnttab_setup_table, 24);
    CK_OFF(struct gnttab_setup_table, frame_list, 16);
    CK_SIZE(struct gnttab_copy, 40);
    CK_OFF(struct gnttab_copy, len, 32);
    CK_OFF(struct gnttab_copy, status, 36);
    CK_SIZE(struct gnttab_query_size, 16);
    CK_SIZE(struct gnttab_get_version, 8);
    ck_assert_uint_eq(GNTMAP_guest_avail_mask, 0xffff0000u);
    ck_assert_int_eq(GNTST_eagain, -12);
    ck_assert_int_eq(GTF_permit_access | GTF_readonly, 5);
}
END_TEST

/* ---- domctl.h, sysctl.h --------------------------------------------- */

START_TEST(domctl_and_sysctl_headers_match_xen)
{
    CK_SIZE(struct xen_domctl, 144);
    CK_OFF(struct xen_domctl, domain, 8);
    CK_OFF(struct xen_domctl, u, 16);
    CK_SIZE(struct xen_domctl_createdomain, 64);
    CK_OFF(struct xen_domctl_createdomain, max_vcpus, 28);
    CK_OFF(struct xen_domctl_createdomain, arch, 56);
    CK_SIZE(struct xen_domctl_getdomaininfo, 112);
    CK_OFF(struct xen_domctl_getdomaininfo, handle, 76);
    CK_OFF(struct xen_domctl_getdomaininfo, arch_config, 104);
    CK_SIZE(struct xen_domctl_vcpucontext, 16);
    CK_OFF(struct xen_domctl_vcpucontext, ctxt, 8);
    CK_SIZE(struct xen_sysctl, 136);
    CK_OFF(struct xen_sysctl, u, 8);
    CK_SIZE(struct xen_sysctl_physinfo, 112);
    CK_OFF(struct xen_sysctl_physinfo, total_pages, 40);
    CK_SIZE(struct xen_sysctl_readconsole, 24);
    CK_SIZE(struct xen_sysctl_getdomaininfolist, 24);
    ck_assert_int_eq(XEN_DOMCTL_INTERFACE_VERSION, 0x15);
    ck_assert_int_eq(XEN_SYSCTL_INTERFACE_VERSION, 0x15);
    ck_assert_int_eq(XEN_DOMCTL_hypercall_init, 22);
    ck_assert_int_eq(XEN_SYSCTL_getdomaininfolist, 6);
}
END_TEST

/* ---- io/console.h, io/xs_wire.h ------------------------------------- */

START_TEST(console_ring_matches_xen)
{
    struct xencons_interface ring;

    CK_SIZE(struct xencons_interface, 3088);
    CK_OFF(struct xencons_interface, out, 1024);
    CK_OFF(struct xencons_interface, in_cons, 3072);
    CK_OFF(struct xencons_interface, out_prod, 3084);
    ck_assert_uint_eq(MASK_XENCONS_IDX(2049U, ring.out), 1);
    ck_assert_uint_eq(MASK_XENCONS_IDX(1025U, ring.in), 1);
}
END_TEST

START_TEST(xenstore_ring_and_header_match_xen)
{
    CK_SIZE(struct xsd_sockmsg, 16);
    CK_OFF(struct xsd_sockmsg, len, 12);
    CK_SIZE(struct xenstore_domain_interface, 2076);
    CK_OFF(struct xenstore_domain_interface, req_cons, 2048);
    CK_OFF(struct xenstore_domain_interface, rsp_prod, 2060);
    CK_OFF(struct xenstore_domain_interface, server_features, 2064);
    CK_OFF(struct xenstore_domain_interface, error, 2072);
    ck_assert_int_eq(XS_WRITE, 11);
    ck_assert_int_eq(XS_WATCH_EVENT, 15);
    ck_assert_int_eq(XS_RESET_WATCHES, 21);
    ck_assert_int_eq(XS_TYPE_COUNT, 23);
    ck_assert_uint_eq(MASK_XENSTORE_IDX(1030U), 6);
}
END_TEST

static Suite *public_layout_suite(void)
{
    Suite *s = suite_create("public_layout");
    TCase *core = tcase_create("xen");
    TCase *arch = tcase_create("arch");
    TCase *ops = tcase_create("ops");
    TCase *io = tcase_create("io");

    tcase_add_test(core, start_info_is_1168_bytes_with_xen_offsets);
    tcase_add_test(core, start_info_dom0_console_overlays_domU_console);
    tcase_add_test(core, shared_info_has_xen_offsets);
    tcase_add_test(core, vcpu_info_is_64_bytes_with_time_at_32);
    tcase_add_test(core, mmu_requests_have_xen_layout);
    tcase_add_test(core, hypercall_numbers_match_xen);
    tcase_add_test(core, domids_are_xen_values);
    tcase_add_test(core, dom0_vga_console_info_is_40_bytes);
    tcase_add_test(core, xen_errnos_equal_linux_errnos);
    tcase_add_test(core, elf_notes_and_version_structs_match_xen);
    tcase_add_test(core, linux_required_features_give_xen_bitmaps);
    tcase_add_test(core, cpuid_signature_spells_xenvmmxenvmm);
    suite_add_tcase(s, core);

    tcase_add_test(arch, cpu_user_regs_is_200_bytes);
    tcase_add_test(arch, vcpu_guest_context_is_5168_bytes);
    tcase_add_test(arch, trap_info_and_iret_frame_have_xen_layout);
    tcase_add_test(arch, selectors_and_virtual_layout_match_xen);
    suite_add_tcase(s, arch);

    tcase_add_test(ops, callback_sched_vcpu_structs_match_xen);
    tcase_add_test(ops, evtchn_structs_match_xen);
    tcase_add_test(ops, two_level_abi_covers_4096_ports);
    tcase_add_test(ops, memory_structs_match_xen);
    tcase_add_test(ops, e820_entries_are_packed_20_bytes);
    tcase_add_test(ops, mem_flags_encode_node_and_address_bits);
    tcase_add_test(ops, physdev_and_platform_structs_match_xen);
    tcase_add_test(ops, grant_structs_match_xen);
    tcase_add_test(ops, domctl_and_sysctl_headers_match_xen);
    suite_add_tcase(s, ops);

    tcase_add_test(io, console_ring_matches_xen);
    tcase_add_test(io, xenstore_ring_and_header_match_xen);
    suite_add_tcase(s, io);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(public_layout_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
