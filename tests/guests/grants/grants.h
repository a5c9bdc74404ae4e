/*
 * What the grants guest's files share: the grant_table_op wrapper, our
 * own grant table (grown by setup_table and mapped read-write at
 * gnt_table), helpers that fill entries and map or unmap one grant.
 *
 * Every grant here is a self-grant: dom0 grants its own frames to itself
 * (domid 0), which Xen allows.  Each case takes fresh refs (from 8 up,
 * past the reserved ones), fresh window pages and fresh frames, and
 * leaves nothing mapped behind it.
 */
#ifndef TESTS_GUESTS_GRANTS_H
#define TESTS_GUESTS_GRANTS_H

#include "common/string.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "guest/traps.h"
#include "guest/window.h"
#include "public/errno.h"
#include "public/grant_table.h"
#include "public/memory.h"

/* dom0's own numeric id. */
#define SELF_ID 0

/* Addresses that are never ours. */
#define HYPERVISOR_DIRECT_MAP 0xFFFF830000000000UL
#define NONCANONICAL          0x0000800000000000UL
#define UNMAPPED              0x1000UL /* nothing is mapped below VIRT_BASE */

/* How far the first case grows our table; entries in it. */
#define GNT_FRAMES  4
#define GNT_ENTRIES (GNT_FRAMES * PAGE_SIZE / sizeof(struct grant_entry_v1))

/* Our grant table, mapped read-write (NULL until setup_table worked). */
extern volatile struct grant_entry_v1 *gnt_table;
extern uint64_t gnt_frames[GNT_FRAMES];

/* Grows the table to GNT_FRAMES frames and maps them; 0 or a failure. */
long gnt_table_map(void);
/* Unmaps the table frames again (teardown). */
long gnt_table_unmap(void);

/* A fresh entry, not yet used by any case (0 and test_fail without a table). */
grant_ref_t gnt_new_ref(void);

/* Fills an entry the way a granter does: frame and domid, then flags. */
void gnt_grant(grant_ref_t ref, uint64_t frame, domid_t domid, uint16_t flags);

/* A fresh ref granting mfn to ourselves with flags (GTF_permit_access | ...). */
grant_ref_t gnt_grant_new(uint64_t mfn, uint16_t flags);

/* The entry's flags as Xen left them. */
static inline uint16_t gnt_flags(grant_ref_t ref)
{
    return gnt_table[ref].flags;
}

/*
 * One map_grant_ref; the call must return 0 (else the case fails and the
 * result is INT16_MIN).  Element status returned, handle and bus address
 * stored when the pointers are not NULL.
 */
#define GNT_CALL_FAILED INT16_MIN
int16_t gnt_map(uint64_t host_addr, uint32_t flags, grant_ref_t ref, domid_t dom,
                grant_handle_t *handle, uint64_t *dev_bus_addr);
/* One unmap_grant_ref, the same way. */
int16_t gnt_unmap(uint64_t host_addr, uint64_t dev_bus_addr, grant_handle_t handle);

/* A free frame (its MFN), mapped read-write at a window page, filled with tag. */
volatile uint64_t *tagged_frame(uint64_t *mfn, uint64_t tag);
/* Fills a page with a pattern of tag / checks it. */
void fill_page(volatile uint64_t *page, uint64_t tag);
bool page_has(const volatile uint64_t *page, uint64_t tag);

/* The L1 entry that maps va (its L1 must be one of ours). */
static inline uint64_t l1_entry_of(uint64_t va)
{
    return pt_entry(va, 1);
}

/* The L1 table that maps our image (a page table in use). */
uint64_t image_l1_mfn(void);
/* A RAM frame that is not ours, or 0 (the case has failed). */
uint64_t foreign_frame(void);

extern const struct test_case table_cases[];
extern const unsigned table_count;
extern const struct test_case map_cases[];
extern const unsigned map_count;
extern const struct test_case unmap_cases[];
extern const unsigned unmap_count;
extern const struct test_case hostile_cases[];
extern const unsigned hostile_count;
extern const struct test_case copy_cases[];
extern const unsigned copy_count;
extern const struct test_case transfer_cases[];
extern const unsigned transfer_count;
extern const struct test_case batch_cases[];
extern const unsigned batch_count;
extern const struct test_case resource_cases[];
extern const unsigned resource_count;

#endif /* TESTS_GUESTS_GRANTS_H */
