/*
 * badargs: hostile arguments to every hypercall of the hypercalls guest
 * that takes a buffer: NULL, unmapped, hypervisor-range and non-canonical
 * pointers, buffers that run off the end of our mapping or land on a
 * read-only page, misaligned buffers (which must work) and huge counts.
 * A bad pointer must give -EFAULT, never a crash, a hang or a write
 * through it.  Expected values are Xen 4.17's answers.
 */
#include "common/string.h"
#include "guest/hypercall.h"
#include "guest/mm.h"
#include "guest/test.h"
#include "guest/traps.h"
#include "public/errno.h"
#include "public/features.h"

static const struct {
    const char *name;
    uint64_t address;
} bad_pointers[] = {
    { "NULL", 0 },
    { "unmapped low page", 0x1000 },
    { "top of the lower half", 0x00007ffffffffff8UL },
    { "M2P (hypervisor range, guest-readable)", 0xffff800000000000UL },
    { "hypervisor text", 0xffff82d040000000UL },
    { "hypervisor direct map", 0xffff830000000000UL },
    { "last hypervisor page", 0xffff87fffffff000UL },
    { "first page above the hypervisor range", 0xffff880000000000UL },
    { "non-canonical low", 0x0000800000000000UL },
    { "non-canonical high", 0xffff7ffffffff000UL },
    { "non-canonical top bit", 0x8000000000000000UL },
};

/* The first unmapped address after our initial region. */
static uint64_t region_end;

/* Calls call(p) for every bad pointer p; fails the case unless each gives expected. */
static bool bad_pointers_give(long (*call)(uint64_t p), long expected)
{
    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = call(bad_pointers[i].address);
        if (rc != expected) {
            test_fail("%s pointer gave %ld (%s), expected %s", bad_pointers[i].name, rc,
                      errno_name(rc), errno_name(expected));
            return false;
        }
    }
    return true;
}

/* A buffer of `size` bytes whose end runs `overrun` bytes past our mapping. */
static void *straddling(size_t size, size_t overrun)
{
    return (void *)(region_end - (size - overrun));
}

/* ---- console_io ---------------------------------------------------- */

static long console_write_at(uint64_t p)
{
    return hypercall_console_io(CONSOLEIO_write, 16, (char *)p);
}

static long console_read_at(uint64_t p)
{
    return hypercall_console_io(CONSOLEIO_read, 16, (char *)p);
}

static void console_write_bad_pointers_efault(void)
{
    bad_pointers_give(console_write_at, -XEN_EFAULT);
}

/* Xen only touches the buffer per character read: with no input, nothing is checked. */
static void console_read_without_input_ignores_buffer(void)
{
    bad_pointers_give(console_read_at, 0);
}

static void console_write_straddling_unmapped_efault(void)
{
    char *buf = straddling(16, 8);

    memcpy(buf, "\ninfo: ", 8); /* harmless if a hypervisor prints part of it */
    CHECK_RC(hypercall_console_io(CONSOLEIO_write, 16, buf), -XEN_EFAULT);
}

static void console_write_huge_count_efault(void)
{
    char *buf = straddling(16, 0);

    memcpy(buf, "\ninfo: overrun.\n", 16);
    CHECK_RC(hypercall_console_io(CONSOLEIO_write, 0xffffffffu, buf), -XEN_EFAULT);
}

/* count is 32 bits wide: 1 << 32 is a count of 0. */
static void console_write_count_upper_bits_ignored(void)
{
    CHECK_RC(hypercall_3(__HYPERVISOR_console_io, CONSOLEIO_write, 1UL << 32, 0), 0);
}

static void console_read_count_over_int_max_e2big(void)
{
    char c;

    CHECK_RC(hypercall_console_io(CONSOLEIO_read, 0x80000000u, &c), -XEN_E2BIG);
    CHECK_RC(hypercall_console_io(CONSOLEIO_read, 0xffffffffu, NULL), -XEN_E2BIG);
}

static void console_write_misaligned_buffer_ok(void)
{
    static char text[] = "xinfo: console_io write from a misaligned buffer\n";

    CHECK_RC(hypercall_console_io(CONSOLEIO_write, sizeof(text) - 2, text + 1), 0);
}

/* ---- xen_version --------------------------------------------------- */

static int version_cmd;
static long version_at(uint64_t p)
{
    return hypercall_xen_version(version_cmd, (void *)p);
}

static bool version_bad_pointers(int cmd)
{
    version_cmd = cmd;
    return bad_pointers_give(version_at, -XEN_EFAULT);
}

static void extraversion_bad_pointers_efault(void)
{
    version_bad_pointers(XENVER_extraversion);
}
static void compile_info_bad_pointers_efault(void)
{
    version_bad_pointers(XENVER_compile_info);
}
static void capabilities_bad_pointers_efault(void)
{
    version_bad_pointers(XENVER_capabilities);
}
static void changeset_bad_pointers_efault(void)
{
    version_bad_pointers(XENVER_changeset);
}
static void platform_parameters_bad_pointers_efault(void)
{
    version_bad_pointers(XENVER_platform_parameters);
}
static void get_features_bad_pointers_efault(void)
{
    version_bad_pointers(XENVER_get_features);
}
static void guest_handle_bad_pointers_efault(void)
{
    version_bad_pointers(XENVER_guest_handle);
}
static void commandline_bad_pointers_efault(void)
{
    version_bad_pointers(XENVER_commandline);
}
static void build_id_bad_pointers_efault(void)
{
    /* NULL asks for the size, so it is not a bad pointer here. */
    for (unsigned i = 1; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = hypercall_xen_version(XENVER_build_id, (void *)bad_pointers[i].address);
        CHECK(rc == -XEN_EFAULT, "%s pointer gave %ld (%s)", bad_pointers[i].name, rc,
              errno_name(rc));
    }
}

/* XENVER_version takes no buffer: whatever is passed is ignored. */
static void version_ignores_argument(void)
{
    version_cmd = XENVER_version;
    bad_pointers_give(version_at, 0x00040011);
}

/* XENVER_pagesize wants NULL: any other pointer is -EINVAL, not -EFAULT. */
static void pagesize_pointer_einval(void)
{
    for (unsigned i = 1; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = hypercall_xen_version(XENVER_pagesize, (void *)bad_pointers[i].address);
        CHECK(rc == -XEN_EINVAL, "%s pointer gave %ld (%s)", bad_pointers[i].name, rc,
              errno_name(rc));
    }
}

static void capabilities_straddling_unmapped_efault(void)
{
    CHECK_RC(hypercall_xen_version(XENVER_capabilities,
                                   straddling(sizeof(xen_capabilities_info_t), 512)),
             -XEN_EFAULT);
}

static void build_id_straddling_unmapped_efault(void)
{
    struct xen_build_id *id = straddling(4 + 8, 4); /* len readable, buffer not */

    id->len = 0xffffffffu;
    CHECK_RC(hypercall_xen_version(XENVER_build_id, id), -XEN_EFAULT);
}

/*
 * An output buffer on a read-only page (our L4, at slots Xen and we leave
 * empty; the value written would not be a present entry anyway).
 */
static void platform_parameters_read_only_buffer_efault(void)
{
    volatile uint64_t *slot = (volatile uint64_t *)start_info->pt_base + 500;
    uint64_t before = *slot;

    CHECK_RC(hypercall_xen_version(XENVER_platform_parameters, (void *)slot), -XEN_EFAULT);
    CHECK_EQ(*slot, before);
}

static void get_features_misaligned_ok(void)
{
    static uint8_t raw[16];
    struct xen_feature_info *fi = (struct xen_feature_info *)(raw + 1);
    struct xen_feature_info aligned = { .submap_idx = 0 };

    memset(raw, 0, sizeof(raw));
    CHECK_RC(hypercall_xen_version(XENVER_get_features, fi), 0);
    CHECK_RC(hypercall_xen_version(XENVER_get_features, &aligned), 0);
    CHECK_EQ(fi->submap, aligned.submap);
}

/* ---- set_trap_table ------------------------------------------------ */

static long trap_table_at(uint64_t p)
{
    return hypercall_set_trap_table((void *)p);
}

static void trap_table_bad_pointers_efault(void)
{
    /* NULL clears the table: it is not a bad pointer here. */
    for (unsigned i = 1; i < ARRAY_SIZE(bad_pointers); i++) {
        long rc = trap_table_at(bad_pointers[i].address);
        CHECK(rc == -XEN_EFAULT, "%s pointer gave %ld (%s)", bad_pointers[i].name, rc,
              errno_name(rc));
    }
}

/* No terminating entry before the end of our mapping. */
static void trap_table_unterminated_efault(void)
{
    struct trap_info *table = straddling(4 * sizeof(*table), 0);
    long rc;

    for (unsigned i = 0; i < 4; i++)
        table[i] = (struct trap_info){ .vector = 0x60,
                                       .cs = FLAT_KERNEL_CS,
                                       .address = trap_handler(0x60) };
    rc = hypercall_set_trap_table(table);
    trap_init();
    CHECK_RC(rc, -XEN_EFAULT);
}

static void trap_table_misaligned_ok(void)
{
    static uint8_t raw[3 * sizeof(struct trap_info) + 1];
    struct trap_info entries[2] = {
        { .vector = 0x61, .cs = FLAT_KERNEL_CS, .address = trap_handler(0x61) },
        { 0 },
    };

    memcpy(raw + 1, entries, sizeof(entries));
    CHECK_RC(hypercall_set_trap_table((struct trap_info *)(raw + 1)), 0);
}

/* ---- callback_op --------------------------------------------------- */

static long callback_register_at(uint64_t p)
{
    return hypercall_callback_op(CALLBACKOP_register, (void *)p);
}

static long callback_unregister_at(uint64_t p)
{
    return hypercall_callback_op(CALLBACKOP_unregister, (void *)p);
}

static void callback_register_bad_pointers_efault(void)
{
    bad_pointers_give(callback_register_at, -XEN_EFAULT);
}

static void callback_unregister_bad_pointers_efault(void)
{
    bad_pointers_give(callback_unregister_at, -XEN_EFAULT);
}

static void callback_register_straddling_unmapped_efault(void)
{
    CHECK_RC(callback_register_at((uint64_t)straddling(sizeof(struct callback_register), 8)),
             -XEN_EFAULT);
}

static void callback_register_misaligned_ok(void)
{
    static uint8_t raw[sizeof(struct callback_register) + 1];
    struct callback_register cb = { .type = CALLBACKTYPE_failsafe,
                                    .address = (uint64_t)guest_crash };

    memcpy(raw + 1, &cb, sizeof(cb));
    CHECK_RC(callback_register_at((uint64_t)(raw + 1)), 0);
}

/* ---- sched_op ------------------------------------------------------ */

static long sched_shutdown_at(uint64_t p)
{
    return hypercall_sched_op(SCHEDOP_shutdown, (void *)p);
}

static long sched_shutdown_code_at(uint64_t p)
{
    return hypercall_sched_op(SCHEDOP_shutdown_code, (void *)p);
}

static long sched_remote_shutdown_at(uint64_t p)
{
    return hypercall_sched_op(SCHEDOP_remote_shutdown, (void *)p);
}

static long sched_poll_at(uint64_t p)
{
    return hypercall_sched_op(SCHEDOP_poll, (void *)p);
}

static void sched_shutdown_bad_pointers_efault(void)
{
    bad_pointers_give(sched_shutdown_at, -XEN_EFAULT);
}

static void sched_shutdown_code_bad_pointers_efault(void)
{
    bad_pointers_give(sched_shutdown_code_at, -XEN_EFAULT);
}

static void sched_remote_shutdown_bad_pointers_efault(void)
{
    bad_pointers_give(sched_remote_shutdown_at, -XEN_EFAULT);
}

static void sched_poll_bad_pointers_efault(void)
{
    bad_pointers_give(sched_poll_at, -XEN_EFAULT);
}

static struct sched_poll poll_arg;
static long sched_poll_ports_at(uint64_t p)
{
    poll_arg = (struct sched_poll){ .ports = p, .nr_ports = 1, .timeout = 0 };
    return hypercall_sched_op(SCHEDOP_poll, &poll_arg);
}

static void sched_poll_ports_bad_pointers_efault(void)
{
    bad_pointers_give(sched_poll_ports_at, -XEN_EFAULT);
}

static void sched_poll_too_many_ports_einval(void)
{
    static uint32_t ports[1];

    poll_arg = (struct sched_poll){ .ports = (uint64_t)ports, .nr_ports = 129 };
    CHECK_RC(hypercall_sched_op(SCHEDOP_poll, &poll_arg), -XEN_EINVAL);
    poll_arg.nr_ports = 0xffffffffu;
    CHECK_RC(hypercall_sched_op(SCHEDOP_poll, &poll_arg), -XEN_EINVAL);
}

static const struct test_case cases[] = {
    { "console_write_bad_pointers_efault", console_write_bad_pointers_efault },
    { "console_read_without_input_ignores_buffer", console_read_without_input_ignores_buffer },
    { "console_write_straddling_unmapped_efault", console_write_straddling_unmapped_efault },
    { "console_write_huge_count_efault", console_write_huge_count_efault },
    { "console_write_count_upper_bits_ignored", console_write_count_upper_bits_ignored },
    { "console_read_count_over_int_max_e2big", console_read_count_over_int_max_e2big },
    { "console_write_misaligned_buffer_ok", console_write_misaligned_buffer_ok },
    { "extraversion_bad_pointers_efault", extraversion_bad_pointers_efault },
    { "compile_info_bad_pointers_efault", compile_info_bad_pointers_efault },
    { "capabilities_bad_pointers_efault", capabilities_bad_pointers_efault },
    { "changeset_bad_pointers_efault", changeset_bad_pointers_efault },
    { "platform_parameters_bad_pointers_efault", platform_parameters_bad_pointers_efault },
    { "get_features_bad_pointers_efault", get_features_bad_pointers_efault },
    { "guest_handle_bad_pointers_efault", guest_handle_bad_pointers_efault },
    { "commandline_bad_pointers_efault", commandline_bad_pointers_efault },
    { "build_id_bad_pointers_efault", build_id_bad_pointers_efault },
    { "version_ignores_argument", version_ignores_argument },
    { "pagesize_pointer_einval", pagesize_pointer_einval },
    { "capabilities_straddling_unmapped_efault", capabilities_straddling_unmapped_efault },
    { "build_id_straddling_unmapped_efault", build_id_straddling_unmapped_efault },
    { "platform_parameters_read_only_buffer_efault", platform_parameters_read_only_buffer_efault },
    { "get_features_misaligned_ok", get_features_misaligned_ok },
    { "trap_table_bad_pointers_efault", trap_table_bad_pointers_efault },
    { "trap_table_unterminated_efault", trap_table_unterminated_efault },
    { "trap_table_misaligned_ok", trap_table_misaligned_ok },
    { "callback_register_bad_pointers_efault", callback_register_bad_pointers_efault },
    { "callback_unregister_bad_pointers_efault", callback_unregister_bad_pointers_efault },
    { "callback_register_straddling_unmapped_efault",
      callback_register_straddling_unmapped_efault },
    { "callback_register_misaligned_ok", callback_register_misaligned_ok },
    { "sched_shutdown_bad_pointers_efault", sched_shutdown_bad_pointers_efault },
    { "sched_shutdown_code_bad_pointers_efault", sched_shutdown_code_bad_pointers_efault },
    { "sched_remote_shutdown_bad_pointers_efault", sched_remote_shutdown_bad_pointers_efault },
    { "sched_poll_bad_pointers_efault", sched_poll_bad_pointers_efault },
    { "sched_poll_ports_bad_pointers_efault", sched_poll_ports_bad_pointers_efault },
    { "sched_poll_too_many_ports_einval", sched_poll_too_many_ports_einval },
};

int guest_main(const struct start_info *si)
{
    uint64_t stack_end = si->pt_base + (si->nr_pt_frames + 1) * PAGE_SIZE;

    region_end = mapped_end(stack_end, 64UL << 20);
    info("initial region ends at VIRT_BASE + %#lx", region_end - GUEST_VIRT_BASE);
    test_main("badargs", cases, ARRAY_SIZE(cases));
}
