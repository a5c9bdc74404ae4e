/* The page window (guest/window.h). */
#include "guest/console.h"
#include "guest/pt.h"
#include "guest/runtime.h"
#include "guest/test.h"
#include "guest/window.h"

static bool window_ready;
static uint64_t window_next = WINDOW_BASE;

uint64_t window_page(void)
{
    long rc;

    if (!window_ready) {
        rc = pt_new_l1(WINDOW_BASE);
        if (rc) {
            test_fail("installing the window's L1 returned %ld (%s)", rc, errno_name(rc));
            return 0;
        }
        window_ready = true;
    }
    if (window_next >= WINDOW_BASE + 512 * PAGE_SIZE) {
        test_fail("the window is full");
        return 0;
    }
    window_next += PAGE_SIZE;
    return window_next - PAGE_SIZE;
}

uint64_t window_slot(uint64_t va)
{
    return pt_entry_maddr(va, 1);
}

uint64_t new_frame(void)
{
    uint64_t pfn = pt_free_pfn();

    if (!pfn) {
        test_fail("no free frame left");
        return 0;
    }
    return pt_pfn_to_mfn(pfn);
}

volatile uint64_t *new_mapped_frame(uint64_t *mfn)
{
    uint64_t va = window_page(), frame = new_frame();
    long rc;

    if (!va || !frame)
        return NULL;
    rc = pt_map(va, frame, PTE_DATA_RW);
    if (rc) {
        test_fail("mapping a free frame returned %ld (%s)", rc, errno_name(rc));
        return NULL;
    }
    if (mfn)
        *mfn = frame;
    return (volatile uint64_t *)va;
}
