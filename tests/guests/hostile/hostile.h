/*
 * What the hostile guest's files share: a window of virtual pages with an
 * L1 of our own, frames, and the tables we attack.
 */
#ifndef TESTS_GUESTS_HOSTILE_H
#define TESTS_GUESTS_HOSTILE_H

#include "common/string.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "guest/traps.h"
#include "guest/window.h"
#include "public/errno.h"
#include "public/memory.h"

/* Addresses that are never ours. */
#define HYPERVISOR_DIRECT_MAP 0xFFFF830000000000UL
#define NONCANONICAL          0x0000800000000000UL

/* Where our initial mapping ended at start of day (later cases unmap pages in it). */
extern uint64_t initial_end;

/* A spare page made read-only (to become a table); its MFN or 0. */
uint64_t read_only_spare(uint64_t **virt);
/* A RAM frame that is not ours, or 0 (the case has failed). */
uint64_t foreign_frame(void);

/* The bootstrap tables that map our image: level 1-4. */
uint64_t boot_table_mfn(int level);

/* Xen's max_page (one past the highest RAM frame). */
long max_ram_page(void);

/*
 * Loads sel into DS and back to null (tests/guests/hostile/probe.asm);
 * the selector read back.  trap_disarm() afterwards says if it faulted.
 */
uint64_t ds_load_probe(uint16_t sel);

/* One mmu_update with a foreigndom / one mmuext_op with one. */
long mmu_update_fd(uint64_t ptr, uint64_t val, unsigned foreigndom);
long mmuext_fd(unsigned cmd, uint64_t arg1, uint64_t arg2, unsigned foreigndom);

/* The value of the entry at a machine address in a table of ours. */
static inline uint64_t pt_entry_at(uint64_t maddr)
{
    return *(const volatile uint64_t *)((uint64_t)mfn_to_virt(maddr >> 12) + (maddr & 0xff8));
}

extern const struct test_case table_cases[];
extern const unsigned table_count;
extern const struct test_case frame_cases[];
extern const unsigned frame_count;
extern const struct test_case pointer_cases[];
extern const unsigned pointer_count;
extern const struct test_case descriptor_cases[];
extern const unsigned descriptor_count;
extern const struct test_case address_space_cases[];
extern const unsigned address_space_count;
extern const struct test_case grant_cases[];
extern const unsigned grant_count;

#endif /* TESTS_GUESTS_HOSTILE_H */
