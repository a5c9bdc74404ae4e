/*
 * hypercalls: what the simple hypercalls answer to a 64-bit PV dom0, on
 * good arguments and on simple bad ones (the hostile variants are in the
 * badargs guest).  Expected values are Xen 4.17's answers.
 */
#include "common/string.h"
#include "guest/hypercall.h"
#include "guest/mm.h"
#include "guest/test.h"
#include "guest/traps.h"
#include "public/errno.h"
#include "public/features.h"

#define NONCANONICAL 0x0000800000000000UL
#define UNMAPPED     0x1000UL /* nothing is mapped below VIRT_BASE */

void fpu_touch(void);
void raise_int3(void);
extern const char fpu_touch_insn[];
void iret_full(uint64_t out[6]);
void iret_in_syscall(uint64_t out[6]);

/* Never runs: registered where a callback address is needed. */
static void callback_never(void)
{
    printk("fatal: a callback ran that nothing should raise\n");
    guest_crash();
}
#define CALLBACK_ADDRESS ((uint64_t)callback_never)

/* ---- console_io ---------------------------------------------------- */

static void console_write_returns_0(void)
{
    static const char text[] = "info: console_io write from the hypercalls guest\n";

    CHECK_RC(hypercall_console_io(CONSOLEIO_write, sizeof(text) - 1, text), 0);
}

static void console_write_count_0_returns_0(void)
{
    CHECK_RC(hypercall_console_io(CONSOLEIO_write, 0, NULL), 0);
}

static void console_unknown_cmd_enosys(void)
{
    CHECK_RC(hypercall_console_io(2, 0, NULL), -XEN_ENOSYS);
    CHECK_RC(hypercall_console_io(0x7fffffff, 1, "x"), -XEN_ENOSYS);
}

static void console_write_null_efault(void)
{
    CHECK_RC(hypercall_console_io(CONSOLEIO_write, 1, NULL), -XEN_EFAULT);
}

static void console_write_unmapped_efault(void)
{
    CHECK_RC(hypercall_console_io(CONSOLEIO_write, 1, (const char *)UNMAPPED), -XEN_EFAULT);
}

static void console_write_hypervisor_range_efault(void)
{
    /* The M2P is readable by the guest itself, but not through a hypercall. */
    CHECK_RC(hypercall_console_io(CONSOLEIO_write, 8, (const char *)MACH2PHYS_VIRT_START),
             -XEN_EFAULT);
}

static void console_write_noncanonical_efault(void)
{
    CHECK_RC(hypercall_console_io(CONSOLEIO_write, 1, (const char *)NONCANONICAL), -XEN_EFAULT);
}

static void console_read_count_0_returns_0(void)
{
    char c;

    CHECK_RC(hypercall_console_io(CONSOLEIO_read, 0, &c), 0);
}

/* ---- xen_version --------------------------------------------------- */

static void version_is_4_17(void)
{
    long v = hypercall_xen_version(XENVER_version, NULL);

    CHECK_EQ(v, 0x00040011);
}

/* Fills buf with 0xff, runs cmd, checks 0 and a NUL inside the buffer. */
static bool version_string(int cmd, char *buf, size_t size, const char *what)
{
    long rc;

    memset(buf, 0xff, size);
    rc = hypercall_xen_version(cmd, buf);
    if (rc != 0) {
        test_fail("%s returned %ld (%s)", what, rc, errno_name(rc));
        return false;
    }
    if (strnlen(buf, size) == size) {
        test_fail("%s is not NUL-terminated", what);
        return false;
    }
    return true;
}

static void extraversion_nul_terminated(void)
{
    xen_extraversion_t extra;

    if (version_string(XENVER_extraversion, extra, sizeof(extra), "extraversion"))
        info("extraversion \"%s\"", extra);
}

static void compile_info_nul_terminated(void)
{
    struct xen_compile_info ci;

    memset(&ci, 0xff, sizeof(ci));
    CHECK_RC(hypercall_xen_version(XENVER_compile_info, &ci), 0);
    CHECK(strnlen(ci.compiler, sizeof(ci.compiler)) < sizeof(ci.compiler), "compiler");
    CHECK(strnlen(ci.compile_by, sizeof(ci.compile_by)) < sizeof(ci.compile_by), "compile_by");
    CHECK(strnlen(ci.compile_domain, sizeof(ci.compile_domain)) < sizeof(ci.compile_domain),
          "compile_domain");
    CHECK(strnlen(ci.compile_date, sizeof(ci.compile_date)) < sizeof(ci.compile_date),
          "compile_date");
}

static void capabilities_include_xen_3_0_x86_64(void)
{
    static xen_capabilities_info_t caps;

    if (!version_string(XENVER_capabilities, caps, sizeof(caps), "capabilities"))
        return;
    info("capabilities \"%s\"", caps);
    CHECK(str_contains(caps, "xen-3.0-x86_64"), "no xen-3.0-x86_64");
}

static void changeset_nul_terminated(void)
{
    xen_changeset_info_t cs;

    if (version_string(XENVER_changeset, cs, sizeof(cs), "changeset"))
        info("changeset \"%s\"", cs);
}

static void commandline_nul_terminated(void)
{
    static xen_commandline_t line;

    version_string(XENVER_commandline, line, sizeof(line), "commandline");
}

static void features_submap_0_has_preserve_ad_avail_bits_dom0(void)
{
    struct xen_feature_info fi = { .submap_idx = 0, .submap = 0 };
    uint32_t want = (1u << XENFEAT_mmu_pt_update_preserve_ad) |
                    (1u << XENFEAT_gnttab_map_avail_bits) | (1u << XENFEAT_dom0);

    CHECK_RC(hypercall_xen_version(XENVER_get_features, &fi), 0);
    info("features submap 0 = %#x", fi.submap);
    CHECK((fi.submap & want) == want, "submap 0 is %#x", fi.submap);
}

static void features_submap_1_einval(void)
{
    struct xen_feature_info fi = { .submap_idx = 1, .submap = 0 };

    CHECK_RC(hypercall_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
}

static void pagesize_4096(void)
{
    CHECK_RC(hypercall_xen_version(XENVER_pagesize, NULL), 4096);
}

static void pagesize_with_buffer_einval(void)
{
    uint64_t buf;

    CHECK_RC(hypercall_xen_version(XENVER_pagesize, &buf), -XEN_EINVAL);
}

static void platform_parameters_virt_start(void)
{
    struct xen_platform_parameters pp = { .virt_start = 0 };

    CHECK_RC(hypercall_xen_version(XENVER_platform_parameters, &pp), 0);
    CHECK_EQ(pp.virt_start, HYPERVISOR_VIRT_START);
}

static void guest_handle_returns_0(void)
{
    xen_domain_handle_t handle;

    CHECK_RC(hypercall_xen_version(XENVER_guest_handle, handle), 0);
}

static void build_id_size_then_copy(void)
{
    static union {
        struct xen_build_id id;
        uint8_t bytes[4 + 256];
    } b;
    long size = hypercall_xen_version(XENVER_build_id, NULL);

    CHECK(size > 0 && size <= 256, "build_id size query returned %ld (%s)", size, errno_name(size));
    b.id.len = 0;
    CHECK_RC(hypercall_xen_version(XENVER_build_id, &b), -XEN_EINVAL);
    b.id.len = (uint32_t)size - 1;
    CHECK_RC(hypercall_xen_version(XENVER_build_id, &b), -XEN_ENOBUFS);
    b.id.len = 256;
    CHECK_RC(hypercall_xen_version(XENVER_build_id, &b), size);
}

static void version_unknown_cmd_enosys(void)
{
    CHECK_RC(hypercall_xen_version(11, NULL), -XEN_ENOSYS);
    CHECK_RC(hypercall_xen_version(-1, NULL), -XEN_ENOSYS);
}

static void version_cmd_upper_32_bits_ignored(void)
{
    CHECK_RC(hypercall_2(__HYPERVISOR_xen_version, (1UL << 32) | XENVER_version, 0), 0x00040011);
}

/* ---- sched_op ------------------------------------------------------ */

static void sched_yield_returns_0(void)
{
    CHECK_RC(hypercall_sched_op(SCHEDOP_yield, NULL), 0);
}

static void sched_unknown_cmd_enosys(void)
{
    CHECK_RC(hypercall_sched_op(100, NULL), -XEN_ENOSYS);
}

/*
 * A shutdown code is only recorded: the guest runs on, and the first code
 * is what the poweroff at the end reports (a crash there would end the run
 * with the crash status).  So every later shutdown of this guest reports
 * poweroff; its failures still show in the summary line.
 */
static void sched_shutdown_code_first_wins_without_stopping(void)
{
    struct sched_shutdown code = { .reason = SHUTDOWN_poweroff };

    CHECK_RC(hypercall_sched_op(SCHEDOP_shutdown_code, &code), 0);
    code.reason = SHUTDOWN_crash;
    CHECK_RC(hypercall_sched_op(SCHEDOP_shutdown_code, &code), 0);
}

static long watchdog(uint32_t id, uint32_t timeout)
{
    struct sched_watchdog w = { .id = id, .timeout = timeout };

    return hypercall_sched_op(SCHEDOP_watchdog, &w);
}

/*
 * Two watchdogs a domain, ids from 1; an hour each, given back before then.
 * Xen 4.17 answers a third with -ENOSPC cut to 32 bits: 0xffffffe4.
 */
static void sched_watchdogs_taken_and_given_back(void)
{
    CHECK_RC(watchdog(0, 3600), 1);
    CHECK_RC(watchdog(0, 3600), 2);
    CHECK_EQ(watchdog(0, 3600), (long)(uint32_t)-XEN_ENOSPC);
    CHECK_RC(watchdog(3, 3600), -XEN_EINVAL);
    CHECK_RC(watchdog(1, 3600), 0); /* fed */
    CHECK_RC(watchdog(1, 0), 0);
    CHECK_RC(watchdog(1, 0), -XEN_EINVAL);
    CHECK_RC(watchdog(1, 60), -XEN_EINVAL);
    CHECK_RC(watchdog(2, 0), 0);
}

static long pin_override(int32_t pcpu)
{
    struct sched_pin_override p = { .pcpu = pcpu };

    return hypercall_sched_op(SCHEDOP_pin_override, &p);
}

/* dom0 is the hardware domain: it may pin itself to CPU 0, once, and undo it once. */
static void sched_pin_override_of_dom0(void)
{
    CHECK_RC(pin_override(-1), -XEN_EINVAL);
    CHECK_RC(pin_override(0x7fffffff), -XEN_EINVAL);
    CHECK_RC(pin_override(0), 0);
    CHECK_RC(pin_override(0), -XEN_EBUSY);
    CHECK_RC(pin_override(-1), 0);
    CHECK_RC(pin_override(-1), -XEN_EINVAL);
}

/* ---- unknown hypercall numbers ------------------------------------- */

static void unknown_hypercalls_enosys(void)
{
    static const unsigned numbers[] = { 11, 43, 44, 45, 46, 47, 56, 63, 64, 100, 127 };

    for (unsigned i = 0; i < ARRAY_SIZE(numbers); i++) {
        long rc = hypercall_call(numbers[i], 0, 0, 0, 0, 0);
        CHECK(rc == -XEN_ENOSYS, "hypercall %u returned %ld (%s)", numbers[i], rc, errno_name(rc));
    }
}

static void raw_unknown_hypercalls_enosys(void)
{
    static const uint64_t numbers[] = { 128, 255, 1000, 0xffffffffUL, (1UL << 32) | 17 };

    for (unsigned i = 0; i < ARRAY_SIZE(numbers); i++) {
        long rc = hypercall_raw(numbers[i], 0, 0, 0, 0, 0);
        CHECK(rc == -XEN_ENOSYS, "hypercall %#lx returned %ld (%s)", numbers[i], rc,
              errno_name(rc));
    }
}

static void raw_syscall_matches_hypercall_page(void)
{
    struct xen_feature_info a = { 0 }, b = { 0 };

    CHECK_RC(hypercall_raw(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0),
             hypercall_xen_version(XENVER_version, NULL));
    CHECK_RC(hypercall_raw(__HYPERVISOR_xen_version, XENVER_get_features, (uint64_t)&a, 0, 0, 0),
             hypercall_xen_version(XENVER_get_features, &b));
    CHECK_EQ(a.submap, b.submap);
    CHECK_RC(hypercall_raw(__HYPERVISOR_xen_version, 11, 0, 0, 0, 0), -XEN_ENOSYS);
}

/* ---- vm_assist ----------------------------------------------------- */

static void vm_assist_enable_writable_pagetables(void)
{
    CHECK_RC(hypercall_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables), 0);
}

static void vm_assist_disable_then_enable(void)
{
    CHECK_RC(hypercall_vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables), 0);
    CHECK_RC(hypercall_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables), 0);
}

static void vm_assist_unknown_type_einval(void)
{
    CHECK_RC(hypercall_vm_assist(VMASST_CMD_enable, 6), -XEN_EINVAL);
    CHECK_RC(hypercall_vm_assist(VMASST_CMD_enable, 31), -XEN_EINVAL);
    CHECK_RC(hypercall_vm_assist(VMASST_CMD_enable, 64), -XEN_EINVAL);
}

static void vm_assist_unknown_cmd_enosys(void)
{
    CHECK_RC(hypercall_vm_assist(2, VMASST_TYPE_writable_pagetables), -XEN_ENOSYS);
}

/* The type is checked before the command. */
static void vm_assist_unknown_cmd_and_type_einval(void)
{
    CHECK_RC(hypercall_vm_assist(2, 6), -XEN_EINVAL);
}

/* ---- callbacks ----------------------------------------------------- */

static void set_callbacks_returns_0(void)
{
    CHECK_RC(hypercall_set_callbacks(CALLBACK_ADDRESS, CALLBACK_ADDRESS, CALLBACK_ADDRESS), 0);
}

static long callback_register(unsigned type, unsigned flags, uint64_t address)
{
    struct callback_register cb = { .type = (uint16_t)type,
                                    .flags = (uint16_t)flags,
                                    .address = address };

    return hypercall_callback_op(CALLBACKOP_register, &cb);
}

static long callback_unregister(unsigned type)
{
    struct callback_unregister cb = { .type = (uint16_t)type };

    return hypercall_callback_op(CALLBACKOP_unregister, &cb);
}

static void callback_register_event(void)
{
    CHECK_RC(callback_register(CALLBACKTYPE_event, 0, CALLBACK_ADDRESS), 0);
}

static void callback_register_failsafe(void)
{
    CHECK_RC(callback_register(CALLBACKTYPE_failsafe, CALLBACKF_mask_events, CALLBACK_ADDRESS), 0);
}

static void callback_register_syscall(void)
{
    CHECK_RC(callback_register(CALLBACKTYPE_syscall, CALLBACKF_mask_events, CALLBACK_ADDRESS), 0);
}

static void callback_register_noncanonical_einval(void)
{
    CHECK_RC(callback_register(CALLBACKTYPE_event, 0, NONCANONICAL), -XEN_EINVAL);
    CHECK_RC(callback_register(CALLBACKTYPE_syscall, 0, NONCANONICAL), -XEN_EINVAL);
}

static void callback_register_unknown_type_enosys(void)
{
    CHECK_RC(callback_register(6, 0, CALLBACK_ADDRESS), -XEN_ENOSYS);
    CHECK_RC(callback_register(8, 0, CALLBACK_ADDRESS), -XEN_ENOSYS);
}

static void callback_unregister_event_einval(void)
{
    CHECK_RC(callback_unregister(CALLBACKTYPE_event), -XEN_EINVAL);
}

static void callback_op_unknown_cmd_enosys(void)
{
    struct callback_register cb = { .type = CALLBACKTYPE_event, .address = CALLBACK_ADDRESS };

    CHECK_RC(hypercall_callback_op(2, &cb), -XEN_ENOSYS);
}

static void stack_switch_returns_0(void)
{
    CHECK_RC(hypercall_stack_switch(FLAT_KERNEL_SS, (uint64_t)boot_stack_top), 0);
}

/* ---- segment bases ------------------------------------------------- */

static const uint64_t seg_block[2] = { 0x1122334455667788UL, 0x99aabbccddeeff00UL };

static void fs_base_takes_effect(void)
{
    uint64_t value;

    CHECK_RC(hypercall_set_segment_base(SEGBASE_FS, (uint64_t)seg_block), 0);
    asm volatile("mov %%fs:8, %0" : "=r"(value));
    hypercall_set_segment_base(SEGBASE_FS, 0);
    CHECK_EQ(value, seg_block[1]);
}

static void gs_kernel_base_takes_effect(void)
{
    uint64_t value;

    CHECK_RC(hypercall_set_segment_base(SEGBASE_GS_KERNEL, (uint64_t)seg_block), 0);
    asm volatile("mov %%gs:0, %0" : "=r"(value));
    hypercall_set_segment_base(SEGBASE_GS_KERNEL, 0);
    CHECK_EQ(value, seg_block[0]);
}

static void gs_user_base_returns_0(void)
{
    CHECK_RC(hypercall_set_segment_base(SEGBASE_GS_USER, (uint64_t)seg_block), 0);
    CHECK_RC(hypercall_set_segment_base(SEGBASE_GS_USER, 0), 0);
}

/* The user GS base is the inactive one in kernel mode: read it as MSR_SHADOW_GS_BASE. */
static void gs_user_base_reads_back_as_shadow_gs_msr(void)
{
    uint32_t lo, hi;

    CHECK_RC(hypercall_set_segment_base(SEGBASE_GS_USER, (uint64_t)seg_block), 0);
    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000102u));
    hypercall_set_segment_base(SEGBASE_GS_USER, 0);
    CHECK_EQ(((uint64_t)hi << 32) | lo, (uint64_t)seg_block);
}

static void gs_user_selector_null_returns_0(void)
{
    CHECK_RC(hypercall_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
}

static void segment_base_noncanonical_einval(void)
{
    CHECK_RC(hypercall_set_segment_base(SEGBASE_FS, NONCANONICAL), -XEN_EINVAL);
    CHECK_RC(hypercall_set_segment_base(SEGBASE_GS_KERNEL, NONCANONICAL), -XEN_EINVAL);
    CHECK_RC(hypercall_set_segment_base(SEGBASE_GS_USER, NONCANONICAL), -XEN_EINVAL);
}

static void segment_base_unknown_which_einval(void)
{
    CHECK_RC(hypercall_set_segment_base(4, 0), -XEN_EINVAL);
}

/* ---- fpu_taskswitch ------------------------------------------------ */

static void fpu_taskswitch_set_then_fpu_raises_nm(void)
{
    CHECK_RC(hypercall_fpu_taskswitch(1), 0);
    fpu_touch();
    CHECK(trap_disarm(), "no exception from an x87 instruction with TS set");
    CHECK_EQ(trap_last.vector, TRAP_NM);
    CHECK_EQ(trap_last.rip, (uint64_t)fpu_touch_insn);
}

/* Delivering #NM clears the virtual TS, so the retried instruction runs. */
static void nm_delivery_clears_ts(void)
{
    CHECK_RC(hypercall_fpu_taskswitch(1), 0);
    fpu_touch();
    CHECK(trap_disarm(), "no #NM");
    fpu_touch();
    CHECK(!trap_disarm(), "a second %s after the #NM", trap_name(trap_last.vector));
}

static void fpu_taskswitch_clear_then_fpu_runs(void)
{
    CHECK_RC(hypercall_fpu_taskswitch(1), 0);
    CHECK_RC(hypercall_fpu_taskswitch(0), 0);
    fpu_touch();
    CHECK(!trap_disarm(), "%s with TS clear", trap_name(trap_last.vector));
}

/* ---- set_trap_table ------------------------------------------------ */

static void trap_table_noncanonical_einval(void)
{
    struct trap_info table[2] = {
        { .vector = 0x40, .cs = FLAT_KERNEL_CS, .address = NONCANONICAL },
        { 0 },
    };

    CHECK_RC(hypercall_set_trap_table(table), -XEN_EINVAL);
}

static void trap_table_null_clears_returns_0(void)
{
    long rc = hypercall_set_trap_table(NULL);

    trap_init();
    CHECK_RC(rc, 0);
}

/* Point vector 3 at the stub of vector 0x55: int3 then reports 0x55. */
static void trap_table_entry_applies(void)
{
    struct trap_info table[2] = {
        { .vector = TRAP_BP, .flags = 3, .cs = FLAT_KERNEL_CS, .address = trap_handler(0x55) },
        { 0 },
    };
    long rc = hypercall_set_trap_table(table);

    raise_int3();
    trap_init();
    CHECK_RC(rc, 0);
    CHECK(trap_disarm(), "int3 raised nothing");
    CHECK_EQ(trap_last.vector, 0x55);
}

/* ---- iret ---------------------------------------------------------- */

static void iret_restores_frame_registers(void)
{
    uint64_t out[6];

    iret_full(out);
    CHECK_EQ(out[0], 0x1111111111111111UL);
    CHECK_EQ(out[1], 0x2222222222222222UL);
    CHECK_EQ(out[2], 0x3333333333333333UL);
    CHECK_EQ(out[3], out[5]);
    CHECK(out[4] & 0x40, "ZF from the frame was not restored");
}

static void iret_in_syscall_restores_rax_rip_rsp_rflags(void)
{
    uint64_t out[6];

    iret_in_syscall(out);
    CHECK_EQ(out[0], 0x1111111111111111UL);
    CHECK_EQ(out[3], out[5]);
    CHECK(out[4] & 0x40, "ZF from the frame was not restored");
}

static const struct test_case cases[] = {
    { "console_write_returns_0", console_write_returns_0 },
    { "console_write_count_0_returns_0", console_write_count_0_returns_0 },
    { "console_unknown_cmd_enosys", console_unknown_cmd_enosys },
    { "console_write_null_efault", console_write_null_efault },
    { "console_write_unmapped_efault", console_write_unmapped_efault },
    { "console_write_hypervisor_range_efault", console_write_hypervisor_range_efault },
    { "console_write_noncanonical_efault", console_write_noncanonical_efault },
    { "console_read_count_0_returns_0", console_read_count_0_returns_0 },
    { "version_is_4_17", version_is_4_17 },
    { "extraversion_nul_terminated", extraversion_nul_terminated },
    { "compile_info_nul_terminated", compile_info_nul_terminated },
    { "capabilities_include_xen_3_0_x86_64", capabilities_include_xen_3_0_x86_64 },
    { "changeset_nul_terminated", changeset_nul_terminated },
    { "commandline_nul_terminated", commandline_nul_terminated },
    { "features_submap_0_has_preserve_ad_avail_bits_dom0",
      features_submap_0_has_preserve_ad_avail_bits_dom0 },
    { "features_submap_1_einval", features_submap_1_einval },
    { "pagesize_4096", pagesize_4096 },
    { "pagesize_with_buffer_einval", pagesize_with_buffer_einval },
    { "platform_parameters_virt_start", platform_parameters_virt_start },
    { "guest_handle_returns_0", guest_handle_returns_0 },
    { "build_id_size_then_copy", build_id_size_then_copy },
    { "version_unknown_cmd_enosys", version_unknown_cmd_enosys },
    { "version_cmd_upper_32_bits_ignored", version_cmd_upper_32_bits_ignored },
    { "sched_yield_returns_0", sched_yield_returns_0 },
    { "sched_unknown_cmd_enosys", sched_unknown_cmd_enosys },
    { "sched_shutdown_code_first_wins_without_stopping",
      sched_shutdown_code_first_wins_without_stopping },
    { "sched_watchdogs_taken_and_given_back", sched_watchdogs_taken_and_given_back },
    { "sched_pin_override_of_dom0", sched_pin_override_of_dom0 },
    { "unknown_hypercalls_enosys", unknown_hypercalls_enosys },
    { "raw_unknown_hypercalls_enosys", raw_unknown_hypercalls_enosys },
    { "raw_syscall_matches_hypercall_page", raw_syscall_matches_hypercall_page },
    { "vm_assist_enable_writable_pagetables", vm_assist_enable_writable_pagetables },
    { "vm_assist_disable_then_enable", vm_assist_disable_then_enable },
    { "vm_assist_unknown_type_einval", vm_assist_unknown_type_einval },
    { "vm_assist_unknown_cmd_enosys", vm_assist_unknown_cmd_enosys },
    { "vm_assist_unknown_cmd_and_type_einval", vm_assist_unknown_cmd_and_type_einval },
    { "set_callbacks_returns_0", set_callbacks_returns_0 },
    { "callback_register_event", callback_register_event },
    { "callback_register_failsafe", callback_register_failsafe },
    { "callback_register_syscall", callback_register_syscall },
    { "callback_register_noncanonical_einval", callback_register_noncanonical_einval },
    { "callback_register_unknown_type_enosys", callback_register_unknown_type_enosys },
    { "callback_unregister_event_einval", callback_unregister_event_einval },
    { "callback_op_unknown_cmd_enosys", callback_op_unknown_cmd_enosys },
    { "stack_switch_returns_0", stack_switch_returns_0 },
    { "fs_base_takes_effect", fs_base_takes_effect },
    { "gs_kernel_base_takes_effect", gs_kernel_base_takes_effect },
    { "gs_user_base_returns_0", gs_user_base_returns_0 },
    { "gs_user_base_reads_back_as_shadow_gs_msr", gs_user_base_reads_back_as_shadow_gs_msr },
    { "gs_user_selector_null_returns_0", gs_user_selector_null_returns_0 },
    { "segment_base_noncanonical_einval", segment_base_noncanonical_einval },
    { "segment_base_unknown_which_einval", segment_base_unknown_which_einval },
    { "fpu_taskswitch_set_then_fpu_raises_nm", fpu_taskswitch_set_then_fpu_raises_nm },
    { "nm_delivery_clears_ts", nm_delivery_clears_ts },
    { "fpu_taskswitch_clear_then_fpu_runs", fpu_taskswitch_clear_then_fpu_runs },
    { "trap_table_noncanonical_einval", trap_table_noncanonical_einval },
    { "trap_table_null_clears_returns_0", trap_table_null_clears_returns_0 },
    { "trap_table_entry_applies", trap_table_entry_applies },
    { "iret_restores_frame_registers", iret_restores_frame_registers },
    { "iret_in_syscall_restores_rax_rip_rsp_rflags", iret_in_syscall_restores_rax_rip_rsp_rflags },
};

int guest_main(const struct start_info *si)
{
    test_main("hypercalls", cases, ARRAY_SIZE(cases));
}
