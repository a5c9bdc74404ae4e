/*
 * The writable page-table assist (VMASST_TYPE_writable_pagetables): a
 * guest kernel writes straight into one of its own L1 tables, which are
 * mapped read-only, and takes a #PF.  We decode the instruction, compute
 * the whole 8-byte entry it would leave behind, and the PV MMU
 * (pv_emulate_l1_write in xen/mmu.c) checks and applies it as an
 * mmu_update would; the guest continues after the instruction.
 *
 * Forms, at any operand size, the access lying within one entry: MOV
 * (88/89, C6/C7), XCHG (87), CMPXCHG (0F B1), the logic and add/sub
 * operations with an immediate or a register (80/81/83, 01/09/21/29/31
 * and their byte forms), and BTS/BTR/BTC (0F BA, 0F AB/B3/BB): what
 * Linux's set_pte, ptep_get_and_clear, ptep_set_wrprotect and the
 * test-and-clear helpers compile to, with LOCK (or the DS prefix that
 * replaces it on one CPU).  Flags are set as the instruction sets them
 * where guests read them (ZF for CMPXCHG, CF for the bit operations, ZF
 * and SF for the rest).
 */
#include "arch/x86/include/processor.h"
#include "arch/x86/pv/domain.h"
#include "arch/x86/pv/emulate.h"
#include "public/xen.h"
#include "xen/arch/cpu.h"
#include "xen/guest_access.h"
#include "xen/mmu.h"

enum pt_op {
    OP_MOV,
    OP_XCHG,
    OP_CMPXCHG,
    OP_ADD,
    OP_OR,
    OP_AND,
    OP_SUB,
    OP_XOR,
    OP_BTS,
    OP_BTR,
    OP_BTC
};

struct pt_insn {
    unsigned len;  /* instruction bytes */
    unsigned size; /* operand bytes: 1, 2, 4 or 8 */
    enum pt_op op;
    bool has_imm;
    int64_t imm;  /* sign-extended immediate */
    unsigned reg; /* the ModRM reg operand (a register number) */
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

/* The operation of opcode op (after 0F when two_byte), with ModRM reg field sub. */
static bool classify(uint8_t op, bool two_byte, unsigned sub, struct pt_insn *d, unsigned *imm_len)
{
    static const enum pt_op alu[8] = {
        OP_ADD, OP_OR, OP_MOV, OP_MOV, OP_AND, OP_SUB, OP_XOR, OP_MOV
    };
    static const enum pt_op bits[8] = { OP_MOV, OP_MOV, OP_MOV, OP_MOV,
                                        OP_MOV, OP_BTS, OP_BTR, OP_BTC };

    *imm_len = 0;
    if (two_byte) {
        switch (op) {
        case 0xB1:
            d->op = OP_CMPXCHG;
            return true;
        case 0xAB:
            d->op = OP_BTS;
            return true;
        case 0xB3:
            d->op = OP_BTR;
            return true;
        case 0xBB:
            d->op = OP_BTC;
            return true;
        case 0xBA:
            d->op = bits[sub];
            *imm_len = 1;
            return sub >= 5;
        }
        return false;
    }
    switch (op) {
    case 0x88:
    case 0x89:
        d->op = OP_MOV;
        return true;
    case 0x86:
    case 0x87:
        d->op = OP_XCHG;
        return true;
    case 0xC6:
    case 0xC7:
        d->op = OP_MOV;
        *imm_len = op == 0xC6 ? 1 : 4;
        return sub == 0;
    case 0x80:
    case 0x81:
    case 0x83:
        d->op = alu[sub];
        *imm_len = op == 0x81 ? 4 : 1;
        return d->op != OP_MOV;
    case 0x00:
    case 0x01:
        d->op = OP_ADD;
        return true;
    case 0x08:
    case 0x09:
        d->op = OP_OR;
        return true;
    case 0x20:
    case 0x21:
        d->op = OP_AND;
        return true;
    case 0x28:
    case 0x29:
        d->op = OP_SUB;
        return true;
    case 0x30:
    case 0x31:
        d->op = OP_XOR;
        return true;
    }
    return false;
}

static bool decode(const uint8_t *insn, size_t avail, struct pt_insn *d)
{
    unsigned at = 0, rex = 0, imm_len;
    bool opsize16 = false, two_byte = false, byte_op;
    int mem;
    uint8_t op;

    for (; at < avail; at++) {
        if (insn[at] == 0x66)
            opsize16 = true;
        else if (insn[at] != 0xF0 && insn[at] != 0x2E && insn[at] != 0x3E && insn[at] != 0x26 &&
                 insn[at] != 0x36)
            break;
    }
    if (at < avail && (insn[at] & 0xF0) == 0x40)
        rex = insn[at++];
    if (at < avail && insn[at] == 0x0F) {
        two_byte = true;
        at++;
    }
    if (at + 2 > avail)
        return false;
    op = insn[at++];
    if (!classify(op, two_byte, (insn[at] >> 3) & 7, d, &imm_len))
        return false;
    byte_op = !two_byte && (op == 0x88 || op == 0x86 || op == 0xC6 || op == 0x80 || !(op & 1));
    d->size = byte_op ? 1 : (rex & 8) ? 8 : opsize16 ? 2 : 4;
    if (opsize16 && imm_len == 4)
        imm_len = 2;
    d->reg = ((insn[at] >> 3) & 7) | ((rex & 4) << 1);
    mem = modrm_memory_len(&insn[at], avail - at);
    if (mem < 0 || at + mem + imm_len > avail)
        return false;
    at += mem;
    d->has_imm = imm_len != 0;
    d->imm = imm_len == 1   ? (int8_t)insn[at]
             : imm_len == 2 ? (int16_t)(insn[at] | insn[at + 1] << 8)
                            : 0;
    if (imm_len == 4) {
        int32_t v;

        memcpy(&v, &insn[at], 4);
        d->imm = v;
    }
    d->len = at + imm_len;
    return true;
}

static uint64_t size_mask(unsigned size)
{
    return size == 8 ? ~0UL : (1UL << (8 * size)) - 1;
}

/* The operand after the operation, flags in *rflags; false if CMPXCHG found a different value. */
static bool apply(const struct pt_insn *d, struct cpu_regs *regs, uint64_t old, uint64_t *result)
{
    uint64_t mask = size_mask(d->size),
             src = d->has_imm ? (uint64_t)d->imm : *cpu_regs_gpr(regs, d->reg);
    unsigned bit = (unsigned)src & (8 * d->size - 1);
    uint64_t r;

    src &= mask;
    switch (d->op) {
    case OP_MOV:
    case OP_XCHG:
        r = src;
        break;
    case OP_CMPXCHG:
        if (old != (regs->rax & mask))
            return false;
        r = src;
        break;
    case OP_ADD:
        r = old + src;
        break;
    case OP_SUB:
        r = old - src;
        break;
    case OP_OR:
        r = old | src;
        break;
    case OP_AND:
        r = old & src;
        break;
    case OP_XOR:
        r = old ^ src;
        break;
    default: /* BTS, BTR, BTC */
        regs->rflags = (regs->rflags & ~RFLAGS_CF) | ((old >> bit) & 1 ? RFLAGS_CF : 0);
        r = d->op == OP_BTS   ? old | (1UL << bit)
            : d->op == OP_BTR ? old & ~(1UL << bit)
                              : old ^ (1UL << bit);
        *result = r & mask;
        return true;
    }
    r &= mask;
    if (d->op >= OP_ADD) {
        regs->rflags &= ~(RFLAGS_ZF | RFLAGS_SF | RFLAGS_CF | RFLAGS_OF);
        regs->rflags |= (r == 0 ? RFLAGS_ZF : 0) | ((r >> (8 * d->size - 1)) & 1 ? RFLAGS_SF : 0);
    }
    *result = r;
    return true;
}

static bool emulate_pt_write(struct cpu_regs *regs, uint64_t va)
{
    struct vcpu *v = current;
    struct pt_insn d = { 0 };
    uint8_t insn[16];
    size_t avail;
    uint64_t entry_va = va & ~7UL, entry, old, result;
    unsigned shift = 8 * (va & 7);

    for (avail = 0; avail < sizeof(insn); avail++)
        if (copy_from_guest(&insn[avail], regs->rip + avail, 1))
            break;
    if (!decode(insn, avail, &d) || (va & 7) + d.size > 8 ||
        copy_from_guest(&entry, entry_va, sizeof(entry)))
        return false;
    old = (entry >> shift) & size_mask(d.size);
    if (!apply(&d, regs, old, &result)) {
        regs->rax = (regs->rax & ~size_mask(d.size)) | old; /* CMPXCHG failed */
        regs->rflags &= ~RFLAGS_ZF;
        regs->rip += d.len;
        return true;
    }
    entry = (entry & ~(size_mask(d.size) << shift)) | (result << shift);
    if (pv_emulate_l1_write(v, entry_va, entry))
        return false;
    if (d.op == OP_XCHG)
        *cpu_regs_gpr(regs, d.reg) = (*cpu_regs_gpr(regs, d.reg) & ~size_mask(d.size)) | old;
    if (d.op == OP_CMPXCHG)
        regs->rflags |= RFLAGS_ZF;
    regs->rip += d.len;
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
