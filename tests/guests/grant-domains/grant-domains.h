/*
 * What the grant-domains guest's roles share: the refs the domUs grant
 * (fixed, so dom0 knows them without being told), the pages' contents,
 * the event ports, and small grant helpers.
 *
 * dom0 (dom0.c) binds VIRQ_DOM_EXC (port 1), then allocates d1's report
 * port (2, guest/report.h), d1's step port (3) and d2's (4); ports go
 * lowest first, so the domUs get their numbers on their command lines.
 * A step is one event each way: the side that acted sends, the other
 * waits until its count of events on the port reaches the step's number,
 * so no two events are ever in flight together.
 */
#ifndef TESTS_GUESTS_GRANT_DOMAINS_H
#define TESTS_GUESTS_GRANT_DOMAINS_H

#include "common/string.h"
#include "guest/events.h"
#include "guest/hypercall.h"
#include "guest/pt.h"
#include "guest/test.h"
#include "guest/time.h"
#include "guest/traps.h"
#include "guest/window.h"
#include "public/errno.h"
#include "public/grant_table.h"

#define GRANTER_ID 1 /* d1: grants to dom0, then dies with one page mapped */
#define HOLDER_ID  2 /* d2: still alive, its page mapped, when dom0 powers off */
#define OTHER_ID   7 /* a domain the granter names that is not dom0 */

#define PORT_DOM_EXC   1
#define PORT_D1_REPORT 2
#define PORT_D1_STEP   3
#define PORT_D2_STEP   4
#define FIRST_STEP_NS  (60 * NS_PER_S) /* the other side has to boot first */
#define STEP_NS        (10 * NS_PER_S)

/* d1's grants (refs past the reserved ones), all to dom0 unless said. */
#define REF_SHARED   8  /* writable: dom0 maps, reads, answers */
#define REF_READONLY 9  /* GTF_readonly */
#define REF_OTHER    10 /* to OTHER_ID, not to dom0 */
#define REF_COPY     11 /* writable: dom0 copies into it */
#define REF_TEARDOWN 12 /* writable: still mapped by dom0 when d1 dies */
/* d2's grant. */
#define REF_HOLD 8

/* Page contents: tag_word(tag, i) in word i. */
#define TAG_SHARED   0x51
#define TAG_READONLY 0x52
#define TAG_OTHER    0x53
#define TAG_COPY     0x54 /* what dom0 copies into REF_COPY's page */
#define TAG_TEARDOWN 0x55
#define TAG_HOLD     0x56

/* dom0's answers, written through its mappings into word ANSWER_WORD. */
#define ANSWER_WORD     7
#define ANSWER_SHARED   0xA115AEEDUL
#define ANSWER_TEARDOWN 0xDEADBEEFUL
#define ANSWER_HOLD     0x401D0401UL

static inline uint64_t tag_word(uint64_t tag, unsigned i)
{
    return tag * 0x9E3779B97F4A7C15UL + i;
}

void fill_page(volatile uint64_t *page, uint64_t tag);
/* True if every word but `skip` (PAGE_SIZE / 8 for none) holds its tag_word. */
bool page_has(const volatile uint64_t *page, uint64_t tag, unsigned skip);

/*
 * One map_grant_ref / unmap_grant_ref: the element's status (the case
 * fails and GNT_CALL_FAILED comes back if the call itself does).
 */
#define GNT_CALL_FAILED INT16_MIN
int16_t gnt_map(uint64_t va, uint32_t flags, grant_ref_t ref, domid_t dom, grant_handle_t *handle);
int16_t gnt_unmap(uint64_t va, grant_handle_t handle);

/* Steps: send one event (events_wait_count waits for them). */
long step_send(evtchn_port_t port);

void dom0_main(void) __attribute__((noreturn));
void granter_main(void) __attribute__((noreturn));
void holder_main(void) __attribute__((noreturn));

#endif /* TESTS_GUESTS_GRANT_DOMAINS_H */
