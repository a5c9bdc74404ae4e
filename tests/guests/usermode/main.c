/*
 * usermode: a 64-bit PV guest kernel running code in guest user mode
 * (public/arch-x86_64.h, public/xen.h): the user L4, HYPERVISOR_iret into user mode,
 * SYSCALL from user mode bounced to the syscall callback and the return
 * with VGCF_in_syscall, exceptions and INT $0x80 from user mode, the GS
 * bases of the two modes, and what the user L4 does and does not map.
 * Expected values are Xen 4.17's answers to a 64-bit PV dom0.  (HYPERVISOR_iret
 * to user mode without a user L4 crashes the domain: that is the
 * usermode-no-user-l4 guest.)
 */
#include "common/string.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "public/errno.h"
#include "public/event_channel.h"
#include "tests/guests/usermode/usermode.h"

/* The bounce frame's size: RCX, R11, RIP, CS, RFLAGS, RSP, SS (+ error code). */
#define FRAME_BYTES       (7 * 8)
#define FRAME_BYTES_ERROR (8 * 8)

#define RFLAGS_FIXED  0x2UL /* bit 1 always reads as 1 */
#define X86_EFLAGS_DF (1UL << 10)

/* A kernel-only word for user mode to try, and the kernel's %gs area. */
static volatile uint64_t kernel_secret = 0x5EC12E7000000001UL;
static volatile uint64_t kernel_gs_area[2];

#define GS_KERNEL_MAGIC 0x6B65726E656C4753UL
#define GS_USER_MAGIC   0x7573657247530000UL
#define FS_MAGIC        0x4653000000000046UL

static uint64_t read_gs0(void)
{
    uint64_t v;

    asm volatile("mov %%gs:0, %0" : "=r"(v));
    return v;
}

static void data_word_set(uint64_t user_va, uint64_t value)
{
    um_data[(user_va - USER_DATA_VA) / 8] = value;
}

/*
 * Runs a program that should end with the exit call after `calls` system
 * calls in all, taking no exception but the one it resumes; false (and
 * the case has failed) otherwise.
 */
static bool run_to_exit(const char *program, uint64_t rflags, unsigned calls)
{
    um_run(um_user_addr(program), rflags);
    if (um_trap_count && um_trap.f.vector != (uint64_t)um_resume_vector) {
        test_fail("user mode took %s (vector %#lx) error %#lx at rip %#lx",
                  trap_name(um_trap.f.vector), um_trap.f.vector, um_trap.f.error, um_trap.f.rip);
        return false;
    }
    if (um_syscall_count != calls) {
        test_fail("%u system calls reached the callback, expected %u", um_syscall_count, calls);
        return false;
    }
    if (um_syscalls[calls - 1].f.rax != UM_SYS_EXIT) {
        test_fail("the last system call had RAX %#lx", um_syscalls[calls - 1].f.rax);
        return false;
    }
    return true;
}

/*
 * Runs a program that should end with exception `vector`, and no system
 * call; false (and the case has failed) otherwise.
 */
static bool run_to_trap(const char *program, uint64_t vector)
{
    um_run(um_user_addr(program), 0);
    if (um_trap_count == 0) {
        test_fail("no exception (%u system calls)", um_syscall_count);
        return false;
    }
    if (um_trap.f.vector != vector) {
        test_fail("user mode took %s (vector %#lx) error %#lx at rip %#lx, expected vector %#lx",
                  trap_name(um_trap.f.vector), um_trap.f.vector, um_trap.f.error, um_trap.f.rip,
                  vector);
        return false;
    }
    if (um_syscall_count != 0) {
        test_fail("%u system calls reached the callback", um_syscall_count);
        return false;
    }
    return true;
}

/* ---- the user L4 and the way in ----------------------------------------- */

/* um_ready() builds, pins and installs the user L4 the first time. */
static void new_user_baseptr_takes_pinned_l4(void)
{
    if (!um_ready())
        return;
    CHECK_RC(um_user_l4_rc, 0);
}

/* The code page is mapped in the user L4 only: running it at all needs the switch. */
static void iret_to_user_runs_user_code(void)
{
    if (!um_ready() || !run_to_exit(u_exit, 0, 1))
        return;
    CHECK_EQ(um_syscalls[0].f.rip, um_user_addr(u_exit_ret));
}

/* Xen forces the real IF on; IOPL 0, so user mode reads it with PUSHF. */
static void iret_to_user_rflags_if_forced_on(void)
{
    if (!um_ready() || !run_to_exit(u_exit, 0, 1))
        return;
    CHECK_EQ(um_syscalls[0].f.rbx, X86_EFLAGS_IF | RFLAGS_FIXED);
}

/* ---- SYSCALL from user mode --------------------------------------------- */

static void syscall_frame_rcx_rip_r11(void)
{
    const struct um_entry *e = &um_syscalls[0];

    if (!um_ready() || !run_to_exit(u_exit, 0, 1))
        return;
    CHECK_EQ(e->f.rcx, um_user_addr(u_exit_ret));
    CHECK_EQ(e->f.rip, um_user_addr(u_exit_ret));
    CHECK_EQ(e->f.rdx, um_user_addr(u_exit_ret));
    CHECK_EQ(e->f.r11, e->f.rbx);
}

/* CS keeps RPL 3 (interrupted in user mode); bits 32-39 = the user's mask (1). */
static void syscall_frame_cs_rpl3_saved_mask(void)
{
    const struct um_entry *e = &um_syscalls[0];

    if (!um_ready() || !run_to_exit(u_exit, 0, 1))
        return;
    info("syscall frame cs %#lx rflags %#lx r11 %#lx", e->f.cs, e->f.rflags, e->f.r11);
    CHECK_EQ(e->f.cs, 1UL << 32 | FLAT_USER_CS);
    CHECK_EQ(e->f.rflags, RFLAGS_FIXED); /* IF = !mask */
}

static void syscall_frame_user_rsp_ss(void)
{
    const struct um_entry *e = &um_syscalls[0];

    if (!um_ready() || !run_to_exit(u_exit, 0, 1))
        return;
    CHECK_EQ(e->f.rsp, USER_STACK_TOP);
    CHECK_EQ(e->f.rbp, USER_STACK_TOP);
    CHECK_EQ(e->f.ss, FLAT_USER_SS);
}

/* The frame sits at the top of the stack given to stack_switch. */
static void syscall_frame_on_stack_switch_stack(void)
{
    if (!um_ready() || !run_to_exit(u_exit, 0, 1))
        return;
    CHECK_EQ(um_depth(&um_syscalls[0]), FRAME_BYTES);
}

/* A hypercall works from the callback and CR3 is the kernel L4 again. */
static void syscall_callback_in_kernel_mode(void)
{
    uint64_t kernel_l4 = pt_read_cr3() >> 12;

    if (!um_ready() || !run_to_exit(u_exit, 0, 1))
        return;
    CHECK_RC(um_syscalls[0].xen_version, 0x00040011);
    CHECK_EQ(um_syscalls[0].cr3 >> 12, kernel_l4);
    CHECK_EQ(pt_read_cr3() >> 12, kernel_l4);
}

/*
 * The echo call (RAX 17, xen_version's number: from user mode it is not a
 * hypercall) returns with HYPERVISOR_iret and VGCF_in_syscall: the user
 * continues after its SYSCALL with the answer in RAX and its registers.
 */
static void syscall_iret_in_syscall_resumes_user(void)
{
    const struct um_entry *call = &um_syscalls[0], *exit = &um_syscalls[1];

    if (!um_ready() || !run_to_exit(u_echo, 0, 2))
        return;
    CHECK_EQ(call->f.rax, UM_SYS_ECHO);
    CHECK_EQ(call->f.rdi, 0x1234);
    CHECK_EQ(call->f.rip, um_user_addr(u_echo_ret));
    CHECK_EQ(exit->f.r12, 0x1235);
    CHECK_EQ(exit->f.rip, um_user_addr(u_echo_exit_ret));
    CHECK_EQ(exit->f.rsp, USER_STACK_TOP);
    CHECK_EQ(exit->f.rbx, call->f.rbx);
    CHECK_EQ(exit->f.rbp, USER_STACK_TOP);
    CHECK_EQ(exit->f.rdx, um_user_addr(u_echo_ret));
    CHECK_EQ(exit->f.rdi, 0x1234);
    CHECK_EQ(exit->f.cs, 1UL << 32 | FLAT_USER_CS);
}

/* Registered with CALLBACKF_mask_events, entered with IF set: mask 0 saved, 1 in the callback. */
static void syscall_callback_mask_events(void)
{
    const struct um_entry *e = &um_syscalls[0];
    bool ok;

    if (!um_ready())
        return;
    if (um_shinfo)
        info("before entering user mode with IF set: upcall_pending %u mask %u",
             um_shinfo->vcpu_info[0].evtchn_upcall_pending,
             um_shinfo->vcpu_info[0].evtchn_upcall_mask);
    CHECK_RC(um_register_syscall((uint64_t)um_syscall_entry, CALLBACKF_mask_events), 0);
    ok = run_to_exit(u_exit, X86_EFLAGS_IF, 1);
    CHECK_RC(um_register_syscall((uint64_t)um_syscall_entry, 0), 0);
    if (!ok)
        return;
    CHECK_EQ(e->f.cs, FLAT_USER_CS);
    CHECK_EQ(e->f.rflags, X86_EFLAGS_IF | RFLAGS_FIXED);
    CHECK(um_shinfo, "shared_info is not mapped");
    CHECK_EQ(e->mask, 1);
    CHECK_EQ(um_shinfo->vcpu_info[0].evtchn_upcall_mask, 1);
}

/*
 * The frame keeps the user's DF.  (The ABI clears DF for the callback
 * itself; Xen 4.17.7 does so only if bit 10 of the frame's address is 0,
 * so that is reported, not checked.)
 */
static void syscall_frame_keeps_user_df(void)
{
    const struct um_entry *e = &um_syscalls[0];

    if (!um_ready() || !run_to_exit(u_std_exit, 0, 1))
        return;
    info("user DF set: frame rflags %#lx, callback entered with rflags %#lx (frame at %#lx)",
         e->f.rflags, e->entry_rflags, e->base);
    CHECK_EQ(e->f.rflags, X86_EFLAGS_DF | RFLAGS_FIXED);
}

/*
 * An event pending when HYPERVISOR_iret unmasks events for user mode is
 * delivered at once: from user mode, before the first user instruction.
 */
static void event_upcall_on_entry_to_user(void)
{
    struct evtchn_bind_ipi ipi = { .vcpu = 0 };
    struct evtchn_send send;
    struct evtchn_close close;
    long rc;

    if (!um_ready())
        return;
    CHECK(um_shinfo, "shared_info is not mapped");
    CHECK_RC(hypercall_event_channel_op(EVTCHNOP_bind_ipi, &ipi), 0);
    send.port = ipi.port;
    rc = hypercall_event_channel_op(EVTCHNOP_send, &send);
    if (rc == 0)
        um_run(um_user_addr(u_exit), X86_EFLAGS_IF);
    close.port = ipi.port;
    hypercall_event_channel_op(EVTCHNOP_close, &close);
    um_shinfo->evtchn_pending[ipi.port / 64] &= ~(1UL << (ipi.port % 64));
    um_shinfo->vcpu_info[0].evtchn_pending_sel = 0;
    um_shinfo->vcpu_info[0].evtchn_upcall_pending = 0;
    CHECK_RC(rc, 0);
    CHECK(um_trap_count == 1, "%u exceptions or events, %u system calls", um_trap_count,
          um_syscall_count);
    CHECK_EQ(um_trap.f.vector, UM_VEC_EVENT);
    CHECK_EQ(um_trap.f.rip, um_user_addr(u_exit));
    CHECK_EQ(um_trap.f.cs, FLAT_USER_CS);
    /* The RFLAGS given to HYPERVISOR_iret, as they are: bit 1 is not added. */
    CHECK_EQ(um_trap.f.rflags, X86_EFLAGS_IF);
    CHECK_EQ(um_trap.f.rsp, USER_STACK_TOP);
    CHECK_EQ(um_trap.f.ss, FLAT_USER_SS);
    CHECK_EQ(um_trap.mask, 1);
    CHECK_EQ(um_depth(&um_trap), FRAME_BYTES);
    CHECK_EQ(um_syscall_count, 0);
}

/* Registering address 0 leaves no callback: the SYSCALL raises #UD at itself. */
static void syscall_without_callback_ud(void)
{
    bool ok;

    if (!um_ready())
        return;
    CHECK_RC(um_register_syscall(0, 0), 0);
    ok = run_to_trap(u_syscall, TRAP_UD);
    CHECK_RC(um_register_syscall((uint64_t)um_syscall_entry, 0), 0);
    if (!ok)
        return;
    CHECK_EQ(um_trap.f.rip, um_user_addr(u_syscall_insn));
    CHECK_EQ(um_trap.f.cs, 1UL << 32 | FLAT_USER_CS);
    CHECK_EQ(um_trap.f.rsp, USER_STACK_TOP);
}

/* ---- exceptions from user mode ------------------------------------------ */

/* #PF, error code `error`, at `insn`, reading or writing `address`. */
static void check_user_pf(const char *program, const char *insn, uint64_t error, uint64_t address)
{
    if (!um_ready() || !run_to_trap(program, TRAP_PF))
        return;
    CHECK_EQ(um_trap.f.error, error);
    CHECK_EQ(um_trap.f.rip, um_user_addr(insn));
    CHECK_EQ(um_trap.f.cs, 1UL << 32 | FLAT_USER_CS);
    CHECK_EQ(um_trap.f.rsp, USER_STACK_TOP);
    CHECK_EQ(um_trap.f.ss, FLAT_USER_SS);
    CHECK_EQ(um_depth(&um_trap), FRAME_BYTES_ERROR);
    CHECK(um_shinfo, "shared_info is not mapped");
    CHECK_EQ(um_trap.cr2, address);
}

static void pf_user_read_unmapped(void)
{
    check_user_pf(u_read_guard, u_read_guard_insn, PFEC_USER, USER_GUARD_VA);
}

static void pf_user_write_unmapped(void)
{
    check_user_pf(u_write_guard, u_write_guard_insn, PFEC_USER | PFEC_WRITE, USER_GUARD_VA);
}

static void pf_user_write_read_only(void)
{
    check_user_pf(u_write_code, u_write_code_insn, PFEC_USER | PFEC_WRITE | PFEC_PRESENT,
                  USER_CODE_VA);
}

/* The user L4 does not map the kernel: its pages are simply not there. */
static void pf_user_read_kernel_address(void)
{
    if (!um_ready())
        return;
    data_word_set(USER_PARAM_VA, (uint64_t)&kernel_secret);
    check_user_pf(u_read_param, u_read_param_insn, PFEC_USER, (uint64_t)&kernel_secret);
}

/* Kernel L1 entries get _PAGE_USER: a user L4 that maps them lets user mode read them. */
static void user_l4_copy_of_kernel_l4_exposes_kernel(void)
{
    uint64_t *copy = pt_spare_page();
    uint64_t kernel_l4 = pt_read_cr3() >> 12;
    bool ok;

    CHECK(copy, "no spare page left");
    if (!um_ready())
        return;
    memcpy(copy, mfn_to_virt(kernel_l4), PAGE_SIZE);
    copy[pt_index(USER_CODE_VA, 4)] = um_user_l3_mfn << 12 | PTE_TABLE;
    CHECK_RC(pt_set_readonly(copy), 0);
    CHECK_RC(pt_mmuext(MMUEXT_NEW_USER_BASEPTR, virt_to_mfn(copy), 0), 0);
    data_word_set(USER_PARAM_VA, (uint64_t)&kernel_secret);
    ok = run_to_exit(u_read_param, 0, 1);
    CHECK_RC(pt_mmuext(MMUEXT_NEW_USER_BASEPTR, um_user_l4_mfn, 0), 0);
    if (!ok)
        return;
    CHECK_EQ(um_syscalls[0].f.r12, kernel_secret);
    /* Back on the real user L4 the copy is no table any more. */
    CHECK_RC(pt_set_writable(copy), 0);
}

static void ud2_in_user_mode(void)
{
    if (!um_ready() || !run_to_trap(u_ud2, TRAP_UD))
        return;
    CHECK_EQ(um_trap.f.error, 0);
    CHECK_EQ(um_trap.f.rip, um_user_addr(u_ud2_insn));
    CHECK_EQ(um_trap.f.cs, 1UL << 32 | FLAT_USER_CS);
    CHECK_EQ(um_trap.f.rsp, USER_STACK_TOP);
    CHECK_EQ(um_trap.f.ss, FLAT_USER_SS);
    CHECK_EQ(um_depth(&um_trap), FRAME_BYTES);
}

/* int3 reports the next RIP; HYPERVISOR_iret with flags 0 goes back to user mode. */
static void int3_in_user_mode_resumes(void)
{
    if (!um_ready())
        return;
    um_resume_vector = TRAP_BP;
    if (!run_to_exit(u_int3, 0, 1))
        return;
    CHECK_EQ(um_trap_count, 1);
    CHECK_EQ(um_trap.f.vector, TRAP_BP);
    CHECK_EQ(um_trap.f.rip, um_user_addr(u_int3_next));
    CHECK_EQ(um_trap.f.cs, 1UL << 32 | FLAT_USER_CS);
}

/* The kernel emulates MOV from CR3 for itself only. */
static void mov_from_cr3_in_user_mode_gp(void)
{
    if (!um_ready() || !run_to_trap(u_read_cr3, TRAP_GP))
        return;
    CHECK_EQ(um_trap.f.error, 0);
    CHECK_EQ(um_trap.f.rip, um_user_addr(u_read_cr3_insn));
    CHECK_EQ(um_trap.f.cs, 1UL << 32 | FLAT_USER_CS);
}

static void check_int80_delivered(void)
{
    CHECK_EQ(um_trap_count, 1);
    CHECK_EQ(um_trap.f.vector, 0x80);
    CHECK_EQ(um_trap.f.rip, um_user_addr(u_int80_next));
    CHECK_EQ(um_trap.f.cs, 1UL << 32 | FLAT_USER_CS);
    CHECK_EQ(um_depth(&um_trap), FRAME_BYTES);
}

static void int80_dpl3_from_user_delivered(void)
{
    if (!um_ready())
        return;
    CHECK_RC(um_install_vector(0x80, 3, false), 0);
    um_resume_vector = 0x80;
    if (run_to_exit(u_int80, 0, 1))
        check_int80_delivered();
}

/* Xen's int $0x80 fast path does not look at the DPL, from user mode either. */
static void int80_dpl0_from_user_delivered(void)
{
    if (!um_ready())
        return;
    CHECK_RC(um_install_vector(0x80, 0, false), 0);
    um_resume_vector = 0x80;
    if (run_to_exit(u_int80, 0, 1))
        check_int80_delivered();
}

static void int80_without_entry_from_user_gp(void)
{
    if (!um_ready())
        return;
    CHECK_RC(um_clear_traps(), 0);
    if (!run_to_trap(u_int80, TRAP_GP))
        return;
    CHECK_EQ(um_trap.f.error, 0x80 * 8 + 2);
    CHECK_EQ(um_trap.f.rip, um_user_addr(u_int80_insn));
    CHECK_EQ(um_trap.f.cs, 1UL << 32 | FLAT_USER_CS);
}

/*
 * Entered with IF set, an entry with the mask flag saves mask 0 and masks;
 * HYPERVISOR_iret with the frame's RFLAGS (IF set) unmasks again, as the
 * exit call's frame shows.
 */
static void int80_mask_flag_from_user_masks(void)
{
    if (!um_ready())
        return;
    CHECK_RC(um_install_vector(0x80, 3, true), 0);
    um_resume_vector = 0x80;
    if (!run_to_exit(u_int80, X86_EFLAGS_IF, 1))
        return;
    CHECK_EQ(um_trap.f.vector, 0x80);
    CHECK_EQ(um_trap.f.cs, FLAT_USER_CS);
    CHECK_EQ(um_trap.f.rflags & X86_EFLAGS_IF, X86_EFLAGS_IF);
    CHECK(um_shinfo, "shared_info is not mapped");
    CHECK_EQ(um_trap.mask, 1);
    CHECK_EQ(um_syscalls[0].f.cs, FLAT_USER_CS);
    CHECK_EQ(um_syscalls[0].mask, 0);
}

/* Like int3 from the kernel, int3 from user mode ignores the entry's DPL. */
static void int3_dpl0_entry_from_user_delivered(void)
{
    if (!um_ready())
        return;
    CHECK_RC(um_install_vector(TRAP_BP, 0, false), 0);
    um_resume_vector = TRAP_BP;
    if (!run_to_exit(u_int3, 0, 1))
        return;
    CHECK_EQ(um_trap.f.vector, TRAP_BP);
    CHECK_EQ(um_trap.f.rip, um_user_addr(u_int3_next));
}

/* ---- segment bases ------------------------------------------------------ */

/*
 * u_gs reads %gs:0 in user mode, makes the echo call (whose callback
 * reads %gs:0 in kernel mode), reads it again and exits.
 */
static bool run_gs_program(void)
{
    long rc;

    kernel_gs_area[0] = GS_KERNEL_MAGIC;
    data_word_set(USER_GS_VA, GS_USER_MAGIC);
    rc = hypercall_set_segment_base(SEGBASE_GS_KERNEL, (uint64_t)kernel_gs_area);
    if (rc == 0)
        rc = hypercall_set_segment_base(SEGBASE_GS_USER, USER_GS_VA);
    if (rc) {
        test_fail("set_segment_base returned %ld (%s)", rc, errno_name(rc));
        return false;
    }
    um_read_gs = true;
    return run_to_exit(u_gs, 0, 2);
}

static void gs_bases_reset(void)
{
    hypercall_set_segment_base(SEGBASE_GS_USER, 0);
    hypercall_set_segment_base(SEGBASE_GS_KERNEL, 0);
}

static void gs_user_base_in_user_mode(void)
{
    bool ok;

    if (!um_ready())
        return;
    ok = run_gs_program();
    gs_bases_reset();
    if (!ok)
        return;
    CHECK_EQ(um_syscalls[1].f.r12, GS_USER_MAGIC);
    CHECK_EQ(um_syscalls[1].f.r13, GS_USER_MAGIC);
}

static void gs_kernel_base_back_in_kernel_mode(void)
{
    uint64_t after;
    bool ok;

    if (!um_ready())
        return;
    ok = run_gs_program();
    after = ok ? read_gs0() : 0;
    gs_bases_reset();
    if (!ok)
        return;
    CHECK_EQ(um_syscalls[0].gs0, GS_KERNEL_MAGIC);
    CHECK_EQ(um_syscalls[1].gs0, GS_KERNEL_MAGIC);
    CHECK_EQ(after, GS_KERNEL_MAGIC);
}

/* The FS base is not switched: user mode sees what the kernel set. */
static void fs_base_same_in_user_mode(void)
{
    bool ok;

    if (!um_ready())
        return;
    data_word_set(USER_FS_VA, FS_MAGIC);
    CHECK_RC(hypercall_set_segment_base(SEGBASE_FS, USER_FS_VA), 0);
    ok = run_to_exit(u_fs, 0, 1);
    hypercall_set_segment_base(SEGBASE_FS, 0);
    if (!ok)
        return;
    CHECK_EQ(um_syscalls[0].f.r12, FS_MAGIC);
}

static const struct test_case cases[] = {
    { "new_user_baseptr_takes_pinned_l4", new_user_baseptr_takes_pinned_l4 },
    { "iret_to_user_runs_user_code", iret_to_user_runs_user_code },
    { "iret_to_user_rflags_if_forced_on", iret_to_user_rflags_if_forced_on },
    { "syscall_frame_rcx_rip_r11", syscall_frame_rcx_rip_r11 },
    { "syscall_frame_cs_rpl3_saved_mask", syscall_frame_cs_rpl3_saved_mask },
    { "syscall_frame_user_rsp_ss", syscall_frame_user_rsp_ss },
    { "syscall_frame_on_stack_switch_stack", syscall_frame_on_stack_switch_stack },
    { "syscall_callback_in_kernel_mode", syscall_callback_in_kernel_mode },
    { "syscall_iret_in_syscall_resumes_user", syscall_iret_in_syscall_resumes_user },
    { "syscall_callback_mask_events", syscall_callback_mask_events },
    { "event_upcall_on_entry_to_user", event_upcall_on_entry_to_user },
    { "syscall_frame_keeps_user_df", syscall_frame_keeps_user_df },
    { "syscall_without_callback_ud", syscall_without_callback_ud },
    { "pf_user_read_unmapped", pf_user_read_unmapped },
    { "pf_user_write_unmapped", pf_user_write_unmapped },
    { "pf_user_write_read_only", pf_user_write_read_only },
    { "pf_user_read_kernel_address", pf_user_read_kernel_address },
    { "user_l4_copy_of_kernel_l4_exposes_kernel", user_l4_copy_of_kernel_l4_exposes_kernel },
    { "ud2_in_user_mode", ud2_in_user_mode },
    { "int3_in_user_mode_resumes", int3_in_user_mode_resumes },
    { "mov_from_cr3_in_user_mode_gp", mov_from_cr3_in_user_mode_gp },
    { "int80_dpl3_from_user_delivered", int80_dpl3_from_user_delivered },
    { "int80_dpl0_from_user_delivered", int80_dpl0_from_user_delivered },
    { "int80_without_entry_from_user_gp", int80_without_entry_from_user_gp },
    { "int80_mask_flag_from_user_masks", int80_mask_flag_from_user_masks },
    { "int3_dpl0_entry_from_user_delivered", int3_dpl0_entry_from_user_delivered },
    { "gs_user_base_in_user_mode", gs_user_base_in_user_mode },
    { "gs_kernel_base_back_in_kernel_mode", gs_kernel_base_back_in_kernel_mode },
    { "fs_base_same_in_user_mode", fs_base_same_in_user_mode },
};

int guest_main(const struct start_info *si)
{
    test_main("usermode", cases, ARRAY_SIZE(cases));
}
