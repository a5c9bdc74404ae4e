/*
 * traps: exceptions raised by a 64-bit PV guest kernel and how they come
 * back (public/arch-x86_64.h, public/cpuid.h): vector, error code, reported RIP and the bounce
 * frame, for each exception a guest kernel can raise on purpose; INT n
 * against the DPL of the virtual IDT; CPUID through the forced-emulation
 * prefix.  (An exception without a handler crashes the domain: that is
 * the crash guest.)
 */
#include "guest/hypercall.h"
#include "guest/test.h"
#include "guest/traps.h"

#define NONCANONICAL 0x0000800000000000UL
#define UNMAPPED     0x1000UL /* nothing is mapped below VIRT_BASE */

/* tests/guests/traps/raise.asm */
#define SNIPPET(name) \
    void name(void);  \
    extern const char name##_insn[], name##_next[]
SNIPPET(raise_de);
SNIPPET(raise_bp);
SNIPPET(raise_ud);
SNIPPET(raise_int80);
SNIPPET(raise_int50);
SNIPPET(raise_fnop);
SNIPPET(raise_hlt);
SNIPPET(raise_gp_noncanonical);
SNIPPET(raise_pf_read);
SNIPPET(raise_pf_write);
void raise_ud_not_xen(void);
extern const char raise_ud_not_xen_insn[];
void divide_by_zero(void);
void load_via_rdx(uint64_t rdx, void (*snippet)(void));
void single_step(void);
extern const char single_step_after[];
void fetch_unmapped(uint64_t address);
void x87_divide_by_zero(void);
extern const char x87_divide_by_zero_wait[];
extern uint64_t fault_rsp;
void ud_record_rsp(void);
uint64_t registers_survive_exception(void);
void xen_cpuid(uint32_t leaf, uint32_t out[4]);
void plain_cpuid(uint32_t leaf, uint32_t out[4]);

/* Checks that an exception was taken, with this vector, error code and RIP. */
#define CHECK_TRAP(want_vector, want_error, want_rip)  \
    do {                                               \
        CHECK(trap_disarm(), "no exception");          \
        CHECK_EQ(trap_last.vector, want_vector);       \
        CHECK_EQ(trap_last.error, want_error);         \
        CHECK_EQ(trap_last.rip, (uint64_t)(want_rip)); \
    } while (0)

static void de_divide_by_zero(void)
{
    divide_by_zero();
    CHECK_TRAP(TRAP_DE, 0, raise_de_insn);
}

static void db_single_step_after_next_instruction(void)
{
    single_step();
    CHECK_TRAP(TRAP_DB, 0, single_step_after);
    CHECK(trap_last.rflags & X86_EFLAGS_TF, "TF not set in the frame");
}

static void bp_int3_reports_next_rip(void)
{
    raise_bp();
    CHECK_TRAP(TRAP_BP, 0, raise_bp_next);
}

static void ud_ud2(void)
{
    raise_ud();
    CHECK_TRAP(TRAP_UD, 0, raise_ud_insn);
}

static void ud_ud2_without_xen_signature(void)
{
    raise_ud_not_xen();
    CHECK_TRAP(TRAP_UD, 0, raise_ud_not_xen_insn);
}

static void nm_x87_with_ts_set(void)
{
    CHECK_RC(hypercall_fpu_taskswitch(1), 0);
    raise_fnop();
    CHECK_TRAP(TRAP_NM, 0, raise_fnop_insn);
}

static void gp_noncanonical_load(void)
{
    load_via_rdx(NONCANONICAL, raise_gp_noncanonical);
    CHECK_TRAP(TRAP_GP, 0, raise_gp_noncanonical_insn);
}

static void gp_hlt(void)
{
    raise_hlt();
    CHECK_TRAP(TRAP_GP, 0, raise_hlt_insn);
}

static void pf_read_unmapped(void)
{
    load_via_rdx(UNMAPPED, raise_pf_read);
    CHECK_TRAP(TRAP_PF, 0, raise_pf_read_insn);
}

static void pf_write_unmapped(void)
{
    load_via_rdx(UNMAPPED, raise_pf_write);
    CHECK_TRAP(TRAP_PF, PFEC_WRITE, raise_pf_write_insn);
}

static void pf_fetch_unmapped(void)
{
    fetch_unmapped(UNMAPPED);
    CHECK_TRAP(TRAP_PF, PFEC_INSN, UNMAPPED);
}

static void mf_x87_divide_by_zero(void)
{
    x87_divide_by_zero();
    CHECK_TRAP(TRAP_MF, 0, x87_divide_by_zero_wait);
}

static void int80_with_dpl3_entry_delivered(void)
{
    CHECK_RC(trap_install(0x80, 3, false), 0);
    raise_int80();
    CHECK_TRAP(0x80, 0, raise_int80_next);
}

/* Xen's fast path for int $0x80 delivers to any handler, whatever its DPL. */
static void int80_with_dpl0_entry_delivered(void)
{
    CHECK_RC(trap_install(0x80, 0, false), 0);
    raise_int80();
    CHECK_TRAP(0x80, 0, raise_int80_next);
}

/* Without a handler int $0x80 is a #GP as if the IDT entry had DPL 0. */
static void int80_without_entry_gp(void)
{
    long rc = hypercall_set_trap_table(NULL);

    trap_init();
    CHECK_RC(rc, 0);
    raise_int80();
    CHECK_TRAP(TRAP_GP, 0x80 * 8 + 2, raise_int80_insn);
}

/*
 * No entry for 0x50 (nor 0xa0: QEMU 7.2's TCG reports the error code of
 * INT n as n * 16 + 2, and Xen takes the vector from it), so #GP with
 * an IDT-type error code.
 */
static void int_n_without_entry_gp(void)
{
    raise_int50();
    CHECK(trap_disarm(), "no exception");
    CHECK_EQ(trap_last.vector, TRAP_GP);
    CHECK_EQ(trap_last.error & 7, 2);
    CHECK_EQ(trap_last.rip, (uint64_t)raise_int50_insn);
    info("int $0x50: #GP error %#lx", trap_last.error);
}

/* A DPL 0 entry cannot be raised with INT n, even from the guest kernel. */
static void int_n_with_dpl0_entry_gp(void)
{
    CHECK_RC(trap_install(0x50, 0, false), 0);
    raise_int50();
    CHECK(trap_disarm(), "no exception");
    CHECK_EQ(trap_last.vector, TRAP_GP);
    CHECK_EQ(trap_last.error & 7, 2);
    CHECK_EQ(trap_last.rip, (uint64_t)raise_int50_insn);
}

/* CS RPL 0 = interrupted in kernel mode; bits 32-39 = saved upcall mask (1). */
static void frame_cs_has_rpl0_and_saved_mask(void)
{
    raise_ud();
    CHECK(trap_disarm(), "no exception");
    info("frame cs %#lx rflags %#lx", trap_last.cs, trap_last.rflags);
    CHECK_EQ(trap_last.cs, (1UL << 32) | (FLAT_KERNEL_CS & ~3));
}

static void frame_rflags_if_clear_while_events_masked(void)
{
    raise_ud();
    CHECK(trap_disarm(), "no exception");
    CHECK_EQ(trap_last.rflags & X86_EFLAGS_IF, 0);
}

static void frame_rsp_is_interrupted_rsp(void)
{
    ud_record_rsp();
    CHECK(trap_disarm(), "no exception");
    CHECK_EQ(trap_last.rsp, fault_rsp);
}

static void registers_survive_exception_and_iret(void)
{
    uint64_t changed = registers_survive_exception();

    CHECK(trap_disarm(), "no exception");
    CHECK_EQ(changed, 0);
}

static void cpuid_xen_signature(void)
{
    uint32_t r[4];
    uint64_t count = trap_count;

    xen_cpuid(0x40000000, r);
    CHECK_EQ(trap_count, count);
    CHECK_EQ(r[1], 0x566e6558); /* "XenV" */
    CHECK_EQ(r[2], 0x65584d4d); /* "MMXe" */
    CHECK_EQ(r[3], 0x4d4d566e); /* "nVMM" */
    CHECK(r[0] >= 0x40000002, "highest leaf %#x", r[0]);
    info("cpuid 0x40000000 eax %#x", r[0]);
}

static void cpuid_xen_version(void)
{
    uint32_t r[4];

    xen_cpuid(0x40000001, r);
    CHECK_EQ(r[0], 0x00040011);
}

static void cpuid_xen_hypercall_page_leaf(void)
{
    uint32_t r[4];

    xen_cpuid(0x40000002, r);
    CHECK_EQ(r[0], 1);          /* one hypercall page */
    CHECK_EQ(r[1], 0x40000000); /* its MSR */
}

/* Without the prefix CPUID runs on the CPU and sees no Xen leaves. */
static void plain_cpuid_no_xen_signature(void)
{
    uint32_t r[4];

    plain_cpuid(0x40000000, r);
    info("plain cpuid 0x40000000: %#x %#x %#x %#x", r[0], r[1], r[2], r[3]);
    CHECK(r[1] != 0x566e6558 || r[2] != 0x65584d4d || r[3] != 0x4d4d566e,
          "plain CPUID sees XenVMMXenVMM");
}

static const struct test_case cases[] = {
    { "de_divide_by_zero", de_divide_by_zero },
    { "db_single_step_after_next_instruction", db_single_step_after_next_instruction },
    { "bp_int3_reports_next_rip", bp_int3_reports_next_rip },
    { "ud_ud2", ud_ud2 },
    { "ud_ud2_without_xen_signature", ud_ud2_without_xen_signature },
    { "nm_x87_with_ts_set", nm_x87_with_ts_set },
    { "gp_noncanonical_load", gp_noncanonical_load },
    { "gp_hlt", gp_hlt },
    { "pf_read_unmapped", pf_read_unmapped },
    { "pf_write_unmapped", pf_write_unmapped },
    { "pf_fetch_unmapped", pf_fetch_unmapped },
    { "mf_x87_divide_by_zero", mf_x87_divide_by_zero },
    { "int80_with_dpl3_entry_delivered", int80_with_dpl3_entry_delivered },
    { "int80_with_dpl0_entry_delivered", int80_with_dpl0_entry_delivered },
    { "int80_without_entry_gp", int80_without_entry_gp },
    { "int_n_without_entry_gp", int_n_without_entry_gp },
    { "int_n_with_dpl0_entry_gp", int_n_with_dpl0_entry_gp },
    { "frame_cs_has_rpl0_and_saved_mask", frame_cs_has_rpl0_and_saved_mask },
    { "frame_rflags_if_clear_while_events_masked", frame_rflags_if_clear_while_events_masked },
    { "frame_rsp_is_interrupted_rsp", frame_rsp_is_interrupted_rsp },
    { "registers_survive_exception_and_iret", registers_survive_exception_and_iret },
    { "cpuid_xen_signature", cpuid_xen_signature },
    { "cpuid_xen_version", cpuid_xen_version },
    { "cpuid_xen_hypercall_page_leaf", cpuid_xen_hypercall_page_leaf },
    { "plain_cpuid_no_xen_signature", plain_cpuid_no_xen_signature },
};

int guest_main(const struct start_info *si)
{
    test_main("traps", cases, ARRAY_SIZE(cases));
}
