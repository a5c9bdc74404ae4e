/*
 * The user address space and the kernel side of user mode (see
 * usermode.h): building the user L4, the handlers, entering a user
 * program, and recording what comes back from it.
 *
 * Invariant: the kernel runs with events masked.  Only a user program
 * entered with RFLAGS.IF set runs unmasked; a way back that does not mask
 * them leaves them so, and um_run() masks them again before it returns.
 */
#include "common/string.h"
#include "guest/console.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "public/errno.h"
#include "tests/guests/usermode/usermode.h"

/* tests/guests/usermode/entry.asm */
extern const uint8_t um_trap_stubs[256 * 64];
extern uint64_t um_entry_rsp, um_entry_rflags;
void um_event_entry(void);
void um_iret_to_user(uint64_t rip, uint64_t rsp, uint64_t rflags, uint64_t cs, uint64_t ss)
    __attribute__((noreturn));

struct um_entry um_syscalls[UM_MAX_SYSCALLS];
unsigned um_syscall_count;
struct um_entry um_trap;
unsigned um_trap_count;
int um_resume_vector = -1;
bool um_read_gs;

volatile uint64_t *um_data;
uint64_t um_user_l4_mfn;
uint64_t um_user_l3_mfn;
long um_user_l4_rc;
volatile struct shared_info *um_shinfo;
uint8_t um_kstack[UM_KSTACK_SIZE] __attribute__((aligned(64)));

/* The page of our image that becomes shared_info (its own frame is lost). */
static uint8_t shinfo_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Where um_run() resumes when user mode ends. */
static struct trap_recovery um_back;

static bool built;
static bool build_failed;

static void *new_page(void)
{
    void *page = pt_spare_page();

    if (!page)
        test_fail("no spare page left");
    return page;
}

/* The three user pages and the L1-L3 above them; the L4 is returned. */
static uint64_t *build_tables(void)
{
    uint64_t *l4 = new_page(), *l3 = new_page(), *l2 = new_page(), *l1 = new_page();
    uint8_t *code = new_page();
    uint64_t *data = new_page();
    uint64_t size = (uint64_t)(um_programs_end - um_programs);

    if (!l4 || !l3 || !l2 || !l1 || !code || !data)
        return NULL;
    if (size > PAGE_SIZE) {
        test_fail("the user programs take %lu bytes, more than a page", size);
        return NULL;
    }
    memcpy(code, um_programs, size);
    um_data = data;
    l1[pt_index(USER_CODE_VA, 1)] = virt_to_mfn(code) << 12 | PTE_PRESENT | PTE_USER | PTE_ACCESSED;
    l1[pt_index(USER_DATA_VA, 1)] = virt_to_mfn(data) << 12 | PTE_DATA_RW | PTE_USER;
    l2[pt_index(USER_CODE_VA, 2)] = virt_to_mfn(l1) << 12 | PTE_TABLE;
    l3[pt_index(USER_CODE_VA, 3)] = virt_to_mfn(l2) << 12 | PTE_TABLE;
    l4[pt_index(USER_CODE_VA, 4)] = virt_to_mfn(l3) << 12 | PTE_TABLE;
    um_user_l3_mfn = virt_to_mfn(l3);

    uint64_t *tables[] = { l1, l2, l3, l4 };
    for (unsigned i = 0; i < ARRAY_SIZE(tables); i++) {
        long rc = pt_set_readonly(tables[i]);
        if (rc) {
            test_fail("making the user L%u read-only returned %ld (%s)", i + 1, rc, errno_name(rc));
            return NULL;
        }
    }
    return l4;
}

static long map_shared_info(void)
{
    uint64_t pte = (start_info->shared_info & PTE_ADDR_MASK) | PTE_DATA_RW;
    long rc = hypercall_update_va_mapping((uint64_t)shinfo_page, pte, UVMF_INVLPG);

    if (rc == 0)
        um_shinfo = (volatile struct shared_info *)shinfo_page;
    return rc;
}

static struct trap_info handler_entry(unsigned vector, unsigned dpl, bool mask_events)
{
    struct trap_info ti = {
        .vector = (uint8_t)vector,
        .flags = (uint8_t)((dpl & 3) | (mask_events ? 4 : 0)),
        .cs = FLAT_KERNEL_CS,
        .address = (uint64_t)&um_trap_stubs[vector * 64],
    };
    return ti;
}

/* Our stubs for vectors 0-19, with the DPLs the runtime gives them. */
static long install_trap_table(void)
{
    struct trap_info table[21];

    for (unsigned v = 0; v < 20; v++)
        table[v] = handler_entry(v, v == TRAP_BP || v == TRAP_OF ? 3 : 0, false);
    table[20] = (struct trap_info){ 0 };
    return hypercall_set_trap_table(table);
}

/* The kernel stack for entries from user mode, and the event callback. */
static long install_stack_and_event(void)
{
    struct callback_register event = {
        .type = CALLBACKTYPE_event,
        .address = (uint64_t)um_event_entry,
    };
    long rc = hypercall_stack_switch(FLAT_KERNEL_SS, um_kstack_top());

    return rc ? rc : hypercall_callback_op(CALLBACKOP_register, &event);
}

static bool build(void)
{
    uint64_t *l4 = build_tables();
    long rc;

    if (!l4)
        return false;
    um_user_l4_mfn = virt_to_mfn(l4);
    rc = pt_mmuext(MMUEXT_PIN_L4_TABLE, um_user_l4_mfn, 0);
    if (rc) {
        test_fail("pinning the user L4 returned %ld (%s)", rc, errno_name(rc));
        return false;
    }
    um_user_l4_rc = pt_mmuext(MMUEXT_NEW_USER_BASEPTR, um_user_l4_mfn, 0);
    rc = install_stack_and_event();
    if (rc) {
        test_fail("stack_switch or the event callback returned %ld (%s)", rc, errno_name(rc));
        return false;
    }
    rc = map_shared_info();
    if (rc)
        info("mapping shared_info returned %ld (%s)", rc, errno_name(rc));
    info("user L4 mfn %#lx, kernel L4 %#lx, kernel stack top %#lx", um_user_l4_mfn,
         pt_read_cr3() >> 12, um_kstack_top());
    return true;
}

long um_register_syscall(uint64_t address, unsigned flags)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_syscall,
        .flags = (uint16_t)flags,
        .address = address,
    };

    return hypercall_callback_op(CALLBACKOP_register, &cb);
}

long um_install_vector(unsigned vector, unsigned dpl, bool mask_events)
{
    struct trap_info table[2] = { handler_entry(vector, dpl, mask_events), { 0 } };

    return hypercall_set_trap_table(table);
}

long um_clear_traps(void)
{
    long rc = hypercall_set_trap_table(NULL);

    return rc ? rc : install_trap_table();
}

bool um_ready(void)
{
    long rc;

    if (!built) {
        built = true;
        build_failed = !build();
        if (build_failed)
            return false;
    }
    if (build_failed) {
        test_fail("the user address space could not be built");
        return false;
    }
    /* Without a user L4, HYPERVISOR_iret to user mode crashes the domain. */
    if (um_user_l4_rc) {
        test_fail("NEW_USER_BASEPTR returned %ld (%s)", um_user_l4_rc, errno_name(um_user_l4_rc));
        return false;
    }
    rc = install_trap_table();
    if (rc) {
        test_fail("set_trap_table returned %ld (%s)", rc, errno_name(rc));
        return false;
    }
    rc = um_register_syscall((uint64_t)um_syscall_entry, 0);
    if (rc) {
        test_fail("registering the syscall callback returned %ld (%s)", rc, errno_name(rc));
        return false;
    }
    memset(um_syscalls, 0, sizeof(um_syscalls));
    memset(&um_trap, 0, sizeof(um_trap));
    um_syscall_count = 0;
    um_trap_count = 0;
    um_resume_vector = -1;
    um_read_gs = false;
    return true;
}

uint64_t um_user_addr(const void *label)
{
    return USER_CODE_VA + (uint64_t)((const char *)label - um_programs);
}

void um_run(uint64_t rip, uint64_t rflags)
{
    if (recovery_save(&um_back) == 0)
        um_iret_to_user(rip, USER_STACK_TOP, rflags, FLAT_USER_CS, FLAT_USER_SS);
    /* A way back that did not mask events leaves them as user mode had them. */
    if (um_shinfo)
        um_shinfo->vcpu_info[0].evtchn_upcall_mask = 1;
}

static void record(struct um_entry *e, const struct trap_frame *f)
{
    e->f = *f;
    e->base = um_entry_rsp;
    e->entry_rflags = um_entry_rflags;
    e->mask = um_shinfo ? um_shinfo->vcpu_info[0].evtchn_upcall_mask : 0xff;
    e->cr2 = um_shinfo ? um_shinfo->vcpu_info[0].arch.cr2 : 0;
}

/* Called by um_syscall_entry (entry.asm) for a SYSCALL from user mode. */
void um_syscall(struct trap_frame *f);

void um_syscall(struct trap_frame *f)
{
    struct um_entry *e = &um_syscalls[um_syscall_count % UM_MAX_SYSCALLS];

    record(e, f);
    e->xen_version = hypercall_xen_version(XENVER_version, NULL);
    e->cr3 = pt_read_cr3();
    if (um_read_gs)
        asm volatile("mov %%gs:0, %0" : "=r"(e->gs0));
    um_syscall_count++;
    if (f->rax == UM_SYS_ECHO) {
        f->rax = f->rdi + 1;
        return;
    }
    recovery_resume(&um_back);
}

/* Called by the stubs in entry.asm for an exception or event from user mode. */
void um_user_trap(struct trap_frame *f);

void um_user_trap(struct trap_frame *f)
{
    record(&um_trap, f);
    um_trap_count++;
    if (f->vector == (uint64_t)um_resume_vector)
        return;
    recovery_resume(&um_back);
}
