/*
 * The writable page-table assist (VMASST_TYPE_writable_pagetables): a
 * guest kernel stores straight into one of its own L1 tables, which are
 * mapped read-only, and takes a #PF.  We decode the store to learn the
 * value and the instruction's length; the PV MMU (pv_emulate_l1_write in
 * xen/mmu.c) checks and applies it as an mmu_update would, and the guest
 * continues after the instruction.
 */
#include "arch/x86/include/processor.h"
#include "arch/x86/pv/domain.h"
#include "arch/x86/pv/emulate.h"
#include "public/xen.h"
#include "xen/arch/cpu.h"
#include "xen/guest_access.h"
#include "xen/mmu.h"

/*
 * The writable page-table assist: a guest kernel's 8-byte store into one
 * of its (read-only) L1 tables.  We decode the store to learn the value and
 * the instruction's length; the PV MMU checks and applies it.  Forms: MOV
 * r64 (REX.W 89), MOV imm32 (REX.W C7 /0), XCHG (REX.W 87) and LOCK
 * CMPXCHG (REX.W 0F B1), which is all a PV kernel uses for its PTEs.
 */
struct pt_store {
    unsigned len; /* instruction bytes */
    enum { STORE_MOV, STORE_XCHG, STORE_CMPXCHG } kind;
    unsigned reg; /* register operand (MOV r64, XCHG, CMPXCHG) */
    bool immediate;
    int32_t imm;
};

/* Length of a memory ModRM operand (ModRM, SIB, displacement) at p. */
static int modrm_memory_len(const uint8_t *p, size_t avail)
{
    unsigned mod = p[0] >> 6, rm = p[0] & 7, len = 1;

    if (mod == 3)
        return -1; /* a register, not memory */
    if (rm == 4) {
        if (avail < 2)
            return -1;
        len++;
        if (mod == 0 && (p[1] & 7) == 5)
            len += 4;
    } else if (mod == 0 && rm == 5) {
        len += 4; /* RIP-relative */
    }
    len += mod == 1 ? 1 : mod == 2 ? 4 : 0;
    return len <= avail ? (int)len : -1;
}

static bool decode_pt_store(const uint8_t *insn, size_t avail, struct pt_store *s)
{
    unsigned at = 0, rex;
    int mem;

    while (at < avail && (insn[at] == 0xF0 || insn[at] == 0x2E || insn[at] == 0x3E ||
                          insn[at] == 0x26 || insn[at] == 0x36))
        at++;
    if (at + 2 > avail || (insn[at] & 0xF8) != 0x48)
        return false; /* REX.W is what makes it an 8-byte store */
    rex = insn[at++];
    if (insn[at] == 0x0F) {
        if (at + 2 > avail || insn[at + 1] != 0xB1)
            return false;
        s->kind = STORE_CMPXCHG;
        at += 2;
    } else if (insn[at] == 0x89 || insn[at] == 0x87 || insn[at] == 0xC7) {
        s->kind = insn[at] == 0x87 ? STORE_XCHG : STORE_MOV;
        s->immediate = insn[at] == 0xC7;
        at++;
    } else {
        return false;
    }
    if (at >= avail || (s->immediate && ((insn[at] >> 3) & 7) != 0))
        return false;
    s->reg = ((insn[at] >> 3) & 7) | ((rex & 4) << 1);
    mem = modrm_memory_len(&insn[at], avail - at);
    if (mem < 0)
        return false;
    at += mem;
    if (s->immediate) {
        if (at + 4 > avail)
            return false;
        memcpy(&s->imm, &insn[at], 4);
        at += 4;
    }
    s->len = at;
    return true;
}

static bool emulate_pt_write(struct cpu_regs *regs, uint64_t va)
{
    struct vcpu *v = current;
    struct pt_store s = { 0 };
    uint8_t insn[16];
    size_t avail;
    uint64_t old, value;

    for (avail = 0; avail < sizeof(insn); avail++)
        if (copy_from_guest(&insn[avail], regs->rip + avail, 1))
            break;
    if (!decode_pt_store(insn, avail, &s) || copy_from_guest(&old, va, sizeof(old)))
        return false;
    value = s.immediate ? (uint64_t)(int64_t)s.imm : *cpu_regs_gpr(regs, s.reg);
    if (s.kind == STORE_CMPXCHG && old != regs->rax) {
        regs->rax = old;
        regs->rflags &= ~RFLAGS_ZF;
        regs->rip += s.len;
        return true;
    }
    if (pv_emulate_l1_write(v, va, value))
        return false;
    if (s.kind == STORE_XCHG)
        *cpu_regs_gpr(regs, s.reg) = old;
    if (s.kind == STORE_CMPXCHG)
        regs->rflags |= RFLAGS_ZF;
    regs->rip += s.len;
    return true;
}

bool pv_ro_page_fault(struct cpu_regs *regs, uint64_t error, uint64_t cr2)
{
    struct vcpu *v = current;

    /* A write to a present read-only page by the guest kernel may be a PTE update. */
    return (error & (PFEC_PRESENT | PFEC_WRITE | PFEC_FETCH)) == (PFEC_PRESENT | PFEC_WRITE) &&
           avcpu(v)->in_kernel &&
           (v->domain->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) &&
           emulate_pt_write(regs, cr2);
}
